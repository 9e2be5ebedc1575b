"""The two columns of a field pair, read as one kind: what the workspace's fields may
pair (bytes with bytes only; no column of many values) and how a text column is read
beside a number or date column, so that equal values compare equal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy import types as sqltypes

from syncdesk.errors import WorkspaceError
from syncdesk.sync.endpoint import TableReader
from syncdesk.workspace import Mapping

#: what a text column's values are read as when the other side's column is of this kind
_TEXT_READ_AS = {"int": "number", "number": "number", "date": "date", "datetime": "datetime"}


def align_kinds(mapping: Mapping, left: TableReader, right: TableReader) -> None:
    """Read both columns of a field pair as one kind, so that equal values compare equal.

    Text against a number or date column is read as that kind (``"9.95"`` and ``9.95``
    are one value); a date against a datetime is read as a date on both sides. Without
    this such a pair never settles: every job copies the value back and forth. Lookup
    fields are keys and stay text. Bytes travel only between byte columns: a field pair
    of bytes and anything else is refused, naming the field.
    """
    for f, lc, rc in zip(mapping.fields, left.fields, right.fields, strict=True):
        for reader, col in ((left, lc), (right, rc)):
            what = _many_values(reader, col)
            if what is not None:
                raise WorkspaceError(
                    f"{left.app.workspace_path}: mapping {mapping.name}: field {f.left!r}: "
                    f"{reader.title} column {col.name!r} holds {what}, not one "
                    "value: SyncDesk syncs text, numbers, dates, yes/no and bytes (leave "
                    "the column out, or map a text column that the app fills from it)"
                )
        lk, rk = left.kinds[lc.name], right.kinds[rc.name]
        if "bytes" in (lk, rk) and lk != rk:
            byte_side, other_side = (left, right) if lk == "bytes" else (right, left)
            other_col = rc if lk == "bytes" else lc
            raise WorkspaceError(
                f"{left.app.workspace_path}: mapping {mapping.name}: field {f.left!r}: "
                f"{byte_side.title} column {f.column(byte_side.side)!r} holds bytes, "
                f"{other_side.title} column {other_col.name!r} holds "
                f"{other_side.kinds[other_col.name]}; map bytes only to bytes"
            )
        if f.lookup or lk == rk:
            continue
        if lk == "text" and rk in _TEXT_READ_AS:
            left.read_kinds[lc.name] = _TEXT_READ_AS[rk]
            if rk in ("date", "datetime"):
                left.text_dated.add(lc.name)
        elif rk == "text" and lk in _TEXT_READ_AS:
            right.read_kinds[rc.name] = _TEXT_READ_AS[lk]
            if lk in ("date", "datetime"):
                right.text_dated.add(rc.name)
        elif {lk, rk} == {"date", "datetime"}:
            left.read_kinds[lc.name] = right.read_kinds[rc.name] = "date"


def _many_values(reader: TableReader, column: Column[Any]) -> str | None:
    """What a column holds where it is more than one value, as the driver gives it (a list,
    a document, a map): no text, number or date stands for it both ways. None for a column
    of single values. SQLite keeps JSON as text: only PostgreSQL's are such."""
    if reader.dialect != "postgresql":
        return None
    from sqlalchemy.dialects.postgresql import HSTORE
    from sqlalchemy.dialects.postgresql.base import PGDialect
    from sqlalchemy.dialects.postgresql.ranges import AbstractRange

    t = column.type
    if isinstance(t, sqltypes.ARRAY):
        what = "a list"
    elif isinstance(t, sqltypes.JSON):
        what = "a JSON document"
    elif isinstance(t, HSTORE):
        what = "a map of keys to values"
    elif isinstance(t, AbstractRange):
        what = "a range"
    else:
        return None
    return f"{what} ({t.compile(dialect=PGDialect())})"


def refuse_computed(mapping: Mapping, left: TableReader, right: TableReader) -> None:
    """A field may not flow into a column the database computes (``GENERATED ALWAYS AS``):
    every write of it would be refused, record by record. Refused as the workspace opens,
    naming the field and the direction it can have."""
    for f, lc, rc in zip(mapping.fields, left.fields, right.fields, strict=True):
        for reader, col, back, back_col in ((left, lc, right, rc), (right, rc, left, lc)):
            if col.computed is None or not (mapping.flows(reader.side) and f.flows(reader.side)):
                continue
            if mapping.flows(back.side) and back_col.computed is None:
                cure = f'give the field direction = "to-{back.side}"'
            else:
                cure = "leave the field out"
            raise WorkspaceError(
                f"{left.app.workspace_path}: mapping {mapping.name}: field {f.left!r}: "
                f"{reader.title} column {col.name!r} is computed by the database "
                f"(GENERATED ALWAYS AS), which refuses every write to it: {cure}"
            )


__all__ = ["align_kinds", "refuse_computed"]
