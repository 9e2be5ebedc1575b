"""One app's database as a job meets it: the engines that read and write it, and its
tables, reflected once. What a mapping reads and writes there is
:mod:`syncdesk.sync.endpoint` (and :mod:`syncdesk.sync.side_table`).
"""

from __future__ import annotations

import re
import warnings

from sqlalchemy import Connection, Engine, MetaData, Table, inspect, text
from sqlalchemy.exc import DBAPIError, NoSuchTableError, SAWarning, SQLAlchemyError

from syncdesk.errors import UnavailableError, WorkspaceError
from syncdesk.models.db import DEFAULT_LOCK_WAIT, make_engine, mask_url
from syncdesk.models.store import describe_db_error
from syncdesk.workspace import AppConfig, Mapping, Workspace

#: SQLAlchemy's words for a column type it does not know
_UNKNOWN_TYPE = re.compile(r"Did not recognize type '(?P<type>.+)' of column '(?P<column>.+)'$")

#: how long a scan waits for another writer to finish before it notes the app was busy
QUIET_WAIT = 0.5


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
        self.dialect = self.read_engine.dialect.name
        self._quiet_engine: Engine | None = None
        self._tables: dict[str, Table] = {}
        self._metadata = MetaData()
        self._autoincrement: dict[str, bool] = {}

    def quiet_engine(self) -> Engine:
        """SQLite: a writing engine that waits :data:`QUIET_WAIT` for the lock, not the
        workspace's lock wait (a scan's quiet moment; made on first use)."""
        if self._quiet_engine is None:
            self._quiet_engine = make_engine(
                self.config.url, immediate=True, lock_wait=QUIET_WAIT, what=self.what
            )
        return self._quiet_engine

    def dispose(self) -> None:
        self.read_engine.dispose()
        self.write_engine.dispose()
        if self._quiet_engine is not None:
            self._quiet_engine.dispose()

    def check(self) -> None:
        """Open the database once, so that an unreachable or corrupt one fails early."""
        try:
            with self.read_engine.connect() as conn:
                inspect(conn).get_table_names()
        except (DBAPIError, SQLAlchemyError) as exc:
            raise UnavailableError(f"{self.what}: {describe_db_error(exc)}") from None

    def has_autoincrement(self, table: Table) -> bool:
        """SQLite: the table was made with AUTOINCREMENT (its keys are never given twice)."""
        if table.name not in self._autoincrement:
            with self.read_engine.connect() as conn:
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n"),
                    {"n": table.name},
                ).scalar()
            self._autoincrement[table.name] = "AUTOINCREMENT" in str(sql or "").upper()
        return self._autoincrement[table.name]

    def table(self, name: str, mapping: Mapping) -> Table:
        if name not in self._tables:
            schema, _, bare = name.rpartition(".")
            try:
                with self.read_engine.connect() as conn:
                    if self.dialect == "sqlite":
                        bare = _stored_name(conn, schema, bare)
                    with warnings.catch_warnings(record=True) as said:
                        # a column type SQLAlchemy does not know (PostgreSQL xml, point)
                        # is read as text; an index on an expression is not needed: said
                        # on stderr with a line of source, it read as a crash
                        warnings.simplefilter("always", SAWarning)
                        table = Table(
                            bare, self._metadata, schema=schema or None, autoload_with=conn
                        )
                    for w in said:
                        unknown = _UNKNOWN_TYPE.match(str(w.message))
                        if unknown is not None and unknown["column"] in table.c:
                            # the database's own name for it, for the Mappings page
                            table.c[unknown["column"]].info["db_type"] = unknown["type"]
                    _unwrap_domains(table)
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

    def table_identity(self, table: Table) -> tuple[object, ...] | None:
        """PostgreSQL: what tells one table apart from every other, whatever URL or name
        reaches it (``localhost`` or ``127.0.0.1``, ``t`` or ``public.t``): the server's
        start, the database and the table's OID. None elsewhere."""
        if self.dialect != "postgresql":
            return None
        try:
            with self.read_engine.connect() as conn:
                name = conn.dialect.identifier_preparer.format_table(table)
                row = conn.execute(
                    text(
                        "SELECT pg_postmaster_start_time(), current_database(), "
                        "CAST(:t AS regclass)::oid"
                    ),
                    {"t": name},
                ).one()
        except (DBAPIError, SQLAlchemyError):
            return None  # a server that cannot say (one only like PostgreSQL): not known
        return tuple(row)


def _unwrap_domains(table: Table) -> None:
    """PostgreSQL: a column of a domain (``CREATE DOMAIN year AS integer CHECK ...``) holds
    values of its base type, and is read and written as one; its name stays for the
    Mappings page. (Before, such a column was of no kind SyncDesk knew: "values may not
    fit" both ways, for an integer mapped onto an integer.)"""
    for col in table.columns:
        base = getattr(col.type, "data_type", None)
        if type(col.type).__name__ == "DOMAIN" and base is not None:
            col.info["db_type"] = f"{col.type.name} ({base})"  # type: ignore[attr-defined]
            col.type = base


def _stored_name(conn: Connection, schema: str, name: str) -> str:
    """SQLite: a table's name as it was created. SQLite finds a table by its name in any
    case, but SQLAlchemy reads its primary key, unique and check constraints from the
    CREATE statement stored under the exact name: reflected as ``customer``, a table made
    as ``Customer`` had no primary key (its key was taken as not unique)."""
    master = "sqlite_master"
    if schema:
        master = f"{conn.dialect.identifier_preparer.quote(schema)}.sqlite_master"
    names = (
        conn.execute(
            text(
                f"SELECT name FROM {master} WHERE type IN ('table', 'view') "
                "AND name = :n COLLATE NOCASE"
            ),
            {"n": name},
        )
        .scalars()
        .all()
    )
    return name if name in names or len(names) != 1 else str(names[0])


__all__ = ["QUIET_WAIT", "App"]
