"""The Sync menu's jobs: Synchronize Modified Records, Run Full Synchronization of one
mapping or of all of them — confirmed — and Preview Synchronization (what a job would do,
then Run This Synchronization), run as manual jobs in the window's task runner, and summed
up in the status bar (a job that could not run to the end says why)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from syncdesk.sync.engine import JobResult
from syncdesk.sync.integration import Integration
from syncdesk.ui import tasks
from syncdesk.ui.error_actions import ErrorQuestions, message_box
from syncdesk.ui.job_status import job_summary
from syncdesk.ui.messages import engine_text
from syncdesk.ui.preview_window import PreviewDialog
from syncdesk.ui.worker import Task, TaskRunner


class SyncRuns(QObject):
    """Runs the Sync menu's jobs and says how they went."""

    ended = Signal(object)
    """The jobs ended: the list of ``JobResult`` (empty if they could not run)."""
    statusMessage = Signal(str, int)
    """A line for the status bar, and for how long (ms; 0: until the next one)."""
    queued = Signal()
    """A run waits for the writing task before it."""

    def __init__(self, runner: TaskRunner, widget: QWidget) -> None:
        super().__init__(widget)
        self.runner = runner
        self.widget = widget
        #: Preview Synchronization's window while it is open
        self.preview_dialog: PreviewDialog | None = None

    def preview(self, integration: Integration, shown: str | None = None) -> None:
        """Preview Synchronization…: what a job would do (``shown``: the mapping first
        chosen), and from there Run This Synchronization."""
        if self.preview_dialog is not None:
            self.preview_dialog.raise_()
            self.preview_dialog.activateWindow()
            return
        dialog = PreviewDialog(self.runner, integration, shown, self.widget)
        dialog.runRequested.connect(partial(self.run, integration))
        dialog.finished.connect(self._on_preview_closed)
        self.preview_dialog = dialog
        dialog.show()

    def close_preview(self) -> None:
        if self.preview_dialog is not None:
            self.preview_dialog.reject()

    def _on_preview_closed(self, _code: int) -> None:
        dialog, self.preview_dialog = self.preview_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def run(self, integration: Integration, mappings: object, full: bool) -> None:
        """Run This Synchronization: a manual job of ``mappings`` (None: all), as previewed."""
        names = list(mappings) if isinstance(mappings, (tuple, list)) else None
        if names and len(names) == 1:
            label = (
                self.tr("Full synchronization of {mapping}")
                if full
                else self.tr("Synchronize {mapping}")
            ).format(mapping=names[0])
        elif full:
            label = self.tr("Full synchronization of every mapping")
        else:
            label = self.tr("Synchronize modified records")
        self._run(label, partial(tasks.synchronize, integration, names, full))

    def modified(self, integration: Integration) -> None:
        """Synchronize Modified Records: a job per mapping on what changed since the last."""
        self._run(
            self.tr("Synchronize modified records"),
            partial(tasks.synchronize, integration, None, False),
        )

    def full(self, integration: Integration, shown: str | None = None) -> None:
        """Run Full Synchronization…: choose a mapping, or all of them, then confirm."""
        names = [m.name for m in integration.workspace.mappings]
        if len(names) == 1:
            self.run_full(integration, names[0])
            return
        every = self.tr("All mappings")
        choice, ok = QInputDialog.getItem(
            self.widget,
            self.tr("Run Full Synchronization"),
            self.tr("Compare every record of:"),
            [every, *names],
            names.index(shown) + 1 if shown in names else 0,
            False,
        )
        if ok and choice == every:
            self.run_full(integration, None)
        elif ok and choice in names:
            self.run_full(integration, choice)

    def run_full(self, integration: Integration, mapping: str | None) -> None:
        """A full synchronization of one mapping (None: all), confirmed, as a manual job."""
        apps = integration.workspace.apps
        left, right = apps["left"].title, apps["right"].title
        what = mapping or self.tr("every mapping")
        questions = ErrorQuestions(self.widget, {"left": left, "right": right})
        if not questions.confirm(
            self.tr("Run Full Synchronization"),
            self.tr("Run a full synchronization of {mapping}?").format(mapping=what),
            self.tr(
                "It compares every record of {mapping} in both apps ({left} and {right}), not "
                "only those modified since the last job. On large tables this takes a while; "
                "you can cancel it from the status bar."
            ).format(mapping=what, left=left, right=right),
            self.tr("Run Full Synchronization"),
            destructive=False,
        ):
            return
        label = (
            self.tr("Full synchronization of {mapping}").format(mapping=mapping)
            if mapping
            else self.tr("Full synchronization of every mapping")
        )
        mappings = [mapping] if mapping else None
        self._run(label, partial(tasks.synchronize, integration, mappings, True))

    def _run(self, label: str, fn: Callable[[Any], object]) -> None:
        self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                cancellable=True,
                on_done=partial(self._on_done, label),
                on_failed=partial(self._on_failed, label),
            )
        )
        if self.runner.queued_writes():
            self.statusMessage.emit(
                self.tr("{task}: queued — runs when the running task ends").format(task=label), 0
            )
            self.queued.emit()

    def _on_done(self, label: str, value: object) -> None:
        results = [r for r in value if isinstance(r, JobResult)] if isinstance(value, list) else []
        self.statusMessage.emit(job_summary(label, results), 0)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            message_box(
                self.widget,
                QMessageBox.Icon.Warning,
                label,
                self.tr("%Ln job(s) could not run to the end.", "", len(failed)),
                "\n".join(
                    self.tr("Job {job} ({mapping}): {message}").format(
                        job=r.job, mapping=r.mapping, message=engine_text(r.message)
                    )
                    for r in failed
                ),
            ).exec()
        self.ended.emit(results)

    def _on_failed(self, label: str, message: str) -> None:
        self.statusMessage.emit(self.tr("{task}: not done").format(task=label), 0)
        message_box(
            self.widget,
            QMessageBox.Icon.Warning,
            label,
            self.tr("{task} could not run.").format(task=label),
            engine_text(message),
        ).exec()
        self.ended.emit([])
