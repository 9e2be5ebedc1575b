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

A process killed anywhere leaves the journal entry; :func:`.recovery.recover` (run under the job
lock before the next job) checks each of its writes against the app and finishes or
forgets it. An update that landed moves the coupling's base on for the fields it wrote,
so a later change at the source reads as a one-sided change, not as a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UnavailableError
from syncdesk.models import Coupling, Exclusion, Journal
from syncdesk.models.driver import select_in
from syncdesk.models.store import describe_db_error
from syncdesk.sync import faults
from syncdesk.sync.endpoint import (
    STAMP,
    Row,
    is_app_refusal,
    is_passing_fault,
    mod_text,
    now_utc,
)
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import AppRefusal, Op, Outcome, PassingFault, Plan
from syncdesk.sync.side_table import DuplicateKey, RawText, SideTable
from syncdesk.sync.state_batch import StateBatch, finalize
from syncdesk.sync.values import Canonical, TextDateFormat, canonical
from syncdesk.workspace import SIDES, Side

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables


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
        conn = s.connection()
        coupled = select(col).where(Coupling.mapping == mapping)
        out.update(k for (k,) in select_in(conn, coupled, col, list(keys)))
        excluded = select(Exclusion.key).where(Exclusion.mapping == mapping, Exclusion.side == side)
        out.update(k for (k,) in select_in(conn, excluded, Exclusion.key, list(keys)))
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


def _dated_fields(mt: MappingTables, target: Side) -> list[tuple[str, str]]:
    """Fields whose target column keeps dates as text (SQLite): (source column, target
    column), for :func:`_source_formats`."""
    source_side: Side = "left" if target == "right" else "right"
    dated = mt.side(target).text_dated
    return [
        (f.column(source_side), f.column(target))
        for f in mt.mapping.fields
        if not f.lookup and f.column(target) in dated
    ]


def _source_formats(op: Op, fields: list[tuple[str, str]]) -> dict[str, TextDateFormat]:
    """How the source record writes the dates it holds as text, by the target's column
    names: the form a target column takes while it holds no date of its own to follow."""
    if op.source is None or not fields:
        return {}
    out: dict[str, TextDateFormat] = {}
    for column, target_column in fields:
        raw = op.source.raw.get(column)
        fmt = TextDateFormat.of(raw) if isinstance(raw, str) else None
        if fmt is not None:
            out[target_column] = fmt
    return out


def prepare_values(
    mt: MappingTables,
    lookups: Lookups,
    op: Op,
    conn: Connection,
    numbers: list[tuple[str, str, str, str]] | None = None,
    dated: list[tuple[str, str]] | None = None,
) -> None:
    if numbers is None:
        numbers = _number_fields(mt, op.side)
    if dated is None:
        dated = _dated_fields(mt, op.side)
    values = lookups.to_side(op.side, op.values)
    if isinstance(values, Unresolved):
        op.status = "failed"
        op.message = values.message({s: mt.side(s).title for s in SIDES})
        return
    try:
        op.db_values = mt.side(op.side).db_values(
            values, conn, _exact_numbers(op, numbers), _source_formats(op, dated)
        )
    except ValueError as exc:
        op.status = "failed"
        op.message = str(exc)


def insert_changes(values: dict[str, Canonical]) -> dict[str, tuple[Canonical, Canonical]]:
    """The record log's changes of an insert that wrote ``values``."""
    return {k: (None, v) for k, v in values.items() if v is not None}


def _journal_op(plan: Plan, op: Op, after_key: int | None) -> dict[str, Any]:
    """What recovery needs of one write; what is empty is left out (read with ``get``),
    and so are an insert's changes where they are its values (recovery makes them again)."""
    changes: dict[str, list[Canonical]] | None = {k: list(v) for k, v in op.changes.items()}
    if op.kind == "insert" and op.changes == insert_changes(op.values):
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
        numbers, dated = _number_fields(mt, side), _dated_fields(mt, side)
        with table.app.read_engine.connect() as conn:
            for op in side_ops:
                prepare_values(mt, lookups, op, conn, numbers, dated)
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
            finalize(s, batch, mt, lookups, plan, job_id)
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
            # keys SyncDesk gave must be the keys the records have (a trigger could set
            # others): else the couplings would name records that do not exist
            given = [op.key for op in inserts if op.status == "ok" and op.key is not None]
            if given or (
                written and (table.modified is not None or table.identity is not None or own)
            ):
                rows = table.read_back(conn, [k for k in written if k], own)
                lost = [k for k in given if k not in rows]
                if lost:
                    more = f" and {len(lost) - 1} more" if len(lost) > 1 else ""
                    raise AppRefusal(
                        f"{table.app.what} did not keep the key SyncDesk gave a new record "
                        f"({lost[0]}{more}): a trigger or rule of that app sets its keys; "
                        "nothing was written"
                    )
                for key, row in rows.items():
                    op = written[key]
                    op.stamp = mod_text(row.raw.get(STAMP))
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


# -- recovery -----------------------------------------------------------------------------


__all__ = [
    "KeyFloors",
    "RawText",
    "execute",
    "held_keys",
    "held_max",
    "insert_changes",
    "prepare_values",
]
