"""Statements run straight on the database driver, for the few paths where SQLAlchemy's
per-row work (a Row object per row, processing every parameter) costs more than the
database's own: a job's bulk writes, and the key-ordered streams of change detection.

The statements are still built and compiled by SQLAlchemy, for the connection's dialect;
only the rows bypass it. Values need no conversion on these paths (raw columns, text,
numbers), except the bind processors :func:`driver_many` applies. A driver's error comes
out as SQLAlchemy's (:class:`~sqlalchemy.exc.DBAPIError` and its kinds), as it would from
SQLAlchemy itself, so that a job fails with the database's words and not as a crash.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, any_, bindparam
from sqlalchemy.exc import DBAPIError

from syncdesk.models.db import mark_source

_CURSORS = itertools.count(1)


#: what stands for each byte of text that is not UTF-8 (U+FFFD, the replacement character)
BAD_BYTE = "\ufffd"


class NotUtf8(str):
    """Text a SQLite database holds that is not valid UTF-8 (SQLite keeps whatever bytes
    it is given), as read by the lenient reading of :func:`stream` and :func:`select_in`:
    its bad bytes replaced by U+FFFD. The record it belongs to fails; the rows around it
    are read as usual."""

    __slots__ = ()


#: how many values were read as :class:`NotUtf8` in this process: a reader that finds
#: it changed looks through its rows for them (:func:`bad_texts`)
_bad_seen = [0]


def bad_texts() -> int:
    """A number that grows whenever a value is read as :class:`NotUtf8`."""
    return _bad_seen[0]


def _lenient_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _bad_seen[0] += 1
        return NotUtf8(data.decode("utf-8", "replace"))


def _undecodable(conn: Connection, exc: Exception) -> bool:
    """True for SQLite's refusal to give text that is not valid UTF-8 as a str."""
    dbapi: Any = conn.dialect.loaded_dbapi
    return (
        conn.dialect.name == "sqlite"
        and isinstance(exc, dbapi.OperationalError)
        and str(exc).startswith("Could not decode to UTF-8")
    )


@contextlib.contextmanager
def driver_errors(conn: Connection, statement: str) -> Iterator[None]:
    """A driver's error as SQLAlchemy's (a connection the database dropped is found out
    by the pool's ping when it is next taken)."""
    dialect = conn.dialect
    base: Any = dialect.loaded_dbapi.Error
    try:
        yield
    except base as exc:
        error = DBAPIError.instance(
            statement, None, exc, base, hide_parameters=True, dialect=dialect
        )
        mark_source(error, conn.engine)
        raise error from exc


def driver_many(conn: Connection, stmt: Any, params: list[dict[str, Any]]) -> int:
    """Run ``stmt`` for every dict of ``params`` in one executemany, straight to the driver.

    SQLAlchemy's own executemany prepares every parameter of every row in Python; here the
    statement is compiled once and each column's own bind processor (Decimal, datetime,
    bool for SQLite) is applied to the values that need one. Returns the rows written.
    """
    if not params:
        return 0
    dialect = conn.dialect
    compiled: Any = stmt.compile(dialect=dialect)
    processors = {}
    for name, bind in compiled.binds.items():
        proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            processors[name] = proc
    rows: list[Any] = []
    if compiled.positional:
        order = compiled.positiontup
        for p in params:
            rows.append(
                tuple(
                    processors[n](p[n]) if n in processors and p[n] is not None else p[n]
                    for n in order
                )
            )
    else:
        # a name SQLAlchemy cannot use as it is (a column's, with a space or a dot) is
        # written into the statement escaped: the values go under that name too
        escaped = compiled.escaped_bind_names or {}
        for p in params:
            rows.append(
                {
                    escaped.get(n, n): (
                        processors[n](v) if n in processors and v is not None else v
                    )
                    for n, v in p.items()
                }
            )
    result = conn.exec_driver_sql(compiled.string, rows if len(rows) > 1 else rows[0])
    return int(result.rowcount)


def stream(conn: Connection, query: Any, page: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``query``, a page at a time, as the driver gives them (plain tuples).

    Read in the connection's transaction: on PostgreSQL through a server-side cursor (so
    a million rows never sit in memory at once), on SQLite by stepping the statement.
    """
    dialect = conn.dialect
    # an IN list of values rendered as one placeholder each (SQLAlchemy leaves it to be
    # expanded at execution, which a driver's own cursor does not do)
    compiled: Any = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    params: Any = (
        tuple(values[n] for n in compiled.positiontup or []) if compiled.positional else values
    )
    with driver_errors(conn, compiled.string):
        raw: Any = conn.connection.driver_connection
        if dialect.name == "postgresql":
            cursor = raw.cursor(name=f"syncdesk_stream_{next(_CURSORS)}")
        else:
            cursor = raw.cursor()
        done, lenient = 0, False
        try:
            cursor.execute(compiled.string, params)
            while True:
                try:
                    rows = cursor.fetchmany(page)
                except Exception as exc:
                    if lenient or not _undecodable(conn, exc):
                        raise
                    # text that is not UTF-8: read again from the start, leniently (the
                    # same transaction sees the same rows in the same order), past the
                    # rows already given
                    lenient = True
                    raw.text_factory = _lenient_text
                    cursor.close()
                    cursor = raw.cursor()
                    cursor.execute(compiled.string, params)
                    skip = done
                    while skip > 0 and (part := cursor.fetchmany(min(skip, page))):
                        skip -= len(part)
                    continue
                if not rows:
                    return
                done += len(rows)
                yield rows
        finally:
            cursor.close()
            if lenient:
                raw.text_factory = str


#: keys per lookup statement: one compiled statement serves every full chunk
IN_SIZE = 500

#: keys per lookup statement on PostgreSQL, where they go as one array parameter
ANY_SIZE = 10_000


def select_in(
    conn: Connection, query: Any, column: Any, values: Sequence[Any]
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` whose ``column`` is one of ``values``, as plain tuples.

    SQLite: a statement with :data:`IN_SIZE` placeholders is compiled once and run per
    chunk (the last chunk padded with its own last value, which matches nothing new), each
    value through the column type's bind processor: SQLAlchemy's expanding IN would
    compile and process again for every chunk. PostgreSQL: ``column = ANY(:keys)``, the
    keys as one array parameter per :data:`ANY_SIZE` of them: a short statement that
    psycopg converts once (one with hundreds of placeholders it converts again on every
    run), and that PostgreSQL looks up in the column's index as it would an IN list.
    """
    if not values:
        return
    dialect = conn.dialect
    proc = column.type.dialect_impl(dialect).bind_processor(dialect)

    def processed(chunk: list[Any]) -> list[Any]:
        return chunk if proc is None else [proc(v) if v is not None else v for v in chunk]

    if dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        keys = bindparam("_in", None, type_=ARRAY(column.type), required=False)
        compiled: Any = query.where(column == any_(keys)).compile(dialect=dialect)
        fixed = compiled.construct_params()
        runs: Iterator[Any] = (
            {**fixed, "_in": processed(list(values[i : i + ANY_SIZE]))}
            for i in range(0, len(values), ANY_SIZE)
        )
    else:
        size = min(IN_SIZE, len(values))
        names = [f"_in{i}" for i in range(size)]
        binds = [bindparam(n, None, type_=column.type, required=False) for n in names]
        compiled = query.where(column.in_(binds)).compile(dialect=dialect)
        fixed = compiled.construct_params()

        def chunks() -> Iterator[Any]:
            for i in range(0, len(values), size):
                chunk = list(values[i : i + size])
                chunk += [chunk[-1]] * (size - len(chunk))
                bound = {**fixed, **dict(zip(names, processed(chunk), strict=True))}
                if compiled.positional:
                    yield tuple(bound[n] for n in compiled.positiontup or [])
                else:
                    yield bound

        runs = chunks()
    with driver_errors(conn, compiled.string):
        raw: Any = conn.connection.driver_connection
        cursor = raw.cursor()
        lenient = False
        try:
            for params in runs:
                try:
                    cursor.execute(compiled.string, params)
                    rows = cursor.fetchall()
                except Exception as exc:
                    if lenient or not _undecodable(conn, exc):
                        raise
                    # text that is not UTF-8: this chunk and the rest read leniently
                    lenient = True
                    raw.text_factory = _lenient_text
                    cursor.execute(compiled.string, params)
                    rows = cursor.fetchall()
                yield from rows
        finally:
            cursor.close()
            if lenient:
                raw.text_factory = str


__all__ = [
    "ANY_SIZE",
    "BAD_BYTE",
    "IN_SIZE",
    "NotUtf8",
    "bad_texts",
    "driver_many",
    "select_in",
    "stream",
]
