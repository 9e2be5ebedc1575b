"""One app's database: reflection, validation, streamed reads and compare-and-set writes.

Identifiers reach SQL only as reflected SQLAlchemy objects; values only as bound
parameters. Reads select the raw stored values (no type processing) so that a
compare-and-set write can match them exactly.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    Table,
    and_,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError, NoSuchTableError, SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from syncdesk.errors import UnavailableError, WorkspaceError
from syncdesk.models.db import DEFAULT_LOCK_WAIT, make_engine, mask_url
from syncdesk.models.store import describe_db_error
from syncdesk.sync.values import Canonical, canonical, column_kind, to_db
from syncdesk.workspace import AppConfig, Mapping, Side, Workspace

#: rows per IN (...) query; well under SQLite's and PostgreSQL's parameter limits
IN_CHUNK = 900


def is_passing_fault(exc: BaseException) -> bool:
    """A fault that the next job may not meet: locked, busy, connection lost."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        s in text
        for s in (
            "database is locked",
            "database table is locked",
            "busy",
            "lock timeout",
            "canceling statement due to lock timeout",
            "server closed the connection",
            "connection refused",
            "terminating connection",
            "could not connect",
            "connection timeout",
            "deadlock detected",
            "could not serialize",
        )
    )


def mod_text(value: Any) -> str | None:
    """A raw 'modified' value as the text a coupling remembers (exact, not normalised)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)[:64]


@dataclass(frozen=True)
class Row:
    """One record as read: its key (text), raw values by column name, and canonical values."""

    key: str
    raw: dict[str, Any]


class SideTable:
    """One mapping's table on one side, validated against the reflected schema."""

    def __init__(self, app: App, mapping: Mapping, side: Side, table: Table) -> None:
        ref = mapping.table(side)
        self.app = app
        self.mapping = mapping
        self.side: Side = side
        self.table = table
        where = f"mapping {mapping.name}: {app.config.title} table {table.name!r}"
        cols = {c.name: c for c in table.columns}

        def column(name: str, what: str) -> Column[Any]:
            if name not in cols:
                known = ", ".join(sorted(cols))
                raise WorkspaceError(
                    f"{app.workspace_path}: {where} has no {what} column {name!r} "
                    f"(columns: {known})"
                )
            return cols[name]

        self.key: Column[Any] = column(ref.key, "key")
        self.modified: Column[Any] | None = (
            column(ref.modified, "modified") if ref.modified else None
        )
        self.fields: list[Column[Any]] = [column(f.column(side), "field") for f in mapping.fields]
        self.kinds: dict[str, str] = {c.name: column_kind(c) for c in self.fields}
        # the kind values are read as (see align_kinds); writes go by ``kinds``
        self.read_kinds: dict[str, str] = dict(self.kinds)
        self.key_kind = column_kind(self.key)
        self.key_generated = _key_is_generated(self.key, table)
        self._raw_key = type_coerce(self.key, sqltypes.NullType()).label("k")
        self._raw_fields = [type_coerce(c, sqltypes.NullType()).label(c.name) for c in self.fields]
        self._raw_modified = (
            type_coerce(self.modified, sqltypes.NullType()).label("__modified")
            if self.modified is not None
            else None
        )

    @property
    def title(self) -> str:
        return self.app.config.title

    def key_value(self, key: str) -> Any:
        """A key as text turned into what the key column holds."""
        if self.key_kind == "int":
            try:
                return int(key)
            except ValueError:
                raise ValueError(
                    f"{key!r} is not a key of {self.title} {self.table.name}"
                ) from None
        return key

    def canonical(self, row: Row) -> dict[str, Canonical]:
        return {
            c.name: canonical(row.raw.get(c.name), self.read_kinds[c.name]) for c in self.fields
        }

    # -- reads -----------------------------------------------------------------------------

    def scan_keys(self, conn: Connection, batch: int) -> Iterator[list[tuple[str, Any]]]:
        """Every key with its raw 'modified' value, in key order, a page at a time.

        Each page is its own short read transaction, so the scan never holds the
        app's database for long (SQLite readers block its writers from committing).
        """
        cols: list[Any] = [self.key.label("k_typed"), self._raw_key]
        if self._raw_modified is not None:
            cols.append(self._raw_modified)
        last: Any = None
        while True:
            query = select(*cols).order_by(self.key).limit(batch)
            if last is not None:
                query = query.where(self.key > last)
            rows = conn.execute(query).all()
            conn.rollback()
            if not rows:
                return
            last = rows[-1][0]
            if self._raw_modified is not None:
                yield [(str(r[1]), r[2]) for r in rows]
            else:
                yield [(str(r[1]), None) for r in rows]
            if len(rows) < batch:
                return

    def fetch(self, conn: Connection, keys: Sequence[str]) -> dict[str, Row]:
        """The records with these keys (missing ones are simply absent)."""
        out: dict[str, Row] = {}
        cols: list[Any] = [self._raw_key, *self._raw_fields]
        if self._raw_modified is not None:
            cols.append(self._raw_modified)
        for start in range(0, len(keys), IN_CHUNK):
            chunk = []
            for k in keys[start : start + IN_CHUNK]:
                try:
                    chunk.append(self.key_value(k))
                except ValueError:
                    continue
            if not chunk:
                continue
            for r in conn.execute(select(*cols).where(self.key.in_(chunk))).mappings():
                raw = dict(r)
                key = str(raw.pop("k"))
                out[key] = Row(key=key, raw=raw)
        return out

    def find_matches(
        self, conn: Connection, column: Column[Any], values: Sequence[str], case_sensitive: bool
    ) -> list[Row]:
        """Candidate rows whose ``column`` may match one of ``values`` after trimming.

        Case-insensitive matching is decided in Python (``casefold``) by the caller;
        here SQL narrows down, finding equal text, ASCII case differences (SQLite's
        ``lower()``) and Unicode ones where the database folds them (PostgreSQL).
        """
        cols: list[Any] = [self._raw_key, *self._raw_fields]
        if self._raw_modified is not None:
            cols.append(self._raw_modified)
        trimmed: ColumnElement[Any] = func.trim(type_coerce(column, sqltypes.String()))
        rows: dict[str, Row] = {}
        for start in range(0, len(values), IN_CHUNK // 3):
            chunk = [v.strip() for v in values[start : start + IN_CHUNK // 3]]
            cond: ColumnElement[bool] = trimmed.in_(chunk)
            if not case_sensitive:
                ascii_lower = sorted({_ascii_lower(v) for v in chunk})
                unicode_lower = sorted({v.lower() for v in chunk})
                cond = or_(
                    cond,
                    func.lower(trimmed).in_(ascii_lower),
                    func.lower(trimmed).in_(unicode_lower),
                )
            for r in conn.execute(select(*cols).where(cond)).mappings():
                raw = dict(r)
                key = str(raw.pop("k"))
                rows[key] = Row(key=key, raw=raw)
        return list(rows.values())

    def stamps(self, conn: Connection, keys: Sequence[str]) -> dict[str, str | None]:
        """The 'modified' value of these records, as text (empty without such a column)."""
        if self._raw_modified is None:
            return {}
        out: dict[str, str | None] = {}
        for start in range(0, len(keys), IN_CHUNK):
            chunk = [self.key_value(k) for k in keys[start : start + IN_CHUNK]]
            for k, m in conn.execute(
                select(self._raw_key, self._raw_modified).where(self.key.in_(chunk))
            ):
                out[str(k)] = mod_text(m)
        return out

    def exists(self, conn: Connection, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), IN_CHUNK):
            chunk = []
            for k in keys[start : start + IN_CHUNK]:
                try:
                    chunk.append(self.key_value(k))
                except ValueError:
                    continue
            if chunk:
                found.update(
                    str(k)
                    for k in conn.execute(
                        select(self._raw_key).where(self.key.in_(chunk))
                    ).scalars()
                )
        return found

    def max_key(self, conn: Connection) -> int | None:
        if self.key_kind != "int":
            return None
        value = conn.execute(select(func.max(self.key))).scalar()
        return int(value) if value is not None else None

    def keys_after(self, conn: Connection, after: int | None) -> list[Row]:
        """Rows with an integer key above ``after`` (finding a killed job's inserts)."""
        cols: list[Any] = [self._raw_key, *self._raw_fields]
        query = select(*cols)
        if after is not None:
            query = query.where(self.key > after)
        out = []
        for r in conn.execute(query.order_by(self.key).limit(10000)).mappings():
            raw = dict(r)
            key = str(raw.pop("k"))
            out.append(Row(key=key, raw=raw))
        return out

    # -- writes ----------------------------------------------------------------------------

    def _matches(self, row: Row) -> ColumnElement[bool]:
        """The WHERE clause of a compare-and-set: key and every mapped field as read."""
        conds: list[ColumnElement[bool]] = [self.key == self.key_value(row.key)]
        for c in self.fields:
            raw = row.raw.get(c.name)
            coerced = type_coerce(c, sqltypes.NullType())
            if raw is None:
                conds.append(c.is_(None))
            else:
                conds.append(coerced == type_coerce(raw, sqltypes.NullType()))
        return and_(*conds)

    def db_values(self, values: dict[str, Canonical]) -> dict[str, Any]:
        """Canonical values keyed by this side's column names, converted for binding."""
        out: dict[str, Any] = {}
        for c in self.fields:
            if c.name in values:
                try:
                    out[c.name] = to_db(values[c.name], self.kinds[c.name], c)
                except ValueError as exc:
                    raise ValueError(f"{self.title} field {c.name}: {exc}") from None
        return out

    def update_if_unchanged(self, conn: Connection, row: Row, values: dict[str, Any]) -> bool:
        """Write ``values`` (from :meth:`db_values`) if the record still holds what was read."""
        result = conn.execute(update(self.table).where(self._matches(row)).values(**values))
        return bool(result.rowcount == 1)

    def delete_if_unchanged(self, conn: Connection, row: Row) -> bool:
        result = conn.execute(delete(self.table).where(self._matches(row)))
        return bool(result.rowcount == 1)

    def new_key(self) -> str | None:
        """A key for a new record when the database makes none: a UUID string.

        A key column too short for one (an ERP's ``Code[20]``) gets the UUID's hex
        digits, as many as fit (at least 12, 48 random bits).
        """
        if self.key_generated:
            return None
        if self.key_kind == "int":
            return None  # filled from max(key) + 1 by insert()
        key = uuid.uuid4()
        length = getattr(self.key.type, "length", None)
        if length is None or length >= 36:
            return str(key)
        return key.hex[: max(12, length)].upper()

    def insert(
        self, conn: Connection, rows: list[tuple[str | None, dict[str, Canonical]]]
    ) -> list[str]:
        """Insert records (key or None, values from :meth:`db_values`); returns their keys."""
        if not rows:
            return []
        params = []
        next_int: int | None = None
        if not self.key_generated and self.key_kind == "int":
            next_int = (self.max_key(conn) or 0) + 1
        keys: list[str | None] = []
        for key, values in rows:
            p = dict(values)
            if key is None and next_int is not None:
                key = str(next_int)
                next_int += 1
            if key is not None:
                p[self.key.name] = self.key_value(key)
            keys.append(key)
            params.append(p)
        if all(k is not None for k in keys):
            if len(params) == 1:
                conn.execute(insert(self.table).values(**params[0]))
            else:
                conn.execute(insert(self.table), params)
            return [str(k) for k in keys]
        stmt = insert(self.table).returning(self.key, sort_by_parameter_order=True)
        if len(params) == 1:
            return [
                str(
                    conn.execute(
                        insert(self.table).values(**params[0]).returning(self.key)
                    ).scalar_one()
                )
            ]
        return [str(k) for k in conn.execute(stmt, params).scalars()]


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


#: what a text column's values are read as when the other side's column is of this kind
_TEXT_READ_AS = {"int": "number", "number": "number", "date": "date", "datetime": "datetime"}


def align_kinds(mapping: Mapping, left: SideTable, right: SideTable) -> None:
    """Read both columns of a field pair as one kind, so that equal values compare equal.

    Text against a number or date column is read as that kind (``"9.95"`` and ``9.95``
    are one value); a date against a datetime is read as a date on both sides. Without
    this such a pair never settles: every job copies the value back and forth. Lookup
    fields are keys and stay text.
    """
    for f, lc, rc in zip(mapping.fields, left.fields, right.fields, strict=True):
        lk, rk = left.kinds[lc.name], right.kinds[rc.name]
        if f.lookup or lk == rk:
            continue
        if lk == "text" and rk in _TEXT_READ_AS:
            left.read_kinds[lc.name] = _TEXT_READ_AS[rk]
        elif rk == "text" and lk in _TEXT_READ_AS:
            right.read_kinds[rc.name] = _TEXT_READ_AS[lk]
        elif {lk, rk} == {"date", "datetime"}:
            left.read_kinds[lc.name] = right.read_kinds[rc.name] = "date"


def _key_is_generated(key: Column[Any], table: Table) -> bool:
    if key.server_default is not None or getattr(key, "identity", None) is not None:
        return True
    pk = list(table.primary_key.columns)
    return (
        len(pk) == 1
        and pk[0] is key
        and isinstance(key.type, sqltypes.Integer)
        and key.autoincrement in (True, "auto")
    )


class App:
    """One side's database: a reading engine, a writing engine and the reflected tables."""

    def __init__(
        self, config: AppConfig, workspace: Workspace, lock_wait: float = DEFAULT_LOCK_WAIT
    ) -> None:
        self.config = config
        self.workspace_path = workspace.path
        self.what = f"{config.title} ({mask_url(config.url)})"
        self.read_engine: Engine = make_engine(
            config.url, immediate=False, lock_wait=lock_wait, what=self.what
        )
        self.write_engine: Engine = make_engine(
            config.url, immediate=True, lock_wait=lock_wait, what=self.what
        )
        self._tables: dict[str, Table] = {}
        self._metadata = MetaData()

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()

    def check(self) -> None:
        """Open the database once, so that an unreachable or corrupt one fails early."""
        try:
            with self.read_engine.connect() as conn:
                inspect(conn).get_table_names()
        except (DBAPIError, SQLAlchemyError) as exc:
            raise UnavailableError(f"{self.what}: {describe_db_error(exc)}") from None

    def table(self, name: str, mapping: Mapping) -> Table:
        if name not in self._tables:
            schema, _, bare = name.rpartition(".")
            try:
                with self.read_engine.connect() as conn:
                    table = Table(bare, self._metadata, schema=schema or None, autoload_with=conn)
                # SQLite reports primary key columns as nullable; they are not, and
                # RETURNING many rows in parameter order relies on knowing it
                for col in table.primary_key.columns:
                    col.nullable = False
                self._tables[name] = table
            except NoSuchTableError:
                with self.read_engine.connect() as conn:
                    known = ", ".join(sorted(inspect(conn).get_table_names())) or "none"
                raise WorkspaceError(
                    f"{self.workspace_path}: mapping {mapping.name}: {self.config.title} has no "
                    f"table {name!r} (tables: {known})"
                ) from None
            except (DBAPIError, SQLAlchemyError) as exc:
                raise UnavailableError(f"{self.what}: {describe_db_error(exc)}") from None
        return self._tables[name]


def now_utc() -> dt.datetime:
    """Now, as naive UTC (how the state database stores times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
