"""Writing a batch of planned changes to both apps so that no change is lost or made twice.

The state database and the two apps share no transaction, so every batch goes:

1. **journal**: the record log entries are written first, with ``result = "pending"``
   and enough detail to tell later whether the write happened; committed.
2. **apps**: one transaction per app (SQLite: ``BEGIN IMMEDIATE``); every update and
   delete is a compare-and-set against the values read, so a change the app made in
   between is never overwritten; each record in its own savepoint, so a refusal
   fails that record only.
3. **state**: couplings, bases, sync errors and the log entries' results; committed.

A process killed anywhere leaves pending entries; :func:`recover` (run under the job
lock before the next job) checks each against the app and finishes or forgets it.
An update that landed moves the coupling's base on for the fields it wrote, so a
later change at the source reads as a one-sided change, not as a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UnavailableError
from syncdesk.models import Coupling, Exclusion, Job, LogEntry, SyncError
from syncdesk.models.store import describe_db_error
from syncdesk.sync import faults
from syncdesk.sync.endpoint import Row, SideTable, is_passing_fault, now_utc
from syncdesk.sync.journal import record_error, resolve_error
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import Merge
from syncdesk.sync.values import Canonical
from syncdesk.workspace import SIDES, Side

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables


class PassingFault(Exception):
    """An app was locked, busy or unreachable: the job stops, the next one retries."""


@dataclass
class Op:
    """One write to one app."""

    kind: str  # update | insert | delete
    side: Side  # the app written
    values: dict[str, Canonical] = field(default_factory=dict)  # by left field
    changes: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)
    row: Row | None = None  # update/delete: the record as read
    key: str | None = None  # insert: a key made by us, else None
    # filled in while running
    status: str = ""  # ok | failed | stale
    message: str = ""
    new_key: str | None = None
    stamp: str | None = None  # the record's 'modified' value right after the write
    log_id: int | None = None
    db_values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """What one pair (or one new record) needs written, and what follows in the state."""

    action: str  # modify | insert | restore | delete | resolve
    left_key: str | None
    right_key: str | None
    ops: list[Op]
    base: dict[str, Canonical] | None = None
    coupling_id: int | None = None
    error_id: int | None = None
    resolution: str = "synced"
    exclude: bool = False
    user: str | None = None
    note: str = ""
    # each app's 'modified' stamp as read; a written side takes its stamp after the write
    seen: dict[str, str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(op.status == "ok" for op in self.ops)

    @property
    def failed(self) -> Op | None:
        return next((op for op in self.ops if op.status == "failed"), None)


def update_ops(result: Merge, left: Row, right: Row) -> list[Op]:
    """The compare-and-set updates a merge needs: the right app first, then the left."""
    ops = []
    if result.to_right:
        ops.append(
            Op("update", "right", values=result.to_right, changes=result.changes_right, row=right)
        )
    if result.to_left:
        ops.append(
            Op("update", "left", values=result.to_left, changes=result.changes_left, row=left)
        )
    return ops


@dataclass
class Outcome:
    inserted: int = 0
    modified: int = 0
    deleted: int = 0
    failed: int = 0
    stale: int = 0


def _prepare_values(mt: MappingTables, lookups: Lookups, op: Op) -> None:
    values = lookups.to_side(op.side, op.values)
    if isinstance(values, Unresolved):
        op.status = "failed"
        op.message = values.message({s: mt.side(s).title for s in SIDES})
        return
    try:
        op.db_values = mt.side(op.side).db_values(values)
    except ValueError as exc:
        op.status = "failed"
        op.message = str(exc)


def _detail(plan: Plan, op: Op, table: SideTable, max_key: int | None) -> dict[str, Any]:
    return {
        "op": op.kind,
        "side": op.side,
        "action": plan.action,
        "values": op.values,
        "key": op.key,
        "after_key": max_key,
        "base": plan.base,
        "coupling": plan.coupling_id,
        "error": plan.error_id,
        "exclude": plan.exclude,
        "target_key": op.row.key if op.row else None,
    }


def execute(
    integration: Integration,
    mt: MappingTables,
    lookups: Lookups,
    plans: Sequence[Plan],
    job_id: int | None,
    *,
    finish: Callable[[Session, Outcome], None] | None = None,
) -> Outcome:
    """Run a batch of plans through journal, apps and state. See the module docstring."""
    mapping = mt.mapping.name
    ops = [(p, op) for p in plans for op in p.ops]
    for _plan, op in ops:
        _prepare_values(mt, lookups, op)
    # 1. journal
    max_keys: dict[Side, int | None] = {}
    for side in SIDES:
        if any(op.kind == "insert" and op.side == side and not op.status for _p, op in ops):
            table = mt.side(side)
            with table.app.read_engine.connect() as conn:
                max_keys[side] = table.max_key(conn)
    pending = [(p, op) for p, op in ops if not op.status]
    now = now_utc()
    if pending:
        rows = [
            {
                "at": now,
                "job_id": job_id,
                "mapping": mapping,
                "left_key": p.left_key,
                "right_key": p.right_key,
                "action": p.action,
                "direction": f"to-{op.side}",
                "result": "pending",
                "message": "",
                "changes": {k: list(v) for k, v in op.changes.items()},
                "detail": _detail(p, op, mt.side(op.side), max_keys.get(op.side)),
                "user": p.user,
            }
            for p, op in pending
        ]
        log = cast(Table, LogEntry.__table__)
        with integration.state.write() as s:
            conn = s.connection()
            # one executemany (RETURNING many rows in order costs a statement per row on
            # SQLite); this job's only pending entries are this batch's, in insert order
            conn.execute(insert(log), rows)
            ids = list(
                conn.execute(
                    select(log.c.id)
                    .where(log.c.job_id == job_id, log.c.result == "pending")
                    .order_by(log.c.id)
                ).scalars()
            )
        for (_p, op), log_id in zip(pending, ids, strict=True):
            op.log_id = log_id
    faults.point("after-journal")
    # 2. apps: the right first, then the left
    for side in ("right", "left"):
        side_ops = [op for _p, op in pending if op.side == side]
        if side_ops:
            _write_side(mt.side("right" if side == "right" else "left"), side_ops)
            faults.point("after-app-write")
    # 3. state
    out = Outcome()
    for _p, op in ops:
        if op.status == "ok":
            if op.kind == "insert":
                out.inserted += 1
            elif op.kind == "update":
                out.modified += 1
            else:
                out.deleted += 1
        elif op.status == "failed":
            out.failed += 1
        elif op.status == "stale":
            out.stale += 1
    with integration.state.write() as s:
        batch = StateBatch(mapping, job_id)
        for plan in plans:
            _finalize(s, batch, mt, plan, job_id)
        batch.flush(s)
        if finish is not None:
            finish(s, out)
    faults.point("after-state-commit")
    return out


def _write_side(table: SideTable, ops: list[Op]) -> None:
    """One transaction on one app; a refusal fails its record only."""
    try:
        with table.app.write_engine.connect() as conn, conn.begin():
            inserts = [op for op in ops if op.kind == "insert"]
            if len(inserts) > 1 and _insert_all(conn, table, inserts):
                rest = [op for op in ops if op.kind != "insert"]
            else:
                rest = ops
            for op in rest:
                _write_one(conn, table, op)
            # read in the same transaction, so no other write can slip in between
            written = {
                (op.new_key if op.kind == "insert" else op.row.key if op.row else None): op
                for op in ops
                if op.status == "ok" and op.kind != "delete"
            }
            written.pop(None, None)
            for key, stamp in table.stamps(conn, [k for k in written if k]).items():
                written[key].stamp = stamp
    except DBAPIError as exc:
        for op in ops:
            op.status = ""
        if is_passing_fault(exc):
            raise PassingFault(f"{table.app.what}: {describe_db_error(exc)}") from None
        raise UnavailableError(f"{table.app.what}: {describe_db_error(exc)}") from None


def _insert_all(conn: Connection, table: SideTable, ops: list[Op]) -> bool:
    """All inserts in one statement; False (and nothing written) when one is refused."""
    try:
        with conn.begin_nested():
            keys = table.insert(conn, [(op.key, op.db_values) for op in ops])
    except DBAPIError as exc:
        if is_passing_fault(exc):
            raise
        return False
    for op, key in zip(ops, keys, strict=True):
        op.status = "ok"
        op.new_key = key
    return True


def _write_one(conn: Connection, table: SideTable, op: Op) -> None:
    try:
        with conn.begin_nested():
            if op.kind == "insert":
                op.new_key = table.insert(conn, [(op.key, op.db_values)])[0]
                op.status = "ok"
            elif op.kind == "update":
                assert op.row is not None
                if table.update_if_unchanged(conn, op.row, op.db_values):
                    op.status = "ok"
                else:
                    op.status = "stale"
                    op.message = f"changed in {table.title} meanwhile; picked up next time"
            else:
                assert op.row is not None
                if table.delete_if_unchanged(conn, op.row):
                    op.status = "ok"
                else:
                    op.status = "stale"
                    op.message = f"changed in {table.title} meanwhile; not deleted"
    except DBAPIError as exc:
        if is_passing_fault(exc):
            raise
        op.status = "failed"
        op.message = f"{table.title} refused the write: {describe_db_error(exc)}"
    except (SQLAlchemyError, ValueError) as exc:
        op.status = "failed"
        op.message = f"{table.title} refused the write: {exc}"


class StateBatch:
    """The state changes of a batch, written with a few bulk statements."""

    def __init__(self, mapping: str, job_id: int | None) -> None:
        self.mapping = mapping
        self.job_id = job_id
        self.log_updates: list[dict[str, Any]] = []
        self.new_couplings: list[dict[str, Any]] = []
        self.bases: list[dict[str, Any]] = []
        self.rekeys: list[dict[str, Any]] = []
        self.uncouple: list[int] = []
        self.exclude: list[tuple[str, str]] = []
        self.unexclude: list[tuple[str, str]] = []
        self.resolve: list[tuple[int, str]] = []

    def flush(self, s: Session) -> None:
        """Core executemany statements: the ORM's bulk paths cost more than SQLite's work."""
        now = now_utc()
        conn = s.connection()
        log, cp = cast(Table, LogEntry.__table__), cast(Table, Coupling.__table__)
        if self.log_updates:
            conn.execute(
                update(log)
                .where(log.c.id == bindparam("_id"))
                .values(
                    result=bindparam("_result"),
                    message=bindparam("_message"),
                    detail=None,
                    left_key=bindparam("_left_key"),
                    right_key=bindparam("_right_key"),
                ),
                [{f"_{k}": v for k, v in u.items()} for u in self.log_updates],
            )
        if self.unexclude:
            for side, key in self.unexclude:
                s.execute(
                    delete(Exclusion).where(
                        Exclusion.mapping == self.mapping,
                        Exclusion.side == side,
                        Exclusion.key == key,
                    )
                )
        if self.uncouple:
            s.execute(delete(Coupling).where(Coupling.id.in_(self.uncouple)))
        if self.rekeys:
            conn.execute(
                update(cp)
                .where(cp.c.id == bindparam("_id"))
                .values(
                    left_key=bindparam("_left_key"),
                    right_key=bindparam("_right_key"),
                    base=bindparam("_base"),
                    left_seen=bindparam("_left_seen"),
                    right_seen=bindparam("_right_seen"),
                    synced_at=now,
                ),
                [{f"_{k}": v for k, v in r.items()} for r in self.rekeys],
            )
        if self.new_couplings:
            conn.execute(
                insert(cp),
                [
                    {**c, "mapping": self.mapping, "coupled_at": now, "synced_at": now}
                    for c in self.new_couplings
                ],
            )
        if self.bases:
            conn.execute(
                update(cp)
                .where(cp.c.id == bindparam("_id"))
                .values(
                    base=bindparam("_base"),
                    left_seen=bindparam("_left_seen"),
                    right_seen=bindparam("_right_seen"),
                    synced_at=now,
                ),
                [{f"_{k}": v for k, v in b.items()} for b in self.bases],
            )
        for side, key in self.exclude:
            if (
                s.scalar(
                    select(Exclusion.id).where(
                        Exclusion.mapping == self.mapping,
                        Exclusion.side == side,
                        Exclusion.key == key,
                    )
                )
                is None
            ):
                s.add(Exclusion(mapping=self.mapping, side=side, key=key, at=now))
        for error_id, resolution in self.resolve:
            err = s.get(SyncError, error_id)
            if err is not None and err.status == "open":
                resolve_error(s, err, resolution, self.job_id)


def _finalize(
    s: Session, batch: StateBatch, mt: MappingTables, plan: Plan, job_id: int | None
) -> None:
    """State changes that follow a plan's writes."""
    mapping = mt.mapping.name
    now = now_utc()
    for op in plan.ops:
        if op.log_id is None:
            if op.status == "failed":
                # refused before any write (a value that does not fit, a missing parent)
                s.add(
                    LogEntry(
                        at=now,
                        job_id=job_id,
                        mapping=mapping,
                        left_key=plan.left_key,
                        right_key=plan.right_key,
                        action=plan.action,
                        direction=f"to-{op.side}",
                        result="error",
                        message=op.message,
                        user=plan.user,
                        changes={k: list(v) for k, v in op.changes.items()},
                    )
                )
            continue
        if op.kind == "insert" and op.status == "ok":
            if op.side == "left":
                plan.left_key = op.new_key
            else:
                plan.right_key = op.new_key
        result = {"ok": "ok", "stale": "skipped"}.get(op.status, "error")
        batch.log_updates.append(
            {
                "id": op.log_id,
                "result": result,
                "message": op.message or plan.note,
                "detail": None,
                "left_key": plan.left_key,
                "right_key": plan.right_key,
            }
        )
    failed = plan.failed
    if failed is not None:
        record_error(
            s,
            mapping=mapping,
            kind="failed",
            left_key=plan.left_key,
            right_key=plan.right_key,
            message=failed.message,
            job_id=job_id,
            side=failed.side,
        )
        _partial_base(batch, plan)
        return
    if plan.ok:
        apply_state(batch, plan)
    else:
        _partial_base(batch, plan)


def _partial_base(batch: StateBatch, plan: Plan) -> None:
    """A modify whose writes did not all land: the base moves on for those that did.

    A field whose write was refused, or found the record changed meanwhile, keeps the
    value that app held as read (so the next job sees the change again); every other
    field takes the merged base. Left at the old base, a field that did land would read
    as changed on both sides once its source changed again: a false conflict.
    """
    if plan.action != "modify" or plan.coupling_id is None or plan.base is None:
        return
    if not any(op.status == "ok" for op in plan.ops):
        return
    base = dict(plan.base)
    for op in plan.ops:
        if op.status != "ok":
            for name, (before, _after) in op.changes.items():
                base[name] = before
    batch.bases.append({"id": plan.coupling_id, "base": base, **_seen(plan)})


def _seen(plan: Plan) -> dict[str, str | None]:
    """The stamps a coupling remembers: after our write where we wrote, else as read."""
    out = {"left_seen": plan.seen.get("left"), "right_seen": plan.seen.get("right")}
    for op in plan.ops:
        if op.status == "ok" and op.kind != "delete":
            out[f"{op.side}_seen"] = op.stamp
    return out


def apply_state(batch: StateBatch, plan: Plan) -> None:
    """Couplings, bases and errors after every write of ``plan`` landed."""
    if plan.action in ("insert", "restore", "couple"):
        assert plan.left_key is not None and plan.right_key is not None
        if plan.coupling_id is not None:
            batch.rekeys.append(
                {
                    "id": plan.coupling_id,
                    "left_key": plan.left_key,
                    "right_key": plan.right_key,
                    "base": plan.base or {},
                    **_seen(plan),
                }
            )
        else:
            batch.new_couplings.append(
                {
                    "left_key": plan.left_key,
                    "right_key": plan.right_key,
                    "base": plan.base or {},
                    **_seen(plan),
                }
            )
            if plan.action == "couple":
                batch.unexclude += [("left", plan.left_key), ("right", plan.right_key)]
    elif plan.action in ("delete", "remove-coupling", "uncouple"):
        if plan.coupling_id is not None:
            batch.uncouple.append(plan.coupling_id)
        if plan.exclude:
            batch.exclude += [
                (side, key)
                for side, key in (("left", plan.left_key), ("right", plan.right_key))
                if key is not None
            ]
    elif plan.coupling_id is not None and plan.base is not None:
        batch.bases.append({"id": plan.coupling_id, "base": plan.base, **_seen(plan)})
    if plan.error_id is not None:
        batch.resolve.append((plan.error_id, plan.resolution))


# -- recovery -----------------------------------------------------------------------------


def recover(integration: Integration) -> int:
    """Finish or forget what killed jobs left pending. Call under the job lock.

    Returns the number of pending entries looked at.
    """
    with integration.state.read() as s:
        pending = list(
            s.scalars(select(LogEntry).where(LogEntry.result == "pending").order_by(LogEntry.id))
        )
        running = list(s.scalars(select(Job.id).where(Job.status == "running")))
    for entry in pending:
        if entry.mapping not in integration.tables:
            with integration.state.write() as s:
                s.execute(delete(LogEntry).where(LogEntry.id == entry.id))
            continue
        _recover_entry(integration, integration.tables[entry.mapping], entry)
    if running:
        with integration.state.write() as s:
            s.execute(
                update(Job)
                .where(Job.id.in_(running), Job.status == "running")
                .values(
                    status="failed",
                    finished=now_utc(),
                    message="interrupted (the process stopped); the next job finished its work",
                )
            )
    return len(pending)


def _recover_entry(integration: Integration, mt: MappingTables, entry: LogEntry) -> None:
    d = entry.detail or {}
    side: Side = "left" if d.get("side") == "left" else "right"
    table = mt.side(side)
    lookups = Lookups(integration, mt)
    values: dict[str, Canonical] = d.get("values") or {}
    plan = Plan(
        action=d.get("action", entry.action),
        left_key=entry.left_key,
        right_key=entry.right_key,
        ops=[],
        base=d.get("base"),
        coupling_id=d.get("coupling"),
        error_id=d.get("error"),
        exclude=bool(d.get("exclude")),
    )
    landed = False
    new_key: str | None = None
    with table.app.read_engine.connect() as conn:
        if d.get("op") == "update":
            row = table.fetch(conn, [d["target_key"]]).get(d["target_key"])
            if row is not None:
                lookups.prepare([row] if side == "left" else [], [row] if side == "right" else [])
                now_values = lookups.values(side, row)
                landed = not isinstance(now_values, Unresolved) and all(
                    now_values.get(k) == v for k, v in values.items()
                )
        elif d.get("op") == "delete":
            landed = not table.exists(conn, [d["target_key"]])
        elif d.get("op") == "insert":
            if d.get("key") is not None:
                landed = bool(table.exists(conn, [d["key"]]))
                new_key = d["key"]
            else:
                new_key = _find_inserted(integration, mt, lookups, side, conn, d, values)
                landed = new_key is not None
    with integration.state.write() as s:
        if not landed:
            s.execute(delete(LogEntry).where(LogEntry.id == entry.id))
            return
        values_upd: dict[str, Any] = {
            "result": "ok",
            "detail": None,
            "message": "finished after an interruption",
        }
        if d.get("op") == "insert":
            if side == "left":
                plan.left_key = new_key
            else:
                plan.right_key = new_key
            values_upd.update(left_key=plan.left_key, right_key=plan.right_key)
        s.execute(update(LogEntry).where(LogEntry.id == entry.id).values(**values_upd))
        if d.get("op") == "update" and plan.coupling_id is not None:
            # both apps hold the written values now: the base moves on for those fields,
            # or a new change at the source would later read as a conflict
            cp = s.get(Coupling, plan.coupling_id)
            if cp is not None:
                cp.base = {**(cp.base or {}), **values}
        if d.get("op") in ("insert", "delete"):
            batch = StateBatch(mt.mapping.name, entry.job_id)
            apply_state(batch, plan)
            batch.flush(s)


def _find_inserted(
    integration: Integration,
    mt: MappingTables,
    lookups: Lookups,
    side: Side,
    conn: Connection,
    d: dict[str, Any],
    values: dict[str, Canonical],
) -> str | None:
    """The record a killed job inserted: newer than the key it noted, holding its values."""
    table = mt.side(side)
    candidates = table.keys_after(conn, d.get("after_key"))
    if not candidates:
        return None
    with integration.state.read() as s:
        col = Coupling.left_key if side == "left" else Coupling.right_key
        coupled = set(
            s.scalars(
                select(col).where(
                    Coupling.mapping == mt.mapping.name, col.in_([r.key for r in candidates][:900])
                )
            )
        )
    lookups.prepare(candidates if side == "left" else [], candidates if side == "right" else [])
    for row in candidates:
        if row.key in coupled:
            continue
        now_values = lookups.values(side, row)
        if not isinstance(now_values, Unresolved) and all(
            now_values.get(k) == v for k, v in values.items()
        ):
            return row.key
    return None
