"""Actions on sync errors, and coupling by hand. Each writes a record log entry.

Every action first checks all the errors it was given (they exist, are open and
the action applies to their kind) and refuses the lot with one clear message
before changing anything. Writes to the apps go through the same journaled,
compare-and-set writer as a job, as a job with trigger ``action``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from syncdesk.errors import ConflictingUpdateError, UsageError
from syncdesk.models import Coupling, Exclusion, Job, SyncError, SyncErrorEvent
from syncdesk.sync.apply import execute
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.engine import couple_base, delete_plan, restore_plan
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.journal import current_user, log, resolve_error
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import MISSING, choose
from syncdesk.sync.ops import Plan, update_ops
from syncdesk.sync.recovery import recover
from syncdesk.sync.side_table import SideTable
from syncdesk.sync.state_batch import forget_uncoupled
from syncdesk.sync.values import Canonical, canonical, show
from syncdesk.workspace import SIDES, Side, other

ACTIONS = ("remove-coupling", "retry", "use-left", "use-right", "choose", "restore", "delete")

APPLIES: dict[str, tuple[str, ...]] = {
    "remove-coupling": ("conflict", "deleted-left", "deleted-right", "failed"),
    "retry": ("conflict", "deleted-left", "deleted-right", "failed"),
    "use-left": ("conflict",),
    "use-right": ("conflict",),
    "choose": ("conflict",),
    "restore": ("deleted-left", "deleted-right"),
    "delete": ("deleted-left", "deleted-right"),
}


@dataclass
class ActionResult:
    """What happened to each error: ``done`` ids, and ``problems`` id -> message."""

    action: str
    done: list[int] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    jobs: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "done": self.done,
            "problems": {str(k): v for k, v in self.problems.items()},
            "jobs": self.jobs,
        }


def applies(action: str, kind: str) -> bool:
    return kind in APPLIES.get(action, ())


def resolve(
    integration: Integration,
    error_ids: Sequence[int],
    action: str,
    *,
    choices: dict[str, Side] | None = None,
    expected_versions: dict[int, int] | None = None,
    reason: str | None = None,
    lock_wait: float | None = None,
    typed: dict[str, str] | None = None,
    expected: dict[str, tuple[Canonical, Canonical]] | None = None,
) -> ActionResult:
    """Apply one action to sync errors (one or many at once).

    ``choose`` (one conflict): ``choices`` picks a side per field; ``typed`` gives a field
    a value of its own, written to both apps; ``expected`` (field -> the left and right
    values a person saw) refuses the lot if either app holds another value now, so that
    what is written is exactly what was shown.
    """
    if action not in ACTIONS:
        raise UsageError(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})")
    if not error_ids:
        raise UsageError("name at least one sync error")
    # the errors are read and checked under the job lock: two people acting on one error
    # at once take turns, and the second is told it was resolved a moment ago
    with integration.state.job_lock(lock_wait):
        errors = _open_errors(integration, error_ids, action, expected_versions)
        if (typed or expected) and action != "choose":
            raise UsageError("typed values and expected values go with a choice per field")
        return _apply(
            integration, errors, action, choices or {}, reason, typed or {}, expected or {}
        )


def _open_errors(
    integration: Integration,
    error_ids: Sequence[int],
    action: str,
    expected_versions: dict[int, int] | None,
) -> list[SyncError]:
    """The errors to act on, each still open, unchanged since shown, and fit for ``action``."""
    with integration.state.read() as s:
        found = {
            e.id: e for e in s.scalars(select(SyncError).where(SyncError.id.in_(list(error_ids))))
        }
    errors: list[SyncError] = []
    for i in dict.fromkeys(error_ids):
        e = found.get(i)
        if e is None:
            raise UsageError(f"there is no sync error {i}")
        if e.status != "open":
            raise ConflictingUpdateError(
                f"sync error {i} was already resolved ({e.resolution or e.status}); nothing done"
            )
        if expected_versions and expected_versions.get(i, e.version) != e.version:
            raise ConflictingUpdateError(
                f"sync error {i} was changed by someone else a moment ago; look again"
            )
        if e.mapping not in integration.tables:
            raise UsageError(
                f"sync error {i} belongs to mapping {e.mapping}, which the workspace no longer has"
            )
        if not applies(action, e.kind):
            fits = [a for a in ACTIONS if applies(a, e.kind) and a != "choose"]
            raise UsageError(
                f"{action} does not apply to sync error {i} ({e.kind}); use {', '.join(fits)}"
            )
        errors.append(e)
    if action == "choose" and len(errors) != 1:
        raise UsageError("a choice per field applies to one conflict at a time")
    return errors


def _apply(
    integration: Integration,
    errors: list[SyncError],
    action: str,
    choices: dict[str, Side],
    reason: str | None,
    typed: dict[str, str] | None = None,
    expected: dict[str, tuple[Canonical, Canonical]] | None = None,
) -> ActionResult:
    result = ActionResult(action)
    by_mapping: dict[str, list[SyncError]] = defaultdict(list)
    for e in errors:
        by_mapping[e.mapping].append(e)
    recover(integration)
    for m in integration.workspace.ordered(list(by_mapping)):
        mt = integration.tables[m.name]
        resolver = _Resolver(integration, mt, action, result, choices, reason)
        resolver.typed, resolver.expected = typed or {}, expected or {}
        resolver.run(by_mapping[m.name])
    return result


class _Resolver:
    def __init__(
        self,
        integration: Integration,
        mt: MappingTables,
        action: str,
        result: ActionResult,
        choices: dict[str, Side],
        reason: str | None,
    ) -> None:
        self.integration = integration
        self.mt = mt
        self.action = action
        self.result = result
        self.choices = choices
        self.user = current_user()
        self.reason = reason
        self.typed: dict[str, str] = {}
        self.expected: dict[str, tuple[Canonical, Canonical]] = {}

    def run(self, errors: list[SyncError]) -> None:
        mapping = self.mt.mapping.name
        with self.integration.state.write() as s:
            job = Job(
                mapping=mapping,
                trigger="action",
                status="running",
                full=False,
                started=now_utc(),
                user=self.user,
                message=self.action,
            )
            s.add(job)
            s.flush()
            self.job_id = job.id
        self.result.jobs.append(self.job_id)
        counts = {"inserted": 0, "modified": 0, "deleted": 0, "failed": 0}
        status = "succeeded"
        try:
            if self.action == "retry":
                self._retry(errors)
            elif self.action == "remove-coupling":
                self._remove_coupling(errors)
            else:
                counts = self._write(errors)
        except Exception as exc:
            status = "failed"
            with self.integration.state.write() as s:
                s.execute(
                    update(Job)
                    .where(Job.id == self.job_id)
                    .values(status=status, finished=now_utc(), message=f"{self.action}: {exc}")
                )
            raise
        with self.integration.state.write() as s:
            s.execute(
                update(Job)
                .where(Job.id == self.job_id)
                .values(status=status, finished=now_utc(), **counts)
            )

    def _note(self, text: str) -> str:
        return f"{text} ({self.reason})" if self.reason else text

    def _coupling(self, s: Any, e: SyncError) -> Coupling | None:
        """The pair an error names (a key is None where the app gave it to another record)."""
        if e.left_key is None and e.right_key is None:
            return None
        conds = [Coupling.mapping == e.mapping]
        for col, key in ((Coupling.left_key, e.left_key), (Coupling.right_key, e.right_key)):
            conds.append(col.is_(None) if key is None else col == key)
        found: Coupling | None = s.scalars(select(Coupling).where(*conds)).first()
        return found

    def _retry(self, errors: list[SyncError]) -> None:
        now = now_utc()
        with self.integration.state.write() as s:
            for e in errors:
                s.execute(
                    update(SyncError)
                    .where(SyncError.id == e.id)
                    .values(skip=False, version=SyncError.version + 1)
                )
                s.add(
                    SyncErrorEvent(
                        error_id=e.id,
                        at=now,
                        job_id=self.job_id,
                        event="retry",
                        message=self._note(f"{self.user} asked to retry"),
                    )
                )
                log(
                    s,
                    mapping=e.mapping,
                    action="retry",
                    result="ok",
                    left_key=e.left_key,
                    right_key=e.right_key,
                    job_id=self.job_id,
                    user=self.user,
                    message=self._note("included in the next job"),
                )
                self.result.done.append(e.id)

    def _remove_coupling(self, errors: list[SyncError]) -> None:
        now = now_utc()
        with self.integration.state.write() as s:
            for e in errors:
                cp = self._coupling(s, e)
                if cp is not None:
                    s.delete(cp)
                for side, key in (("left", e.left_key), ("right", e.right_key)):
                    if (
                        key is not None
                        and s.scalar(
                            select(Exclusion.id).where(
                                Exclusion.mapping == e.mapping,
                                Exclusion.side == side,
                                Exclusion.key == key,
                            )
                        )
                        is None
                    ):
                        s.add(Exclusion(mapping=e.mapping, side=side, key=key, at=now))
                err = s.get(SyncError, e.id)
                assert err is not None
                resolve_error(
                    s,
                    err,
                    "remove-coupling",
                    self.job_id,
                    self._note(f"coupling removed by {self.user}"),
                )
                log(
                    s,
                    mapping=e.mapping,
                    action="remove-coupling",
                    result="ok",
                    left_key=e.left_key,
                    right_key=e.right_key,
                    job_id=self.job_id,
                    user=self.user,
                    message=self._note(
                        "uncoupled and excluded: neither record syncs again until coupled"
                    ),
                )
                self.result.done.append(e.id)

    def _write(self, errors: list[SyncError]) -> dict[str, int]:
        mt = self.mt
        with self.integration.state.read() as s:
            couplings = {e.id: self._coupling(s, e) for e in errors}
        lkeys = [e.left_key for e in errors if e.left_key]
        rkeys = [e.right_key for e in errors if e.right_key]
        with mt.left.app.read_engine.connect() as conn:
            lrows = mt.left.fetch(conn, lkeys)
        with mt.right.app.read_engine.connect() as conn:
            rrows = mt.right.fetch(conn, rkeys)
        lookups = Lookups(self.integration, mt)
        lookups.prepare(lrows.values(), rrows.values())
        plans: list[Plan] = []
        for e in errors:
            cp = couplings[e.id]
            if cp is None:
                self.result.problems[e.id] = "the records are no longer coupled"
                continue
            lrow = lrows.get(cp.left_key) if cp.left_key is not None else None
            rrow = rrows.get(cp.right_key) if cp.right_key is not None else None
            plan: Plan | None = None
            gone: Side
            if self.action in ("use-left", "use-right", "choose"):
                if lrow is None or rrow is None:
                    gone = "left" if lrow is None else "right"
                    self.result.problems[e.id] = (
                        f"the record was deleted in {mt.side(gone).title} meanwhile"
                    )
                    continue
                lv, rv = lookups.values("left", lrow), lookups.values("right", rrow)
                if isinstance(lv, Unresolved) or isinstance(rv, Unresolved):
                    bad = lv if isinstance(lv, Unresolved) else rv
                    assert isinstance(bad, Unresolved)
                    self.result.problems[e.id] = bad.message({x: mt.side(x).title for x in SIDES})
                    continue
                plan = self._choice_plan(e, cp, lv, rv, lrow, rrow)
            else:
                gone = "left" if e.kind == "deleted-left" else "right"
                kept = rrow if gone == "left" else lrow
                if kept is None:
                    self.result.problems[e.id] = (
                        f"the record is gone in {mt.side(other(gone)).title} too"
                    )
                    continue
                if (lrow if gone == "left" else rrow) is not None:
                    self.result.problems[e.id] = (
                        f"the record exists again in {mt.side(gone).title}; use Retry"
                    )
                    continue
                if self.action == "restore":
                    plan = restore_plan(mt, lookups, cp, gone, kept, e.id)
                    if plan is None:
                        self.result.problems[e.id] = "a looked-up record is not coupled"
                        continue
                else:
                    kept_values = lookups.values(other(gone), kept)
                    plan = delete_plan(
                        cp,
                        other(gone),
                        kept,
                        e.id,
                        kept_values if isinstance(kept_values, dict) else None,
                    )
            plan.user = self.user
            plan.resolution = self.action
            plan.note = self._note(f"{self.action} by {self.user}")
            plans.append(plan)
        out = execute(self.integration, mt, lookups, plans, self.job_id)
        for plan in plans:
            assert plan.error_id is not None
            if plan.ok:
                self.result.done.append(plan.error_id)
            else:
                bad_op = next(op for op in plan.ops if op.status != "ok")
                self.result.problems[plan.error_id] = bad_op.message or bad_op.status
        return {
            "inserted": out.inserted,
            "modified": out.modified,
            "deleted": out.deleted,
            "failed": out.failed,
        }

    def _choice_plan(
        self,
        e: SyncError,
        cp: Coupling,
        lv: dict[str, Canonical],
        rv: dict[str, Canonical],
        lrow: Any,
        rrow: Any,
    ) -> Plan:
        fields = self.mt.mapping.fields
        for name, (want_left, want_right) in self.expected.items():
            if (lv.get(name), rv.get(name)) != (want_left, want_right):
                raise ConflictingUpdateError(
                    f"{name} changed since it was shown (now {show(lv.get(name))} and "
                    f"{show(rv.get(name))}); nothing written, look again"
                )
        own = self._typed()
        # the person decides the fields changed on both sides (a choice per field, or one
        # side for all of them); a field only one side changed merges as a job would merge it
        side: Side | None = None
        if self.action != "choose":
            side = "left" if self.action == "use-left" else "right"
        choices = dict(self.choices) if side is None else {}
        for f in fields:
            if f.left in own or f.left in choices or lv.get(f.left) == rv.get(f.left):
                continue
            base = cp.base.get(f.left, MISSING)
            if base is not MISSING and lv.get(f.left) == base:
                choices[f.left] = "right"
            elif base is not MISSING and rv.get(f.left) == base:
                choices[f.left] = "left"
            elif side is not None:
                choices[f.left] = side
            else:
                raise UsageError(f"choose left or right for field {f.left!r}")
        result = choose(fields, lv, rv, {**choices, **dict.fromkeys(own, "left")})
        for name, value in own.items():
            # a value of the person's own: both apps get it, where the field may flow
            f = self.mt.mapping.field(name)
            result.base[name] = value
            sides: tuple[tuple[Side, Any, Any, Canonical], ...] = (
                ("left", result.to_left, result.changes_left, lv.get(name)),
                ("right", result.to_right, result.changes_right, rv.get(name)),
            )
            for s, to, changes, now in sides:
                to.pop(name, None)
                changes.pop(name, None)
                if f.flows(s) and now != value:
                    to[name] = value
                    changes[name] = (now, value)
        ops = update_ops(result, lrow, rrow)
        return Plan(
            "resolve",
            cp.left_key,
            cp.right_key,
            ops,
            base=result.base,
            coupling_id=cp.id,
            error_id=e.id,
            # what the base held before: undoing the choice brings the conflict back
            log_detail={"base": dict(cp.base)},
        )

    def _typed(self) -> dict[str, Canonical]:
        """The values typed for fields, checked against both apps' schemas (as canonical)."""
        out: dict[str, Canonical] = {}
        mt = self.mt
        for name, text in self.typed.items():
            try:
                f = mt.mapping.field(name)
            except KeyError:
                raise UsageError(f"mapping {mt.mapping.name} has no field {name!r}") from None
            if f.lookup:
                raise UsageError(f"field {name!r} names a record; choose a side for it")
            value = canonical(text, mt.left.read_kinds[f.left])
            for side in SIDES:
                if not f.flows(side):
                    continue
                _refuse_unwritable(mt.side(side), {f.column(side): value})
            out[name] = value
        return out


def _refuse_unwritable(table: SideTable, values: dict[str, Canonical]) -> None:
    """A :class:`UsageError` if the app's schema refuses these values (nothing written)."""
    with table.app.read_engine.connect() as conn:
        try:
            db = table.db_values(values, conn)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    problem = table.refusal(db)
    if problem is not None:
        raise UsageError(f"{problem}: nothing written")


# -- coupling by hand ---------------------------------------------------------------------


def couple(integration: Integration, mapping: str, left_key: str, right_key: str) -> None:
    """Couple two records; the next sync copies the ``couple_prefer`` side's values."""
    with integration.state.job_lock():
        couple_now(integration, mapping, left_key, right_key, user=current_user(), logged=True)


def couple_now(
    integration: Integration,
    mapping: str,
    left_key: str,
    right_key: str,
    *,
    user: str,
    logged: bool = False,
) -> None:
    """:func:`couple`, for a caller that holds the job lock (an undo logs it itself)."""
    mt = integration.mapping_tables(mapping)
    m = mt.mapping
    rows = {}
    left_key = mt.side("left").typed_key(left_key)
    right_key = mt.side("right").typed_key(right_key)
    pairs: tuple[tuple[Side, str], ...] = (("left", left_key), ("right", right_key))
    for side, key in pairs:
        table = mt.side(side)
        with table.app.read_engine.connect() as conn:
            row = table.fetch_key(conn, key)
        if row is None:
            raise UsageError(f"{table.title} has no {m.name} record {key}")
        rows[side] = row
    # each key as the app's record has it (a REAL key typed 2 is the record 2.0)
    left_key, right_key = rows["left"].key, rows["right"].key
    pairs = (("left", left_key), ("right", right_key))
    lookups = Lookups(integration, mt)
    lookups.prepare([rows["left"]], [rows["right"]])
    lv, rv = lookups.values("left", rows["left"]), lookups.values("right", rows["right"])
    if isinstance(lv, Unresolved) or isinstance(rv, Unresolved):
        bad = lv if isinstance(lv, Unresolved) else rv
        assert isinstance(bad, Unresolved)
        raise UsageError(bad.message({x: mt.side(x).title for x in SIDES}))
    with integration.state.write() as s:
        for side, key in pairs:
            col = Coupling.left_key if side == "left" else Coupling.right_key
            existing = s.scalars(
                select(Coupling).where(Coupling.mapping == m.name, col == key)
            ).first()
            if existing is not None:
                if existing.left_key == left_key and existing.right_key == right_key:
                    raise UsageError(f"{m.name} {left_key} and {right_key} are already coupled")
                partner = existing.right_key if side == "left" else existing.left_key
                raise UsageError(
                    f"{mt.side(side).title} {m.name} {key} is already coupled "
                    f"to {partner}; uncouple it first"
                )
        now = now_utc()
        s.add(
            Coupling(
                mapping=m.name,
                left_key=left_key,
                right_key=right_key,
                base=couple_base(m, lv, rv),
                coupled_at=now,
            )
        )
        for side, key in (("left", left_key), ("right", right_key)):
            for x in s.scalars(
                select(Exclusion).where(
                    Exclusion.mapping == m.name, Exclusion.side == side, Exclusion.key == key
                )
            ):
                s.delete(x)
        forget_uncoupled(s, m.name, [("left", left_key), ("right", right_key)])
        if logged:
            log(
                s,
                mapping=m.name,
                action="couple",
                result="ok",
                left_key=left_key,
                right_key=right_key,
                job_id=None,
                user=user,
                message=f"coupled by {user}; the next sync copies {m.couple_prefer} values",
            )


def uncouple(integration: Integration, mapping: str, left_key: str, right_key: str) -> None:
    """Uncouple two records and exclude both, so neither is re-created by the next job."""
    m = integration.workspace.mapping(mapping)
    mt = integration.mapping_tables(m.name)
    left_key = mt.side("left").typed_key(left_key)
    right_key = mt.side("right").typed_key(right_key)
    user = current_user()
    with integration.state.job_lock(), integration.state.write() as s:
        cp = s.scalars(
            select(Coupling).where(
                Coupling.mapping == m.name,
                Coupling.left_key == left_key,
                Coupling.right_key == right_key,
            )
        ).first()
        if cp is None:
            raise UsageError(f"{m.name} {left_key} and {right_key} are not coupled")
        s.delete(cp)
        now = now_utc()
        for side, key in (("left", left_key), ("right", right_key)):
            s.add(Exclusion(mapping=m.name, side=side, key=key, at=now))
        for e in s.scalars(
            select(SyncError).where(
                SyncError.mapping == m.name,
                SyncError.status == "open",
                SyncError.left_key == left_key,
                SyncError.right_key == right_key,
            )
        ):
            resolve_error(s, e, "uncouple", None, f"uncoupled by {user}")
        log(
            s,
            mapping=m.name,
            action="uncouple",
            result="ok",
            left_key=left_key,
            right_key=right_key,
            job_id=None,
            user=user,
            message=f"uncoupled by {user}; both records excluded until coupled again",
        )
