"""Shared test setup for SyncDesk.

Qt runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise; this must be set
before anything imports Qt, hence at the top of this module.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# windows open in tests must not run due job queue entries by themselves, except in the
# queue's own tests (tests/test_queue_view.py sets a short interval on its window)
os.environ.setdefault("SYNCDESK_QUEUE_POLL_MS", "3600000")
# nor look for changes made elsewhere, except where a test watches (it sets the interval)
os.environ.setdefault("SYNCDESK_WATCH_MS", "3600000")
# the window speaks the system's language: tests see English with US dates and numbers,
# whatever this machine's locale (tests of the Dutch window choose Dutch themselves)
os.environ["LANG"] = os.environ["LC_ALL"] = "en_US.UTF-8"
os.environ["LANGUAGE"] = "en_US:en"

import re
import threading
import time
import uuid
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import Env, sqlite_env
from pgserver import PgServer, PgServerError, PgUrlFactory

# ----------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole session (see tests/pgserver.py).

    If it cannot start, the tests that need it fail when CI is set, and are skipped otherwise.
    """
    server = PgServer()
    try:
        server.start()
    except (PgServerError, OSError) as exc:
        reason = f"PostgreSQL test server unavailable: {exc}"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


def _database_name(prefix: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]+", "_", prefix.lower()).strip("_")[:40] or "db"
    return f"{cleaned}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def pg_url_factory(pg_server: PgServer) -> Iterator[PgUrlFactory]:
    """A callable ``(prefix: str) -> str``: creates a uniquely named database, returns its URL.

    The URL uses the psycopg 3 driver (``postgresql+psycopg://...``). Every database made
    here is dropped at teardown with ``DROP DATABASE ... WITH (FORCE)``, so connections a
    test left open do not block it.
    """
    created: list[str] = []

    def make(prefix: str) -> str:
        name = _database_name(prefix)
        url = pg_server.create_database(name)
        created.append(name)
        return url

    yield make
    for name in reversed(created):
        pg_server.drop_database(name)


# ----------------------------------------------------------------------------------------
# Isolation of user settings and state
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserDirs:
    config: Path
    data: Path
    state: Path
    cache: Path
    runtime: Path


@pytest.fixture(autouse=True, scope="session")
def window_language(qapp: object) -> Iterator[None]:
    """The window's texts in English, with its plural forms ("1 error", "2 errors")."""
    from syncdesk.ui import i18n

    i18n.install("en")
    yield


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """Point the XDG base directories at folders under ``tmp_path / "xdg"``.

    platformdirs and Qt's QStandardPaths/QSettings read these, so no test sees or writes the
    real user's settings. XDG_RUNTIME_DIR is set too (mode 0700), so Qt does not warn about
    a missing one. Request this fixture by name to learn the paths.
    """
    root = tmp_path / "xdg"
    dirs = UserDirs(
        config=root / "config",
        data=root / "data",
        state=root / "state",
        cache=root / "cache",
        runtime=root / "runtime",
    )
    for var, path in (
        ("XDG_CONFIG_HOME", dirs.config),
        ("XDG_DATA_HOME", dirs.data),
        ("XDG_STATE_HOME", dirs.state),
        ("XDG_CACHE_HOME", dirs.cache),
        ("XDG_RUNTIME_DIR", dirs.runtime),
    ):
        path.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(var, str(path))
    return dirs


# ----------------------------------------------------------------------------------------
# No test may leave a thread running
# ----------------------------------------------------------------------------------------

THREAD_JOIN_GRACE_S = 2.0
_IGNORED_THREAD_PREFIXES = ("pydevd", "asyncio")


def _is_ignored_thread(thread: threading.Thread) -> bool:
    # Threads Python did not start (Qt's QThreads that ran Python code) show up as
    # _DummyThread objects that never go away; they are Qt's business, not this check's.
    if isinstance(thread, threading._DummyThread):
        return True
    return thread.name.startswith(_IGNORED_THREAD_PREFIXES)


def _new_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not _is_ignored_thread(t)
    ]


@pytest.fixture(autouse=True)
def no_thread_leaks() -> Iterator[None]:
    """Fail a test that leaves running a Python thread it started.

    Threads get ``THREAD_JOIN_GRACE_S`` seconds in all to end after the test and its other
    fixtures are torn down. Threads named ``pydevd*`` or ``asyncio*`` are not counted.
    """
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_JOIN_GRACE_S
    for thread in _new_threads(before):
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    leaked = _new_threads(before)
    if leaked:
        described = ", ".join(
            f"{t.name!r} (daemon={t.daemon}, ident={t.ident}, target="
            f"{getattr(getattr(t, '_target', None), '__qualname__', '?')})"
            for t in leaked
        )
        pytest.fail(
            f"test left {len(leaked)} thread(s) running after {THREAD_JOIN_GRACE_S:.0f} s: "
            f"{described}",
            pytrace=False,
        )


# ========================================================================================
# Other fixtures: append below this line. Keep the section above as it is; the PostgreSQL,
# user-dirs and thread-leak fixtures are relied on by the whole suite and by ./dev test.
# ========================================================================================


#: the PostgreSQL fixtures: a test that asks for one (directly, through another fixture or
#: with ``request.getfixturevalue``) must carry the ``postgres`` marker, so that
#: ``-m 'not postgres'`` runs none of them
PG_FIXTURES = frozenset({"pg_server", "pg_url_factory"})


def _no_marker(nodeid: str, how: str) -> str:
    return (
        f"{nodeid} {how} but has no postgres marker: add @pytest.mark.postgres, or "
        'pytest.param("postgres", marks=pytest.mark.postgres) to its parameters'
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A parametrised test's "postgres" case must carry the marker: else the run stops."""
    unmarked = [
        item.nodeid
        for item in items
        if "postgres" in getattr(getattr(item, "callspec", None), "params", {}).values()
        and item.get_closest_marker("postgres") is None
    ]
    if unmarked:
        raise pytest.UsageError(_no_marker(unmarked[0], "has a PostgreSQL case"))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test whose fixtures name the PostgreSQL server fails before the server starts."""
    used = PG_FIXTURES & set(getattr(item, "fixturenames", ()))
    if used and item.get_closest_marker("postgres") is None:
        how = f"uses the PostgreSQL server ({', '.join(sorted(used))})"
        pytest.fail(_no_marker(item.nodeid, how), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    """And one that asks for a database at run time (``request.getfixturevalue``) fails."""
    result = yield
    item = request.node
    if (
        fixturedef.argname == "pg_url_factory"
        and isinstance(item, pytest.Item)
        and item.get_closest_marker("postgres") is None
    ):
        how = "uses the PostgreSQL server (pg_url_factory)"
        pytest.fail(_no_marker(item.nodeid, how), pytrace=False)
    return result


#: the two backends, for ``@pytest.mark.parametrize`` and fixture parameters
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    """Two apps and the state on SQLite files, or all three on the PostgreSQL test server."""
    if request.param == "sqlite":
        e = sqlite_env(tmp_path)
    else:
        make = request.getfixturevalue("pg_url_factory")
        e = Env(tmp_path, make("erp"), make("crm"), make("state"))
    yield e
    e.dispose()


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Env]:
    """The same, on SQLite only: for tests about SQLite itself or too slow to run twice."""
    e = sqlite_env(tmp_path)
    yield e
    e.dispose()
