"""New records: what a job found in one app and coupled to nothing, planned and written in
batches (inserted in the other app and coupled, coupled to a match by ``couple_by``, or
held back with the reason); records of a mapping that looks itself up go in waves,
parents first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from syncdesk.models import Coupling, SyncError, Uncoupled
from syncdesk.sync.apply import held_keys
from syncdesk.sync.detect import SideFound
from syncdesk.sync.endpoint import Row
from syncdesk.sync.journal import (
    log,
)
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import Plan
from syncdesk.sync.plan import (
    Batch,
    OpenError,
    Pair,
    couple_base,
    side_keys,
)
from syncdesk.sync.state_batch import note_uncoupled
from syncdesk.sync.values import Canonical
from syncdesk.workspace import Side, other

if TYPE_CHECKING:
    from syncdesk.sync.engine import JobRunner


class NewRecords:
    """The new-record part of one job (:class:`~syncdesk.sync.engine.JobRunner`)."""

    def __init__(self, job: JobRunner) -> None:
        self.job = job

    def _extra_candidates(self, side: Side) -> list[str]:
        """New records to plan besides those the scan found: those waiting for a parent,
        and those whose failed sync error asks for another try."""
        key_col = SyncError.left_key if side == "left" else SyncError.right_key
        other_col = SyncError.right_key if side == "left" else SyncError.left_key
        with self.job.integration.state.read() as s:
            keys = dict.fromkeys(
                s.scalars(
                    select(Uncoupled.key).where(
                        Uncoupled.mapping == self.job.mapping.name,
                        Uncoupled.side == side,
                        Uncoupled.waits.is_(True),
                    )
                )
            )
            keys.update(
                dict.fromkeys(
                    k
                    for k, detail in s.execute(
                        select(key_col, SyncError.detail).where(
                            SyncError.mapping == self.job.mapping.name,
                            SyncError.status == "open",
                            SyncError.skip.is_(False),
                            other_col.is_(None),
                            key_col.is_not(None),
                        )
                    )
                    # a key that names no one record is not a record to create
                    if k and not (detail or {}).get("bad_key")
                )
            )
        return list(keys)

    def _chunks(self, side: Side, found: SideFound, only: bool) -> Iterator[list[str]]:
        """The new records of ``side`` to plan, a batch at a time, each once."""
        extra = [] if only else self._extra_candidates(side)
        skip = set(extra)
        chunk: list[str] = []
        for key in found.new_keys:
            if key in skip:
                continue
            chunk.append(key)
            if len(chunk) >= self.job.batch:
                yield chunk
                chunk = []
        for key in extra:
            chunk.append(key)
            if len(chunk) >= self.job.batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def run(self, side: Side, found: SideFound, only: bool = False) -> None:
        pending: set[str] = set()
        if self.job.self_lookup:
            pending = {k for chunk in self._chunks(side, found, only) for k in chunk}
        deferred: list[str] = []
        for chunk in self._chunks(side, found, only):
            self.job._check_cancel()
            deferred += self._new_batch(side, chunk, pending)
            pending.difference_update(chunk)
            pending.update(deferred)
            self.job.done += len(chunk)
            self.job._report()
        # records waiting for a parent of their own mapping made in this job: in waves,
        # parents first; what refers to each other in a cycle goes in without the link,
        # which the next job fills in
        while deferred:
            self.job._check_cancel()
            before = len(deferred)
            pending = set(deferred)
            again: list[str] = []
            for i in range(0, len(deferred), self.job.batch):
                chunk = deferred[i : i + self.job.batch]
                again += self._new_batch(side, chunk, pending)
                pending.difference_update(set(chunk) - set(again))
            if len(again) >= before:
                for i in range(0, len(again), self.job.batch):
                    self._new_batch(side, again[i : i + self.job.batch], set(), cycle=True)
                break
            deferred = again

    def _new_batch(
        self, side: Side, keys: list[str], pending: set[str], cycle: bool = False
    ) -> list[str]:
        """Plan and write one batch of new records; returns the keys deferred to a later wave."""
        mt = self.job.mt
        m = self.job.mapping
        target = other(side)
        table = mt.side(side)
        held = held_keys(self.job.integration, m.name, side, keys)
        todo = [k for k in keys if k not in held]
        if not todo:
            return []
        with table.app.read_engine.connect() as conn:
            rows = table.fetch(conn, todo)
        errors = self.job._open_errors(
            todo if side == "left" else [], todo if side == "right" else []
        )
        lookups = self.job._lookups()
        lookups.pending[side] = set(pending) | self.job.pending[side]
        lookups.prepare(
            rows.values() if side == "left" else [], rows.values() if side == "right" else []
        )
        out = Batch()
        deferred: list[str] = []
        candidates: list[tuple[Row, dict[str, Canonical], OpenError | None]] = []
        self_fields = tuple(f.left for f in m.fields if f.lookup == m.name)
        for key in todo:
            row = rows.get(key)
            if row is None:
                continue  # gone since the scan
            err_key = side_keys(side, key)
            err = errors.get(err_key)
            if err is not None and err.skip:
                self.job.planner.error_skipped(out, *side_keys(side, key), err)
                out.uncoupled.append((side, key, False))
                continue
            values = lookups.values(side, row)
            if isinstance(values, Unresolved):
                if values.reason == "waits" and values.parent == m.name and not cycle:
                    deferred.append(key)
                    continue
                if values.reason == "waits" and values.parent == m.name and cycle:
                    values = self._without(lookups, side, row, self_fields)
                    if isinstance(values, Unresolved):
                        self.job.planner.unresolved(*side_keys(side, key), values, out, side=side)
                        continue
                else:
                    self.job.planner.unresolved(*side_keys(side, key), values, out, side=side)
                    continue
            candidates.append((row, values, err))
        matched: set[str] = set()  # coupled by couple_by, or an ambiguous match
        coupled: set[str] = set()
        if m.couple_by and candidates:
            matched, coupled = self._couple_by(side, candidates, lookups, out)
        plans: list[Plan] = []
        for row, values, err in candidates:
            if row.key in matched:
                continue
            if m.sync_only_coupled or not m.flows(target):
                out.uncoupled.append((side, row.key, False))
                continue
            without = self_fields if cycle else ()
            insert_values = {f.left: values[f.left] for f in m.fields if f.flows(target)}
            if without:
                insert_values = {k: (None if k in without else v) for k, v in insert_values.items()}
            waiting = lookups.to_side(target, insert_values)
            if isinstance(waiting, Unresolved):
                if waiting.reason == "waits" and waiting.parent == m.name and not cycle:
                    deferred.append(row.key)
                    continue
                self.job.planner.unresolved(*side_keys(side, row.key), waiting, out, side=side)
                continue
            plan = self.job.planner.insert_plan(
                side, row, values, err.id if err is not None else None, without=without
            )
            plans.append(plan)
        out.plans += plans
        self.job._execute(lookups, out.plans, out.notes)
        # what stays coupled to nothing is counted as such from now on
        for p in out.plans:
            new_key = p.left_key if side == "left" else p.right_key
            if p.ok and p.action == "insert" and new_key is not None:
                coupled.add(new_key)
        left_over = {k: False for k in todo if k not in coupled and k not in deferred}
        for s_, k, waits in out.uncoupled:
            if s_ == side and k in left_over:
                left_over[k] = waits
        if left_over and self.job.dry is None:
            with self.job.integration.state.write() as s:
                note_uncoupled(s, m.name, [(side, k, w) for k, w in left_over.items()])
        if out.matched:
            self.job._pairs(out.matched, {"left": set(), "right": set()})
        if self.job.self_lookup:
            lookups.forget(m.name)
        return deferred

    def _without(
        self, lookups: Lookups, side: Side, row: Row, fields: tuple[str, ...]
    ) -> dict[str, Canonical] | Unresolved:
        """A record's values with its links to its own mapping left out (a cycle)."""
        cols = {self.job.mapping.field(f).column(side) for f in fields}
        stripped = Row(row.key, {k: (None if k in cols else v) for k, v in row.raw.items()})
        return lookups.values(side, stripped)

    def _couple_by(
        self,
        side: Side,
        candidates: list[tuple[Row, dict[str, Canonical], OpenError | None]],
        lookups: Lookups,
        out: Batch,
    ) -> tuple[set[str], set[str]]:
        """Couple new records to uncoupled ones on the other side whose couple_by fields
        match (trimmed, and with full Unicode case folding unless case-sensitive). A value
        that more than one record has, on either side, is an ambiguous match: a failed
        sync error, nothing created or coupled."""
        m = self.job.mapping
        target = other(side)
        ttable = self.job.mt.side(target)
        first = m.field(m.couple_by[0])

        def fold(v: str) -> str:
            v = v.strip()
            return v if m.couple_case_sensitive else v.casefold()

        def match_key(values: dict[str, Canonical]) -> tuple[str, ...] | None:
            parts = []
            for name in m.couple_by:
                v = values.get(name)
                if v is None or not str(v).strip():
                    return None
                parts.append(fold(str(v)))
            return tuple(parts)

        wanted: dict[tuple[str, ...], list[Row]] = {}
        for row, values, _err in candidates:
            k = match_key(values)
            if k is not None:
                wanted.setdefault(k, []).append(row)
        if not wanted:
            return set(), set()
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
        found_keys = [r.key for r in found]
        unavailable = held_keys(self.job.integration, m.name, target, found_keys)
        tl = Lookups(self.job.integration, self.job.mt, ran=self.job.ran)
        tl.prepare(found if target == "left" else [], found if target == "right" else [])
        targets: dict[tuple[str, ...], list[tuple[Row, dict[str, Canonical]]]] = {}
        for trow in sorted(found, key=lambda r: r.key):
            if trow.key in unavailable:
                continue
            tvalues = tl.values(target, trow)
            if isinstance(tvalues, Unresolved):
                continue
            k = match_key(tvalues)
            if k is not None and k in wanted:
                targets.setdefault(k, []).append((trow, tvalues))
        matched: set[str] = set()
        coupled: set[str] = set()
        values_of = {row.key: values for row, values, _err in candidates}
        errors_of = {row.key: err for row, _values, err in candidates}
        plans: list[Plan] = []
        for k, sources in wanted.items():
            hits = targets.get(k, [])
            if not hits:
                continue
            if len(sources) > 1 or len(hits) > 1:
                shown = str(values_of[sources[0].key].get(first.left) or "")
                for srow in sources:
                    self.job.planner.ambiguous(
                        side,
                        srow.key,
                        [r.key for r in sources],
                        [t.key for t, _v in hits],
                        shown,
                        out,
                    )
                    matched.add(srow.key)
                continue
            srow = sources[0]
            trow, tvalues = hits[0]
            svalues = values_of[srow.key]
            lv, rv = (svalues, tvalues) if side == "left" else (tvalues, svalues)
            lk, rk = (srow.key, trow.key) if side == "left" else (trow.key, srow.key)
            err = errors_of.get(srow.key)
            plans.append(
                Plan(
                    "couple",
                    lk,
                    rk,
                    [],
                    base=couple_base(m, lv, rv),
                    error_id=err.id if err is not None else None,
                    note=f"matched by {', '.join(m.couple_by)}",
                )
            )
            matched.add(srow.key)
            coupled.add(srow.key)
        if not plans:
            return matched, coupled
        mapping, job = m.name, self.job.job_id
        couplings = [(p.left_key, p.right_key) for p in plans]

        def note(s: Session) -> None:
            for lk, rk in couplings:
                log(
                    s,
                    mapping=mapping,
                    action="couple",
                    result="ok",
                    left_key=lk,
                    right_key=rk,
                    job_id=job,
                    message=f"matched by {', '.join(m.couple_by)}",
                    user=self.job.user,
                )

        self.job._execute(lookups, plans, [note])
        if self.job.dry is not None:
            out.matched += [
                Pair(0, p.left_key, p.right_key, dict(p.base or {})) for p in plans if p.ok
            ]
            return matched, coupled
        lefts = [lk for lk, _rk in couplings if lk is not None]
        with self.job.integration.state.read() as s:
            ids = list(
                s.scalars(
                    select(Coupling.id).where(
                        Coupling.mapping == mapping, Coupling.left_key.in_(lefts)
                    )
                )
            )
        out.matched += self.job._load_pairs(ids)
        return matched, coupled
