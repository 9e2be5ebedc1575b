"""Engines for SQLite and PostgreSQL with the locking habits SyncDesk relies on.

SQLite: a transaction that reads and then writes fails at once with "database is
locked" when another connection wrote in between, whatever the busy timeout,
unless it begins with ``BEGIN IMMEDIATE``. Writing engines therefore begin that
way; reading engines begin a plain deferred transaction. The journal mode of an
app's database is never changed (it is not ours); only our own state database
uses WAL.
"""

from __future__ import annotations

import sqlite3
import stat
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.pool import QueuePool

from syncdesk.errors import UnavailableError, file_kind
from syncdesk.models import jsontext

#: seconds a statement waits for a lock held by another program before it gives up
DEFAULT_LOCK_WAIT = 10.0

#: the attribute a database error raised on an app's engine carries: which app (its title
#: and URL), for a message that names the database at fault
_SOURCE = "syncdesk_source"
_SOURCES: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()

#: the state's WAL settings, as whole statements (a PRAGMA takes no bound parameter):
#: - copied back into the database (checkpointed) once it holds 16,384 pages (64 MiB of
#:   4 KiB pages), not SQLite's 1,000: the inner and leaf pages of the key indexes that
#:   every batch of a job writes again are copied once per 64 MiB instead of once per
#:   batch (measured: an initial load of 100,000 records 12.0-12.2 s -> 11.5 s);
#: - after a checkpoint the WAL file is cut back to 64 MiB, so it never keeps more disk
WAL_PRAGMAS = (
    "PRAGMA wal_autocheckpoint = 16384",
    "PRAGMA journal_size_limit = 67108864",
)


def mask_url(url: str) -> str:
    """The URL as it may be shown or logged: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable URL>"


#: a URL that names the backend without a driver gets the one SyncDesk ships, not
#: SQLAlchemy's default (psycopg2 for ``postgresql://``, which is not installed)
DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg"}


def with_driver(url: URL) -> URL:
    """``url`` with SyncDesk's driver where it names none: ``postgresql://`` is psycopg's."""
    driver = DEFAULT_DRIVERS.get(url.drivername)
    return url.set(drivername=driver) if driver else url


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def make_engine(
    url: str,
    *,
    immediate: bool,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    must_exist: bool = True,
    what: str = "database",
    wal: bool = False,
) -> Engine:
    """An engine whose transactions begin deferred (reading) or immediate (writing).

    ``what`` names the database in messages, and on the errors its engine raises
    (:func:`source_of`): an app's title and URL, or the state database's URL.
    """
    parsed = with_driver(make_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        mode = path.stat().st_mode if path is not None and path.exists() else None
        if path is not None and must_exist and mode is None:
            raise UnavailableError(f"{what}: {path} does not exist")
        if mode is not None and not stat.S_ISREG(mode):
            raise UnavailableError(f"{what}: {path} is {file_kind(mode)}, not a database file")
        # connections are kept in a small pool: opening one reads the schema again, and
        # closing the last one of a WAL database checkpoints it (both cost more than most
        # of a job's statements)
        engine = create_engine(
            url,
            connect_args={"timeout": lock_wait, "check_same_thread": False},
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=16,
            json_serializer=jsontext.dumps,
            json_deserializer=jsontext.loads,
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            # take transaction control away from pysqlite; we emit BEGIN ourselves (the
            # bounded wait for a lock is sqlite3's own busy handler: ``timeout`` above)
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys = ON")
            if wal:
                cur.execute("PRAGMA journal_mode = WAL")
                # FULL, not NORMAL: a commit is on the disk before the apps are written, so
                # a power cut cannot keep an app's write and lose the journal entry that
                # announced it (recovery would not know it; the next job would copy the
                # record again). An fsync per state commit: 0.3 ms here, a few per job.
                cur.execute("PRAGMA synchronous = FULL")
                # SyncDesk's own state: a job writes couplings and log entries into indexes
                # of random keys; a page cache of 8 MiB instead of SQLite's 2 MiB keeps their
                # inner pages at hand (a fourth less time for those writes at 100,000)
                cur.execute("PRAGMA cache_size = -8192")
                for pragma in WAL_PRAGMAS:
                    cur.execute(pragma)
            cur.close()

        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql(begin)

        name_source(engine, what)
        return engine
    if backend == "postgresql":
        timeout_ms = int(lock_wait * 1000)
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=2,
            max_overflow=4,
            json_serializer=jsontext.dumps,
            json_deserializer=jsontext.loads,
            connect_args={
                "connect_timeout": max(1, int(lock_wait)),
                "options": f"-c lock_timeout={timeout_ms} -c statement_timeout=0",
                "application_name": "syncdesk",
            },
        )
        name_source(engine, what)
        return engine
    engine = create_engine(parsed, pool_pre_ping=True)
    name_source(engine, what)
    return engine


def name_source(engine: Engine, what: str) -> None:
    """Database errors raised on ``engine`` say they come from ``what`` (:func:`source_of`)."""
    _SOURCES[engine] = what
    event.listen(engine, "handle_error", _mark_source)


def _mark_source(ctx: ExceptionContext) -> None:
    if ctx.sqlalchemy_exception is not None and ctx.engine is not None:
        mark_source(ctx.sqlalchemy_exception, ctx.engine)


def mark_source(exc: BaseException, engine: Engine) -> None:
    """Tag ``exc`` with the app of ``engine``, if it has one (errors raised past SQLAlchemy)."""
    what = _SOURCES.get(engine)
    if what is not None:
        setattr(exc, _SOURCE, what)


def source_of(exc: BaseException) -> str | None:
    """The app a database error came from (title and URL), where its engine names one."""
    what = getattr(exc, _SOURCE, None)
    return what if isinstance(what, str) else None
