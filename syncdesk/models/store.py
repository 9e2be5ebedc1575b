"""Opening the state database: migrations, sessions, and the one-job-at-a-time lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from syncdesk.errors import UnavailableError
from syncdesk.models.db import DEFAULT_LOCK_WAIT, make_engine, mask_url, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
#: the newest schema revision (tests/test_state.py holds it to Alembic's head). A state
#: database at this revision opens without importing Alembic at all (a faster start).
SCHEMA_HEAD = "0004"


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

    def __init__(self, url: str, *, lock_wait: float = DEFAULT_LOCK_WAIT) -> None:
        self.url = url
        self.lock_wait = lock_wait
        self.is_sqlite = url.startswith("sqlite")
        self._local_lock = threading.Lock()
        try:
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.write_engine = make_engine(
                url,
                immediate=True,
                lock_wait=lock_wait,
                must_exist=False,
                wal=True,
                what="state database",
            )
            self.read_engine = make_engine(
                url,
                immediate=False,
                lock_wait=lock_wait,
                must_exist=False,
                wal=True,
                what="state database",
            )
            self._migrate()
        except UnavailableError:
            raise
        except (DBAPIError, OSError) as exc:
            raise UnavailableError(
                f"state database {mask_url(url)}: {describe_db_error(exc)}"
            ) from None
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    def _migrate(self) -> None:
        with self.write_engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # windows and workers starting at once on a new server: one migrates, the
                # others wait here (the lock ends with the transaction) and find it done
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
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
        with self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
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
            if self.is_sqlite and sqlite_path(self.url) is not None:
                with _file_lock(Path(f"{sqlite_path(self.url)}.lock"), deadline):
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
        with self.read_engine.connect() as conn:
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
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": JOB_LOCK_KEY})
                conn.commit()


@contextlib.contextmanager
def _file_lock(path: Path, deadline: float) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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


def describe_db_error(exc: BaseException) -> str:
    """One readable line for a database error, without SQL or a traceback."""
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if "file is not a database" in text_:
        return "not a database file (corrupt, or another kind of file)"
    if "unable to open database file" in text_:
        return "cannot open the database file (missing folder or no permission)"
    return _mask_secrets(text_)


def _mask_secrets(text_: str) -> str:
    """A driver's message that echoes a URL or a libpq conninfo shows no password."""
    text_ = re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text_)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text_, flags=re.I)
