"""The Records page's item models: one side's records with their coupling status, and
one record beside its partner, field by field."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import (
    QTableView,
)
from shiboken6 import Shiboken

from syncdesk.sync.records import (
    DIFFERS,
    ERROR,
    EXCLUDED,
    IN_SYNC,
    NOT_COUPLED,
    PARTNER_MISSING,
    FieldPair,
    RecordPair,
    RecordRow,
)
from syncdesk.ui.models import (
    ElideMiddleDelegate,
    dot_icon,
    field_label,
    kind_text,
    plain_tip,
)
from syncdesk.workspace import Side, other

Index = QModelIndex | QPersistentModelIndex

#: rows per page of the record table
PAGE_SIZE = 100
#: the search waits this long after the last key stroke
SEARCH_DELAY_MS = 300
#: at most this many mapped fields get a column of their own in the record table
MAX_FIELD_COLUMNS = 4

STATUS_COLORS = {
    IN_SYNC: "#2e7d32",
    DIFFERS: "#9a6700",
    PARTNER_MISSING: "#2f80c8",
    ERROR: "#c23934",
    EXCLUDED: "#6e6e6e",
    NOT_COUPLED: "#8c8c8c",
}
#: the background of a field whose value differs between the two apps
DIFFERS_BACKGROUND = "#fdf0cf"


#: the statuses as a person reads them, by the engine's code (translated where shown)
STATUS_LABELS = {
    IN_SYNC: QT_TRANSLATE_NOOP("RecordStatus", "in sync"),
    DIFFERS: QT_TRANSLATE_NOOP("RecordStatus", "differs"),
    PARTNER_MISSING: QT_TRANSLATE_NOOP("RecordStatus", "partner missing"),
    ERROR: QT_TRANSLATE_NOOP("RecordStatus", "error"),
    EXCLUDED: QT_TRANSLATE_NOOP("RecordStatus", "excluded"),
    NOT_COUPLED: QT_TRANSLATE_NOOP("RecordStatus", "not coupled"),
}


def status_label(status: str) -> str:
    """A status code ("in sync") in the window's language."""
    label = STATUS_LABELS.get(status)
    return QCoreApplication.translate("RecordStatus", str(label)) if label else status


def status_text(row: RecordRow, titles: dict[str, str]) -> str:
    """The status as a person reads it: "error: conflict", "in sync", ..."""
    if row.status == ERROR and row.error:
        return QCoreApplication.translate("RecordStatus", "error: {kind}").format(
            kind=kind_text(row.error, titles)
        )
    if row.status == PARTNER_MISSING:
        return QCoreApplication.translate("RecordStatus", "deleted in {app}").format(
            app=titles[other(row.side)]
        )
    return status_label(row.status)


def status_icon(status: str) -> QIcon:
    return dot_icon(STATUS_COLORS.get(status, "#777777"))


def fit_headers(view: QTableView, widths: dict[RecordColumn, int]) -> None:
    """Each column at least its given width, and wide enough for its header (app titles)."""
    header = view.horizontalHeader()
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
    model = view.model()
    for col, width in widths.items():
        text = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(col, max(width, header.fontMetrics().horizontalAdvance(text) + 24))


class FieldColumns(QObject):
    """The record table's field columns share the width its fixed columns leave.

    Key, status and partner keep their widths (:func:`fit_headers`); the mapped fields
    get equal parts of the rest, between :attr:`NARROWEST` and :attr:`WIDEST`, so that the
    table fits its place without a sideways scroll bar wherever they can. Done again as
    the table is resized, until a person drags a column's edge (their widths are kept,
    until the columns change with the mapping or the app shown).
    """

    NARROWEST = 100
    WIDEST = 260

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._fields = 0
        self._fitting = False
        self._pressed = False  # a mouse button is down on the header: a person drags
        self.by_hand = False
        # the filter sees the view's last events as it is taken down: compared as held
        # here, never asked of the view
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        view.horizontalHeader().viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._on_resized)

    def fit(self, fields: int) -> None:
        """New columns (``fields`` of them): fitted anew, whatever was dragged before."""
        self._fields = min(fields, MAX_FIELD_COLUMNS)
        self.by_hand = False
        self._fit()

    def _fit(self) -> None:
        view, n = self._view, self._fields
        if n == 0 or self.by_hand:
            return
        fixed = sum(view.columnWidth(c) for c in RecordColumn)
        share = (view.viewport().width() - fixed) // n
        width = max(self.NARROWEST, min(self.WIDEST, share))
        self._fitting = True
        try:
            for i in range(n):
                view.setColumnWidth(len(RecordColumn) + i, width)
        finally:
            self._fitting = False

    def _on_resized(self, _index: int, _old: int, _new: int) -> None:
        if self._pressed and not self._fitting:
            self.by_hand = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.Resize and Shiboken.isValid(self._view):
                self._fit()
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
        return False


def elide_keys(view: QTableView) -> None:
    delegate = ElideMiddleDelegate(view)
    view.setItemDelegateForColumn(RecordColumn.KEY, delegate)
    view.setItemDelegateForColumn(RecordColumn.PARTNER, delegate)


# == models ==================================================================================


class RecordRole(IntEnum):
    ROW = Qt.ItemDataRole.UserRole  # the RecordRow itself
    KEY = Qt.ItemDataRole.UserRole + 1


class RecordColumn(IntEnum):
    KEY = 0
    STATUS = 1
    PARTNER = 2
    #: the mapped fields follow, one column each (at most MAX_FIELD_COLUMNS)


class RecordTableModel(QAbstractTableModel):
    """Records of one side: key, status, partner and a few mapped fields; paged.

    The model never queries. The page starts a query (:meth:`start_query`), hands over the
    first page (:meth:`set_first_page`) and answers :attr:`pageRequested` — sent by
    :meth:`fetchMore` — with :meth:`append_page`. Pages of an older query are dropped.
    """

    pageRequested = Signal(int)
    """Read the page after the rows shown, for the query with this token."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordRow] = []
        self._keys: set[str] = set()
        self._fields: list[str] = []
        self._titles = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._side: Side = "left"
        self._more = False
        self._token = 0
        self._pending = False
        self._loading = False
        self.extra_header = ""
        self._extra: dict[str, str] = {}

    # -- feeding ------------------------------------------------------------------------

    def set_layout(self, side: Side, fields: Sequence[str], titles: dict[str, str]) -> None:
        """The side shown, the field columns and the apps' titles (clears the rows)."""
        self.beginResetModel()
        self._side = side
        self._fields = list(fields)[:MAX_FIELD_COLUMNS]
        self._titles = dict(titles)
        self._rows, self._keys, self._more = [], set(), False
        self._extra = {}
        self.endResetModel()

    def set_extra(self, header: str, values: dict[str, str]) -> None:
        """One more column (e.g. how well a suggestion matches), by key; empty: none."""
        self.beginResetModel()
        self.extra_header = header
        self._extra = dict(values)
        self.endResetModel()

    @property
    def token(self) -> int:
        return self._token

    def start_query(self) -> int:
        self._token += 1
        self._loading = True
        self._pending = False
        return self._token

    def set_first_page(self, token: int, rows: Sequence[RecordRow], more: bool) -> bool:
        if token != self._token:
            return False
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = {r.key for r in self._rows}
        self._more = more
        self._loading = self._pending = False
        self.endResetModel()
        return True

    def append_page(self, token: int, rows: Sequence[RecordRow], more: bool) -> bool:
        if token != self._token or not self._pending:
            return False
        self._pending = False
        self._more = more
        fresh = [r for r in rows if r.key not in self._keys]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._keys.update(r.key for r in fresh)
            self.endInsertRows()
        return True

    def page_failed(self, token: int) -> None:
        if token == self._token:
            self._pending = self._loading = False

    def set_rows(self, rows: Sequence[RecordRow]) -> None:
        self.set_first_page(self.start_query(), rows, False)

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[RecordRow]:
        return list(self._rows)

    def row_at(self, row: int) -> RecordRow:
        return self._rows[row]

    def row_of(self, key: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.key == key), None)

    def is_fetching(self) -> bool:
        return self._pending or self._loading

    # -- paging ---------------------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid():
            return False
        return self._more and not self._pending and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._pending = True
        self.pageRequested.emit(self._token)

    # -- Qt's model interface -------------------------------------------------------------

    def _column_count(self) -> int:
        return len(RecordColumn) + len(self._fields) + (1 if self.extra_header else 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._column_count()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self._column_count():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == RecordColumn.KEY:
                return self.tr("{app} key").format(app=self._titles[self._side])
            if section == RecordColumn.STATUS:
                return self.tr("Status")
            if section == RecordColumn.PARTNER:
                return self.tr("{app} key").format(app=self._titles[other(self._side)])
            i = section - len(RecordColumn)
            if i < len(self._fields):
                return field_label(self._fields[i])
            return self.extra_header
        if role == Qt.ItemDataRole.ToolTipRole and section == RecordColumn.PARTNER:
            return self.tr("The coupled record's key in {app}").format(
                app=self._titles[other(self._side)]
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._display(r, col)) or None
        if role == Qt.ItemDataRole.DecorationRole and col == RecordColumn.STATUS:
            return status_icon(r.status)
        if role == Qt.ItemDataRole.ForegroundRole and col == RecordColumn.STATUS:
            return QBrush(QColor(STATUS_COLORS.get(r.status, "#777777")))
        if role == RecordRole.ROW:
            return r
        if role == RecordRole.KEY:
            return r.key
        return None

    def _display(self, r: RecordRow, col: int) -> str:
        if col == RecordColumn.KEY:
            return r.key
        if col == RecordColumn.STATUS:
            return status_text(r, self._titles)
        if col == RecordColumn.PARTNER:
            return r.partner or "—"
        i = col - len(RecordColumn)
        if i < len(self._fields):
            return r.values[i] if i < len(r.values) else ""
        return self._extra.get(r.key, "")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PairColumn(IntEnum):
    FIELD = 0
    THIS = 1
    OTHER = 2


class PairModel(QAbstractTableModel):
    """One record beside its partner: field · this app · other app; differing cells marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: list[FieldPair] = []
        self._headers = (self.tr("Field"), self.tr("This app"), self.tr("Other app"))

    def set_pair(self, pair: RecordPair | None, titles: dict[str, str]) -> None:
        self.beginResetModel()
        if pair is None:
            self._fields = []
        else:
            side = pair.record.side
            self._fields = list(pair.fields)
            self._headers = (self.tr("Field"), titles[side], titles[other(side)])
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PairColumn) - 1)

    def clear(self) -> None:
        self.set_pair(None, {})

    def fields(self) -> list[FieldPair]:
        return list(self._fields)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PairColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(PairColumn)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._fields):
            return None
        f = self._fields[index.row()]
        col = PairColumn(index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._display(f, col, tip=True))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col)
        if f.differs and col != PairColumn.FIELD:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(DIFFERS_BACKGROUND))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.FontRole and f.differs and col == PairColumn.FIELD:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, f: FieldPair, col: PairColumn, *, tip: bool = False) -> str:
        if col == PairColumn.FIELD:
            return f"{f.this_column} ↔ {f.other_column}" if tip else field_label(f.field)
        if col == PairColumn.THIS:
            return f.this or self.tr("(empty)")
        if f.other is None:
            return "—"
        return f.other or self.tr("(empty)")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
