"""Keeping the state database small: delete jobs and log entries older than N days.

Business Central's "Delete Entries Older Than 7 Days" on the Integration Synchronization
Jobs page. What goes: jobs that finished before the cutoff, the log entries they wrote
and the records they passed over (``job_skip``),
log entries without a job from before the cutoff, and the history of resolved sync
errors from before the cutoff. What never goes: anything an open sync error's history
stands on —

- the log entries of a record that has an open sync error (the record log a person reads
  to resolve it),
- the events of an open sync error,
- the jobs either of those names (and the job a sync error or the job queue points at),

nor a job still running, nor a log entry still pending (a job's journal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Delete,
    and_,
    delete,
    exists,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from syncdesk.models import (
    Job,
    JobSkip,
    LogEntry,
    QueueEntry,
    StateStore,
    SyncError,
    SyncErrorEvent,
    log_pending,
)
from syncdesk.sync.endpoint import now_utc

#: the clean-up's default age, as on Business Central's page
DEFAULT_AGE = dt.timedelta(days=7)
#: ids go to the database in chunks of this many bound parameters
CHUNK = 500


@dataclass(frozen=True)
class CleanupResult:
    """How many jobs, log entries and sync error events went (or would go)."""

    jobs: int = 0
    log_entries: int = 0
    error_events: int = 0

    @property
    def total(self) -> int:
        return self.jobs + self.log_entries + self.error_events


def cutoff_for(older_than: dt.timedelta, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which entries are old (naive UTC, as the state stores times)."""
    if older_than < dt.timedelta(0):
        raise ValueError("the age of the entries to delete cannot be negative")
    return (now if now is not None else now_utc()) - older_than


def _open_error_record() -> ColumnElement[bool]:
    """A log entry belongs to a record that has an open sync error (same mapping and key)."""
    return exists().where(
        SyncError.status == "open",
        SyncError.mapping == LogEntry.mapping,
        or_(
            and_(SyncError.left_key.is_not(None), SyncError.left_key == LogEntry.left_key),
            and_(SyncError.right_key.is_not(None), SyncError.right_key == LogEntry.right_key),
        ),
    )


def _kept_jobs(s: Session) -> set[int]:
    """Jobs that stay whatever their age: named by an open error's history, or running."""
    kept: set[int] = set()
    queries = (
        select(LogEntry.job_id).where(LogEntry.job_id.is_not(None), _open_error_record()),
        select(LogEntry.job_id).where(LogEntry.job_id.is_not(None), log_pending()),
        select(SyncErrorEvent.job_id)
        .join(SyncError, SyncError.id == SyncErrorEvent.error_id)
        .where(SyncError.status == "open", SyncErrorEvent.job_id.is_not(None)),
        select(SyncError.job_id).where(SyncError.status == "open", SyncError.job_id.is_not(None)),
        select(QueueEntry.last_job_id).where(QueueEntry.last_job_id.is_not(None)),
    )
    for q in queries:
        kept.update(int(j) for j in s.scalars(q.distinct()) if j is not None)
    return kept


def _old_jobs(s: Session, cutoff: dt.datetime) -> list[int]:
    """The jobs to delete: finished before ``cutoff`` and not kept."""
    old = s.scalars(
        select(Job.id)
        .where(Job.finished.is_not(None), Job.finished < cutoff, Job.status != "running")
        .order_by(Job.id)
    ).all()
    kept = _kept_jobs(s)
    return [j for j in old if j not in kept]


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _log_conds(job_ids: list[int] | None, cutoff: dt.datetime) -> list[ColumnElement[bool]]:
    """Log entries that go: of these jobs (or, with ``None``, of no job that still exists)."""
    conds: list[ColumnElement[bool]] = [
        LogEntry.result != "pending",
        not_(_open_error_record()),
    ]
    if job_ids is not None:
        conds.append(LogEntry.job_id.in_(job_ids))
    else:
        conds += [
            LogEntry.at < cutoff,
            or_(LogEntry.job_id.is_(None), ~exists().where(Job.id == LogEntry.job_id)),
        ]
    return conds


def _event_conds(job_ids: list[int] | None, cutoff: dt.datetime) -> list[ColumnElement[bool]]:
    """Events that go: of resolved errors only, from these jobs (or from before ``cutoff``)."""
    resolved = ~exists().where(SyncError.id == SyncErrorEvent.error_id, SyncError.status == "open")
    if job_ids is not None:
        return [resolved, SyncErrorEvent.job_id.in_(job_ids)]
    return [resolved, SyncErrorEvent.at < cutoff]


class _DryRun(Exception):
    """Raised inside the write session of a preview: it rolls back what was deleted."""

    def __init__(self, result: CleanupResult) -> None:
        super().__init__("dry run")
        self.result = result


def count_old_entries(
    store: StateStore, older_than: dt.timedelta = DEFAULT_AGE, now: dt.datetime | None = None
) -> CleanupResult:
    """What :func:`delete_old_entries` would delete now (to confirm it first).

    The same deletes run in a transaction that is rolled back: the counts are exactly those
    of the real clean-up on the state as it is now.
    """
    cutoff = cutoff_for(older_than, now)
    try:
        with store.write() as s:
            raise _DryRun(_delete_old(s, cutoff))
    except _DryRun as dry:
        return dry.result


def delete_old_entries(
    store: StateStore, older_than: dt.timedelta = DEFAULT_AGE, now: dt.datetime | None = None
) -> CleanupResult:
    """Delete the jobs, log entries and resolved errors' events older than ``older_than``.

    One transaction: all of it goes, or nothing. See the module docstring for what stays.
    """
    cutoff = cutoff_for(older_than, now)
    with store.write() as s:
        return _delete_old(s, cutoff)


def _delete_old(s: Session, cutoff: dt.datetime) -> CleanupResult:
    logs = events = 0
    jobs = _old_jobs(s, cutoff)
    for chunk in _chunks(jobs):
        logs += _deleted(s, delete(LogEntry).where(*_log_conds(chunk, cutoff)))
        events += _deleted(s, delete(SyncErrorEvent).where(*_event_conds(chunk, cutoff)))
        # a resolved error keeps its row; it no longer names a job that is gone
        s.execute(
            update(SyncError)
            .where(SyncError.job_id.in_(chunk))
            .values(job_id=None)
            .execution_options(synchronize_session=False)
        )
        # what the job passed over goes with it
        _deleted(s, delete(JobSkip).where(JobSkip.job_id.in_(chunk)))
        _deleted(s, delete(Job).where(Job.id.in_(chunk)))
    # entries of no job that still exists, and resolved errors' events, from before the cutoff
    logs += _deleted(s, delete(LogEntry).where(*_log_conds(None, cutoff)))
    events += _deleted(s, delete(SyncErrorEvent).where(*_event_conds(None, cutoff)))
    _deleted(s, delete(JobSkip).where(~exists().where(Job.id == JobSkip.job_id)))
    return CleanupResult(len(jobs), logs, events)


def _deleted(s: Session, statement: Delete) -> int:
    result = s.execute(statement.execution_options(synchronize_session=False))
    return int(cast(CursorResult[Any], result).rowcount or 0)
