"""Applying a batch of planned changes to both apps so that no change is lost or made twice.

The state database and the two apps share no transaction, so every batch goes:

1. **journal**: one entry for the whole batch, with what recovery needs to tell later
   whether each write happened (the values, the key of a new record, the coupling);
   committed.
2. **apps**: one transaction per app (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: the rows
   re-read ``FOR UPDATE``). Updates and deletes are compare-and-set: the records are read
   again under the write lock and only those still holding what was read are written,
   with one statement per batch; a change the app made in between is never overwritten.
   Inserts go in one statement too. Only when a database refuses a batch are its records
   written one at a time, each in its own savepoint, so a refusal fails that record only.
3. **state**: record log entries, couplings, bases, sync errors, and the journal entry
   deleted; one transaction.

A process killed anywhere leaves the journal entry; :func:`recover` (run under the job
lock before the next job) checks each of its writes against the app and finishes or
forgets it. An update that landed moves the coupling's base on for the fields it wrote,
so a later change at the source reads as a one-sided change, not as a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, delete, func, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UnavailableError
from syncdesk.models import Coupling, Exclusion, Job, Journal, LogEntry, SyncError, Uncoupled
from syncdesk.models.bulk import dialect_insert, insert_rows, update_rows
from syncdesk.models.store import describe_db_error
from syncdesk.sync import faults
from syncdesk.sync.endpoint import (
    DuplicateKey,
    RawText,
    Row,
    SideTable,
    is_app_refusal,
    is_passing_fault,
    mod_text,
    now_utc,
)
from syncdesk.sync.journal import record_error, resolve_error
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import Merge
from syncdesk.sync.values import Canonical, canonical
from syncdesk.workspace import SIDES, Side

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables


class PassingFault(Exception):
    """An app was locked, busy or unreachable: the job stops, the next one retries."""


class AppRefusal(PassingFault):
    """An app refused every write (read-only, disk full, no right): the job stops."""


@dataclass
class Op:
    """One write to one app."""

    kind: str  # update | insert | delete
    side: Side  # the app written
    values: dict[str, Canonical] = field(default_factory=dict)  # by left field
    changes: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)
    row: Row | None = None  # update/delete: the record as read
    key: str | None = None  # insert: a key made by us, else None
    # the other app's record the values come from: a number is written as it holds it
    # (the canonical form rounds away float noise, which must not reach the target)
    source: Row | None = None
    # filled in while running
    status: str = ""  # ok | failed | stale
    message: str = ""
    new_key: str | None = None
    stamp: str | None = None  # the record's 'modified' value right after the write
    identity: str | None = None  # the record's identity right after the write
    written: Row | None = None  # insert: the record as read right after the write
    db_values: dict[str, Any] = field(default_factory=dict)
    base_fields: tuple[str, ...] = ()  # insert: fields whose base is read back (left names)


@dataclass
class Plan:
    """What one pair (or one new record) needs written, and what follows in the state."""

    action: str  # modify | insert | restore | delete | resolve | couple | uncouple | ...
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
    # each app's identity value as read (where the workspace names an identity column)
    identity: dict[str, str | None] = field(default_factory=dict)
    # insert: fields whose base is what the new record holds after the write (a field
    # that does not flow to it keeps the app's own value, not the other side's)
    base_from_written: tuple[str, ...] = ()
    # kept with the plan's record log entries (what an undo needs beyond the changes)
    log_detail: dict[str, Any] | None = None
    # the record log's word for the plan, where it is not ``action`` (an undo)
    log_action: str | None = None

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
            Op(
                "update",
                "right",
                values=result.to_right,
                changes=result.changes_right,
                row=right,
                source=left,
            )
        )
    if result.to_left:
        ops.append(
            Op(
                "update",
                "left",
                values=result.to_left,
                changes=result.changes_left,
                row=left,
                source=right,
            )
        )
    return ops


@dataclass
class Outcome:
    inserted: int = 0
    modified: int = 0
    deleted: int = 0
    failed: int = 0
    stale: int = 0


class KeyFloors:
    """Per mapping and side: the highest integer key a coupling or an exclusion holds.

    A record SyncDesk inserts under a key it picks gets a key above it (and above the
    table's own highest), so it never takes the key of a deleted, still-coupled record.
    Made per job (or action), under the job lock; read once, then moved on as keys are used.
    """

    def __init__(self, integration: Integration) -> None:
        self.integration = integration
        self._floor: dict[tuple[str, Side], int] = {}

    def get(self, mapping: str, side: Side) -> int:
        if (mapping, side) not in self._floor:
            self._floor[(mapping, side)] = held_max(self.integration, mapping, side)
        return self._floor[(mapping, side)]

    def used(self, mapping: str, side: Side, keys: Sequence[str]) -> None:
        ints = [int(k) for k in keys if k.lstrip("-").isdigit()]
        if ints:
            self._floor[(mapping, side)] = max(self.get(mapping, side), *ints)


def held_max(integration: Integration, mapping: str, side: Side) -> int:
    """The highest integer key of ``side`` that a coupling or an exclusion holds."""
    col = Coupling.left_key if side == "left" else Coupling.right_key
    found = 0
    with integration.state.read() as s:
        dialect = s.get_bind().dialect.name
        for key_col, conds in (
            (col, [Coupling.mapping == mapping]),
            (Exclusion.key, [Exclusion.mapping == mapping, Exclusion.side == side]),
        ):
            number = func.cast(key_col, _BigInt())
            query = select(func.max(number)).where(*conds, key_col.is_not(None))
            if dialect == "postgresql":
                query = query.where(key_col.op("~")(r"^-?[0-9]{1,18}$"))
            value = s.execute(query).scalar()
            if value is not None:
                found = max(found, int(value))
    return found


def _BigInt() -> Any:
    from sqlalchemy import BigInteger

    return BigInteger()


def held_keys(integration: Integration, mapping: str, side: Side, keys: Sequence[str]) -> set[str]:
    """Those of ``keys`` that a coupling or an exclusion of ``side`` holds."""
    col = Coupling.left_key if side == "left" else Coupling.right_key
    out: set[str] = set()
    with integration.state.read() as s:
        for i in range(0, len(keys), 900):
            chunk = list(keys[i : i + 900])
            out.update(s.scalars(select(col).where(Coupling.mapping == mapping, col.in_(chunk))))
            out.update(
                s.scalars(
                    select(Exclusion.key).where(
                        Exclusion.mapping == mapping,
                        Exclusion.side == side,
                        Exclusion.key.in_(chunk),
                    )
                )
            )
    return {k for k in out if k is not None}


def _number_fields(mt: MappingTables, target: Side) -> list[tuple[str, str, str, str]]:
    """Fields whose source column holds numbers: (field, source column, target column,
    the source column's kind), for :func:`_exact_numbers`."""
    source_side: Side = "left" if target == "right" else "right"
    kinds = mt.side(source_side).read_kinds
    out = []
    for f in mt.mapping.fields:
        column = f.column(source_side)
        if not f.lookup and kinds[column] in ("number", "int"):
            out.append((f.left, column, f.column(target), kinds[column]))
    return out


def _exact_numbers(op: Op, fields: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """Numbers of the source record, by the target's column names, where the value written
    is the source's own (not a value a person chose or typed)."""
    if op.source is None or not fields:
        return {}
    out: dict[str, Any] = {}
    raw_row = op.source.raw
    for name, column, target_column, kind in fields:
        if name not in op.values:
            continue
        raw = raw_row.get(column)
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            continue
        if canonical(raw, kind) == op.values[name]:
            out[target_column] = raw
    return out


def _prepare_values(
    mt: MappingTables,
    lookups: Lookups,
    op: Op,
    conn: Connection,
    numbers: list[tuple[str, str, str, str]] | None = None,
) -> None:
    if numbers is None:
        numbers = _number_fields(mt, op.side)
    values = lookups.to_side(op.side, op.values)
    if isinstance(values, Unresolved):
        op.status = "failed"
        op.message = values.message({s: mt.side(s).title for s in SIDES})
        return
    try:
        op.db_values = mt.side(op.side).db_values(values, conn, _exact_numbers(op, numbers))
    except ValueError as exc:
        op.status = "failed"
        op.message = str(exc)


def _insert_changes(values: dict[str, Canonical]) -> dict[str, tuple[Canonical, Canonical]]:
    """The record log's changes of an insert that wrote ``values``."""
    return {k: (None, v) for k, v in values.items() if v is not None}


def _journal_op(plan: Plan, op: Op, after_key: int | None) -> dict[str, Any]:
    """What recovery needs of one write; what is empty is left out (read with ``get``),
    and so are an insert's changes where they are its values (recovery makes them again)."""
    changes: dict[str, list[Canonical]] | None = {k: list(v) for k, v in op.changes.items()}
    if op.kind == "insert" and op.changes == _insert_changes(op.values):
        changes = None
    entry = {
        "op": op.kind,
        "side": op.side,
        "action": plan.action,
        "values": op.values,
        "changes": changes,
        "key": op.key,
        "after_key": after_key,
        "base": plan.base,
        "coupling": plan.coupling_id,
        "error": plan.error_id,
        "exclude": plan.exclude,
        "resolution": plan.resolution,
        "target_key": op.row.key if op.row else None,
        "left_key": plan.left_key,
        "right_key": plan.right_key,
        "user": plan.user,
        "identity": plan.identity,
    }
    return {k: v for k, v in entry.items() if v is not None and v != {} and v is not False}


def execute(
    integration: Integration,
    mt: MappingTables,
    lookups: Lookups,
    plans: Sequence[Plan],
    job_id: int | None,
    *,
    finish: Callable[[Session, Outcome], None] | None = None,
    floors: KeyFloors | None = None,
) -> Outcome:
    """Run a batch of plans through journal, apps and state. See the module docstring."""
    floors = floors or KeyFloors(integration)
    mapping = mt.mapping.name
    ops = [(p, op) for p in plans for op in p.ops]
    for p, op in ops:
        if op.kind == "insert":
            op.base_fields = p.base_from_written
    after: dict[Side, int | None] = {}
    for side in SIDES:
        side_ops = [op for _p, op in ops if op.side == side]
        if not side_ops:
            continue
        table = mt.side(side)
        numbers = _number_fields(mt, side)
        with table.app.read_engine.connect() as conn:
            for op in side_ops:
                _prepare_values(mt, lookups, op, conn, numbers)
            if any(op.kind == "insert" and not op.status for op in side_ops):
                after[side] = table.max_key(conn)
    pending = [(p, op) for p, op in ops if not op.status]
    # 1. journal: one entry for the batch
    journal_id: int | None = None
    if pending:
        entry = [_journal_op(p, op, after.get(op.side)) for p, op in pending]
        with integration.state.write() as s:
            row = Journal(job_id=job_id, mapping=mapping, at=now_utc(), ops=entry)
            s.add(row)
            s.flush()
            journal_id = row.id
    faults.point("after-journal")
    # 2. apps: the right first, then the left
    for side in ("right", "left"):
        side_ops = [op for _p, op in pending if op.side == side]
        if side_ops:
            floor = None
            table = mt.side("right" if side == "right" else "left")
            if (
                table.key_kind == "int"
                and table.chooses_keys
                and any(op.kind == "insert" for op in side_ops)
            ):
                floor = floors.get(mapping, table.side)
            _write_side(integration, table, side_ops, floor)
            floors.used(mapping, table.side, [op.new_key for op in side_ops if op.new_key])
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
            _finalize(s, batch, mt, lookups, plan, job_id)
        batch.flush(s)
        if journal_id is not None:
            s.execute(delete(Journal).where(Journal.id == journal_id))
        if finish is not None:
            finish(s, out)
        faults.point("before-state-commit")
    faults.point("after-state-commit")
    return out


def _write_side(
    integration: Integration, table: SideTable, ops: list[Op], floor: int | None
) -> None:
    """One transaction on one app; a refusal fails its record only."""
    try:
        with table.app.write_engine.connect() as conn, conn.begin():
            changes = [op for op in ops if op.kind in ("update", "delete")]
            if changes:
                _compare_and_set(conn, table, changes)
            inserts = [op for op in ops if op.kind == "insert"]
            if inserts:
                _insert(integration, conn, table, inserts, floor)
            # read in the same transaction, so no other write can slip in between
            written = {
                (op.new_key if op.kind == "insert" else op.row.key if op.row else None): op
                for op in ops
                if op.status == "ok" and op.kind != "delete"
            }
            written.pop(None, None)
            # what the new records hold of the fields that do not flow to them (their base)
            own = sorted(
                {
                    table.mapping.field(name).column(table.side)
                    for op in inserts
                    for name in op.base_fields
                }
            )
            if written and (table.modified is not None or table.identity is not None or own):
                rows = table.read_back(conn, [k for k in written if k], own)
                for key, row in rows.items():
                    op = written[key]
                    op.stamp = mod_text(row.raw.get("__modified"))
                    op.identity = table.identity_text(row)
                    if op.kind == "insert":
                        op.written = row
    except DBAPIError as exc:
        for op in ops:
            op.status = ""
        if is_passing_fault(exc):
            raise PassingFault(f"{table.app.what}: {describe_db_error(exc)}") from None
        if is_app_refusal(exc):
            raise AppRefusal(
                f"{table.app.what} refused the writes: {describe_db_error(exc)}"
            ) from None
        raise UnavailableError(f"{table.app.what}: {describe_db_error(exc)}") from None


def _refused(conn: Connection, table: SideTable, op: Op, exc: Exception) -> None:
    """A record the database refused: failed, with the database's words (or raise)."""
    if isinstance(exc, DBAPIError):
        if is_passing_fault(exc):
            raise exc
        if is_app_refusal(exc):
            raise exc
        words = table.explain_refusal(conn, describe_db_error(exc), op.db_values)
    elif isinstance(exc, SQLAlchemyError):
        words = describe_db_error(getattr(exc, "orig", None) or exc)
    else:
        words = str(exc)
    op.status = "failed"
    op.message = f"{table.title} refused the write: {words}"


def _compare_and_set(conn: Connection, table: SideTable, ops: list[Op]) -> None:
    """Updates and deletes of records that still hold what was read; the others are stale.

    The records are read again under the write lock (PostgreSQL: ``FOR UPDATE``) and
    compared, value by value as stored, with the rows the plan was made from. The writes
    then go as one statement per set of columns; a batch the database refuses is written
    one record at a time, so that only the refused record fails.
    """
    keys = [op.row.key for op in ops if op.row is not None]
    now = table.reread(conn, keys, lock=True)
    fresh: list[Op] = []
    for op in ops:
        assert op.row is not None
        current = now.get(op.row.key)
        if current is None or current.count != 1 or current.raw != _mapped(table, op.row):
            op.status = "stale"
            if current is not None and current.count > 1:
                op.status = "failed"
                op.message = (
                    f"{table.title} has {current.count} records with key {op.row.key}: "
                    "they cannot be told apart"
                )
            elif op.kind == "delete":
                op.message = f"changed in {table.title} meanwhile; not deleted"
            else:
                op.message = f"changed in {table.title} meanwhile; picked up next time"
            continue
        fresh.append(op)
    groups: dict[tuple[str, tuple[str, ...]], list[Op]] = defaultdict(list)
    for op in fresh:
        groups[(op.kind, tuple(sorted(op.db_values)))].append(op)
    for (kind, names), group in groups.items():
        try:
            with conn.begin_nested():
                table.write_many(
                    conn, kind, names, [(cast(Row, op.row), op.db_values) for op in group]
                )
            for op in group:
                op.status = "ok"
        except (DBAPIError, SQLAlchemyError, ValueError, DuplicateKey) as exc:
            if isinstance(exc, DBAPIError) and (is_passing_fault(exc) or is_app_refusal(exc)):
                raise
            for op in group:
                _write_one(conn, table, op)


def _mapped(table: SideTable, row: Row) -> dict[str, Any]:
    return {c.name: row.raw.get(c.name) for c in table.fields}


def _write_one(conn: Connection, table: SideTable, op: Op) -> None:
    try:
        with conn.begin_nested():
            assert op.row is not None
            if op.kind == "update":
                changed = table.update_if_unchanged(conn, op.row, op.db_values)
            else:
                changed = table.delete_if_unchanged(conn, op.row)
            if changed:
                op.status = "ok"
            else:
                op.status = "stale"
                op.message = (
                    f"changed in {table.title} meanwhile; not deleted"
                    if op.kind == "delete"
                    else f"changed in {table.title} meanwhile; picked up next time"
                )
    except (DBAPIError, SQLAlchemyError, ValueError, DuplicateKey) as exc:
        _refused(conn, table, op, exc)


def _insert(
    integration: Integration,
    conn: Connection,
    table: SideTable,
    ops: list[Op],
    floor: int | None,
) -> None:
    """All inserts in one statement; one at a time only when the database refuses some.

    A key the database gave that a coupling or an exclusion still holds is refused too:
    SyncDesk never inserts under such a key.
    """
    mapping = table.mapping.name
    todo = [op for op in ops if not op.status]

    def held(keys: list[str]) -> set[str]:
        # a key SyncDesk picked is new by construction (a UUID, or above every key held)
        if table.chooses_keys:
            return set()
        return held_keys(integration, mapping, table.side, keys)

    if len(todo) > 1:
        try:
            with conn.begin_nested() as sp:
                keys = table.insert(conn, [(op.key, op.db_values) for op in todo], floor)
                taken = held(keys)
                if taken:
                    sp.rollback()
                else:
                    for op, key in zip(todo, keys, strict=True):
                        op.status = "ok"
                        op.new_key = key
                    return
        except (DBAPIError, SQLAlchemyError, ValueError) as exc:
            if isinstance(exc, DBAPIError) and (is_passing_fault(exc) or is_app_refusal(exc)):
                raise
    for op in todo:
        try:
            with conn.begin_nested() as sp:
                [key] = table.insert(conn, [(op.key, op.db_values)], floor)
                if held([key]):
                    sp.rollback()
                    op.status = "failed"
                    op.message = (
                        f"{table.title} gave the new record key {key}, which still names a "
                        "coupled or excluded record; nothing inserted"
                    )
                    continue
            op.status = "ok"
            op.new_key = key
            if floor is not None and key.lstrip("-").isdigit():
                floor = max(floor, int(key))
        except (DBAPIError, SQLAlchemyError, ValueError) as exc:
            _refused(conn, table, op, exc)


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
                "changes": {k: list(v) for k, v in op.changes.items()} if op is not None else {},
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
            insert_rows(conn, cp, [{**c, "mapping": self.mapping} for c in self.new_couplings])
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


def _finalize(
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


# -- recovery -----------------------------------------------------------------------------


def recover(integration: Integration) -> int:
    """Finish or forget what killed jobs left in the journal. Call under the job lock.

    Returns the number of writes looked at.
    """
    with integration.state.read() as s:
        entries = list(s.scalars(select(Journal).order_by(Journal.id)))
        # the record log doubled as the journal before: entries such a version left
        legacy = list(
            s.scalars(select(LogEntry).where(LogEntry.result == "pending").order_by(LogEntry.id))
        )
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
        changes = _insert_changes(d.get("values") or {})
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


__all__ = [
    "AppRefusal",
    "KeyFloors",
    "Op",
    "Outcome",
    "PassingFault",
    "Plan",
    "RawText",
    "StateBatch",
    "apply_state",
    "execute",
    "forget_uncoupled",
    "note_uncoupled",
    "recover",
    "update_ops",
]
