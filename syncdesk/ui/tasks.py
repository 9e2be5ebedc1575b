"""The engine calls the window makes, as plain functions run by :mod:`syncdesk.ui.worker`.

Each takes what it needs and the task context, calls ``syncdesk.sync`` and returns frozen
values. Nothing here touches Qt: these functions run in worker threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from syncdesk.errors import SyncDeskError
from syncdesk.sync.actions import ActionResult, resolve
from syncdesk.sync.engine import JobResult, Progress, ProgressCallback, run_sync
from syncdesk.sync.integration import Integration, open_integration
from syncdesk.sync.queries import (
    ErrorFilter,
    ErrorRow,
    LogRow,
    count_errors,
    list_errors,
    record_log,
)
from syncdesk.ui.worker import TaskContext
from syncdesk.workspace import Side

#: the error table shows at most this many rows (a filter narrows the rest)
ERROR_LIMIT = 5000


class DemoUnavailableError(SyncDeskError):
    """This build has no demo workspace writer."""


@dataclass(frozen=True)
class ErrorsSnapshot:
    """What the error list shows: the rows, how many match, and the counts per kind."""

    rows: list[ErrorRow]
    matching: int
    totals: dict[str, int]
    filter: ErrorFilter


@dataclass(frozen=True)
class RecordLog:
    mapping: str
    side: Side
    key: str
    rows: list[LogRow]


def open_workspace(path: Path, context: TaskContext) -> Integration:
    return open_integration(path)


def open_demo(folder: Path, records: int, context: TaskContext) -> Integration:
    """Open the demo workspace in ``folder``, writing it first if it is not there yet."""
    path = folder / "syncdesk.toml"
    if not path.exists():
        try:
            from syncdesk.sync.demo import write_demo
        except ImportError:
            raise DemoUnavailableError("this build of SyncDesk has no demo workspace") from None
        path = write_demo(folder, records)
    return open_integration(path)


def load_errors(
    integration: Integration,
    flt: ErrorFilter,
    sort: str,
    descending: bool,
    context: TaskContext,
) -> ErrorsSnapshot:
    store = integration.state
    rows = list_errors(store, flt, sort=sort, descending=descending, limit=ERROR_LIMIT)
    matching = len(rows)
    if matching >= ERROR_LIMIT:
        matching = sum(count_errors(store, flt).values())
    totals = count_errors(store, ErrorFilter())
    return ErrorsSnapshot(rows, matching, totals, flt)


def load_record_log(
    integration: Integration, mapping: str, side: Side, key: str, context: TaskContext
) -> RecordLog:
    return RecordLog(mapping, side, key, record_log(integration.state, side, key, mapping))


def _job_progress(context: TaskContext) -> ProgressCallback:
    last_phase: list[tuple[int, str]] = []

    def report(p: Progress) -> None:
        marker = (p.job, p.phase)
        changed = not last_phase or last_phase[-1] != marker
        if changed:
            last_phase[:] = [marker]
        context.progress(p, force=changed)

    return report


def synchronize(
    integration: Integration,
    mappings: Sequence[str] | None,
    full: bool,
    context: TaskContext,
) -> list[JobResult]:
    return run_sync(
        integration,
        list(mappings) if mappings else None,
        full=full,
        trigger="manual",
        progress=_job_progress(context),
        cancel=context.cancel,
    )


def synchronize_records(
    integration: Integration,
    records: Sequence[tuple[str, Side, str]],
    context: TaskContext,
) -> list[JobResult]:
    """Synchronize Now: one manual job per chosen record (mapping, side, key)."""
    results: list[JobResult] = []
    report = _job_progress(context)
    for mapping, side, key in records:
        if context.cancelled:
            break
        results.extend(
            run_sync(
                integration,
                [mapping],
                record=(side, key),
                trigger="manual",
                progress=report,
                cancel=context.cancel,
            )
        )
    return results


def resolve_errors(
    integration: Integration,
    ids: Sequence[int],
    action: str,
    versions: dict[int, int],
    context: TaskContext,
) -> ActionResult:
    return resolve(integration, list(ids), action, expected_versions=versions)
