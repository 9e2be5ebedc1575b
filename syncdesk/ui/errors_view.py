"""The Sync Errors page: every open sync error, the record log of the one selected, and the
actions that resolve them (Business Central's "Coupled Data Synchronization Errors").

A summary per kind (each a link that shows, or stops showing, only that kind), filters and
a search (keys, mappings, messages and the records' names), the paged error table, the
record log panel below it, and the actions: Synchronize Now, Retry, Retry Now,
Synchronize…, Use Left/Right Version, Restore, Delete and Remove Coupling — on the
selected errors, or on every error matching the filter. Every read and write runs in the
window's :class:`~syncdesk.ui.worker.TaskRunner`; what a synchronization by hand did is
always said in the outcome bar above the table.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.actions import APPLIES, ActionResult
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ERROR_KINDS, ErrorFilter, ErrorRow
from syncdesk.ui import tasks
from syncdesk.ui.conflict_dialog import ConflictDialog
from syncdesk.ui.error_actions import ErrorAction, ErrorQuestions, message_box, record_words
from syncdesk.ui.i18n import fmt_int, settings
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import (
    KIND_COLORS,
    ElideMiddleDelegate,
    ErrorColumn,
    ErrorTableModel,
    kind_text,
)
from syncdesk.ui.outcome import OutcomeBar, SyncRun, tell
from syncdesk.ui.record_log import LogTarget, RecordLogPanel, short_key
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskRunner
from syncdesk.workspace import Side

#: how long the search field waits for more typing before it queries again (ms)
SEARCH_DELAY_MS = 250
#: the summary bar's order: conflicts first, failed writes last
SUMMARY_ORDER = ("conflict", "deleted-right", "deleted-left", "failed")
#: a refresh (after an action or a job) reads again as many rows as were read, up to this
#: many, so the scroll position and the selection survive; beyond, it starts from the top
REFRESH_KEEP_ROWS = 2000
#: an action's problems are listed one per line, up to this many
PROBLEM_LINES = 20
#: Retry Now runs one job per record: at most this many at once
RETRY_NOW_LIMIT = 100


def export_name(workspace_name: str) -> str:
    """A file name for an export: the workspace's name as written, less what a file name
    cannot hold (``/ \\ : * ? " < > |`` and control characters)."""
    kept = "".join(c for c in workspace_name if c not in '/\\:*?"<>|' and c.isprintable())
    return " ".join(kept.split()).strip(" .")


def error_record(r: ErrorRow) -> tuple[Side, str] | None:
    """The record a sync error's actions read: the left one, unless it is gone there."""
    if r.left_key is not None and r.kind != "deleted-left":
        return "left", r.left_key
    if r.right_key is not None:
        return "right", r.right_key
    return None


class ErrorsView(WorkspaceView):
    """The open sync errors of the workspace, and the actions that resolve them."""

    title = "Sync Errors"

    errorsRefreshed = Signal()
    """The error table and summary show a fresh query."""
    recordLogLoaded = Signal()
    """The record log panel shows the log of the selected error's record."""
    actionEnded = Signal(object)
    """An action on sync errors ended: its ``ActionResult`` (``None`` if it was refused)."""
    syncEnded = Signal(object)
    """Synchronize Now or Retry Now ended: its ``SyncRun`` (``None`` if it could not run)."""
    errorsExported = Signal(object)
    """An export ended: its ``tasks.ExportResult`` (``None`` if it failed)."""
    countChanged = Signal(int)
    """How many sync errors are open (for the sidebar)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("ErrorsView")
        self._titles: dict[str, str] = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._totals: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the errors matching the filter shown, per kind (for actions on all of them)
        self._matching: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the filter and order of the rows shown (the next page must match them)
        self._shown_query: tuple[ErrorFilter, str, bool] = (ErrorFilter(), "id", False)
        self._acting = False
        self._exporting = False
        #: the error to select once the rows it is in are shown (Show Sync Error)
        self._select_after: int | None = None
        self._sort_column = int(ErrorColumn.FIRST_SEEN)
        #: the Synchronize dialog while it is open
        self.conflict_dialog: ConflictDialog | None = None
        self.questions = ErrorQuestions(self, self._titles)

        self.errors_model = ErrorTableModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build_actions()
        self._build()
        self._connect_signals()
        self._update_actions()

    # == building ===========================================================================

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | str,
        tip: str,
        slot: Callable[[], object] | None = None,
    ) -> QAction:
        action = QAction(text, self)
        seq = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        action.setShortcut(seq)
        keys = seq.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip)
        action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.sync_now_action = self._action(
            self.tr("Synchronize &Now"),
            "Ctrl+F9",
            self.tr("Synchronize the records of the selected sync errors now"),
            self._on_sync_now,
        )
        self.error_specs = {
            "retry": ErrorAction(
                "retry",
                self.tr("&Retry"),
                "Ctrl+R",
                self.tr("Include the selected records in the next job again"),
            ),
            "use-left": ErrorAction(
                "use-left",
                self.tr("Use &Left Version"),
                "Ctrl+Shift+L",
                self.tr("Resolve the selected conflicts with the left app's values, in both apps"),
            ),
            "use-right": ErrorAction(
                "use-right",
                self.tr("Use R&ight Version"),
                "Ctrl+Shift+R",
                self.tr("Resolve the selected conflicts with the right app's values, in both apps"),
            ),
            "restore": ErrorAction(
                "restore",
                self.tr("Re&store Records"),
                "Ctrl+Shift+T",
                self.tr(
                    "Re-create the selected deleted records from the other app and couple them"
                ),
            ),
            "delete": ErrorAction(
                "delete",
                self.tr("&Delete Records…"),
                "Shift+Del",
                self.tr(
                    "Delete the selected records in the app where they still exist, and uncouple"
                ),
            ),
            "remove-coupling": ErrorAction(
                "remove-coupling",
                self.tr("Remove &Coupling…"),
                "Ctrl+U",
                self.tr("Uncouple the selected records; neither syncs again until coupled again"),
            ),
        }
        self.error_actions: dict[str, QAction] = {}
        for name, spec in self.error_specs.items():
            self.error_actions[name] = self._action(
                spec.text, spec.shortcut, spec.tip, partial(self._on_resolve, name)
            )
        # the toolbar's short words: a context of their own (shorter there)
        for name, short in (
            ("restore", "Restore"),
            ("delete", "Delete"),
            ("remove-coupling", "Remove Coupling"),
        ):
            self.error_actions[name].setIconText(QCoreApplication.translate("MainToolbar", short))
        self.retry_now_action = self._action(
            self.tr("Retry N&ow"),
            "Ctrl+Alt+R",
            self.tr(
                "Retry the selected records and run a job for each at once, showing its outcome"
            ),
            self._on_retry_now,
        )
        self.synchronize_action = self._action(
            self.tr("S&ynchronize…"),
            "Ctrl+Shift+Y",
            self.tr("Compare the selected conflicts side by side and choose a value per field"),
            self._on_synchronize,
        )
        self.export_action = self._action(
            self.tr("&Export Errors to CSV…"),
            "Ctrl+E",
            self.tr("Write every sync error matching the filter to a CSV file (opens in Excel)"),
            self._on_export_requested,
        )
        self.all_matching_action = QAction(self.tr("Apply to &All Matching Errors"), self)
        self.all_matching_action.setCheckable(True)
        self.all_matching_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.all_matching_action.setStatusTip(
            self.tr(
                "Let the next action apply to every sync error matching the filter, not only "
                "the selected ones"
            )
        )
        self.all_matching_action.setToolTip(
            self.tr("Apply the next action to every sync error matching the filter (Ctrl+Shift+A)")
        )
        self.show_log_action = QAction(self.tr("Record &Log"), self)
        self.show_log_action.setCheckable(True)
        self.show_log_action.setChecked(True)
        self.show_log_action.setShortcut(QKeySequence("Ctrl+L"))
        self.show_log_action.setToolTip(self.tr("Show or hide the record log panel (Ctrl+L)"))

    def menu_actions(self) -> list[QAction | None]:
        """The Errors menu, in order (``None``: a separator)."""
        a = self.error_actions
        return [
            a["retry"],
            self.retry_now_action,
            self.synchronize_action,
            a["use-left"],
            a["use-right"],
            a["restore"],
            None,
            a["delete"],
            a["remove-coupling"],
            None,
            self.all_matching_action,
        ]

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_errors_panel())
        self.log_panel = RecordLogPanel(self.runner)
        self.log_panel.show_record(
            None, self.tr("Select a sync error to see the log of its record.")
        )
        self.splitter.addWidget(self.log_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([470, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _build_errors_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("SummaryLabel")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        self.showing_label = QLabel()
        self.showing_label.setObjectName("ShowingLabel")
        self.showing_label.setEnabled(False)
        # the summary, and at the right how many errors the table shows
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.showing_label)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.mapping_combo = QComboBox()
        self.mapping_combo.setAccessibleName(self.tr("Mapping"))
        self.mapping_combo.setToolTip(self.tr("Show the sync errors of one mapping"))
        self.mapping_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Kind of sync error"))
        self.kind_combo.setToolTip(self.tr("Show one kind of sync error"))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.mapping_combo, self.kind_combo):
            # as wide as the longest entry, also when longer texts (Dutch) fill the row
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Search the sync errors"))
        self.search_edit.setPlaceholderText(self.tr("Search names, keys and messages…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            self.tr(
                "Show the sync errors whose record name, key, mapping or message holds this "
                "(Esc clears it)"
            )
        )
        self.search_edit.setMinimumWidth(160)
        self.clear_search_action = QAction(self.tr("Clear the search"), self.search_edit)
        self.clear_search_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_search_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_edit.addAction(self.clear_search_action)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("ReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Why (optional)…"))
        self.reason_edit.setAccessibleName(self.tr("Reason for the next action"))
        self.reason_edit.setToolTip(
            self.tr(
                "Why you act: kept in the record log with your name beside the next action "
                "on sync errors (then cleared)"
            )
        )
        self.reason_edit.setClearButtonEnabled(True)
        self.reason_edit.setMinimumWidth(110)
        # its text never changes with the count: the row beside it does not move
        self.all_matching_check = QCheckBox(self.tr("Apply to all matching"))
        self.all_matching_check.setObjectName("AllMatchingCheck")
        self.all_matching_check.setToolTip(
            self.tr(
                "Retry, Restore, Delete and the other actions apply to every sync error "
                "matching the filter, not only the selected ones; you confirm the count first. "
                "Unticked again after the action."
            )
        )
        filters.addWidget(self.mapping_combo)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(self.all_matching_check)
        filters.addSpacing(8)
        filters.addWidget(self.reason_edit)
        layout.addLayout(filters)

        self.outcome_bar = OutcomeBar()
        layout.addWidget(self.outcome_bar)
        self.targeted_label = QLabel()
        self.targeted_label.setObjectName("TargetedLabel")
        self.targeted_label.setWordWrap(True)
        self.targeted_label.hide()
        layout.addWidget(self.targeted_label)

        self.error_view = QTableView()
        self.error_view.setAccessibleName(self.tr("Sync errors"))
        self.error_view.setObjectName("ErrorTable")
        self.error_view.setModel(self.errors_model)
        self.error_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.error_view.setAlternatingRowColors(True)
        self.error_view.setWordWrap(False)
        self.error_view.setTabKeyNavigation(False)  # Tab leaves; the arrows move inside
        self.error_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._key_delegate = ElideMiddleDelegate(self.error_view)
        self.error_view.setItemDelegateForColumn(ErrorColumn.LEFT, self._key_delegate)
        self.error_view.setItemDelegateForColumn(ErrorColumn.RIGHT, self._key_delegate)
        self.error_view.verticalHeader().hide()
        self.error_view.verticalHeader().setDefaultSectionSize(
            self.error_view.fontMetrics().height() + 10
        )
        self.error_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.error_view.horizontalHeader()
        header.setObjectName("ErrorHeader")
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setMinimumSectionSize(48)
        self.size_columns()
        header.setSectionResizeMode(ErrorColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.error_view.setSortingEnabled(True)
        header.setSortIndicator(ErrorColumn.FIRST_SEEN, Qt.SortOrder.AscendingOrder)

        self.errors_placeholder = QLabel()
        self.errors_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.errors_placeholder.setWordWrap(True)
        self.errors_placeholder.setEnabled(False)
        self.errors_stack = QStackedWidget()
        self.errors_stack.addWidget(self.error_view)
        self.errors_stack.addWidget(self.errors_placeholder)
        layout.addWidget(self.errors_stack, 1)
        return panel

    def size_columns(self) -> None:
        """Column widths for the words of the window's language and the apps' titles."""
        fm = self.error_view.fontMetrics()
        kinds = [kind_text(k, self._titles) for k in ERROR_KINDS]
        widths = {
            ErrorColumn.MAPPING: 90,
            ErrorColumn.KIND: max(150, *(fm.horizontalAdvance(k) + 40 for k in kinds)),
            ErrorColumn.NAME: 150,
            ErrorColumn.LEFT: 105,
            ErrorColumn.RIGHT: 140,
            ErrorColumn.FIRST_SEEN: 128,
            ErrorColumn.LAST_ATTEMPT: 128,
            ErrorColumn.ATTEMPTS: 72,
        }
        for col, width in widths.items():
            self.error_view.setColumnWidth(col, width)

    def _connect_signals(self) -> None:
        self.summary_label.linkActivated.connect(self._on_summary_link)
        self.mapping_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._on_filter_changed)
        self.clear_search_action.triggered.connect(self.search_edit.clear)
        self._search_timer.timeout.connect(self._on_filter_changed)
        self.errors_model.sortRequested.connect(self._on_sort_requested)
        self.errors_model.pageRequested.connect(self._on_page_requested)
        header = self.error_view.horizontalHeader()
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.all_matching_check.toggled.connect(self.all_matching_action.setChecked)
        self.all_matching_action.toggled.connect(self.all_matching_check.setChecked)
        self.all_matching_action.toggled.connect(self._on_all_matching_toggled)
        self.error_view.selectionModel().selectionChanged.connect(self._on_error_selection)
        self.error_view.customContextMenuRequested.connect(self._on_error_context_menu)
        self.error_view.doubleClicked.connect(self._on_error_double_clicked)
        self.log_panel.loaded.connect(self.recordLogLoaded)
        self.show_log_action.toggled.connect(self._on_show_log)
        self.outcome_bar.errorRequested.connect(self.show_error)
        self.outcome_bar.jobRequested.connect(self.jobRequested)

    # == the WorkspaceView hooks ============================================================

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        ws = integration.workspace
        left, right = ws.apps["left"].title, ws.apps["right"].title
        self._titles.update({"left": left, "right": right})
        self.questions.titles = dict(self._titles)
        self.errors_model.set_titles(left, right)
        self.log_panel.open_workspace(integration)
        for name, side in (("use-left", left), ("use-right", right)):
            act = self.error_actions[name]
            act.setText(self.tr("Use {app} Version").format(app=side))
            act.setIconText(QCoreApplication.translate("MainToolbar", "Use {app}").format(app=side))
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = self.tr(
                "Resolve the selected conflicts with the values in {app}, in both apps"
            ).format(app=side)
            act.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys))
            act.setStatusTip(tip)
        self._fill_filters()
        self.size_columns()
        self.log_panel.show_record(
            None, self.tr("Select a sync error to see the log of its record.")
        )
        self.outcome_bar.dismiss()
        self._update_actions()
        self.refresh()

    def close_workspace(self) -> None:
        super().close_workspace()
        self._search_timer.stop()
        for channel in ("errors", "error-page", "export"):
            self.runner.invalidate(channel)
        if self.conflict_dialog is not None:
            self.conflict_dialog.reject()
        self._acting = False
        self._exporting = False
        self._select_after = None
        self._matching = dict.fromkeys(ERROR_KINDS, 0)
        self.all_matching_action.setChecked(False)
        self.errors_model.clear()
        self.log_panel.close_workspace()
        self.outcome_bar.dismiss()
        self._update_actions()

    def refresh(self) -> None:
        """Query the sync errors again (in a worker), and the log of the selected record.

        The rows read so far are read again (up to ``REFRESH_KEEP_ROWS``), so the selection
        and the scroll position stay where they were.
        """
        self._query_errors(keep=True)

    def set_current(self, current: bool) -> None:
        super().set_current(current)
        self._update_actions()
        if current:
            self.log_panel.ensure_loaded()

    def shutdown(self) -> None:
        self._search_timer.stop()

    # == settings ===========================================================================

    def save_state(self) -> dict[str, object]:
        return {
            "splitter": self.splitter.saveState(),
            "logSplitter": self.log_panel.splitter.saveState(),
            "logHeader": self.log_panel.log_view.horizontalHeader().saveState(),
            # column widths, order and the sort (the model follows the sort indicator)
            "errorHeader2": self.error_view.horizontalHeader().saveState(),
            "showLog": self.show_log_action.isChecked(),
        }

    def restore_state(self, values: dict[str, Any]) -> None:
        for key, restore in (
            ("splitter", self.splitter.restoreState),
            ("logSplitter", self.log_panel.splitter.restoreState),
            ("logHeader", self.log_panel.log_view.horizontalHeader().restoreState),
            ("errorHeader2", self.error_view.horizontalHeader().restoreState),
        ):
            value = values.get(key)
            if value is not None and not value.isEmpty():
                restore(value)
        self.show_log_action.setChecked(bool(values.get("showLog", True)))
        header = self.error_view.horizontalHeader()
        self._sort_column = header.sortIndicatorSection()

    @Slot(bool)
    def _on_show_log(self, shown: bool) -> None:
        self.log_panel.setVisible(shown)
        if shown:
            self.log_panel.ensure_loaded()

    # == filters ============================================================================

    def _fill_filters(self) -> None:
        assert self.integration is not None
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.kind_combo):
            self.mapping_combo.clear()
            self.mapping_combo.addItem(self.tr("All mappings"), None)
            for m in self.integration.workspace.mappings:
                self.mapping_combo.addItem(m.name, m.name)
            self.kind_combo.clear()
            self.kind_combo.addItem(self.tr("All kinds"), None)
            for kind in ERROR_KINDS:
                label = kind_text(kind, self._titles)
                self.kind_combo.addItem(label[:1].upper() + label[1:], kind)
        with QSignalBlocker(self.search_edit):
            self.search_edit.clear()

    def current_filter(self) -> ErrorFilter:
        mapping = self.mapping_combo.currentData()
        kind = self.kind_combo.currentData()
        return ErrorFilter(
            mappings=(mapping,) if mapping else (),
            kinds=(kind,) if kind else (),
            search=self.search_edit.text().strip(),
        )

    @Slot()
    def _on_filter_changed(self, *_args: object) -> None:
        self._query_errors(keep=False)

    @Slot(str, bool)
    def _on_sort_requested(self, _key: str, _descending: bool) -> None:
        self._query_errors(keep=False)

    @Slot(int, Qt.SortOrder)
    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        """The name is read from the apps, not the state: the table is not sorted by it."""
        if column == ErrorColumn.NAME:
            header = self.error_view.horizontalHeader()
            with QSignalBlocker(header):
                header.setSortIndicator(self._sort_column, self._sort_order())
            self.statusMessage.emit(
                self.tr("The names are read from the apps: sort by another column"), 5000
            )
            return
        self._sort_column = column

    def _sort_order(self) -> Qt.SortOrder:
        return (
            Qt.SortOrder.DescendingOrder
            if self.errors_model.descending
            else Qt.SortOrder.AscendingOrder
        )

    @Slot(str)
    def _on_summary_link(self, kind: str) -> None:
        """A kind in the summary shows only that kind; the shown kind again shows all."""
        index = self.kind_combo.findData(kind)
        if index < 0:
            return
        self.kind_combo.setCurrentIndex(0 if self.kind_combo.currentIndex() == index else index)

    # == loading ============================================================================

    def _query_errors(self, *, keep: bool) -> None:
        """Read the first page of the errors matching the filter, in the table's order.

        ``keep``: as many rows as are shown now (a refresh), not one page (a new filter or
        sort, which starts at the top). Pages of the query before are dropped from now on.
        """
        if self.integration is None:
            return
        self._search_timer.stop()
        limit = tasks.PAGE_SIZE
        if keep and self.errors_model.rowCount() <= REFRESH_KEEP_ROWS:
            limit = max(limit, self.errors_model.rowCount())
        token = self.errors_model.start_query()
        self.runner.invalidate("error-page")
        self.runner.submit(
            Task(
                self.tr("Read sync errors"),
                partial(
                    tasks.load_errors,
                    self.integration,
                    self.current_filter(),
                    self.errors_model.sort_key,
                    self.errors_model.descending,
                    limit,
                ),
                channel="errors",
                on_done=partial(self._on_errors_loaded, token, keep),
                on_failed=partial(self._on_errors_failed, token),
            )
        )

    def _on_errors_loaded(self, token: int, keep: bool, value: object) -> None:
        assert isinstance(value, tasks.ErrorsSnapshot)
        snap = value
        selected = [r.id for r in self.selected_errors()]
        if self._select_after is not None:
            selected = [self._select_after]
        current = self.error_view.currentIndex()
        current_row = current.row() if current.isValid() else -1
        scrolled = self.error_view.verticalScrollBar().value()
        selection = self.error_view.selectionModel()
        with QSignalBlocker(selection):
            if not self.errors_model.set_first_page(token, snap.rows, snap.total):
                return  # a newer query is on its way
            rows = [r for r in (self.errors_model.row_of(i) for i in selected) if r is not None]
            if not rows and selected and snap.rows and current_row >= 0:
                # what was selected is gone (resolved): move on to the row that took its place
                rows = [min(current_row, len(snap.rows) - 1)]
            self._select_rows(rows)
        self._select_after = None
        if keep:
            self.error_view.doItemsLayout()  # the scroll range of the new rows, now
            self.error_view.verticalScrollBar().setValue(scrolled)
        if rows:
            self.error_view.scrollTo(self.errors_model.index(rows[0], 0))
        self._shown_query = (snap.filter, snap.sort, snap.descending)
        self._totals = snap.totals
        self._matching = snap.matching
        self._update_summary(snap)
        self._on_error_selection()
        self.countChanged.emit(sum(snap.totals.values()))
        self.errorsRefreshed.emit()

    def _on_errors_failed(self, token: int, message: str) -> None:
        self.errors_model.page_failed(token)
        self._on_read_failed(message)

    @Slot(int)
    def _on_page_requested(self, token: int) -> None:
        """The view scrolled to the end of the rows read: read the next page (in a worker)."""
        if self.integration is None:
            self.errors_model.page_failed(token)
            return
        flt, sort, descending = self._shown_query
        self.runner.submit(
            Task(
                self.tr("Read more sync errors"),
                partial(
                    tasks.load_error_page,
                    self.integration,
                    flt,
                    sort,
                    descending,
                    self.errors_model.last_row(),
                    tasks.PAGE_SIZE,
                ),
                channel="error-page",
                on_done=partial(self._on_page_loaded, token),
                on_failed=partial(self._on_page_failed, token),
            )
        )

    def _on_page_loaded(self, token: int, value: object) -> None:
        assert isinstance(value, list)
        rows = [r for r in value if isinstance(r, ErrorRow)]
        self.errors_model.append_page(token, rows, last=len(rows) < tasks.PAGE_SIZE)

    def _on_page_failed(self, token: int, message: str) -> None:
        self.errors_model.page_failed(token)
        self._on_read_failed(message)

    def _on_read_failed(self, message: str) -> None:
        self.statusMessage.emit(
            self.tr("Could not read the sync errors: {message}").format(
                message=engine_text(message)
            ),
            0,
        )

    def _select_rows(self, rows: Sequence[int]) -> None:
        selection = self.error_view.selectionModel()
        last = self.errors_model.columnCount() - 1
        items = QItemSelection()
        for row in rows:
            items.select(self.errors_model.index(row, 0), self.errors_model.index(row, last))
        selection.select(items, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if rows:
            selection.setCurrentIndex(
                self.errors_model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def show_error(self, error_id: int) -> None:
        """Show sync error ``error_id``: every filter off, searched by its record's key."""
        if self.integration is None:
            return
        self.runner.submit(
            Task(
                self.tr("Find sync error {id}").format(id=error_id),
                partial(tasks.find_error, self.integration, error_id),
                channel="find-error",
                on_done=self._on_error_found,
                on_failed=self._on_read_failed,
            )
        )

    def _on_error_found(self, value: object) -> None:
        if not isinstance(value, ErrorRow):
            self.statusMessage.emit(self.tr("That sync error is no longer open."), 8000)
            return
        self._select_after = value.id
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.kind_combo):
            self.mapping_combo.setCurrentIndex(0)
            self.kind_combo.setCurrentIndex(0)
        with QSignalBlocker(self.search_edit):
            self.search_edit.setText(value.left_key or value.right_key or "")
        self._query_errors(keep=False)

    # == the summary ========================================================================

    def _update_summary(self, snap: tasks.ErrorsSnapshot) -> None:
        totals = snap.totals
        active = snap.filter.kinds[0] if len(snap.filter.kinds) == 1 else None
        dim = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        parts = []
        for kind in SUMMARY_ORDER:
            n = totals.get(kind, 0)
            if kind == "conflict":
                text = self.tr("%Ln conflict(s)", "", n)
            else:
                text = self.tr("{count} {kind}").format(
                    count=fmt_int(n), kind=kind_text(kind, self._titles)
                )
            if n or kind == active:
                color = KIND_COLORS[kind]
                # the kind shown now is underlined, and a click on it shows every kind again
                deco = "underline" if kind == active else "none"
                mark = "▸ " if kind == active else ""
                parts.append(
                    f'<a href="{kind}" style="color:{color}; text-decoration:{deco}">'
                    f"<b>{mark}{html.escape(text)}</b></a>"
                )
            else:
                parts.append(f'<span style="color:{dim.name()}">{html.escape(text)}</span>')
        self.summary_label.setText(" &nbsp;·&nbsp; ".join(parts))
        self.summary_label.setToolTip(
            self.tr("Click a kind to show only that kind; click it again to show every kind")
        )
        total = sum(totals.values())
        matching = snap.total
        filtered = bool(snap.filter.mappings or snap.filter.kinds or snap.filter.search)
        if filtered:
            self.showing_label.setText(
                self.tr("{matching} of %Ln open sync error(s)", "", total).format(
                    matching=fmt_int(matching)
                )
            )
        else:
            self.showing_label.setText(self.tr("%Ln open sync error(s)", "", total))
        self.all_matching_action.setText(
            self.tr("Apply to &All %Ln Matching Error(s)", "", matching)
        )
        self._show_targeted()
        if snap.rows:
            self.errors_stack.setCurrentWidget(self.error_view)
        else:
            if total == 0:
                self.errors_placeholder.setText(
                    self.tr(
                        "No open sync errors: the apps are in step.\n"
                        "Synchronize Modified Records (F9) runs a job now."
                    )
                )
            else:
                self.errors_placeholder.setText(self.tr("No sync error matches the filter."))
            self.errors_stack.setCurrentWidget(self.errors_placeholder)

    # == selection ==========================================================================

    def selected_errors(self) -> list[ErrorRow]:
        rows = sorted({i.row() for i in self.error_view.selectionModel().selectedRows()})
        return [self.errors_model.row_at(r) for r in rows if r < self.errors_model.rowCount()]

    @Slot()
    def _on_error_selection(self, *_args: object) -> None:
        rows = self.selected_errors()
        self._update_actions()
        current = self.error_view.currentIndex()
        focus: ErrorRow | None = None
        if rows:
            focus = rows[0]
            if current.isValid() and any(
                r.id == self.errors_model.row_at(current.row()).id for r in rows
            ):
                focus = self.errors_model.row_at(current.row())
        self._show_record_log(focus)

    def _show_record_log(self, row: ErrorRow | None) -> None:
        where = error_record(row) if row is not None else None
        if row is None or where is None or self.integration is None:
            self.log_panel.show_record(
                None, self.tr("Select a sync error to see the log of its record.")
            )
            return
        side, key = where
        self.log_panel.show_record(
            LogTarget(row.mapping, side, key, row.left_key, row.right_key, row.title)
        )

    def _update_actions(self) -> None:
        open_ = self.integration is not None
        here = open_ and self.is_current
        rows = self.selected_errors() if here else []
        kinds = {r.kind for r in rows}
        # on all matching errors: an action applies if it fits every kind the filter holds
        matching_kinds = {kind for kind, n in self._matching.items() if n}
        all_matching = self.all_matching_action.isChecked()
        for name, act in self.error_actions.items():
            targets = matching_kinds if all_matching else kinds
            fits = bool(targets) and targets <= set(APPLIES[name])
            act.setEnabled(here and fits and not self._acting)
        self.sync_now_action.setEnabled(here and bool(rows) and not all_matching)
        self.retry_now_action.setEnabled(
            here and bool(rows) and not all_matching and not self._acting
        )
        can_all = here and (bool(matching_kinds) or all_matching)
        self.all_matching_action.setEnabled(can_all)
        self.all_matching_check.setEnabled(can_all)
        self.export_action.setEnabled(open_ and not self._exporting)
        self.synchronize_action.setEnabled(
            here and kinds == {"conflict"} and not self._acting and not all_matching
        )
        for widget in (self.mapping_combo, self.reason_edit, self.kind_combo, self.search_edit):
            widget.setEnabled(open_)

    @Slot(bool)
    def _on_all_matching_toggled(self, checked: bool) -> None:
        self.errors_model.set_all_targeted(checked)
        self._show_targeted()
        self._update_actions()

    def _show_targeted(self) -> None:
        """While "Apply to all matching" is ticked, say that every matching row is a target."""
        on = self.all_matching_action.isChecked()
        n = sum(self._matching.values())
        self.targeted_label.setText(
            self.tr(
                "The next action applies to all %Ln sync error(s) matching the filter, not "
                "only to the selected ones.",
                "",
                n,
            )
        )
        self.targeted_label.setVisible(on)

    def _reset_targets(self) -> None:
        """After every action the next one applies to the selected errors again."""
        self.all_matching_action.setChecked(False)

    def reason(self) -> str | None:
        """The reason typed for the next action (None when empty)."""
        return self.reason_edit.text().strip() or None

    # == synchronizing now ==================================================================

    def _records(self, rows: Sequence[ErrorRow]) -> list[tuple[str, Side, str]]:
        return [(r.mapping, *where) for r in rows if (where := error_record(r)) is not None]

    def _sync_label(self, rows: Sequence[ErrorRow]) -> str:
        if len(rows) == 1:
            return self.tr("Synchronize {record}").format(record=record_words(rows[0]))
        return self.tr("Synchronize %Ln record(s)", "", len(rows))

    @Slot()
    def _on_sync_now(self) -> None:
        rows = self.selected_errors()
        if self.integration is None or not rows or not self.sync_now_action.isEnabled():
            return
        label = self._sync_label(rows)
        self._run_sync(
            label, partial(tasks.synchronize_records, self.integration, self._records(rows))
        )

    @Slot()
    def _on_retry_now(self) -> None:
        """Retry the selected errors and run a one-record job for each at once."""
        rows = self.selected_errors()[:RETRY_NOW_LIMIT]
        if self.integration is None or not rows or self._acting:
            return
        label = (
            self.tr("Retry {record} now").format(record=record_words(rows[0]))
            if len(rows) == 1
            else self.tr("Retry %Ln record(s) now", "", len(rows))
        )
        self._acting = True
        self._update_actions()
        self._run_sync(
            label,
            partial(
                tasks.retry_now,
                self.integration,
                [r.id for r in rows],
                {r.id: r.version for r in rows},
                self._records(rows),
                reason=self.reason(),
            ),
        )

    def _run_sync(self, label: str, fn: Callable[[Any], object]) -> None:
        self.outcome_bar.show_text("info", self.tr("{task}…").format(task=label))
        self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                cancellable=True,
                on_done=partial(self._on_sync_done, label),
                on_failed=partial(self._on_sync_failed, label),
            )
        )
        if self.runner.queued_writes():
            self.outcome_bar.show_text(
                "info",
                self.tr("{task}: queued — runs when the running task ends").format(task=label),
            )

    def _on_sync_done(self, label: str, value: object) -> None:
        assert isinstance(value, SyncRun)
        self._acting = False
        if value.retried:
            self.reason_edit.clear()  # it was said for this action
        told = tell(value, self._titles, label)
        self.outcome_bar.show_told(told)
        self.statusMessage.emit(told.text, 15000)
        self._reset_targets()
        self._update_actions()
        self.syncEnded.emit(value)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()

    def _on_sync_failed(self, label: str, message: str) -> None:
        self._acting = False
        text = self.tr("{task}: not done: {message}").format(
            task=label, message=engine_text(message)
        )
        self.outcome_bar.show_text("error", text)
        self.statusMessage.emit(text, 15000)
        self._reset_targets()
        self._update_actions()
        self.syncEnded.emit(None)
        self.refresh()

    # == actions on sync errors =============================================================

    @Slot()
    def _on_synchronize(self) -> None:
        """Synchronize…: the selected conflicts side by side, one after another."""
        rows = [r for r in self.selected_errors() if r.kind == "conflict"]
        if self.integration is None or not rows or self._acting or self.conflict_dialog:
            return
        dialog = ConflictDialog(self.runner, self.integration, rows, self)
        dialog.applied.connect(self._on_conflict_applied)
        dialog.finished.connect(self._on_conflict_dialog_finished)
        self.conflict_dialog = dialog
        dialog.open()

    def _on_conflict_applied(self, result: object) -> None:
        self.actionEnded.emit(result)
        self.refresh()

    def _on_conflict_dialog_finished(self, _code: int) -> None:
        dialog, self.conflict_dialog = self.conflict_dialog, None
        if dialog is not None:
            if dialog.resolved_count:
                self.statusMessage.emit(
                    self.tr("Synchronize: %Ln conflict(s) resolved", "", dialog.resolved_count),
                    0,
                )
            dialog.deleteLater()
        self._reset_targets()
        self.refresh()

    def _action_label(self, action: str) -> str:
        return self.error_actions[action].text().replace("&", "").rstrip("…")

    def _on_resolve(self, action: str) -> None:
        if self.all_matching_action.isChecked():
            self._resolve_matching(action)
            return
        rows = self.selected_errors()
        if self.integration is None or not rows or self._acting:
            return
        if not all(r.kind in APPLIES[action] for r in rows):
            return
        if action == "delete" and not self.questions.delete(rows):
            return
        if action == "remove-coupling" and not self.questions.remove_coupling(rows):
            return
        if action in ("use-left", "use-right") and not self.questions.overwrite(action, rows):
            return
        label = self._action_label(action)
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_errors,
                    self.integration,
                    [r.id for r in rows],
                    action,
                    {r.id: r.version for r in rows},
                    reason=self.reason(),
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, action, label, rows),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _resolve_matching(self, action: str) -> None:
        """The action on every error matching the filter shown, after a confirmation.

        The ids are read in the worker; the confirmed count bounds them there.
        """
        counts = dict(self._matching)
        n = sum(counts.values())
        kinds = {kind for kind, c in counts.items() if c}
        if self.integration is None or self._acting or not n:
            return
        if not kinds <= set(APPLIES[action]):
            return
        flt = self._shown_query[0]
        label = self._action_label(action)
        if not self.questions.matching(action, label, flt, counts):
            return
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_matching, self.integration, flt, action, n, reason=self.reason()
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, action, label, []),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _on_resolve_done(
        self, action: str, label: str, rows: list[ErrorRow], value: object
    ) -> None:
        self._acting = False
        assert isinstance(value, ActionResult)
        result = value
        if result.done:
            self.reason_edit.clear()  # it was said for this action
        by_id = {r.id: r for r in rows}
        done_rows = [by_id[i] for i in result.done if i in by_id]
        if result.done:
            self.statusMessage.emit(
                self.tr("{action}: {done}").format(
                    action=label, done=self.questions.done(action, done_rows, len(result.done))
                ),
                0,
            )
        if result.problems:
            lines = []
            for error_id, problem in list(result.problems.items())[:PROBLEM_LINES]:
                r = by_id.get(error_id)
                what = record_words(r) if r else self.tr("sync error {id}").format(id=error_id)
                lines.append(
                    self.tr("• {what}: {problem}").format(what=what, problem=engine_text(problem))
                )
            if len(result.problems) > PROBLEM_LINES:
                lines.append(self.tr("… and %Ln more", "", len(result.problems) - PROBLEM_LINES))
            n_all = len(result.done) + len(result.problems)
            self.statusMessage.emit(
                self.tr("{action}: {count} of %Ln record(s) done", "", n_all).format(
                    action=label, count=fmt_int(len(result.done))
                ),
                0,
            )
            message_box(
                self,
                QMessageBox.Icon.Warning,
                label,
                self.tr(
                    "{count} of %Ln record(s) could not be done; they stay in the list.",
                    "",
                    n_all,
                ).format(count=fmt_int(len(result.problems))),
                "\n".join(lines),
            ).exec()
        self._reset_targets()
        self._update_actions()
        self.actionEnded.emit(result)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()

    def _on_resolve_failed(self, label: str, message: str) -> None:
        self._acting = False
        self._reset_targets()
        self._update_actions()
        self.statusMessage.emit(self.tr("{action}: nothing done").format(action=label), 0)
        message_box(
            self,
            QMessageBox.Icon.Warning,
            label,
            self.tr("{action}: nothing was done.").format(action=label),
            engine_text(message),
        ).exec()
        self.actionEnded.emit(None)
        self.refresh()

    # == export =============================================================================

    @Slot()
    def _on_export_requested(self) -> None:
        """Export Errors to CSV: every error matching the filter, in the table's order."""
        if self.integration is None or self._exporting:
            return
        ws = self.integration.workspace
        folder = settings().value("export/folder", "")
        start = Path(str(folder)) if folder else Path(ws.path).parent
        name = export_name(ws.name) or "SyncDesk"
        suggested = start / self.tr("{name} sync errors.csv").format(name=name)
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Sync Errors"),
            str(suggested),
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        settings().setValue("export/folder", str(target.parent))
        flt, sort, descending = self._shown_query
        self._exporting = True
        self._update_actions()
        self.statusMessage.emit(
            self.tr("Exporting sync errors to {file}…").format(file=target.name), 0
        )
        self.runner.submit(
            Task(
                self.tr("Export sync errors"),
                partial(
                    tasks.export_errors_csv,
                    self.integration,
                    flt,
                    sort,
                    descending,
                    target,
                    dict(self._titles),
                ),
                channel="export",
                on_done=self._on_export_done,
                on_failed=partial(self._on_export_failed, target),
                on_progress=partial(self._on_export_progress, target),
            )
        )

    def _on_export_progress(self, target: Path, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            done, total = value
            self.statusMessage.emit(
                self.tr("Exporting sync errors to {file}… {done} of {total}").format(
                    file=target.name, done=fmt_int(done), total=fmt_int(total)
                ),
                0,
            )

    def _on_export_done(self, value: object) -> None:
        assert isinstance(value, tasks.ExportResult)
        self._exporting = False
        self._update_actions()
        self.statusMessage.emit(
            self.tr("Exported %Ln sync error(s) to {path}", "", value.rows).format(path=value.path),
            15000,
        )
        self.errorsExported.emit(value)

    def _on_export_failed(self, target: Path, message: str) -> None:
        self._exporting = False
        self._update_actions()
        self.statusMessage.emit(self.tr("Export: nothing written"), 0)
        message_box(
            self,
            QMessageBox.Icon.Warning,
            self.tr("Export Sync Errors"),
            self.tr("The sync errors could not be exported to {file}.").format(file=target.name),
            engine_text(message),
        ).exec()
        self.errorsExported.emit(None)

    # == the table's menu ===================================================================

    def _on_error_context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.sync_now_action)
        menu.addAction(self.retry_now_action)
        menu.addAction(self.synchronize_action)
        menu.addSeparator()
        for name in ("retry", "use-left", "use-right", "restore", "delete", "remove-coupling"):
            menu.addAction(self.error_actions[name])
        menu.exec(self.error_view.viewport().mapToGlobal(pos))

    def _on_error_double_clicked(self, _index: QModelIndex) -> None:
        self.log_panel.log_view.setFocus()


__all__ = ["ErrorsView", "export_name", "short_key"]
