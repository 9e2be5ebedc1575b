"""One mapping's table on one app, validated and read: key, stamp and field values as
stored, streamed and looked up by key (the app's database itself is
:mod:`syncdesk.sync.app_db`; the writes, :mod:`syncdesk.sync.side_table`).

Identifiers reach SQL only as reflected SQLAlchemy objects; values only as bound
parameters. Reads select the raw stored values (no type processing) so that a
compare-and-set write can match them exactly, and so that a value is written back in
the form the column already uses (a SQLite text datetime as ``2024-03-01 04:30:00``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import (
    Column,
    Connection,
    Table,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from syncdesk.errors import UsageError, WorkspaceError
from syncdesk.models.driver import NotUtf8, bad_texts, select_in, stream
from syncdesk.sync.values import Canonical, TextDateFormat, canonical, column_kind
from syncdesk.workspace import Mapping, Side

if TYPE_CHECKING:
    from syncdesk.sync.app_db import App

#: rows per IN (...) query; well under SQLite's and PostgreSQL's parameter limits
IN_CHUNK = 900

#: text PostgreSQL takes for a UUID: 32 hex digits, a hyphen allowed after any four, the
#: whole in braces or not (checked against PostgreSQL's own ``uuid_in``)
_UUID_TEXT = re.compile(
    r"\{[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}\}|[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}"
)
#: rows per page of a streamed read
PAGE = 5000


def is_passing_fault(exc: BaseException) -> bool:
    """A fault that the next job may not meet: locked, busy, connection lost."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    text_ = str(getattr(exc, "orig", exc)).lower()
    return any(
        s in text_
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


def is_app_refusal(exc: BaseException) -> bool:
    """A refusal that belongs to the app, not to one record: read-only, disk full, no right.

    The job stops (no sync error per record) and the next one tries again by itself.
    """
    text_ = str(getattr(exc, "orig", exc)).lower()
    return any(
        s in text_
        for s in (
            "readonly database",
            "read-only database",
            "read-only transaction",
            "database or disk is full",
            "no space left on device",
            "could not extend file",
            "disk i/o error",
            "permission denied",
            "unable to open database file",
            "attempt to write a readonly",
            "database is read only",
            "insufficient privilege",
        )
    )


def is_key_refused(exc: BaseException) -> bool:
    """The database refused a key as a value of its column's type (PostgreSQL's data
    exceptions, class 22): text no enum or inet value is spelled as. Such a key names no
    record. (A domain's column is read as its base type: see ``app_db._unwrap_domains``.)"""
    state = str(getattr(getattr(exc, "orig", exc), "sqlstate", "") or "")
    return state.startswith("22")


def mod_text(value: Any) -> str | None:
    """A raw 'modified' value as the text a coupling remembers (exact, not normalised)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)[:64]


def stamp_time(value: Any) -> dt.datetime | None:
    """A 'modified' value (raw, or as remembered) as a naive UTC-or-local datetime."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


#: A row's raw values hold its mapped columns by name and, beside them, what the reader
#: read with them under names no column can have (a column's name cannot hold a NUL, in
#: SQLite or PostgreSQL): a table may well have columns named "k" or "__modified".
#: the 'modified' value read with the row
STAMP = "\x00modified"
#: the identity column's value read with the row
IDENTITY = "\x00identity"
#: the mapped column whose text is not valid UTF-8, if one is
NOT_UTF8 = "\x00not_utf8"


@dataclass(frozen=True)
class Row:
    """One record as read: its key (text) and raw values by column name."""

    key: str
    raw: dict[str, Any]


class KeyInfo(NamedTuple):
    """One row's key as a scan reads it: text (None: no key), 'modified' and identity."""

    key: str | None
    raw_key: Any
    stamp: Any
    identity: Any


class TableReader:
    """One mapping's table on one side, validated against the reflected schema, and
    read (:class:`~syncdesk.sync.side_table.SideTable` writes it)."""

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
        self.identity: Column[Any] | None = (
            column(ref.identity, "identity") if ref.identity else None
        )
        self.fields: list[Column[Any]] = [column(f.column(side), "field") for f in mapping.fields]
        self.kinds: dict[str, str] = {c.name: column_kind(c) for c in self.fields}
        # the kind values are read as (see align_kinds); writes go by ``kinds``
        self.read_kinds: dict[str, str] = dict(self.kinds)
        self.key_kind = column_kind(self.key)
        if self.key_kind == "bytes":
            # keys are kept, shown and typed as text: bytes are none of these
            raise WorkspaceError(
                f"{app.workspace_path}: {where}: key column {self.key.name!r} holds bytes "
                f"({self.key.type}); SyncDesk needs a key of text or numbers"
            )
        # a key column of the database's UUID type: text that is no UUID names no record
        self._uuid_key = isinstance(self.key.type, sqltypes.Uuid)
        self.key_generated = _key_is_generated(self.key, table)
        # the database makes the keys of the records SyncDesk creates; not for a UUID
        # column it would fill (``DEFAULT gen_random_uuid()``): SyncDesk gives those a
        # time-ordered UUID itself, so a batch goes in one pipelined statement (a key the
        # database makes comes back one RETURNING row at a time, since nothing else ties
        # a returned key to the record it was made for)
        self.database_keys = self.key_generated and not self._uuid_key
        self.key_unique = _key_is_unique(self.key, table)
        self.dialect = app.dialect
        # a SQLite rowid key without AUTOINCREMENT: the database gives a deleted record's
        # key to the next new one (SyncDesk then picks the key of what it inserts itself)
        self.key_reused = (
            self.dialect == "sqlite"
            and self.key_kind == "int"
            and self.key_generated
            and not app.has_autoincrement(table)
        )
        # dates kept as text (SQLite): written back in the form the column already holds
        self._text_dates: dict[str, TextDateFormat | None] = {}
        self.text_dated = {
            c.name
            for c in self.fields
            if self.dialect == "sqlite" and self.kinds[c.name] in ("datetime", "date")
        }
        # read by position, never by name (see STAMP): these labels may be a column's too
        self._raw_key = type_coerce(self.key, sqltypes.NullType()).label("k")
        self._raw_fields = [type_coerce(c, sqltypes.NullType()).label(c.name) for c in self.fields]
        self._raw_modified = (
            type_coerce(self.modified, sqltypes.NullType()).label("__modified")
            if self.modified is not None
            else None
        )
        self._raw_identity = (
            type_coerce(self.identity, sqltypes.NullType()).label("__identity")
            if self.identity is not None
            else None
        )
        self._lengths: dict[str, int | None] | None = None
        # how 'modified' compares with a moment: "datetime" (the driver gives datetimes),
        # "text" (ISO 8601 text, as SQLite keeps it), None (no such column)
        self.stamp_mode: str | None = None
        self.stamp_aware = False
        if self.modified is not None:
            kind = column_kind(self.modified)
            if self.dialect == "sqlite":
                self.stamp_mode = "text" if kind in ("datetime", "date", "text") else None
            elif kind in ("datetime", "date"):
                self.stamp_mode = "datetime"
                self.stamp_aware = bool(getattr(self.modified.type, "timezone", False))

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
        if self._uuid_key and not _UUID_TEXT.fullmatch(key):
            raise ValueError(f"{key!r} is not a key of {self.title} {self.table.name} (a UUID)")
        return key

    def typed_key(self, key: str) -> str:
        """A key a person typed, as SyncDesk keeps this column's keys: a UUID in lower case
        with its hyphens (as copied from an app that shows it in capitals, or in braces),
        a whole number without leading zeros. :class:`~syncdesk.errors.UsageError` (a
        person's mistake) when the column cannot hold it (:meth:`key_value`)."""
        try:
            value = self.key_value(key)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if self._uuid_key:
            return str(uuid.UUID(key))
        if self.key_kind == "int":
            return str(value)
        return key

    def key_text(self, raw: Any) -> str | None:
        """A raw key as the text SyncDesk keeps, or None when it cannot be a key.

        None for NULL, empty text, text with a NUL character (PostgreSQL text cannot
        hold one, and SyncDesk keeps keys as text), text that is not valid UTF-8
        (:class:`~syncdesk.models.driver.NotUtf8`), and a value the key column's kind
        cannot hold (text in an INTEGER key column, which SQLite keeps as it was given).
        """
        if raw is None:
            return None
        if isinstance(raw, bool):
            return None
        if self.key_kind == "int":
            if isinstance(raw, int):
                return str(raw)
            return None
        if isinstance(raw, bytes | bytearray | memoryview | NotUtf8):
            return None
        key = str(raw)
        return key if key.strip() and "\x00" not in key else None

    def canonical(self, row: Row) -> dict[str, Canonical]:
        return {
            c.name: canonical(row.raw.get(c.name), self.read_kinds[c.name]) for c in self.fields
        }

    def identity_text(self, row: Row) -> str | None:
        if self.identity is None:
            return None
        value = row.raw.get(IDENTITY)
        return None if value is None else str(value)

    def _row_columns(self) -> list[Any]:
        """The key, the mapped fields, the stamp and the identity: what a :class:`Row`
        holds, in the order of :meth:`_row_names` (after the key)."""
        cols: list[Any] = [self._raw_key, *self._raw_fields]
        if self._raw_modified is not None:
            cols.append(self._raw_modified)
        if self._raw_identity is not None:
            cols.append(self._raw_identity)
        return cols

    def _row_names(self) -> list[str]:
        """The names of a :class:`Row`'s raw values, read by :meth:`_row_columns`."""
        names = [c.name for c in self.fields]
        if self._raw_modified is not None:
            names.append(STAMP)
        if self._raw_identity is not None:
            names.append(IDENTITY)
        return names

    def _rows(self, result: Iterable[Sequence[Any]]) -> list[Row]:
        """Rows of :meth:`_row_columns`, by position (never by name: a table's columns may
        bear any name), those without a usable key left out."""
        names = self._row_names()
        out = []
        for r in result:
            key = self.key_text(r[0])
            if key is not None:
                out.append(Row(key=key, raw=dict(zip(names, r[1:], strict=True))))
        return out

    def _learn(self, raw: dict[str, Any]) -> None:
        for name in self.text_dated:
            if name not in self._text_dates:
                value = raw.get(name)
                if isinstance(value, str) and value.strip():
                    self._text_dates[name] = TextDateFormat.of(value)

    # -- reads -----------------------------------------------------------------------------

    def clock(self, conn: Connection) -> dt.datetime | None:
        """The app database's own time now, in the frame its 'modified' values use."""
        if self.stamp_mode is None:
            return None
        if self.dialect == "sqlite":
            now = conn.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar()
        elif self.dialect == "postgresql":
            # the clock itself, not the transaction's start (two readings in one
            # transaction differ); naive columns in the session's own time zone
            now = conn.execute(
                text(
                    "SELECT clock_timestamp()"
                    if self.stamp_aware
                    else "SELECT CAST(clock_timestamp() AS timestamp)"
                )
            ).scalar()
        else:
            return None
        return stamp_time(now)

    def quiet_moment(self) -> bool | None:
        """SQLite: take the write lock for a moment and let it go (nothing written).

        True: every writer at work before it has committed, so a change committed after
        this moment was stamped after it too. False: a writer held the lock past a short
        wait (a long transaction, which may commit stamps from before). None: not SQLite.
        """
        if self.dialect != "sqlite":
            return None
        try:
            with self.app.quiet_engine().connect() as conn, conn.begin():
                pass
        except DBAPIError:
            # busy past the wait, or a database that takes no write lock (read-only): not
            # known to be quiet, so the next job also reads back over the look-back
            return False
        return True

    def inflight(self, conn: Connection) -> list[int] | None:
        """PostgreSQL: the writing transactions in flight in this transaction's snapshot."""
        if self.dialect != "postgresql":
            return None
        return [
            int(x)
            for x in conn.execute(
                text("SELECT txid_snapshot_xip(txid_current_snapshot())")
            ).scalars()
        ]

    def any_committed(self, conn: Connection, txids: Sequence[int]) -> bool:
        """PostgreSQL: whether any of these transactions has committed (one too old to
        tell counts as committed)."""
        if self.dialect != "postgresql":
            return True
        for txid in txids:
            try:
                with conn.begin_nested():
                    status = conn.execute(text("SELECT txid_status(:t)"), {"t": txid}).scalar()
            except DBAPIError:
                return True
            if status != "in progress" and status != "aborted":
                return True
        return False

    def count(self, conn: Connection) -> int:
        return int(conn.execute(select(func.count()).select_from(self.table)).scalar_one())

    def _stamp_bound(self, since: dt.datetime, upper: bool = False) -> Any:
        if self.stamp_mode == "text":
            # text compares as text: a lower bound without a fraction and with a space
            # before the time is at or below every value of that moment ('T' sorts after
            # ' '); an upper bound with a 'T' is above every such value written with ' '
            return since.strftime("%Y-%m-%dT%H:%M:%S" if upper else "%Y-%m-%d %H:%M:%S")
        if self.stamp_aware:
            return since.replace(tzinfo=dt.UTC)
        return since

    def count_since(self, conn: Connection, since: dt.datetime) -> int:
        """How many rows :meth:`scan` from ``since`` reads (the app's index answers)."""
        return int(
            conn.execute(
                select(func.count()).select_from(
                    self._since(select(self._raw_key), since).subquery()
                )
            ).scalar_one()
        )

    def key_order(self) -> Any | None:
        """An ORDER BY that lists keys in the order Python sorts their text (code points,
        which is the byte order of UTF-8), or None where the database has no such order.

        The caller still checks the order it gets: a column of mixed kinds in SQLite, or a
        collation that is not what it says, must never be trusted blindly.
        """
        if self.dialect == "sqlite":
            if self.key_kind == "int":
                return cast(self.key, sqltypes.Text).collate("BINARY")
            return type_coerce(self.key, sqltypes.Text).collate("BINARY")
        if self.dialect == "postgresql":
            return cast(self.key, sqltypes.Text).collate("C")
        return None

    def _since(
        self, query: Any, since: dt.datetime | None, until: dt.datetime | None = None
    ) -> Any:
        if since is None or self.modified is None or self.stamp_mode is None:
            return query
        raw_mod = type_coerce(self.modified, sqltypes.NullType())
        bound = type_coerce(self._stamp_bound(since), sqltypes.NullType())
        if until is None:
            return query.where(or_(raw_mod >= bound, self.modified.is_(None)))
        upper = type_coerce(self._stamp_bound(until, upper=True), sqltypes.NullType())
        return query.where(raw_mod >= bound, raw_mod <= upper)

    def scan(
        self,
        conn: Connection,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        *,
        ordered: bool = False,
    ) -> Iterator[list[KeyInfo]]:
        """Key, 'modified' and identity of rows stamped at or after ``since`` (all: None).

        Rows with no stamp are included, unless ``until`` is given: then only stamped rows
        before about ``until`` (a superset, to be narrowed down by the caller). One query,
        read a page at a time, in whatever order the database finds cheapest (``ordered``:
        by :meth:`key_order`): run it in the transaction that also counts the rows, so
        both see one moment.
        """
        cols: list[Any] = [self._raw_key]
        cols.append(
            self._raw_modified if self._raw_modified is not None else literal_column("NULL")
        )
        cols.append(
            self._raw_identity if self._raw_identity is not None else literal_column("NULL")
        )
        query = self._since(select(*cols), since, until)
        if ordered:
            order = self.key_order()
            if order is None:
                raise ValueError(f"{self.dialect} has no key order SyncDesk can follow")
            query = query.order_by(order)
        key_text = self.key_text
        for part in stream(conn, query, PAGE):
            yield [KeyInfo(key_text(r[0]), r[0], r[1], r[2]) for r in part]

    def fetch(
        self, conn: Connection, keys: Sequence[str], fields: Sequence[str] | None = None
    ) -> dict[str, Row]:
        """The records with these keys (missing ones are simply absent).

        ``fields``: only these mapped columns (by name), besides key, stamp and identity.
        """
        out: dict[str, Row] = {}
        cols = self._row_columns()
        names = self._row_names()
        if fields is not None:
            wanted = {*fields, STAMP, IDENTITY}
            chosen = [(c, n) for c, n in zip(cols[1:], names, strict=True) if n in wanted]
            cols = [cols[0], *(c for c, _n in chosen)]
            names = [n for _c, n in chosen]
        key_text, learn = self.key_text, self._learn if self.text_dated else None
        bad_before = bad_texts()
        for r in select_in(conn, select(*cols), self.key, self._key_values(keys)):
            key = key_text(r[0])
            if key is None:
                continue
            raw = dict(zip(names, r[1:], strict=True))
            if learn is not None:
                learn(raw)
            out[key] = Row(key=key, raw=raw)
        if bad_texts() != bad_before:
            self._mark_not_utf8(out)
        return out

    def fetch_key(self, conn: Connection, key: str) -> Row | None:
        """The record under one key a person gave (:meth:`typed_key`), or None.

        The record is the one the database finds under that key, whose own key (``.key``,
        as SyncDesk keeps it) may be spelled otherwise: ``2`` typed for a REAL key shown
        as ``2.0``, ``2`` for a NUMERIC ``2.00``, a case the column's collation ignores.
        A key the column's type refuses (only the database knows the values of a
        PostgreSQL enum or inet column) names no record: a
        :class:`~syncdesk.errors.UsageError` with the database's words, not a failed read.
        """
        try:
            rows = self.fetch(conn, [key])
            if key in rows:
                return rows[key]
            return next(iter(rows.values())) if len(rows) == 1 else None
        except DBAPIError as exc:
            if not is_key_refused(exc):
                raise
            words = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise UsageError(
            f"{self.title} has no {self.mapping.name} record {key}: its key column "
            f"{self.table.name}.{self.key.name} cannot hold that value ({words})"
        )

    def _mark_not_utf8(self, rows: dict[str, Row]) -> None:
        """Rows with a mapped value that is not valid UTF-8 text: its column named under
        :data:`NOT_UTF8` (the record fails; :meth:`~syncdesk.sync.lookups.Lookups.values`)."""
        for row in rows.values():
            for c in self.fields:
                if isinstance(row.raw.get(c.name), NotUtf8):
                    row.raw[NOT_UTF8] = c.name
                    break

    def _key_values(self, keys: Sequence[str]) -> list[Any]:
        """Keys as the key column holds them; text that cannot be one names no record."""
        if self._uuid_key:
            return [k for k in keys if _UUID_TEXT.fullmatch(k)]
        if self.key_kind != "int":
            return list(keys)
        out = []
        for k in keys:
            try:
                out.append(int(k))
            except ValueError:
                continue
        return out

    def find_matches(
        self, conn: Connection, column: Column[Any], values: Sequence[str], case_sensitive: bool
    ) -> list[Row]:
        """Rows whose ``column`` may match one of ``values`` after trimming: a superset.

        The caller decides with Python's full Unicode case folding (``casefold``); here SQL
        narrows down. Case-sensitive: equal trimmed text. Otherwise: rows whose trimmed
        text lowers (ASCII, as every database can) to a folded value wanted, and every
        row holding a character outside printable ASCII, which only Python can fold
        (``MÜLLER``, ``STRAẞE``, the Kelvin sign).
        """
        cols = self._row_columns()
        as_text = type_coerce(column, sqltypes.String())
        trimmed: ColumnElement[Any] = func.trim(as_text)
        rows: dict[str, Row] = {}
        conds: list[ColumnElement[bool]] = []
        wanted = sorted({v.strip() for v in values})
        for start in range(0, len(wanted), IN_CHUNK // 2):
            chunk = wanted[start : start + IN_CHUNK // 2]
            if case_sensitive:
                conds.append(trimmed.in_(chunk))
            else:
                folded = sorted({v.casefold() for v in chunk} | {v.lower() for v in chunk})
                conds.append(func.lower(trimmed).in_(folded))
        if not case_sensitive and wanted:
            conds.append(self._not_plain_ascii(as_text))
        bad_before = bad_texts()
        for cond in conds:
            # (SQLite: a row whose text is not UTF-8 read leniently; it matches nothing)
            query = select(*cols).where(cond)
            for row in self._rows(r for part in stream(conn, query, PAGE) for r in part):
                rows[row.key] = row
        if bad_texts() != bad_before:
            self._mark_not_utf8(rows)
        return list(rows.values())

    def _not_plain_ascii(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        if self.dialect == "sqlite":
            return column.op("GLOB")("*[^ -~]*")
        if self.dialect == "postgresql":
            return column.op("~")("[^ -~]")
        return literal_column("1") == literal_column("1")

    def stamps(self, conn: Connection, keys: Sequence[str]) -> dict[str, str | None]:
        """The 'modified' value of these records, as text (empty without such a column)."""
        if self._raw_modified is None:
            return {}
        query = select(self._raw_key, self._raw_modified)
        return {
            str(k): mod_text(m) for k, m in select_in(conn, query, self.key, self._key_values(keys))
        }

    def read_back(
        self, conn: Connection, keys: Sequence[str], fields: Sequence[str] = ()
    ) -> dict[str, Row]:
        """Rows just written, read in the writing transaction: stamps, identities, and the
        values of ``fields`` (by column name)."""
        return self.fetch(conn, keys, fields)

    def exists(self, conn: Connection, keys: Sequence[str]) -> set[str]:
        query = select(self._raw_key)
        return {str(r[0]) for r in select_in(conn, query, self.key, self._key_values(keys))}

    def max_key(self, conn: Connection) -> int | None:
        if self.key_kind != "int":
            return None
        query = select(func.max(self.key))
        if self.dialect == "sqlite":  # text that SQLite kept in an integer column sorts last
            query = query.where(func.typeof(self.key) == "integer")
        value = conn.execute(query).scalar()
        return int(value) if value is not None else None

    def keys_after(self, conn: Connection, after: int | None) -> list[Row]:
        """Rows with an integer key above ``after`` (finding a killed job's inserts)."""
        query = select(*self._row_columns())
        if after is not None:
            query = query.where(self.key > after)
        return self._rows(conn.execute(query.order_by(self.key).limit(10000)))

    def rows_where(self, conn: Connection, values: dict[str, Any]) -> list[Row]:
        """Rows holding these raw values (by column name): a killed job's insert, found."""
        conds = [
            type_coerce(self.table.c[name], sqltypes.NullType())
            == type_coerce(value, sqltypes.NullType())
            for name, value in values.items()
            if value is not None
        ]
        if not conds:
            return []
        return self._rows(
            conn.execute(select(*self._row_columns()).where(and_(*conds)).limit(1000))
        )

    # -- writes ----------------------------------------------------------------------------

    def _matches(self, row: Row) -> ColumnElement[bool]:
        """The WHERE clause of a compare-and-set: key and every mapped field as read."""
        conds: list[ColumnElement[bool]] = [
            type_coerce(self.key, sqltypes.NullType())
            == type_coerce(self.key_value(row.key), sqltypes.NullType())
        ]
        for c in self.fields:
            raw = row.raw.get(c.name)
            coerced = type_coerce(c, sqltypes.NullType())
            if raw is None:
                conds.append(c.is_(None))
            else:
                conds.append(coerced == type_coerce(raw, sqltypes.NullType()))
        return and_(*conds)


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


def _key_is_unique(key: Column[Any], table: Table) -> bool:
    pk = list(table.primary_key.columns)
    if len(pk) == 1 and pk[0] is key:
        return True
    for index in table.indexes:
        if index.unique and [c.name for c in index.columns] == [key.name]:
            return True
    for constraint in table.constraints:
        cols = [c.name for c in getattr(constraint, "columns", [])]
        if type(constraint).__name__ == "UniqueConstraint" and cols == [key.name]:
            return True
    return False


def now_utc() -> dt.datetime:
    """Now, as naive UTC (how the state database stores times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
