"""The status bar's job box: the writing task that runs, its progress, Cancel, and how many
wait for it — whichever page started it (the runner reports every writing task).

Also :func:`job_summary`, the one line that says what a synchronization did, in counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from syncdesk.sync.engine import JobResult, Progress
from syncdesk.ui.i18n import TranslationContext, fmt_int
from syncdesk.ui.models import plain_tip
from syncdesk.ui.worker import TaskHandle, TaskRunner

#: what a job is doing, by the engine's phase code (translated where shown)
JOB_PHASES = {
    "scan": QT_TRANSLATE_NOOP("JobStatus", "reading keys"),
    "pairs": QT_TRANSLATE_NOOP("JobStatus", "comparing coupled records"),
    "new": QT_TRANSLATE_NOOP("JobStatus", "new records"),
    "done": QT_TRANSLATE_NOOP("JobStatus", "finishing"),
}


class JobStatus(QWidget):
    """The running writing task in the status bar: what, how far, Cancel, "· 2 queued"."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JobStatus")
        self.runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setObjectName("JobLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # a long task name must not push Cancel off the window: it is cut, its tooltip tells
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(260)
        self.label.setMaximumWidth(460)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(170)
        self.progress.setTextVisible(True)
        self.progress.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the running job after the batch it is in"))
        self.queued_label = QLabel()  # "· 2 queued": writing tasks waiting their turn
        self.queued_label.setObjectName("JobQueuedLabel")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.queued_label)
        self.hide()
        self.cancel_button.clicked.connect(self._on_cancel)
        runner.writeStarted.connect(self._on_write_started)
        runner.writeEnded.connect(self._on_write_ended)
        runner.writeProgress.connect(self._on_write_progress)

    def _set_text(self, text: str) -> None:
        self.label.setText(text)
        self._show_queued(text)

    def _show_queued(self, running: str = "") -> None:
        """The running task, and how many wait for it ("2 queued"), in the tooltip too."""
        handle = self.runner.current_write
        waiting = self.runner.queued_writes()
        if handle is None:
            return
        lines = [self.tr("Running: {task}").format(task=running or handle.task.name)]
        lines += [self.tr("Queued: {task}").format(task=h.task.name) for h in waiting]
        self.label.setToolTip(plain_tip("\n".join(lines)))
        self.queued_label.setText(self.tr("· %Ln queued", "", len(waiting)) if waiting else "")

    def refresh_queue(self) -> None:
        """A writing task was submitted: count it among those that wait."""
        self._show_queued(self.label.text())

    @Slot(object)
    def _on_write_started(self, handle: TaskHandle) -> None:
        self._set_text(self.tr("{task}…").format(task=handle.task.name))
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.cancel_button.setVisible(handle.task.cancellable)
        self.cancel_button.setEnabled(handle.task.cancellable)
        self.show()

    @Slot(object)
    def _on_write_ended(self, _handle: TaskHandle) -> None:
        if self.runner.current_write is None:
            self.hide()

    @Slot(object, object)
    def _on_write_progress(self, _handle: TaskHandle, value: object) -> None:
        if not isinstance(value, Progress):
            return
        phase = JOB_PHASES.get(value.phase)
        self._set_text(
            self.tr("Job {job} {mapping} — {phase}").format(
                job=value.job,
                mapping=value.mapping,
                phase=QCoreApplication.translate("JobStatus", str(phase)) if phase else "",
            )
        )
        if value.total and value.phase in ("pairs", "done"):
            self.progress.setRange(0, max(value.total, 1))
            self.progress.setValue(min(value.done, value.total))
            pct = 100 * min(value.done, value.total) // max(value.total, 1)
            self.progress.setFormat(
                self.tr("{percent}%  {done}/{total}").format(
                    percent=pct, done=fmt_int(value.done), total=fmt_int(value.total)
                )
            )
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(fmt_int(value.done) if value.done else "")

    @Slot()
    def _on_cancel(self) -> None:
        handle = self.runner.current_write
        if handle is not None and handle.task.cancellable:
            handle.cancel()
            self.cancel_button.setEnabled(False)
            self._set_text(
                self.tr("{task}: cancelling after this batch…").format(task=handle.task.name)
            )


class JobSummary(TranslationContext):
    """Only the translation context of :func:`job_summary`'s texts (see TranslationContext)."""


def job_summary(label: str, results: Sequence[JobResult]) -> str:
    """One line for the status bar: what a synchronization did, in counts."""
    if not results:
        return QCoreApplication.translate("JobSummary", "{task}: nothing to do").format(task=label)
    total: dict[str, int] = dict.fromkeys(
        ("inserted", "modified", "deleted", "unchanged", "skipped", "failed", "conflicts"), 0
    )
    for r in results:
        for key in total:
            total[key] += getattr(r.counts, key)
    statuses = {r.status for r in results}
    if statuses == {"succeeded"}:
        head = (
            QCoreApplication.translate("JobSummary", "{task} done").format(task=label)
            if len(results) > 1
            else QCoreApplication.translate("JobSummary", "Job {job} {mapping} done").format(
                job=results[0].job, mapping=results[0].mapping
            )
        )
    elif "cancelled" in statuses:
        head = QCoreApplication.translate("JobSummary", "{task} cancelled").format(task=label)
    else:
        head = QCoreApplication.translate("JobSummary", "{task}: {count} failed").format(
            task=label, count=fmt_int(sum(r.status == "failed" for r in results))
        )
    counts = " · ".join(
        [
            QCoreApplication.translate("JobSummary", "{count} inserted").format(
                count=fmt_int(total["inserted"])
            ),
            QCoreApplication.translate("JobSummary", "{count} modified").format(
                count=fmt_int(total["modified"])
            ),
            QCoreApplication.translate("JobSummary", "{count} deleted").format(
                count=fmt_int(total["deleted"])
            ),
            QCoreApplication.translate("JobSummary", "{count} skipped").format(
                count=fmt_int(total["skipped"])
            ),
            JobSummary.tr("%Ln conflict(s)", "", total["conflicts"]),
            QCoreApplication.translate("JobSummary", "{count} failed").format(
                count=fmt_int(total["failed"])
            ),
        ]
    )
    return QCoreApplication.translate("JobSummary", "{head}: {counts}").format(
        head=head, counts=counts
    )
