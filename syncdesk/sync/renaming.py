"""A mapping renamed in the workspace file: found before a job creates every record again,
and its state carried over to the new name (or forgotten) on the administrator's word.

SyncDesk keeps its couplings, errors, log and watermarks under the mapping's name. A name
changed in the file leaves them under the old one: the first job of the new name would
find no coupling and copy every record into the other app once more, in both directions.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from syncdesk.errors import UsageError, WorkspaceError
from syncdesk.models import (
    Coupling,
    CouplingCount,
    Exclusion,
    Job,
    JobSkip,
    LogEntry,
    QueueEntry,
    SyncError,
    Uncoupled,
    Watermark,
)
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.integration import Integration, MappingTables
from syncdesk.sync.recovery import recover
from syncdesk.sync.state_batch import count_triggers_aside

#: couplings of an old name looked up in the new mapping's tables
SAMPLE = 20

#: the tables whose rows belong to a mapping by its name (the queue and the counts apart)
_BY_NAME = (Coupling, Uncoupled, Exclusion, Job, JobSkip, SyncError, LogEntry, Watermark)


def _gone_names(integration: Integration) -> list[str]:
    """Mappings the state holds couplings of that the workspace no longer has."""
    names = {m.name for m in integration.workspace.mappings}
    with integration.state.read() as s:
        held = s.scalars(select(CouplingCount.mapping).where(CouplingCount.n > 0).distinct())
        return sorted(n for n in held if n not in names)


def _has_couplings(integration: Integration, mapping: str) -> bool:
    with integration.state.read() as s:
        return s.scalar(select(Coupling.id).where(Coupling.mapping == mapping).limit(1)) is not None


def _count(s: Session, mapping: str) -> int:
    """The couplings of ``mapping`` (counted by the database, not read one by one)."""
    return int(
        s.scalar(select(func.count()).select_from(Coupling).where(Coupling.mapping == mapping)) or 0
    )


def renamed_from(integration: Integration, mt: MappingTables) -> str | None:
    """The old name ``mt``'s mapping seems to have had: a mapping gone from the workspace
    whose coupled records are, on both sides, records of this mapping's tables (None when
    this mapping has couplings of its own, or no gone mapping matches)."""
    gone = _gone_names(integration)
    if not gone or _has_couplings(integration, mt.mapping.name):
        return None
    for old in gone:
        with integration.state.read() as s:
            sample = s.execute(
                select(Coupling.left_key, Coupling.right_key)
                .where(
                    Coupling.mapping == old,
                    Coupling.left_key.is_not(None),
                    Coupling.right_key.is_not(None),
                )
                .limit(SAMPLE)
            ).all()
        if not sample:
            continue
        try:
            with mt.left.app.read_engine.connect() as conn:
                lefts = mt.left.fetch(conn, [str(lk) for lk, _rk in sample])
            with mt.right.app.read_engine.connect() as conn:
                rights = mt.right.fetch(conn, [str(rk) for _lk, rk in sample])
        except SQLAlchemyError:
            # keys these columns cannot hold (an enum's), or an app that fails: no sign of
            # a rename here (a failing app fails the job as ever)
            continue
        both = sum(1 for lk, rk in sample if lk in lefts and rk in rights)
        if both and both * 2 >= len(sample):
            return old
    return None


def refuse_if_renamed(integration: Integration, mt: MappingTables) -> None:
    """A :class:`WorkspaceError` before a job of a mapping that looks renamed in the file."""
    old = renamed_from(integration, mt)
    if old is None:
        return
    new = mt.mapping.name
    path = integration.workspace.path
    raise WorkspaceError(
        f"{path}: mapping {new} has no couplings, but the records of its tables are coupled "
        f"under {old}, a mapping the workspace no longer has (renamed?): a job would create "
        f"each of them again in the other app. Carry them over with: syncdesk mappings -w "
        f"{path} --rename {old} {new} (or --forget {old}, if it synced other records)"
    )


def rename_mapping(integration: Integration, old: str, new: str) -> int:
    """Carry everything SyncDesk keeps under mapping ``old`` over to ``new`` (a mapping of
    the workspace with no couplings yet): couplings, errors, log, jobs and watermarks, in
    one transaction under the job lock. Returns the couplings carried over."""
    names = {m.name for m in integration.workspace.mappings}
    if new not in names:
        raise UsageError(f"the workspace has no mapping {new}")
    if old in names:
        raise UsageError(f"{old} is still a mapping of the workspace: rename it in the file")
    if _has_couplings(integration, new):
        raise UsageError(f"{new} has couplings of its own: nothing carried over")
    state = integration.state
    with state.job_lock():
        recover(integration)  # a job the old name left half done is finished first
        with state.read() as s:
            carried = _count(s, old)
        if not carried:
            raise UsageError(f"SyncDesk keeps no couplings of a mapping {old}")
        with state.write() as s, count_triggers_aside(s.connection()):
            s.execute(delete(Watermark).where(Watermark.mapping == new))
            for table in _BY_NAME:
                s.execute(update(table).where(table.mapping == old).values(mapping=new))
            # counted again by the next job (the triggers counted under the old name)
            s.execute(delete(CouplingCount).where(CouplingCount.mapping.in_([old, new])))
            s.execute(delete(QueueEntry).where(QueueEntry.mapping == old))
    return carried


def forget_mapping(integration: Integration, old: str) -> int:
    """Drop the couplings, open errors and watermarks of a mapping gone from the workspace
    (its jobs and record log stay, as history). Returns the couplings dropped."""
    if old in {m.name for m in integration.workspace.mappings}:
        raise UsageError(f"{old} is a mapping of the workspace: only a gone one is forgotten")
    state = integration.state
    with state.job_lock():
        recover(integration)
        with state.write() as s, count_triggers_aside(s.connection()):
            dropped = _count(s, old)
            # (the count of the old name goes with it: nothing for the triggers to keep)
            for table in (Coupling, Uncoupled, Exclusion, Watermark, CouplingCount, QueueEntry):
                s.execute(delete(table).where(table.mapping == old))
            s.execute(
                update(SyncError)
                .where(SyncError.mapping == old, SyncError.status == "open")
                .values(status="resolved", resolved_at=now_utc(), resolution="forgotten")
            )
    return dropped


__all__ = ["forget_mapping", "refuse_if_renamed", "rename_mapping", "renamed_from"]
