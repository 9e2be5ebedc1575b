"""The job queue: entries per mapping, due entries run by themselves, the worker stops cleanly."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from builders import Env

from syncdesk.errors import UnavailableError
from syncdesk.sync import queue
from syncdesk.sync.queries import list_jobs, queue_entries


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def __call__(self) -> dt.datetime:
        return self.now


def test_due_entries_run_once_per_interval_under_a_controlled_clock(lite: Env) -> None:
    lite.customers(2)
    with lite.open() as integration:
        clock = Clock()
        entries = queue_entries(integration.state)
        assert [(e.mapping, e.every_minutes, e.enabled) for e in entries] == [
            ("CONTACT", 30, True),
            ("CUSTOMER", 30, True),
        ]
        results = queue.run_due(integration, clock=clock)
        assert [r.mapping for r in results] == ["CUSTOMER", "CONTACT"]
        assert all(r.trigger == "queue" for r in results)
        assert queue.run_due(integration, clock=clock) == []  # not due again yet
        clock.now += dt.timedelta(minutes=29)
        assert queue.run_due(integration, clock=clock) == []
        queue.set_enabled(integration, "CONTACT", False, clock=clock)
        clock.now += dt.timedelta(minutes=2)
        results = queue.run_due(integration, clock=clock)
        assert [r.mapping for r in results] == ["CUSTOMER"]  # CONTACT is on hold
        queue.set_every(integration, "CUSTOMER", 5, clock=clock)
        clock.now += dt.timedelta(minutes=5)
        assert [r.mapping for r in queue.run_due(integration, clock=clock)] == ["CUSTOMER"]
        jobs = list_jobs(integration.state)
    assert [j.trigger for j in jobs] == ["queue"] * 4
    assert len(lite.rows("right", "account")) == 2


def test_worker_runs_due_entries_until_stopped(lite: Env) -> None:
    lite.customers(3)
    stop = threading.Event()
    seen: list[str] = []
    with lite.open() as integration:

        def on_results(results: list) -> None:  # type: ignore[type-arg]
            seen.extend(r.mapping for r in results)
            if len(seen) >= 2:  # one entry per claim: parents first
                stop.set()

        worker = threading.Thread(
            target=queue.run_worker,
            args=(integration, stop),
            kwargs={"on_results": on_results, "poll_seconds": 0.1},
        )
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive()
    assert seen == ["CUSTOMER", "CONTACT"]
    assert len(lite.rows("right", "account")) == 3


def test_worker_process_stops_on_sigterm(lite: Env) -> None:
    lite.customers(2)
    proc = subprocess.Popen(
        [sys.executable, "-m", "syncdesk", "worker", "-w", str(lite.workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(lite.couplings()) < 2:
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "worker stopped" in out and "CUSTOMER succeeded" in out
    assert err == ""
    assert len(lite.rows("right", "account")) == 2


def test_run_now_runs_an_entry_that_is_not_due_and_moves_its_next_run(lite: Env) -> None:
    lite.customers(2)
    with lite.open() as integration:
        clock = Clock()
        queue.run_due(integration, clock=clock)  # both entries ran; due again in 30 min
        clock.now += dt.timedelta(minutes=10)
        assert queue.run_due(integration, clock=clock) == []
        results = queue.run_now(integration, "customer", clock=clock)  # names fold case
        assert [(r.mapping, r.trigger, r.status) for r in results] == [
            ("CUSTOMER", "queue", "succeeded")
        ]
        entry = next(e for e in queue_entries(integration.state) if e.mapping == "CUSTOMER")
        assert entry.last_run == clock.now
        assert entry.next_run == clock.now + dt.timedelta(minutes=30)
        # another runner holds CONTACT's claim: Run Now refuses, and leaves the entry be
        queue.claim(integration, "elsewhere:1:x", clock=clock)  # nothing due: no claim
        clock.now += dt.timedelta(minutes=21)
        assert [c.mapping for c in queue.claim(integration, "elsewhere:1:x", clock=clock)] == [
            "CONTACT"
        ]
        with pytest.raises(UnavailableError, match="CONTACT is running on elsewhere:1:x"):
            queue.run_now(integration, "CONTACT", clock=clock)
        assert len(list_jobs(integration.state)) == 3


def test_queue_run_now_on_the_command_line(lite: Env) -> None:
    lite.customers(3)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "syncdesk",
            "queue",
            "-w",
            str(lite.workspace),
            "-m",
            "CUSTOMER",
            "--run-now",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert '"trigger": "queue"' in out.stdout and '"inserted": 3' in out.stdout
    assert len(lite.rows("right", "account")) == 3


def test_a_mapping_without_a_queue_entry_gets_one_as_the_workspace_opens(lite: Env) -> None:
    """Every mapping has a job queue entry (every 30 minutes) once the workspace opened:
    one found missing (a mapping added to the file, or its entry deleted) is made again;
    the entries that exist are kept as they are."""
    from sqlalchemy import delete, select, update

    from syncdesk.models import QueueEntry

    with lite.open() as integration, integration.state.write() as s:
        s.execute(delete(QueueEntry).where(QueueEntry.mapping == "CONTACT"))
        s.execute(update(QueueEntry).values(every_minutes=5))
    with lite.open() as integration, integration.state.read() as s:
        entries = {e.mapping: e.every_minutes for e in s.scalars(select(QueueEntry))}
    assert entries == {"CUSTOMER": 5, "CONTACT": 30}


def test_a_worker_log_that_cannot_be_written_is_said_once_and_tried_again(tmp_path: Path) -> None:
    """A worker's log file on a full disk (/dev/full) printed a traceback for every line
    it logged and ended the worker with 'unexpected OSError'. Now it is said once on
    stderr, the worker goes on, and the file is tried again each minute."""
    import io
    import logging

    from syncdesk import service

    err = io.StringIO()
    log = logging.getLogger("syncdesk.worker")
    with service.worker_logging(Path("/dev/full"), err):
        for i in range(3):
            log.info("line %d", i)
        [handler] = [
            h
            for h in logging.getLogger("syncdesk").handlers
            if isinstance(h, logging.handlers.RotatingFileHandler)
        ]
        said = (
            "syncdesk worker: the log file /dev/full cannot be written (No space left on "
            "device); warnings go to stderr only, the file is tried again each minute\n"
        )
        assert err.getvalue() == said
        # a minute later, the disk still full: tried, not said again
        handler.retry_at = 0.0  # type: ignore[attr-defined]
        log.info("still full")
        assert err.getvalue() == said
        assert handler.retry_at > 0.0  # type: ignore[attr-defined]
        # another minute later, on a disk with room again
        handler.baseFilename = str(tmp_path / "worker.log")
        handler.retry_at = 0.0  # type: ignore[attr-defined]
        log.info("after")
        log.warning("told on stderr too")
    assert "Traceback" not in err.getvalue() and "Logging error" not in err.getvalue()
    assert err.getvalue().splitlines()[1:] == [
        f"syncdesk worker: the log file {tmp_path / 'worker.log'} is written again",
        "syncdesk worker: WARNING: told on stderr too",
    ]
    written = (tmp_path / "worker.log").read_text(encoding="utf-8")
    assert "after" in written and "told on stderr too" in written and "line" not in written
