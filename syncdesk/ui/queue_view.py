"""The Job Queue page: recurring jobs per mapping, edited here, run by themselves.

One entry per mapping (every N minutes, enabled or on hold, its next run). Edits go
through :mod:`syncdesk.sync.queue` in the worker. While a workspace is open, a timer asks
every few seconds whether an entry is due (against the time read last, on the GUI thread)
and, when one is and no other writing task runs, runs :func:`syncdesk.sync.queue.run_due`
in the worker. A scheduled run that leaves more open sync errors than before it shows a
desktop notification (the tray), when the desktop has a tray.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QSystemTrayIcon,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync import queue
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.engine import JobResult, Progress
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorFilter, QueueRow, count_errors, queue_entries
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.queue_models import (
    MAX_MINUTES,
    MIN_MINUTES,
    Clock,
    MinutesDelegate,
    QueueColumn,
    QueueTableModel,
    every_text,
    local_text,
    new_errors_text,
)
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskContext, TaskHandle, TaskRunner

#: ``notify(title, message)``: shows a desktop notification
Notifier = Callable[[str, str], None]

#: how often the window looks whether a job queue entry is due (ms)
#: how often the window looks for due job queue entries; SYNCDESK_QUEUE_POLL_MS overrides
#: it (the test suite sets an hour, so that only the queue's own tests see queue runs)
QUEUE_POLL_MS = int(os.environ.get("SYNCDESK_QUEUE_POLL_MS", "5000"))
DEFAULT_MINUTES = 30
#: the spin box stores its value once it rests this long (ms), or when editing ends
EVERY_DELAY_MS = 600
#: how long a tray notification stays (ms)
NOTIFY_MS = 10_000


# -- what the worker runs (no Qt objects) ---------------------------------------------------


@dataclass(frozen=True)
class QueueSnapshot:
    """The entries, and when the next enabled one is due (naive UTC)."""

    rows: list[QueueRow]
    next_due: dt.datetime | None


@dataclass(frozen=True)
class QueueRun:
    """Jobs run from the queue, and the open sync errors they added, per mapping."""

    label: str
    results: list[JobResult]
    new_errors: dict[str, int]
    scheduled: bool


def load_queue(integration: Integration, context: TaskContext) -> QueueSnapshot:
    return QueueSnapshot(queue_entries(integration.state), queue.next_due(integration))


def set_entry_every(
    integration: Integration, mapping: str, minutes: int, clock: Clock, context: TaskContext
) -> QueueSnapshot:
    queue.set_every(integration, mapping, minutes, clock=clock)
    return load_queue(integration, context)


def set_entry_enabled(
    integration: Integration, mapping: str, enabled: bool, clock: Clock, context: TaskContext
) -> QueueSnapshot:
    queue.set_enabled(integration, mapping, enabled, clock=clock)
    return load_queue(integration, context)


def _open_errors(integration: Integration, mappings: Sequence[str]) -> dict[str, int]:
    return {
        m: sum(count_errors(integration.state, ErrorFilter(mappings=(m,))).values())
        for m in mappings
    }


def _progress(context: TaskContext) -> Callable[[Progress], None]:
    last: list[tuple[int, str]] = []

    def report(p: Progress) -> None:
        marker = (p.job, p.phase)
        changed = not last or last[-1] != marker
        last[:] = [marker]
        context.progress(p, force=changed)

    return report


def run_due_entries(integration: Integration, clock: Clock, context: TaskContext) -> QueueRun:
    """Run the due entries once (trigger ``queue``), counting the open errors they add."""
    names = [m.name for m in integration.workspace.mappings]
    before = _open_errors(integration, names)
    results = queue.run_due(
        integration, clock=clock, progress=_progress(context), cancel=context.cancel
    )
    after = _open_errors(integration, sorted({r.mapping for r in results}))
    new = {m: n - before.get(m, 0) for m, n in after.items() if n > before.get(m, 0)}
    label = QCoreApplication.translate("QueueView", "Job queue")
    return QueueRun(label, results, new, scheduled=True)


def run_entry_now(integration: Integration, mapping: str, context: TaskContext) -> QueueRun:
    """Run Now: one mapping's job at once, as the queue runs it (trigger ``queue``); the
    entry's last run is now and its next run a whole interval later."""
    before = _open_errors(integration, [mapping])
    results = queue.run_now(
        integration, mapping, progress=_progress(context), cancel=context.cancel
    )
    after = _open_errors(integration, [mapping])
    new = {m: n - before[m] for m, n in after.items() if n > before[m]}
    label = QCoreApplication.translate("QueueView", "Run {mapping} now").format(mapping=mapping)
    return QueueRun(label, results, new, scheduled=False)


# -- the page ------------------------------------------------------------------------------


class QueueView(WorkspaceView):
    """Job Queue: recurring jobs per mapping, and the timer that runs the due ones."""

    title = "Job Queue"

    jobProgress = Signal(object)
    """A job run from the queue reports progress (an engine ``Progress``)."""
    queueRan = Signal(object)
    """Jobs run from the queue ended: their :class:`QueueRun` (``None`` if none could run)."""
    nextRunChanged = Signal(str)
    """The status bar text about the next scheduled run ("" when nothing is scheduled)."""
    entryEdited = Signal(str)
    """An edit (interval, hold, resume) was stored; what it was, for people."""
    entriesLoaded = Signal()
    """The table shows the entries as the state database holds them now."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        #: the time the queue runs by (naive UTC); tests set a controlled clock
        self.clock: Clock = now_utc
        #: shows a desktop notification ``(title, message)``; tests set their own
        self.notify: Notifier = self._tray_notify
        self._tray: QSystemTrayIcon | None = None
        self._next_due: dt.datetime | None = None
        self._loaded = False
        #: a run ended since the entries were read: their next runs moved on
        self._stale = False
        self._due_handle: TaskHandle | None = None
        self._load_handle: TaskHandle | None = None
        self.model = QueueTableModel(self)
        self.model.clock = self._now
        self.queue_timer = QTimer(self)
        self.queue_timer.setObjectName("QueueTimer")
        self.queue_timer.setInterval(QUEUE_POLL_MS)
        #: the mapping whose interval the spin box shows, and the timer that stores it
        self._spin_mapping: str | None = None
        self._every_timer = QTimer(self)
        self._every_timer.setSingleShot(True)
        self._every_timer.setInterval(EVERY_DELAY_MS)
        self._build()
        self._connect_signals()
        self._update_buttons()

    # == building ===========================================================================

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        heading = QLabel(self.tr("Job Queue"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        self.intro_label = QLabel(
            self.tr(
                "Recurring jobs, one per mapping. Due entries run by themselves while SyncDesk "
                "is open on this workspace, or with <tt>syncdesk worker</tt> when it is not."
            )
        )
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.RichText)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        style = self.style()
        self.run_button = QPushButton(self.tr("Run Now"))
        self.run_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.run_button.setToolTip(
            self.tr("Run the selected mapping's job now, as the queue runs it")
        )
        self.hold_button = QPushButton(self.tr("Hold"))
        self.hold_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause))
        self.hold_button.setToolTip(
            self.tr("Put the selected entry on hold: it stops running by itself")
        )
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.resume_button.setToolTip(self.tr("Let the selected entry run by itself again"))
        self.add_page_action(self.run_button, self.tr("&Run Now"), "Ctrl+Return")
        self.add_page_action(self.hold_button, self.tr("&Hold"), "Ctrl+H")
        self.add_page_action(self.resume_button, self.tr("Res&ume"), "Ctrl+Shift+H")
        every_label = QLabel(self.tr("Every"))
        self.every_spin = QSpinBox()
        self.every_spin.setObjectName("EverySpin")
        self.every_spin.setRange(MIN_MINUTES, MAX_MINUTES)
        self.every_spin.setValue(DEFAULT_MINUTES)
        self.every_spin.setSuffix(self.tr(" min"))
        self.every_spin.setAccelerated(True)
        self.every_spin.setKeyboardTracking(False)
        self.every_spin.setToolTip(
            self.tr("How often the selected entry runs, in minutes ({low} to {high})").format(
                low=fmt_int(MIN_MINUTES), high=fmt_int(MAX_MINUTES)
            )
        )
        every_label.setBuddy(self.every_spin)
        buttons.addWidget(self.run_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.hold_button)
        buttons.addWidget(self.resume_button)
        buttons.addSpacing(16)
        buttons.addWidget(every_label)
        buttons.addWidget(self.every_spin)
        buttons.addStretch(1)
        self.next_label = QLabel()
        self.next_label.setObjectName("QueueNextLabel")
        buttons.addWidget(self.next_label)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move
        self.table.setObjectName("QueueTable")
        self.table.setAccessibleName(self.tr("Job queue entries"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self._delegate = MinutesDelegate(self.table)
        self.table.setItemDelegateForColumn(QueueColumn.EVERY, self._delegate)
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setHighlightSections(False)
        for col, width in {
            QueueColumn.MAPPING: 160,
            QueueColumn.EVERY: 120,
            QueueColumn.STATUS: 100,
            QueueColumn.NEXT_RUN: 150,
            QueueColumn.LAST_RUN: 150,
        }.items():
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(QueueColumn.LAST_JOB, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        layout.addWidget(heading)
        layout.addWidget(self.intro_label)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.queue_timer.timeout.connect(self._on_queue_tick)
        self.model.everyEdited.connect(self._on_every_edited)
        self.run_button.clicked.connect(self._on_run_now)
        self.hold_button.clicked.connect(partial(self._on_set_enabled, False))
        self.resume_button.clicked.connect(partial(self._on_set_enabled, True))
        self.every_spin.valueChanged.connect(self._every_timer.start)
        self.every_spin.editingFinished.connect(self._store_every)
        self._every_timer.timeout.connect(self._store_every)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    # == the workspace ======================================================================

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        self._next_due = None
        self._loaded = False
        self._stale = False
        self.refresh()
        self.queue_timer.start()

    def close_workspace(self) -> None:
        self.queue_timer.stop()
        self._every_timer.stop()
        self.runner.invalidate("queue")
        super().close_workspace()
        self._next_due = None
        self._loaded = False
        self._due_handle = None
        self._load_handle = None
        self.model.clear()
        self._show_next()
        self._update_buttons()

    def refresh(self) -> None:
        if self.integration is None:
            return
        self._load_handle = self.runner.submit(
            Task(
                self.tr("Read the job queue"),
                partial(load_queue, self.integration),
                channel="queue",
                on_done=self._on_loaded,
                on_failed=self._on_failed,
            )
        )

    # == the entries ========================================================================

    def selected_row(self) -> QueueRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select_mapping(self, mapping: str) -> None:
        row = self.model.row_of(mapping)
        if row is not None:
            self.table.selectRow(row)

    def _now(self) -> dt.datetime:
        return self.clock()

    def _on_loaded(self, value: object) -> None:
        assert isinstance(value, QueueSnapshot)
        selected = self.selected_row()
        selection = self.table.selectionModel()
        with QSignalBlocker(selection):
            self.model.set_rows(value.rows)
            row = self.model.row_of(selected.mapping) if selected else None
            if row is None and value.rows:
                row = 0
            if row is not None:
                self.table.selectRow(row)
        self._next_due = value.next_due
        self._loaded = True
        self._stale = False
        self._on_selection()
        self._show_next()
        self.entriesLoaded.emit()

    def _on_failed(self, message: str) -> None:
        self.next_label.setText(
            self.tr("Could not read the job queue: {message}").format(message=engine_text(message))
        )

    def _show_next(self) -> None:
        text = self.next_run_text()
        self.next_label.setText(text)
        self.nextRunChanged.emit(text)

    def next_run_text(self) -> str:
        """The status bar's words: ``Next queue run 14:05`` (local time), or why none runs."""
        if self.integration is None or not self._loaded:
            return ""
        if self._next_due is None:
            return self.tr("Job queue: every entry on hold")
        if self._next_due <= self.clock():
            return self.tr("Next queue run: due now")
        return self.tr("Next queue run {time}").format(
            time=local_text(self._next_due, clock=self.clock)
        )

    @Slot()
    def _on_selection(self, *_args: object) -> None:
        row = self.selected_row()
        mapping = row.mapping if row else None
        if self._every_timer.isActive():
            if mapping == self._spin_mapping:
                self._update_buttons()
                return  # a value being chosen: the spin box keeps it
            self._store_every()  # for the entry it was chosen for
        self._spin_mapping = mapping
        with QSignalBlocker(self.every_spin):
            self.every_spin.setValue(row.every_minutes if row else DEFAULT_MINUTES)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row() if self.integration is not None else None
        self.run_button.setEnabled(row is not None)
        self.hold_button.setEnabled(row is not None and row.enabled)
        self.resume_button.setEnabled(row is not None and not row.enabled)
        self.every_spin.setEnabled(row is not None)

    @Slot()
    def _store_every(self) -> None:
        """Store the spin box's interval for its entry, if it differs from the stored one."""
        self._every_timer.stop()
        index = self.model.row_of(self._spin_mapping) if self._spin_mapping else None
        if index is None:
            return
        row = self.model.row_at(index)
        minutes = self.every_spin.value()
        if minutes != row.every_minutes:
            self._on_every_edited(row.mapping, minutes)

    @Slot(str, int)
    def _on_every_edited(self, mapping: str, minutes: int) -> None:
        if self.integration is None:
            return
        self._edit(
            self.tr("Job queue: {mapping} runs every {every}").format(
                mapping=mapping, every=every_text(minutes)
            ),
            partial(set_entry_every, self.integration, mapping, minutes, self.clock),
        )

    def _on_set_enabled(self, enabled: bool) -> None:
        row = self.selected_row()
        if row is None or self.integration is None:
            return
        self._edit(
            (
                self.tr("Job queue: {mapping} resumed")
                if enabled
                else self.tr("Job queue: {mapping} on hold")
            ).format(mapping=row.mapping),
            partial(set_entry_enabled, self.integration, row.mapping, enabled, self.clock),
        )

    def _edit(self, label: str, fn: Callable[[TaskContext], object]) -> None:
        self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                on_done=partial(self._on_edited, label),
                on_failed=partial(self._on_edit_failed, label),
            )
        )

    def _on_edited(self, label: str, value: object) -> None:
        self.runner.invalidate("queue")  # an older read must not undo what is shown now
        self._on_loaded(value)
        self.statusMessage.emit(label, 0)
        self.entryEdited.emit(label)
        self.changed.emit()

    def _on_edit_failed(self, label: str, message: str) -> None:
        self.statusMessage.emit(
            self.tr("{task}: not done — {message}").format(
                task=label, message=engine_text(message)
            ),
            0,
        )
        self.refresh()

    # == running ============================================================================

    @Slot()
    def _on_run_now(self) -> None:
        row = self.selected_row()
        if self.integration is None or row is None:
            return
        self._run(
            self.tr("Run {mapping} now").format(mapping=row.mapping),
            partial(run_entry_now, self.integration, row.mapping),
        )

    @Slot()
    def _on_queue_tick(self) -> None:
        """Every few seconds: run what is due, or read the entries again (edited elsewhere)."""
        if self.integration is None:
            return
        busy = self.runner.current_write is not None or bool(self.runner.queued_writes())
        if self._due_handle is not None and not self._due_handle.ended:
            return
        due = (
            self._loaded
            and not self._stale
            and self._next_due is not None
            and self._next_due <= self.clock()
        )
        if due and not busy:
            self._due_handle = self._run(
                self.tr("Job queue"), partial(run_due_entries, self.integration, self.clock)
            )
        elif self._load_handle is None or self._load_handle.ended:
            self.refresh()

    def run_due_now(self) -> None:
        """Ask once, now, whether an entry is due (as the timer does)."""
        self._on_queue_tick()

    def _run(self, label: str, fn: Callable[[TaskContext], object]) -> TaskHandle:
        return self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                cancellable=True,
                on_done=self._on_ran,
                on_failed=partial(self._on_run_failed, label),
                on_progress=self.jobProgress.emit,
            )
        )

    def _on_ran(self, value: object) -> None:
        assert isinstance(value, QueueRun)
        self._stale = True
        self.refresh()
        if value.scheduled and value.new_errors:
            self.notify("SyncDesk", new_errors_text(value.new_errors))
        self.queueRan.emit(value)
        if value.results:
            self.changed.emit()

    def _on_run_failed(self, label: str, message: str) -> None:
        self._stale = True
        self.refresh()
        self.statusMessage.emit(
            self.tr("{task}: could not run — {message}").format(
                task=label, message=engine_text(message)
            ),
            0,
        )
        self.queueRan.emit(None)

    # == the tray ===========================================================================

    def _tray_notify(self, title: str, message: str) -> None:
        """A desktop notification from the tray, where the desktop has one (else nothing)."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("SyncDesk")
        self._tray.show()
        self._tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, NOTIFY_MS)
