"""The job queue: entries per mapping, due entries run by themselves, the worker stops cleanly."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
import time

from builders import Env

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
