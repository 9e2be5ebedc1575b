"""An opened workspace: its state database, both apps and every mapping validated."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping as Passwords
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import inspect, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from syncdesk import credentials
from syncdesk.errors import UnavailableError, WorkspaceError
from syncdesk.models import QueueEntry, StateStore
from syncdesk.models.bulk import dialect_insert
from syncdesk.models.db import DEFAULT_LOCK_WAIT, sqlite_path
from syncdesk.models.store import describe_db_error
from syncdesk.sync.app_db import App
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.field_kinds import align_kinds, refuse_computed
from syncdesk.sync.side_table import SideTable
from syncdesk.workspace import (
    SIDES,
    Mapping,
    Side,
    Workspace,
    load_workspace,
    one_table,
    shown,
)


@dataclass(frozen=True)
class MappingTables:
    mapping: Mapping
    left: SideTable
    right: SideTable

    def side(self, side: Side) -> SideTable:
        return self.left if side == "left" else self.right


class Integration:
    """Everything a job or an action needs. Engines are shared; sessions are not.

    Passwords come from where the workspace says (:mod:`syncdesk.credentials`);
    ``passwords`` (``{"left" | "right" | "state": password}``, e.g. typed into the window)
    win over those sources. ``workspace`` keeps the URLs as written in the file; only the
    engines see the passwords.
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        lock_wait: float = DEFAULT_LOCK_WAIT,
        passwords: Passwords[credentials.Target, str] | None = None,
    ) -> None:
        self.workspace = workspace
        self.apps: dict[Side, App] = {}
        self.store: StateStore | None = None
        urls = credentials.resolve(workspace, passwords)
        try:
            for side in SIDES:
                config = replace(workspace.apps[side], url=urls[side])
                self.apps[side] = App(config, workspace, lock_wait)
            for app in self.apps.values():
                app.check()
            self.tables: dict[str, MappingTables] = {}
            for m in workspace.mappings:
                for side in SIDES:
                    _check_schema(self.apps[side], m, side)
                left = SideTable(
                    self.apps["left"], m, "left", self.apps["left"].table(m.left.table, m)
                )
                right = SideTable(
                    self.apps["right"], m, "right", self.apps["right"].table(m.right.table, m)
                )
                align_kinds(m, left, right)
                refuse_computed(m, left, right)
                _refuse_one_table(m, left, right)
                self.tables[m.name] = MappingTables(m, left, right)
            _refuse_a_new_state_beside_an_old_one(workspace)
            self.store = StateStore(urls["state"], lock_wait=lock_wait, workspace=workspace.path)
            self.ensure_queue()
        except BaseException:
            self.close()
            raise

    @property
    def state(self) -> StateStore:
        assert self.store is not None
        return self.store

    def close(self) -> None:
        for app in self.apps.values():
            app.dispose()
        if self.store is not None:
            self.store.dispose()

    def __enter__(self) -> Integration:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def mapping_tables(self, name: str) -> MappingTables:
        return self.tables[self.workspace.mapping(name).name]

    def ensure_queue(self) -> None:
        """A new state database starts with one job queue entry per mapping, every 30 minutes."""
        names = {m.name for m in self.workspace.mappings}
        # mostly every mapping has its entry: read, and write only when one is missing
        # (a write transaction is a commit to the disk on every start of the program)
        with self.state.read() as s:
            if names <= set(s.scalars(select(QueueEntry.mapping))):
                return
        with self.state.write() as s:
            have = set(s.scalars(select(QueueEntry.mapping)))
            now = now_utc()
            new = [
                {"mapping": m.name, "every_minutes": 30, "enabled": True, "next_run": now}
                for m in self.workspace.mappings
                if m.name not in have
            ]
            if new:
                # another window or worker opening the same new state may add them first
                stmt = dialect_insert(s.get_bind().dialect.name, QueueEntry)
                s.execute(stmt.on_conflict_do_nothing(), new)


def _refuse_a_new_state_beside_an_old_one(workspace: Workspace) -> None:
    """The state a workspace file names by default is ``<file name>.state.db`` beside it:
    a file renamed (or copied under a new name) would start afresh, find no coupling and
    copy every record into the other app again. Refused while no such state exists yet and
    another one beside it holds couplings of this workspace's mappings; a ``state`` set in
    the file is the administrator's own choice."""
    path = sqlite_path(workspace.state_url)
    if not workspace.state_default or path is None or path.exists():
        return
    names = {m.name for m in workspace.mappings}
    for other in sorted(path.parent.glob("*.state.db")):
        held = _mappings_held(other) & names
        if held:
            raise WorkspaceError(
                f"{workspace.path}: its state database {path.name} does not exist yet, but "
                f"{other.name} beside it holds couplings of its mappings "
                f"({', '.join(sorted(held))}): a new state would copy every record into the "
                f"other app again. If this file was renamed, rename {other.name} to "
                f'{path.name} too, or set state = "sqlite:///{other.name}" in [workspace]; '
                "to start afresh on purpose, set state to a new file there"
            )


def _mappings_held(path: Path) -> set[str]:
    """The mappings a SyncDesk state file holds couplings of (read only; none if it is not
    one, or cannot be read)."""
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return set()
    try:
        return {str(r[0]) for r in con.execute("SELECT DISTINCT mapping FROM coupling")}
    except sqlite3.Error:
        return set()
    finally:
        con.close()


def _refuse_one_table(mapping: Mapping, left: SideTable, right: SideTable) -> None:
    """Both apps one PostgreSQL table, reached by two URLs or names the workspace file
    cannot tell are one (the file's own check: :func:`syncdesk.workspace.parse_workspace`)."""
    same = left.app.table_identity(left.table)
    if same is not None and same == right.app.table_identity(right.table):
        raise WorkspaceError(f"{left.app.workspace_path}: {one_table(mapping)}")


def _check_schema(app: App, mapping: Mapping, side: Side) -> None:
    """A schema-qualified table (``sales.account``) names a schema the app has.

    (SQLite would otherwise say "unknown database", as if the app could not be opened.)
    """
    schema, dot, _bare = mapping.table(side).table.rpartition(".")
    if not dot:
        return
    try:
        with app.read_engine.connect() as conn:
            schemas = inspect(conn).get_schema_names()
    except (DBAPIError, SQLAlchemyError) as exc:
        raise UnavailableError(f"{app.what}: {describe_db_error(exc)}") from None
    if schema not in schemas:
        raise WorkspaceError(
            f"{app.workspace_path}: mapping {mapping.name}: {side} table "
            f"{shown(mapping.table(side).table)}: {app.config.title} has no schema "
            f"{shown(schema)} (schemas: {', '.join(sorted(schemas)) or 'none'})"
        )


def open_integration(
    path: str | Path,
    *,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    passwords: Passwords[credentials.Target, str] | None = None,
) -> Integration:
    return Integration(load_workspace(path), lock_wait=lock_wait, passwords=passwords)
