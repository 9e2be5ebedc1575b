"""Fix in place: mend a value an app refused where it came from, then sync the record.

A **failed** sync error whose value the target app refuses (too long, no value where one is
needed, a CHECK, the wrong kind) is mended at its source: :func:`fix_view` gathers what the
window's fix dialog shows (the source record's values, every column each field is written
to with what its schema takes, the database's own words), :func:`fix` writes the edited
values compare-and-set to the source app, logs them with the user and the reason, and
syncs the record at once (``syncdesk resolve ID --action edit --set FIELD=VALUE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import update

from syncdesk.errors import ConflictingUpdateError, UsageError
from syncdesk.models import Job, SyncError
from syncdesk.sync.actions import _open_errors, _refuse_unwritable
from syncdesk.sync.apply import execute
from syncdesk.sync.endpoint import Row, now_utc
from syncdesk.sync.integration import Integration
from syncdesk.sync.journal import current_user
from syncdesk.sync.limits import ColumnLimit, ValueProblem, check_value, column_limit
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.ops import Op, Plan
from syncdesk.sync.values import Canonical, canonical
from syncdesk.workspace import SIDES, Side, other

if TYPE_CHECKING:
    from syncdesk.sync.integration import MappingTables


@dataclass
class FixResult:
    """A value fixed in the app it came from, and the record synced again at once."""

    error_id: int
    job: int  # the job that wrote the fixed value
    retry: Any  # the one-record job that followed (engine.JobResult)
    resolved: bool  # the sync error is gone after it
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "error": self.error_id,
            "job": self.job,
            "retry": self.retry.as_json() if self.retry is not None else None,
            "resolved": self.resolved,
            "message": self.message,
        }


def fix(
    integration: Integration,
    error_id: int,
    values: dict[str, str],
    *,
    reason: str | None = None,
    lock_wait: float | None = None,
) -> FixResult:
    """Mend a value the target refused where it came from, then sync the record again.

    ``values``: left field name -> the value as typed. Each is checked against what both
    apps' schemas say (its kind, a length, a value needed) before anything is written: a
    value that still breaks a limit is a :class:`UsageError`, and nothing is written. The
    write to the source app is compare-and-set (refused if the record changed meanwhile),
    logged with the user and the reason; then the record is synced at once (a job with
    trigger ``manual``), and its outcome returned.
    """
    from syncdesk.sync.engine import run_sync

    if not values:
        raise UsageError("name at least one field to set (--set FIELD=VALUE)")
    user = current_user()
    with integration.state.job_lock(lock_wait):
        err, mt, source, key, row, lookups, now = _start(integration, error_id)
        m = mt.mapping
        target = other(source)
        stable, ttable = mt.side(source), mt.side(target)
        wanted: dict[str, Canonical] = {}
        for name, typed in values.items():
            try:
                f = m.field(name)
            except KeyError:
                known = ", ".join(x.left for x in m.fields)
                raise UsageError(
                    f"mapping {m.name} has no field {name!r} (fields: {known})"
                ) from None
            if not f.flows(target) or f.lookup:
                raise UsageError(
                    f"field {name!r} does not go to {ttable.title}: it cannot be what was refused"
                )
            column = f.column(source)
            wanted[name] = canonical(typed, stable.read_kinds[column])
        for table, side in ((ttable, target), (stable, source)):
            converted = lookups.to_side(side, wanted)
            if isinstance(converted, Unresolved):
                raise UsageError(converted.message({s: mt.side(s).title for s in SIDES}))
            _refuse_unwritable(table, converted)
        with integration.state.write() as s:
            job = Job(
                mapping=m.name,
                trigger="action",
                status="running",
                full=False,
                started=now_utc(),
                user=user,
                message="edit",
            )
            s.add(job)
            s.flush()
            job_id = job.id
        changes = {name: (now.get(name), v) for name, v in wanted.items() if now.get(name) != v}
        op = Op("update", source, values=wanted, changes=changes, row=row)
        plan = Plan(
            "edit",
            err.left_key,
            err.right_key,
            [op],
            user=user,
            note=f"fixed by {user}" + (f" ({reason})" if reason else ""),
        )
        out = execute(integration, mt, lookups, [plan], job_id) if changes else None
        with integration.state.write() as s:
            s.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(
                    status="succeeded",
                    finished=now_utc(),
                    modified=out.modified if out else 0,
                    failed=out.failed if out else 0,
                )
            )
        if changes and op.status != "ok":
            raise ConflictingUpdateError(
                f"{op.message or op.status}: nothing written; look at the record again"
            )
        with integration.state.write() as s:
            s.execute(update(SyncError).where(SyncError.id == err.id).values(skip=False))
    [result] = run_sync(integration, [m.name], record=(source, key), trigger="manual")
    with integration.state.read() as s:
        still = s.get(SyncError, err.id)
        resolved = still is None or still.status != "open"
    if resolved:
        message = f"fixed in {stable.title}, and synced to {ttable.title}"
    else:
        message = f"fixed in {stable.title}; {ttable.title} still refuses: " + (
            still.message if still is not None else ""
        )
    return FixResult(err.id, job_id, result, resolved, message)


def _fix_source(err: SyncError) -> tuple[Side, str]:
    """The app a refused value came from, and the record's key there."""
    if err.left_key is not None and err.right_key is not None:
        source: Side = "left" if err.side == "right" else "right"
        key = err.left_key if source == "left" else err.right_key
        return source, key
    if err.left_key is not None:
        return "left", err.left_key
    if err.right_key is not None:
        return "right", err.right_key
    raise UsageError(f"sync error {err.id} names no record")


# -- what the fix dialog shows --------------------------------------------------------------


class _Start(NamedTuple):
    """Where a fix starts: the error, its mapping, the source app and record as read now,
    and its values in the engine's form."""

    err: SyncError
    mt: MappingTables
    source: Side
    key: str
    row: Row
    lookups: Lookups
    now: dict[str, Canonical]


def _start(integration: Integration, error_id: int) -> _Start:
    """The failed error ``error_id`` and the source record it names, as it is now."""
    [err] = _open_errors(integration, [error_id], "retry", None)
    if err.kind != "failed":
        raise UsageError(
            f"sync error {error_id} is a {err.kind}: fix in place mends a value an app "
            "refused (a failed error)"
        )
    mt = integration.tables[err.mapping]
    source, key = _fix_source(err)
    stable = mt.side(source)
    with stable.app.read_engine.connect() as conn:
        row = stable.fetch(conn, [key]).get(key)
    if row is None:
        raise UsageError(f"{stable.title} has no {mt.mapping.name} record {key} any more")
    lookups = Lookups(integration, mt)
    lookups.prepare([row] if source == "left" else [], [row] if source == "right" else [])
    now = lookups.values(source, row)
    if isinstance(now, Unresolved):
        raise UsageError(now.message({s: mt.side(s).title for s in SIDES}))
    return _Start(err, mt, source, key, row, lookups, now)


@dataclass(frozen=True)
class FixField:
    """A field of the refused record that the fix can set, as the source app holds it now."""

    field: str  # the left field name (how fields are named in logs and --set)
    read_kind: str  # a typed text is read as the source column reads its values
    value: Canonical  # what the source app holds now
    #: every column the value is written to: the target app's first, then the source's
    limits: tuple[ColumnLimit, ...]
    #: what the schemas say of the value held now (the reason for the refusal, found)
    problems: tuple[ValueProblem, ...] = ()

    def check(self, text: str) -> tuple[Canonical, list[ValueProblem]]:
        """``text`` as it will be written, and what each column will say of it."""
        return check_value(text, self.read_kind, self.limits)


@dataclass(frozen=True)
class FixView:
    """One failed sync error as the fix dialog shows it (read at once, in a worker)."""

    error_id: int
    version: int
    mapping: str
    source: Side  # the app the refused value came from (the fix is written there)
    target: Side  # the app that refused it
    key: str  # the record's key in the source app
    left_key: str | None
    right_key: str | None
    titles: dict[Side, str]
    message: str  # the database's own words, as the sync error keeps them
    fields: tuple[FixField, ...]

    @property
    def refused(self) -> tuple[FixField, ...]:
        """The fields whose value now breaks what a column's schema takes."""
        return tuple(f for f in self.fields if f.problems)


def fix_view(integration: Integration, error_id: int) -> FixView:
    """What a failed sync error's fix starts from: the source record's fields that go to
    the app that refused it, each with what every column it is written to takes."""
    err, mt, source, key, _row, _lookups, now = _start(integration, error_id)
    m = mt.mapping
    target = other(source)
    stable, ttable = mt.side(source), mt.side(target)
    fields = []
    for f in m.fields:
        if not f.flows(target) or f.lookup:
            continue
        limits = (column_limit(ttable, f.column(target)), column_limit(stable, f.column(source)))
        value = now.get(f.left)
        problems = tuple(p for limit in limits if (p := limit.problem(value)) is not None)
        fields.append(
            FixField(f.left, stable.read_kinds[f.column(source)], value, limits, problems)
        )
    return FixView(
        error_id=err.id,
        version=err.version,
        mapping=m.name,
        source=source,
        target=target,
        key=key,
        left_key=err.left_key,
        right_key=err.right_key,
        titles={s: mt.side(s).title for s in SIDES},
        message=err.message,
        fields=tuple(fields),
    )


__all__ = ["FixField", "FixResult", "FixView", "fix", "fix_view"]
