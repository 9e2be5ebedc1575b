"""The state database in a hostile or broken environment (issue 11).

Pointed at an app's database, it is refused and the file left byte for byte as it was.
Whatever the umask, it and the logs are readable by their owner alone. A key of any length
fits. A server stopped mid-job, a read-only file, a full disk: one line on stderr naming
what to fix, exit status 3, no crash report, and nothing lost once the cause is gone.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import io
import json
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, customer, now
from conftest import UserDirs
from sqlalchemy import create_engine, event, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from syncdesk import cli as cli_module
from syncdesk import service
from syncdesk.cli import run
from syncdesk.models import Coupling, Exclusion, Job, LogEntry, StateStore, SyncError
from syncdesk.models import store as store_module
from syncdesk.sync import faults
from syncdesk.sync.engine import run_sync

SETTING_HELP = (
    "and no SyncDesk state, so it was left untouched; give the state a database of its own "
    "(a new file, or an empty PostgreSQL database or schema)"
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    """stderr holds exactly one line, and no traceback."""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "unexpected" not in err
    return err.strip()


def path_of(env: Env, side: str) -> Path:
    return Path(env.urls[side].removeprefix("sqlite:///"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_mode(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(con.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        con.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def crash_log(dirs: UserDirs) -> Path:
    return dirs.state / "syncdesk" / "log" / "crash.log"


def new_customers(env: Env, count: int) -> None:
    """``count`` new customers in the ERP, in one transaction."""
    stamp = now()
    with env.engines["left"].begin() as c:
        c.execute(
            insert(customer),
            [
                {"no": f"N{i:05d}", "name": f"New {i}", "city": "Gent", "last_modified": stamp}
                for i in range(count)
            ],
        )


def assert_all_synced(env: Env, count: int) -> None:
    """Every customer is in the CRM exactly once, coupled, with its name; no sync error."""
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    assert len(customers) == len(accounts) == count
    couplings = env.couplings()
    assert set(couplings) == set(customers)
    assert sorted(couplings.values()) == sorted(accounts)
    for left, right in couplings.items():
        assert accounts[right]["name"] == customers[left]["name"]
    assert env.errors() == []


# ----------------------------------------------------------------------------------------
# 1. the state is SyncDesk's own database
# ----------------------------------------------------------------------------------------


def test_a_state_pointed_at_an_apps_sqlite_file_is_refused_and_the_file_left_as_it_was(
    lite: Env,
) -> None:
    env = lite
    env.customers(3)
    erp = path_of(env, "left")
    env.urls["state"] = env.urls["left"]
    env.write_workspace()
    before, files = digest(erp), sorted(p.name for p in env.folder.iterdir())
    assert journal_mode(erp) == "delete"
    for command in (["sync"], ["errors"], ["jobs"], ["queue"], ["mappings"]):
        code, out, err = cli(*command, "-w", str(env.workspace))
        assert (code, out) == (2, "")
        assert one_line(err) == (
            f"syncdesk: {env.workspace}: [workspace] state: sqlite:///{erp} holds other "
            f"tables (contact, customer) {SETTING_HELP}"
        )
    assert digest(erp) == before  # byte for byte
    assert journal_mode(erp) == "delete"  # not switched to WAL
    assert sorted(p.name for p in env.folder.iterdir()) == files  # no -wal, -shm, .lock
    assert len(env.rows("left", "customer")) == 3


def test_an_app_database_made_with_alembic_is_not_taken_for_a_state(lite: Env) -> None:
    """Another program's Alembic history is not SyncDesk's, even alone in its file."""
    env = lite
    other = env.folder / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    con.commit()
    con.close()
    before = digest(other)
    env.urls["state"] = f"sqlite:///{other}"
    env.write_workspace()
    code, _, err = cli("errors", "-w", str(env.workspace))
    assert code == 2
    assert "holds other tables (alembic_version) and no SyncDesk state" in one_line(err)
    assert digest(other) == before


def test_an_empty_file_becomes_the_state_and_a_state_may_hold_more_tables(lite: Env) -> None:
    env = lite
    env.customers(2)
    empty = env.folder / "empty.db"
    empty.touch()
    env.urls["state"] = f"sqlite:///{empty}"
    env.write_workspace()
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    con = sqlite3.connect(empty)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert {"alembic_version", "coupling", "job", "queue_entry"} <= tables
    # someone added a table of their own to the state: it is still SyncDesk's
    con = sqlite3.connect(empty)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.commit()
    con.close()
    env.insert("left", "customer", no="C90001", name="Late", city="Gent")
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    assert_all_synced(env, 3)


@pytest.mark.postgres
def test_a_postgresql_state_database_with_other_tables_is_refused_and_left_untouched(
    lite: Env, pg_url_factory: Callable[[str], str]
) -> None:
    env = lite
    env.customers(2)
    app = pg_url_factory("app")
    engine = create_engine(app, poolclass=NullPool)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE invoice (no TEXT PRIMARY KEY, total NUMERIC)"))
        c.execute(text("INSERT INTO invoice VALUES ('F001', 12.5)"))

    def schema() -> tuple[set[str], list[Any]]:
        with engine.connect() as c:
            tables = set(inspect(c).get_table_names())
            rows = list(c.execute(text("SELECT no, total FROM invoice")))
        return tables, rows

    before = schema()
    env.urls["state"] = app
    env.write_workspace()
    for command in ("sync", "errors"):
        code, out, err = cli(command, "-w", str(env.workspace))
        assert (code, out) == (2, "")
        assert one_line(err) == (
            f"syncdesk: {env.workspace}: [workspace] state: {app} holds other tables "
            f"(invoice) {SETTING_HELP}"
        )
    assert schema() == before  # no alembic_version, no coupling: nothing
    engine.dispose()
    # an empty PostgreSQL database is made the state
    env.urls["state"] = pg_url_factory("state")
    env.write_workspace()
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    assert_all_synced(env, 2)


# ----------------------------------------------------------------------------------------
# 2. readable by their owner alone
# ----------------------------------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask: new files 0644 and folders 0755 unless SyncDesk says otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_the_state_database_and_its_files_are_readable_by_their_owner_alone(
    lite: Env, umask_022: None
) -> None:
    env = lite
    env.customers(50)
    state = env.folder / "private" / "deeper" / "state.db"
    env.urls["state"] = f"sqlite:///{state}"
    env.write_workspace()
    env.folder.chmod(0o755)
    seen: dict[str, int] = {}
    with env.open() as integration:

        def progress(_p: object) -> None:  # while the job runs, every file is there
            for f in (state, *(Path(f"{state}{end}") for end in ("-wal", "-shm", ".lock"))):
                if f.exists():
                    seen[f.name] = mode(f)

        results = run_sync(integration, progress=progress)
    assert [r.status for r in results] == ["succeeded", "succeeded"]
    assert seen == {
        "state.db": 0o600,
        "state.db-wal": 0o600,
        "state.db-shm": 0o600,
        "state.db.lock": 0o600,
    }
    assert mode(state.parent) == mode(state.parent.parent) == 0o700  # made by SyncDesk
    assert mode(env.folder) == 0o755  # the user's own folder: left as it was


def test_the_worker_log_crash_log_and_their_folder_are_readable_by_their_owner_alone(
    lite: Env, umask_022: None, isolated_user_dirs: UserDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = lite
    env.customers(3)
    monkeypatch.setattr(service, "LOG_MAX_BYTES", 400)  # rotated at once: new files too
    code, out, err = cli("worker", "-w", str(env.workspace), "--once")
    assert code == 0, err
    folder = isolated_user_dirs.state / "syncdesk" / "log"
    assert mode(folder) == mode(folder.parent) == 0o700
    logs = sorted(folder.glob("syncdesk-worker.log*"))
    assert len(logs) > 1  # rotated
    assert {p.name: mode(p) for p in logs} == {p.name: 0o600 for p in logs}

    def crash(_args: object, _out: object) -> int:
        raise RuntimeError("an error nobody expected\nwith a second line")

    monkeypatch.setitem(cli_module._COMMANDS, "jobs", crash)
    code, out, err = cli("jobs", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    assert err == (
        "syncdesk: unexpected RuntimeError: an error nobody expected "
        f"(details in {crash_log(isolated_user_dirs)})\n"
    )
    assert mode(crash_log(isolated_user_dirs)) == 0o600
    assert "with a second line" in crash_log(isolated_user_dirs).read_text(encoding="utf-8")


def test_files_that_exist_already_lose_what_the_world_may_do(
    lite: Env, umask_022: None, isolated_user_dirs: UserDirs
) -> None:
    """A state and logs made before (0644, 0755): the world loses its access; a group that
    shares the state on purpose keeps it."""
    env = lite
    env.customers(2)
    env.job()
    state = path_of(env, "state")
    state.chmod(0o664)
    folder = isolated_user_dirs.state / "syncdesk" / "log"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    (folder / "syncdesk-worker.log").write_text("an old line\n", encoding="utf-8")
    (folder / "crash.log").write_text("an old crash\n", encoding="utf-8")
    assert mode(folder / "crash.log") == 0o644
    code, _, err = cli("worker", "-w", str(env.workspace), "--once")
    assert code == 0, err
    assert mode(state) == 0o660
    assert mode(folder) == 0o700
    assert mode(folder / "syncdesk-worker.log") == 0o640
    assert "an old line" in (folder / "syncdesk-worker.log").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------
# 6. keys of any length; a mapping name too long is a mistake in the file
# ----------------------------------------------------------------------------------------


def test_a_mapping_name_longer_than_the_state_keeps_is_a_workspace_error(lite: Env) -> None:
    env = lite
    name = "N" * 101
    text_ = env.workspace.read_text(encoding="utf-8").replace('"CONTACT"', f'"{name}"', 1)
    env.workspace.write_text(text_, encoding="utf-8")
    code, out, err = cli("jobs", "-w", str(env.workspace))
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"syncdesk: {env.workspace}: mapping #1: 'name' 'NNNN")
    assert line.endswith("' is 101 characters long; at most 100")


def long_keys() -> list[str]:
    return ["K" * 401, secrets.token_hex(1500), secrets.token_hex(50_000)]  # 100,000 chars


@pytest.mark.postgres
def test_a_postgresql_state_keeps_keys_of_any_length(pg_url_factory: Callable[[str], str]) -> None:
    url = pg_url_factory("state")
    store = StateStore(url)
    now = dt.datetime(2026, 1, 1)
    keys = long_keys()
    try:
        with store.write() as s:
            for i, k in enumerate(keys):
                s.add(Coupling(mapping="M", left_key=k, right_key=f"R{k}", base={}, coupled_at=now))
                s.add(Exclusion(mapping="M", side="left", key=k, at=now))
                s.add(LogEntry(at=now, mapping="M", left_key=k, action="insert", result="ok"))
                s.add(
                    SyncError(mapping="M", kind="failed", left_key=k, first_seen=now, last_seen=now)
                )
                s.add(
                    Job(
                        mapping="M",
                        trigger="manual",
                        status="succeeded",
                        started=now,
                        record=f"left:{k}",
                        id=i + 1,
                    )
                )
        with store.read() as s:
            for k in keys:
                assert s.scalar(select(Coupling.right_key).where(Coupling.left_key == k)) == f"R{k}"
                assert (
                    s.scalar(
                        select(func.count()).select_from(LogEntry).where(LogEntry.left_key == k)
                    )
                    == 1
                )
            found = s.scalars(select(Coupling.left_key).where(Coupling.left_key.in_(keys))).all()
            assert sorted(found) == sorted(keys)
        # one mapping, one key: still enforced
        with pytest.raises(IntegrityError), store.write() as s:
            s.add(
                Coupling(mapping="M", left_key=keys[2], right_key="other", base={}, coupled_at=now)
            )
        with pytest.raises(IntegrityError), store.write() as s:
            s.add(Exclusion(mapping="M", side="left", key=keys[1], at=now))
    finally:
        store.dispose()


@pytest.mark.postgres
def test_a_postgresql_state_of_an_older_schema_is_upgraded_with_its_rows(
    pg_url_factory: Callable[[str], str],
) -> None:
    from alembic import command

    url = pg_url_factory("state")
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        cfg = store_module._alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.execute(
            text(
                "INSERT INTO coupling (mapping, left_key, right_key, base, coupled_at) "
                "VALUES ('M', :k, 'R1', '{}', now())"
            ),
            {"k": "K" * 400},
        )
    StateStore(url).dispose()
    with engine.connect() as conn:
        types = dict(
            conn.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'coupling' AND column_name IN ('left_key', 'right_key')"
                )
            ).all()
        )
        assert types == {"left_key": "text", "right_key": "text"}
        assert conn.execute(text("SELECT left_key FROM coupling")).scalar_one() == "K" * 400
    engine.dispose()


@pytest.mark.postgres
def test_a_job_syncs_keys_of_any_length_on_a_postgresql_state(
    tmp_path: Path, pg_url_factory: Callable[[str], str]
) -> None:
    from builders import sqlite_env

    env = sqlite_env(tmp_path)
    env.urls["state"] = pg_url_factory("state")
    env.write_workspace()
    try:
        keys = long_keys()
        for i, k in enumerate(keys):
            env.insert("left", "customer", no=k, name=f"Long key {i}", city="Gent")
        code, _, err = cli("sync", "-w", str(env.workspace))
        assert (code, err) == (0, "")
        assert set(env.couplings()) == set(keys)
    finally:
        env.dispose()


# ----------------------------------------------------------------------------------------
# 7. a PostgreSQL state stopped in the middle of a job
# ----------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_postgresql_state_stopped_mid_job_is_one_line_exit_3_and_loses_nothing(
    tmp_path: Path,
    pg_url_factory: Callable[[str], str],
    pg_server: Any,
    isolated_user_dirs: UserDirs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from builders import sqlite_env

    env = sqlite_env(tmp_path)
    state = pg_url_factory("state")
    env.urls["state"] = state
    env.write_workspace()
    name = state.rsplit("/", 1)[1]
    from syncdesk.sync.engine import BATCH

    total = BATCH + 500
    new_customers(env, total)  # two batches
    stopped: list[str] = []

    def stop_the_state(point: str) -> None:
        """After the first batch reached the CRM: the state database goes away."""
        if point == "after-app-write" and not stopped:
            stopped.append(point)
            with pg_server.connect_admin() as admin:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )

    monkeypatch.setattr(faults, "point", stop_the_state)
    try:
        code, out, err = cli("sync", "-w", str(env.workspace))
        assert stopped and code == 3 and out == ""
        line = one_line(err)
        assert line.startswith(f"syncdesk: state database {state}: the server cannot be reached (")
        assert "not currently accepting connections" in line
        assert line.endswith("; the next run tries again")
        assert not crash_log(isolated_user_dirs).exists()
        # the CRM got the first batch, and nothing else happened to it
        assert 0 < len(env.rows("right", "account")) <= BATCH
        with pg_server.connect_admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        monkeypatch.setattr(faults, "point", lambda _name: None)
        code, _, err = cli("sync", "-w", str(env.workspace))
        assert (code, err) == (0, "")
        assert_all_synced(env, total)  # the first batch finished by recovery, not doubled
        code, out, _ = cli("jobs", "-w", str(env.workspace), "--json")
        stopped_job = json.loads(out)[-1]
        assert (stopped_job["status"], stopped_job["message"]) == (
            "failed",
            "interrupted (the process stopped); the next job finished its work",
        )
    finally:
        with pg_server.connect_admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        env.dispose()


# ----------------------------------------------------------------------------------------
# 8. a read-only state, a full disk
# ----------------------------------------------------------------------------------------


def _drop_file_override() -> None:
    """In the child: give up root's right to write any file, so modes count (as for users)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def as_a_user(*argv: str) -> tuple[int, str, str]:
    """The real program, with file permissions enforced as for any user (also under root)."""
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_drop_file_override if os.geteuid() == 0 else None,
        env={k: v for k, v in os.environ.items() if k != "SYNCDESK_FAULT"},
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def permissions_count() -> None:
    if os.geteuid() != 0:
        return
    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=_drop_file_override, capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("running as root and cannot give up CAP_DAC_OVERRIDE here")


def test_a_read_only_state_names_the_file_to_make_writable(
    lite: Env, permissions_count: None, isolated_user_dirs: UserDirs
) -> None:
    env = lite
    env.customers(3)
    env.job()
    for i in range(2):  # new since: for the job to write
        env.insert("left", "customer", no=f"N{i}", name=f"New {i}", city="Gent")
    state = path_of(env, "state")
    shm = Path(f"{state}-shm")
    assert not shm.exists()
    state.chmod(0o444)
    code, out, err = as_a_user("sync", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    line = one_line(err)
    assert line.startswith(
        f"syncdesk: state database sqlite:///{state}: read-only: SyncDesk cannot write "
        f"{state} (mode 0440)"
    )
    assert line.endswith("(chmod u+w) and run again")
    # the owner makes the database writable again; SQLite left its -shm as read-only as the
    # database was: named now, alone
    state.chmod(0o644)
    assert shm.exists() and mode(shm) & 0o200 == 0
    code, out, err = as_a_user("sync", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    assert one_line(err) == (
        f"syncdesk: state database sqlite:///{state}: read-only: SyncDesk cannot write "
        f"{shm} (mode 0440); give your user write permission on it (chmod u+w) and run again"
    )
    shm.chmod(0o640)
    code, _, err = as_a_user("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    assert_all_synced(env, 5)
    assert not crash_log(isolated_user_dirs).exists()


def _state_pages(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("PRAGMA page_count").fetchone()[0])
    finally:
        con.close()


def test_a_full_disk_under_the_state_is_one_line_exit_3_and_loses_nothing(
    lite: Env, isolated_user_dirs: UserDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own limit stands in for the disk (``max_page_count``): it answers exactly
    as a full disk does (SQLITE_FULL, "database or disk is full")."""
    env = lite
    env.customers(3)
    env.job()
    state = path_of(env, "state")
    limit = _state_pages(state) + 4
    made = store_module.make_engine

    def small(url: str, **kwargs: Any) -> Any:
        engine = made(url, **kwargs)
        if url == env.urls["state"]:
            event.listen(
                engine,
                "connect",
                lambda con, _rec: con.execute(f"PRAGMA max_page_count = {limit}"),
            )
        return engine

    monkeypatch.setattr(store_module, "make_engine", small)
    new_customers(env, 3000)
    for _first_and_second_run in range(2):
        code, _out, err = cli("sync", "-w", str(env.workspace))
        assert code == 3
        assert one_line(err).endswith(
            f"state database sqlite:///{state}: the disk is full (database or disk "
            f"is full); free space on the disk that holds {state} and run again"
        )
    assert not crash_log(isolated_user_dirs).exists()
    monkeypatch.setattr(store_module, "make_engine", made)  # space again
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    assert_all_synced(env, 3003)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 192 KiB tmpfs: a real full disk. Only as root, where mounting is allowed."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=192k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def test_a_state_on_a_full_disk_is_one_line_exit_3_and_loses_nothing(
    lite: Env, small_disk: Path, isolated_user_dirs: UserDirs
) -> None:
    env = lite
    state = small_disk / "state.db"
    env.urls["state"] = f"sqlite:///{state}"
    env.write_workspace()
    new_customers(env, 3000)
    for _first_and_second_run in range(2):
        code, _out, err = cli("sync", "-w", str(env.workspace))
        assert code == 3
        assert one_line(err).endswith(
            f"state database sqlite:///{state}: the disk is full (database or disk "
            f"is full); free space on the disk that holds {state} and run again"
        )
    assert not crash_log(isolated_user_dirs).exists()
    grown = subprocess.run(
        ["mount", "-o", "remount,size=64m", str(small_disk)], capture_output=True, check=False
    )
    assert grown.returncode == 0, grown.stderr
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    assert_all_synced(env, 3000)
