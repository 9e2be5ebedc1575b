"""The Records page: browse one mapping's records in either app, with their coupling.

Pick a mapping and an app, search by key or any mapped field; the table pages in SQL
(``canFetchMore``/``fetchMore``, each page read in a worker). Selecting a record shows it
beside its coupled partner, field by field; from there Synchronize Now (as a job, or one
way), Couple… (match suggestions, or a search of the other app), Uncouple and the record
log (the shared :class:`~syncdesk.ui.record_log.RecordLogPanel`, read when its tab shows).
A status filter narrows the records to those in sync, differing, in error, ...; the count
beside the search says how many there are. What Synchronize Now did is always said in the
outcome bar. Every read and write runs in the window's :class:`TaskRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import (
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.actions import couple, uncouple
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import Integration
from syncdesk.sync.records import (
    EXCLUDED,
    STATUSES,
    RecordPair,
    RecordRow,
    count_records,
    find_records,
    record_pair,
    sync_record_direction,
)
from syncdesk.ui.couple_dialog import CoupleDialog
from syncdesk.ui.error_actions import message_box
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import plain_tip
from syncdesk.ui.outcome import OutcomeBar, SyncRun, run_outcome, tell
from syncdesk.ui.record_log import LogTarget, RecordLogPanel
from syncdesk.ui.records_models import (
    PAGE_SIZE,
    SEARCH_DELAY_MS,
    FieldColumns,
    PairModel,
    RecordColumn,
    RecordTableModel,
    elide_keys,
    fit_headers,
    status_label,
    status_text,
)
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskContext, TaskRunner
from syncdesk.workspace import Side, other

# == the functions the worker runs (no Qt) ===================================================


@dataclass(frozen=True)
class Page:
    rows: list[RecordRow]
    more: bool
    #: where the next page starts in the key order (the records looked at so far)
    next_offset: int = 0
    #: how many records hold the search text (any status; read with the first page only)
    total: int | None = None


def load_page(
    integration: Integration,
    mapping: str,
    side: Side,
    text: str,
    offset: int,
    limit: int,
    context: TaskContext,
    statuses: tuple[str, ...] = (),
) -> Page:
    """One page of records (those with one of ``statuses``, if any), from ``offset`` on;
    the first page also counts the records that hold ``text``."""
    page = find_records(integration, mapping, side, text, statuses, offset=offset, limit=limit)
    total = count_records(integration, mapping, side, text) if offset == 0 else None
    return Page(page.rows, page.more, page.next_offset, total)


def load_pair(
    integration: Integration, mapping: str, side: Side, key: str, context: TaskContext
) -> RecordPair:
    return record_pair(integration, mapping, side, key)


def do_couple(
    integration: Integration, mapping: str, left: str, right: str, context: TaskContext
) -> None:
    couple(integration, mapping, left, right)


def do_uncouple(
    integration: Integration, mapping: str, left: str, right: str, context: TaskContext
) -> None:
    uncouple(integration, mapping, left, right)


def do_sync(
    integration: Integration,
    mapping: str,
    side: Side,
    key: str,
    direction: str | None,
    context: TaskContext,
) -> SyncRun:
    """Synchronize Now (as a job, or one way), and what the job did (the outcome bar)."""
    if direction is None:
        results = run_sync(
            integration, [mapping], record=(side, key), trigger="manual", cancel=context.cancel
        )
    else:
        results = [sync_record_direction(integration, mapping, side, key, direction)]
    return run_outcome(integration, results)


# == the page ================================================================================


class RecordsView(WorkspaceView):
    """One mapping's records in either app, with their coupling, and actions on one."""

    title = "Records"

    recordsLoaded = Signal()
    """The first page of a query is shown."""
    pageLoaded = Signal()
    """One more page was appended."""
    pairLoaded = Signal()
    """The selected record is shown beside its partner."""
    logLoaded = Signal()
    """The record log of the selected record is shown."""
    actionEnded = Signal(str)
    """An action (couple, uncouple, sync) ended; empty when done, else its message."""
    syncEnded = Signal(object)
    """Synchronize Now ended: its ``SyncRun`` (``None`` when it could not run)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("RecordsView")
        self.page_size = PAGE_SIZE
        self._titles: dict[str, str] = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._query: tuple[str, Side, str, tuple[str, ...]] | None = None
        self._next_offset = 0
        self._total: int | None = None
        self._selected: RecordRow | None = None
        self._pair: RecordPair | None = None
        self._acting = False
        self._keep_key: str | None = None
        self.couple_dialog: CoupleDialog | None = None

        self.model = RecordTableModel(self)
        self.pair_model = PairModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build()
        self._connect_signals()
        self._update_actions()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.mapping_combo = QComboBox()
        self.mapping_combo.setAccessibleName(self.tr("Mapping"))
        self.mapping_combo.setToolTip(self.tr("The mapping whose records are shown"))
        self.mapping_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.side_combo = QComboBox()
        self.side_combo.setAccessibleName(self.tr("App"))
        self.side_combo.setToolTip(self.tr("The app whose records are shown"))
        self.side_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Search the records"))
        self.search_edit.setPlaceholderText(self.tr("Search by key or any mapped field…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(180)
        self.clear_search_action = QAction(self.tr("Clear the search"), self.search_edit)
        self.clear_search_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_search_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_edit.addAction(self.clear_search_action)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("StatusFilter")
        self.status_combo.setAccessibleName(self.tr("Status"))
        self.status_combo.setToolTip(self.tr("Show only the records with this status"))
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_combo.addItem(self.tr("Every status"), "")
        for status in STATUSES:
            label = status_label(status)
            self.status_combo.addItem(label[:1].upper() + label[1:], status)
        self.showing_label = QLabel()
        self.showing_label.setObjectName("RecordsShowing")
        self.showing_label.setEnabled(False)
        filters.addWidget(self.mapping_combo)
        filters.addWidget(self.side_combo)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(self.showing_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setObjectName("RecordTable")
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves; the arrows move inside
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        elide_keys(self.table)
        self.field_columns = FieldColumns(self.table)
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        self.placeholder = QLabel(self.tr("Open a workspace to browse its records."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.placeholder)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.setSpacing(4)
        bar = QHBoxLayout()
        self.detail_title = QLabel(self.tr("Select a record"))
        self.detail_title.setObjectName("RecordTitle")
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.detail_title.font()
        font.setBold(True)
        self.detail_title.setFont(font)
        # long keys must not widen the page: the title is cut, its tooltip tells all
        self.detail_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.detail_title, 1)
        self.sync_button = QPushButton(self.tr("Synchronize Now"))
        self.sync_button.setToolTip(self.tr("Synchronize this record now, as a manual job"))
        self.sync_menu = QMenu(self.sync_button)
        self.sync_action = QAction(self.tr("Synchronize Now (both ways, as a job would)"), self)
        self.to_right_action = QAction(self.tr("Copy to the right app"), self)
        self.to_left_action = QAction(self.tr("Copy to the left app"), self)
        for act in (self.sync_action, self.to_right_action, self.to_left_action):
            self.sync_menu.addAction(act)
        self.sync_button.setMenu(self.sync_menu)
        self.couple_button = QPushButton(self.tr("Couple…"))
        self.couple_button.setToolTip(self.tr("Couple this record to a record of the other app"))
        self.uncouple_button = QPushButton(self.tr("Uncouple"))
        self.uncouple_button.setToolTip(
            self.tr("Uncouple the pair and exclude both records until they are coupled again")
        )
        self.log_button = QPushButton(self.tr("Record Log"))
        self.log_button.setToolTip(self.tr("Show every sync action that touched this record"))
        self.add_page_action(self.sync_action, shortcut="Ctrl+Shift+F9")
        self.add_page_action(self.to_right_action, shortcut="Ctrl+Alt+Right")
        self.add_page_action(self.to_left_action, shortcut="Ctrl+Alt+Left")
        self.add_page_action(self.couple_button, self.tr("&Couple…"), "Ctrl+K")
        self.add_page_action(self.uncouple_button, self.tr("&Uncouple"), "Ctrl+Shift+K")
        self.add_page_action(self.log_button, self.tr("Record &Log"), "Ctrl+G")
        for b in (self.sync_button, self.couple_button, self.uncouple_button, self.log_button):
            bar.addWidget(b)
        detail_layout.addLayout(bar)
        self.outcome_bar = OutcomeBar()
        detail_layout.addWidget(self.outcome_bar)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("The record and its log"))
        self.pair_view = QTableView()
        self.pair_view.setObjectName("PairTable")
        self.pair_view.setAccessibleName(self.tr("Both records side by side"))
        self.pair_view.setModel(self.pair_model)
        self.pair_view.setAlternatingRowColors(True)
        self.pair_view.setWordWrap(False)
        self.pair_view.setTabKeyNavigation(False)
        self.pair_view.verticalHeader().hide()
        pair_header = self.pair_view.horizontalHeader()
        pair_header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        pair_header.setHighlightSections(False)
        pair_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        pair_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # the same panel as on the Sync Errors page: it reads the log when its tab shows
        self.log_panel = RecordLogPanel(self.runner)
        self.log_panel.setObjectName("RecordLogPanel")
        self.log_panel.show_record(None, self.tr("Select a record to see its log."))
        self.log_view = self.log_panel.log_view
        self.log_model = self.log_panel.log_model
        self.tabs.addTab(self.pair_view, self.tr("Fields"))
        self.tabs.addTab(self.log_panel, self.tr("Record log"))
        detail_layout.addWidget(self.tabs, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.table_stack.setCurrentWidget(self.placeholder)

    def _connect_signals(self) -> None:
        self.mapping_combo.currentIndexChanged.connect(self._on_query_changed)
        self.side_combo.currentIndexChanged.connect(self._on_query_changed)
        self.status_combo.currentIndexChanged.connect(self._on_query_changed)
        self.clear_search_action.triggered.connect(self.search_edit.clear)
        self.tabs.currentChanged.connect(lambda _i: self.log_panel.ensure_loaded())
        self.log_panel.loaded.connect(self.logLoaded)
        self.log_panel.undone.connect(self._on_undone)
        self.log_panel.outcome_bar.jobRequested.connect(self.jobRequested)
        self.outcome_bar.errorRequested.connect(self.errorRequested)
        self.outcome_bar.jobRequested.connect(self.jobRequested)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._on_query_changed)
        self._search_timer.timeout.connect(self._on_query_changed)
        self.model.pageRequested.connect(self._on_page_requested)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.sync_action.triggered.connect(partial(self.synchronize_now, None))
        self.to_right_action.triggered.connect(partial(self.synchronize_now, "to-right"))
        self.to_left_action.triggered.connect(partial(self.synchronize_now, "to-left"))
        self.couple_button.clicked.connect(self.open_couple_dialog)
        self.uncouple_button.clicked.connect(self.uncouple_selected)
        self.log_button.clicked.connect(self.show_record_log)

    # -- the workspace ----------------------------------------------------------------------

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        ws = integration.workspace
        self._titles = {"left": ws.title("left"), "right": ws.title("right")}
        self.log_panel.open_workspace(integration)
        self.outcome_bar.dismiss()
        self.to_right_action.setText(
            self.tr("Copy {source} values to {target}").format(
                source=self._titles["left"], target=self._titles["right"]
            )
        )
        self.to_left_action.setText(
            self.tr("Copy {source} values to {target}").format(
                source=self._titles["right"], target=self._titles["left"]
            )
        )
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.side_combo):
            self.mapping_combo.clear()
            for m in ws.mappings:
                self.mapping_combo.addItem(m.name, m.name)
            self.side_combo.clear()
            self.side_combo.addItem(self._titles["left"], "left")
            self.side_combo.addItem(self._titles["right"], "right")
        with QSignalBlocker(self.search_edit):
            self.search_edit.clear()
        self._query = None
        self._query_records()

    def close_workspace(self) -> None:
        super().close_workspace()
        self._search_timer.stop()
        for channel in ("records", "records-page", "record-pair", "record-log"):
            self.runner.invalidate(channel)
        if self.couple_dialog is not None:
            self.couple_dialog.reject()
        self._query = None
        self._selected = None
        self._pair = None
        self._acting = False
        self.model.clear()
        self.pair_model.clear()
        self.log_panel.close_workspace()
        self.outcome_bar.dismiss()
        self.placeholder.setText(self.tr("Open a workspace to browse its records."))
        self.table_stack.setCurrentWidget(self.placeholder)
        self.detail_title.setText(self.tr("Select a record"))
        self.showing_label.clear()
        self._update_actions()

    def refresh(self) -> None:
        """Read the rows shown again (as many as are loaded), keeping the selected record."""
        self._query_records(keep=True)

    # -- reading ----------------------------------------------------------------------------

    def current_query(self) -> tuple[str, Side, str, tuple[str, ...]] | None:
        """(mapping, side, search text, statuses) as the filters say now."""
        mapping = self.mapping_combo.currentData()
        side = self.side_combo.currentData()
        status = self.status_combo.currentData()
        if self.integration is None or not mapping or side not in ("left", "right"):
            return None
        statuses = (status,) if status else ()
        text = self.search_edit.text().strip()
        return mapping, ("left" if side == "left" else "right"), text, statuses

    def _on_query_changed(self, *_args: object) -> None:
        query = self.current_query()
        if query is not None and query != self._query:
            self._query_records()

    def _query_records(self, *, keep: bool = False) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query is None or self.integration is None:
            return
        mapping, side, text, statuses = query
        prev = self._query
        if prev is None or prev[:2] != query[:2]:
            fields = [f.left for f in self.integration.workspace.mapping(mapping).fields]
            self.model.set_layout(side, fields, self._titles)
            self._fit_columns(len(fields))
        if prev != query:
            keep = False
        limit = max(self.page_size, self.model.rowCount()) if keep else self.page_size
        self._keep_key = self._selected.key if keep and self._selected else None
        self._query = query
        token = self.model.start_query()
        self.runner.invalidate("records-page")
        self.runner.submit(
            Task(
                self.tr("Read records"),
                partial(
                    load_page, self.integration, mapping, side, text, 0, limit, statuses=statuses
                ),
                channel="records",
                on_done=partial(self._on_records_loaded, token),
                on_failed=partial(self._on_records_failed, token),
            )
        )

    def _fit_columns(self, fields: int) -> None:
        widths = {RecordColumn.KEY: 170, RecordColumn.STATUS: 190, RecordColumn.PARTNER: 190}
        fit_headers(self.table, widths)
        self.field_columns.fit(fields)

    def _on_records_loaded(self, token: int, value: object) -> None:
        assert isinstance(value, Page)
        if not self.model.set_first_page(token, value.rows, value.more):
            return
        self._next_offset = value.next_offset
        self._total = value.total
        self.table_stack.setCurrentWidget(self.table)
        if not value.rows:
            self.placeholder.setText(
                self.tr("No record with this status matches the search.")
                if self._query is not None and self._query[3]
                else self.tr("No record matches the search.")
            )
            self.table_stack.setCurrentWidget(self.placeholder)
        row = self.model.row_of(self._keep_key) if self._keep_key else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self._set_selected(None)
        self._keep_key = None
        self._update_showing()
        self.recordsLoaded.emit()

    def _on_records_failed(self, token: int, message: str) -> None:
        self.model.page_failed(token)
        self.placeholder.setText(engine_text(message))
        self.table_stack.setCurrentWidget(self.placeholder)
        self.recordsLoaded.emit()

    def _on_page_requested(self, token: int) -> None:
        if self._query is None or self.integration is None:
            self.model.page_failed(token)
            return
        mapping, side, text, statuses = self._query
        self.runner.submit(
            Task(
                self.tr("Read more records"),
                partial(
                    load_page,
                    self.integration,
                    mapping,
                    side,
                    text,
                    self._next_offset,
                    self.page_size,
                    statuses=statuses,
                ),
                channel="records-page",
                on_done=partial(self._on_page_loaded, token),
                on_failed=lambda _m: self.model.page_failed(token),
            )
        )

    def _on_page_loaded(self, token: int, value: object) -> None:
        assert isinstance(value, Page)
        if self.model.append_page(token, value.rows, value.more):
            self._next_offset = value.next_offset
            self._update_showing()
            self.pageLoaded.emit()

    def _update_showing(self) -> None:
        """How many records there are: all that hold the search text, or (with a status)
        how many have it — exactly once every record was looked at."""
        n = self.model.rowCount()
        total = self._total if self._total is not None else n
        statuses = self._query[3] if self._query is not None else ()
        if not statuses:
            self.showing_label.setText(self.tr("%Ln record(s)", "", total))
        elif self.model.canFetchMore(QModelIndex()):
            self.showing_label.setText(
                self.tr("{count} with this status so far, of %Ln record(s)", "", total).format(
                    count=fmt_int(n)
                )
            )
        else:
            self.showing_label.setText(
                self.tr("{count} of %Ln record(s) have this status", "", total).format(
                    count=fmt_int(n)
                )
            )

    # -- the selected record ------------------------------------------------------------

    def selected_record(self) -> RecordRow | None:
        return self._selected

    def select_key(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_selection(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._set_selected(self.model.row_at(rows[0].row()) if rows else None)

    def _set_selected(self, record: RecordRow | None) -> None:
        changed = (record.key if record else None) != (
            self._selected.key if self._selected else None
        )
        self._selected = record
        if changed and record is not None:
            # another record chosen; one gone from the list (its sync deleted it, or it
            # was deleted meanwhile) leaves what was told about it in view
            self.outcome_bar.dismiss()
        if record is None:
            self._pair = None
            self.pair_model.clear()
            self.detail_title.setText(self.tr("Select a record"))
            self.runner.invalidate("record-pair")
            self.log_panel.show_record(None, self.tr("Select a record to see its log."))
        else:
            self._describe(record)
            self._load_pair(record)
            self._show_log_of(record)
        self._update_actions()

    def _describe(self, record: RecordRow) -> None:
        t = self._titles
        status = status_text(record, t)
        text = f"{status[:1].upper()}{status[1:]} — {t[record.side]} {record.key}"
        if record.title:
            text += f" {record.title}"
        if record.partner is not None:
            text += f" ↔ {t[other(record.side)]} {record.partner}"
        self.detail_title.setText(text)
        self.detail_title.setToolTip(plain_tip(text))

    def _show_log_of(self, record: RecordRow) -> None:
        """The record log tab shows this record's log (read when the tab is seen)."""
        left, right = (
            (record.key, record.partner) if record.side == "left" else (record.partner, record.key)
        )
        self.log_panel.show_record(
            LogTarget(record.mapping, record.side, record.key, left, right, record.title)
        )

    def _load_pair(self, record: RecordRow) -> None:
        assert self.integration is not None
        self.runner.submit(
            Task(
                self.tr("Read the record"),
                partial(load_pair, self.integration, record.mapping, record.side, record.key),
                channel="record-pair",
                on_done=self._on_pair_loaded,
                on_failed=self._on_pair_failed,
            )
        )

    def _on_pair_loaded(self, value: object) -> None:
        assert isinstance(value, RecordPair)
        if self._selected is None or value.record.key != self._selected.key:
            return
        self._pair = value
        self._selected = value.record
        self._describe(value.record)
        self.pair_model.set_pair(value, self._titles)
        self._update_actions()
        self.pairLoaded.emit()

    def _on_pair_failed(self, message: str) -> None:
        self._pair = None
        self.pair_model.clear()
        self.detail_title.setText(engine_text(message))
        self._update_actions()
        self.pairLoaded.emit()

    def _update_actions(self) -> None:
        r = self._selected
        idle = not self._acting and self.integration is not None
        has = r is not None and idle
        coupled = has and r is not None and r.partner is not None
        m = (
            self.integration.workspace.mapping(r.mapping)
            if r is not None and self.integration is not None
            else None
        )
        self.sync_button.setEnabled(has and r is not None and r.status != EXCLUDED)
        self.sync_action.setEnabled(has)
        self.to_right_action.setEnabled(coupled and m is not None and m.flows("right"))
        self.to_left_action.setEnabled(coupled and m is not None and m.flows("left"))
        self.couple_button.setEnabled(has and not coupled)
        self.uncouple_button.setEnabled(coupled)
        self.log_button.setEnabled(r is not None and self.integration is not None)

    # -- actions ------------------------------------------------------------------------

    def _pair_keys(self) -> tuple[str, str] | None:
        r = self._selected
        if r is None or r.partner is None:
            return None
        return (r.key, r.partner) if r.side == "left" else (r.partner, r.key)

    def _run(self, name: str, fn: Callable[[TaskContext], object], *, sync: bool = False) -> None:
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                name,
                fn,
                writes=True,
                cancellable=sync,
                on_done=partial(self._on_action_done, name),
                on_failed=partial(self._on_action_failed, name, sync),
            )
        )

    def _on_action_done(self, label: str, value: object) -> None:
        self._acting = False
        message = ""
        if isinstance(value, SyncRun):
            # what the job did, said every time: written, unchanged, skipped, refused
            told = tell(value, self._titles, label)
            self.outcome_bar.show_told(told)
            self.statusMessage.emit(told.text, 15000)
            if told.level == "error":
                message = told.text
            self.syncEnded.emit(value)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()
        self._update_actions()
        self.actionEnded.emit(message)

    def _on_undone(self, _result: object) -> None:
        """Undo in the record log ended: both versions and the status are read again."""
        self.changed.emit()
        self.refresh()

    def _on_action_failed(self, label: str, sync: bool, message: str) -> None:
        self._acting = False
        self._update_actions()
        self.changed.emit()
        self.refresh()
        text = engine_text(message)
        if sync:
            self.outcome_bar.show_text(
                "error", self.tr("{task}: not done: {message}").format(task=label, message=text)
            )
            self.syncEnded.emit(None)
        else:
            self._warn(self.tr("The action could not be done"), text)
        self.actionEnded.emit(message)

    def _warn(self, text: str, detail: str) -> None:
        message_box(self, QMessageBox.Icon.Warning, self.tr("Records"), text, detail).exec()

    def synchronize_now(self, direction: str | None = None, *_args: object) -> None:
        """Synchronize the selected record now: as a job (None), or one way."""
        r = self._selected
        if r is None or self.integration is None or self._acting:
            return
        if direction is None:
            label = self.tr("Synchronize {mapping} {key}").format(mapping=r.mapping, key=r.key)
        else:
            target = self._titles["left" if direction == "to-left" else "right"]
            label = self.tr("Copy {mapping} {key} to {app}").format(
                mapping=r.mapping, key=r.key, app=target
            )
        self.outcome_bar.show_text("info", self.tr("{task}…").format(task=label))
        self._run(
            label,
            partial(do_sync, self.integration, r.mapping, r.side, r.key, direction),
            sync=True,
        )

    def open_couple_dialog(self) -> CoupleDialog | None:
        """Open the Couple dialog for the selected record (non-blocking; see ``accepted``)."""
        r = self._selected
        if r is None or self.integration is None or r.partner is not None or self._acting:
            return None
        dialog = CoupleDialog(self.runner, self.integration, r, self._titles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._on_couple_chosen, dialog, r))
        dialog.finished.connect(partial(self._forget_dialog, dialog))
        self.couple_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: CoupleDialog, _result: int) -> None:
        if self.couple_dialog is dialog:
            self.couple_dialog = None

    def _on_couple_chosen(self, dialog: CoupleDialog, record: RecordRow) -> None:
        chosen = dialog.chosen_key()
        if chosen is None or self.integration is None:
            return
        left, right = (record.key, chosen) if record.side == "left" else (chosen, record.key)
        self._keep_key = record.key
        self._run(
            self.tr("Couple"), partial(do_couple, self.integration, record.mapping, left, right)
        )

    def uncouple_selected(self) -> None:
        r = self._selected
        keys = self._pair_keys()
        if r is None or keys is None or self.integration is None or self._acting:
            return
        t = self._titles
        box = message_box(
            self,
            QMessageBox.Icon.Question,
            self.tr("Uncouple"),
            self.tr("Uncouple {left} {left_key} and {right} {right_key}?").format(
                left=t["left"], left_key=keys[0], right=t["right"], right_key=keys[1]
            ),
            self.tr(
                "Both records are excluded from the sync: neither syncs again, nor is "
                "re-created, until someone couples them again."
            ),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Uncouple"))
        if box.exec() != QMessageBox.StandardButton.Ok.value:
            return
        self._run(self.tr("Uncouple"), partial(do_uncouple, self.integration, r.mapping, *keys))

    def show_record_log(self) -> None:
        """The Record log tab, with the selected record's log (read now if it is not yet)."""
        r = self._selected
        if r is None or self.integration is None:
            return
        self.tabs.setCurrentWidget(self.log_panel)
        self.log_panel.reload()
