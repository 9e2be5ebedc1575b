"""The engine calls the window makes, as plain functions run by :mod:`syncdesk.ui.worker`.

Each takes what it needs and the task context, calls ``syncdesk.sync`` and returns frozen
values. These functions run in worker threads: nothing here touches a widget. The texts a
person reads (refusals, the export's column headers) are translated here with
``QCoreApplication.translate`` (context "Tasks"), which is thread-safe.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from syncdesk import credentials
from syncdesk.credentials import MissingPassword, Target
from syncdesk.errors import ConflictingUpdateError, SyncDeskError, UnavailableError, UsageError
from syncdesk.sync.actions import ActionResult, resolve
from syncdesk.sync.conflicts import ConflictView, changed_fields, conflict_view
from syncdesk.sync.engine import Cancelled, JobResult, Progress, ProgressCallback, run_sync
from syncdesk.sync.fixing import FixResult, FixView, fix, fix_view
from syncdesk.sync.integration import Integration, open_integration
from syncdesk.sync.preview import MappingPreview, preview
from syncdesk.sync.queries import (
    ErrorFilter,
    ErrorRow,
    count_errors,
    count_errors_with_totals,
    error_ids,
    get_errors,
    iter_error_pages,
    list_errors,
)
from syncdesk.sync.records import search_titles, with_titles
from syncdesk.sync.undo import UndoResult, undo
from syncdesk.ui.i18n import TranslationContext, fmt_int, list_separator
from syncdesk.ui.messages import engine_text
from syncdesk.ui.outcome import SyncRun, run_outcome
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
    QT_TRANSLATE_NOOP("Tasks", "Name"),
    QT_TRANSLATE_NOOP("Tasks", "{left} key"),
    QT_TRANSLATE_NOOP("Tasks", "{right} key"),
    QT_TRANSLATE_NOOP("Tasks", "Message"),
    QT_TRANSLATE_NOOP("Tasks", "First seen"),
    QT_TRANSLATE_NOOP("Tasks", "Last attempt"),
    QT_TRANSLATE_NOOP("Tasks", "Attempts"),
)


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


def reset_demo(folder: Path, records: int, context: TaskContext) -> Integration:
    """Write the demo workspace in ``folder`` anew (its files only), then open it."""
    try:
        from syncdesk.demo import reset_demo as reset
    except ImportError:
        raise DemoUnavailableError(
            QCoreApplication.translate("Tasks", "this build of SyncDesk has no demo workspace")
        ) from None
    return open_integration(reset(folder, records))


def load_errors(
    integration: Integration,
    flt: ErrorFilter,
    sort: str,
    descending: bool,
    limit: int,
    context: TaskContext,
) -> ErrorsSnapshot:
    """The first ``limit`` rows in this order, and the counts (matching, and all open).

    The search also finds a record by its name: the names live in the apps, so the errors
    whose name holds the text are found first (:func:`search_titles`); the filter that
    comes back carries them, and the pages after this one use it as it is.
    """
    store = integration.state
    flt = search_titles(integration, flt)
    rows = list_errors(store, flt, sort=sort, descending=descending, limit=limit)
    matching, totals = count_errors_with_totals(store, flt)
    return ErrorsSnapshot(with_titles(integration, rows), matching, totals, flt, sort, descending)


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
    rows = list_errors(
        integration.state, flt, sort=sort, descending=descending, limit=limit, after=after
    )
    return with_titles(integration, rows)


def find_error(integration: Integration, error_id: int, context: TaskContext) -> ErrorRow | None:
    """Sync error ``error_id`` if it is still open (to show it on the Sync Errors page)."""
    found = get_errors(integration.state, [error_id])
    return found[0] if found and found[0].status == "open" else None


#: the first characters that make a spreadsheet read a cell as a formula (OWASP's list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula.

    OWASP's rule for CSV injection: a text starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading ``'``, which Excel and LibreOffice do not show.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def iso_time(value: dt.datetime | None) -> str:
    """A stored time (naive UTC) as ISO 8601 in local time, with its offset."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().isoformat(timespec="seconds")


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
    (";" where numbers have a decimal comma), times in ISO 8601 (local time, with its
    offset), every text cell safe from formula injection (:func:`csv_cell`). The file is
    readable by its owner alone (0600): it copies keys and messages from the state. The
    rows go to a temporary file beside ``path`` that replaces it only when all are written:
    a failed or cancelled export leaves no half file (nor clobbers an older one).
    """
    from syncdesk.ui.models import kind_text  # a plain function, no Qt objects

    total = sum(count_errors(integration.state, flt).values())
    written = 0
    part = path.with_name(f".{path.name}.part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # also when an older part file was there
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
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
                    [
                        csv_cell(value)
                        for value in (
                            r.mapping,
                            kind_text(r.kind, titles),
                            r.title or "",
                            r.left_key or "",
                            r.right_key or "",
                            engine_text(r.message),
                            iso_time(r.first_seen),
                            iso_time(r.last_seen),
                            r.attempts,
                        )
                    ]
                    for r in with_titles(integration, page)
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


def _sync_each(
    integration: Integration, records: Sequence[tuple[str, Side, str]], context: TaskContext
) -> list[JobResult]:
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


def synchronize_records(
    integration: Integration,
    records: Sequence[tuple[str, Side, str]],
    context: TaskContext,
) -> SyncRun:
    """Synchronize Now: one manual job per chosen record (mapping, side, key), and what
    each did (read right after, for the outcome bar)."""
    return run_outcome(integration, _sync_each(integration, records, context))


def retry_now(
    integration: Integration,
    ids: Sequence[int],
    versions: dict[int, int],
    records: Sequence[tuple[str, Side, str]],
    context: TaskContext,
    reason: str | None = None,
) -> SyncRun:
    """Retry Now: Retry these errors (unless one changed since it was shown), then run a
    one-record job for each record at once, and read what each did."""
    result = resolve(integration, list(ids), "retry", expected_versions=versions, reason=reason)
    if result.problems:
        first = next(iter(result.problems.values()))
        raise ConflictingUpdateError(engine_text(first))
    return run_outcome(integration, _sync_each(integration, records, context), result.done)


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


@dataclass(frozen=True)
class ConflictChanged:
    """Apply refused: an app's value changed since the preview was shown. Nothing was
    written; ``view`` is the conflict as it is now, ``fields`` those that changed,
    ``message`` the engine's refusal."""

    view: ConflictView
    fields: tuple[str, ...]
    message: str = ""


def resolve_conflict(
    integration: Integration,
    shown: ConflictView,
    choices: dict[str, Side],
    context: TaskContext,
    typed: dict[str, str] | None = None,
) -> ActionResult | ConflictChanged:
    """Write a person's choice per field (or the value typed for it, to both apps) —
    exactly what the preview showed.

    The engine is given the values shown of every field (``expected``): if either app holds
    another one now, it writes nothing, and the conflict comes back as it is now (the
    preview would lie). The error's version guards the rest (resolved meanwhile).
    """
    expected = {f.field: (f.left, f.right) for f in shown.fields}
    try:
        return resolve(
            integration,
            [shown.error_id],
            "choose",
            choices=dict(choices),
            typed=dict(typed or {}),
            expected=expected,
            expected_versions={shown.error_id: shown.version},
        )
    except ConflictingUpdateError as exc:
        try:
            now = conflict_view(integration, shown.error_id)
        except UsageError:
            raise exc from None  # resolved or gone meanwhile: the engine's own words
        changed = changed_fields(shown, now)
        if not changed:
            raise
        return ConflictChanged(now, tuple(changed), str(exc))


# -- fix in place ----------------------------------------------------------------------


def load_fix(integration: Integration, error_id: int, context: TaskContext) -> FixView:
    """A failed sync error as the fix dialog shows it: the source record's fields, and what
    every column they are written to takes (read once: typing checks without a query)."""
    return fix_view(integration, error_id)


@dataclass(frozen=True)
class FixOutcome:
    """A fix applied: what :func:`fix` did, and the error as it is after (None: resolved,
    or gone)."""

    result: FixResult
    view: FixView | None


def fix_error(
    integration: Integration,
    error_id: int,
    values: dict[str, str],
    context: TaskContext,
    reason: str | None = None,
) -> FixOutcome:
    """Write the edited values where the refused one came from, then sync the record."""
    result = fix(integration, error_id, dict(values), reason=reason)
    view = None
    if not result.resolved:
        try:
            view = fix_view(integration, error_id)
        except UsageError:
            view = None
    return FixOutcome(result, view)


# -- preview and undo ----------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewRun:
    """What a job of these mappings (None: all) would do now; nothing was written."""

    mappings: tuple[str, ...] | None
    full: bool
    previews: tuple[MappingPreview, ...]
    cancelled: bool = False


def load_preview(
    integration: Integration,
    mappings: Sequence[str] | None,
    full: bool,
    limit: int,
    context: TaskContext,
) -> PreviewRun:
    """Sync › Preview Synchronization: detection and planning of a job, writing nothing."""
    found = preview(
        integration,
        list(mappings) if mappings else None,
        full=full,
        limit=limit,
        progress=_job_progress(context),
        cancel=context.cancel,
    )
    cancelled = context.cancelled or any(p.status == "cancelled" for p in found)
    return PreviewRun(tuple(mappings) if mappings else None, full, tuple(found), cancelled)


def undo_entry(
    integration: Integration, log_id: int, context: TaskContext, reason: str | None = None
) -> UndoResult:
    """Undo in the record log: take back what one entry wrote (compare-and-set)."""
    return undo(integration, log_id, reason=reason)
