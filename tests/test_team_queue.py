"""Job queue claims shared by several runners, and ``syncdesk worker`` as a service.

Each due entry is claimed by one runner (a window or a worker process) with a lease;
a runner that dies leaves a lease that runs out, and another runner finishes its work.
The process tests run real ``syncdesk worker`` processes against real databases.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from builders import Env
from sqlalchemy import select

from syncdesk.errors import UnavailableError
from syncdesk.models import QueueEntry, StateStore
from syncdesk.sync import queue


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


def test_the_lease_is_renewed_while_a_job_runs(lite: Env) -> None:
    lite.customers(300)
    seen: list[dt.datetime | None] = []
    with lite.open() as integration:

        def progress(_p: object) -> None:
            time.sleep(0.02)  # a slow job: several heartbeats pass
            with integration.state.read() as s:
                seen.append(
                    s.scalar(
                        select(QueueEntry.claimed_until).where(QueueEntry.mapping == "CUSTOMER")
                    )
                )

        results = queue.run_due(integration, progress=progress, lease=0.3, limit=1, batch=5)
    assert [r.status for r in results] == ["succeeded"]
    stamps = [s for s in seen if s is not None]
    assert len(set(stamps)) > 1  # moved on while the job ran
    assert entries(lite)["CUSTOMER"].claimed_by is None
