"""The records browser: one mapping's records on either side, with their coupling status.

Search, paging and matching happen in SQL over the side's reflected table (identifiers
from the reflected schema, values bound). The state behind a page (couplings, exclusions,
open sync errors) is read with a few IN queries per page. Everything returned is frozen.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import String, cast, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from syncdesk.errors import SyncDeskError, UsageError
from syncdesk.models import Coupling, Exclusion, Job, SyncError
from syncdesk.sync.apply import execute
from syncdesk.sync.endpoint import IN_CHUNK, STAMP, Row, mod_text, now_utc
from syncdesk.sync.engine import Counts, JobResult
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.journal import current_user, record_skip
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import choose
from syncdesk.sync.ops import Plan, update_ops
from syncdesk.sync.queries import ErrorFilter, ErrorRow
from syncdesk.sync.recovery import recover
from syncdesk.sync.side_table import SideTable
from syncdesk.sync.values import Canonical, canonical, show
from syncdesk.workspace import SIDES, Side, other

log = logging.getLogger(__name__)

#: a record's coupling status
IN_SYNC = "in sync"
DIFFERS = "differs"
PARTNER_MISSING = "partner missing"
ERROR = "error"
EXCLUDED = "excluded"
NOT_COUPLED = "not coupled"
STATUSES = (IN_SYNC, DIFFERS, PARTNER_MISSING, ERROR, EXCLUDED, NOT_COUPLED)


@dataclass(frozen=True)
class RecordRow:
    """One record of one side: its key, its mapped values as shown, and its coupling."""

    mapping: str
    side: Side
    key: str
    #: per mapped field, in the mapping's order: the value as a person reads it
    values: tuple[str, ...]
    status: str
    #: the coupled record's key on the other side (None when not coupled)
    partner: str | None = None
    #: the open sync error's kind and id, if any
    error: str | None = None
    error_id: int | None = None
    #: the record's name (its mapping's title field), if it has one
    title: str | None = None

    @property
    def coupled(self) -> bool:
        return self.partner is not None


@dataclass(frozen=True)
class FieldPair:
    """One mapped field of a record and of its partner."""

    field: str  # the left field name (the mapping's name for the field)
    this_column: str
    other_column: str
    this: str
    other: str | None  # None: no partner record to show
    differs: bool


@dataclass(frozen=True)
class RecordPair:
    """A record beside its partner, field by field (``exists``: the record is still there)."""

    record: RecordRow
    exists: bool
    partner_exists: bool
    fields: tuple[FieldPair, ...]


@dataclass(frozen=True)
class Suggestion:
    """A record on the other side that may be the same thing: how many fields match."""

    record: RecordRow
    matched: int
    of: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(columns: Sequence[Any], text: str) -> ColumnElement[bool]:
    pattern = f"%{_escape_like(text.strip().lower())}%"
    return or_(*(func.lower(cast(c, String())).like(pattern, escape="\\") for c in columns))


def search_keys(table: SideTable, conn: Any, text: str, *, offset: int, limit: int) -> list[str]:
    """Keys of ``table`` whose key or a mapped field holds ``text``, in key order, one page."""
    query = select(table.key)
    if text.strip():
        query = query.where(_contains([table.key, *table.fields], text))
    query = query.order_by(table.key).offset(offset).limit(limit)
    return [str(k) for k in conn.execute(query).scalars()]


def search_records(
    integration: Integration,
    mapping: str,
    side: Side,
    text: str = "",
    *,
    offset: int = 0,
    limit: int = 200,
) -> list[RecordRow]:
    """One page of ``side``'s records of ``mapping`` matching ``text`` (key or mapped field).

    Case-insensitive; in key order; ``offset``/``limit`` page in SQL.
    """
    mt = integration.mapping_tables(mapping)
    table = mt.side(side)
    with table.app.read_engine.connect() as conn:
        keys = search_keys(table, conn, text, offset=offset, limit=limit)
        rows = table.fetch(conn, keys)
    built = _Page(integration, mt, side, [rows[k] for k in keys if k in rows])
    return [built.record(k) for k in keys if k in rows]


def count_records(integration: Integration, mapping: str, side: Side, text: str = "") -> int:
    """How many of ``side``'s records of ``mapping`` hold ``text`` (key or mapped field)."""
    table = integration.mapping_tables(mapping).side(side)
    query = select(func.count()).select_from(table.table)
    if text.strip():
        query = query.where(_contains([table.key, *table.fields], text))
    with table.app.read_engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


@dataclass(frozen=True)
class RecordPage:
    """One page of records with a status asked for: ``next_offset`` is where the key order
    goes on (the records looked at so far), ``more`` whether records are left to look at."""

    rows: list[RecordRow]
    next_offset: int
    more: bool


def find_records(
    integration: Integration,
    mapping: str,
    side: Side,
    text: str = "",
    statuses: Collection[str] = (),
    *,
    offset: int = 0,
    limit: int = 200,
    scan: int = 500,
) -> RecordPage:
    """Records holding ``text`` whose status is one of ``statuses`` (any, if empty).

    A status is known only once a record is read beside its partner and the state, so the
    records are looked at in key order, ``scan`` at a time from ``offset``, until ``limit``
    match or none are left.
    """
    wanted = set(statuses)
    unknown = wanted - set(STATUSES)
    if unknown:
        raise UsageError(f"unknown record status {sorted(unknown)[0]!r}")
    if not wanted:
        rows = search_records(integration, mapping, side, text, offset=offset, limit=limit + 1)
        return RecordPage(rows[:limit], offset + min(len(rows), limit), len(rows) > limit)
    found: list[RecordRow] = []
    at = offset
    while True:
        got = search_records(integration, mapping, side, text, offset=at, limit=scan)
        for i, r in enumerate(got):
            if r.status in wanted:
                found.append(r)
                if len(found) == limit:
                    more = i + 1 < len(got) or len(got) == scan
                    return RecordPage(found, at + i + 1, more)
        at += len(got)
        if len(got) < scan:
            return RecordPage(found, at, False)


def record_pair(integration: Integration, mapping: str, side: Side, key: str) -> RecordPair:
    """One record beside its coupled partner (if any), field by field."""
    mt = integration.mapping_tables(mapping)
    table = mt.side(side)
    key = table.typed_key(key)
    with table.app.read_engine.connect() as conn:
        row = table.fetch_key(conn, key)
    if row is None:
        raise UsageError(f"{table.title} has no {mt.mapping.name} record {key}")
    key = row.key  # as the record has it (a REAL key typed 2 is the record 2.0)
    page = _Page(integration, mt, side, [row])
    record = page.record(key)
    partner = page.partner_rows.get(key)
    this_shown = record.values
    other_table = mt.side(other(side))
    other_shown = _shown(other_table, partner) if partner is not None else None
    this_values = page.values.get(key)
    other_values = page.partner_values.get(key)
    fields = []
    for i, f in enumerate(mt.mapping.fields):
        differs = False
        if partner is not None:
            if isinstance(this_values, dict) and isinstance(other_values, dict):
                differs = this_values.get(f.left) != other_values.get(f.left)
            else:
                assert other_shown is not None
                differs = this_shown[i] != other_shown[i]
        fields.append(
            FieldPair(
                field=f.left,
                this_column=f.column(side),
                other_column=f.column(other(side)),
                this=this_shown[i],
                other=other_shown[i] if other_shown is not None else None,
                differs=differs,
            )
        )
    return RecordPair(record, True, partner is not None, tuple(fields))


def match_fields(mt: MappingTables) -> list[str]:
    """The left fields a suggestion must match: ``couple_by``, else the first text field."""
    m = mt.mapping
    if m.couple_by:
        return list(m.couple_by)
    for f, col in zip(m.fields, mt.left.fields, strict=True):
        if f.lookup is None and mt.left.kinds[col.name] == "text":
            return [f.left]
    return [m.fields[0].left] if m.fields else []


def match_suggestions(
    integration: Integration, mapping: str, side: Side, key: str, limit: int = 20
) -> list[Suggestion]:
    """Uncoupled records on the other side whose match fields hold this record's values.

    The first match field must match; best first: the most matching fields, then key
    order. Values match after trimming, ignoring case unless ``couple_case_sensitive``.
    """
    mt = integration.mapping_tables(mapping)
    m = mt.mapping
    table, target = mt.side(side), mt.side(other(side))
    with table.app.read_engine.connect() as conn:
        row = table.fetch(conn, [key]).get(key)
    if row is None:
        raise UsageError(f"{table.title} has no {m.name} record {key}")
    lookups = Lookups(integration, mt)
    lookups.prepare([row] if side == "left" else [], [row] if side == "right" else [])
    values = lookups.values(side, row)
    if isinstance(values, Unresolved):
        values = {f.left: canonical(row.raw.get(f.column(side))) for f in m.fields}
    names = match_fields(mt)
    fold = (lambda v: v) if m.couple_case_sensitive else (lambda v: v.casefold())

    def folded(v: Canonical) -> str | None:
        return None if v is None else fold(str(v).strip())

    wanted = {n: folded(values.get(n)) for n in names}
    # the first field that can be matched in SQL must match; the others rank the candidates
    first = next((n for n in names if wanted[n] is not None and m.field(n).lookup is None), None)
    if first is None:
        return []
    col = target.table.c[m.field(first).column(other(side))]
    with target.app.read_engine.connect() as conn:
        found = {
            r.key: r
            for r in target.find_matches(
                conn, col, [str(values.get(first)).strip()], m.couple_case_sensitive
            )
        }
    if not found:
        return []
    rows = list(found.values())
    page = _Page(integration, mt, other(side), rows)
    scored: list[tuple[int, str]] = []
    for r in rows:
        rec = page.record(r.key)
        if rec.coupled:
            continue
        tv = page.values.get(r.key)
        if not isinstance(tv, dict):
            continue
        score = sum(1 for n in names if wanted[n] is not None and folded(tv.get(n)) == wanted[n])
        if folded(tv.get(first)) == wanted[first]:
            scored.append((score, r.key))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [Suggestion(page.record(k), score, len(names)) for score, k in scored[:limit]]


# -- a record's name ---------------------------------------------------------------------


def title_field(mt: MappingTables) -> str | None:
    """The left field that names a record to a person: the mapping's ``title``, else its
    first mapped text field that is no lookup (None when it has none)."""
    m = mt.mapping
    if m.title is not None:
        return m.title
    for f, col in zip(m.fields, mt.left.fields, strict=True):
        if f.lookup is None and mt.left.kinds[col.name] == "text":
            return f.left
    return None


def record_titles(
    integration: Integration, mapping: str, side: Side, keys: Sequence[str]
) -> dict[str, str]:
    """The names of ``side``'s records of ``mapping`` with these keys, read from the app in
    batches; a record without one (gone, or an empty name) is left out."""
    mt = integration.mapping_tables(mapping)
    name = title_field(mt)
    if name is None or not keys:
        return {}
    table = mt.side(side)
    column = mt.mapping.field(name).column(side)
    with table.app.read_engine.connect() as conn:
        rows = table.fetch(conn, list(dict.fromkeys(keys)))
    out: dict[str, str] = {}
    for key, row in rows.items():
        value = canonical(row.raw.get(column), table.read_kinds[column])
        text = "" if value is None else show(value).strip()
        if text:
            out[key] = text
    return out


def _title_side(kind: str, left_key: str | None, right_key: str | None) -> tuple[Side, str] | None:
    """Where an error's record is read for its name: the left app, unless it is gone there."""
    if left_key is not None and kind != "deleted-left":
        return "left", left_key
    if right_key is not None:
        return "right", right_key
    return None


def _error_titles(
    integration: Integration, wanted: dict[tuple[str, Side], list[str]]
) -> dict[tuple[str, Side, str], str]:
    """Titles by (mapping, side, key); an app that cannot be read just gives none."""
    out: dict[tuple[str, Side, str], str] = {}
    for (mapping, side), keys in wanted.items():
        if mapping not in integration.tables:
            continue  # the workspace no longer has the mapping
        try:
            titles = record_titles(integration, mapping, side, keys)
        except (SQLAlchemyError, SyncDeskError) as exc:
            log.info("titles of %s in %s not read: %s", mapping, side, exc)
            continue
        out.update({(mapping, side, k): v for k, v in titles.items()})
    return out


def with_titles(integration: Integration, rows: Sequence[ErrorRow]) -> list[ErrorRow]:
    """``rows`` with each record's name, read from the apps (a few IN queries per mapping)."""
    wanted: dict[tuple[str, Side], list[str]] = defaultdict(list)
    for r in rows:
        where = _title_side(r.kind, r.left_key, r.right_key)
        if where is not None:
            wanted[(r.mapping, where[0])].append(where[1])
    titles = _error_titles(integration, wanted)
    out = []
    for r in rows:
        where = _title_side(r.kind, r.left_key, r.right_key)
        title = titles.get((r.mapping, *where)) if where is not None else None
        out.append(replace(r, title=title) if title is not None else r)
    return out


def search_titles(integration: Integration, flt: ErrorFilter) -> ErrorFilter:
    """``flt`` with the ids of the errors whose record's name holds its search text.

    The names live in the apps, so the open errors the filter's mappings and kinds allow
    are read (their keys only), their names fetched in batches and compared here.
    """
    needle = flt.search.strip().casefold()
    if not needle:
        return replace(flt, title_matches=())
    q = select(
        SyncError.id, SyncError.mapping, SyncError.kind, SyncError.left_key, SyncError.right_key
    )
    q = q.where(SyncError.status == flt.status) if flt.status else q
    if flt.mappings:
        q = q.where(SyncError.mapping.in_(flt.mappings))
    if flt.kinds:
        q = q.where(SyncError.kind.in_(flt.kinds))
    with integration.state.read() as s:
        errors = s.execute(q).all()
    wanted: dict[tuple[str, Side], list[str]] = defaultdict(list)
    places: list[tuple[int, str, Side, str]] = []
    for e in errors:
        where = _title_side(e.kind, e.left_key, e.right_key)
        if where is not None:
            wanted[(e.mapping, where[0])].append(where[1])
            places.append((e.id, e.mapping, *where))
    titles = _error_titles(integration, wanted)
    ids = tuple(i for i, m, side, k in places if needle in titles.get((m, side, k), "").casefold())
    return replace(flt, title_matches=ids)


def _shown(table: SideTable, row: Row) -> tuple[str, ...]:
    values = table.canonical(row)
    return tuple("" if values[c.name] is None else show(values[c.name]) for c in table.fields)


class _Page:
    """The state of a page of records of one side, read with a few IN queries."""

    def __init__(
        self, integration: Integration, mt: MappingTables, side: Side, rows: Sequence[Row]
    ) -> None:
        self.mt = mt
        self.side: Side = side
        self.table = mt.side(side)
        self.rows = {r.key: r for r in rows}
        keys = list(self.rows)
        name = mt.mapping.name
        titled = title_field(mt)
        names = [f.left for f in mt.mapping.fields]
        self.title_index = names.index(titled) if titled is not None else None
        this_col = Coupling.left_key if side == "left" else Coupling.right_key
        other_col = Coupling.right_key if side == "left" else Coupling.left_key
        err_col = SyncError.left_key if side == "left" else SyncError.right_key
        self.partners: dict[str, str] = {}
        self.excluded: set[str] = set()
        self.errors: dict[str, tuple[str, int]] = {}
        with integration.state.read() as s:
            for start in range(0, len(keys), IN_CHUNK):
                chunk = keys[start : start + IN_CHUNK]
                self.partners.update(
                    (k, p)
                    for k, p in s.execute(
                        select(this_col, other_col).where(
                            Coupling.mapping == name, this_col.in_(chunk)
                        )
                    ).tuples()
                    if k is not None and p is not None
                )
                self.excluded.update(
                    s.scalars(
                        select(Exclusion.key).where(
                            Exclusion.mapping == name,
                            Exclusion.side == side,
                            Exclusion.key.in_(chunk),
                        )
                    )
                )
                for k, kind, eid in s.execute(
                    select(err_col, SyncError.kind, SyncError.id)
                    .where(
                        SyncError.mapping == name,
                        SyncError.status == "open",
                        err_col.in_(chunk),
                    )
                    .order_by(SyncError.id)
                ):
                    if k is not None:
                        self.errors[k] = (kind, eid)
        other_table = mt.side(other(side))
        with other_table.app.read_engine.connect() as conn:
            partner_rows = other_table.fetch(conn, list(set(self.partners.values())))
        self.partner_rows: dict[str, Row] = {
            k: partner_rows[p] for k, p in self.partners.items() if p in partner_rows
        }
        lookups = Lookups(integration, mt)
        mine, theirs = list(self.rows.values()), list(self.partner_rows.values())
        if side == "left":
            lookups.prepare(mine, theirs)
        else:
            lookups.prepare(theirs, mine)
        self.values: dict[str, dict[str, Canonical] | Unresolved] = {}
        self.partner_values: dict[str, dict[str, Canonical] | Unresolved] = {}
        for k, r in self.rows.items():
            self.values[k] = lookups.values(side, r)
        for k, r in self.partner_rows.items():
            self.partner_values[k] = lookups.values(other(side), r)

    def record(self, key: str) -> RecordRow:
        row = self.rows[key]
        partner = self.partners.get(key)
        error = self.errors.get(key)
        if error is not None:
            status = ERROR
        elif key in self.excluded and partner is None:
            status = EXCLUDED
        elif partner is None:
            status = NOT_COUPLED
        elif key not in self.partner_rows:
            status = PARTNER_MISSING
        else:
            mine, theirs = self.values.get(key), self.partner_values.get(key)
            # a one-way field may differ on its target (the engine copies it only when its
            # source changes): "in sync" means the fields that flow both ways agree
            both_ways = [
                f.left for f in self.mt.mapping.fields if f.flows("left") and f.flows("right")
            ]
            same = (
                isinstance(mine, dict)
                and isinstance(theirs, dict)
                and all(mine.get(f) == theirs.get(f) for f in both_ways)
            )
            status = IN_SYNC if same else DIFFERS
        values = _shown(self.table, row)
        title = values[self.title_index] if self.title_index is not None else ""
        return RecordRow(
            mapping=self.mt.mapping.name,
            side=self.side,
            key=key,
            values=values,
            status=status,
            partner=partner,
            error=error[0] if error else None,
            error_id=error[1] if error else None,
            title=title.strip() or None,
        )


# -- Synchronize Now in a chosen direction -----------------------------------------------


def sync_record_direction(
    integration: Integration, mapping: str, side: Side, key: str, direction: str
) -> JobResult:
    """Copy one coupled pair's differing values one way (``to-left`` or ``to-right``).

    Every mapped field that may flow that way takes the source side's value; the write
    goes through the journaled compare-and-set writer, as a job with trigger ``manual``.
    An open conflict of the pair is resolved by it (both sides then hold one version).
    """
    if direction not in ("to-left", "to-right"):
        raise UsageError(f"direction must be to-left or to-right, not {direction!r}")
    mt = integration.mapping_tables(mapping)
    m = mt.mapping
    target: Side = "left" if direction == "to-left" else "right"
    source = other(target)
    if not m.flows(target):
        raise UsageError(f"mapping {m.name} does not sync to {mt.side(target).title}")
    key = mt.side(side).typed_key(key)
    user = current_user()
    with integration.state.job_lock():
        recover(integration)
        this_col = Coupling.left_key if side == "left" else Coupling.right_key
        with integration.state.read() as s:
            cp = s.scalars(
                select(Coupling).where(Coupling.mapping == m.name, this_col == key)
            ).first()
            err = None
            if cp is not None:
                err = s.scalars(
                    select(SyncError).where(
                        SyncError.mapping == m.name,
                        SyncError.status == "open",
                        SyncError.left_key == cp.left_key,
                        SyncError.right_key == cp.right_key,
                    )
                ).first()
        if cp is None:
            raise UsageError(
                f"{mt.side(side).title} {m.name} {key} is not coupled; couple it first"
            )
        lrow = rrow = None
        if cp.left_key is not None:
            with mt.left.app.read_engine.connect() as conn:
                lrow = mt.left.fetch(conn, [cp.left_key]).get(cp.left_key)
        if cp.right_key is not None:
            with mt.right.app.read_engine.connect() as conn:
                rrow = mt.right.fetch(conn, [cp.right_key]).get(cp.right_key)
        if lrow is None or rrow is None:
            gone: Side = "left" if lrow is None else "right"
            raise UsageError(
                f"the record was deleted in {mt.side(gone).title}; resolve it in Sync Errors"
            )
        lookups = Lookups(integration, mt)
        lookups.prepare([lrow], [rrow])
        lv, rv = lookups.values("left", lrow), lookups.values("right", rrow)
        if isinstance(lv, Unresolved) or isinstance(rv, Unresolved):
            bad = lv if isinstance(lv, Unresolved) else rv
            assert isinstance(bad, Unresolved)
            raise UsageError(bad.message({x: mt.side(x).title for x in SIDES}))
        started = now_utc()
        with integration.state.write() as s:
            job = Job(
                mapping=m.name,
                trigger="manual",
                status="running",
                full=False,
                started=started,
                user=user,
                pid=os.getpid(),
                record=f"{side}:{key}",
                message=f"copy {mt.side(source).title} values to {mt.side(target).title}",
            )
            s.add(job)
            s.flush()
            job_id = job.id
        result = choose(m.fields, lv, rv, {f.left: source for f in m.fields})
        ops = update_ops(result, lrow, rrow)
        plan = Plan(
            "modify",
            cp.left_key,
            cp.right_key,
            ops,
            base=result.base,
            coupling_id=cp.id,
            error_id=err.id if err is not None and err.kind in ("conflict", "failed") else None,
            resolution=f"use-{source}",
            user=user,
            note=f"copied {mt.side(source).title} values by {user}",
            seen={
                "left": mod_text(lrow.raw.get(STAMP)),
                "right": mod_text(rrow.raw.get(STAMP)),
            },
        )
        counts = Counts()
        status, message = "succeeded", ""
        try:
            out = execute(integration, mt, lookups, [plan], job_id)
        except Exception as exc:
            status, message = "failed", f"stopped: {exc}"
        else:
            counts.modified, counts.failed = out.modified, out.failed
            if not ops:
                counts.unchanged = 1
            if out.stale:
                counts.skipped = 1
        finished = now_utc()
        with integration.state.write() as s:
            if counts.skipped:
                stale = next((op.message for op in ops if op.status == "stale"), "")
                record_skip(
                    s,
                    job_id=job_id,
                    mapping=m.name,
                    left_key=cp.left_key,
                    right_key=cp.right_key,
                    reason=stale or f"changed in {mt.side(source).title} meanwhile",
                )
            s.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(
                    status=status,
                    finished=finished,
                    inserted=counts.inserted,
                    modified=counts.modified,
                    unchanged=counts.unchanged,
                    skipped=counts.skipped,
                    failed=counts.failed,
                )
            )
    return JobResult(
        job=job_id,
        mapping=m.name,
        status=status,
        trigger="manual",
        started=started,
        finished=finished,
        message=message,
        counts=counts,
    )
