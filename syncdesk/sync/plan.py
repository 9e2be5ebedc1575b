"""Planning: what each record needs, decided from rows already read. No writes.

- **pairs**: a coupled pair compared field by field with its base (three-way merge):
  copy, merge, conflict, or a deletion (on one side or both);
- **new records**: a record coupled to nothing, matched by ``couple_by`` or created on
  the other side;
- restore / delete plans for the deletion policies and actions.

The planner returns :class:`~syncdesk.sync.apply.Plan` objects for the writer and
*notes*: state bookkeeping (a sync error, a record log line) that goes in the same state
transaction as the batch's writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from syncdesk.models import Coupling
from syncdesk.models.driver import BAD_BYTE
from syncdesk.sync.endpoint import STAMP, Row, mod_text, stamp_time
from syncdesk.sync.journal import log, record_error, skip_note
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import merge
from syncdesk.sync.ops import Op, Plan, update_ops
from syncdesk.sync.values import Canonical, show
from syncdesk.workspace import SIDES, Mapping, Side, other

if TYPE_CHECKING:
    from syncdesk.sync.engine import Counts
    from syncdesk.sync.integration import MappingTables

Note = Callable[[Session], None]


@dataclass
class Pair:
    """A coupling as the planner needs it (read with Core, not as an ORM object)."""

    id: int
    left_key: str | None
    right_key: str | None
    base: dict[str, Canonical]
    left_seen: str | None = None
    right_seen: str | None = None
    left_identity: str | None = None
    right_identity: str | None = None
    left_gone: bool = False
    right_gone: bool = False

    def key(self, side: Side) -> str | None:
        return self.left_key if side == "left" else self.right_key

    def identity(self, side: Side) -> str | None:
        return self.left_identity if side == "left" else self.right_identity


@dataclass(frozen=True)
class OpenError:
    id: int
    kind: str
    skip: bool


@dataclass(frozen=True)
class PreviewRecord:
    """What a job would do to one record, as a preview shows it (nothing is written).

    ``action``: insert-left, insert-right, modify, delete-left, delete-right, couple,
    remove-coupling, conflict, deleted-left, deleted-right, fail; ``changes`` by left field
    (before, after) as in the record log; ``direction`` for a write (to-left, to-right).
    """

    action: str
    left_key: str | None
    right_key: str | None
    changes: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)
    message: str = ""
    direction: str | None = None
    title: str | None = None


@dataclass
class Batch:
    """What planning a batch produced."""

    plans: list[Plan] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # new records left coupled to nothing, and whether they wait (plan them again)
    uncoupled: list[tuple[Side, str, bool]] = field(default_factory=list)
    # new records coupled by couple_by in this batch (their pairs are compared next)
    matched: list[Pair] = field(default_factory=list)
    # coupled pairs whose lookup waits for a parent (compared again later)
    waiting: list[int] = field(default_factory=list)


class Planner:
    def __init__(
        self,
        mt: MappingTables,
        job_id: int | None,
        counts: Counts,
        events: list[PreviewRecord] | None = None,
    ) -> None:
        self.mt = mt
        self.mapping: Mapping = mt.mapping
        self.job_id = job_id
        self.counts = counts
        self.titles: dict[Side, str] = {s: mt.side(s).title for s in SIDES}
        #: a preview's list: what becomes a sync error is told there too
        self.events = events
        #: sides whose deletions this job leaves to a person whatever the mapping's policy
        #: (too many went missing at once: JobRunner._hold_mass_deletions)
        self.held: set[Side] = set()
        fields = self.mapping.fields
        # per target app: the fields an insert writes, and those its base takes from the
        # written record (fields that flow only the other way)
        self._insert_fields: dict[Side, tuple[tuple[str, ...], tuple[str, ...]]] = {
            target: (
                tuple(f.left for f in fields if f.flows(target)),
                tuple(f.left for f in fields if not f.flows(target) and f.flows(other(target))),
            )
            for target in SIDES
        }

    def _event(self, record: PreviewRecord) -> None:
        if self.events is not None:
            self.events.append(record)

    def skipped(
        self,
        out: Batch,
        left_key: str | None,
        right_key: str | None,
        reason: str,
        error_id: int | None = None,
    ) -> None:
        """A record this job passes over: counted, and kept with its reason (the Jobs page)."""
        self.counts.skipped += 1
        if self.job_id is not None:
            out.notes.append(
                skip_note(self.job_id, self.mapping.name, left_key, right_key, reason, error_id)
            )

    def error_skipped(
        self, out: Batch, left_key: str | None, right_key: str | None, err: OpenError
    ) -> None:
        """A record held back by its open sync error."""
        if err.kind == "failed":
            reason = f"sync error {err.id} was refused twice; it waits for Retry"
        else:
            reason = f"sync error {err.id} is open; it waits for a person"
        self.skipped(out, left_key, right_key, reason, err.id)

    # -- pairs ------------------------------------------------------------------------------

    def pairs(
        self,
        pairs: Sequence[Pair],
        lrows: dict[str, Row],
        rrows: dict[str, Row],
        errors: dict[tuple[str | None, str | None], OpenError],
        lookups: Lookups,
        reused: dict[Side, set[int]],
        out: Batch,
    ) -> None:
        mt = self.mt
        for cp in pairs:
            err = errors.get((cp.left_key, cp.right_key))
            if err is not None and err.skip:
                self.error_skipped(out, cp.left_key, cp.right_key, err)
                continue
            error_id = err.id if err is not None else None
            lost = [s for s in SIDES if cp.id in reused.get(s, set())]
            lrow = None if "left" in lost or cp.left_key is None else lrows.get(cp.left_key)
            rrow = None if "right" in lost or cp.right_key is None else rrows.get(cp.right_key)
            if lrow is None or rrow is None:
                self._deletion(cp, lrow, rrow, lookups, error_id, lost, out)
                continue
            lv, rv = lookups.values("left", lrow), lookups.values("right", rrow)
            if isinstance(lv, Unresolved) or isinstance(rv, Unresolved):
                problem = lv if isinstance(lv, Unresolved) else rv
                assert isinstance(problem, Unresolved)
                self.unresolved(cp.left_key, cp.right_key, problem, out, coupling_id=cp.id)
                continue
            newer: Side | None = None
            if mt.mapping.on_conflict == "newer-wins":
                lm = stamp_time(lrow.raw.get(STAMP))
                rm = stamp_time(rrow.raw.get(STAMP))
                if lm is not None and rm is not None:
                    newer = "right" if rm > lm else "left"
            result = merge(
                mt.mapping.fields, lv, rv, cp.base, on_conflict=mt.mapping.on_conflict, newer=newer
            )
            if result.conflicts:
                self._conflict(cp, result.conflicts, lv, rv, out)
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
                self.unresolved(cp.left_key, cp.right_key, blocked, out, coupling_id=cp.id)
                continue
            ops = update_ops(result, lrow, rrow)
            seen = {
                "left": mod_text(lrow.raw.get(STAMP)),
                "right": mod_text(rrow.raw.get(STAMP)),
            }
            identity = {
                "left": mt.left.identity_text(lrow),
                "right": mt.right.identity_text(rrow),
            }
            if not ops:
                self.counts.unchanged += 1
                moved = (seen["left"], seen["right"]) != (cp.left_seen, cp.right_seen) or (
                    identity["left"],
                    identity["right"],
                ) != (cp.left_identity, cp.right_identity)
                if result.base != cp.base or err is not None or moved:
                    out.plans.append(
                        Plan(
                            "modify",
                            cp.left_key,
                            cp.right_key,
                            [],
                            base=result.base,
                            coupling_id=cp.id,
                            error_id=error_id,
                            seen=seen,
                            identity=identity,
                        )
                    )
                continue
            out.plans.append(
                Plan(
                    "modify",
                    cp.left_key,
                    cp.right_key,
                    ops,
                    base=result.base,
                    coupling_id=cp.id,
                    error_id=error_id,
                    seen=seen,
                    identity=identity,
                )
            )

    def _conflict(
        self,
        cp: Pair,
        fields: list[str],
        lv: dict[str, Canonical],
        rv: dict[str, Canonical],
        out: Batch,
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
        self._event(
            PreviewRecord(
                "conflict",
                cp.left_key,
                cp.right_key,
                {f: (lv.get(f), rv.get(f)) for f in fields},
                message,
            )
        )
        mapping, job = self.mapping.name, self.job_id

        def note(s: Session) -> None:
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

        out.notes.append(note)

    def unresolved(
        self,
        left_key: str | None,
        right_key: str | None,
        problem: Unresolved,
        out: Batch,
        side: Side | None = None,
        coupling_id: int | None = None,
    ) -> None:
        """A lookup that cannot be translated: waits (skipped), or a failed sync error.

        A new record that waits is planned again by the next job (``side``: its side); a
        coupled pair that waits is compared again by it (its remembered stamps forgotten).
        """
        if not problem.missing:
            self.skipped(out, left_key, right_key, problem.message(self.titles))
            if side is not None:
                key = left_key if side == "left" else right_key
                if key is not None:
                    out.uncoupled.append((side, key, True))
            if coupling_id is not None:
                cid = coupling_id
                out.waiting.append(cid)

                def again(s: Session) -> None:
                    s.execute(
                        update(Coupling)
                        .where(Coupling.id == cid)
                        .values(left_seen=None, right_seen=None)
                    )

                out.notes.append(again)
            return
        if side is not None:
            key = left_key if side == "left" else right_key
            if key is not None:
                out.uncoupled.append((side, key, False))
        action = "modify" if left_key is not None and right_key is not None else "insert"
        message = problem.message(self.titles)
        self._failed(left_key, right_key, problem.side, message, out, logged=action)

    def _deletion(
        self,
        cp: Pair,
        lrow: Row | None,
        rrow: Row | None,
        lookups: Lookups,
        error_id: int | None,
        lost: list[Side],
        out: Batch,
    ) -> None:
        mapping, job = self.mapping.name, self.job_id
        if lrow is None and rrow is None:
            out.plans.append(
                Plan(
                    "uncouple",
                    cp.left_key,
                    cp.right_key,
                    [],
                    coupling_id=cp.id,
                    error_id=error_id,
                    note="deleted in both apps",
                    resolution="deleted in both apps",
                )
            )

            def gone(s: Session) -> None:
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

            out.notes.append(gone)
            return
        gone_side: Side = "left" if lrow is None else "right"
        kept = rrow if lrow is None else lrow
        assert kept is not None
        old_key = cp.key(gone_side)
        if gone_side in lost:
            # the app gave this record's key to another record: the pair keeps no key on
            # that side from now on (a restore gives it a new one), and the key is free
            # for the new record
            if gone_side == "left":
                cp.left_key = None
            else:
                cp.right_key = None
        policy = self.mapping.on_delete
        if policy == "restore" and self.mapping.flows(gone_side):
            plan = restore_plan(self.mt, lookups, cp, gone_side, kept, error_id)
            if plan is not None:
                out.plans.append(plan)
                return
        if (
            policy == "delete"
            and self.mapping.flows(other(gone_side))
            and gone_side not in self.held
        ):
            kept_values = lookups.values(other(gone_side), kept)
            out.plans.append(
                delete_plan(
                    cp,
                    other(gone_side),
                    kept,
                    error_id,
                    kept_values if isinstance(kept_values, dict) else None,
                )
            )
            return
        if policy == "remove-coupling":
            out.plans.append(
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
            message = f"deleted in {self.titles[gone_side]}; coupling removed"
            self._event(
                PreviewRecord("remove-coupling", cp.left_key, cp.right_key, message=message)
            )

            def removed(s: Session) -> None:
                log(
                    s,
                    mapping=mapping,
                    action="remove-coupling",
                    result="ok",
                    left_key=cp.left_key,
                    right_key=cp.right_key,
                    job_id=job,
                    message=message,
                )

            out.notes.append(removed)
            return
        kind = f"deleted-{gone_side}"
        message = f"{self.mapping.name} {old_key} was deleted in {self.titles[gone_side]}"
        if gone_side in lost:
            message += " (its key now names another record)"
        self.skipped(out, cp.left_key, cp.right_key, message)
        self._event(PreviewRecord(kind, cp.left_key, cp.right_key, message=message))
        cp_id = cp.id
        if gone_side in lost:
            mark: dict[str, Any] = {"left_key" if gone_side == "left" else "right_key": None}
        else:
            mark = {"left_gone" if gone_side == "left" else "right_gone": True}
        left_key, right_key = cp.left_key, cp.right_key

        def deleted(s: Session) -> None:
            s.execute(update(Coupling).where(Coupling.id == cp_id).values(mark))
            record_error(
                s,
                mapping=mapping,
                kind=kind,
                left_key=left_key,
                right_key=right_key,
                message=message,
                job_id=job,
            )
            log(
                s,
                mapping=mapping,
                action="deleted",
                result="skipped",
                left_key=left_key if left_key is not None else old_key,
                right_key=right_key if right_key is not None else old_key,
                job_id=job,
                message=message,
            )

        out.notes.append(deleted)

    # -- new records -------------------------------------------------------------------------

    def insert_plan(
        self,
        side: Side,
        row: Row,
        values: dict[str, Canonical],
        error_id: int | None,
        *,
        without: tuple[str, ...] = (),
    ) -> Plan:
        """Create ``row`` (of ``side``) in the other app and couple the two.

        ``without``: lookup fields left empty for now (records that refer to each other in
        a cycle); the next job fills them in.
        """
        mt = self.mt
        target = other(side)
        written, from_written = self._insert_fields[target]
        if without:
            out = {k: (None if k in without else values[k]) for k in written}
        else:
            out = {k: values[k] for k in written}
        base = dict.fromkeys(f.left for f in self.mapping.fields)
        base.update(out)
        op = Op(
            "insert",
            target,
            values=out,
            changes={k: (None, v) for k, v in out.items() if v is not None},
            key=mt.side(target).new_key(),
            source=row,
        )
        seen_stamp = None if without else mod_text(row.raw.get(STAMP))
        return Plan(
            "insert",
            row.key if side == "left" else None,
            row.key if side == "right" else None,
            [op],
            base=base,
            error_id=error_id,
            seen={side: seen_stamp},
            identity={side: mt.side(side).identity_text(row)},
            base_from_written=from_written,
        )

    def ambiguous(
        self,
        side: Side,
        key: str,
        sources: Sequence[str],
        targets: Sequence[str],
        value: str,
        out: Batch,
    ) -> None:
        """A couple_by value that matches more than one record: nothing created or coupled."""
        target = other(side)
        fields = ", ".join(self.mapping.couple_by)
        parts = []
        if len(sources) > 1:
            parts.append(
                f"{len(sources)} {self.titles[side]} records ({', '.join(sorted(sources))})"
            )
        if targets:
            parts.append(
                f"{len(targets)} {self.titles[target]} record"
                f"{'s' if len(targets) > 1 else ''} ({', '.join(sorted(targets))})"
            )
        message = (
            f"ambiguous match on {fields} {value!r}: {' and '.join(parts)} match; couple by "
            "hand or make the values unique"
        )
        out.uncoupled.append((side, key, False))
        detail = {"candidates": sorted(targets), "sources": sorted(sources)}
        self._failed(*side_keys(side, key), side, message, out, detail=detail, logged="couple")

    def bad_key(self, side: Side, key: str, reason: str, raw: str, out: Batch) -> None:
        """A row whose key cannot name one record: a failed sync error that says why."""
        table = self.mt.side(side)
        where = f"{table.title} {table.table.name}"
        if reason == "none":
            message = f"a record in {where} has no key ({table.key.name} is empty)"
        elif reason == "nul":
            message = (
                f"a record in {where} has key {raw!r}, which holds a NUL character: SyncDesk "
                "cannot keep such a key (PostgreSQL text cannot hold one); change it in the app"
            )
        elif reason == "text":
            message = (
                f"a record in {where} has key {raw!r}, which is not valid UTF-8 text (its bad "
                f"bytes shown as {BAD_BYTE}): SyncDesk cannot keep such a key; change it in the app"
            )
        elif reason == "type":
            message = (
                f"a record in {where} has key {raw!r}, which is not a whole number as the key "
                f"column {table.key.name} holds"
            )
        else:
            message = (
                f"several records in {where} have key {raw!r}: they cannot be told apart; "
                "give each its own key"
            )
        self._failed(*side_keys(side, key), side, message, out, detail={"bad_key": reason})

    def _failed(
        self,
        lk: str | None,
        rk: str | None,
        side: str | None,
        message: str,
        out: Batch,
        *,
        detail: dict[str, Any] | None = None,
        logged: str | None = None,
    ) -> None:
        """A record (or pair) that fails before any write: counted, shown in a preview,
        and (with the batch) a failed sync error, naming ``side`` where it is one app's;
        ``logged``: also a record log entry with that action."""
        self.counts.failed += 1
        mapping, job = self.mapping.name, self.job_id
        self._event(PreviewRecord("fail", lk, rk, message=message))

        def note(s: Session) -> None:
            record_error(
                s,
                mapping=mapping,
                kind="failed",
                left_key=lk,
                right_key=rk,
                message=message,
                job_id=job,
                side=side,
                detail=detail,
            )
            if logged is not None:
                log(
                    s,
                    mapping=mapping,
                    action=logged,
                    result="error",
                    left_key=lk,
                    right_key=rk,
                    job_id=job,
                    message=message,
                )

        out.notes.append(note)


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
    mt: MappingTables,
    lookups: Lookups,
    cp: Any,
    gone: Side,
    kept: Row,
    error_id: int | None,
) -> Plan | None:
    """Re-create the record in the app where it was deleted, from the other side.

    Fields that flow to the restored record take the kept side's values, and so does
    their base. A field that does not flow there (a ``to-right`` field restored into the
    left) keeps, as its base, what the new record holds: the kept side's value is not
    overwritten by the next job.
    """
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
        source=kept,
    )
    kept_side = other(gone)
    return Plan(
        "restore",
        cp.left_key,
        cp.right_key,
        [op],
        base=base,
        coupling_id=cp.id,
        error_id=error_id,
        resolution="restore",
        seen={kept_side: mod_text(kept.raw.get(STAMP))},
        identity={kept_side: mt.side(kept_side).identity_text(kept)},
        base_from_written=tuple(f.left for f in mt.mapping.fields if not f.flows(gone)),
    )


def delete_plan(
    cp: Any,
    side: Side,
    row: Row,
    error_id: int | None,
    values: dict[str, Canonical] | None = None,
) -> Plan:
    """Delete the record in the app where it still exists, and uncouple.

    ``values``: the record's values (by left field), kept in the record log as what was
    deleted, so that the deletion can be undone.
    """
    op = Op(
        "delete",
        side,
        row=row,
        changes={k: (v, None) for k, v in (values or {}).items() if v is not None},
    )
    return Plan(
        "delete",
        cp.left_key,
        cp.right_key,
        [op],
        coupling_id=cp.id,
        error_id=error_id,
        resolution="delete",
    )


def side_keys(side: Side, key: str) -> tuple[str | None, str | None]:
    """(left key, right key) of a record of ``side`` coupled to nothing."""
    return (key, None) if side == "left" else (None, key)
