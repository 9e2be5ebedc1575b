"""The Sync Errors page's item model: the open sync errors, paged, sorted in SQL.

:class:`ErrorTableModel` never queries: the page reads a first page in a worker, then one
more per ``fetchMore``; sorting asks the page to query again
(:attr:`ErrorTableModel.sortRequested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

from syncdesk.sync.queries import ErrorRow
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import kind_icon, kind_text, local_time, plain_tip

Index = QModelIndex | QPersistentModelIndex


class ErrorRole(IntEnum):
    """Data roles of :class:`ErrorTableModel` beyond Qt's own."""

    ROW = Qt.ItemDataRole.UserRole  # the ErrorRow itself
    ID = Qt.ItemDataRole.UserRole + 1  # the sync error's id
    KIND = Qt.ItemDataRole.UserRole + 2  # "conflict", "deleted-left", ...


class ErrorColumn(IntEnum):
    MAPPING = 0
    KIND = 1
    NAME = 2  # the record's name (its mapping's title field, read from the apps)
    LEFT = 3
    RIGHT = 4
    MESSAGE = 5
    FIRST_SEEN = 6
    LAST_ATTEMPT = 7
    ATTEMPTS = 8


#: the ``sort`` of :func:`syncdesk.sync.queries.list_errors` for each column (the name
#: lives in the apps, so the table is not sorted by it)
ERROR_SORT_KEYS = {
    ErrorColumn.MAPPING: "mapping",
    ErrorColumn.KIND: "kind",
    ErrorColumn.LEFT: "left_key",
    ErrorColumn.RIGHT: "right_key",
    ErrorColumn.MESSAGE: "message",
    ErrorColumn.FIRST_SEEN: "first_seen",
    ErrorColumn.LAST_ATTEMPT: "last_seen",
    ErrorColumn.ATTEMPTS: "attempts",
}

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

#: the error table's headers (the two app columns are named by the apps' titles)
_ERROR_HEADERS = {
    ErrorColumn.MAPPING: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Mapping")),
    ErrorColumn.KIND: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Kind")),
    ErrorColumn.NAME: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Name")),
    ErrorColumn.MESSAGE: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Message")),
    ErrorColumn.FIRST_SEEN: str(QT_TRANSLATE_NOOP("ErrorTableModel", "First seen")),
    ErrorColumn.LAST_ATTEMPT: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Last attempt")),
    ErrorColumn.ATTEMPTS: str(QT_TRANSLATE_NOOP("ErrorTableModel", "Attempts")),
}


class ErrorTableModel(QAbstractTableModel):
    """Open sync errors, one row each, with the apps' own titles naming the sides.

    The table is paged: the model holds the rows read so far and knows how many match
    (:attr:`total`). It never queries itself. The window starts a query
    (:meth:`start_query`, which hands out a token), gives the model its first page
    (:meth:`set_first_page`), and answers :attr:`pageRequested` — sent by
    :meth:`fetchMore` when the view scrolls to the end — with :meth:`append_page`. A page
    whose token is not the model's current one (the filter or sort changed since it was
    asked for) is dropped; only one page is asked for at a time.
    """

    sortRequested = Signal(str, bool)
    """The user sorted by a column: query again with ``sort`` (a key) and ``descending``."""
    pageRequested = Signal(int)
    """Read the rows after :meth:`last_row` for the query of this token (:meth:`append_page`)."""
    pageAppended = Signal(int)
    """A page arrived and this many rows were appended."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ErrorRow] = []
        self._row_of: dict[int, int] = {}  # error id -> row
        self._total = 0
        self._token = 0
        self._loading = False  # a query started; its first page has not arrived yet
        self._pending = False  # a page was asked for and has not arrived yet
        self._titles = {
            "left": QCoreApplication.translate("ErrorTableModel", "Left"),
            "right": QCoreApplication.translate("ErrorTableModel", "Right"),
        }
        self.sort_key = "id"
        self.descending = False
        #: "Apply to all matching errors" is ticked: every row is a target of the next action
        self._all_targeted = False

    # -- feeding ---------------------------------------------------------------------------

    def set_titles(self, left: str, right: str) -> None:
        self._titles = {"left": left, "right": right}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ErrorColumn) - 1)

    @property
    def all_targeted(self) -> bool:
        return self._all_targeted

    def set_all_targeted(self, on: bool) -> None:
        """Mark every row as a target of the next action (tinted like a selection)."""
        if on == self._all_targeted:
            return
        self._all_targeted = on
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(ErrorColumn) - 1),
                [Qt.ItemDataRole.BackgroundRole],
            )
        if self._rows:
            self.dataChanged.emit(
                self.index(0, ErrorColumn.KIND), self.index(len(self._rows) - 1, ErrorColumn.KIND)
            )

    @property
    def token(self) -> int:
        return self._token

    @property
    def total(self) -> int:
        """How many rows the query has in all (loaded or not)."""
        return self._total

    def start_query(self) -> int:
        """A new query begins (filter, sort or refresh): pages of older ones are dropped.

        The rows shown stay until :meth:`set_first_page`; no page is asked for meanwhile.
        """
        self._token += 1
        self._loading = True
        self._pending = False
        return self._token

    def set_first_page(self, token: int, rows: Sequence[ErrorRow], total: int) -> bool:
        """Show the first rows of the query ``token`` (a model reset); False if it is stale."""
        if token != self._token:
            return False
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self._total = max(total, len(self._rows))
        self._loading = False
        self._pending = False
        self.endResetModel()
        return True

    def append_page(self, token: int, rows: Sequence[ErrorRow], *, last: bool = False) -> bool:
        """Append the page asked for with ``token``; False (and nothing done) if it is stale.

        ``last``: the query has no rows after these (fewer came than were asked for).
        """
        if token != self._token or not self._pending:
            return False
        self._pending = False
        # a row whose sort value changed since the page before may come again: once is enough
        fresh = [r for r in rows if r.id not in self._row_of]
        if last or not rows:
            # the end is here, even if the count said more (some were resolved meanwhile)
            self._total = len(self._rows) + len(fresh)
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._row_of.update((r.id, first + i) for i, r in enumerate(fresh))
            self._total = max(self._total, len(self._rows))
            self.endInsertRows()
        self.pageAppended.emit(len(fresh))
        return True

    def page_failed(self, token: int) -> None:
        """The page (or first page) asked for with ``token`` could not be read.

        The rows shown stay; the page may be asked for again.
        """
        if token == self._token:
            self._pending = False
            self._loading = False

    def set_rows(self, rows: Sequence[ErrorRow]) -> None:
        """Show exactly ``rows`` (the whole list: nothing more to fetch)."""
        self.set_first_page(self.start_query(), rows, len(rows))

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[ErrorRow]:
        """The rows read so far."""
        return list(self._rows)

    def row_at(self, row: int) -> ErrorRow:
        return self._rows[row]

    def last_row(self) -> ErrorRow | None:
        return self._rows[-1] if self._rows else None

    def row_of(self, error_id: int) -> int | None:
        return self._row_of.get(error_id)

    def is_fetching(self) -> bool:
        """A page (or a new query's first page) is on its way."""
        return self._pending or self._loading

    # -- paging ------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid():
            return False
        return not self._loading and not self._pending and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return  # the end, or a page is on its way already
        self._pending = True
        self.pageRequested.emit(self._token)

    # -- Qt's model interface ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ErrorColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(ErrorColumn):
            return None
        col = ErrorColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == ErrorColumn.LEFT:
                return self._titles["left"]
            if col == ErrorColumn.RIGHT:
                return self._titles["right"]
            return QCoreApplication.translate("ErrorTableModel", _ERROR_HEADERS[col])
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (ErrorColumn.LEFT, ErrorColumn.RIGHT):
                side = "left" if col == ErrorColumn.LEFT else "right"
                return QCoreApplication.translate("ErrorTableModel", "The record in {app}").format(
                    app=self._titles[side]
                )
            if col == ErrorColumn.ATTEMPTS:
                return QCoreApplication.translate("ErrorTableModel", "How many jobs met this error")
            if col == ErrorColumn.NAME:
                return QCoreApplication.translate(
                    "ErrorTableModel",
                    "The record's name, read from the apps (the mapping's title field)",
                )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ErrorColumn.ATTEMPTS:
            return _NUMERIC
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = ErrorColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(r, col)) or None
        if role == Qt.ItemDataRole.DecorationRole and col == ErrorColumn.KIND:
            return kind_icon(r.kind, waiting=r.waits_for_job)
        if role == Qt.ItemDataRole.BackgroundRole and self._all_targeted:
            palette = QGuiApplication.palette()
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlphaF(0.22)
            return QBrush(tint)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ErrorColumn.ATTEMPTS:
            return _NUMERIC
        if role == ErrorRole.ROW:
            return r
        if role == ErrorRole.ID:
            return r.id
        if role == ErrorRole.KIND:
            return r.kind
        return None

    def _tooltip(self, r: ErrorRow, col: ErrorColumn) -> str:
        if col == ErrorColumn.MESSAGE:
            text = engine_text(r.message)
            if r.waits_for_job:
                return QCoreApplication.translate(
                    "ErrorTableModel", "{message}\n\nThe next job tries this pair again."
                ).format(message=text)
            return text
        if col in (ErrorColumn.LEFT, ErrorColumn.RIGHT, ErrorColumn.KIND, ErrorColumn.NAME):
            return self._display(r, col)
        if col == ErrorColumn.FIRST_SEEN:
            return local_time(r.first_seen)
        if col == ErrorColumn.LAST_ATTEMPT:
            return local_time(r.last_seen)
        return ""

    def _display(self, r: ErrorRow, col: ErrorColumn) -> str:
        if col == ErrorColumn.MAPPING:
            return r.mapping
        if col == ErrorColumn.KIND:
            return kind_text(r.kind, self._titles)
        if col == ErrorColumn.NAME:
            return r.title or ""
        if col == ErrorColumn.LEFT:
            return r.left_key or "—"
        if col == ErrorColumn.RIGHT:
            return r.right_key or "—"
        if col == ErrorColumn.MESSAGE:
            if r.waits_for_job:
                return QCoreApplication.translate(
                    "ErrorTableModel", "Waits for the next job · {message}"
                ).format(message=engine_text(r.message))
            return engine_text(r.message)
        if col == ErrorColumn.FIRST_SEEN:
            return local_time(r.first_seen, seconds=False)
        if col == ErrorColumn.LAST_ATTEMPT:
            return local_time(r.last_seen, seconds=False)
        return fmt_int(r.attempts)

    def header_text(self, col: ErrorColumn) -> str:
        """A column's title as the header shows it."""
        return str(self.headerData(col, Qt.Orientation.Horizontal) or "")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: remember the key and ask for a new query."""
        if not 0 <= column < len(ErrorColumn) or ErrorColumn(column) not in ERROR_SORT_KEYS:
            return  # the view keeps its order (see the page: the name is not sortable)
        key = ERROR_SORT_KEYS[ErrorColumn(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.sortRequested.emit(key, descending)
