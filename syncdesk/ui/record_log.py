"""The record log panel: every sync action that touched one record, and what each changed.

Used by the Sync Errors page (below the error table) and the Records page (its "Record
log" tab) alike. The owner says which record to show (:meth:`RecordLogPanel.show_record`);
the panel reads its log in the window's :class:`~syncdesk.ui.worker.TaskRunner` as soon as
it is (or would be) on screen, and reads it again while a job runs, following new entries
at the bottom (Frescobaldi's log: history first, then live).

Undo (the button beside the field changes, the log's context menu, Ctrl+Z) takes back what
the selected entry did: it is disabled, saying why, where the entry cannot be undone (read
with the log, :func:`syncdesk.sync.undo.undo_checks`), asks first naming the app it writes
to (:mod:`syncdesk.ui.undo_action`), runs in a worker, and says what it did above the log.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import LogRow, record_log
from syncdesk.sync.undo import UndoCheck, UndoResult, undo_checks
from syncdesk.ui import tasks, undo_action
from syncdesk.ui.models import plain_tip
from syncdesk.ui.outcome import OutcomeBar
from syncdesk.ui.record_log_models import ChangesModel, LogColumn, LogTableModel, size_log_columns
from syncdesk.ui.worker import Task, TaskContext, TaskHandle, TaskRunner
from syncdesk.workspace import Side

#: while a job runs, the record's log is read again this often (ms)
LIVE_LOG_MS = 1000

_ids = itertools.count(1)


def short_key(key: str | None, width: int = 14) -> str:
    if not key:
        return "—"
    return key if len(key) <= width else key[: width - 1] + "…"


@dataclass(frozen=True)
class LogTarget:
    """The record whose log is shown: read by ``side``/``key``; both keys and its name for
    the panel's title."""

    mapping: str
    side: Side
    key: str
    left_key: str | None
    right_key: str | None
    title: str | None = None


@dataclass(frozen=True)
class RecordLog:
    target: LogTarget
    rows: list[LogRow]
    #: per entry: can it be undone, and what the undo would do
    undo: dict[int, UndoCheck] = field(default_factory=dict)


def load_record_log(integration: Integration, target: LogTarget, context: TaskContext) -> RecordLog:
    """Every log entry of the record, and whether each can be undone (in a worker)."""
    rows = record_log(integration.state, target.side, target.key, target.mapping)
    return RecordLog(target, rows, undo_checks(integration, [r.id for r in rows]))


def _table(name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class RecordLogPanel(QWidget):
    """One record's synchronization log, oldest first, and the field changes of an entry."""

    loaded = Signal()
    """The log of the record asked for is shown (or why it could not be read)."""
    undone = Signal(object)
    """An undo ended: its ``UndoResult``, or ``None`` when it could not run."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordLogPanel")
        self.runner = runner
        self.integration: Integration | None = None
        self._titles = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._channel = f"record-log-{next(_ids)}"
        #: the record asked for, and the one shown (None: a placeholder)
        self._target: LogTarget | None = None
        self._shown: LogTarget | None = None
        self._stale = False
        self._handle: TaskHandle | None = None
        self._followed = 0.0
        self._placeholder_text = self.tr("Select a record to see its log.")
        #: per log entry shown: can it be undone, and what would the undo do
        self._undo: dict[int, UndoCheck] = {}
        self._undoing: int | None = None
        #: the reason typed for the next action on the page, if it has such a field
        self.reason_source: Callable[[], str | None] | None = None

        self.log_model = LogTableModel(self)
        self.changes_model = ChangesModel(self)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_LOG_MS)
        self._build()
        self._connect_signals()
        self._show_placeholder(self._placeholder_text)

    # == building ===========================================================================

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        self.title_label = QLabel(self.tr("Record log"))
        self.title_label.setObjectName("LogTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # long keys must not widen the window: the title is cut, its tooltip tells all
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.title_label)
        self.outcome_bar = OutcomeBar()
        self.outcome_bar.setObjectName("UndoOutcome")
        layout.addWidget(self.outcome_bar)

        self.log_view = _table("LogTable", self.tr("Record log"))
        self.log_view.setModel(self.log_model)
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        size_log_columns(self.log_view)
        self.log_view.horizontalHeader().setObjectName("LogHeader")
        self.log_view.horizontalHeader().setMinimumSectionSize(40)
        self.log_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.log_stack = QStackedWidget()
        self.log_stack.addWidget(self.log_view)
        self.log_stack.addWidget(self.placeholder)

        changes = QWidget()
        changes_layout = QVBoxLayout(changes)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.setSpacing(2)
        self.changes_title = QLabel(self.tr("Field changes"))
        self.changes_title.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_action = QAction(self.tr("&Undo…"), self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        self.undo_button = QPushButton(self.tr("&Undo…"))
        self.undo_button.setObjectName("UndoButton")
        self.undo_button.setAutoDefault(False)
        changes_head = QHBoxLayout()
        changes_head.setContentsMargins(0, 0, 0, 0)
        changes_head.addWidget(self.changes_title, 1)
        changes_head.addWidget(self.undo_button)
        self.changes_view = _table("ChangesTable", self.tr("Field changes of the log entry"))
        self.changes_view.setModel(self.changes_model)
        changes_header = self.changes_view.horizontalHeader()
        changes_header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        changes_header.setHighlightSections(False)
        # app titles may not fit a narrow panel: they start at the left and are cut at the end
        changes_header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        changes_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.changes_placeholder = QLabel()
        self.changes_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.changes_placeholder.setWordWrap(True)
        self.changes_placeholder.setEnabled(False)
        self.changes_stack = QStackedWidget()
        self.changes_stack.addWidget(self.changes_view)
        self.changes_stack.addWidget(self.changes_placeholder)
        changes_layout.addLayout(changes_head)
        changes_layout.addWidget(self.changes_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("LogSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.log_stack)
        self.splitter.addWidget(changes)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 380])
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.log_view.selectionModel().selectionChanged.connect(self._on_entry_selection)
        self._live_timer.timeout.connect(self._follow)
        self.runner.writeStarted.connect(self._on_write_started)
        self.runner.writeEnded.connect(self._on_write_ended)
        self.runner.writeProgress.connect(self._on_write_progress)
        self.undo_action.triggered.connect(self.undo_selected)
        self.undo_button.clicked.connect(self.undo_selected)
        self.log_view.customContextMenuRequested.connect(self._on_log_menu)

    # == the workspace ======================================================================

    def open_workspace(self, integration: Integration) -> None:
        self.integration = integration
        apps = integration.workspace.apps
        self._titles = {"left": apps["left"].title, "right": apps["right"].title}
        self.log_model.set_titles(self._titles["left"], self._titles["right"])

    def close_workspace(self) -> None:
        self.integration = None
        self.runner.invalidate(self._channel)
        self._target = self._shown = None
        self._stale = False
        self._handle = None
        self._live_timer.stop()
        self.log_model.clear()
        self.changes_model.clear()
        self._undo = {}
        self.outcome_bar.dismiss()
        self._show_placeholder(self._placeholder_text)

    # == what is shown ======================================================================

    @property
    def target(self) -> LogTarget | None:
        """The record whose log is asked for."""
        return self._target

    def show_record(self, target: LogTarget | None, placeholder: str = "") -> None:
        """Show the log of ``target`` (read now if the panel is on screen, else when it
        comes on); ``None`` shows ``placeholder`` instead."""
        if placeholder:
            self._placeholder_text = placeholder
        if target is None:
            self._target = self._shown = None
            self._stale = False
            self.runner.invalidate(self._channel)
            self.log_model.clear()
            self._show_placeholder(self._placeholder_text)
            return
        if target == self._target and not self._stale and self._shown == target:
            return
        self._target = target
        self.title_label.setText(
            self.tr("Record log — {mapping} {name} {left} ↔ {right}").format(
                mapping=target.mapping,
                name=target.title or "",
                left=short_key(target.left_key, 20),
                right=short_key(target.right_key, 20),
            )
            if target.title
            else self.tr("Record log — {mapping} {left} ↔ {right}").format(
                mapping=target.mapping,
                left=short_key(target.left_key, 20),
                right=short_key(target.right_key, 20),
            )
        )
        tip = (
            f"{self._titles['left']}: {target.left_key or '—'}\n"
            f"{self._titles['right']}: {target.right_key or '—'}"
        )
        if target.title:
            tip = f"{target.title}\n{tip}"
        self.title_label.setToolTip(plain_tip(tip))
        if self._shown != target:
            self.log_model.clear()
            self._show_placeholder(self.tr("Reading the record log…"), keep_title=True)
        self._stale = True
        self.ensure_loaded()

    def ensure_loaded(self) -> None:
        """Read the log asked for, if it is not shown yet and the panel is (or would be) seen."""
        if self._stale and self._target is not None and self._on_screen():
            self._read()

    def reload(self) -> None:
        """Read the log shown again (after an action or a job)."""
        if self._target is not None:
            self._stale = True
            self.ensure_loaded()

    def _on_screen(self) -> bool:
        window = self.window()
        return self.isVisibleTo(window) if window is not self else True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    def _show_placeholder(self, text: str, *, keep_title: bool = False) -> None:
        self.placeholder.setText(text)
        self.log_stack.setCurrentWidget(self.placeholder)
        if not keep_title:
            self.title_label.setText(self.tr("Record log"))
            self.title_label.setToolTip("")
        self.changes_model.clear()
        self.changes_title.setText(self.tr("Field changes"))
        self.changes_placeholder.setText("")
        self.changes_stack.setCurrentWidget(self.changes_placeholder)
        self._update_undo()

    # == reading ============================================================================

    def _read(self) -> None:
        if self._target is None or self.integration is None:
            return
        self._stale = False
        self._followed = time.monotonic()
        self._handle = self.runner.submit(
            Task(
                self.tr("Read record log"),
                partial(load_record_log, self.integration, self._target),
                channel=self._channel,
                on_done=self._on_loaded,
                on_failed=self._on_failed,
            )
        )

    def _on_loaded(self, value: object) -> None:
        assert isinstance(value, RecordLog)
        if value.target != self._target:
            return  # the selection moved on meanwhile
        self._undo = dict(value.undo)
        if value.target == self._shown and self.log_model.rowCount() and value.rows:
            self._follow_rows(value.rows)
        else:
            self._shown = value.target
            selection = self.log_view.selectionModel()
            with QSignalBlocker(selection):
                self.log_model.set_rows(value.rows)
            if value.rows:
                self.log_stack.setCurrentWidget(self.log_view)
                self.log_view.selectRow(len(value.rows) - 1)
                self.log_view.scrollToBottom()
            else:
                self._show_placeholder(
                    self.tr("No log entries for this record yet."), keep_title=True
                )
            self._on_entry_selection()
        self._update_undo()
        self.loaded.emit()

    def _on_failed(self, message: str) -> None:
        from syncdesk.ui.messages import engine_text

        self._shown = None
        self.log_model.clear()
        self._show_placeholder(
            self.tr("Could not read the record log: {message}").format(
                message=engine_text(message)
            ),
            keep_title=True,
        )
        self.loaded.emit()

    def _follow_rows(self, rows: Sequence[LogRow]) -> None:
        """The same record's log read again: new entries at the bottom, nothing else moves.

        The selected entry and the scroll position stay; if the view was scrolled to the
        bottom, it follows to the newest entry.
        """
        old = [r.id for r in self.log_model.rows()]
        new = [r.id for r in rows]
        if new == old:
            return
        bar = self.log_view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum()
        if new[: len(old)] == old:
            self.log_model.append_rows(rows[len(old) :])
        else:
            # older entries changed too (seldom): show all again, on the same entry and spot
            picked = self.log_view.selectionModel().selectedRows()
            entry = self.log_model.row_at(picked[0].row()).id if picked else None
            scrolled = (bar.value(), self.log_view.horizontalScrollBar().value())
            with QSignalBlocker(self.log_view.selectionModel()):
                self.log_model.set_rows(rows)
            row = self.log_model.row_of(entry) if entry is not None else None
            if row is not None:
                self.log_view.selectRow(row)
            self.log_view.doItemsLayout()
            bar.setValue(scrolled[0])
            self.log_view.horizontalScrollBar().setValue(scrolled[1])
            self._on_entry_selection()
        if at_bottom:
            self.log_view.scrollToBottom()

    # == following a job ====================================================================

    @Slot(object)
    def _on_write_started(self, _handle: object) -> None:
        self._live_timer.start()

    @Slot(object)
    def _on_write_ended(self, _handle: object) -> None:
        if self.runner.current_write is None:
            self._live_timer.stop()

    @Slot(object, object)
    def _on_write_progress(self, _handle: object, _value: object) -> None:
        self._follow()

    @Slot()
    def _follow(self) -> None:
        """While a job runs: read the record's log again, about once a second.

        A read still on its way is let finish first, so a slow database never piles reads up.
        """
        if self._target is None or self._target != self._shown:
            return
        if self._handle is None or not self._handle.ended or not self._on_screen():
            return
        if time.monotonic() - self._followed < 0.9 * LIVE_LOG_MS / 1000:
            return
        self._read()

    # == one entry ==========================================================================

    @Slot()
    def _on_entry_selection(self, *_args: object) -> None:
        self._update_undo()
        rows = self.log_view.selectionModel().selectedRows()
        if not rows:
            self.changes_model.clear()
            self.changes_title.setText(self.tr("Field changes"))
            self.changes_placeholder.setText(self.tr("Select a log entry to see what it changed."))
            self.changes_stack.setCurrentWidget(self.changes_placeholder)
            return
        entry = self.log_model.row_at(rows[0].row())
        # the action as the log table shows it (in the window's language)
        action = self.log_model.index(rows[0].row(), LogColumn.ACTION).data()
        action = action or entry.action.replace("-", " ")
        if entry.conflict is not None and not entry.changes:
            self.changes_model.set_conflict(entry.conflict, self._titles)
            self.changes_title.setText(
                self.tr("Changed in both apps — {action}").format(action=action)
            )
        else:
            self.changes_model.set_changes(entry.changes)
            self.changes_title.setText(self.tr("Field changes — {action}").format(action=action))
        if self.changes_model.rowCount():
            self.changes_stack.setCurrentWidget(self.changes_view)
        else:
            self.changes_placeholder.setText(self.tr("This entry changed no fields."))
            self.changes_stack.setCurrentWidget(self.changes_placeholder)

    def select_entry(self, row: int) -> None:
        self.log_view.selectRow(row)

    # == undo ===============================================================================

    def selected_entry(self) -> LogRow | None:
        rows = self.log_view.selectionModel().selectedRows()
        if not rows or self.log_stack.currentWidget() is not self.log_view:
            return None
        return self.log_model.row_at(rows[0].row())

    def undo_check(self, entry: LogRow | None = None) -> UndoCheck | None:
        """Whether the selected entry (or ``entry``) can be undone, as read with the log."""
        entry = entry or self.selected_entry()
        return self._undo.get(entry.id) if entry is not None else None

    def _update_undo(self) -> None:
        check = self.undo_check()
        can = (
            check is not None
            and check.reason is None
            and self._undoing is None
            and self.integration is not None
        )
        for target in (self.undo_action, self.undo_button):
            target.setEnabled(can)
            target.setToolTip(
                self.tr("Undoing…") if self._undoing is not None else undo_action.undo_tip(check)
            )

    @Slot(QPoint)
    def _on_log_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.undo_action)
        menu.exec(self.log_view.viewport().mapToGlobal(pos))

    @Slot()
    def undo_selected(self) -> None:
        """Undo the selected entry: asked first, then run in a worker."""
        entry = self.selected_entry()
        check = self.undo_check(entry)
        if entry is None or check is None or check.reason is not None:
            return
        if self.integration is None or self._undoing is not None:
            return
        if not undo_action.confirm(self, entry, check, self._titles):
            return
        self._undoing = entry.id
        self._update_undo()
        reason = self.reason_source() if self.reason_source is not None else None
        self.runner.submit(
            Task(
                self.tr("Undo log entry {id}").format(id=entry.id),
                partial(tasks.undo_entry, self.integration, entry.id, reason=reason),
                writes=True,
                on_done=self._on_undone,
                on_failed=partial(self._on_undo_failed, entry.id),
            )
        )

    def _on_undone(self, value: object) -> None:
        assert isinstance(value, UndoResult)
        self._undoing = None
        self.outcome_bar.show_told(undo_action.told(value))
        self.reload()
        self._update_undo()
        self.undone.emit(value)

    def _on_undo_failed(self, log_id: int, message: str) -> None:
        self._undoing = None
        self.outcome_bar.show_told(undo_action.failed(log_id, message))
        self.reload()
        self._update_undo()
        self.undone.emit(None)
