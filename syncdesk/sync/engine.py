"""The job: one run of the sync for one mapping.

A job goes in phases, each streamed in batches so memory stays flat:

1. **scan**: every key of both tables (with its 'modified' value) into temporary
   tables of the state database: one key scan per side.
2. **pairs**: the couplings that may need work (all of them for a full run; for a
   modified-records run those whose record changed since the watermark, minus a
   look-back window, or is gone, or has an open error) are compared field by
   field with their base: copy, merge, conflict, deletion.
3. **new records** on either side: matched by ``couple_by`` or inserted on the other
   side, then coupled.

Progress goes to a plain callback; a cancel flag is checked between batches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    exists,
    func,
    insert,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UnavailableError, UsageError
from syncdesk.models import Coupling, Exclusion, Job, SyncError, Watermark
from syncdesk.models.store import describe_db_error
from syncdesk.sync.endpoint import Row, is_passing_fault, mod_text, now_utc
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.journal import (
    current_user,
    error_skip_note,
    excluded_note,
    log,
    mark_manual,
    record_error,
    skip_note,
)
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import merge
from syncdesk.sync.values import Canonical, show
from syncdesk.sync.writer import (
    Op,
    Outcome,
    PassingFault,
    Plan,
    execute,
    recover,
    update_ops,
)
from syncdesk.workspace import SIDES, Mapping, Side, other

#: how far before the watermark a modified-records run looks again (late commits)
LOOKBACK = dt.timedelta(minutes=5)
BATCH = 2000


class Cancelled(Exception):
    pass


class CancelToken:
    """Set from any thread; the job stops after the batch it is in."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class Counts:
    inserted: int = 0
    modified: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    conflicts: int = 0


@dataclass(frozen=True)
class Progress:
    job: int
    mapping: str
    phase: str  # scan | pairs | new | done
    done: int
    total: int | None
    counts: Counts


@dataclass(frozen=True)
class JobResult:
    job: int
    mapping: str
    status: str
    trigger: str
    started: dt.datetime
    finished: dt.datetime | None
    message: str
    counts: Counts = field(default_factory=Counts)

    def as_json(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "mapping": self.mapping,
            "status": self.status,
            **asdict(self.counts),
            "trigger": self.trigger,
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "message": self.message,
        }


ProgressCallback = Callable[[Progress], None]


def parse_record(spec: str) -> tuple[Side, str]:
    side, sep, key = spec.partition(":")
    if not sep or side not in SIDES or not key:
        raise UsageError(f"--record takes left:KEY or right:KEY, not {spec!r}")
    return ("left" if side == "left" else "right"), key


def mapping_for_record(integration: Integration, side: Side, mapping: str | None) -> Mapping:
    ws = integration.workspace
    if mapping is not None:
        return ws.mapping(mapping)
    if len(ws.mappings) == 1:
        return ws.mappings[0]
    tables: dict[str, list[str]] = {}
    for m in ws.mappings:
        tables.setdefault(m.table(side).table, []).append(m.name)
    if len(tables) == 1 or any(len(v) > 1 for v in tables.values()):
        raise UsageError("--record needs --mapping: several mappings use that side's table")
    raise UsageError("--record needs --mapping when the workspace has several mappings")


def run_sync(
    integration: Integration,
    mappings: Sequence[str] | None = None,
    *,
    full: bool = False,
    record: tuple[Side, str] | None = None,
    trigger: str = "manual",
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    batch: int = BATCH,
    lock_wait: float | None = None,
) -> list[JobResult]:
    """Run one job per mapping, in dependency order; returns their results."""
    ws = integration.workspace
    names = [ws.mapping(n).name for n in mappings] if mappings else None
    ordered = ws.ordered(names)
    results: list[JobResult] = []
    with integration.state.job_lock(lock_wait), _quiet_gc():
        recover(integration)
        for m in ordered:
            if cancel is not None and cancel.cancelled:
                break
            runner = JobRunner(
                integration,
                integration.tables[m.name],
                trigger=trigger,
                full=full,
                record=record,
                progress=progress,
                cancel=cancel,
                batch=batch,
            )
            result = runner.run()
            results.append(result)
            if result.status == "failed" and result.message.startswith("cannot reach"):
                break
    return results


@contextlib.contextmanager
def _quiet_gc() -> Iterator[None]:
    """Keep the cyclic GC from walking the long-lived heap again and again during a job.

    A job allocates many short-lived rows; each full collection would otherwise also
    traverse every object the program already holds (measured: ~10% of an initial sync).
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _temp_table(name: str, md: MetaData, with_flag: bool) -> Table:
    cols: list[Column[Any]] = [Column("key", String(400), primary_key=True)]
    if with_flag:
        cols.append(Column("changed", Boolean, nullable=False))
        cols.append(Column("mod", String(64)))
    return Table(name, md, *cols, prefixes=["TEMPORARY"])


def _as_datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


class _ChangedSince:
    """Whether a record must be compared whatever its stamp says; tracks the newest stamp.

    True for a record with no stamp, and for one stamped at or after the threshold (the
    previous scan's newest stamp minus the look-back window: a same-second edit that
    left the stamp as it was, a late commit). Any other record is compared when its stamp
    differs from the one its coupling remembers (see ``_select_candidates``).

    ISO 8601 text (as SQLite apps store it) is compared as text where it can be, which
    is exact for zero-padded values with no time zone, and parsed otherwise.
    """

    def __init__(self, threshold: dt.datetime | None) -> None:
        self.threshold = threshold
        self._text = (
            {sep: threshold.isoformat(sep=sep) for sep in (" ", "T")}
            if threshold is not None
            else {}
        )
        self._newest_text: dict[str, str] = {}
        self._newest: dt.datetime | None = None

    def __call__(self, value: Any) -> bool:
        if (
            isinstance(value, str)
            and len(value) >= 19
            and value[10] in " T"
            and (len(value) <= 26 and value[4] == "-" and "+" not in value[19:])
        ):
            sep = value[10]
            best = self._newest_text.get(sep)
            if best is None or value > best:
                self._newest_text[sep] = value
            return self.threshold is not None and value >= self._text[sep]
        m = _as_datetime(value)
        if m is not None and (self._newest is None or m > self._newest):
            self._newest = m
        return m is None or (self.threshold is not None and m >= self.threshold)

    def newest(self) -> dt.datetime | None:
        found = [_as_datetime(v) for v in self._newest_text.values()]
        found.append(self._newest)
        dates = [d for d in found if d is not None]
        return max(dates) if dates else None


class JobRunner:
    def __init__(
        self,
        integration: Integration,
        mt: MappingTables,
        *,
        trigger: str,
        full: bool,
        record: tuple[Side, str] | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        batch: int,
    ) -> None:
        self.integration = integration
        self.mt = mt
        self.mapping = mt.mapping
        self.trigger = trigger
        self.full = full
        self.record = record
        self.progress_cb = progress
        self.cancel = cancel
        self.batch = batch
        self.counts = Counts()
        self.job_id = 0
        self.done = 0
        self.total: int | None = None
        self.phase = "scan"
        self.watermarks: dict[Side, dt.datetime | None] = {}
        self.titles = {s: mt.side(s).title for s in SIDES}

    # -- lifecycle --------------------------------------------------------------------------

    def run(self) -> JobResult:
        started = now_utc()
        with self.integration.state.write() as s:
            job = Job(
                mapping=self.mapping.name,
                trigger=self.trigger,
                status="running",
                full=self.full,
                started=started,
                user=current_user(),
                pid=os.getpid(),
                record=f"{self.record[0]}:{self.record[1]}" if self.record else None,
            )
            s.add(job)
            s.flush()
            self.job_id = job.id
        status, message = "succeeded", ""
        try:
            if self.record is not None:
                self._one_record(*self.record)
            else:
                self._run_all()
        except Cancelled:
            status, message = "cancelled", "cancelled by the user"
        except PassingFault as exc:
            status, message = "failed", f"{exc} (the next job tries again)"
        except UnavailableError as exc:
            status, message = "failed", f"cannot reach {exc}"
        except (DBAPIError, SQLAlchemyError) as exc:
            what = "a passing fault" if is_passing_fault(exc) else "an error"
            status, message = "failed", f"stopped by {what}: {describe_db_error(exc)}"
        finished = now_utc()
        with self.integration.state.write() as s:
            s.execute(
                update(Job)
                .where(Job.id == self.job_id)
                .values(
                    status=status, finished=finished, message=message or None, **asdict(self.counts)
                )
            )
        self.phase = "done"
        self._report(force=True)
        return JobResult(
            job=self.job_id,
            mapping=self.mapping.name,
            status=status,
            trigger=self.trigger,
            started=started,
            finished=finished,
            message=message,
            counts=Counts(**asdict(self.counts)),
        )

    def _report(self, force: bool = False) -> None:
        if self.progress_cb is not None:
            self.progress_cb(
                Progress(
                    self.job_id,
                    self.mapping.name,
                    self.phase,
                    self.done,
                    self.total,
                    Counts(**asdict(self.counts)),
                )
            )

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled

    # -- the whole table ------------------------------------------------------------------

    def _run_all(self) -> None:
        md = MetaData()
        seen = {side: _temp_table(f"seen_{side}", md, True) for side in SIDES}
        cand = Table(
            "cand",
            md,
            Column("id", Integer, primary_key=True, autoincrement=False),
            prefixes=["TEMPORARY"],
        )
        with self.integration.state.read_engine.connect() as sc:
            for t in (*seen.values(), cand):
                t.drop(sc, checkfirst=True)
                t.create(sc)
            sc.commit()
            try:
                thresholds = self._thresholds(sc)
                for side in SIDES:
                    self._scan(sc, side, seen[side], thresholds[side])
                self._select_candidates(sc, seen, cand)
                self.phase = "pairs"
                self.done = 0
                self.total = sc.execute(select(func.count()).select_from(cand)).scalar_one()
                self._report()
                for batch in self._candidate_batches(sc, cand):
                    self._check_cancel()
                    self._pairs(batch)
                    self.done += len(batch)
                    self._report()
                self.phase = "new"
                self.done = 0
                for side in SIDES:
                    for keys in self._new_key_batches(sc, side, seen[side]):
                        self._check_cancel()
                        self._new_records(side, keys)
                        self.done += len(keys)
                        self._report()
                self._save_watermarks()
            finally:
                for t in (*seen.values(), cand):
                    t.drop(sc, checkfirst=True)
                sc.commit()

    def _thresholds(self, sc: Connection) -> dict[Side, dt.datetime | None]:
        out: dict[Side, dt.datetime | None] = {}
        for side in SIDES:
            out[side] = None
            if self.full or self.mt.side(side).modified is None:
                continue
            value = sc.execute(
                select(Watermark.value).where(
                    Watermark.mapping == self.mapping.name, Watermark.side == side
                )
            ).scalar()
            wm = _as_datetime(value)
            out[side] = wm - LOOKBACK if wm is not None else None
        sc.commit()
        return out

    def _scan(self, sc: Connection, side: Side, seen: Table, threshold: dt.datetime | None) -> None:
        table = self.mt.side(side)
        changed_since = _ChangedSince(threshold)
        # compiled once from the SQLAlchemy construct, then sent straight to the driver:
        # per-row parameter processing cost more than the insert itself
        compiled = insert(seen).compile(dialect=sc.dialect)
        order = compiled.positiontup
        with table.app.read_engine.connect() as ac:
            for part in table.scan_keys(ac, max(self.batch, 10000)):
                self._check_cancel()
                params: list[Any] = [(key, changed_since(m), mod_text(m)) for key, m in part]
                if order != ["key", "changed", "mod"]:  # a driver with named parameters
                    params = [dict(zip(("key", "changed", "mod"), p, strict=True)) for p in params]
                sc.exec_driver_sql(compiled.string, params)
                self.done += len(params)
                self._report()
            ac.rollback()
        sc.commit()
        self.watermarks[side] = changed_since.newest()

    def _select_candidates(self, sc: Connection, seen: dict[Side, Table], cand: Table) -> None:
        c = Coupling.__table__.c
        e = SyncError.__table__.c
        query = select(c.id).where(c.mapping == self.mapping.name)
        if not self.full:
            sl, sr = seen["left"].c, seen["right"].c
            query = query.where(
                or_(
                    exists().where(
                        sl.key == c.left_key, or_(sl.changed, sl.mod.is_distinct_from(c.left_seen))
                    ),
                    exists().where(
                        sr.key == c.right_key,
                        or_(sr.changed, sr.mod.is_distinct_from(c.right_seen)),
                    ),
                    not_(exists().where(sl.key == c.left_key)),
                    not_(exists().where(sr.key == c.right_key)),
                    exists().where(
                        e.mapping == c.mapping, e.status == "open", e.left_key == c.left_key
                    ),
                    exists().where(
                        e.mapping == c.mapping, e.status == "open", e.right_key == c.right_key
                    ),
                )
            )
        sc.execute(insert(cand).from_select(["id"], query))
        sc.commit()

    def _candidate_batches(self, sc: Connection, cand: Table) -> Iterator[list[Coupling]]:
        last = 0
        while True:
            rows = list(
                sc.execute(
                    select(
                        Coupling.id,
                        Coupling.left_key,
                        Coupling.right_key,
                        Coupling.base,
                        Coupling.left_seen,
                        Coupling.right_seen,
                    )
                    .select_from(cand)
                    .join(Coupling, Coupling.id == cand.c.id)
                    .where(cand.c.id > last)
                    .order_by(cand.c.id)
                    .limit(self.batch)
                )
            )
            sc.commit()
            if not rows:
                return
            last = rows[-1].id
            yield [
                Coupling(
                    id=r.id,
                    left_key=r.left_key,
                    right_key=r.right_key,
                    base=r.base,
                    left_seen=r.left_seen,
                    right_seen=r.right_seen,
                )
                for r in rows
            ]

    def _new_key_batches(self, sc: Connection, side: Side, seen: Table) -> Iterator[list[str]]:
        c = Coupling.__table__.c
        x = Exclusion.__table__.c
        col = c.left_key if side == "left" else c.right_key
        last = ""
        while True:
            keys = list(
                sc.execute(
                    select(seen.c.key)
                    .where(
                        seen.c.key > last,
                        not_(exists().where(c.mapping == self.mapping.name, col == seen.c.key)),
                        not_(
                            exists().where(
                                x.mapping == self.mapping.name, x.side == side, x.key == seen.c.key
                            )
                        ),
                    )
                    .order_by(seen.c.key)
                    .limit(self.batch)
                ).scalars()
            )
            sc.commit()
            if not keys:
                return
            last = keys[-1]
            yield keys

    def _save_watermarks(self) -> None:
        with self.integration.state.write() as s:
            for side, newest in self.watermarks.items():
                row = s.scalars(
                    select(Watermark).where(
                        Watermark.mapping == self.mapping.name, Watermark.side == side
                    )
                ).first()
                if row is None:
                    row = Watermark(mapping=self.mapping.name, side=side)
                    s.add(row)
                if newest is not None:
                    old = _as_datetime(row.value)
                    if old is None or newest > old or self.full:
                        row.value = newest.isoformat()
                if self.full:
                    row.full_at = now_utc()

    # -- one chosen record ----------------------------------------------------------------

    def _one_record(self, side: Side, key: str) -> None:
        table = self.mt.side(side)
        try:
            table.key_value(key)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        col = Coupling.left_key if side == "left" else Coupling.right_key
        with self.integration.state.read() as s:
            cp = s.scalars(
                select(Coupling).where(Coupling.mapping == self.mapping.name, col == key)
            ).first()
        self.total = 1
        if cp is not None:
            self.phase = "pairs"
            self._pairs([cp])
            self.done = 1
            return
        with table.app.read_engine.connect() as conn:
            found = table.exists(conn, [key])
        if not found:
            raise UsageError(f"{table.title} has no {self.mapping.name} record {key}")
        with self.integration.state.read() as s:
            excluded = s.scalar(
                select(Exclusion.id).where(
                    Exclusion.mapping == self.mapping.name,
                    Exclusion.side == side,
                    Exclusion.key == key,
                )
            )
        if excluded is not None:
            self.counts.skipped += 1
            with self.integration.state.write() as s:
                excluded_note(self.job_id, self.mapping.name, side, key)(s)
            return
        self.phase = "new"
        self._new_records(side, [key])
        self.done = 1

    # -- pairs ----------------------------------------------------------------------------

    def _open_errors(
        self, left_keys: list[str], right_keys: list[str]
    ) -> dict[tuple[str | None, str | None], SyncError]:
        out: dict[tuple[str | None, str | None], SyncError] = {}
        with self.integration.state.read() as s:
            for i in range(0, max(len(left_keys), len(right_keys)), 900):
                lk, rk = left_keys[i : i + 900], right_keys[i : i + 900]
                conds = []
                if lk:
                    conds.append(SyncError.left_key.in_(lk))
                if rk:
                    conds.append(SyncError.right_key.in_(rk))
                for err in s.scalars(
                    select(SyncError).where(
                        SyncError.mapping == self.mapping.name,
                        SyncError.status == "open",
                        or_(*conds),
                    )
                ):
                    out[(err.left_key, err.right_key)] = err
        return out

    def _pairs(self, couplings: Sequence[Coupling]) -> None:
        mt = self.mt
        lkeys = [c.left_key for c in couplings]
        rkeys = [c.right_key for c in couplings]
        with mt.left.app.read_engine.connect() as conn:
            lrows = mt.left.fetch(conn, lkeys)
        with mt.right.app.read_engine.connect() as conn:
            rrows = mt.right.fetch(conn, rkeys)
        errors = self._open_errors(lkeys, rkeys)
        lookups = Lookups(self.integration, mt)
        lookups.prepare(lrows.values(), rrows.values())
        plans: list[Plan] = []
        notes: list[Callable[[Any], None]] = []
        for cp in couplings:
            err = errors.get((cp.left_key, cp.right_key))
            if err is not None and err.skip:
                self.counts.skipped += 1
                notes.append(error_skip_note(self.job_id, err))
                continue
            lrow, rrow = lrows.get(cp.left_key), rrows.get(cp.right_key)
            error_id = err.id if err is not None else None
            if lrow is None or rrow is None:
                self._deletion(cp, lrow, rrow, lookups, plans, notes, error_id)
                continue
            lv, rv = lookups.values("left", lrow), lookups.values("right", rrow)
            if isinstance(lv, Unresolved) or isinstance(rv, Unresolved):
                problem = lv if isinstance(lv, Unresolved) else rv
                assert isinstance(problem, Unresolved)
                self._unresolved(cp.left_key, cp.right_key, problem, notes)
                continue
            newer: Side | None = None
            if mt.mapping.on_conflict == "newer-wins":
                lm = _as_datetime(lrow.raw.get("__modified"))
                rm = _as_datetime(rrow.raw.get("__modified"))
                if lm is not None and rm is not None:
                    newer = "right" if rm > lm else "left"
            result = merge(
                mt.mapping.fields, lv, rv, cp.base, on_conflict=mt.mapping.on_conflict, newer=newer
            )
            if result.conflicts:
                self._conflict(cp, result.conflicts, lv, rv, notes)
                continue
            blocked = next(
                (
                    t
                    for t in (
                        lookups.to_side("right", result.to_right),
                        lookups.to_side("left", result.to_left),
                    )
                    if isinstance(t, Unresolved)
                ),
                None,
            )
            if blocked is not None:
                self._unresolved(cp.left_key, cp.right_key, blocked, notes)
                continue
            ops = update_ops(result, lrow, rrow)
            seen = {
                "left": mod_text(lrow.raw.get("__modified")),
                "right": mod_text(rrow.raw.get("__modified")),
            }
            if not ops:
                self.counts.unchanged += 1
                stamps_moved = (seen["left"], seen["right"]) != (cp.left_seen, cp.right_seen)
                if result.base != cp.base or err is not None or stamps_moved:
                    plans.append(
                        Plan(
                            "modify",
                            cp.left_key,
                            cp.right_key,
                            [],
                            base=result.base,
                            coupling_id=cp.id,
                            error_id=error_id,
                            seen=seen,
                        )
                    )
                continue
            plans.append(
                Plan(
                    "modify",
                    cp.left_key,
                    cp.right_key,
                    ops,
                    base=result.base,
                    coupling_id=cp.id,
                    error_id=error_id,
                    seen=seen,
                )
            )
        self._execute(lookups, plans, notes)

    def _execute(
        self, lookups: Lookups, plans: list[Plan], notes: list[Callable[[Any], None]]
    ) -> None:
        """Write a batch; its notes and the job's counts go in the same state transaction."""

        def finish(s: Session, out: Outcome) -> None:
            for note in notes:
                note(s)
            self.counts.inserted += out.inserted
            self.counts.modified += out.modified
            self.counts.deleted += out.deleted
            self.counts.failed += out.failed
            mark_manual(s, self.job_id, self.trigger)
            s.execute(update(Job).where(Job.id == self.job_id).values(**asdict(self.counts)))

        if not plans:
            with self.integration.state.write() as s:
                finish(s, Outcome())
            return
        execute(self.integration, self.mt, lookups, plans, self.job_id, finish=finish)

    def _conflict(
        self,
        cp: Coupling,
        fields: list[str],
        lv: dict[str, Canonical],
        rv: dict[str, Canonical],
        notes: list[Callable[[Any], None]],
    ) -> None:
        self.counts.conflicts += 1
        lt, rt = self.titles["left"], self.titles["right"]
        message = "; ".join(
            f"{f}: both changed ({lt}: {show(lv.get(f))}, {rt}: {show(rv.get(f))})" for f in fields
        )
        detail = {
            "fields": fields,
            "base": {f: cp.base.get(f) for f in fields},
            "left": {f: lv.get(f) for f in fields},
            "right": {f: rv.get(f) for f in fields},
        }
        mapping, job = self.mapping.name, self.job_id

        def note(s: Any) -> None:
            record_error(
                s,
                mapping=mapping,
                kind="conflict",
                left_key=cp.left_key,
                right_key=cp.right_key,
                message=message,
                job_id=job,
                detail=detail,
            )
            log(
                s,
                mapping=mapping,
                action="conflict",
                result="skipped",
                left_key=cp.left_key,
                right_key=cp.right_key,
                job_id=job,
                message=message,
            )

        notes.append(note)

    def _unresolved(
        self,
        left_key: str | None,
        right_key: str | None,
        problem: Unresolved,
        notes: list[Callable[[Any], None]],
    ) -> None:
        message = problem.message(self.titles)
        mapping, job = self.mapping.name, self.job_id
        if not problem.missing:
            self.counts.skipped += 1
            notes.append(skip_note(job, mapping, left_key, right_key, message))
            return
        self.counts.failed += 1

        def note(s: Any) -> None:
            record_error(
                s,
                mapping=mapping,
                kind="failed",
                left_key=left_key,
                right_key=right_key,
                message=message,
                job_id=job,
                side=problem.side,
            )
            log(
                s,
                mapping=mapping,
                action="modify",
                result="error",
                left_key=left_key,
                right_key=right_key,
                job_id=job,
                message=message,
            )

        notes.append(note)

    def _deletion(
        self,
        cp: Coupling,
        lrow: Row | None,
        rrow: Row | None,
        lookups: Lookups,
        plans: list[Plan],
        notes: list[Callable[[Any], None]],
        error_id: int | None,
    ) -> None:
        mapping, job = self.mapping.name, self.job_id
        if lrow is None and rrow is None:
            plans.append(
                Plan(
                    "uncouple",
                    cp.left_key,
                    cp.right_key,
                    [],
                    coupling_id=cp.id,
                    error_id=error_id,
                    note="deleted in both apps",
                )
            )

            def gone(s: Any) -> None:
                log(
                    s,
                    mapping=mapping,
                    action="uncouple",
                    result="ok",
                    left_key=cp.left_key,
                    right_key=cp.right_key,
                    job_id=job,
                    message="deleted in both apps",
                )

            notes.append(gone)
            return
        gone_side: Side = "left" if lrow is None else "right"
        kept = rrow if lrow is None else lrow
        assert kept is not None
        policy = self.mapping.on_delete
        if policy == "restore" and self.mapping.flows(gone_side):
            plan = restore_plan(self.mt, lookups, cp, gone_side, kept, error_id)
            if plan is not None:
                plans.append(plan)
                return
        if policy == "delete" and self.mapping.flows(other(gone_side)):
            plans.append(delete_plan(cp, other(gone_side), kept, error_id))
            return
        if policy == "remove-coupling":
            plans.append(
                Plan(
                    "remove-coupling",
                    cp.left_key,
                    cp.right_key,
                    [],
                    coupling_id=cp.id,
                    error_id=error_id,
                    exclude=True,
                    resolution="remove-coupling",
                )
            )

            def removed(s: Any) -> None:
                log(
                    s,
                    mapping=mapping,
                    action="remove-coupling",
                    result="ok",
                    left_key=cp.left_key,
                    right_key=cp.right_key,
                    job_id=job,
                    message=f"deleted in {self.titles[gone_side]}; coupling removed",
                )

            notes.append(removed)
            return
        self.counts.skipped += 1
        kind = f"deleted-{gone_side}"
        message = (
            f"{self.mapping.name} {cp.left_key if gone_side == 'left' else cp.right_key} "
            f"was deleted in {self.titles[gone_side]}"
        )
        notes.append(skip_note(job, mapping, cp.left_key, cp.right_key, message))

        def deleted(s: Any) -> None:
            record_error(
                s,
                mapping=mapping,
                kind=kind,
                left_key=cp.left_key,
                right_key=cp.right_key,
                message=message,
                job_id=job,
            )
            log(
                s,
                mapping=mapping,
                action="deleted",
                result="skipped",
                left_key=cp.left_key,
                right_key=cp.right_key,
                job_id=job,
                message=message,
            )

        notes.append(deleted)

    # -- new records ------------------------------------------------------------------------

    def _new_records(self, side: Side, keys: list[str]) -> None:
        mt = self.mt
        target = other(side)
        table = mt.side(side)
        with table.app.read_engine.connect() as conn:
            rows = table.fetch(conn, keys)
        if not rows:
            return
        errors = self._open_errors(keys if side == "left" else [], keys if side == "right" else [])
        lookups = Lookups(self.integration, mt)
        lookups.prepare(
            rows.values() if side == "left" else [], rows.values() if side == "right" else []
        )
        plans: list[Plan] = []
        notes: list[Callable[[Any], None]] = []
        candidates: list[tuple[Row, dict[str, Canonical], SyncError | None]] = []
        for key in keys:
            row = rows.get(key)
            if row is None:
                continue
            err_key = (key, None) if side == "left" else (None, key)
            err = errors.get(err_key)
            if err is not None and err.skip:
                self.counts.skipped += 1
                notes.append(error_skip_note(self.job_id, err))
                continue
            values = lookups.values(side, row)
            if isinstance(values, Unresolved):
                lk = key if side == "left" else None
                rk = key if side == "right" else None
                self._unresolved(lk, rk, values, notes)
                continue
            candidates.append((row, values, err))
        matched = self._couple_by(side, candidates, notes) if self.mapping.couple_by else set()
        for row, values, err in candidates:
            if row.key in matched:
                continue
            if self.mapping.sync_only_coupled or not self.mapping.flows(target):
                continue
            out = {f.left: values[f.left] for f in self.mapping.fields if f.flows(target)}
            waiting = lookups.to_side(target, out)
            if isinstance(waiting, Unresolved):
                self._unresolved(
                    row.key if side == "left" else None,
                    row.key if side == "right" else None,
                    waiting,
                    notes,
                )
                continue
            base = {
                f.left: (values[f.left] if f.flows(target) else None) for f in self.mapping.fields
            }
            op = Op(
                "insert",
                target,
                values=out,
                changes={k: (None, v) for k, v in out.items() if v is not None},
                key=mt.side(target).new_key(),
            )
            plans.append(
                Plan(
                    "insert",
                    row.key if side == "left" else None,
                    row.key if side == "right" else None,
                    [op],
                    base=base,
                    error_id=err.id if err is not None else None,
                    seen={side: mod_text(row.raw.get("__modified"))},
                )
            )
        self._execute(lookups, plans, notes)

    def _couple_by(
        self,
        side: Side,
        candidates: list[tuple[Row, dict[str, Canonical], SyncError | None]],
        notes: list[Callable[[Any], None]],
    ) -> set[str]:
        """Couple new records to uncoupled ones on the other side whose couple_by fields match."""
        m = self.mapping
        target = other(side)
        ttable = self.mt.side(target)
        first = m.field(m.couple_by[0])
        fold = (lambda v: v) if m.couple_case_sensitive else (lambda v: v.casefold())

        def match_key(values: dict[str, Canonical]) -> tuple[str, ...] | None:
            parts = []
            for name in m.couple_by:
                v = values.get(name)
                if v is None:
                    return None
                parts.append(fold(str(v).strip()))
            return tuple(parts)

        wanted: dict[tuple[str, ...], list[tuple[Row, dict[str, Canonical]]]] = {}
        for row, values, _err in candidates:
            k = match_key(values)
            if k is not None:
                wanted.setdefault(k, []).append((row, values))
        if not wanted:
            return set()
        first_values = sorted(
            {
                str(values[first.left]).strip()
                for _row, values, _err in candidates
                if values.get(first.left) is not None
            }
        )
        col = ttable.table.c[first.column(target)]
        with ttable.app.read_engine.connect() as conn:
            found = ttable.find_matches(conn, col, first_values, m.couple_case_sensitive)
        if not found:
            return set()
        col_name = Coupling.left_key if target == "left" else Coupling.right_key
        found_keys = [r.key for r in found]
        coupled: set[str] = set()
        excluded: set[str] = set()
        with self.integration.state.read() as s:
            for i in range(0, len(found_keys), 900):
                chunk = found_keys[i : i + 900]
                coupled.update(
                    s.scalars(
                        select(col_name).where(Coupling.mapping == m.name, col_name.in_(chunk))
                    )
                )
                excluded.update(
                    s.scalars(
                        select(Exclusion.key).where(
                            Exclusion.mapping == m.name,
                            Exclusion.side == target,
                            Exclusion.key.in_(chunk),
                        )
                    )
                )
        lookups = Lookups(self.integration, self.mt)
        lookups.prepare(found if target == "left" else [], found if target == "right" else [])
        matched: set[str] = set()
        used: set[str] = set()
        couplings: list[dict[str, Any]] = []
        for trow in sorted(found, key=lambda r: r.key):
            if trow.key in coupled or trow.key in excluded:
                continue
            tvalues = lookups.values(target, trow)
            if isinstance(tvalues, Unresolved):
                continue
            k = match_key(tvalues)
            if k is None or k not in wanted:
                continue
            for srow, svalues in wanted[k]:
                if srow.key in matched or trow.key in used:
                    continue
                lv, rv = (svalues, tvalues) if side == "left" else (tvalues, svalues)
                lk, rk = (srow.key, trow.key) if side == "left" else (trow.key, srow.key)
                couplings.append({"left_key": lk, "right_key": rk, "base": couple_base(m, lv, rv)})
                matched.add(srow.key)
                used.add(trow.key)
                break
        if not couplings:
            return matched
        mapping, job = m.name, self.job_id
        with self.integration.state.write() as s:
            now = now_utc()
            for c in couplings:
                s.execute(insert(Coupling).values(mapping=mapping, coupled_at=now, **c))
                log(
                    s,
                    mapping=mapping,
                    action="couple",
                    result="ok",
                    left_key=c["left_key"],
                    right_key=c["right_key"],
                    job_id=job,
                    message=f"matched by {', '.join(m.couple_by)}",
                )
            new = list(
                s.scalars(
                    select(Coupling).where(
                        Coupling.mapping == mapping,
                        Coupling.left_key.in_([c["left_key"] for c in couplings]),
                    )
                )
            )
        self._pairs(new)
        return matched


def couple_base(
    m: Mapping, lv: dict[str, Canonical], rv: dict[str, Canonical]
) -> dict[str, Canonical]:
    """The base of a fresh coupling, so that the next sync copies the preferred side.

    A differing field gets the other side's value as its base, so it reads as
    changed on the preferred side only, where that side may flow.
    """
    prefer = m.couple_prefer
    base: dict[str, Canonical] = {}
    for f in m.fields:
        pv, ov = (lv, rv) if prefer == "left" else (rv, lv)
        if f.flows(other(prefer)):
            base[f.left] = ov.get(f.left)
        else:
            base[f.left] = pv.get(f.left)
            if not f.flows(prefer):
                base[f.left] = lv.get(f.left)
    return base


def restore_plan(
    mt: MappingTables, lookups: Lookups, cp: Coupling, gone: Side, kept: Row, error_id: int | None
) -> Plan | None:
    """Re-create the record in the app where it was deleted, from the other side."""
    values = lookups.values(other(gone), kept)
    if isinstance(values, Unresolved):
        return None
    out = {f.left: values[f.left] for f in mt.mapping.fields if f.flows(gone)}
    base = {f.left: values[f.left] for f in mt.mapping.fields}
    op = Op(
        "insert",
        gone,
        values=out,
        changes={k: (None, v) for k, v in out.items()},
        key=mt.side(gone).new_key(),
    )
    plan = Plan(
        "restore",
        cp.left_key,
        cp.right_key,
        [op],
        base=base,
        coupling_id=cp.id,
        error_id=error_id,
        resolution="restore",
    )
    return plan


def delete_plan(cp: Coupling, side: Side, row: Row, error_id: int | None) -> Plan:
    """Delete the record in the app where it still exists, and uncouple."""
    op = Op("delete", side, row=row)
    return Plan(
        "delete",
        cp.left_key,
        cp.right_key,
        [op],
        coupling_id=cp.id,
        error_id=error_id,
        resolution="delete",
    )


__all__ = [
    "CancelToken",
    "Counts",
    "JobResult",
    "Progress",
    "couple_base",
    "delete_plan",
    "mapping_for_record",
    "parse_record",
    "restore_plan",
    "run_sync",
]
