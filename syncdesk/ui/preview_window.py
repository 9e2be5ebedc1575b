"""Sync › Preview Synchronization…: what a job would do, before it writes.

The preview runs the job's own change detection and planning in a worker
(:func:`syncdesk.ui.tasks.load_preview`, progress and Cancel in the window) and writes
nothing: not to either app, not to the state. It shows the counts per mapping the job would
report (whole, also where the records listed are capped), the planned records grouped by
action — would fail, conflicts, deletions found, inserts into each app, modifies — and the
field changes of the selected one. Run This Synchronization starts a normal job for the
same mappings through the window's job-running path: the job plans again (the preview is
not replayed).
"""

from __future__ import annotations

import itertools
from functools import partial

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from syncdesk.sync.engine import Progress
from syncdesk.sync.integration import Integration
from syncdesk.ui import tasks
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.job_status import JOB_PHASES
from syncdesk.ui.messages import engine_text
from syncdesk.ui.preview_models import (
    CountColumn,
    Planned,
    PreviewChangesModel,
    PreviewColumn,
    PreviewCountsModel,
    PreviewRole,
    PreviewTreeModel,
    group_of,
    group_title,
)
from syncdesk.ui.worker import Task, TaskHandle, TaskRunner
from syncdesk.workspace import SIDES, Side

#: records listed per mapping in the window (the counts are always whole)
WINDOW_LIMIT = 1000

_ids = itertools.count(1)


class PreviewDialog(QDialog):
    """What a synchronization would do now, and Run This Synchronization."""

    previewed = Signal(object)
    """A preview ended: its ``tasks.PreviewRun`` (``None`` when it could not run)."""
    runRequested = Signal(object, bool)
    """Run This Synchronization: the mappings (a tuple, or ``None`` for all) and full."""

    def __init__(
        self,
        runner: TaskRunner,
        integration: Integration,
        mapping: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.integration = integration
        self.run: tasks.PreviewRun | None = None
        self._handle: TaskHandle | None = None
        self._channel = f"preview-{next(_ids)}"
        apps = integration.workspace.apps
        self._titles: dict[Side, str] = {s: apps[s].title for s in SIDES}
        self.setObjectName("PreviewDialog")
        self.setWindowTitle(self.tr("Preview Synchronization"))
        self.tree_model = PreviewTreeModel(self)
        self.tree_model.set_titles(self._titles)
        self.counts_model = PreviewCountsModel(self)
        self.changes_model = PreviewChangesModel(self)
        self._build()
        names = [m.name for m in integration.workspace.ordered()]
        self.mapping_combo.addItem(self.tr("All mappings"), None)
        for name in names:
            self.mapping_combo.addItem(name, name)
        if mapping in names:
            self.mapping_combo.setCurrentIndex(self.mapping_combo.findData(mapping))
        self._connect_signals()
        self.setMinimumSize(760, 520)
        self.resize(1180, 720)
        self.start()

    # == building ===========================================================================

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.mapping_combo = QComboBox()
        self.mapping_combo.setObjectName("PreviewMapping")
        self.mapping_combo.setAccessibleName(self.tr("Mappings to preview"))
        self.full_check = QCheckBox(self.tr("Compare &every record (full synchronization)"))
        self.full_check.setObjectName("PreviewFull")
        self.full_check.setToolTip(
            self.tr(
                "Not only the records modified since the last job: on large tables this takes "
                "a while"
            )
        )
        self.again_button = QPushButton(self.tr("Preview &Again"))
        self.again_button.setToolTip(self.tr("Run the preview again (F5)"))
        mapping_label = QLabel(self.tr("&Mapping:"))
        mapping_label.setBuddy(self.mapping_combo)
        top.addWidget(mapping_label)
        top.addWidget(self.mapping_combo)
        top.addSpacing(12)
        top.addWidget(self.full_check)
        top.addStretch(1)
        top.addWidget(self.again_button)
        layout.addLayout(top)

        self.progress_frame = QFrame()
        self.progress_frame.setObjectName("PreviewProgress")
        progress = QHBoxLayout(self.progress_frame)
        progress.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_bar = QProgressBar()
        self.progress_bar.setFixedWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the preview after the batch it is in"))
        progress.addWidget(self.progress_label, 1)
        progress.addWidget(self.progress_bar)
        progress.addWidget(self.cancel_button)
        layout.addWidget(self.progress_frame)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("PreviewSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)

        self.counts_view = QTableView()
        self.counts_view.setObjectName("PreviewCounts")
        self.counts_view.setAccessibleName(self.tr("Counts per mapping"))
        self.counts_view.setModel(self.counts_model)
        self.counts_view.verticalHeader().hide()
        self.counts_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts_view.setAlternatingRowColors(True)
        self.counts_view.verticalHeader().setDefaultSectionSize(
            self.counts_view.fontMetrics().height() + 8
        )
        header = self.counts_view.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CountColumn.MAPPING, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.counts_view)

        self.tree = QTreeView()
        self.tree.setObjectName("PreviewTree")
        self.tree.setAccessibleName(self.tr("Planned records, by action"))
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree_header = self.tree.header()
        tree_header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        tree_header.setStretchLastSection(True)
        for col, width in (
            (PreviewColumn.NAME, 210),
            (PreviewColumn.MAPPING, 90),
            (PreviewColumn.LEFT, 90),
            (PreviewColumn.RIGHT, 110),
        ):
            self.tree.setColumnWidth(col, width)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("PreviewEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.tree_stack = QStackedWidget()
        self.tree_stack.addWidget(self.tree)
        self.tree_stack.addWidget(self.empty_label)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = QLabel()
        self.detail_title.setObjectName("PreviewDetailTitle")
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setWordWrap(True)
        self.detail_title.setFont(font)
        self.detail_message = QLabel()
        self.detail_message.setObjectName("PreviewDetailMessage")
        self.detail_message.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_message.setWordWrap(True)
        self.detail_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes_view = QTableView()
        self.changes_view.setObjectName("PreviewChanges")
        self.changes_view.setAccessibleName(self.tr("Field changes of the selected record"))
        self.changes_view.setModel(self.changes_model)
        self.changes_view.verticalHeader().hide()
        self.changes_view.setWordWrap(False)
        changes_header = self.changes_view.horizontalHeader()
        changes_header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        changes_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_message)
        detail_layout.addWidget(self.changes_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree_stack)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 360])
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        self.note_label = QLabel(
            self.tr("A preview writes nothing, to either app or to SyncDesk's state.")
        )
        self.note_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons.addWidget(self.note_label, 1)
        self.run_button = QPushButton(self.tr("&Run This Synchronization"))
        self.run_button.setObjectName("RunButton")
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.run_button, self.close_button, self.again_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.start)

    def _connect_signals(self) -> None:
        self.mapping_combo.currentIndexChanged.connect(self.start)
        self.full_check.toggled.connect(self.start)
        self.again_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.run_button.clicked.connect(self._on_run)
        self.close_button.clicked.connect(self.reject)
        self.tree.selectionModel().currentChanged.connect(self._on_current)

    # == previewing =========================================================================

    def mappings(self) -> tuple[str, ...] | None:
        name = self.mapping_combo.currentData()
        return (name,) if name else None

    @property
    def running(self) -> bool:
        return self._handle is not None and not self._handle.ended

    @Slot()
    def start(self) -> None:
        """Preview what a job of the chosen mappings would do now (in a worker)."""
        if self._handle is not None and not self._handle.ended:
            self._handle.cancel()
        self.run = None
        self.tree_model.clear()
        self.counts_model.set_previews([])
        self._show_record(None)
        self.summary_label.setText(self.tr("Looking at what a synchronization would do…"))
        self.progress_label.setText(self.tr("Reading both apps…"))
        self.progress_bar.setRange(0, 0)
        self.progress_frame.show()
        self.empty_label.setText("")
        self.tree_stack.setCurrentWidget(self.empty_label)
        self._handle = self.runner.submit(
            Task(
                self.tr("Preview synchronization"),
                partial(
                    tasks.load_preview,
                    self.integration,
                    self.mappings(),
                    self.full_check.isChecked(),
                    WINDOW_LIMIT,
                ),
                channel=self._channel,
                cancellable=True,
                on_done=self._on_previewed,
                on_failed=self._on_failed,
                on_progress=self._on_progress,
            )
        )
        self._update()

    @Slot()
    def cancel(self) -> None:
        if self._handle is not None and not self._handle.ended:
            self._handle.cancel()
            self.progress_label.setText(self.tr("Cancelling after the batch it is in…"))
            self.cancel_button.setEnabled(False)

    def _on_progress(self, value: object) -> None:
        if not Shiboken.isValid(self) or not isinstance(value, Progress):
            return
        phase = JOB_PHASES.get(value.phase)
        words = QCoreApplication.translate("JobStatus", str(phase)) if phase else ""
        self.progress_label.setText(
            self.tr("{mapping} — {phase}").format(mapping=value.mapping, phase=words)
        )
        if value.total and value.phase in ("pairs", "done"):
            self.progress_bar.setRange(0, max(value.total, 1))
            self.progress_bar.setValue(min(value.done, value.total))
            self.progress_bar.setFormat(
                self.tr("{done}/{total}").format(
                    done=fmt_int(value.done), total=fmt_int(value.total)
                )
            )
        else:
            self.progress_bar.setRange(0, 0)

    def _on_previewed(self, value: object) -> None:
        if not Shiboken.isValid(self):
            return
        assert isinstance(value, tasks.PreviewRun)
        self.progress_frame.hide()
        if value.cancelled:
            self.summary_label.setText(
                self.tr("The preview was cancelled; nothing is shown, and nothing was written.")
            )
            self.empty_label.setText(self.tr("Cancelled. Preview Again (F5) starts it anew."))
            self._update()
            self.previewed.emit(value)
            return
        self.run = value
        previews = list(value.previews)
        self.counts_model.set_previews(previews)
        self._fit_counts()
        self.tree_model.set_previews(previews)
        self.summary_label.setText(self.summary(value))
        if self.tree_model.rowCount():
            self.tree_stack.setCurrentWidget(self.tree)
            for row in range(self.tree_model.rowCount()):  # a group's title spans the row
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            self.tree.expandAll()
            first = self.tree_model.index(0, 0, self.tree_model.index(0, 0))
            self.tree.setCurrentIndex(first)
            self.tree.setFocus()
        else:
            self.empty_label.setText(
                self.tr("Nothing to do: a synchronization now would write nothing to either app.")
            )
            self.tree_stack.setCurrentWidget(self.empty_label)
        self._update()
        self.previewed.emit(value)

    def _on_failed(self, message: str) -> None:
        if not Shiboken.isValid(self):
            return
        self.progress_frame.hide()
        text = self.tr("The preview could not run: {reason}").format(reason=engine_text(message))
        self.summary_label.setText(text)
        self.empty_label.setText(text)
        self.tree_stack.setCurrentWidget(self.empty_label)
        self._update()
        self.previewed.emit(None)

    def summary(self, run: tasks.PreviewRun) -> str:
        """The whole preview in one sentence (the counts summed over the mappings)."""
        total = {
            k: sum(getattr(p.counts, k) for p in run.previews)
            for k in ("inserted", "modified", "deleted", "conflicts", "failed", "skipped")
        }
        writes = total["inserted"] + total["modified"] + total["deleted"]
        if not writes and not total["conflicts"] and not total["failed"]:
            if total["skipped"]:
                return self.tr(
                    "Nothing would be written; %Ln record(s) would be skipped (they wait for a "
                    "person in Sync Errors).",
                    "",
                    total["skipped"],
                )
            return self.tr("Nothing to do: both apps agree.")
        text = self.tr(
            "A synchronization now: {inserted} to insert, {modified} to modify, {deleted} to delete"
        ).format(
            inserted=fmt_int(total["inserted"]),
            modified=fmt_int(total["modified"]),
            deleted=fmt_int(total["deleted"]),
        )
        more = []
        if total["conflicts"]:
            more.append(self.tr("%Ln conflict(s)", "", total["conflicts"]))
        if total["failed"]:
            more.append(self.tr("%Ln would fail", "", total["failed"]))
        if total["skipped"]:
            more.append(self.tr("%Ln skipped", "", total["skipped"]))
        if more:
            text = self.tr("{text}; {more}").format(text=text, more=", ".join(more))
        return self.tr("{text}. Nothing has been written yet.").format(text=text)

    def _fit_counts(self) -> None:
        rows = self.counts_model.rowCount()
        height = self.counts_view.horizontalHeader().height() + 4
        height += sum(self.counts_view.rowHeight(r) for r in range(min(rows, 6)))
        self.counts_view.setFixedHeight(height)

    # == the selected record ================================================================

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        planned = current.data(PreviewRole.PLANNED) if current.isValid() else None
        self._show_record(planned if isinstance(planned, Planned) else None)

    def _show_record(self, planned: Planned | None) -> None:
        if planned is None:
            self.detail_title.setText(self.tr("Select a record to see what would change."))
            self.detail_message.setText("")
            self.changes_model.set_record(None, self._titles)
            return
        r = planned.record
        name = r.title or r.left_key or r.right_key or "—"
        self.detail_title.setText(
            self.tr("{mapping} {name} — {group}").format(
                mapping=planned.mapping,
                name=name,
                group=group_title(group_of(r.action), self._titles),
            )
        )
        self.detail_message.setText(self.tree_model.detail(r))
        self.changes_model.set_record(r, self._titles)

    # == running ============================================================================

    def _update(self) -> None:
        running = self.running
        self.cancel_button.setEnabled(running)
        self.run_button.setEnabled(self.run is not None and not running)
        self.run_button.setToolTip(
            self.tr("Start a job for {what}: it plans again, and writes what it finds").format(
                what=self.mapping_combo.currentText()
            )
        )

    @Slot()
    def _on_run(self) -> None:
        if self.run is None or self.running:
            return
        self.runRequested.emit(self.run.mappings, self.run.full)
        self.accept()

    def done(self, result: int) -> None:
        if self._handle is not None and not self._handle.ended:
            self._handle.cancel()
        self.runner.invalidate(self._channel)
        super().done(result)


__all__ = ["WINDOW_LIMIT", "PreviewDialog"]
