"""The job queue: recurring jobs per mapping that run by themselves.

Due entries run while a window or ``syncdesk worker`` is open on the workspace; several
of them may share one state database (on PostgreSQL, from several machines). The clock
is a parameter so tests can drive it.

**Claims.** A runner (a window or a worker process, named ``host:pid:random``) claims a
due entry before it runs its job: in one short write transaction it selects the due rows
``FOR UPDATE SKIP LOCKED`` (PostgreSQL: two runners never wait on each other and never
take the same row; on SQLite the state store's ``BEGIN IMMEDIATE`` makes the whole claim
one writer at a time), moves ``next_run`` on, and records ``claimed_by`` and a lease,
``claimed_until``. A heartbeat thread with its own sessions renews the lease while the
job runs; when the job ends the claim is released and ``last_job_id`` set.

An entry is due when it is enabled and either unclaimed with ``next_run`` reached, or
claimed with its lease run out: its runner died (SIGKILL, power cut) or lost the state
database for longer than the lease. Another runner then claims it and runs the job; that
job's start (``recover()`` under the job lock) finishes or forgets what the dead one
left, and marks the dead job failed ("interrupted").

**Claims and the job lock.** ``run_sync`` still takes ``StateStore.job_lock``: one
writing job per workspace at a time, across processes and machines. Claims decide
*which* runner runs an entry; the lock decides *when*. A runner that claimed an entry
while another runner's job holds the lock waits for the lock (the bounded
``lock_wait``), its lease kept alive by the heartbeat. If the wait runs out, the job did
not start: the claim is given back with the entry due at once (``next_run`` back to the
claim's time), and ``run_due`` raises the usual ``UnavailableError`` (the window shows
it as before); ``run_worker`` notes it in its log (info, not a warning: another worker's
long job is normal) and claims again after ``poll_seconds``. Nothing is lost and the claim is never
left dangling. A lease that runs out while its job still runs (the heartbeat could not
reach the state database for a whole lease) lets another runner claim the entry; the job
lock keeps the two jobs from overlapping, and the second one merely runs the mapping
again (a sync of an unchanged mapping changes nothing).

Clocks: leases compare the runners' clocks. Keep worker hosts on NTP; the default lease
of five minutes tolerates small skews.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import SyncDeskError, UnavailableError, UsageError
from syncdesk.models import QueueEntry
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.engine import BATCH, CancelToken, JobResult, ProgressCallback, run_sync
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import QueueRow, queue_entries

Clock = Callable[[], dt.datetime]

#: seconds a claim holds unless its runner renews it (the heartbeat renews it every third)
LEASE_SECONDS = 300.0

log = logging.getLogger("syncdesk.queue")


def new_runner_id() -> str:
    """A name for one runner: ``host:pid:random`` (random: pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


_runner: tuple[int, str] | None = None


def process_runner_id() -> str:
    """This process's runner id (a new one after a fork)."""
    global _runner
    if _runner is None or _runner[0] != os.getpid():
        _runner = (os.getpid(), new_runner_id())
    return _runner[1]


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


def _runnable(integration: Integration) -> list[str]:
    """The workspace's mappings in dependency order (parents first)."""
    return [m.name for m in integration.workspace.ordered() if m.name in integration.tables]


def _due(now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        QueueEntry.enabled.is_(True),
        or_(
            and_(QueueEntry.claimed_until.is_(None), QueueEntry.next_run <= now),
            QueueEntry.claimed_until <= now,
        ),
    )


def next_due(integration: Integration) -> dt.datetime | None:
    """When the next entry falls due: its next run, or when a claim on it runs out."""
    names = _runnable(integration)
    with integration.state.read() as s:
        rows = s.execute(
            select(QueueEntry.next_run, QueueEntry.claimed_until).where(
                QueueEntry.enabled.is_(True), QueueEntry.mapping.in_(names)
            )
        ).all()
    return min((until if until is not None else nxt for nxt, until in rows), default=None)


@dataclass(frozen=True)
class Claim:
    """One entry claimed by one runner; ``due_again`` is its next run if given back unrun."""

    mapping: str
    runner: str
    at: dt.datetime
    due_again: dt.datetime


def claim(
    integration: Integration,
    runner: str,
    *,
    clock: Clock = now_utc,
    lease: float = LEASE_SECONDS,
    limit: int | None = None,
) -> list[Claim]:
    """Claim up to ``limit`` due entries (all when None), parents first; one transaction."""
    names = _runnable(integration)
    if not names:
        return []
    now = clock()
    rank = case({n: i for i, n in enumerate(names)}, value=QueueEntry.mapping, else_=len(names))
    query = (
        select(QueueEntry)
        .where(_due(now), QueueEntry.mapping.in_(names))
        .order_by(rank, QueueEntry.id)
        .with_for_update(skip_locked=True)  # SQLite: no-op; the write is BEGIN IMMEDIATE
    )
    if limit is not None:
        query = query.limit(limit)
    claims: list[Claim] = []
    with integration.state.write() as s:
        for entry in s.scalars(query):
            if entry.claimed_by is not None:
                log.warning(
                    "%s: the claim of %s ran out; running its job again",
                    entry.mapping,
                    entry.claimed_by,
                )
            claims.append(Claim(entry.mapping, runner, now, min(entry.next_run, now)))
            entry.next_run = now + dt.timedelta(minutes=entry.every_minutes)
            entry.last_run = now
            entry.claimed_by = runner
            entry.claimed_until = now + dt.timedelta(seconds=lease)
    return claims


def claim_due(
    integration: Integration,
    clock: Clock = now_utc,
    *,
    runner: str | None = None,
    lease: float = LEASE_SECONDS,
    limit: int | None = None,
) -> list[str]:
    """Claim the due entries for this process; returns their mappings, parents first.

    The claims hold for ``lease`` seconds unless renewed or given back with ``release``.
    """
    found = claim(integration, runner or process_runner_id(), clock=clock, lease=lease, limit=limit)
    return [c.mapping for c in found]


def renew(
    integration: Integration,
    claims: Sequence[Claim],
    *,
    clock: Clock = now_utc,
    lease: float = LEASE_SECONDS,
) -> int:
    """Move the claims' leases on; returns how many this runner still holds."""
    held = 0
    with integration.state.write() as s:
        for runner in {c.runner for c in claims}:
            result = s.execute(
                update(QueueEntry)
                .where(
                    QueueEntry.mapping.in_([c.mapping for c in claims if c.runner == runner]),
                    QueueEntry.claimed_by == runner,
                )
                .values(claimed_until=clock() + dt.timedelta(seconds=lease))
                .execution_options(synchronize_session=False)
            )
            held += result.rowcount  # type: ignore[attr-defined]
    return held


def release(
    integration: Integration,
    claims: Sequence[Claim],
    results: Sequence[JobResult] = (),
    *,
    due_again: Sequence[str] = (),
) -> None:
    """Give the claims back: the job's id recorded, and ``due_again`` entries due at once."""
    jobs = {r.mapping: r.job for r in results}
    with integration.state.write() as s:
        for c in claims:
            values: dict[str, object] = {"claimed_by": None, "claimed_until": None}
            if c.mapping in jobs:
                values["last_job_id"] = jobs[c.mapping]
            if c.mapping in due_again:
                values["next_run"] = c.due_again
            s.execute(
                update(QueueEntry)
                .where(QueueEntry.mapping == c.mapping, QueueEntry.claimed_by == c.runner)
                .values(**values)
                .execution_options(synchronize_session=False)
            )


@contextmanager
def _heartbeat(
    integration: Integration, claims: Sequence[Claim], clock: Clock, lease: float
) -> Iterator[None]:
    """Renew the claims every third of the lease, from a thread with its own sessions."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(max(0.05, lease / 3)):
            try:
                if renew(integration, claims, clock=clock, lease=lease) < len(claims):
                    log.warning("a claim ran out before its job ended; another runner may rerun it")
            except (SQLAlchemyError, SyncDeskError) as exc:
                log.warning("could not renew the job queue claim: %s", _one_line(exc))

    thread = threading.Thread(target=beat, name="syncdesk-queue-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _one_line(exc: BaseException) -> str:
    from syncdesk.models.store import describe_db_error

    return describe_db_error(exc)


def run_due(
    integration: Integration,
    *,
    clock: Clock = now_utc,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    runner: str | None = None,
    lease: float = LEASE_SECONDS,
    limit: int | None = None,
    lock_wait: float | None = None,
    batch: int | None = None,
    retry_cancelled: bool = False,
) -> list[JobResult]:
    """Claim the due entries (up to ``limit``) and run them once (trigger ``queue``).

    Parents run before children. Entries whose job did not start (cancelled first, the
    job lock busy past ``lock_wait``, an error) are given back due at once; so are
    cancelled jobs when ``retry_cancelled`` (a worker that is stopping).
    """
    claims = claim(
        integration, runner or process_runner_id(), clock=clock, lease=lease, limit=limit
    )
    if not claims:
        return []
    results: list[JobResult] = []
    try:
        with _heartbeat(integration, claims, clock, lease):
            results = run_sync(
                integration,
                [c.mapping for c in claims],
                trigger="queue",
                progress=progress,
                cancel=cancel,
                lock_wait=lock_wait,
                batch=BATCH if batch is None else batch,
            )
    finally:
        ran = {r.mapping for r in results if not (retry_cancelled and r.status == "cancelled")}
        try:
            release(
                integration,
                claims,
                results,
                due_again=[c.mapping for c in claims if c.mapping not in ran],
            )
        except (SQLAlchemyError, SyncDeskError) as exc:  # the lease runs out by itself
            log.warning("could not give back the job queue claim: %s", _one_line(exc))
    return results


def run_now(
    integration: Integration,
    mapping: str,
    *,
    clock: Clock = now_utc,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    runner: str | None = None,
    lease: float = LEASE_SECONDS,
) -> list[JobResult]:
    """Run Now: one entry's job at once, due or not, as the queue runs it.

    The entry is claimed like a due one (so no worker runs it meanwhile; one that another
    runner holds is refused), its last run is now and its next run a whole interval later;
    if the job does not start, the entry keeps the next run it had.
    """
    name = integration.workspace.mapping(mapping).name
    now = clock()
    with integration.state.write() as s:
        entry = s.scalars(
            select(QueueEntry).where(QueueEntry.mapping == name).with_for_update()
        ).first()
        if entry is None:
            raise UsageError(f"mapping {name} has no job queue entry")
        if entry.claimed_by is not None and entry.claimed_until and entry.claimed_until > now:
            raise UnavailableError(
                f"{name} is running on {entry.claimed_by} already; try again when it ends"
            )
        held = Claim(name, runner or process_runner_id(), now, entry.next_run)
        entry.next_run = now + dt.timedelta(minutes=entry.every_minutes)
        entry.last_run = now
        entry.claimed_by = held.runner
        entry.claimed_until = now + dt.timedelta(seconds=lease)
    results: list[JobResult] = []
    try:
        with _heartbeat(integration, [held], clock, lease):
            results = run_sync(
                integration, [name], trigger="queue", progress=progress, cancel=cancel
            )
    finally:
        release(integration, [held], results, due_again=[] if results else [name])
    return results


def job_lock_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says the job lock stayed with another job past the bounded wait."""
    return isinstance(exc, UnavailableError) and str(exc).startswith("another job is running")


def run_worker(
    integration: Integration,
    stop: threading.Event,
    *,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    clock: Clock = now_utc,
    on_results: Callable[[list[JobResult]], None] | None = None,
    poll_seconds: float = 5.0,
    runner: str | None = None,
    lease: float = LEASE_SECONDS,
    once: bool = False,
    limit: int | None = 1,
    batch: int | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run due entries until ``stop`` is set (or, ``once``, until none is due).

    Each round claims up to ``limit`` entries (one by default, so that several workers
    share the work), parents first.

    A state database or job lock problem goes to ``on_error`` and is tried again after a
    pause that grows to a minute; without ``on_error`` it is raised. A job cancelled
    because the worker stops is given back due, for the next runner.
    """
    runner = runner or process_runner_id()
    failures = 0
    while not stop.is_set():
        try:
            results = run_due(
                integration,
                clock=clock,
                progress=progress,
                cancel=cancel,
                runner=runner,
                lease=lease,
                limit=limit,
                batch=batch,
                retry_cancelled=True,
            )
            failures = 0
        except (SyncDeskError, SQLAlchemyError) as exc:
            if on_error is not None and job_lock_busy(exc):
                # another runner's job holds the workspace; the claim went back, still due
                log.info("another job holds the workspace; the entry waits for it")
                stop.wait(poll_seconds)
                continue
            failures += 1
            if on_error is None or (once and failures > 5):
                raise
            on_error(exc)
            stop.wait(min(60.0, poll_seconds * 2 ** min(failures, 6)))
            continue
        if results and on_results is not None:
            on_results(results)
        if cancel is not None and cancel.cancelled:
            return
        if results:
            continue  # more may be due: claim the next at once
        if once:
            return
        try:
            nxt = next_due(integration)
        except (SyncDeskError, SQLAlchemyError) as exc:
            if on_error is None:
                raise
            on_error(exc)
            nxt = None
        wait = poll_seconds
        if nxt is not None:
            wait = min(poll_seconds, max(0.05, (nxt - clock()).total_seconds()))
        stop.wait(wait)
