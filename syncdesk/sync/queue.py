"""The job queue: recurring jobs per mapping that run by themselves.

Due entries run while a window or ``syncdesk worker`` is open on the workspace.
The clock is a parameter so tests can drive it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from syncdesk.errors import UsageError
from syncdesk.models import QueueEntry
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.engine import CancelToken, JobResult, ProgressCallback, run_sync
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import QueueRow, queue_entries

Clock = Callable[[], dt.datetime]


def _entry(s: Session, integration: Integration, mapping: str) -> QueueEntry:
    name = integration.workspace.mapping(mapping).name
    entry = s.scalars(select(QueueEntry).where(QueueEntry.mapping == name)).first()
    if entry is None:
        raise UsageError(f"mapping {name} has no job queue entry")
    return entry


def set_every(
    integration: Integration, mapping: str, minutes: int, clock: Clock = now_utc
) -> QueueRow:
    if minutes < 1 or minutes > 60 * 24 * 31:
        raise UsageError("--every takes a number of minutes from 1 to 44640")
    with integration.state.write() as s:
        entry = _entry(s, integration, mapping)
        entry.every_minutes = minutes
        base = entry.last_run or clock()
        entry.next_run = max(base + dt.timedelta(minutes=minutes), clock())
    return _row(integration, mapping)


def set_enabled(
    integration: Integration, mapping: str, enabled: bool, clock: Clock = now_utc
) -> QueueRow:
    with integration.state.write() as s:
        entry = _entry(s, integration, mapping)
        entry.enabled = enabled
        if enabled and entry.next_run < clock():
            entry.next_run = clock()
    return _row(integration, mapping)


def _row(integration: Integration, mapping: str) -> QueueRow:
    name = integration.workspace.mapping(mapping).name
    return next(r for r in queue_entries(integration.state) if r.mapping == name)


def next_due(integration: Integration) -> dt.datetime | None:
    rows = [
        r for r in queue_entries(integration.state) if r.enabled and r.mapping in integration.tables
    ]
    return min((r.next_run for r in rows), default=None)


def claim_due(integration: Integration, clock: Clock = now_utc) -> list[str]:
    """Mappings whose entry is due; their next run moves on before they run."""
    now = clock()
    claimed: list[str] = []
    with integration.state.write() as s:
        for entry in s.scalars(
            select(QueueEntry).where(QueueEntry.enabled.is_(True), QueueEntry.next_run <= now)
        ):
            if entry.mapping not in integration.tables:
                continue
            entry.next_run = now + dt.timedelta(minutes=entry.every_minutes)
            entry.last_run = now
            claimed.append(entry.mapping)
    return claimed


def run_due(
    integration: Integration,
    *,
    clock: Clock = now_utc,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[JobResult]:
    """Run every due entry once (trigger ``queue``), parents before children."""
    claimed = claim_due(integration, clock)
    if not claimed:
        return []
    results = run_sync(integration, claimed, trigger="queue", progress=progress, cancel=cancel)
    with integration.state.write() as s:
        for r in results:
            entry = s.scalars(select(QueueEntry).where(QueueEntry.mapping == r.mapping)).first()
            if entry is not None:
                entry.last_job_id = r.job
    return results


def run_worker(
    integration: Integration,
    stop: threading.Event,
    *,
    cancel: CancelToken | None = None,
    clock: Clock = now_utc,
    on_results: Callable[[list[JobResult]], None] | None = None,
    poll_seconds: float = 5.0,
) -> None:
    """Run due entries until ``stop`` is set."""
    while not stop.is_set():
        results = run_due(integration, clock=clock, cancel=cancel)
        if results and on_results is not None:
            on_results(results)
        if cancel is not None and cancel.cancelled:
            return
        nxt = next_due(integration)
        wait = poll_seconds
        if nxt is not None:
            wait = min(poll_seconds, max(0.05, (nxt - clock()).total_seconds()))
        stop.wait(wait)
