"""Recovery: what a killed job left in the journal, finished or forgotten.

Each journal entry holds a batch's writes as planned. Under the job lock, before the next
job, every write is checked against the app: an update or delete that landed (the record
holds the written values, or is gone), an insert found under its key (or, where the
database made the key, by its values among the keys after the batch's start); what
landed gets its couplings, bases and log entries as the job would have written them,
what did not is forgotten (the next job plans it again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from syncdesk.models import Coupling, Job, Journal, LogEntry, log_pending
from syncdesk.sync.apply import insert_changes
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import Op, Plan
from syncdesk.sync.state_batch import StateBatch, apply_state
from syncdesk.sync.values import Canonical
from syncdesk.workspace import Side

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables


def recover(integration: Integration) -> int:
    """Finish or forget what killed jobs left in the journal. Call under the job lock.

    Returns the number of writes looked at.
    """
    with integration.state.read() as s:
        entries = list(s.scalars(select(Journal).order_by(Journal.id)))
        # the record log doubled as the journal before: entries such a version left
        # (ordered here: with an ORDER BY, SQLite would read every entry in id order
        # rather than the partial index of the few pending ones and sort them)
        legacy = sorted(s.scalars(select(LogEntry).where(log_pending())), key=lambda e: e.id)
        running = list(s.scalars(select(Job.id).where(Job.status == "running")))
    looked = 0
    for entry in entries:
        mt = integration.tables.get(entry.mapping)
        outcomes = []
        # records found for the batch's inserts, so that two inserts of the same values
        # are not both taken for one record
        claimed: set[tuple[str, str]] = set()
        if mt is not None:
            for d in entry.ops or []:
                outcomes.append((d, _landed(integration, mt, d, claimed)))
                looked += 1
        with integration.state.write() as s:
            if mt is not None:
                batch = StateBatch(entry.mapping, entry.job_id)
                for d, (landed, new_key) in outcomes:
                    if landed:
                        _recovered(s, batch, d, new_key)
                batch.flush(s)
            s.execute(delete(Journal).where(Journal.id == entry.id))
    for log_entry in legacy:
        looked += 1
        mt = integration.tables.get(log_entry.mapping)
        d = dict(log_entry.detail or {})
        d.setdefault("left_key", log_entry.left_key)
        d.setdefault("right_key", log_entry.right_key)
        landed, new_key = _landed(integration, mt, d, set()) if mt is not None else (False, None)
        with integration.state.write() as s:
            s.execute(delete(LogEntry).where(LogEntry.id == log_entry.id))
            if landed:
                d["changes"] = log_entry.changes
                d["user"] = log_entry.user
                batch = StateBatch(log_entry.mapping, log_entry.job_id)
                _recovered(s, batch, d, new_key)
                batch.flush(s)
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
    return looked


def _landed(
    integration: Integration,
    mt: MappingTables,
    d: dict[str, Any],
    claimed: set[tuple[str, str]],
) -> tuple[bool, str | None]:
    """Whether one journaled write reached its app (and an insert's key)."""
    side: Side = "left" if d.get("side") == "left" else "right"
    table = mt.side(side)
    lookups = Lookups(integration, mt)
    values: dict[str, Canonical] = d.get("values") or {}
    with table.app.read_engine.connect() as conn:
        if d.get("op") == "update":
            row = table.fetch(conn, [d["target_key"]]).get(d["target_key"])
            if row is None:
                return False, None
            lookups.prepare([row] if side == "left" else [], [row] if side == "right" else [])
            now_values = lookups.values(side, row)
            landed = not isinstance(now_values, Unresolved) and all(
                now_values.get(k) == v for k, v in values.items()
            )
            return landed, None
        if d.get("op") == "delete":
            return not table.exists(conn, [d["target_key"]]), None
        if d.get("op") == "insert":
            if d.get("key") is not None:
                return bool(table.exists(conn, [d["key"]])), d["key"]
            key = _find_inserted(integration, mt, lookups, side, conn, d, values, claimed)
            if key is not None:
                claimed.add((side, key))
            return key is not None, key
    return False, None


def _recovered(s: Session, batch: StateBatch, d: dict[str, Any], new_key: str | None) -> None:
    """The state that follows a journaled write that did land."""
    side: Side = "left" if d.get("side") == "left" else "right"
    plan = Plan(
        action=d.get("action", "modify"),
        left_key=d.get("left_key"),
        right_key=d.get("right_key"),
        ops=[],
        base=d.get("base"),
        coupling_id=d.get("coupling"),
        error_id=d.get("error"),
        exclude=bool(d.get("exclude")),
        resolution=d.get("resolution") or "synced",
        user=d.get("user"),
        identity=d.get("identity") or {},
    )
    if d.get("op") == "insert":
        if side == "left":
            plan.left_key = new_key
        else:
            plan.right_key = new_key
    if d.get("op") == "insert" and "changes" not in d:
        changes = insert_changes(d.get("values") or {})
    else:
        changes = {k: tuple(v) for k, v in (d.get("changes") or {}).items()}
    op = Op(d.get("op", "update"), side, changes=changes)
    batch.log(plan, op, result="ok", message="finished after an interruption")
    if d.get("op") == "update":
        if plan.coupling_id is not None:
            # both apps hold the written values now: the base moves on for those fields,
            # or a new change at the source would later read as a conflict
            cp = s.get(Coupling, plan.coupling_id)
            if cp is not None:
                cp.base = {**(cp.base or {}), **(d.get("values") or {})}
                setattr(cp, f"{side}_seen", None)
        return
    if plan.action in ("insert", "restore", "couple") and (
        plan.left_key is None or plan.right_key is None
    ):
        return
    apply_state(batch, plan)


def _find_inserted(
    integration: Integration,
    mt: MappingTables,
    lookups: Lookups,
    side: Side,
    conn: Connection,
    d: dict[str, Any],
    values: dict[str, Canonical],
    claimed: set[tuple[str, str]],
) -> str | None:
    """The record a killed job inserted under a key the database gave: newer than the key it
    noted (integer keys), or holding its values, and coupled to nothing."""
    table = mt.side(side)
    if d.get("after_key") is not None or table.key_kind == "int":
        candidates = table.keys_after(conn, d.get("after_key"))
    else:
        probe = lookups.to_side(side, values)
        raw: dict[str, Any] = {}
        if not isinstance(probe, Unresolved):
            for c in table.fields:
                v = probe.get(c.name)
                if isinstance(v, str) and table.kinds[c.name] == "text":
                    raw[c.name] = v
        candidates = table.rows_where(conn, raw) if raw else table.keys_after(conn, None)
    if not candidates:
        return None
    col = Coupling.left_key if side == "left" else Coupling.right_key
    coupled: set[str] = set()
    with integration.state.read() as s:
        keys = [r.key for r in candidates]
        for i in range(0, len(keys), 900):
            coupled.update(
                k
                for k in s.scalars(
                    select(col).where(
                        Coupling.mapping == mt.mapping.name, col.in_(keys[i : i + 900])
                    )
                )
                if k is not None
            )
    lookups.prepare(candidates if side == "left" else [], candidates if side == "right" else [])
    for row in candidates:
        if row.key in coupled or (side, row.key) in claimed:
            continue
        now_values = lookups.values(side, row)
        if not isinstance(now_values, Unresolved) and all(
            now_values.get(k) == v for k, v in values.items()
        ):
            return row.key
    return None
