"""Sync errors and record log entries: the state-side bookkeeping shared by jobs and actions."""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from syncdesk.models import LogEntry, SyncError, SyncErrorEvent
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
