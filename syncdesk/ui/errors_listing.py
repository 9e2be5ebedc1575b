"""The Sync Errors page's listing: which errors it shows (filters, search, sort), reading
them page by page, the selection, and the record log of the selected error. The page
(:class:`~syncdesk.ui.errors_view.ErrorsView`) builds it and acts on the errors.

Its texts are the page's own (translation context "ErrorsView"), named as such here
because this class is not the one that shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView

from syncdesk.sync.queries import ERROR_KINDS, ErrorFilter, ErrorRow
from syncdesk.ui import tasks
from syncdesk.ui.error_table_model import ErrorColumn, ErrorTableModel
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import kind_text
from syncdesk.ui.record_log import LogTarget, RecordLogPanel
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task
from syncdesk.workspace import Side

#: a refresh (after an action or a job) reads again as many rows as were read, up to this
#: many, so the scroll position and the selection survive; beyond, it starts from the top
REFRESH_KEEP_ROWS = 2000


def error_record(r: ErrorRow) -> tuple[Side, str] | None:
    """The record a sync error's actions read: the left one, unless it is gone there."""
    if r.left_key is not None and r.kind != "deleted-left":
        return "left", r.left_key
    if r.right_key is not None:
        return "right", r.right_key
    return None


class ErrorsListing(WorkspaceView):
    """The errors :class:`~syncdesk.ui.errors_view.ErrorsView` shows, read in a worker."""

    errorsRefreshed = Signal()
    """The error table and summary show a fresh query."""
    countChanged = Signal(int)
    """How many sync errors are open (for the sidebar)."""

    # made by the page (ErrorsView.__init__ and its _build)
    errors_model: ErrorTableModel
    error_view: QTableView
    mapping_combo: QComboBox
    kind_combo: QComboBox
    search_edit: QLineEdit
    log_panel: RecordLogPanel
    _search_timer: QTimer
    _titles: dict[str, str]
    _totals: dict[str, int]
    _matching: dict[str, int]
    _shown_query: tuple[ErrorFilter, str, bool]
    _select_after: int | None
    _sort_column: int

    # == filters ============================================================================

    def _fill_filters(self) -> None:
        assert self.integration is not None
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.kind_combo):
            self.mapping_combo.clear()
            self.mapping_combo.addItem(
                QCoreApplication.translate("ErrorsView", "All mappings"), None
            )
            for m in self.integration.workspace.mappings:
                self.mapping_combo.addItem(m.name, m.name)
            self.kind_combo.clear()
            self.kind_combo.addItem(QCoreApplication.translate("ErrorsView", "All kinds"), None)
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
                QCoreApplication.translate(
                    "ErrorsView", "The names are read from the apps: sort by another column"
                ),
                5000,
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
                QCoreApplication.translate("ErrorsView", "Read sync errors"),
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
                QCoreApplication.translate("ErrorsView", "Read more sync errors"),
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
            QCoreApplication.translate(
                "ErrorsView", "Could not read the sync errors: {message}"
            ).format(message=engine_text(message)),
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
                QCoreApplication.translate("ErrorsView", "Find sync error {id}").format(
                    id=error_id
                ),
                partial(tasks.find_error, self.integration, error_id),
                channel="find-error",
                on_done=self._on_error_found,
                on_failed=self._on_read_failed,
            )
        )

    def _on_error_found(self, value: object) -> None:
        if not isinstance(value, ErrorRow):
            self.statusMessage.emit(
                QCoreApplication.translate("ErrorsView", "That sync error is no longer open."), 8000
            )
            return
        self._select_after = value.id
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.kind_combo):
            self.mapping_combo.setCurrentIndex(0)
            self.kind_combo.setCurrentIndex(0)
        with QSignalBlocker(self.search_edit):
            self.search_edit.setText(value.left_key or value.right_key or "")
        self._query_errors(keep=False)

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
                None,
                QCoreApplication.translate(
                    "ErrorsView", "Select a sync error to see the log of its record."
                ),
            )
            return
        side, key = where
        self.log_panel.show_record(
            LogTarget(row.mapping, side, key, row.left_key, row.right_key, row.title)
        )

    def _update_summary(self, snap: tasks.ErrorsSnapshot) -> None:
        """Show the counts of a fresh query (the page's own)."""
        raise NotImplementedError

    def _update_actions(self) -> None:
        """Enable the actions that fit the selection (the page's own)."""
        raise NotImplementedError
