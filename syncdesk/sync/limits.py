"""What a column takes, read once from the reflected schema, and a value checked against it
with no database at hand.

A value typed by a person (fix in place, a value of one's own in the conflict dialog) is
checked as it is typed: :func:`column_limit` gathers, in a worker, what the schema says of
each column the value will be written to (its kind, a length, a value needed, its other
check constraints), and :func:`check_value` then tells, on any thread and without a
query, what the engine's own check (:meth:`SideTable.db_values` and
:meth:`SideTable.refusal`) will say of it. The engine checks again before it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column

from syncdesk.sync.mapping_info import _column_info
from syncdesk.sync.schema import column_checks
from syncdesk.sync.side_table import SideTable
from syncdesk.sync.values import Canonical, canonical, to_db
from syncdesk.workspace import Side


@dataclass(frozen=True)
class ValueProblem:
    """Why a column will refuse a value: ``code`` is ``length``, ``required`` or ``kind``."""

    code: str
    app: str  # the app's title
    table: str
    column: str
    limit: int | None = None  # length: the most characters the column takes
    count: int | None = None  # length: how many the value has
    kind: str = ""  # kind: what the column holds (see syncdesk.sync.values.column_kind)
    detail: str = ""  # kind: the engine's words ("'lots' is not a number")

    def __str__(self) -> str:
        """In the engine's words (as :meth:`SideTable.refusal` and ``db_values`` say it)."""
        if self.code == "length":
            return (
                f"{self.app} {self.table}.{self.column} takes at most {self.limit} "
                f"characters; the value has {self.count}"
            )
        if self.code == "required":
            return f"{self.app} {self.table}.{self.column} must have a value"
        return f"{self.app} field {self.column}: {self.detail}"


@dataclass(frozen=True)
class ColumnLimit:
    """One column a value goes to, as its app's schema describes it."""

    side: Side
    app: str  # the app's title
    table: str
    column: str
    kind: str  # how values are written to it (see syncdesk.sync.values.column_kind)
    type: str  # as declared: "VARCHAR(40)", "NUMERIC(12,2)"
    length: int | None  # the most characters it takes (where the database holds it to it)
    nullable: bool
    has_default: bool
    checks: tuple[str, ...] = ()  # its other check constraints, as SQL text
    #: the reflected column itself (metadata only: reading it runs no query)
    sql_column: Column[Any] | None = field(default=None, compare=False, repr=False, hash=False)

    @property
    def required(self) -> bool:
        """An empty value is refused (text becomes "", as the engine writes it)."""
        return not self.nullable and not self.has_default and self.kind != "text"

    def problem(self, value: Canonical) -> ValueProblem | None:
        """What this column will say of ``value`` (None: it takes it, as far as the schema
        tells; a trigger or a foreign key speaks only when written to)."""
        if value is None:
            if self.required:
                return ValueProblem("required", self.app, self.table, self.column)
            return None
        if self.sql_column is not None:
            try:
                db = to_db(value, self.kind, self.sql_column)
            except ValueError as exc:
                return ValueProblem(
                    "kind", self.app, self.table, self.column, kind=self.kind, detail=str(exc)
                )
        else:
            db = value
        if self.length is not None and isinstance(db, str) and len(db) > self.length:
            return ValueProblem(
                "length", self.app, self.table, self.column, limit=self.length, count=len(db)
            )
        return None


def column_limit(table: SideTable, column: str) -> ColumnLimit:
    """What ``table``'s column ``column`` (a mapped field's) takes, from the reflected schema."""
    col = table.table.c[column]
    info = _column_info(col, column_checks(table.table), table.dialect != "sqlite")
    return ColumnLimit(
        side=table.side,
        app=table.title,
        table=table.table.name,
        column=column,
        kind=table.kinds.get(column, info.kind),
        type=info.type,
        length=table.max_length(column),
        nullable=info.nullable,
        has_default=col.server_default is not None,
        checks=info.checks,
        sql_column=col,
    )


def check_value(
    text: str, read_kind: str, limits: Sequence[ColumnLimit]
) -> tuple[Canonical, list[ValueProblem]]:
    """``text`` as the engine will read it (``read_kind``: the kind of the column it is
    typed for), and what each of ``limits`` says of it (empty: all take it)."""
    value = canonical(text, read_kind)
    return value, [p for limit in limits if (p := limit.problem(value)) is not None]


__all__ = ["ColumnLimit", "ValueProblem", "check_value", "column_limit"]
