"""Sync errors, record log entries and skips: the state-side bookkeeping of jobs and actions."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from syncdesk.models import JobSkip, LogEntry, SyncError, SyncErrorEvent
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.values import Canonical


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def find_open_error(
    s: Session, mapping: str, left_key: str | None, right_key: str | None
) -> SyncError | None:
    q = select(SyncError).where(SyncError.mapping == mapping, SyncError.status == "open")
    if left_key is not None:
        q = q.where(SyncError.left_key == left_key)
    else:
        q = q.where(SyncError.left_key.is_(None))
    if right_key is not None:
        q = q.where(SyncError.right_key == right_key)
    else:
        q = q.where(SyncError.right_key.is_(None))
    return s.scalars(q.order_by(SyncError.id).limit(1)).first()


def record_error(
    s: Session,
    *,
    mapping: str,
    kind: str,
    left_key: str | None,
    right_key: str | None,
    message: str,
    job_id: int | None,
    side: str | None = None,
    detail: dict[str, Any] | None = None,
) -> SyncError:
    """Open a sync error, or add an attempt to the open one for the same records.

    Conflicts and deletions are skipped by later jobs until a person acts. A failed
    write is tried once more by the next job; the same refusal twice marks it skipped.
    """
    now = now_utc()
    err = find_open_error(s, mapping, left_key, right_key)
    if err is None:
        err = SyncError(
            mapping=mapping,
            kind=kind,
            status="open",
            left_key=left_key,
            right_key=right_key,
            side=side,
            message=message,
            detail=detail or {},
            first_seen=now,
            last_seen=now,
            attempts=1,
            skip=kind != "failed",
            job_id=job_id,
            version=1,
        )
        s.add(err)
        s.flush()
        s.add(
            SyncErrorEvent(error_id=err.id, at=now, job_id=job_id, event="found", message=message)
        )
        return err
    repeated = err.kind == kind and err.message == message
    err.attempts += 1
    err.last_seen = now
    err.job_id = job_id
    err.kind = kind
    err.side = side
    err.message = message
    err.detail = detail or {}
    err.skip = kind != "failed" or repeated
    err.version += 1
    s.add(
        SyncErrorEvent(
            error_id=err.id,
            at=now,
            job_id=job_id,
            event="seen again" if repeated else "changed",
            message=message,
        )
    )
    return err


def resolve_error(
    s: Session, err: SyncError, resolution: str, job_id: int | None, message: str = ""
) -> None:
    now = now_utc()
    err.status = "resolved"
    err.resolved_at = now
    err.resolution = resolution
    err.version += 1
    s.add(SyncErrorEvent(error_id=err.id, at=now, job_id=job_id, event=resolution, message=message))


def log(
    s: Session,
    *,
    mapping: str,
    action: str,
    result: str,
    left_key: str | None,
    right_key: str | None,
    job_id: int | None,
    direction: str | None = None,
    message: str = "",
    changes: dict[str, tuple[Canonical, Canonical]] | None = None,
    detail: dict[str, Any] | None = None,
    user: str | None = None,
) -> LogEntry:
    if action == "conflict" and detail is None:
        # a conflict's entry keeps the values in conflict and their base, as its sync
        # error holds them now (just recorded in this session), for the record log
        err = find_open_error(s, mapping, left_key, right_key)
        if err is not None and err.kind == "conflict" and err.detail:
            detail = {"conflict": dict(err.detail)}
    entry = LogEntry(
        at=now_utc(),
        job_id=job_id,
        mapping=mapping,
        left_key=left_key,
        right_key=right_key,
        action=action,
        direction=direction,
        result=result,
        message=message,
        changes={k: list(v) for k, v in (changes or {}).items()},
        detail=detail,
        user=user,
    )
    s.add(entry)
    return entry


# -- what a job passed over, and who asked for it -------------------------------------------

#: a state-side note a job writes in the transaction of its batch
Note = Callable[[Session], None]

#: why a job passes a record over (the engine's English; the window translates it)
EXCLUDED_REASON = "excluded by Remove Coupling; couple it again to sync it"


def record_skip(
    s: Session,
    *,
    job_id: int,
    mapping: str,
    left_key: str | None,
    right_key: str | None,
    reason: str,
    error_id: int | None = None,
) -> None:
    """Remember that job ``job_id`` passed this record over, and why (its Skipped count)."""
    s.add(
        JobSkip(
            job_id=job_id,
            mapping=mapping,
            left_key=left_key,
            right_key=right_key,
            error_id=error_id,
            reason=reason,
        )
    )


def skip_note(
    job_id: int,
    mapping: str,
    left_key: str | None,
    right_key: str | None,
    reason: str,
    error_id: int | None = None,
) -> Note:
    """:func:`record_skip` as a note for the batch's state transaction."""

    def note(s: Session) -> None:
        record_skip(
            s,
            job_id=job_id,
            mapping=mapping,
            left_key=left_key,
            right_key=right_key,
            reason=reason,
            error_id=error_id,
        )

    return note


def error_skip_note(job_id: int, err: SyncError) -> Note:
    """A record passed over because of its open sync error ``err``: which, and what it waits for."""
    if err.kind == "failed":
        reason = f"sync error {err.id} was refused twice; it waits for Retry"
    else:
        reason = f"sync error {err.id} is open; it waits for a person"
    return skip_note(job_id, err.mapping, err.left_key, err.right_key, reason, err.id)


def excluded_note(job_id: int, mapping: str, side: str, key: str) -> Note:
    """A record passed over because Remove Coupling excluded it."""
    left, right = (key, None) if side == "left" else (None, key)
    return skip_note(job_id, mapping, left, right, EXCLUDED_REASON)


def last_log_id(s: Session) -> int:
    """The newest record log entry's id (0: none): what :func:`mark_manual` starts after."""
    return int(s.scalar(select(func.max(LogEntry.id))) or 0)


def mark_manual(s: Session, trigger: str, after: int) -> None:
    """A job a person asked for (trigger ``manual``): the log entries written since entry
    ``after`` in this transaction (which holds the write lock: they are the job's) carry
    that person."""
    if trigger != "manual":
        return
    s.execute(
        update(LogEntry)
        .where(LogEntry.id > after, LogEntry.user.is_(None))
        .values(user=current_user())
        .execution_options(synchronize_session=False)
    )
