"""The job: one run of the sync for one mapping, in three phases with homes of their own.

1. **detect** (:mod:`syncdesk.sync.detect`): which records changed, were added or went
   missing, per side, at a cost that follows the changes;
2. **plan** (:mod:`syncdesk.sync.plan`): merge, conflicts, deletions, new records;
3. **apply** (:mod:`syncdesk.sync.apply`): the batch journal, the writes, recovery.

This module runs them: the coupled pairs that need a look, a batch at a time, then the
new records of either side. Progress goes to a plain callback; a cancel flag is
checked between batches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UnavailableError, UsageError, WorkspaceError
from syncdesk.models import Coupling, Exclusion, Job, SyncError
from syncdesk.models.driver import select_in, stream
from syncdesk.models.store import describe_db_error_at
from syncdesk.sync.apply import KeyFloors, execute
from syncdesk.sync.detect import Detector, SideFound
from syncdesk.sync.endpoint import IN_CHUNK, PAGE, is_passing_fault, now_utc
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.journal import (
    current_user,
    excluded_note,
    last_log_id,
    mark_manual,
    resolve_error,
)
from syncdesk.sync.lookups import Lookups
from syncdesk.sync.new_records import NewRecords
from syncdesk.sync.ops import AppRefusal, Outcome, PassingFault, Plan
from syncdesk.sync.plan import (
    Batch,
    OpenError,
    Pair,
    Planner,
    couple_base,
    delete_plan,
    restore_plan,
)
from syncdesk.sync.recovery import recover
from syncdesk.sync.renaming import refuse_if_renamed
from syncdesk.sync.state_batch import forget_uncoupled, note_uncoupled
from syncdesk.sync.watermark import save_mark
from syncdesk.workspace import SIDES, Mapping, Side, other

if TYPE_CHECKING:
    from syncdesk.sync.preview import DryRun

#: records per batch: one journal entry, one transaction per app, one for the state
BATCH = 5000
#: a job that wrote this many records to one app reads its window once more before it ends
SETTLE_PASS_FROM = 10_000

#: ``on_delete = "delete"`` holds a job's deletions when more than this many coupled
#: records of one app went missing, and at least half of them (see _hold_mass_deletions)
MASS_DELETE_LEAST = 10


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
        floors = KeyFloors(integration)
        ran: list[str] = []
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
                ran=ran,
                floors=floors,
            )
            result = runner.run()
            results.append(result)
            ran.append(m.name)
            if runner.unreachable:  # an app or the state cannot be reached: stop here
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


def unseen_couplings(mapping: str, sides: Sequence[Side]) -> Select[tuple[int]]:
    """The ids of the couplings of ``mapping`` whose stamp of one of ``sides`` (those
    with a 'modified' column) is not known; read from the partial index
    ``ix_coupling_unseen``, whose WHERE the query repeats word for word."""
    unseen = or_(Coupling.left_seen.is_(None), Coupling.right_seen.is_(None))
    query = select(Coupling.id).where(Coupling.mapping == mapping, unseen)
    if len(sides) == 1:
        query = query.where(
            (Coupling.left_seen if sides[0] == "left" else Coupling.right_seen).is_(None)
        )
    return query


class _Ids:
    """Coupling ids to look at, as one byte per id: sorted and without repeats for free."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self.count = 0

    def add(self, ids: Iterable[int]) -> None:
        bits = self._bits
        for i in ids:
            if i >= len(bits):
                bits.extend(b"\0" * (i + 1 - len(bits) + 65536))
            if not bits[i]:
                bits[i] = 1
                self.count += 1

    def batches(self, size: int) -> Iterator[list[int]]:
        out: list[int] = []
        i = self._bits.find(1)
        while i >= 0:
            out.append(i)
            if len(out) >= size:
                yield out
                out = []
            i = self._bits.find(1, i + 1)
        if out:
            yield out


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
        ran: Sequence[str] = (),
        floors: KeyFloors | None = None,
        dry: DryRun | None = None,
    ) -> None:
        self.integration = integration
        #: a preview: plan everything, write nothing anywhere (see :func:`preview`)
        self.dry = dry
        self.mt = mt
        self.mapping = mt.mapping
        self.trigger = trigger
        self.full = full
        self.record = record
        self.progress_cb = progress
        self.cancel = cancel
        self.batch = batch
        self.ran = list(ran)
        self.floors = floors or KeyFloors(integration)
        self.counts = Counts()
        self.job_id = 0
        self.done = 0
        self.total: int | None = None
        self.phase = "scan"
        self.user = current_user() if trigger in ("manual", "action") else None
        self.self_lookup = any(f.lookup == mt.mapping.name for f in mt.mapping.fields)
        # a mapping that looks itself up: its new records not written yet (a child of one
        # of them waits for it), and pairs that waited for one (compared again at the end)
        self.pending: dict[Side, set[str]] = {"left": set(), "right": set()}
        self.waiting: list[int] = []
        self.found: dict[Side, SideFound] = {}
        self.unreachable = False
        self.written: dict[Side, int] = {"left": 0, "right": 0}  # records written per app
        self.notices: list[str] = []  # what the job's message tells of a run that succeeded
        self.new_records = NewRecords(self)

    # -- lifecycle --------------------------------------------------------------------------

    def run(self) -> JobResult:
        started = now_utc()
        if self.dry is not None:
            return self._preview(started)
        if self.record is not None:
            # a key that names nothing is the caller's mistake, said before a job is made
            self.record = (self.record[0], self._chosen_key(*self.record))
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
        self.planner = Planner(self.mt, self.job_id, self.counts)
        status, message = "succeeded", ""
        mistake: UsageError | None = None
        try:
            # a mapping renamed in the file would create all its records again
            refuse_if_renamed(self.integration, self.mt)
            if self.record is not None:
                self._one_record(*self.record)
            else:
                self._run_all()
        except UsageError as exc:  # the chosen record went away meanwhile
            status, message, mistake = "failed", str(exc), exc
        except WorkspaceError as exc:  # a job of the queue says so each time it is due
            status, message = "failed", str(exc)
        except Cancelled:
            status, message = "cancelled", "cancelled by the user"
        except AppRefusal as exc:
            status, message = "failed", f"{exc} (the next job tries again)"
        except PassingFault as exc:
            status, message = "failed", f"{exc} (the next job tries again)"
        except UnavailableError as exc:
            status, message = "failed", str(exc)
            self.unreachable = True
        except (DBAPIError, SQLAlchemyError) as exc:
            what = "a passing fault" if is_passing_fault(exc) else "an error"
            status, message = "failed", f"stopped by {what}: {describe_db_error_at(exc)}"
        if status == "succeeded" and self.notices:
            message = "; ".join(dict.fromkeys(self.notices))
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
        self._report()
        if mistake is not None:
            raise mistake
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

    def _preview(self, started: dt.datetime) -> JobResult:
        assert self.dry is not None
        refuse_if_renamed(self.integration, self.mt)
        self.planner = Planner(self.mt, None, self.counts, events=self.dry.events)
        status, message = "preview", ""
        try:
            self._run_all()
        except Cancelled:
            status, message = "cancelled", "cancelled by the user"
        self.phase = "done"
        self._report()
        return JobResult(
            job=0,
            mapping=self.mapping.name,
            status=status,
            trigger=self.trigger,
            started=started,
            finished=now_utc(),
            message=message,
            counts=Counts(**asdict(self.counts)),
        )

    def _report(self) -> None:
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

    def _scanned(self, rows: int, total: int | None) -> None:
        self.done += rows
        self.total = total
        self._report()

    # -- the whole table ------------------------------------------------------------------

    def _run_all(self) -> None:
        self._round()
        if self.dry is None and max(self.written.values()) >= SETTLE_PASS_FROM:
            # the job wrote many records: their stamps lie in the next job's window, so
            # read it once more now, as the next job would (stamps the couplings know:
            # nothing to do), and sync what others changed meanwhile. The cost of reading
            # them back stays with the job that wrote them, and a job right after starts
            # past them.
            self.written = {"left": 0, "right": 0}
            self._round()

    def _round(self) -> None:
        found = self.found
        for side in SIDES:
            self.done, self.total = 0, None
            found[side] = Detector(
                self.integration,
                self.mt,
                side,
                full=self.full,
                check_cancel=self._check_cancel,
                report=self._scanned,
                store_counts=self.dry is None,
            ).run()
        self._bookkeeping(found)
        self._hold_mass_deletions(found)
        ids = self._pair_ids(found)
        reused = {side: set(found[side].reused) for side in SIDES}
        if self.self_lookup:
            self.pending = {side: set(found[side].new_keys) for side in SIDES}
        self.phase, self.done, self.total = "pairs", 0, ids.count
        self._report()
        for chunk in ids.batches(self.batch):
            self._check_cancel()
            self._pairs(self._load_pairs(chunk), reused)
            self.done += len(chunk)
            self._report()
        self.phase, self.done = "new", 0
        self.total = sum(len(found[s].new_keys) for s in SIDES) or None
        self._report()
        for side in SIDES:
            self.new_records.run(side, found[side])
        if self.waiting:
            # pairs that waited for a parent this job has written since
            waiting, self.waiting = self.waiting, []
            self.pending = {"left": set(), "right": set()}
            for i in range(0, len(waiting), self.batch):
                self._pairs(self._load_pairs(waiting[i : i + self.batch]), reused)
        if self.dry is None:
            for side in SIDES:
                save_mark(self.integration, self.mapping.name, found[side], self.full)

    def _hold_mass_deletions(self, found: dict[Side, SideFound]) -> None:
        """``on_delete = "delete"``, and most of one app's coupled records gone at once (a
        table emptied, the workspace pointed at an empty copy): those deletions are not
        carried out but wait for a person, as with ``ask``, and the job says why."""
        if self.mapping.on_delete != "delete":
            return
        for side in SIDES:
            n, of = len(found[side].missing), found[side].coupled
            if n > MASS_DELETE_LEAST and n * 2 >= of:
                self.planner.held.add(side)
                self.notices.append(
                    f"{n:,} of {of:,} coupled records went missing in "
                    f"{self.mt.side(side).title} at once: none deleted in "
                    f"{self.mt.side(other(side)).title}, each is a sync error to decide"
                )

    def _bookkeeping(self, found: dict[Side, SideFound]) -> None:
        """State that follows the scans: records back, uncoupled records, bad keys."""
        if self.dry is not None:
            for side in SIDES:
                for b in dict.fromkeys(found[side].bad):
                    self.planner.bad_key(side, b.key, b.reason, b.raw, Batch())
            return
        with self.integration.state.write() as s:
            for side in SIDES:
                f = found[side]
                gone_col = Coupling.left_gone if side == "left" else Coupling.right_gone
                back = list(f.back)
                for i in range(0, len(back), IN_CHUNK):
                    s.execute(
                        update(Coupling)
                        .where(Coupling.id.in_(back[i : i + IN_CHUNK]))
                        .values({gone_col: False})
                    )
                if f.uncoupled_gone:
                    forget_uncoupled(s, self.mapping.name, [(side, k) for k in f.uncoupled_gone])
                if f.excluded_seen:
                    note_uncoupled(
                        s, self.mapping.name, [(side, k, False) for k in f.excluded_seen]
                    )
        bad = Batch()
        for side in SIDES:
            # one error per key, however many rows hold it
            for b in dict.fromkeys(found[side].bad):
                self.planner.bad_key(side, b.key, b.reason, b.raw, bad)
        if bad.notes:
            with self.integration.state.write() as s:
                for note in bad.notes:
                    note(s)
        # a bad key no longer there (every key was read): its error is resolved
        for side in SIDES:
            if found[side].read_all:
                self._resolve_bad_keys(side, {b.key for b in found[side].bad})

    def _resolve_bad_keys(self, side: Side, still: set[str]) -> None:
        key_col = SyncError.left_key if side == "left" else SyncError.right_key
        with self.integration.state.write() as s:
            for err in s.scalars(
                select(SyncError).where(
                    SyncError.mapping == self.mapping.name,
                    SyncError.status == "open",
                    SyncError.kind == "failed",
                    SyncError.side == side,
                )
            ):
                if (err.detail or {}).get("bad_key") and (
                    getattr(err, key_col.key) or ""
                ) not in still:
                    resolve_error(s, err, "key fixed", self.job_id)

    def _add_ids(self, ids: _Ids, query: Select[tuple[int]]) -> None:
        """The coupling ids ``query`` selects, streamed a page at a time (a million ids
        are never held at once)."""
        with self.integration.state.read() as s:
            for part in stream(s.connection(), query, PAGE):
                ids.add(cid for (cid,) in part)

    def _pair_ids(self, found: dict[Side, SideFound]) -> _Ids:
        ids = _Ids()
        if self.full:
            self._add_ids(ids, select(Coupling.id).where(Coupling.mapping == self.mapping.name))
        for side in SIDES:
            f = found[side]
            ids.add(f.changed)
            ids.add(f.missing)
            ids.add(f.reused)
        # couplings whose stamp of a side is not known (coupled by hand, or by a match):
        # compared now, whatever window their records' stamps lie in (ix_coupling_unseen)
        stamped = [side for side in SIDES if self.mt.side(side).modified is not None]
        if stamped and not self.full:
            self._add_ids(ids, unseen_couplings(self.mapping.name, stamped))
        # pairs with an open error that the next job tries again (a failed write, Retry)
        with self.integration.state.read() as s:
            rows = s.execute(
                select(SyncError.left_key, SyncError.right_key).where(
                    SyncError.mapping == self.mapping.name,
                    SyncError.status == "open",
                    SyncError.skip.is_(False),
                    or_(SyncError.left_key.is_not(None), SyncError.right_key.is_not(None)),
                )
            ).all()
            pairs = [(lk, rk) for lk, rk in rows if lk is not None and rk is not None]
            for i in range(0, len(pairs), IN_CHUNK // 2):
                chunk = pairs[i : i + IN_CHUNK // 2]
                ids.add(
                    s.scalars(
                        select(Coupling.id).where(
                            Coupling.mapping == self.mapping.name,
                            Coupling.right_key.in_([rk for _lk, rk in chunk]),
                        )
                    )
                )
        return ids

    def _load_pairs(self, ids: Sequence[int]) -> list[Pair]:
        c = Coupling
        out: list[Pair] = []
        with self.integration.state.read() as s:
            for i in range(0, len(ids), IN_CHUNK):
                for r in s.execute(
                    select(
                        c.id,
                        c.left_key,
                        c.right_key,
                        c.base,
                        c.left_seen,
                        c.right_seen,
                        c.left_identity,
                        c.right_identity,
                        c.left_gone,
                        c.right_gone,
                    ).where(c.id.in_(ids[i : i + IN_CHUNK]))
                ):
                    out.append(Pair(*r))
        out.sort(key=lambda p: p.id)
        return out

    # -- one chosen record ----------------------------------------------------------------

    def _coupling_of(self, side: Side, key: str) -> int | None:
        col = Coupling.left_key if side == "left" else Coupling.right_key
        with self.integration.state.read() as s:
            return s.scalar(
                select(Coupling.id).where(Coupling.mapping == self.mapping.name, col == key)
            )

    def _chosen_key(self, side: Side, key: str) -> str:
        """The chosen record's key as kept (:meth:`~TableReader.typed_key`); a
        :class:`UsageError` when it names neither a record nor a coupling."""
        table = self.mt.side(side)
        key = table.typed_key(key)
        try:
            if self._coupling_of(side, key) is not None:
                return key  # the pair is synced, whether the record is there or not
            with table.app.read_engine.connect() as conn:
                row = table.fetch_key(conn, key)
        except SQLAlchemyError:
            return key  # a database that fails: the job says so, as any job would
        if row is None:
            raise UsageError(f"{table.title} has no {self.mapping.name} record {key}")
        return row.key

    def _one_record(self, side: Side, key: str) -> None:
        table = self.mt.side(side)
        cid = self._coupling_of(side, key)
        self.total = 1
        with table.app.read_engine.connect() as conn:
            # the key as kept (_chosen_key): a record under another spelling is another
            row = table.fetch(conn, [key]).get(key)
        if cid is not None:
            [cp] = self._load_pairs([cid])
            reused: dict[Side, set[int]] = {"left": set(), "right": set()}
            if (
                row is not None
                and cp.identity(side) is not None
                and table.identity_text(row) != cp.identity(side)
            ):
                reused[side].add(cp.id)
            self.phase = "pairs"
            self._pairs([cp], reused)
            self.done = 1
            if not reused[side]:
                return
        if row is None:
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
            with self.integration.state.write() as s:
                excluded_note(self.job_id, self.mapping.name, side, key)(s)
            self.counts.skipped += 1
            return
        self.phase = "new"
        found = SideFound(side)
        found.new_keys.append(key)
        self.new_records.run(side, found, only=True)
        self.done = 1

    # -- pairs ----------------------------------------------------------------------------

    def _open_errors(
        self, left_keys: Iterable[str | None], right_keys: Iterable[str | None]
    ) -> dict[tuple[str | None, str | None], OpenError]:
        lks = sorted({k for k in left_keys if k is not None})
        rks = sorted({k for k in right_keys if k is not None})
        out: dict[tuple[str | None, str | None], OpenError] = {}
        query = select(
            SyncError.id, SyncError.left_key, SyncError.right_key, SyncError.kind, SyncError.skip
        ).where(SyncError.mapping == self.mapping.name, SyncError.status == "open")
        with self.integration.state.read() as s:
            for col, keys in ((SyncError.left_key, lks), (SyncError.right_key, rks)):
                for eid, lk, rk, kind, skip in select_in(s.connection(), query, col, keys):
                    out[(lk, rk)] = OpenError(eid, kind, bool(skip))
        return out

    def _lookups(self) -> Lookups:
        lookups = Lookups(self.integration, self.mt, ran=self.ran)
        lookups.pending = {side: set(keys) for side, keys in self.pending.items()}
        if self.dry is not None:
            lookups.planned = self.dry.planned
        return lookups

    def _pairs(self, pairs: Sequence[Pair], reused: dict[Side, set[int]]) -> None:
        mt = self.mt
        lkeys = [p.left_key for p in pairs if p.left_key is not None]
        rkeys = [p.right_key for p in pairs if p.right_key is not None]
        with mt.left.app.read_engine.connect() as conn:
            lrows = mt.left.fetch(conn, lkeys)
        with mt.right.app.read_engine.connect() as conn:
            rrows = mt.right.fetch(conn, rkeys)
        errors = self._open_errors([p.left_key for p in pairs], [p.right_key for p in pairs])
        # an error of a pair that lost a key is filed under the keys it still has
        lookups = self._lookups()
        lookups.prepare(lrows.values(), rrows.values())
        out = Batch()
        self.planner.pairs(pairs, lrows, rrows, errors, lookups, reused, out)
        self._execute(lookups, out.plans, out.notes)
        if self.self_lookup and any(self.pending.values()):
            self.waiting += out.waiting

    def _execute(
        self, lookups: Lookups, plans: list[Plan], notes: list[Callable[[Session], None]]
    ) -> Outcome:
        """Write a batch; its notes and the job's counts go in the same state transaction."""
        if self.dry is not None:
            return self.dry.apply(self.integration, self.mt, lookups, plans, self.counts)
        for plan in plans:
            if plan.user is None and self.user is not None:
                plan.user = self.user

        def finish(s: Session, out: Outcome) -> None:
            if notes:
                after = last_log_id(s) if self.trigger == "manual" else 0
                for note in notes:
                    note(s)
                mark_manual(s, self.trigger, after)
            self.counts.inserted += out.inserted
            self.counts.modified += out.modified
            self.counts.deleted += out.deleted
            self.counts.failed += out.failed
            s.execute(update(Job).where(Job.id == self.job_id).values(**asdict(self.counts)))

        if not plans:
            with self.integration.state.write() as s:
                finish(s, Outcome())
            return Outcome()
        out = execute(
            self.integration,
            self.mt,
            lookups,
            plans,
            self.job_id,
            finish=finish,
            floors=self.floors,
        )
        for plan in plans:
            for op in plan.ops:
                if op.status == "ok":
                    self.written[op.side] += 1
        return out

    # -- new records ------------------------------------------------------------------------


__all__ = [
    "BATCH",
    "CancelToken",
    "Cancelled",
    "Counts",
    "JobResult",
    "Progress",
    "ProgressCallback",
    "couple_base",
    "delete_plan",
    "mapping_for_record",
    "parse_record",
    "restore_plan",
    "run_sync",
]
