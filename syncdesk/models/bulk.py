"""Many rows of SyncDesk's own tables in one statement, at the speed of the driver.

SQLAlchemy's executemany processes every parameter of every row in Python (JSON,
datetimes, types), which costs more than the database's own work when a job writes
thousands of couplings and record log entries. Here a statement is compiled once per
set of columns and the rows go straight to the driver, with the few conversions our own
tables need done in bulk: JSON to text, datetimes to the text SQLAlchemy itself stores
on SQLite, booleans to 0/1 there. Only for tables of :mod:`syncdesk.models.state`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Connection, DateTime, Table, bindparam, insert, update
from sqlalchemy.sql.compiler import SQLCompiler

from syncdesk.models import jsontext

_CACHE: dict[tuple[str, str, str, tuple[str, ...], str], SQLCompiler] = {}


def _converter(table: Table, name: str, sqlite: bool) -> Callable[[Any], Any] | None:
    col_type = table.c[name].type
    if isinstance(col_type, JSON):
        return lambda v: None if v is None else jsontext.dumps(v)
    if sqlite and isinstance(col_type, DateTime):
        last: list[Any] = [None, None]

        def moment(v: Any) -> Any:
            # a batch's rows mostly share one moment: format it once
            if v is not last[0]:
                last[0] = v
                last[1] = v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, dt.datetime) else v
            return last[1]

        return moment
    if sqlite and isinstance(col_type, Boolean):
        return lambda v: None if v is None else int(bool(v))
    return None


def _defaults(table: Table, given: Sequence[str]) -> dict[str, Any]:
    out = {}
    for col in table.columns:
        if col.name in given or col.primary_key:
            continue
        default = col.default
        if default is not None and getattr(default, "is_scalar", False):
            out[col.name] = default.arg  # type: ignore[attr-defined]
    return out


def _run(
    conn: Connection,
    table: Table,
    compiled: SQLCompiler,
    rows: Sequence[dict[str, Any]],
    names: Sequence[str],
    prefix: str = "",
) -> None:
    """Run ``compiled`` for every row (dicts by column name); its parameters are named
    ``prefix`` + column."""
    sqlite = conn.dialect.name == "sqlite"
    order = list(compiled.positiontup or []) if compiled.positional else list(names)
    # the columns that need a conversion, by position; the rest go as they are
    columns = [n.removeprefix(prefix) for n in order]
    converting = [
        (i, conv)
        for i, n in enumerate(columns)
        if (conv := _converter(table, n, sqlite)) is not None
    ]
    pick = itemgetter(*columns)
    prepared: list[Any] = []
    for row in rows:
        values = pick(row)
        if len(order) == 1:
            values = (values,)
        if converting:
            values = list(values)
            for i, conv in converting:
                if values[i] is not None:
                    values[i] = conv(values[i])
        prepared.append(tuple(values))
    if compiled.positional:
        conn.exec_driver_sql(compiled.string, prepared)
    else:
        conn.exec_driver_sql(compiled.string, [dict(zip(order, p, strict=True)) for p in prepared])


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts by column name, all with the same keys) into ``table``."""
    if not rows:
        return
    defaults = _defaults(table, list(rows[0]))
    if defaults:
        rows = [{**defaults, **r} for r in rows]
    names = tuple(rows[0])
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(conn, table, rows, names)
        return
    key = (conn.dialect.name, table.name, "insert", names, "")
    compiled = _CACHE.get(key)
    if compiled is None:
        stmt = insert(table).inline().values({n: bindparam(n) for n in names})
        compiled = cast(SQLCompiler, stmt.compile(dialect=conn.dialect))
        _CACHE[key] = compiled
    _run(conn, table, compiled, rows, names)


#: from this many rows, :func:`insert_rows` sends them to PostgreSQL with COPY
COPY_FROM = 100


def _copy(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], names: tuple[str, ...]
) -> None:
    """INSERT by ``COPY ... FROM STDIN``, in the connection's transaction: psycopg's
    executemany sends one INSERT per row (measured for an initial load of 100,000 records:
    the couplings and log entries took a sixth of the job); COPY sends the rows as one
    stream. Defaults and triggers apply as they would to an INSERT."""
    from psycopg import sql

    from syncdesk.models.driver import driver_errors

    converting = [
        (i, conv)
        for i, n in enumerate(names)
        if (conv := _converter(table, n, sqlite=False)) is not None
    ]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    raw: Any = conn.connection.driver_connection
    with (
        driver_errors(conn, f"COPY {table.name}"),
        raw.cursor() as cur,
        cur.copy(statement) as copy,
    ):
        pick = itemgetter(*names)
        for row in rows:
            values = pick(row)
            values = [values] if len(names) == 1 else list(values)
            for i, conv in converting:
                if values[i] is not None:
                    values[i] = conv(values[i])
            copy.write_row(values)


def update_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], where: str = "id"
) -> None:
    """UPDATE ``table`` SET the other keys of each row WHERE ``where`` = its value."""
    if not rows:
        return
    sets = tuple(n for n in rows[0] if n != where)
    key = (conn.dialect.name, table.name, "update", sets, where)
    compiled = _CACHE.get(key)
    if compiled is None:
        stmt = (
            update(table)
            .where(table.c[where] == bindparam(f"_w_{where}"))
            .values({n: bindparam(f"_w_{n}") for n in sets})
        )
        compiled = cast(SQLCompiler, stmt.compile(dialect=conn.dialect))
        _CACHE[key] = compiled
    _run(conn, table, compiled, rows, [f"_w_{n}" for n in (where, *sets)], prefix="_w_")


def dialect_insert(dialect: str, table: Any) -> Any:
    """INSERT with ``on_conflict_do_nothing``/``_do_update`` for the state's dialect.

    Imported when first needed: the PostgreSQL dialect costs a start of the program that
    runs on SQLite alone a noticeable part of its time.
    """
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as lite_insert

    return lite_insert(table)
