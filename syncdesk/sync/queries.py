"""Read-only queries over the state database, returning frozen rows.

The window and the command line both read through here; neither sees a live ORM
object or a session. Filtering, sorting and paging happen in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select

from syncdesk.models import (
    Coupling,
    Job,
    JobSkip,
    LogEntry,
    QueueEntry,
    StateStore,
    SyncError,
    SyncErrorEvent,
)
from syncdesk.workspace import Side

ERROR_KINDS = ("conflict", "deleted-left", "deleted-right", "failed")


@dataclass(frozen=True)
class ErrorRow:
    id: int
    mapping: str
    kind: str
    left_key: str | None
    right_key: str | None
    message: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    attempts: int
    skip: bool
    status: str
    version: int
    detail: dict[str, Any]
    #: the record's name (its mapping's ``title`` field, read from the apps), if known
    title: str | None = None

    @property
    def waits_for_job(self) -> bool:
        """Open and not skipped: the next job tries the pair again (after Retry, or a
        failed write met once)."""
        return self.status == "open" and not self.skip

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mapping": self.mapping,
            "kind": self.kind,
            "left_key": self.left_key,
            "right_key": self.right_key,
            "title": self.title,
            "message": self.message,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "attempts": self.attempts,
            "skipped": self.skip,
        }


@dataclass(frozen=True)
class LogRow:
    id: int
    at: dt.datetime
    job: int | None
    trigger: str | None
    mapping: str
    left_key: str | None
    right_key: str | None
    action: str
    direction: str | None
    result: str
    message: str
    changes: dict[str, list[Any]]
    user: str | None
    #: a conflict entry: the fields in conflict, with their ``base``, ``left`` and ``right``
    #: values (``{"fields": [...], "base": {...}, "left": {...}, "right": {...}}``)
    conflict: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "job": self.job,
            "trigger": self.trigger,
            "mapping": self.mapping,
            "left_key": self.left_key,
            "right_key": self.right_key,
            "action": self.action,
            "direction": self.direction,
            "result": self.result,
            "message": self.message,
            "changes": self.changes,
            "user": self.user,
            "by": self.user,
            **({"conflict": self.conflict} if self.conflict is not None else {}),
        }


@dataclass(frozen=True)
class SkipRow:
    """A record a job passed over, and why (one of the records behind its Skipped count)."""

    id: int
    job: int
    mapping: str
    left_key: str | None
    right_key: str | None
    reason: str
    #: the open sync error that held it back (or the one the job found), if any
    error_id: int | None
    #: that error's kind and status now ("open", "resolved"), if it still exists
    error_kind: str | None = None
    error_status: str | None = None
    title: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "mapping": self.mapping,
            "left_key": self.left_key,
            "right_key": self.right_key,
            "reason": self.reason,
            "error": self.error_id,
        }


@dataclass(frozen=True)
class JobRow:
    id: int
    mapping: str
    trigger: str
    status: str
    started: dt.datetime
    finished: dt.datetime | None
    inserted: int
    modified: int
    deleted: int
    unchanged: int
    skipped: int
    failed: int
    conflicts: int
    message: str | None
    full: bool
    record: str | None
    user: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "job": self.id,
            "mapping": self.mapping,
            "status": self.status,
            "inserted": self.inserted,
            "modified": self.modified,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": self.failed,
            "conflicts": self.conflicts,
            "trigger": self.trigger,
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "message": self.message,
            "full": self.full,
            "record": self.record,
        }


@dataclass(frozen=True)
class QueueRow:
    id: int
    mapping: str
    every_minutes: int
    enabled: bool
    next_run: dt.datetime
    last_run: dt.datetime | None
    last_job: int | None
    #: the runner (``host:pid:random``) whose job runs now, and until when its claim holds
    claimed_by: str | None = None
    claimed_until: dt.datetime | None = None

    def running_on(self, now: dt.datetime) -> str | None:
        """The runner running the entry's job now (None if none, or its claim ran out)."""
        live = self.claimed_until is not None and self.claimed_until > now
        return self.claimed_by if live else None

    def as_json(self) -> dict[str, Any]:
        return {
            "mapping": self.mapping,
            "every_minutes": self.every_minutes,
            "enabled": self.enabled,
            "next_run": self.next_run.isoformat(),
            "last_run": self.last_run.isoformat() if self.last_run else None,
            "last_job": self.last_job,
            "claimed_by": self.claimed_by,
            "claimed_until": self.claimed_until.isoformat() if self.claimed_until else None,
        }


@dataclass(frozen=True)
class ErrorFilter:
    """What the sync error list shows: open errors, narrowed by mapping, kind and text."""

    mappings: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    search: str = ""
    status: str = "open"
    #: ids of the errors whose record's name (title, read from the apps) holds ``search``:
    #: found by :func:`syncdesk.sync.records.search_titles`, matched beside the keys
    title_matches: tuple[int, ...] = ()

    def apply(self, q: Select[Any]) -> Select[Any]:
        if self.status:
            q = q.where(SyncError.status == self.status)
        return q.where(*self.narrowing())

    def narrowing(self) -> list[ColumnElement[bool]]:
        """The conditions of the mapping, kind and text (not the status)."""
        conds: list[ColumnElement[bool]] = []
        if self.mappings:
            conds.append(SyncError.mapping.in_(self.mappings))
        if self.kinds:
            conds.append(SyncError.kind.in_(self.kinds))
        if self.search.strip():
            like = f"%{self.search.strip().lower()}%"
            found = [
                func.lower(SyncError.message).like(like),
                func.lower(SyncError.left_key).like(like),
                func.lower(SyncError.right_key).like(like),
                func.lower(SyncError.mapping).like(like),
            ]
            if self.title_matches:
                # our own integer ids, written into the statement: no limit on their number
                ids: Any = bindparam("title_ids", list(self.title_matches), expanding=True)
                found.append(SyncError.id.in_(ids.render_literal_execute()))
            conds.append(or_(*found))
        return conds


ERROR_SORT: dict[str, Any] = {
    "id": SyncError.id,
    "mapping": SyncError.mapping,
    "kind": SyncError.kind,
    # keys may be NULL (a record on one side only): sort those as "", first either way, so
    # the order (and paging after a row) is the same on every database
    "left_key": func.coalesce(SyncError.left_key, ""),
    "right_key": func.coalesce(SyncError.right_key, ""),
    "message": SyncError.message,
    "first_seen": SyncError.first_seen,
    "last_seen": SyncError.last_seen,
    "attempts": SyncError.attempts,
}


def _error_row(e: SyncError) -> ErrorRow:
    return ErrorRow(
        id=e.id,
        mapping=e.mapping,
        kind=e.kind,
        left_key=e.left_key,
        right_key=e.right_key,
        message=e.message,
        first_seen=e.first_seen,
        last_seen=e.last_seen,
        attempts=e.attempts,
        skip=e.skip,
        status=e.status,
        version=e.version,
        detail=dict(e.detail or {}),
    )


#: the columns of an :class:`ErrorRow`
_ERROR_COLUMNS = (
    SyncError.id,
    SyncError.mapping,
    SyncError.kind,
    SyncError.left_key,
    SyncError.right_key,
    SyncError.message,
    SyncError.first_seen,
    SyncError.last_seen,
    SyncError.attempts,
    SyncError.skip,
    SyncError.status,
    SyncError.version,
    SyncError.detail,
)


def _error_row_of(r: Any) -> ErrorRow:
    """An ``ErrorRow`` from a result row of ``_ERROR_COLUMNS``."""
    return ErrorRow(
        id=r.id,
        mapping=r.mapping,
        kind=r.kind,
        left_key=r.left_key,
        right_key=r.right_key,
        message=r.message,
        first_seen=r.first_seen,
        last_seen=r.last_seen,
        attempts=r.attempts,
        skip=r.skip,
        status=r.status,
        version=r.version,
        detail=dict(r.detail or {}),
    )


def sort_value(row: ErrorRow, sort: str) -> Any:
    """The value ``row`` has in the ``sort`` order of :func:`list_errors`."""
    if sort in ("left_key", "right_key"):
        return getattr(row, sort) or ""
    return getattr(row, sort) if sort in ERROR_SORT else row.id


def _error_order(
    q: Select[Any], sort: str, descending: bool, after: ErrorRow | None
) -> Select[Any]:
    """Order by ``sort`` with the id as tiebreak; with ``after``, only the rows past it."""
    col = ERROR_SORT.get(sort, SyncError.id)
    if after is not None:
        value = sort_value(after, sort)
        if col is SyncError.id:
            q = q.where(SyncError.id < after.id if descending else SyncError.id > after.id)
        elif descending:
            q = q.where(or_(col < value, and_(col == value, SyncError.id < after.id)))
        else:
            q = q.where(or_(col > value, and_(col == value, SyncError.id > after.id)))
    if col is SyncError.id:
        return q.order_by(SyncError.id.desc() if descending else SyncError.id.asc())
    return q.order_by(
        col.desc() if descending else col.asc(),
        SyncError.id.desc() if descending else SyncError.id.asc(),
    )


def list_errors(
    store: StateStore,
    flt: ErrorFilter | None = None,
    *,
    sort: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    after: ErrorRow | None = None,
) -> list[ErrorRow]:
    """Open errors matching ``flt`` in ``sort`` order (the id breaks ties, in the same direction).

    Page with ``offset``, or (cheaper deep in a large list, and steady while rows come and go)
    with ``after``: the rows that follow that row in this order.
    """
    flt = flt or ErrorFilter()
    q = _error_order(flt.apply(select(*_ERROR_COLUMNS)), sort, descending, after)
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    with store.read() as s:
        # plain columns, no ORM objects to build: a page of a large list reads quickly
        return [_error_row_of(r) for r in s.execute(q)]


def iter_error_pages(
    store: StateStore,
    flt: ErrorFilter | None = None,
    *,
    sort: str = "id",
    descending: bool = False,
    page: int = 2000,
) -> Iterator[list[ErrorRow]]:
    """Every error matching ``flt``, in pages of at most ``page`` rows, each read on its own.

    A page is one short read (nothing stays open between pages); the next one starts after
    the last row of the one before, so a long export neither repeats nor skips a row.
    """
    after: ErrorRow | None = None
    while True:
        rows = list_errors(store, flt, sort=sort, descending=descending, limit=page, after=after)
        if rows:
            yield rows
        if len(rows) < page:
            return
        after = rows[-1]


def error_ids(store: StateStore, flt: ErrorFilter) -> list[int]:
    with store.read() as s:
        return list(s.scalars(flt.apply(select(SyncError.id)).order_by(SyncError.id)))


def get_errors(store: StateStore, ids: Sequence[int]) -> list[ErrorRow]:
    with store.read() as s:
        found = {
            e.id: _error_row(e)
            for e in s.scalars(select(SyncError).where(SyncError.id.in_(list(ids))))
        }
    return [found[i] for i in ids if i in found]


def count_errors(store: StateStore, flt: ErrorFilter | None = None) -> dict[str, int]:
    """Open errors per kind (every kind present, zero where none)."""
    flt = flt or ErrorFilter()
    q = flt.apply(select(SyncError.kind, func.count()).group_by(SyncError.kind))
    out = dict.fromkeys(ERROR_KINDS, 0)
    with store.read() as s:
        for kind, n in s.execute(q):
            out[kind] = n
    return out


def count_errors_with_totals(
    store: StateStore, flt: ErrorFilter
) -> tuple[dict[str, int], dict[str, int]]:
    """Errors per kind matching ``flt``, and all of its status per kind, in one scan."""
    narrowing = flt.narrowing()
    matching = func.count().filter(and_(*narrowing)) if narrowing else func.count()
    q = select(SyncError.kind, matching, func.count()).group_by(SyncError.kind)
    if flt.status:
        q = q.where(SyncError.status == flt.status)
    found = dict.fromkeys(ERROR_KINDS, 0)
    totals = dict.fromkeys(ERROR_KINDS, 0)
    with store.read() as s:
        for kind, n, total in s.execute(q):
            found[kind], totals[kind] = n, total
    return found, totals


def record_log(store: StateStore, side: Side, key: str, mapping: str | None = None) -> list[LogRow]:
    """Every log entry of one record, oldest first (also those naming its coupled partner)."""
    col = LogEntry.left_key if side == "left" else LogEntry.right_key
    with store.read() as s:
        partners = s.execute(
            select(Coupling.mapping, Coupling.left_key, Coupling.right_key).where(
                (Coupling.left_key if side == "left" else Coupling.right_key) == key
            )
        ).all()
        conds = [col == key]
        for m, lk, rk in partners:
            if mapping is None or m == mapping:
                partner = rk if side == "left" else lk
                pcol = LogEntry.right_key if side == "left" else LogEntry.left_key
                conds.append(and_(LogEntry.mapping == m, pcol == partner))
        q = (
            select(LogEntry, Job.trigger)
            .outerjoin(Job, Job.id == LogEntry.job_id)
            .where(or_(*conds), LogEntry.result != "pending")
        )
        if mapping is not None:
            q = q.where(LogEntry.mapping == mapping)
        q = q.order_by(LogEntry.at, LogEntry.id)
        return [_log_row_of(e, trigger) for e, trigger in s.execute(q)]


def _log_row_of(e: LogEntry, trigger: str | None) -> LogRow:
    detail = e.detail if isinstance(e.detail, dict) else {}
    conflict = detail.get("conflict") if e.action == "conflict" else None
    return LogRow(
        id=e.id,
        at=e.at,
        job=e.job_id,
        trigger=trigger,
        mapping=e.mapping,
        left_key=e.left_key,
        right_key=e.right_key,
        action=e.action,
        direction=e.direction,
        result=e.result,
        message=e.message,
        changes=dict(e.changes or {}),
        user=e.user,
        conflict=dict(conflict) if isinstance(conflict, dict) else None,
    )


def _job_row(j: Job) -> JobRow:
    return JobRow(
        id=j.id,
        mapping=j.mapping,
        trigger=j.trigger,
        status=j.status,
        started=j.started,
        finished=j.finished,
        inserted=j.inserted,
        modified=j.modified,
        deleted=j.deleted,
        unchanged=j.unchanged,
        skipped=j.skipped,
        failed=j.failed,
        conflicts=j.conflicts,
        message=j.message,
        full=j.full,
        record=j.record,
        user=j.user,
    )


def list_jobs(store: StateStore, limit: int = 50, mapping: str | None = None) -> list[JobRow]:
    q = select(Job).order_by(Job.id.desc()).limit(limit)
    if mapping is not None:
        q = q.where(Job.mapping == mapping)
    with store.read() as s:
        return [_job_row(j) for j in s.scalars(q)]


def state_stamp(store: StateStore) -> tuple[object, ...]:
    """A cheap fingerprint of the shared state: it changes when anyone, anywhere, finds or
    resolves a sync error, writes the record log, starts or ends a job or edits the queue.

    Every such change adds a row (an error event, a log entry, a job) or touches the small
    queue table, so the newest ids, the running jobs and the queue's columns tell it; each
    is one look at an index. A window compares stamps every few seconds to show what other
    windows and workers did.
    """
    with store.read() as s:
        newest = s.execute(
            select(
                select(func.max(SyncErrorEvent.id)).scalar_subquery(),
                select(func.max(LogEntry.id)).scalar_subquery(),
                select(func.max(Job.id)).scalar_subquery(),
                select(func.count())
                .select_from(Job)
                .where(Job.status == "running")
                .scalar_subquery(),
            )
        ).one()
        queue = s.execute(
            select(
                QueueEntry.mapping,
                QueueEntry.every_minutes,
                QueueEntry.enabled,
                QueueEntry.next_run,
                QueueEntry.last_run,
            ).order_by(QueueEntry.mapping)
        ).all()
    return (*newest, *(tuple(q) for q in queue))


def queue_entries(store: StateStore) -> list[QueueRow]:
    with store.read() as s:
        return [
            QueueRow(
                id=q.id,
                mapping=q.mapping,
                every_minutes=q.every_minutes,
                enabled=q.enabled,
                next_run=q.next_run,
                last_run=q.last_run,
                last_job=q.last_job_id,
                claimed_by=q.claimed_by,
                claimed_until=q.claimed_until,
            )
            for q in s.scalars(select(QueueEntry).order_by(QueueEntry.mapping))
        ]


# -- the Jobs page ------------------------------------------------------------------------

#: what a job's count stands for in its log: the actions (with result ``ok``) behind it
COUNT_LOG_ACTIONS: dict[str, tuple[str, ...]] = {
    "inserted": ("insert", "restore"),
    "modified": ("modify", "resolve"),
    "deleted": ("delete",),
}
#: what a job's count stands for among its sync errors: the kinds behind it
COUNT_ERROR_KINDS: dict[str, tuple[str, ...]] = {
    "conflicts": ("conflict",),
    "failed": ("failed",),
    "skipped": ("deleted-left", "deleted-right"),
}


def list_jobs_page(store: StateStore, limit: int = 500, before: int | None = None) -> list[JobRow]:
    """Jobs newest first; with ``before``, only those older than that job (the next page)."""
    q = select(Job).order_by(Job.id.desc()).limit(limit)
    if before is not None:
        q = q.where(Job.id < before)
    with store.read() as s:
        return [_job_row(j) for j in s.scalars(q)]


def count_jobs(store: StateStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Job)) or 0)


def get_job(store: StateStore, job_id: int) -> JobRow | None:
    with store.read() as s:
        job = s.get(Job, job_id)
        return _job_row(job) if job is not None else None


def _job_log_query(
    job_id: int, actions: Sequence[str] | None, result: str | None
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [LogEntry.job_id == job_id, LogEntry.result != "pending"]
    if actions:
        conds.append(LogEntry.action.in_(list(actions)))
    if result is not None:
        conds.append(LogEntry.result == result)
    return conds


def job_log(
    store: StateStore,
    job_id: int,
    limit: int | None = 500,
    *,
    actions: Sequence[str] | None = None,
    result: str | None = None,
) -> list[LogRow]:
    """The log entries one job wrote, oldest first (newest last), at most ``limit``.

    ``actions`` and ``result`` narrow them: ``actions=("insert", "restore"), result="ok"``
    are the records the job inserted (see :data:`COUNT_LOG_ACTIONS`).
    """
    q = (
        select(LogEntry, Job.trigger)
        .outerjoin(Job, Job.id == LogEntry.job_id)
        .where(*_job_log_query(job_id, actions, result))
        .order_by(LogEntry.at, LogEntry.id)
    )
    if limit is not None:
        q = q.limit(limit)
    with store.read() as s:
        return [_log_row_of(e, trigger) for e, trigger in s.execute(q)]


def count_job_log(
    store: StateStore,
    job_id: int,
    *,
    actions: Sequence[str] | None = None,
    result: str | None = None,
) -> int:
    """How many entries :func:`job_log` has for these arguments without a limit."""
    q = select(func.count()).select_from(LogEntry).where(*_job_log_query(job_id, actions, result))
    with store.read() as s:
        return int(s.scalar(q) or 0)


def job_errors(
    store: StateStore,
    job_id: int,
    kinds: Sequence[str] | None = None,
    limit: int | None = 500,
) -> list[ErrorRow]:
    """The sync errors one job recorded (open or resolved since), oldest first.

    An error belongs to the job when its history has an event of that job, or the job is
    the last that met it.
    """
    from syncdesk.models import SyncErrorEvent

    events = select(SyncErrorEvent.error_id).where(SyncErrorEvent.job_id == job_id)
    q = select(*_ERROR_COLUMNS).where(
        or_(SyncError.job_id == job_id, SyncError.id.in_(events.scalar_subquery()))
    )
    if kinds:
        q = q.where(SyncError.kind.in_(list(kinds)))
    q = q.order_by(SyncError.id)
    if limit is not None:
        q = q.limit(limit)
    with store.read() as s:
        return [_error_row_of(r) for r in s.execute(q)]


def job_skips(store: StateStore, job_id: int, limit: int | None = 500) -> list[SkipRow]:
    """The records job ``job_id`` passed over, with why, in the order it met them.

    A skip that names no sync error (a deletion the job found) is matched to the open or
    resolved error of the same record that the job recorded, when there is one.
    """
    q = (
        select(JobSkip, SyncError.kind, SyncError.status)
        .outerjoin(SyncError, SyncError.id == JobSkip.error_id)
        .where(JobSkip.job_id == job_id)
        .order_by(JobSkip.id)
    )
    if limit is not None:
        q = q.limit(limit)
    with store.read() as s:
        rows = s.execute(q).all()
        found: dict[tuple[str, str | None, str | None], tuple[int, str, str]] = {}
        if any(skip.error_id is None for skip, _k, _s in rows):
            events = select(SyncErrorEvent.error_id).where(SyncErrorEvent.job_id == job_id)
            for e in s.execute(
                select(
                    SyncError.id,
                    SyncError.mapping,
                    SyncError.left_key,
                    SyncError.right_key,
                    SyncError.kind,
                    SyncError.status,
                ).where(or_(SyncError.job_id == job_id, SyncError.id.in_(events.scalar_subquery())))
            ):
                found[(e.mapping, e.left_key, e.right_key)] = (e.id, e.kind, e.status)
    out = []
    for skip, kind, status in rows:
        error_id = skip.error_id
        if error_id is None and (hit := found.get((skip.mapping, skip.left_key, skip.right_key))):
            error_id, kind, status = hit
        out.append(
            SkipRow(
                id=skip.id,
                job=skip.job_id,
                mapping=skip.mapping,
                left_key=skip.left_key,
                right_key=skip.right_key,
                reason=skip.reason,
                error_id=error_id,
                error_kind=kind,
                error_status=status,
            )
        )
    return out


def count_job_skips(store: StateStore, job_id: int) -> int:
    with store.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(JobSkip).where(JobSkip.job_id == job_id)) or 0
        )


@dataclass(frozen=True)
class JobOutcome:
    """What one job did, record by record: its counts, its log, what it passed over and the
    sync errors it met (or that held its records back)."""

    job: JobRow
    log: list[LogRow]
    skips: list[SkipRow]
    errors: list[ErrorRow]


def job_outcome(store: StateStore, job_id: int, limit: int = 50) -> JobOutcome | None:
    """The outcome of job ``job_id`` (None if there is no such job), for a person to read."""
    job = get_job(store, job_id)
    if job is None:
        return None
    log_rows = job_log(store, job_id, limit)
    skips = job_skips(store, job_id, limit)
    errors = job_errors(store, job_id, limit=limit)
    known = {e.id for e in errors}
    held = [s.error_id for s in skips if s.error_id is not None and s.error_id not in known]
    errors += get_errors(store, list(dict.fromkeys(held)))
    return JobOutcome(job, log_rows, skips, errors)
