"""Undo: take back what one record log entry wrote (``syncdesk undo``, Undo in the log panel).

Every entry SyncDesk wrote can be undone: a job's copy or merge, an insert, a deletion,
and every action (a choice, a restore, Delete Records, Remove Coupling, a fix, an undo).

- A **write** (a copy, a choice, a fix): the entry's before values go back to the app it
  changed, compare-and-set on its after values. If the app changed those fields since,
  nothing is written and the pair becomes a conflict that says why. The coupling's base
  for those fields goes back to what it was before the entry: the state is as it was, so
  the next job does what it would have done (a choice undone is a conflict again).
- An **insert** (or a restore): the inserted record is deleted (compare-and-set on what was
  inserted) and the pair uncoupled; the record it was made from is excluded, so the next
  job does not create it again. A restore undone is a deletion again.
- A **deletion** (Delete Records, or the ``delete`` policy): the record is made again from
  the values the entry kept, and coupled again.
- **Remove Coupling**, an uncoupling by hand: coupled again. A coupling: uncoupled.

An undo writes its own record log entry (action ``undo``), which can itself be undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from syncdesk.errors import UsageError
from syncdesk.models import Coupling, Exclusion, Job, LogEntry
from syncdesk.sync.apply import execute
from syncdesk.sync.endpoint import Row, now_utc
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.journal import current_user, log, record_error
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import Op, Outcome, Plan
from syncdesk.sync.recovery import recover
from syncdesk.sync.values import Canonical, show
from syncdesk.workspace import SIDES, Side, other

WRITES = ("modify", "resolve", "edit", "undo")
INSERTS = ("insert", "restore")
DELETES = ("delete",)
COUPLINGS = ("remove-coupling", "uncouple", "couple")


@dataclass(frozen=True)
class UndoResult:
    """What an undo did: ``done`` (written), or why not (a conflict now, in ``message``)."""

    log_id: int
    done: bool
    message: str
    job: int | None = None
    conflict: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "log_id": self.log_id,
            "done": self.done,
            "conflict": self.conflict,
            "job": self.job,
            "message": self.message,
        }


def undoable(entry: LogEntry) -> str | None:
    """Why this entry cannot be undone (None: it can)."""
    if entry.result != "ok":
        return f"log entry {entry.id} wrote nothing ({entry.result}): there is nothing to undo"
    known = WRITES + INSERTS + DELETES + COUPLINGS
    if entry.action not in known:
        return f"log entry {entry.id} ({entry.action}) wrote nothing that can be taken back"
    if entry.action in WRITES + INSERTS + DELETES and (
        entry.direction not in ("to-left", "to-right") or not entry.changes
    ):
        return f"log entry {entry.id} does not keep the values an undo needs"
    return None


@dataclass(frozen=True)
class UndoCheck:
    """Whether a record log entry can be undone, and what the undo would do (for asking)."""

    log_id: int
    #: ``write`` (its before values back), ``insert`` (the record deleted again),
    #: ``delete`` (the record made again), ``couple`` (uncoupled), ``uncouple`` (coupled
    #: again); None where it cannot be undone
    kind: str | None
    #: the app the undo writes to (the one the entry changed), for write, insert and delete
    side: Side | None = None
    #: why it cannot be undone (None: it can)
    reason: str | None = None
    #: an insert that was Restore Records: undone, the pair is a deletion again
    restore: bool = False


def undo_checks(integration: Integration, log_ids: Sequence[int]) -> dict[int, UndoCheck]:
    """For each of these record log entries: can it be undone now, and what would it do.

    The same checks :func:`undo` makes before it writes (the entry kept what an undo needs,
    it was not undone already, its mapping is still in the workspace); the app is asked
    only when the undo runs.
    """
    ids = list(dict.fromkeys(log_ids))
    if not ids:
        return {}
    out: dict[int, UndoCheck] = {}
    with integration.state.read() as s:
        entries = list(s.scalars(select(LogEntry).where(LogEntry.id.in_(ids))))
        mappings = {e.mapping for e in entries}
        undone: dict[int, int] = {}
        for row in s.execute(
            select(LogEntry.id, LogEntry.detail).where(
                LogEntry.mapping.in_(mappings), LogEntry.action == "undo", LogEntry.id > min(ids)
            )
        ):
            target = (row.detail or {}).get("undoes")
            if isinstance(target, int) and target not in undone:
                undone[target] = row.id
        for e in entries:
            why = undoable(e)
            if why is None and e.id in undone:
                why = f"log entry {e.id} was undone already (log entry {undone[e.id]})"
            if why is None and e.mapping not in integration.tables:
                why = (
                    f"log entry {e.id} belongs to mapping {e.mapping}, which the workspace "
                    "no longer has"
                )
            if why is not None:
                out[e.id] = UndoCheck(e.id, None, reason=why)
                continue
            kind = _kind(e)
            side: Side | None = None
            if kind in ("write", "insert", "delete"):
                side = "left" if e.direction == "to-left" else "right"
            out[e.id] = UndoCheck(e.id, kind, side, restore=e.action == "restore")
    return out


def undo(
    integration: Integration,
    log_id: int,
    *,
    reason: str | None = None,
    lock_wait: float | None = None,
) -> UndoResult:
    """Take back record log entry ``log_id``; see the module docstring."""
    with integration.state.job_lock(lock_wait):
        recover(integration)
        with integration.state.read() as s:
            entry = s.get(LogEntry, log_id)
            if entry is None:
                raise UsageError(f"there is no record log entry {log_id}")
            why = undoable(entry)
            if why is not None:
                raise UsageError(why)
            if entry.mapping not in integration.tables:
                raise UsageError(
                    f"log entry {log_id} belongs to mapping {entry.mapping}, which the workspace "
                    "no longer has"
                )
            undone = [
                row.id
                for row in s.execute(
                    select(LogEntry.id, LogEntry.detail).where(
                        LogEntry.mapping == entry.mapping,
                        LogEntry.action == "undo",
                        LogEntry.id > log_id,
                    )
                )
                if (row.detail or {}).get("undoes") == log_id
            ]
            if undone:
                raise UsageError(f"log entry {log_id} was undone already (log entry {undone[0]})")
            s.expunge(entry)
        return _Undo(integration, integration.tables[entry.mapping], entry, reason).run()


class _Undo:
    def __init__(
        self, integration: Integration, mt: MappingTables, entry: LogEntry, reason: str | None
    ) -> None:
        self.integration = integration
        self.mt = mt
        self.entry = entry
        self.user = current_user()
        self.note = f"undo of log entry {entry.id} by {self.user}" + (
            f" ({reason})" if reason else ""
        )
        self.titles = {s: mt.side(s).title for s in SIDES}

    # -- the job that records it ---------------------------------------------------------

    def run(self) -> UndoResult:
        with self.integration.state.write() as s:
            job = Job(
                mapping=self.mt.mapping.name,
                trigger="action",
                status="running",
                full=False,
                started=now_utc(),
                user=self.user,
                message="undo",
            )
            s.add(job)
            s.flush()
            self.job_id = job.id
        counts = Outcome()
        try:
            result, counts = self._undo()
        finally:
            with self.integration.state.write() as s:
                s.execute(
                    update(Job)
                    .where(Job.id == self.job_id)
                    .values(
                        status="succeeded",
                        finished=now_utc(),
                        inserted=counts.inserted,
                        modified=counts.modified,
                        deleted=counts.deleted,
                        failed=counts.failed,
                    )
                )
        return result

    def _undo(self) -> tuple[UndoResult, Outcome]:
        kind = _kind(self.entry)
        if kind == "write":
            return self._write()
        if kind == "insert":
            return self._insert()
        if kind == "delete":
            return self._delete()
        return self._coupling(kind), Outcome()

    # -- helpers ---------------------------------------------------------------------------

    def _side(self) -> Side:
        return "left" if self.entry.direction == "to-left" else "right"

    def _pair(self) -> Coupling | None:
        e = self.entry
        conds = [Coupling.mapping == self.mt.mapping.name]
        keys = [(Coupling.left_key, e.left_key), (Coupling.right_key, e.right_key)]
        conds += [col == key for col, key in keys if key is not None]
        with self.integration.state.read() as s:
            found = s.scalars(select(Coupling).where(*conds)).first()
            if found is not None:
                s.expunge(found)
            return found

    def _row(self, side: Side, key: str | None) -> Row | None:
        if key is None:
            return None
        table = self.mt.side(side)
        with table.app.read_engine.connect() as conn:
            return table.fetch(conn, [key]).get(key)

    def _values(self, side: Side, row: Row) -> dict[str, Canonical]:
        lookups = Lookups(self.integration, self.mt)
        lookups.prepare([row] if side == "left" else [], [row] if side == "right" else [])
        values = lookups.values(side, row)
        if isinstance(values, Unresolved):
            raise UsageError(values.message(self.titles))
        return values

    def _execute(self, plans: list[Plan], notes: list[Any] | None = None) -> Outcome:
        for plan in plans:
            plan.user = self.user
            plan.note = self.note
            plan.log_action = "undo"
            plan.log_detail = {"undoes": self.entry.id, **(plan.log_detail or {})}
        lookups = Lookups(self.integration, self.mt)
        lookups.prepare(
            [op.row for p in plans for op in p.ops if op.row and op.side == "left"],
            [op.row for p in plans for op in p.ops if op.row and op.side == "right"],
        )

        def finish(s: Any, out: Outcome) -> None:
            for note in notes or []:
                note(s)

        return execute(self.integration, self.mt, lookups, plans, self.job_id, finish=finish)

    def _changed_since(self, side: Side, row: Row | None, after: dict[str, Canonical]) -> list[str]:
        """The fields the app holds other values in than the entry wrote (all: gone)."""
        if row is None:
            return list(after)
        now = self._values(side, row)
        return [f for f, v in after.items() if now.get(f) != v]

    def _conflict(self, pair: Coupling | None, fields: list[str], side: Side) -> UndoResult:
        """Nothing written: the app changed the record since; the pair is a conflict now."""
        app = self.titles[side]
        message = (
            f"undo of log entry {self.entry.id}: {app} changed "
            f"{', '.join(fields)} since; nothing was written, choose a version"
        )
        lk = pair.left_key if pair is not None else self.entry.left_key
        rk = pair.right_key if pair is not None else self.entry.right_key
        detail: dict[str, Any] = {}
        if pair is not None:
            lrow, rrow = self._row("left", lk), self._row("right", rk)
            if lrow is not None and rrow is not None:
                lv, rv = self._values("left", lrow), self._values("right", rrow)
                detail = {
                    "fields": fields,
                    "base": {f: pair.base.get(f) for f in fields},
                    "left": {f: lv.get(f) for f in fields},
                    "right": {f: rv.get(f) for f in fields},
                }
        mapping, job = self.mt.mapping.name, self.job_id
        with self.integration.state.write() as s:
            record_error(
                s,
                mapping=mapping,
                kind="conflict",
                left_key=lk,
                right_key=rk,
                message=message,
                job_id=job,
                detail=detail,
            )
            log(
                s,
                mapping=mapping,
                action="undo",
                result="skipped",
                left_key=lk,
                right_key=rk,
                job_id=job,
                message=message,
                user=self.user,
            )
        return UndoResult(self.entry.id, False, message, job, conflict=True)

    # -- the kinds of entry ---------------------------------------------------------------

    def _write(self) -> tuple[UndoResult, Outcome]:
        side = self._side()
        changes = {f: (v[0], v[1]) for f, v in self.entry.changes.items()}
        pair = self._pair()
        key = self.entry.left_key if side == "left" else self.entry.right_key
        if pair is not None:
            key = pair.left_key if side == "left" else pair.right_key
        row = self._row(side, key)
        changed = self._changed_since(side, row, {f: after for f, (_b, after) in changes.items()})
        if changed or row is None:
            return self._conflict(pair, changed, side), Outcome()
        before = {f: b for f, (b, _a) in changes.items()}
        # the base goes back too: as kept by a choice, else what the app held before
        kept = (self.entry.detail or {}).get("base") or {}
        base = None
        undo_base: dict[str, Canonical] = {}
        if pair is not None:
            base = dict(pair.base)
            for f in changes:
                undo_base[f] = base.get(f)
                base[f] = kept.get(f, before[f])
        op = Op(
            "update",
            side,
            values=before,
            changes={f: (after, b) for f, (b, after) in changes.items()},
            row=row,
        )
        plan = Plan(
            "modify",
            pair.left_key if pair else self.entry.left_key,
            pair.right_key if pair else self.entry.right_key,
            [op],
            base=base,
            coupling_id=pair.id if pair else None,
            seen={},
            log_detail={"base": undo_base} if undo_base else None,
        )
        out = self._execute([plan])
        if op.status != "ok":
            return UndoResult(self.entry.id, False, op.message or op.status, self.job_id), out
        shown = "; ".join(f"{f}: {show(b)}" for f, b in before.items())
        return (
            UndoResult(
                self.entry.id,
                True,
                f"{self.titles[side]} holds what it held before again ({shown})",
                self.job_id,
            ),
            out,
        )

    def _insert(self) -> tuple[UndoResult, Outcome]:
        side = self._side()
        pair = self._pair()
        key = self.entry.left_key if side == "left" else self.entry.right_key
        if pair is not None:
            key = pair.left_key if side == "left" else pair.right_key
        row = self._row(side, key)
        after = {f: v[1] for f, v in self.entry.changes.items()}
        changed = self._changed_since(side, row, after)
        if row is None:
            raise UsageError(
                f"the record log entry {self.entry.id} inserted is gone from "
                f"{self.titles[side]} already"
            )
        if changed:
            return self._conflict(pair, changed, side), Outcome()
        values = self._values(side, row)
        op = Op(
            "delete",
            side,
            row=row,
            changes={f: (v, None) for f, v in values.items() if v is not None},
        )
        source = other(side)
        source_key = self.entry.left_key if source == "left" else self.entry.right_key
        if pair is not None:
            source_key = pair.left_key if source == "left" else pair.right_key
        restored = self.entry.action == "restore"
        plan = Plan(
            "modify" if restored else "delete",
            pair.left_key if pair else self.entry.left_key,
            pair.right_key if pair else self.entry.right_key,
            [op],
            coupling_id=None if restored else (pair.id if pair else None),
        )
        notes: list[Any] = []
        mapping = self.mt.mapping.name
        if restored and pair is not None:
            # back to a deletion: the pair waits for a person again
            cid, gone = pair.id, "left_gone" if side == "left" else "right_gone"
            lk, rk, job = pair.left_key, pair.right_key, self.job_id
            message = f"{mapping} {key} was deleted in {self.titles[side]}"

            def deleted(s: Any) -> None:
                s.execute(update(Coupling).where(Coupling.id == cid).values({gone: True}))
                record_error(
                    s,
                    mapping=mapping,
                    kind=f"deleted-{side}",
                    left_key=lk,
                    right_key=rk,
                    message=message,
                    job_id=job,
                )

            notes.append(deleted)
        elif source_key is not None:
            # the record it was made from stays out of the sync: not created again
            src, skey = source, source_key

            def exclude(s: Any) -> None:
                found = s.scalar(
                    select(Exclusion.id).where(
                        Exclusion.mapping == mapping, Exclusion.side == src, Exclusion.key == skey
                    )
                )
                if found is None:
                    s.add(Exclusion(mapping=mapping, side=src, key=skey, at=now_utc()))

            notes.append(exclude)
        out = self._execute([plan], notes)
        if op.status != "ok":
            return UndoResult(self.entry.id, False, op.message or op.status, self.job_id), out
        tail = (
            "the pair waits for a person again"
            if restored
            else f"{self.titles[source]}'s record is excluded from the sync"
        )
        return (
            UndoResult(
                self.entry.id,
                True,
                f"the record was deleted in {self.titles[side]} again; {tail}",
                self.job_id,
            ),
            out,
        )

    def _delete(self) -> tuple[UndoResult, Outcome]:
        side = self._side()
        values = {f: v[0] for f, v in self.entry.changes.items()}
        keep = other(side)
        keep_key = self.entry.left_key if keep == "left" else self.entry.right_key
        if keep_key is None:
            raise UsageError(f"log entry {self.entry.id} names no record to couple it to")
        # Delete Records followed a deletion in the other app: undone, the pair is that
        # deletion again (coupled to the record gone there, waiting for a person)
        kept_gone = self._row(keep, keep_key) is None
        with self.integration.state.read() as s:
            col = Coupling.left_key if keep == "left" else Coupling.right_key
            taken = s.scalar(
                select(Coupling.id).where(Coupling.mapping == self.mt.mapping.name, col == keep_key)
            )
        if taken is not None:
            raise UsageError(
                f"{self.titles[keep]} {self.mt.mapping.name} {keep_key} is coupled again already"
            )
        out_values = {f.left: values.get(f.left) for f in self.mt.mapping.fields if f.flows(side)}
        op = Op(
            "insert",
            side,
            values=out_values,
            changes={k: (None, v) for k, v in out_values.items() if v is not None},
            key=self.mt.side(side).new_key(),
        )
        base = {f.left: values.get(f.left) for f in self.mt.mapping.fields}
        plan = Plan(
            "insert",
            keep_key if keep == "left" else None,
            keep_key if keep == "right" else None,
            [op],
            base=base,
        )
        mapping, kside, kkey, job = self.mt.mapping.name, keep, keep_key, self.job_id
        gone_col = Coupling.left_key if keep == "left" else Coupling.right_key
        title = self.titles[keep]

        def include(s: Any) -> None:
            # an insert undone had excluded the record it was made from: no longer
            s.execute(
                delete(Exclusion).where(
                    Exclusion.mapping == mapping, Exclusion.side == kside, Exclusion.key == kkey
                )
            )
            if kept_gone:
                cp = s.scalars(
                    select(Coupling).where(Coupling.mapping == mapping, gone_col == kkey)
                ).first()
                if cp is not None:
                    setattr(cp, f"{kside}_gone", True)
                    record_error(
                        s,
                        mapping=mapping,
                        kind=f"deleted-{kside}",
                        left_key=cp.left_key,
                        right_key=cp.right_key,
                        message=f"{mapping} {kkey} was deleted in {title}",
                        job_id=job,
                    )

        out = self._execute([plan], [include])
        if op.status != "ok":
            return UndoResult(self.entry.id, False, op.message or op.status, self.job_id), out
        return (
            UndoResult(
                self.entry.id,
                True,
                f"the record was made again in {self.titles[side]} ({op.new_key}) and coupled",
                self.job_id,
            ),
            out,
        )

    def _coupling(self, kind: str) -> UndoResult:
        e = self.entry
        mapping = self.mt.mapping.name
        if e.left_key is None or e.right_key is None:
            raise UsageError(f"log entry {e.id} does not name both records")
        if kind == "couple":
            with self.integration.state.write() as s:
                pair = s.scalar(
                    select(Coupling.id).where(
                        Coupling.mapping == mapping,
                        Coupling.left_key == e.left_key,
                        Coupling.right_key == e.right_key,
                    )
                )
                if pair is None:
                    raise UsageError(f"{mapping} {e.left_key} and {e.right_key} are not coupled")
                s.execute(delete(Coupling).where(Coupling.id == pair))
                log(
                    s,
                    mapping=mapping,
                    action="undo",
                    result="ok",
                    left_key=e.left_key,
                    right_key=e.right_key,
                    job_id=self.job_id,
                    message=self.note + "; uncoupled",
                    user=self.user,
                    detail={"undoes": e.id, "undid": "couple"},
                )
            return UndoResult(e.id, True, "uncoupled", self.job_id)
        # Remove Coupling, an uncoupling by hand: couple again
        from syncdesk.sync.actions import couple_now

        couple_now(self.integration, mapping, e.left_key, e.right_key, user=self.user)
        undid = "uncouple"
        with self.integration.state.write() as s:
            log(
                s,
                mapping=mapping,
                action="undo",
                result="ok",
                left_key=e.left_key,
                right_key=e.right_key,
                job_id=self.job_id,
                message=self.note + "; coupled again",
                user=self.user,
                detail={"undoes": e.id, "undid": undid},
            )
        return UndoResult(e.id, True, "coupled again", self.job_id)


def _kind(entry: LogEntry) -> str:
    """What undoing ``entry`` means: write back, delete an insert, re-make a deletion, or
    (un)couple. An undo entry is undone by what it did."""
    action = entry.action
    if action == "undo":
        undid = (entry.detail or {}).get("undid")
        if undid == "couple":
            return "uncouple"  # it uncoupled: couple again
        if undid in ("remove-coupling", "uncouple"):
            return "couple"  # it coupled again: uncouple
        changes = list((entry.changes or {}).values())
        if changes and all(after is None for _before, after in changes):
            return "delete"  # it deleted (an insert undone): make it again
        if changes and all(before is None for before, _after in changes):
            return "insert"  # it made a record again: delete it
        return "write"
    if action in WRITES:
        return "write"
    if action in INSERTS:
        return "insert"
    if action in DELETES:
        return "delete"
    return "couple" if action == "couple" else "uncouple"


__all__ = ["UndoCheck", "UndoResult", "undo", "undo_checks", "undoable"]
