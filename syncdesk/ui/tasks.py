"""The engine calls the window makes, as plain functions run by :mod:`syncdesk.ui.worker`.

Each takes what it needs and the task context, calls ``syncdesk.sync`` and returns frozen
values. These functions run in worker threads: nothing here touches a widget. The texts a
person reads (refusals, the export's column headers) are translated here with
``QCoreApplication.translate`` (context "Tasks"), which is thread-safe.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from syncdesk import credentials
from syncdesk.credentials import MissingPassword, Target
from syncdesk.errors import ConflictingUpdateError, SyncDeskError, UnavailableError
from syncdesk.sync.actions import ActionResult, resolve
from syncdesk.sync.conflicts import ConflictView, conflict_view
from syncdesk.sync.engine import Cancelled, JobResult, Progress, ProgressCallback, run_sync
from syncdesk.sync.integration import Integration, open_integration
from syncdesk.sync.queries import (
    ErrorFilter,
    ErrorRow,
    LogRow,
    count_errors,
    count_errors_with_totals,
    error_ids,
    iter_error_pages,
    list_errors,
    record_log,
)
from syncdesk.ui.i18n import TranslationContext, fmt_int, list_separator
from syncdesk.ui.messages import engine_text
from syncdesk.ui.worker import TaskContext
from syncdesk.workspace import Side, load_workspace

#: the error table reads this many rows at a time (the first page, then one per fetchMore)
PAGE_SIZE = 200
#: the export reads this many rows at a time
EXPORT_PAGE_SIZE = 2000
#: an action on every matching error is applied in batches of this many (bound parameters)
RESOLVE_BATCH = 1000


class Tasks(TranslationContext):
    """Only the translation context "Tasks" (see TranslationContext)."""


class DemoUnavailableError(SyncDeskError):
    """This build has no demo workspace writer."""


@dataclass(frozen=True)
class ErrorsSnapshot:
    """What the error list shows first: its first rows, and the counts per kind.

    ``matching`` counts the errors matching ``filter`` per kind; ``totals`` every open one.
    """

    rows: list[ErrorRow]
    matching: dict[str, int]
    totals: dict[str, int]
    filter: ErrorFilter
    sort: str = "id"
    descending: bool = False

    @property
    def total(self) -> int:
        """How many errors match the filter (the table's full length)."""
        return sum(self.matching.values())


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


#: the CSV's columns (the two keys are named after the apps), translated when written: the
#: file is a report for people (it opens in Excel), like its kinds, times and messages
CSV_HEADER = (
    QT_TRANSLATE_NOOP("Tasks", "Mapping"),
    QT_TRANSLATE_NOOP("Tasks", "Kind"),
    QT_TRANSLATE_NOOP("Tasks", "{left} key"),
    QT_TRANSLATE_NOOP("Tasks", "{right} key"),
    QT_TRANSLATE_NOOP("Tasks", "Message"),
    QT_TRANSLATE_NOOP("Tasks", "First seen"),
    QT_TRANSLATE_NOOP("Tasks", "Last attempt"),
    QT_TRANSLATE_NOOP("Tasks", "Attempts"),
)


@dataclass(frozen=True)
class RecordLog:
    mapping: str
    side: Side
    key: str
    rows: list[LogRow]


@dataclass(frozen=True)
class PasswordsNeeded:
    """Opening stopped: the workspace needs passwords its sources cannot give (ask them)."""

    path: Path
    name: str
    needed: tuple[MissingPassword, ...]
    #: True when the passwords typed last time were refused by a database
    refused: bool = False


def open_workspace(
    path: Path,
    context: TaskContext,
    passwords: dict[Target, str] | None = None,
    save: Sequence[Target] = (),
) -> Integration | PasswordsNeeded:
    """Open ``path`` with the ``passwords`` typed for it; ask for any still missing.

    The ``save`` ones go into the system keyring once the databases accepted them (a wrong
    password is never kept).
    """
    workspace = load_workspace(path)
    needed = credentials.missing(workspace, passwords)
    if needed:
        return PasswordsNeeded(path, workspace.name, tuple(needed))
    try:
        integration = Integration(workspace, passwords=passwords)
    except UnavailableError as exc:
        # a typed password the server refused: ask again, saying so (never kept)
        if passwords and "password authentication failed" in str(exc):
            again = credentials.refused(workspace, passwords, str(exc))
            return PasswordsNeeded(path, workspace.name, tuple(again), refused=True)
        raise
    try:
        for target in save:
            if passwords and passwords.get(target):
                credentials.save(workspace, target, passwords[target])
    except SyncDeskError:
        integration.close()
        raise
    return integration


def open_demo(folder: Path, records: int, context: TaskContext) -> Integration:
    """Open the demo workspace in ``folder``, writing it first if it is not there yet."""
    path = folder / "syncdesk.toml"
    if not path.exists():
        try:
            from syncdesk.demo import write_demo
        except ImportError:
            raise DemoUnavailableError(
                QCoreApplication.translate("Tasks", "this build of SyncDesk has no demo workspace")
            ) from None
        path = write_demo(folder, records)
    return open_integration(path)


def load_errors(
    integration: Integration,
    flt: ErrorFilter,
    sort: str,
    descending: bool,
    limit: int,
    context: TaskContext,
) -> ErrorsSnapshot:
    """The first ``limit`` rows in this order, and the counts (matching, and all open)."""
    store = integration.state
    rows = list_errors(store, flt, sort=sort, descending=descending, limit=limit)
    matching, totals = count_errors_with_totals(store, flt)
    return ErrorsSnapshot(rows, matching, totals, flt, sort, descending)


def load_error_page(
    integration: Integration,
    flt: ErrorFilter,
    sort: str,
    descending: bool,
    after: ErrorRow | None,
    limit: int,
    context: TaskContext,
) -> list[ErrorRow]:
    """The next rows of the error table: those after ``after`` in this order."""
    return list_errors(
        integration.state, flt, sort=sort, descending=descending, limit=limit, after=after
    )


def export_errors_csv(
    integration: Integration,
    flt: ErrorFilter,
    sort: str,
    descending: bool,
    path: Path,
    titles: dict[str, str],
    context: TaskContext,
) -> ExportResult:
    """Write every error matching ``flt`` to ``path`` as CSV, page by page, in table order.

    UTF-8 with a byte order mark (Excel reads the accents right), the locale's separator
    (";" where numbers have a decimal comma), times in local time. The
    rows go to a temporary file beside ``path`` that replaces it only when all are written:
    a failed or cancelled export leaves no half file (nor clobbers an older one).
    """
    from syncdesk.ui.models import kind_text, local_time  # plain functions, no Qt objects

    total = sum(count_errors(integration.state, flt).values())
    written = 0
    part = path.with_name(f".{path.name}.part")
    try:
        with part.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=list_separator())
            writer.writerow(
                [QCoreApplication.translate("Tasks", str(h)).format(**titles) for h in CSV_HEADER]
            )
            for page in iter_error_pages(
                integration.state, flt, sort=sort, descending=descending, page=EXPORT_PAGE_SIZE
            ):
                if context.cancelled:
                    raise Cancelled()
                writer.writerows(
                    (
                        r.mapping,
                        kind_text(r.kind, titles),
                        r.left_key or "",
                        r.right_key or "",
                        engine_text(r.message),
                        local_time(r.first_seen),
                        local_time(r.last_seen),
                        r.attempts,
                    )
                    for r in page
                )
                written += len(page)
                context.progress((written, max(total, written)))
        part.replace(path)
    except Cancelled:
        _remove(part)
        raise SyncDeskError(
            QCoreApplication.translate("Tasks", "the export was cancelled; no file was written")
        ) from None
    except OSError as exc:
        _remove(part)
        raise SyncDeskError(
            QCoreApplication.translate("Tasks", "could not write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    except BaseException:
        _remove(part)
        raise
    return ExportResult(path, written)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def resolve_matching(
    integration: Integration,
    flt: ErrorFilter,
    action: str,
    confirmed: int,
    context: TaskContext,
    reason: str | None = None,
) -> ActionResult:
    """Apply ``action`` to every open error matching ``flt`` (the ids are read here).

    ``confirmed`` is the count the person agreed to: if more errors match by now (a job
    found new ones meanwhile), nothing is done. Fewer is fine (some were resolved). Large
    sets go to the engine in batches; a batch the engine refuses ends the run, and its
    message names what the batches before it did.
    """
    ids = error_ids(integration.state, flt)
    if len(ids) > confirmed:
        raise ConflictingUpdateError(
            Tasks.tr(
                "%Ln sync error(s) match the filter now, not the {confirmed} you confirmed; "
                "nothing was done. Look at the list again.",
                "",
                len(ids),
            ).format(confirmed=fmt_int(confirmed))
        )
    if not ids:
        raise ConflictingUpdateError(
            QCoreApplication.translate(
                "Tasks", "no sync error matches the filter any more; nothing done"
            )
        )
    total = ActionResult(action)
    for start in range(0, len(ids), RESOLVE_BATCH):
        batch = ids[start : start + RESOLVE_BATCH]
        try:
            result = resolve(integration, batch, action, reason=reason)
        except SyncDeskError as exc:
            if not total.done and not total.problems:
                raise
            raise type(exc)(
                Tasks.tr(
                    "{message} (after {done} of %Ln sync error(s) were done)", "", len(ids)
                ).format(message=engine_text(str(exc)), done=fmt_int(len(total.done)))
            ) from None
        total.done.extend(result.done)
        total.problems.update(result.problems)
        total.jobs.extend(result.jobs)
        context.progress((start + len(batch), len(ids)))
    return total


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
    reason: str | None = None,
) -> ActionResult:
    """The action on these errors, unless one changed since it was shown (``versions``);
    ``reason`` goes into the record log beside the user's name."""
    return resolve(integration, list(ids), action, expected_versions=versions, reason=reason)


# -- the conflict dialog ---------------------------------------------------------------


def load_conflict(integration: Integration, error_id: int, context: TaskContext) -> ConflictView:
    """One conflict side by side, read now from both apps (for the Synchronize dialog)."""
    return conflict_view(integration, error_id)


def resolve_conflict(
    integration: Integration,
    error_id: int,
    choices: dict[str, Side],
    version: int,
    context: TaskContext,
) -> ActionResult:
    """Write a person's choice per field to both apps, unless the error changed meanwhile."""
    return resolve(
        integration,
        [error_id],
        "choose",
        choices=dict(choices),
        expected_versions={error_id: version},
    )
