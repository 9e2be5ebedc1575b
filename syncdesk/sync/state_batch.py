"""What a batch changes in the state database once its writes landed: record log entries,
couplings and their bases, the records known uncoupled, exclusions, sync errors; written
with a few bulk statements in the batch's one state transaction.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.orm import Session

from syncdesk.models import Coupling, CouplingCount, Exclusion, LogEntry, SyncError, Uncoupled
from syncdesk.models.bulk import dialect_insert, insert_rows, update_rows
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.journal import record_error, resolve_error
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import Op, Plan

if TYPE_CHECKING:
    from syncdesk.sync.integration import MappingTables


class StateBatch:
    """The state changes of a batch, written with a few bulk statements."""

    def __init__(self, mapping: str, job_id: int | None) -> None:
        self.mapping = mapping
        self.job_id = job_id
        self.now = now_utc()
        self.logs: list[dict[str, Any]] = []
        self.new_couplings: list[dict[str, Any]] = []
        self.bases: list[dict[str, Any]] = []
        self.rekeys: list[dict[str, Any]] = []
        self.uncouple: list[int] = []
        self.exclude: list[tuple[str, str]] = []
        self.unexclude: list[tuple[str, str]] = []
        self.uncoupled_gone: list[tuple[str, str]] = []
        self.resolve: list[tuple[int, str]] = []

    def log(
        self,
        plan: Plan,
        op: Op | None,
        *,
        result: str,
        message: str,
        action: str | None = None,
        at: Any = None,
    ) -> None:
        self.logs.append(
            {
                "at": at or self.now,
                "job_id": self.job_id,
                "mapping": self.mapping,
                "left_key": plan.left_key,
                "right_key": plan.right_key,
                "action": action or plan.log_action or plan.action,
                "direction": f"to-{op.side}" if op is not None else None,
                "result": result,
                "message": message,
                # (before, after) pairs: JSON writes a tuple as the list it reads back
                "changes": op.changes if op is not None else {},
                "detail": plan.log_detail,
                "user": plan.user,
            }
        )

    def flush(self, s: Session) -> None:
        """Core executemany statements: the ORM's bulk paths cost more than SQLite's work."""
        conn = s.connection()
        log, cp = cast(Table, LogEntry.__table__), cast(Table, Coupling.__table__)
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
            for i in range(0, len(self.uncouple), 900):
                s.execute(delete(Coupling).where(Coupling.id.in_(self.uncouple[i : i + 900])))
        if self.rekeys:
            update_rows(
                conn, cp, [{**r, "left_gone": False, "right_gone": False} for r in self.rekeys]
            )
        if self.new_couplings:
            insert_couplings(conn, self.mapping, self.new_couplings)
        if self.bases:
            update_rows(conn, cp, self.bases)
        if self.logs:
            insert_rows(conn, log, self.logs)
        if self.exclude:
            now = now_utc()
            rows = [
                {"mapping": self.mapping, "side": side, "key": key, "at": now}
                for side, key in dict.fromkeys(self.exclude)
            ]
            dialect = conn.dialect.name
            conn.execute(dialect_insert(dialect, Exclusion).on_conflict_do_nothing(), rows)
        for error_id, resolution in self.resolve:
            err = s.get(SyncError, error_id)
            if err is not None and err.status == "open":
                resolve_error(s, err, resolution, self.job_id)
        if self.uncoupled_gone:
            forget_uncoupled(s, self.mapping, self.uncoupled_gone)


#: from this many new couplings in one batch, the row trigger that counts them is set
#: aside for the batch and the batch counted at once (:func:`insert_couplings`)
COUNT_AT_ONCE_FROM = 200

#: the row triggers on coupling that keep coupling_count (migration 0007): the insert
#: one also counts deletions on PostgreSQL
COUNT_TRIGGERS = ("coupling_count_insert", "coupling_count_update")


@contextlib.contextmanager
def count_triggers_aside(
    conn: Connection, names: Sequence[str] = COUNT_TRIGGERS
) -> Iterator[set[str]]:
    """The named count triggers on coupling set aside for what the block writes, in its
    transaction; yields those that were (the block then keeps the counts itself, or drops
    them for the next job to count again).

    They run an UPDATE of a count row per coupling written. On SQLite that is a third of
    the time an initial load spends writing its couplings (measured with sqlite3: 100,000
    couplings 1.1-1.2 s with it, 0.65-0.85 s without). On PostgreSQL every such UPDATE
    leaves one more dead version of the same count row for the next to pass in the same
    transaction, so the time grows with the square of the rows (100,000 couplings
    inserted in batches of 5,000: 20.6 s with it, 2.1 s without; 20,000 deleted at once
    12.9 s, 40,000 51 s).

    SQLite: dropped, and created again from the very text the database keeps of them.
    PostgreSQL: disabled and enabled, by the table's owner only (a team member who
    connects under a role of their own writes with them, as ALTER TABLE would refuse
    them); that holds off other writers of the couplings until the commit, but no reader.
    Schema changes are transactional in both: a failure anywhere in the block rolls them
    back with the rest, and no other connection ever sees the table without them.
    """
    restore: list[str] = []
    aside: set[str] = set()
    if conn.dialect.name == "sqlite":
        for name in names:
            text = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
            ).scalar()
            if text is not None:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
                restore.append(text)
                aside.add(name)
    elif conn.dialect.name == "postgresql":
        enabled = conn.exec_driver_sql(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgrelid = to_regclass('coupling') AND t.tgname = ANY(%(names)s) "
            "AND t.tgenabled <> 'D' AND pg_has_role(c.relowner, 'USAGE')",
            {"names": list(names)},
        ).scalars()
        found = set(enabled)
        for name in (n for n in names if n in found):
            conn.exec_driver_sql(f"ALTER TABLE coupling DISABLE TRIGGER {name}")
            restore.append(f"ALTER TABLE coupling ENABLE TRIGGER {name}")
            aside.add(name)
    yield aside
    for statement in restore:
        conn.exec_driver_sql(statement)


def insert_couplings(conn: Connection, mapping: str, couplings: Sequence[dict[str, Any]]) -> None:
    """INSERT new couplings of ``mapping`` and count them in ``coupling_count``: a large
    batch with the counting trigger set aside (:func:`count_triggers_aside`) and counted
    with one UPDATE per side."""
    cp = cast(Table, Coupling.__table__)
    rows = [{**c, "mapping": mapping} for c in couplings]
    if len(rows) < COUNT_AT_ONCE_FROM:
        insert_rows(conn, cp, rows)
        return
    with count_triggers_aside(conn, COUNT_TRIGGERS[:1]) as aside:
        insert_rows(conn, cp, rows)
        if not aside:
            return
        for side in ("left", "right"):
            n = sum(1 for r in rows if r.get(f"{side}_key") is not None)
            if n:
                conn.execute(
                    update(CouplingCount)
                    .where(CouplingCount.mapping == mapping, CouplingCount.side == side)
                    .values(n=CouplingCount.n + n)
                )


#: up to this many uncoupled records of a mapping, :func:`forget_uncoupled` reads them all
FEW_UNCOUPLED = 20_000


def forget_uncoupled(s: Session, mapping: str, keys: Sequence[tuple[str, str]]) -> None:
    """These records are coupled (or gone) now: no longer counted as uncoupled."""
    if not keys:
        return
    # mostly there are few uncoupled records (none after an initial load): those are
    # read, and only keys among them deleted, rather than a DELETE for every key written
    known = s.execute(
        select(Uncoupled.side, Uncoupled.key)
        .where(Uncoupled.mapping == mapping)
        .limit(FEW_UNCOUPLED + 1)
    ).all()
    if len(known) <= FEW_UNCOUPLED:
        keys = list({(side, key) for side, key in known} & set(keys))
    by_side: dict[str, list[str]] = defaultdict(list)
    for side, key in keys:
        by_side[side].append(key)
    for side, side_keys in by_side.items():
        for i in range(0, len(side_keys), 900):
            s.execute(
                delete(Uncoupled).where(
                    Uncoupled.mapping == mapping,
                    Uncoupled.side == side,
                    Uncoupled.key.in_(side_keys[i : i + 900]),
                )
            )


def note_uncoupled(s: Session, mapping: str, keys: Sequence[tuple[str, str, bool]]) -> None:
    """These records exist and are coupled to nothing (``waits``: plan them again next job)."""
    if not keys:
        return
    forget_uncoupled(s, mapping, [(side, key) for side, key, _waits in keys])
    rows = [
        {"mapping": mapping, "side": side, "key": key, "waits": waits} for side, key, waits in keys
    ]
    insert_rows(
        s.connection(),
        cast(Table, Uncoupled.__table__),
        list({(r["side"], r["key"]): r for r in rows}.values()),
    )


def finalize(
    s: Session,
    batch: StateBatch,
    mt: MappingTables,
    lookups: Lookups,
    plan: Plan,
    job_id: int | None,
) -> None:
    """State changes that follow a plan's writes."""
    mapping = mt.mapping.name
    for op in plan.ops:
        if op.kind == "insert" and op.status == "ok":
            if op.side == "left":
                plan.left_key = op.new_key
            else:
                plan.right_key = op.new_key
    for op in plan.ops:
        result = {"ok": "ok", "stale": "skipped"}.get(op.status, "error")
        batch.log(plan, op, result=result, message=op.message or plan.note)
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
        _base_from_written(mt, lookups, plan)
        apply_state(batch, plan)
    else:
        _partial_base(batch, plan)


def _base_from_written(mt: MappingTables, lookups: Lookups, plan: Plan) -> None:
    """An insert's base for fields that do not flow to the new record: what it now holds."""
    if not plan.base_from_written or plan.base is None:
        return
    for op in plan.ops:
        if op.kind != "insert" or op.written is None:
            continue
        lookups.prepare(
            [op.written] if op.side == "left" else [], [op.written] if op.side == "right" else []
        )
        values = lookups.values(op.side, op.written)
        for name in plan.base_from_written:
            plan.base[name] = None if isinstance(values, Unresolved) else values.get(name)


def _partial_base(batch: StateBatch, plan: Plan) -> None:
    """A modify whose writes did not all land: the base moves on for those that did.

    A field whose write was refused, or found the record changed meanwhile, keeps the
    value that app held as read (so the next job sees the change again); every other
    field takes the merged base. Left at the old base, a field that did land would read
    as changed on both sides once its source changed again: a false conflict.
    """
    if plan.action not in ("modify", "resolve") or plan.coupling_id is None or plan.base is None:
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
    """What a coupling remembers of each app's record: stamp and identity.

    After our write where we wrote (read in the same transaction), else as read.
    """
    out: dict[str, str | None] = {
        "left_seen": plan.seen.get("left"),
        "right_seen": plan.seen.get("right"),
        "left_identity": plan.identity.get("left"),
        "right_identity": plan.identity.get("right"),
    }
    for op in plan.ops:
        if op.status == "ok" and op.kind != "delete":
            out[f"{op.side}_seen"] = op.stamp
            if op.identity is not None or op.kind == "insert":
                out[f"{op.side}_identity"] = op.identity
    return out


def apply_state(batch: StateBatch, plan: Plan) -> None:
    """Couplings, bases and errors after every write of ``plan`` landed."""
    if plan.action in ("insert", "restore", "couple"):
        assert plan.left_key is not None and plan.right_key is not None
        row = {
            "left_key": plan.left_key,
            "right_key": plan.right_key,
            "base": plan.base or {},
            **_seen(plan),
        }
        if plan.coupling_id is not None:
            batch.rekeys.append({"id": plan.coupling_id, **row})
        else:
            batch.new_couplings.append(row)
            if plan.action == "couple":
                batch.unexclude += [("left", plan.left_key), ("right", plan.right_key)]
        batch.uncoupled_gone += [("left", plan.left_key), ("right", plan.right_key)]
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
