"""Job queue claims shared by several runners, and ``syncdesk worker`` as a service.

Each due entry is claimed by one runner (a window or a worker process) with a lease;
a runner that dies leaves a lease that runs out, and another runner finishes its work.
The process tests run real ``syncdesk worker`` processes against real databases.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import Env, many_mappings
from conftest import UserDirs
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    create_engine,
    func,
    select,
)
from sqlalchemy.pool import NullPool

from syncdesk.errors import UnavailableError
from syncdesk.models import Job, QueueEntry, StateStore
from syncdesk.sync import queue
from syncdesk.sync.integration import open_integration


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def __call__(self) -> dt.datetime:
        return self.now


def entries(env: Env) -> dict[str, QueueEntry]:
    with env.open() as integration, integration.state.read() as s:
        return {e.mapping: e for e in s.scalars(select(QueueEntry))}


# ----------------------------------------------------------------------------------------
# claims, in one process
# ----------------------------------------------------------------------------------------


def test_a_due_entry_is_claimed_by_one_runner_until_its_lease_runs_out(env: Env) -> None:
    env.customers(2)
    with env.open() as one, env.open() as two:
        clock = Clock()  # the entries were made due when the workspace was first opened
        first = queue.claim(one, "host:1:a", clock=clock, lease=60, limit=1)
        assert [c.mapping for c in first] == ["CUSTOMER"]  # parents first
        second = queue.claim(two, "host:2:b", clock=clock, lease=60)
        assert [c.mapping for c in second] == ["CONTACT"]  # the other one only
        assert queue.claim(two, "host:2:b", clock=clock, lease=60) == []
        queue.release(two, second)  # as when its job ends: not due for 30 minutes
        # the claim holds while renewed...
        clock.now += dt.timedelta(seconds=50)
        assert queue.renew(one, first, clock=clock, lease=60) == 1
        clock.now += dt.timedelta(seconds=50)
        assert queue.claim(two, "host:2:b", clock=clock, lease=60) == []
        # ...and the entry is due again when its lease runs out (its runner died)
        assert queue.next_due(two) == clock.now + dt.timedelta(seconds=10)
        clock.now += dt.timedelta(seconds=11)
        taken = queue.claim(two, "host:2:b", clock=clock, lease=60)
        assert [c.mapping for c in taken] == ["CUSTOMER"]
        # the first runner no longer holds it: renewing and giving back change nothing
        assert queue.renew(one, first, clock=clock) == 0
        queue.release(one, first, due_again=["CUSTOMER"])
    rows = entries(env)
    assert rows["CUSTOMER"].claimed_by == "host:2:b"
    assert rows["CUSTOMER"].next_run == clock.now + dt.timedelta(minutes=30)


def test_run_due_records_the_job_and_gives_the_claim_back(env: Env) -> None:
    env.customers(3)
    with env.open() as integration:
        clock = Clock()
        results = queue.run_due(integration, clock=clock, runner="host:1:a", lease=0.3)
        assert [(r.mapping, r.status) for r in results] == [
            ("CUSTOMER", "succeeded"),
            ("CONTACT", "succeeded"),
        ]
        assert queue.run_due(integration, clock=clock) == []
    rows = entries(env)
    for r in results:
        e = rows[r.mapping]
        assert (e.claimed_by, e.claimed_until, e.last_job_id) == (None, None, r.job)
        assert e.last_run == clock.now
        assert e.next_run == clock.now + dt.timedelta(minutes=30)
    assert len(env.rows("right", "account")) == 3


def test_a_claim_waiting_for_a_busy_job_lock_is_given_back_due(env: Env) -> None:
    env.customers(1)
    with env.open() as integration:
        clock = Clock()
        other = StateStore(integration.state.url)
        try:
            with other.job_lock(), pytest.raises(UnavailableError, match="another job"):
                queue.run_due(integration, clock=clock, runner="host:1:a", lock_wait=0.3)
        finally:
            other.dispose()
        rows = entries(env)
        assert all(e.claimed_by is None and e.next_run <= clock.now for e in rows.values())
        # the next round runs both
        results = queue.run_due(integration, clock=clock, runner="host:1:a")
    assert [r.status for r in results] == ["succeeded", "succeeded"]


def test_a_worker_waits_for_a_job_lock_held_elsewhere_without_an_error(
    lite: Env, caplog: pytest.LogCaptureFixture
) -> None:
    lite.customers(2)
    seen: list[str] = []
    errors: list[BaseException] = []
    caplog.set_level(logging.INFO, logger="syncdesk.queue")
    with open_integration(lite.workspace, lock_wait=0.2) as integration:
        other = StateStore(integration.state.url)  # a window's manual sync, say
        try:
            with other.job_lock():
                worker = threading.Thread(
                    target=queue.run_worker,
                    args=(integration, threading.Event()),
                    kwargs={
                        "once": True,
                        "poll_seconds": 0.05,
                        "on_results": lambda rs: seen.extend(r.mapping for r in rs),
                        "on_error": errors.append,
                    },
                )
                worker.start()
                wait_until(
                    "the worker to find the workspace busy",
                    lambda: "another job holds the workspace" in caplog.text,
                )
            worker.join(timeout=120)
        finally:
            other.dispose()
    assert not worker.is_alive()
    assert errors == []
    assert seen == ["CUSTOMER", "CONTACT"]  # each once, parents first
    assert all(e.claimed_by is None for e in entries(lite).values())


def test_the_lease_is_renewed_while_a_job_runs(lite: Env) -> None:
    lite.customers(300)
    seen: list[dt.datetime | None] = []
    with lite.open() as integration:

        def claimed_until() -> dt.datetime | None:
            with integration.state.read() as s:
                return s.scalar(
                    select(QueueEntry.claimed_until).where(QueueEntry.mapping == "CUSTOMER")
                )

        def progress(_p: object) -> None:
            seen.append(claimed_until())
            if len(seen) == 1:  # a slow job: its first batch waits for a heartbeat
                wait_until("the lease to be renewed", lambda: claimed_until() != seen[0], 60)

        results = queue.run_due(integration, progress=progress, lease=0.3, limit=1, batch=5)
    assert [r.status for r in results] == ["succeeded"]
    stamps = [s for s in seen if s is not None]
    assert len(set(stamps)) > 1  # moved on while the job ran
    assert entries(lite)["CUSTOMER"].claimed_by is None


# ----------------------------------------------------------------------------------------
# worker processes
# ----------------------------------------------------------------------------------------


def start_worker(workspace: Path, *args: str, fault: str | None = None) -> subprocess.Popen[str]:
    environ = dict(os.environ)
    environ.pop("SYNCDESK_FAULT", None)
    if fault is not None:
        environ["SYNCDESK_FAULT"] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "syncdesk", "worker", "-w", str(workspace), *args],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, out, err


def wait_until(what: str, check: Callable[[], bool], timeout: float = 180) -> None:
    """Wait for a state of the databases (a bound on the wait, not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.1)


def queue_jobs(state_url: str) -> list[tuple[str, str, int | None]]:
    engine = create_engine(state_url, poolclass=NullPool)
    try:
        with engine.connect() as c:
            return [
                (m, st, pid)
                for m, st, pid in c.execute(
                    select(Job.mapping, Job.status, Job.pid)
                    .where(Job.trigger == "queue")
                    .order_by(Job.id)
                )
            ]
    finally:
        engine.dispose()


def worker_log(dirs: UserDirs) -> Path:
    return dirs.state / "syncdesk" / "log" / "syncdesk-worker.log"


MANY = 50


def urls(request: pytest.FixtureRequest, backend: str, folder: Path) -> tuple[str, str, str]:
    if backend == "sqlite":
        return (
            f"sqlite:///{folder / 'erp.db'}",
            f"sqlite:///{folder / 'crm.db'}",
            f"sqlite:///{folder / 'state.db'}",
        )
    make = request.getfixturevalue("pg_url_factory")
    return make("erp"), make("crm"), make("state")


BACKENDS = [
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_workers_racing_over_50_due_entries_run_each_once(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    left, right, state = urls(request, backend, tmp_path)
    workspace = many_mappings(tmp_path, left, right, state, count=MANY)
    with open_integration(workspace):  # the state database and its 50 due entries
        pass
    workers = [start_worker(workspace, "--once", "--poll", "0.2") for _ in range(2)]
    outcomes = [finish(w) for w in workers]
    for rc, _out, err in outcomes:
        assert rc == 0, err
    jobs = queue_jobs(state)
    per_mapping = Counter(m for m, _st, _pid in jobs)
    assert per_mapping == Counter({f"M{i:03d}": 1 for i in range(MANY)})
    assert {st for _m, st, _pid in jobs} == {"succeeded"}
    # every job appears in exactly one worker's output
    lines = [ln for _rc, out, _err in outcomes for ln in out.splitlines() if ln.startswith("job ")]
    assert len(lines) == MANY
    engine = create_engine(right, poolclass=NullPool)
    with engine.connect() as c:
        for i in range(MANY):
            assert c.scalar(select(func.count()).select_from(table_named(f"thing{i:03d}"))) == 3
    engine.dispose()
    with open_integration(workspace) as integration, integration.state.read() as s:
        held = s.scalars(select(QueueEntry).where(QueueEntry.claimed_by.is_not(None))).all()
        assert held == []


@pytest.mark.slow
@pytest.mark.postgres
def test_workers_started_together_on_a_new_state_database_all_start(
    pg_url_factory: Callable[[str], str], tmp_path: Path
) -> None:
    env = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), pg_url_factory("state"))
    try:
        env.customers(5)
        # no one opened the workspace yet: all three create the schema and entries at once
        outcomes = [finish(w) for w in [start_worker(env.workspace, "--once") for _ in range(3)]]
        for rc, _out, err in outcomes:
            assert rc == 0, err
        jobs = Counter(m for m, st, _p in queue_jobs(env.urls["state"]) if st == "succeeded")
        assert jobs == Counter({"CUSTOMER": 1, "CONTACT": 1})
        assert len(env.rows("right", "account")) == 5
    finally:
        env.dispose()


def table_named(name: str) -> Table:
    return Table(name, MetaData(), Column("id", Integer, primary_key=True))


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_worker_killed_mid_job_is_finished_by_another_once_its_lease_ran_out(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, isolated_user_dirs: UserDirs
) -> None:
    left, right, state = urls(request, backend, tmp_path)
    env = Env(tmp_path, left, right, state)
    try:
        env.customers(60)
        with env.open():
            pass
        # the first worker kills itself right after its first write to the CRM
        killed = start_worker(
            env.workspace, "--lease", "2", "--poll", "0.2", "--batch", "10",
            fault="after-app-write:1",
        )  # fmt: skip
        rc, _out, err = finish(killed)
        assert rc == -signal.SIGKILL, err
        written = len(env.rows("right", "account"))
        assert 0 < written < 60  # mid-job
        with env.open() as integration, integration.state.read() as s:
            entry = s.scalars(select(QueueEntry).where(QueueEntry.mapping == "CUSTOMER")).one()
            assert entry.claimed_by is not None  # its claim outlives it, until the lease ends
        # another worker takes the entry over when the lease ran out, and finishes the work
        other = start_worker(env.workspace, "--lease", "2", "--poll", "0.2")
        try:
            wait_until(
                "the CUSTOMER job run again",
                lambda: (
                    [st for m, st, _p in queue_jobs(state) if m == "CUSTOMER"][-1:] == ["succeeded"]
                ),
            )
        finally:
            other.send_signal(signal.SIGTERM)
        rc, out, err = finish(other)
        assert rc == 0, err
        assert "CUSTOMER succeeded" in out
        jobs = [(m, st) for m, st, _p in queue_jobs(state)]
        assert jobs.count(("CUSTOMER", "failed")) == 1  # the killed one, "interrupted"
        assert jobs.count(("CUSTOMER", "succeeded")) == 1
        assert "ran out" in worker_log(isolated_user_dirs).read_text(encoding="utf-8")
        # nothing lost, nothing written twice: 60 accounts, one per customer
        accounts = env.rows("right", "account")
        assert len(accounts) == 60
        assert sorted(a["name"] for a in accounts.values()) == sorted(
            f"Customer {i + 1}" for i in range(60)
        )
        assert len(env.couplings()) == 60
        assert env.errors() == []
        for r in env.sync(full=True):  # and nothing is left to do
            assert r.status == "succeeded"
            assert (r.counts.inserted, r.counts.modified, r.counts.failed) == (0, 0, 0)
    finally:
        env.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_sigterm_during_a_long_job_stops_cleanly_and_gives_the_entry_back(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, isolated_user_dirs: UserDirs
) -> None:
    env = Env(tmp_path, *urls(request, backend, tmp_path))
    try:
        env.customers(1000)
        with env.open():
            pass
        proc = start_worker(env.workspace, "--batch", "5", "--poll", "0.2")
        try:
            wait_until("the CUSTOMER job to be under way", lambda: len(env.couplings()) >= 10)
        finally:
            proc.send_signal(signal.SIGTERM)
        rc, out, err = finish(proc)
        assert rc == 0, err
        assert err == ""
        assert "worker stopped" in out
        status = [st for m, st, _p in queue_jobs(env.urls["state"]) if m == "CUSTOMER"]
        assert status in (["cancelled"], ["succeeded"])
        rows = entries(env)
        assert all(e.claimed_by is None and e.claimed_until is None for e in rows.values())
        logged = worker_log(isolated_user_dirs).read_text(encoding="utf-8")
        assert "stopped (SIGTERM)" in logged
        if status == ["cancelled"]:
            assert rows["CUSTOMER"].next_run <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
            # the next worker picks the entry up at once and finishes the work
            rc, out, err = finish(start_worker(env.workspace, "--once"))
            assert rc == 0, err
            assert "CUSTOMER succeeded" in out
        assert len(env.rows("right", "account")) == 1000
    finally:
        env.dispose()


@pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"]
)
def test_a_state_database_out_of_reach_at_start_is_one_line_and_exit_3(
    lite: Env, isolated_user_dirs: UserDirs, backend: str, tmp_path: Path
) -> None:
    if backend == "postgres":  # nothing listens on port 1
        lite.urls["state"] = "postgresql+psycopg://syncdesk:s3cret@127.0.0.1:1/state"
    else:  # a folder where the file should be
        (tmp_path / "folder.db").mkdir()
        lite.urls["state"] = f"sqlite:///{tmp_path / 'folder.db'}"
    lite.write_workspace()
    rc, out, err = finish(start_worker(lite.workspace), timeout=120)
    assert rc == 3
    assert len(err.splitlines()) == 1, err
    assert err.startswith("syncdesk: state database")
    assert "s3cret" not in err and "Traceback" not in err
    logged = worker_log(isolated_user_dirs).read_text(encoding="utf-8")
    assert "cannot start" in logged and "s3cret" not in logged


@pytest.mark.postgres
def test_the_worker_never_logs_a_password(
    pg_url_factory: Callable[[str], str], tmp_path: Path, isolated_user_dirs: UserDirs
) -> None:
    from sqlalchemy.engine import make_url

    # the test server trusts 127.0.0.1: a password written in the URL is never asked for
    state = make_url(pg_url_factory("state")).set(password="s3cret")
    env = Env(
        tmp_path,
        pg_url_factory("erp"),
        pg_url_factory("crm"),
        state.render_as_string(hide_password=False),
    )
    try:
        env.customers(2)
        rc, out, err = finish(start_worker(env.workspace, "--once"))
        assert rc == 0, err
        assert "CUSTOMER succeeded" in out
        logged = worker_log(isolated_user_dirs).read_text(encoding="utf-8")
        assert "state database postgresql+psycopg://postgres:***@" in logged
        assert "s3cret" not in logged + out + err
    finally:
        env.dispose()
