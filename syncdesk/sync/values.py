"""Canonical values: one comparable, JSON-safe form for what either app holds.

A value that went left → right → left must compare equal to itself, whatever the
two databases made of it on the way. So before comparing or storing a base we
fold: NULL and empty text, trailing spaces, ints and integral floats, Decimal and
float (rounded to 9 places), dates and datetimes (naive UTC, ISO 8601), booleans
and 0/1 in a boolean column. Bytes are ``\\x`` and their hex digits (PostgreSQL's own
way of writing bytea), so that they never compare equal to text.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Column
from sqlalchemy import types as sqltypes

Canonical = str | int | float | bool | None

_FLOAT_PLACES = 9
#: how bytes (BLOB, bytea) are held as a canonical value: the prefix, then hex digits
BYTES_PREFIX = "\\x"


def _number(value: float | Decimal | int) -> int | float | str:
    if isinstance(value, int):
        return value
    f = float(value)
    if f != f or f in (float("inf"), float("-inf")):
        # as text, so that NaN equals NaN (a float NaN never does) and JSON keeps it
        return str(Decimal(str(f)))
    r = round(f, _FLOAT_PLACES)
    if r.is_integer() and abs(r) < 2**53:
        return int(r)
    return r


def _iso_datetime(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    if value.microsecond:
        return value.isoformat(timespec="microseconds").rstrip("0")
    return value.isoformat(timespec="seconds")


def canonical(value: Any, kind: str = "text") -> Canonical:
    """Fold a raw value read from an app into its canonical form.

    ``kind`` is the column's kind (see :func:`column_kind`); it lets text read
    from a SQLite DATETIME column compare with a datetime read from PostgreSQL.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if kind == "bytes":
        if isinstance(value, str):  # a BLOB column that holds text (SQLite's own typing)
            return BYTES_PREFIX + value.encode("utf-8").hex()
        if isinstance(value, bytes | bytearray | memoryview):
            return BYTES_PREFIX + bytes(value).hex()
    if isinstance(value, str):
        value = value.rstrip()
        if value == "":
            return None
        if kind == "datetime":
            try:
                return _iso_datetime(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        if kind == "date":
            try:
                return dt.date.fromisoformat(value[:10]).isoformat()
            except ValueError:
                return value
        if kind == "number":
            try:
                return _number(Decimal(value))
            except InvalidOperation:
                return value
        if kind == "bool" and value in ("0", "1"):
            return value == "1"
        return value
    if isinstance(value, int):
        return bool(value) if kind == "bool" else value
    if isinstance(value, float | Decimal):
        return _number(value)
    if isinstance(value, dt.datetime):
        if kind == "date":
            return value.date().isoformat()
        return _iso_datetime(value)
    if isinstance(value, dt.date):
        if kind == "datetime":
            return _iso_datetime(dt.datetime(value.year, value.month, value.day))
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return BYTES_PREFIX + bytes(value).hex()
    return str(value)


def column_kind(column: Column[Any]) -> str:
    """The kind of a reflected column, for :func:`canonical` and :func:`to_db`."""
    t = column.type
    if isinstance(t, sqltypes.Boolean):
        return "bool"
    if isinstance(t, sqltypes.DateTime):
        return "datetime"
    if isinstance(t, sqltypes.Date):
        return "date"
    if isinstance(t, sqltypes.Integer):
        return "int"
    if isinstance(t, sqltypes.Numeric):
        return "number"
    if isinstance(t, sqltypes.String | sqltypes.Text):
        return "text"
    if isinstance(t, sqltypes._Binary):
        return "bytes"
    return "other"


def to_db(value: Canonical, kind: str, column: Column[Any]) -> Any:
    """Turn a canonical value into what a column of ``kind`` takes as a bound parameter.

    Raises ``ValueError`` with a readable message when the value cannot fit.
    """
    if value is None:
        if kind == "text" and not column.nullable:
            return ""
        return None
    if kind == "bytes":
        if isinstance(value, str) and value.startswith(BYTES_PREFIX):
            try:
                return bytes.fromhex(value[len(BYTES_PREFIX) :])
            except ValueError:
                pass
        raise ValueError(f"{show(value)} is not a byte string")
    if kind == "text":
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)
    if kind == "bool":
        if isinstance(value, str):
            if value.casefold() in ("1", "true", "yes", "y"):
                return True
            if value.casefold() in ("0", "false", "no", "n"):
                return False
            raise ValueError(f"{value!r} is not true or false")
        return bool(value)
    if isinstance(value, bool) and kind in ("int", "number"):
        return int(value)  # a yes/no kept as 1 or 0 (SQLite has no boolean)
    if kind == "int":
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a whole number") from None
        if d != d.to_integral_value():
            raise ValueError(f"{value!r} is not a whole number")
        return int(d)
    if kind == "number":
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        return float(d) if isinstance(column.type, sqltypes.Float) else d
    if kind == "datetime":
        try:
            parsed = dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time") from None
        if getattr(column.type, "timezone", False):
            return parsed.replace(tzinfo=dt.UTC)
        return parsed
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            raise ValueError(f"{value!r} is not a date") from None
    return value


def show(value: Canonical) -> str:
    """A value as a person reads it in a log line."""
    if value is None:
        return "(empty)"
    if isinstance(value, str) and value.startswith(BYTES_PREFIX):
        size = (len(value) - len(BYTES_PREFIX)) // 2
        return f"({size} bytes)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_TEXT_STAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:(?P<sep>[ T])\d{2}:\d{2}(?::\d{2}(?P<frac>\.\d+)?)?)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class TextDateFormat:
    """How a column writes dates or datetimes as text: ``2024-03-01 04:30:00``, ``…T…Z``."""

    sep: str = " "  # between date and time; "" for a date alone
    digits: int = 0  # digits of the fraction of a second
    zone: str = ""  # "", "Z" or "+00:00"

    @classmethod
    def of(cls, sample: str) -> TextDateFormat | None:
        """The format of one stored value, or None when it is not an ISO 8601 date."""
        m = _TEXT_STAMP.match(sample.strip())
        if m is None:
            return None
        frac = m.group("frac")
        zone = m.group("zone") or ""
        # milli- or microseconds written out in full are the column's width; any other
        # fraction was written only as long as its value needed
        digits = len(frac) - 1 if frac else 0
        return cls(
            sep=m.group("sep") or "",
            digits=digits if digits in (3, 6) else 0,
            zone="Z" if zone == "Z" else ("+00:00" if zone else ""),
        )

    def write(self, value: dt.datetime | dt.date) -> str:
        """``value`` (naive UTC for a datetime) in this format; a fraction only as needed."""
        if not isinstance(value, dt.datetime) or not self.sep:
            return value.isoformat()[:10] if self.sep == "" else value.isoformat()
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        text = value.strftime(f"%Y-%m-%d{self.sep}%H:%M:%S")
        digits = self.digits
        if value.microsecond:
            needed = len(f"{value.microsecond:06d}".rstrip("0"))
            digits = max(digits, needed)
        if digits:
            text += "." + f"{value.microsecond:06d}"[:digits].ljust(digits, "0")
        return text + self.zone
