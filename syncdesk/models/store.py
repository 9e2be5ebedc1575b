"""Opening the state database: migrations, sessions, and the one-job-at-a-time lock."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from syncdesk import private_files
from syncdesk.errors import UnavailableError, WorkspaceError
from syncdesk.models.db import (
    DEFAULT_LOCK_WAIT,
    make_engine,
    mask_url,
    source_of,
    sqlite_path,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
#: the newest schema revision (tests/test_state.py holds it to Alembic's head). A state
#: database at this revision opens without importing Alembic at all (a faster start).
SCHEMA_HEAD = "0008"

log = logging.getLogger(__name__)

#: tables every SyncDesk state database has; a database with other tables and not these
#: is someone else's (an app's, say) and is refused untouched
STATE_TABLES = frozenset({"coupling", "job", "sync_error", "log_entry", "queue_entry"})

#: the attribute :meth:`StateStore` sets on a database error raised by its own engines
_FROM_STATE = "syncdesk_state_url"


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _stored_revision(conn: Connection) -> str | None:
    """The revision in ``alembic_version``, read with plain SQL (None: no such table)."""
    if conn.dialect.name == "sqlite":
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).scalar()
    else:
        exists = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    if not exists:
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


#: PostgreSQL advisory lock keys of a state database: one job at a time, one migration
JOB_LOCK_KEY = 74757001
MIGRATE_LOCK_KEY = 74757002


class StateStore:
    """The state database of one workspace.

    ``read()`` and ``write()`` give a session for one unit of work; ``write()``
    commits at the end (and on SQLite begins ``IMMEDIATE``). Each thread uses its
    own sessions; engines are safe to share.
    """

    def __init__(
        self, url: str, *, lock_wait: float = DEFAULT_LOCK_WAIT, workspace: Path | None = None
    ) -> None:
        """``workspace``: the workspace file, named in a message about its state setting."""
        self.url = url
        self.lock_wait = lock_wait
        self.workspace = workspace
        self.is_sqlite = url.startswith("sqlite")
        self._local_lock = threading.Lock()
        self.path = sqlite_path(url) if self.is_sqlite else None
        try:
            if self.path is not None:
                # before any engine connects: a connection switches the file to WAL
                _check_sqlite_state(self.path, url, lock_wait, workspace)
                private_files.make_folder(self.path.parent)
                if not private_files.create_file(self.path):
                    for own in self.files():
                        private_files.tighten(own)
            self.write_engine = make_engine(
                url,
                immediate=True,
                lock_wait=lock_wait,
                must_exist=False,
                wal=True,
                what=f"state database {mask_url(url)}",
            )
            self.read_engine = make_engine(
                url,
                immediate=False,
                lock_wait=lock_wait,
                must_exist=False,
                wal=True,
                what=f"state database {mask_url(url)}",
            )
            for engine in (self.write_engine, self.read_engine):
                event.listen(engine, "handle_error", self._mark_error)
            self._migrate()
        except (UnavailableError, WorkspaceError):
            self._dispose_engines()
            raise
        except (DBAPIError, OSError) as exc:
            self._dispose_engines()
            raise self.unavailable(exc, always=True) from None
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    def files(self) -> list[Path]:
        """A SQLite state's files: the database, its ``-wal``, ``-shm`` and job lock."""
        if self.path is None:
            return []
        return [self.path, *(Path(f"{self.path}{end}") for end in ("-wal", "-shm", ".lock"))]

    def _mark_error(self, ctx: ExceptionContext) -> None:
        """Remember on a database error that it came from the state database."""
        if ctx.sqlalchemy_exception is not None:
            setattr(ctx.sqlalchemy_exception, _FROM_STATE, self.url)

    def _dispose_engines(self) -> None:
        for name in ("write_engine", "read_engine"):
            engine: Engine | None = getattr(self, name, None)
            if engine is not None:
                engine.dispose()

    def unavailable(self, exc: BaseException, *, always: bool = False) -> UnavailableError:
        """One line for a state database error: what went wrong and what to do about it."""
        return UnavailableError(
            f"state database {mask_url(self.url)}: {_state_trouble(exc, self.path, always)}"
        )

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """The state's own database errors that no retry cures, as one readable line.

        A full disk, a read-only file, a lost connection: :class:`UnavailableError` (exit
        status 3 on the command line, a readable line in the window). Other errors, and
        errors of the apps' databases met inside a state session, pass unchanged.
        """
        try:
            yield
        except DBAPIError as exc:
            if getattr(exc, _FROM_STATE, None) == self.url and _state_trouble(
                exc, self.path, False
            ):
                raise self.unavailable(exc) from None
            raise

    def _migrate(self) -> None:
        with self.write_engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # windows and workers starting at once on a new server: one migrates, the
                # others wait here (the lock ends with the transaction) and find it done
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
                _check_pg_state(conn, self.url, self.workspace)
            if _stored_revision(conn) == SCHEMA_HEAD:
                return
            from alembic import command
            from alembic.runtime.migration import MigrationContext
            from alembic.script import ScriptDirectory

            current = MigrationContext.configure(conn).get_current_revision()
            script = ScriptDirectory.from_config(_alembic_config())
            if current is not None and not _known_revision(script, current):
                raise UnavailableError(
                    f"state database {mask_url(self.url)} was written by a newer SyncDesk "
                    f"(schema {current}); update SyncDesk to open it"
                )
            if current != script.get_current_head():
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on an error."""
        with self._translated(), self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._translated(), self._read() as session:
            yield session

    @contextlib.contextmanager
    def job_lock(self, wait: float | None = None) -> Iterator[None]:
        """Only one writing job per workspace at a time, across threads and processes.

        The lock dies with its holder (a killed process releases it), so the next
        job can recover what a killed one left pending.
        """
        wait = self.lock_wait if wait is None else wait
        deadline = time.monotonic() + wait
        if not self._local_lock.acquire(timeout=max(wait, 0)):
            raise UnavailableError("another job is running on this workspace; try again later")
        try:
            if self.path is not None:
                with _file_lock(Path(f"{self.path}.lock"), deadline, self.url):
                    yield
            elif self.url.startswith("postgresql"):
                with self._pg_lock(deadline):
                    yield
            else:
                yield
        finally:
            self._local_lock.release()

    @contextlib.contextmanager
    def _pg_lock(self, deadline: float) -> Iterator[None]:
        with self._translated(), self.read_engine.connect() as conn:
            while True:
                got = conn.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": JOB_LOCK_KEY}
                ).scalar()
                conn.commit()
                if got:
                    break
                if time.monotonic() > deadline:
                    raise UnavailableError(
                        "another job is running on this workspace; try again later"
                    )
                time.sleep(0.1)
            try:
                yield
            finally:
                _pg_unlock(conn)


def _pg_unlock(conn: Connection) -> None:
    """Give the job lock back. On a connection the server dropped (stopped, restarted,
    the backend killed) the lock went with the session: nothing to give back, and the
    error that stopped the job, not this one, is the one to tell."""
    try:
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": JOB_LOCK_KEY})
        conn.commit()
    except DBAPIError as exc:
        log.info("job lock not given back (%s): it ended with its session", describe_db_error(exc))
        with contextlib.suppress(Exception):
            conn.invalidate()


@contextlib.contextmanager
def _file_lock(path: Path, deadline: float, url: str) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, private_files.FILE_MODE)
    except OSError as exc:
        raise UnavailableError(
            f"state database {mask_url(url)}: cannot open its lock file {path} "
            f"({exc.strerror or exc}{_mode_note(path)}); make it writable and run again"
        ) from None
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UnavailableError(
                        "another job is running on this workspace; try again later"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for an unknown revision
        return False


# -- is it ours? ---------------------------------------------------------------------------


def _is_state(tables: set[str], versions: Iterable[str]) -> bool:
    """True for a new (empty) database and for one that holds SyncDesk's state."""
    if not tables or tables >= STATE_TABLES:
        return True
    if tables == {"alembic_version"}:  # a migration begun by SyncDesk, nothing else
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(_alembic_config())
        return all(_known_revision(script, v) for v in versions)
    return False


def _not_ours(url: str, tables: set[str], workspace: Path | None) -> WorkspaceError:
    names = sorted(tables)
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    where = f"{workspace}: " if workspace else ""
    return WorkspaceError(
        f"{where}[workspace] state: {mask_url(url)} holds other tables ({shown}) and no SyncDesk "
        "state, so it was left untouched; give the state a database of its own "
        "(a new file, or an empty PostgreSQL database or schema)"
    )


def _check_sqlite_state(path: Path, url: str, lock_wait: float, workspace: Path | None) -> None:
    """Refuse an existing SQLite file that is someone else's database; change nothing.

    Read through a read-only connection of its own (SyncDesk's engines would switch the
    file to WAL as they connect).
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return  # new: SyncDesk makes it
    except OSError:
        return  # the engine says why it cannot be opened
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=lock_wait)
    except sqlite3.Error:
        return  # as above
    try:
        tables = {
            str(r[0])
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%'"
            )
        }
        versions: list[str] = []
        if tables == {"alembic_version"}:
            versions = [str(r[0]) for r in con.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error as exc:
        raise UnavailableError(
            f"state database {mask_url(url)}: {_state_trouble(exc, path, True)}"
        ) from None
    finally:
        con.close()
    if not _is_state(tables, versions):
        raise _not_ours(url, tables, workspace)


def _check_pg_state(conn: Connection, url: str, workspace: Path | None) -> None:
    """Refuse a PostgreSQL schema that holds other tables and no SyncDesk state."""
    tables = set(
        conn.execute(
            text(
                "SELECT c.relname FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            )
        ).scalars()
    )
    versions: list[str] = []
    if tables == {"alembic_version"}:
        versions = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if not _is_state(tables, versions):
        raise _not_ours(url, tables, workspace)


# -- what went wrong, in one line ------------------------------------------------------------

#: PostgreSQL error codes that say the server or the connection failed, not the statement:
#: connection exceptions, the server shutting down or starting up, insufficient resources,
#: no such database (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_PG_UNAVAILABLE = ("08", "57P", "53", "3D000")


def _state_trouble(exc: BaseException, path: Path | None, always: bool) -> str:
    """Why the state database cannot be used now, and what to do; "" when that is not so.

    ``always``: every error gets its one line (opening the database), not only these.
    """
    orig = getattr(exc, "orig", None) or exc
    low = str(orig).lower()
    first = describe_db_error(exc)
    sqlstate = str(getattr(orig, "sqlstate", "") or "")
    if "database or disk is full" in low or "no space left" in low or sqlstate == "53100":
        where = f"the disk that holds {path}" if path else "the database server's disk"
        return f"the disk is full ({first}); free space on {where} and run again"
    if "readonly database" in low or "read-only file system" in low or sqlstate == "25006":
        return _read_only(path, first)
    if "disk i/o error" in low:
        where = f" on the disk that holds {path}" if path else ""
        return f"the disk reported an error ({first}); check the disk{where}"
    if "unable to open database file" in low and path is not None:
        blocked = _unwritable(path)
        if blocked:
            return _read_only(path, first)
        return first
    if getattr(exc, "connection_invalidated", False) or _pg_unavailable(orig, sqlstate):
        return f"the server cannot be reached ({first}); the next run tries again"
    return first if always else ""


def _pg_unavailable(orig: BaseException, sqlstate: str) -> bool:
    if not type(orig).__module__.startswith("psycopg"):
        return False  # not PostgreSQL: and psycopg is not imported for nothing
    import psycopg

    if sqlstate:
        return sqlstate.startswith(_PG_UNAVAILABLE)
    # no code: the client library's own (connection failed, the connection is closed)
    return isinstance(orig, (psycopg.OperationalError, psycopg.InterfaceError))


def state_unavailable(exc: BaseException) -> UnavailableError | None:
    """A state database error that reached the top (outside :meth:`StateStore.read` and
    :meth:`StateStore.write`) as one line, or None when it is not one of the state's."""
    url = getattr(exc, _FROM_STATE, None)
    if not isinstance(url, str) or not isinstance(exc, DBAPIError):
        return None
    why = _state_trouble(exc, sqlite_path(url), False)
    if not why and "locked" in str(exc.orig).lower():
        why = f"{describe_db_error(exc)}; another program holds it: try again later"
    return UnavailableError(f"state database {mask_url(url)}: {why}") if why else None


def _unwritable(path: Path) -> list[Path]:
    """The state's files (and its folder) this user cannot write."""
    found = [
        p
        for p in (path, *(Path(f"{path}{end}") for end in ("-wal", "-shm")))
        if p.exists() and not os.access(p, os.W_OK)
    ]
    if not found and not os.access(path.parent, os.W_OK | os.X_OK):
        found.append(path.parent)
    return found


def _mode_note(path: Path) -> str:
    try:
        return f", mode {os.stat(path).st_mode & 0o7777:04o}"
    except OSError:
        return ""


def _read_only(path: Path | None, first: str) -> str:
    if path is None:
        return f"the database is read-only ({first}); SyncDesk needs to write to it"
    blocked = _unwritable(path)
    if not blocked:
        return f"the database is read-only ({first}); SyncDesk needs to write to {path}"
    named = ", ".join(f"{p}{_mode_note(p).replace(', ', ' (', 1)})" for p in blocked)
    return (
        f"read-only: SyncDesk cannot write {named}; give your user write permission "
        f"on {'it' if len(blocked) == 1 else 'them'} (chmod u+w) and run again"
    )


def describe_db_error(exc: BaseException) -> str:
    """One readable line for a database error, without SQL or a traceback."""
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if "file is not a database" in text_:
        return "not a database file (corrupt, or another kind of file)"
    if "unable to open database file" in text_:
        return "cannot open the database file (missing folder or no permission)"
    return _mask_secrets(text_)


def describe_db_error_at(exc: BaseException) -> str:
    """:func:`describe_db_error` after the database it came from, where that is known: a
    damaged table or a server gone is then named, not left to guess among the three; a
    state trouble SyncDesk knows what to do about says so (:func:`state_unavailable`)."""
    known = state_unavailable(exc)
    if known is not None:
        return str(known)
    text_ = describe_db_error(exc)
    where = source_of(exc)
    return f"{where}: {text_}" if where else text_


def _mask_secrets(text_: str) -> str:
    """A driver's message that echoes a URL or a libpq conninfo shows no password."""
    text_ = re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text_)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text_, flags=re.I)
