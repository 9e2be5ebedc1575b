"""A throwaway PostgreSQL server for the test session.

``PgServer().start()`` runs ``initdb`` into a fresh temporary directory and starts a server
there that listens on 127.0.0.1 only, on a free port, with trust authentication and
durability switched off (fast, and nothing in it is worth keeping). ``stop()`` kills it
and removes the directory.

The server binaries come from Debian's ``postgresql`` package (``/usr/lib/postgresql/N/bin``,
the newest N wins); ``./dev test`` installs it when missing. ``initdb`` refuses to run as
root, so as root the directory is handed to the ``postgres`` system user and the server
programs run through ``runuser -u postgres --``.

When the environment variable ``SYNCDESK_TEST_PG_URL`` holds the URL of an existing server
(any SQLAlchemy or libpq style ``postgresql://user[:password]@host[:port][/db]`` URL whose
user may create databases), that server is used instead and nothing is started.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

ENV_URL = "SYNCDESK_TEST_PG_URL"
PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"
HOST = "127.0.0.1"
READY_TIMEOUT_S = 30.0
_SETTINGS = {
    "listen_addresses": HOST,
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


PgUrlFactory = Callable[[str], str]
"""Type of the ``pg_url_factory`` fixture: ``(prefix) -> SQLAlchemy URL of a fresh database``."""


class PgServerError(RuntimeError):
    """The test server could not be found, started or reached."""


def find_bindir() -> Path:
    """Return the newest ``/usr/lib/postgresql/N/bin`` that has ``initdb`` and ``pg_ctl``."""
    candidates: list[tuple[tuple[int, ...], Path]] = []
    for initdb in PG_ROOT.glob("*/bin/initdb"):
        bindir = initdb.parent
        if not (bindir / "pg_ctl").exists():
            continue
        version = tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name))
        candidates.append((version, bindir))
    if candidates:
        return max(candidates)[1]
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    raise PgServerError(
        f"no PostgreSQL server binaries (initdb, pg_ctl) under {PG_ROOT}/*/bin or on PATH; "
        "install the Debian package 'postgresql' (./dev test does it when run as root) "
        f"or set {ENV_URL} to an existing server"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class PgServer:
    """One PostgreSQL server for the tests: started here, or an existing one (see module doc)."""

    def __init__(self, external_url: str | None = None) -> None:
        if external_url is None:
            external_url = os.environ.get(ENV_URL) or None
        self._external: URL | None = make_url(external_url) if external_url else None
        self._base: Path | None = None
        self._bindir: Path | None = None
        self._port: int | None = None
        self._as_postgres = False
        self._atexit_registered = False

    # -- properties ---------------------------------------------------------------------

    @property
    def external(self) -> bool:
        """True when the server comes from ``SYNCDESK_TEST_PG_URL`` (nothing started here)."""
        return self._external is not None

    @property
    def running(self) -> bool:
        return self._external is not None or self._port is not None

    @property
    def host(self) -> str:
        if self._external is not None:
            return self._external.host or "localhost"
        return HOST

    @property
    def port(self) -> int:
        if self._external is not None:
            return self._external.port or 5432
        if self._port is None:
            raise PgServerError("the server is not started")
        return self._port

    @property
    def data_dir(self) -> Path | None:
        """The cluster's data directory (None for an external server or before start)."""
        return None if self._base is None else self._base / "data"

    # -- URLs and databases -------------------------------------------------------------

    def url(self, dbname: str) -> str:
        """The SQLAlchemy URL (psycopg 3 driver) of database ``dbname`` on this server."""
        if self._external is not None:
            ext = self._external.set(drivername="postgresql+psycopg", database=dbname)
            return ext.render_as_string(hide_password=False)
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{dbname}"

    def connect_admin(self) -> psycopg.Connection[Any]:
        """An autocommit psycopg connection to the maintenance database, as the superuser."""
        if self._external is not None:
            args = self._external.translate_connect_args(username="user", database="dbname")
            params: dict[str, Any] = {k: v for k, v in args.items() if v is not None}
            params.setdefault("dbname", "postgres")
            params.update({k: v for k, v in self._external.query.items() if isinstance(v, str)})
        else:
            params = {"host": HOST, "port": self.port, "user": SUPERUSER, "dbname": "postgres"}
        params.setdefault("connect_timeout", 10)
        return psycopg.connect(autocommit=True, **params)

    def create_database(self, name: str) -> str:
        """Create database ``name`` (UTF-8, from template0) and return its SQLAlchemy URL."""
        with self.connect_admin() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(name)
                )
            )
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, closing whatever connections it still has."""
        with self.connect_admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> PgServer:
        """Start the server (or check that the external one answers). Returns self."""
        if self._external is not None:
            try:
                with self.connect_admin() as conn:
                    conn.execute("SELECT 1")
            except psycopg.Error as exc:
                raise PgServerError(f"cannot reach the server in {ENV_URL}: {exc}") from exc
            return self
        if self._port is not None:
            return self
        self._bindir = find_bindir()
        self._as_postgres = os.geteuid() == 0
        try:
            self._create_cluster()
            self._start_postmaster()
        except BaseException:
            self._cleanup()
            raise
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        return self

    def stop(self) -> None:
        """Stop the server at once (``pg_ctl stop -m immediate``) and remove its directory."""
        if self._external is not None:
            return
        self._cleanup()

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals ----------------------------------------------------------------------

    def _tool(self, name: str) -> str:
        assert self._bindir is not None
        return str(self._bindir / name)

    def _run(
        self, args: Sequence[str], *, timeout: float, as_postgres: bool = True
    ) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if as_postgres and self._as_postgres:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        return subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            # The postgres user may not be able to enter the caller's working directory.
            cwd=self._base,
            check=False,
        )

    def _create_cluster(self) -> None:
        tmp_root = None
        if self._as_postgres and Path("/tmp").is_dir():
            # The postgres user must be able to reach the directory; $TMPDIR may be private.
            tmp_root = "/tmp"
        self._base = Path(tempfile.mkdtemp(prefix="syncdesk-pg-", dir=tmp_root))
        if self._as_postgres:
            try:
                entry = pwd.getpwnam(SUPERUSER)
            except KeyError as exc:
                raise PgServerError(
                    "running as root, but there is no 'postgres' system user to run the "
                    "server as (it comes with the Debian package 'postgresql')"
                ) from exc
            os.chown(self._base, entry.pw_uid, entry.pw_gid)
        data = self._base / "data"
        result: subprocess.CompletedProcess[str] | None = None
        for locale in ("C.UTF-8", "C"):
            result = self._run(
                [
                    self._tool("initdb"),
                    "--pgdata",
                    str(data),
                    "--username",
                    SUPERUSER,
                    "--auth",
                    "trust",
                    "--encoding",
                    "UTF8",
                    "--locale",
                    locale,
                    "--no-sync",
                ],
                timeout=180,
            )
            if result.returncode == 0:
                break
            if data.exists():
                # initdb removes what it made on failure; this is only a safety net.
                shutil.rmtree(data, ignore_errors=True)
        assert result is not None
        if result.returncode != 0:
            raise PgServerError(
                f"initdb failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        settings = dict(_SETTINGS, unix_socket_directories=str(self._base))
        lines = "".join(f"{key} = '{value}'\n" for key, value in settings.items())
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# syncdesk test server\n" + lines)

    def _start_postmaster(self) -> None:
        assert self._base is not None
        data = self._base / "data"
        log = self._base / "server.log"
        for attempt in range(3):
            port = free_port()
            result = self._run(
                [
                    self._tool("pg_ctl"),
                    "--pgdata",
                    str(data),
                    "--log",
                    str(log),
                    "--wait",
                    "--timeout",
                    str(int(READY_TIMEOUT_S)),
                    "--options",
                    f"-p {port}",
                    "start",
                ],
                timeout=READY_TIMEOUT_S + 30,
            )
            if result.returncode == 0:
                self._port = port
                break
            port_taken = "already in use" in _tail(log)
            if not port_taken or attempt == 2:
                raise PgServerError(
                    f"pg_ctl start failed (exit {result.returncode}):\n"
                    f"{result.stdout}{result.stderr}\n--- server log ---\n{_tail(log)}"
                )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self._port is not None and self._base is not None
        deadline = time.monotonic() + READY_TIMEOUT_S
        last = ""
        while True:
            probe = self._run(
                [
                    self._tool("pg_isready"),
                    "--host",
                    HOST,
                    "--port",
                    str(self._port),
                    "--username",
                    SUPERUSER,
                    "--dbname",
                    "postgres",
                    "--timeout",
                    "2",
                ],
                timeout=10,
                as_postgres=False,
            )
            if probe.returncode == 0:
                return
            last = (probe.stdout + probe.stderr).strip()
            if time.monotonic() >= deadline:
                raise PgServerError(
                    f"server on {HOST}:{self._port} not ready after {READY_TIMEOUT_S:.0f} s "
                    f"({last})\n--- server log ---\n{_tail(self._base / 'server.log')}"
                )
            time.sleep(0.2)

    def _cleanup(self) -> None:
        base, self._base = self._base, None
        port, self._port = self._port, None
        if base is None:
            return
        data = base / "data"
        if port is not None or (data / "postmaster.pid").exists():
            self._base = base  # _run uses it as the working directory
            try:
                result = self._run(
                    [self._tool("pg_ctl"), "--pgdata", str(data), "-m", "immediate", "stop"],
                    timeout=60,
                )
                if result.returncode != 0:
                    self._kill_postmaster(data)
            except (OSError, subprocess.SubprocessError):
                self._kill_postmaster(data)
            finally:
                self._base = None
        shutil.rmtree(base, ignore_errors=True)

    @staticmethod
    def _kill_postmaster(data: Path) -> None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((data / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGQUIT)  # what "pg_ctl stop -m immediate" sends
