"""What a synchronization by hand did, said every time: the outcome bar.

Synchronize Now (of a record on the Records page, or of the records of sync errors) and
Retry Now run one-record jobs. Their outcome is read in the worker right after the jobs
(:func:`run_outcome`: each job's counts, log entries, what it passed over and the sync
errors it met, through :func:`syncdesk.sync.queries.job_outcome`) and worded here:
written (and what), unchanged, skipped and why, failed with the database's own words —
always with the job's number, and a link to the sync error where there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from syncdesk.errors import SyncDeskError
from syncdesk.sync.engine import JobResult
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorRow, JobOutcome, LogRow, job_outcome
from syncdesk.sync.records import record_titles
from syncdesk.ui.i18n import TranslationContext
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import changes_summary, direction_text
from syncdesk.workspace import Side

#: at most this many records are told one by one; the rest are counted
DETAIL_LINES = 6

LEVELS = ("ok", "info", "warning", "error")


class Outcome(TranslationContext):
    """Only the translation context of this module's texts (see TranslationContext)."""


@dataclass(frozen=True)
class SyncRun:
    """Jobs run by hand and what each did (read in the worker right after them)."""

    results: list[JobResult]
    outcomes: list[JobOutcome]
    #: the name of each job's record, by job id (where it has one)
    names: dict[int, str] = field(default_factory=dict)
    #: sync errors the run retried first (Retry Now), by id
    retried: tuple[int, ...] = ()


def run_outcome(
    integration: Integration, results: Sequence[JobResult], retried: Sequence[int] = ()
) -> SyncRun:
    """Read what the jobs did, and their records' names (in a worker)."""
    outcomes = [o for r in results if (o := job_outcome(integration.state, r.job)) is not None]
    names: dict[int, str] = {}
    for o in outcomes:
        side, _sep, key = (o.job.record or "").partition(":")
        if side in ("left", "right") and key and o.job.mapping in integration.tables:
            try:
                side_: Side = "left" if side == "left" else "right"
                title = record_titles(integration, o.job.mapping, side_, [key]).get(key)
            except (SQLAlchemyError, SyncDeskError):  # a name is a courtesy, nothing more
                title = None
            if title:
                names[o.job.id] = title
    return SyncRun(list(results), outcomes, names, tuple(retried))


@dataclass(frozen=True)
class Told:
    """An outcome as the bar shows it."""

    level: str  # ok | info | warning | error
    text: str
    details: tuple[str, ...] = ()
    #: the sync error to show (a link), if any
    error_id: int | None = None
    #: the job to show (a link), when one job ran
    job: int | None = None


def _record(o: JobOutcome, names: dict[int, str]) -> str:
    _side, _sep, key = (o.job.record or "").partition(":")
    what = f"{o.job.mapping} {key}".strip() if key else o.job.mapping
    name = names.get(o.job.id)
    return f"{what} ({name})" if name else what


def _written(rows: Sequence[LogRow], titles: dict[str, str]) -> str:
    parts = []
    for r in rows:
        if r.result != "ok" or r.action in ("conflict", "deleted"):
            continue
        where = direction_text(r.direction, titles)
        changes = changes_summary(r.changes)
        parts.append(" ".join(p for p in (where, changes) if p))
    return "; ".join(p for p in parts if p)


def _first_error(errors: Sequence[ErrorRow], kinds: Sequence[str]) -> ErrorRow | None:
    hits = [e for e in errors if e.kind in kinds]
    return next((e for e in hits if e.status == "open"), hits[0] if hits else None)


def tell_one(o: JobOutcome, titles: dict[str, str], names: dict[int, str]) -> Told:
    """One job's outcome in one sentence (and the sync error to link to)."""
    job = o.job
    record = _record(o, names)
    if job.status == "failed":
        return Told(
            "error",
            QCoreApplication.translate(
                "Outcome", "Job {job}: {record} was not synchronized: {message}"
            ).format(job=job.id, record=record, message=engine_text(job.message) or job.status),
            job=job.id,
        )
    if job.status == "cancelled":
        return Told(
            "info",
            QCoreApplication.translate("Outcome", "Job {job} was cancelled: {record}").format(
                job=job.id, record=record
            ),
        )
    if job.failed:
        err = _first_error(o.errors, ("failed",))
        refused = next((r.message for r in o.log if r.result == "error" and r.message), "")
        message = engine_text(refused or (err.message if err else ""))
        return Told(
            "error",
            QCoreApplication.translate(
                "Outcome", "Job {job}: {record} was not written: {message}"
            ).format(
                job=job.id,
                record=record,
                message=message or QCoreApplication.translate("Outcome", "the write was refused"),
            ),
            error_id=err.id if err else None,
            job=job.id,
        )
    if job.conflicts:
        err = _first_error(o.errors, ("conflict",))
        return Told(
            "warning",
            QCoreApplication.translate(
                "Outcome",
                "Job {job}: {record} was changed in both apps; nothing was written. "
                "Choose the values with Synchronize… on the Sync Errors page: {message}",
            ).format(job=job.id, record=record, message=engine_text(err.message) if err else ""),
            error_id=err.id if err else None,
            job=job.id,
        )
    written = job.inserted + job.modified + job.deleted
    if written:
        what = _written(o.log, titles)
        text = (
            QCoreApplication.translate("Outcome", "Job {job}: {record} written: {what}").format(
                job=job.id, record=record, what=what
            )
            if what
            else QCoreApplication.translate("Outcome", "Job {job}: {record} written").format(
                job=job.id, record=record
            )
        )
        return Told("ok", text, job=job.id)
    if job.skipped:
        skip = o.skips[0] if o.skips else None
        reason = engine_text(skip.reason) if skip else ""
        error_id = skip.error_id if skip else None
        if error_id is None:
            err = _first_error(o.errors, ("deleted-left", "deleted-right"))
            error_id = err.id if err else None
        return Told(
            "warning",
            QCoreApplication.translate(
                "Outcome", "Job {job}: {record} was skipped: {reason}"
            ).format(
                job=job.id,
                record=record,
                reason=reason or QCoreApplication.translate("Outcome", "no reason recorded"),
            ),
            error_id=error_id,
            job=job.id,
        )
    if job.unchanged:
        return Told(
            "ok",
            QCoreApplication.translate(
                "Outcome",
                "Job {job}: {record} is unchanged: both apps already hold the same values",
            ).format(job=job.id, record=record),
            job=job.id,
        )
    return Told(
        "info",
        QCoreApplication.translate(
            "Outcome", "Job {job}: nothing to synchronize for {record}"
        ).format(job=job.id, record=record),
        job=job.id,
    )


def tell(run: SyncRun, titles: dict[str, str], label: str) -> Told:
    """The outcome of a run of one or more jobs: one sentence, and one line per record."""
    told = [tell_one(o, titles, run.names) for o in run.outcomes]
    if not told:
        return Told(
            "info",
            QCoreApplication.translate("Outcome", "{task}: nothing was synchronized").format(
                task=label
            ),
        )
    if len(told) == 1:
        return told[0]
    level = max((t.level for t in told), key=LEVELS.index)
    counts = {lv: sum(t.level == lv for t in told) for lv in LEVELS}
    written = sum(
        1
        for o in run.outcomes
        if o.job.status == "succeeded" and (o.job.inserted + o.job.modified + o.job.deleted)
    )
    parts = [
        Outcome.tr("%Ln written", "", written),
        Outcome.tr("%Ln skipped or in conflict", "", counts["warning"]),
        Outcome.tr("%Ln not written", "", counts["error"]),
    ]
    text = QCoreApplication.translate("Outcome", "{task}: {counts}").format(
        task=label, counts=", ".join(parts)
    )
    details = [t.text for t in sorted(told, key=lambda t: -LEVELS.index(t.level))]
    if len(details) > DETAIL_LINES:
        rest = len(details) - DETAIL_LINES
        details = [*details[:DETAIL_LINES], Outcome.tr("… and %Ln more", "", rest)]
    linked = next((t.error_id for t in told if t.level == level and t.error_id), None)
    return Told(level, text, tuple(details), error_id=linked)


# == the bar =================================================================================


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


LEVEL_COLORS = {"ok": "#2e7d32", "info": "#2f80c8", "warning": "#d9822b", "error": "#c23934"}


class OutcomeBar(QFrame):
    """A message above a page's table: what a synchronization by hand did, until closed.

    Plain text (keys and messages are data), tinted by how it went, with links to the
    sync error and the job behind it.
    """

    errorRequested = Signal(int)
    """Show this sync error (its id) on the Sync Errors page."""
    jobRequested = Signal(int)
    """Show this job on the Jobs page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutcomeBar")
        self.told: Told | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.text_label = QLabel()
        self.text_label.setObjectName("OutcomeText")
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.details_label = QLabel()
        self.details_label.setObjectName("OutcomeDetails")
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        texts.addWidget(self.text_label)
        texts.addWidget(self.details_label)
        layout.addLayout(texts, 1)
        self.error_button = QPushButton(self.tr("Show Sync Error"))
        self.error_button.setObjectName("OutcomeErrorButton")
        self.error_button.setToolTip(self.tr("Show the sync error on the Sync Errors page"))
        self.job_button = QPushButton()
        self.job_button.setObjectName("OutcomeJobButton")
        self.job_button.setToolTip(self.tr("Show the job and its log on the Jobs page"))
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close this message"))
        self.close_button.setAccessibleName(self.tr("Close this message"))
        for button in (self.error_button, self.job_button):
            button.setAutoDefault(False)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.error_button.clicked.connect(self._on_error)
        self.job_button.clicked.connect(self._on_job)
        self.close_button.clicked.connect(self.dismiss)
        self.hide()

    def show_told(self, told: Told) -> None:
        self.told = told
        self.text_label.setText(told.text)
        self.details_label.setText("\n".join(told.details))
        self.details_label.setVisible(bool(told.details))
        self.error_button.setVisible(told.error_id is not None)
        self.job_button.setVisible(told.job is not None)
        if told.job is not None:
            self.job_button.setText(self.tr("Show Job {job}").format(job=told.job))
        self.setAccessibleName(told.text)
        self._paint(told.level)
        self.show()

    def show_text(self, level: str, text: str) -> None:
        self.show_told(Told(level, text))

    def _paint(self, level: str) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightnessF() < 0.5
        tint = _mix(base, QColor(LEVEL_COLORS.get(level, "#777777")), 0.38 if dark else 0.2)
        text = palette.color(QPalette.ColorRole.Text).name()
        self.setStyleSheet(
            f"#OutcomeBar {{ background: {tint.name()}; border-radius: 4px; }}"
            f"#OutcomeBar QLabel {{ color: {text}; }}"
        )

    def dismiss(self) -> None:
        self.told = None
        self.hide()

    def _on_error(self) -> None:
        if self.told is not None and self.told.error_id is not None:
            self.errorRequested.emit(self.told.error_id)

    def _on_job(self) -> None:
        if self.told is not None and self.told.job is not None:
            self.jobRequested.emit(self.told.job)
