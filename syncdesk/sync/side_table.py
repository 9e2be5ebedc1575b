"""Writing one mapping's table in one app: values as the columns take them, compare-and-set
updates and deletes in one statement per batch, inserts (with keys SyncDesk chooses where
the database makes none), and what a column's schema refuses before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from syncdesk.models.driver import driver_many
from syncdesk.sync.endpoint import IN_CHUNK, Row, TableReader
from syncdesk.sync.schema import check_length, column_checks
from syncdesk.sync.values import Canonical, TextDateFormat, to_db

#: the type a value already in the column's own text form is bound as: plain text, no
#: processing (a NullType bind would take on the column's type, and its formatting)
_AS_WRITTEN = sqltypes.String()


def _moment(value: Canonical) -> dt.datetime | dt.date | None:
    """A canonical date or datetime (ISO 8601 text) as a date or datetime."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


class RawText:
    """A value already written as the column holds it: bound without type processing."""

    __slots__ = ("text",)

    def __init__(self, text_: str) -> None:
        self.text = text_

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawText) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return repr(self.text)


_RANDOM: list[bytes] = []
#: the last time-ordered key handed out, as milliseconds << 12 | a counter within the ms
_LAST_ORDERED = [0]
# a forked process must never hand out the keys its parent will (its time-ordered keys go
# on after the parent's last: the random bits keep them apart)
os.register_at_fork(after_in_child=_RANDOM.clear)


def _random_bytes() -> bytes:
    """16 random bytes: from ``os.urandom`` 4,096 keys at a time (a new key per inserted
    record), not one system call per key."""
    if not _RANDOM:
        pool = os.urandom(16 * 4096)
        _RANDOM.extend(pool[i : i + 16] for i in range(0, len(pool), 16))
    return _RANDOM.pop()


def _random_uuid_hex() -> str:
    """The 32 hex digits of a random (version 4) UUID, as ``uuid.uuid4().hex`` gives them."""
    raw = bytearray(_random_bytes())
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


def _ordered_uuid_hex() -> str:
    """The 32 hex digits of a time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix
    milliseconds, a 12-bit counter within the millisecond, 62 random bits.

    Each key sorts after the one before it, as the sequential GUIDs of Dataverse and SQL
    Server do: the app's key index, and the key indexes of the couplings and the record
    log, take a batch of new records at their end instead of at random pages all over.
    """
    stamp = max(time.time_ns() // 1_000_000 << 12, _LAST_ORDERED[0] + 1)
    _LAST_ORDERED[0] = stamp
    rand = int.from_bytes(_random_bytes()[:8]) & ((1 << 62) - 1)
    value = (stamp >> 12) << 80 | 0x7 << 76 | (stamp & 0xFFF) << 64 | 0b10 << 62 | rand
    return f"{value:032x}"


@dataclass(frozen=True)
class ReRead:
    """A record read again before a write: its mapped fields as stored, and how many rows
    hold its key (more than one: the key cannot name one record)."""

    raw: dict[str, Any]
    count: int


class DuplicateKey(Exception):
    """A compare-and-set write matched more than one row: the key is not unique."""


class SideTable(TableReader):
    """One mapping's table on one side: read (:class:`TableReader`) and written."""

    def _text_date_format(self, conn: Connection | None, name: str) -> TextDateFormat | None:
        if name not in self._text_dates and conn is not None:
            col = self.table.c[name]
            query = select(type_coerce(col, sqltypes.NullType())).where(col.is_not(None))
            if self.dialect == "sqlite":
                query = query.where(func.typeof(col) == "text")
            sample = conn.execute(query.limit(1)).scalar()
            self._text_dates[name] = (
                TextDateFormat.of(sample) if isinstance(sample, str) and sample.strip() else None
            )
        return self._text_dates.get(name)

    def db_values(
        self,
        values: dict[str, Canonical],
        conn: Connection | None = None,
        exact: dict[str, Any] | None = None,
        formats: dict[str, TextDateFormat] | None = None,
    ) -> dict[str, Any]:
        """Canonical values keyed by this side's column names, converted for binding.

        A date kept as text (SQLite) comes back as :class:`RawText`, already in the form
        the column holds, and is bound without SQLAlchemy's own formatting; a column that
        holds no date yet takes the source's form (``formats``, by column), so that a copy
        into an empty table reads as the original, and ISO 8601 where the source keeps no
        text (a PostgreSQL timestamp). ``exact``: the source's own numbers for
        some columns, written as they are (into a number column).
        """
        out: dict[str, Any] = {}
        for c in self.fields:
            if c.name not in values:
                continue
            value = values[c.name]
            if exact and c.name in exact and self.kinds[c.name] == "number":
                raw = exact[c.name]
                if isinstance(c.type, sqltypes.Float):
                    out[c.name] = float(raw)
                else:
                    out[c.name] = raw if isinstance(raw, Decimal) else Decimal(repr(raw))
                continue
            if c.name in self.text_dated and value is not None:
                moment = _moment(value)
                fmt = self._text_date_format(conn, c.name) if moment is not None else None
                if fmt is None and formats:
                    fmt = formats.get(c.name)
                if fmt is None and isinstance(moment, dt.datetime):
                    # nothing to follow: ISO 8601, a fraction only where there is one
                    # (SQLAlchemy's own form writes 1962-02-18 00:00:00.000000)
                    fmt = TextDateFormat()
                if moment is not None and fmt is not None:
                    out[c.name] = RawText(fmt.write(moment))
                    continue
            try:
                out[c.name] = to_db(value, self.kinds[c.name], c)
            except ValueError as exc:
                raise ValueError(f"{self.title} field {c.name}: {exc}") from None
        return out

    def _bind(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            k: type_coerce(v.text, _AS_WRITTEN) if isinstance(v, RawText) else v
            for k, v in values.items()
        }

    def reread(
        self, conn: Connection, keys: Sequence[str], lock: bool = False
    ) -> dict[str, ReRead]:
        """The mapped fields of these records as stored now, and how many rows hold each key.

        ``lock``: in a writing transaction, so nothing changes them until it ends (SQLite's
        ``BEGIN IMMEDIATE`` holds the database; PostgreSQL takes the rows ``FOR UPDATE``).
        """
        out: dict[str, ReRead] = {}
        cols: list[Any] = [self._raw_key, *self._raw_fields]
        for start in range(0, len(keys), IN_CHUNK):
            chunk = []
            for k in keys[start : start + IN_CHUNK]:
                try:
                    chunk.append(self.key_value(k))
                except ValueError:
                    continue
            if not chunk:
                continue
            query = select(*cols).where(self.key.in_(chunk))
            if lock and self.dialect == "postgresql":
                query = query.with_for_update()
            names = [c.name for c in self.fields]
            for r in conn.execute(query):  # by position: a column may be named "k"
                key = self.key_text(r[0])
                if key is None:
                    continue
                raw = dict(zip(names, r[1:], strict=True))
                seen = out.get(key)
                out[key] = ReRead(raw, 1) if seen is None else ReRead(seen.raw, seen.count + 1)
        return out

    def write_many(
        self,
        conn: Connection,
        kind: str,
        names: Sequence[str],
        rows: Sequence[tuple[Row, dict[str, Any]]],
    ) -> None:
        """Updates (or deletes) by key, one statement for all ``rows``; checked by the caller.

        Raises :class:`DuplicateKey` when the database reports another number of rows
        written than asked (the caller then writes them one at a time).
        """
        k = bindparam("_k", type_=sqltypes.NullType())
        raw_key = type_coerce(self.key, sqltypes.NullType())
        if kind == "delete":
            stmt: Any = delete(self.table).where(raw_key == k)
            params = [{"_k": self.key_value(row.key)} for row, _v in rows]
        else:
            stmt = (
                update(self.table)
                .where(raw_key == k)
                .values(
                    {
                        self.table.c[n]: bindparam(f"_v_{n}", type_=self._write_type(n, rows))
                        for n in names
                    }
                )
            )
            params = [
                {
                    "_k": self.key_value(row.key),
                    **{
                        f"_v_{n}": (v[n].text if isinstance(v[n], RawText) else v[n]) for n in names
                    },
                }
                for row, v in rows
            ]
        count = driver_many(conn, stmt, params)
        if count is not None and count >= 0 and count != len(rows):
            raise DuplicateKey(f"{self.title}: {count} rows written for {len(rows)} records")

    def _write_type(self, name: str, rows: Sequence[tuple[Row, dict[str, Any]]]) -> Any:
        if any(isinstance(v.get(name), RawText) for _r, v in rows):
            return _AS_WRITTEN
        return self.table.c[name].type

    def update_if_unchanged(self, conn: Connection, row: Row, values: dict[str, Any]) -> bool:
        """Write ``values`` (from :meth:`db_values`) if the record still holds what was read.

        More than one row under the key (a table without a unique key) is refused: the
        caller's savepoint rolls the write back.
        """
        result = conn.execute(
            update(self.table).where(self._matches(row)).values(**self._bind(values))
        )
        if result.rowcount > 1:
            raise DuplicateKey(f"{self.title} has {result.rowcount} records with key {row.key}")
        return bool(result.rowcount == 1)

    def delete_if_unchanged(self, conn: Connection, row: Row) -> bool:
        result = conn.execute(delete(self.table).where(self._matches(row)))
        if result.rowcount > 1:
            raise DuplicateKey(f"{self.title} has {result.rowcount} records with key {row.key}")
        return bool(result.rowcount == 1)

    @property
    def chooses_keys(self) -> bool:
        """SyncDesk picks the key of a new record here (else the database does)."""
        return not self.database_keys or self.key_reused

    def new_key(self) -> str | None:
        """A key for a new record when SyncDesk picks it (the database makes none, or the
        key is a UUID column it would fill): a UUID string.

        A key column too short for one (an ERP's ``Code[20]``) gets the UUID's hex
        digits, as many as fit (at least 12, 48 random bits). Integer keys: None, and
        :meth:`insert` numbers them after every key in use (``floor``).
        """
        if not self.chooses_keys:
            return None
        if self.key_kind == "int":
            return None
        length = getattr(self.key.type, "length", None)
        if length is None or length >= 36:
            digits = _ordered_uuid_hex()
            return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
        # cut short, a time-ordered key would keep little but its clock: random digits
        return _random_uuid_hex()[: max(12, length)].upper()

    def insert(
        self,
        conn: Connection,
        rows: list[tuple[str | None, dict[str, Any]]],
        floor: int | None = None,
    ) -> list[str]:
        """Insert records (key or None, values from :meth:`db_values`); returns their keys.

        Integer keys that SyncDesk picks come after the table's highest key and after
        ``floor`` (the highest key a coupling or an exclusion still holds), so a new record
        never takes the key of a deleted one.
        """
        if not rows:
            return []
        next_int: int | None = None
        if self.key_kind == "int" and self.chooses_keys:
            next_int = max(self.max_key(conn) or 0, floor or 0) + 1
        keys: list[str | None] = []
        params = []
        raw_names = {n for _key, v in rows for n, x in v.items() if isinstance(x, RawText)}
        for key, values in rows:
            p = {f"_v_{n}": (x.text if isinstance(x, RawText) else x) for n, x in values.items()}
            if key is None and next_int is not None:
                key = str(next_int)
                next_int += 1
            if key is not None:
                p[f"_v_{self.key.name}"] = self.key_value(key)
            keys.append(key)
            params.append(p)
        names = sorted({n[3:] for p in params for n in p})
        for p in params:
            for n in names:
                p.setdefault(f"_v_{n}", None)
        stmt = insert(self.table).values(
            {
                self.table.c[n]: bindparam(
                    f"_v_{n}",
                    type_=_AS_WRITTEN if n in raw_names else self.table.c[n].type,
                )
                for n in names
            }
        )
        if all(k is not None for k in keys):
            driver_many(conn, stmt, params)
            return [str(k) for k in keys]
        returning = stmt.returning(self.key, sort_by_parameter_order=True)
        if len(params) == 1:
            return [str(conn.execute(stmt.returning(self.key), params[0]).scalar_one())]
        return [str(k) for k in conn.execute(returning, params).scalars()]

    def max_length(self, name: str) -> int | None:
        """The most characters column ``name`` takes, where the database holds text to it:
        its type's length (not on SQLite) or a check constraint on it."""
        if self._lengths is None:
            checks = column_checks(self.table)
            self._lengths = {}
            for c in self.fields:
                if self.kinds[c.name] != "text":
                    continue
                declared = getattr(c.type, "length", None) if self.dialect != "sqlite" else None
                from_check = check_length(c.name, checks.get(c.name, ()))
                found = [n for n in (declared, from_check) if n is not None]
                self._lengths[c.name] = min(found) if found else None
        return self._lengths.get(name)

    def refusal(self, values: dict[str, Any]) -> str | None:
        """Why this app will refuse ``values`` (from :meth:`db_values`), as far as its schema
        says: a text longer than its column takes, no value for a column that needs one."""
        for c in self.fields:
            if c.name not in values:
                continue
            value = values[c.name]
            value = value.text if isinstance(value, RawText) else value
            if value is None:
                if not c.nullable and c.server_default is None:
                    return f"{self.title} {self.table.name}.{c.name} must have a value"
                continue
            limit = self.max_length(c.name)
            if limit is not None and isinstance(value, str) and len(value) > limit:
                return (
                    f"{self.title} {self.table.name}.{c.name} takes at most {limit} "
                    f"characters; the value has {len(value)}"
                )
        return None

    def explain_refusal(self, conn: Connection, message: str, values: dict[str, Any]) -> str:
        """A foreign-key refusal that names the field and the table it refers to.

        SQLite says only "FOREIGN KEY constraint failed"; SyncDesk knows which columns it
        wrote and what they refer to, and looks for the value that is not there.
        """
        if "foreign key" not in message.lower():
            return message
        missing = []
        for fk in self.table.foreign_keys:
            col = fk.parent
            if col.name not in values or values[col.name] is None:
                continue
            value = values[col.name]
            value = value.text if isinstance(value, RawText) else value
            target = fk.column
            try:
                with conn.begin_nested():
                    found = conn.execute(
                        select(func.count())
                        .select_from(target.table)
                        .where(
                            type_coerce(target, sqltypes.NullType())
                            == type_coerce(value, sqltypes.NullType())
                        )
                    ).scalar()
            except (DBAPIError, SQLAlchemyError):
                found = None
            if found == 0:
                missing.append(
                    f"{self.table.name}.{col.name} = {value!r} refers to "
                    f"{target.table.name}.{target.name}, which has no such record"
                )
        if not missing:
            return message
        return f"{message.rstrip('.')}: " + "; ".join(missing)
