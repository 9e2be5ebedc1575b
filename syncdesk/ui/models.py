"""Thin item models over frozen rows: sync errors, the record log, one entry's changes.

The models never query: the window loads rows in a worker and hands them over. The error
table is paged (:class:`ErrorTableModel`: a first page, then one more per ``fetchMore``);
sorting it asks the window to query again in SQL (:attr:`ErrorTableModel.sortRequested`).

Data is shown as plain text everywhere: a key or a message holding ``<b>`` shows the
tag, never bold text (:func:`plain_tip` for tooltips, which Qt would read as rich text).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

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
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from syncdesk.sync.queries import ErrorRow, LogRow
from syncdesk.sync.values import Canonical, show
from syncdesk.ui.i18n import fmt_datetime, fmt_int
from syncdesk.ui.messages import engine_text

Index = QModelIndex | QPersistentModelIndex

#: one colour per kind of sync error, used for the dot in the kind column and the summary
KIND_COLORS = {
    "conflict": "#d9822b",
    "deleted-left": "#2f80c8",
    "deleted-right": "#2f80c8",
    "failed": "#c23934",
}
RESULT_COLORS = {"ok": "#2e7d32", "skipped": "#9a6700", "failed": "#c23934"}


#: the words for the kinds of sync error the engine gives as codes (context "Kinds")
_KIND_WORDS = {
    "conflict": str(QT_TRANSLATE_NOOP("Kinds", "conflict")),
    "failed": str(QT_TRANSLATE_NOOP("Kinds", "failed")),
}


def kind_text(kind: str, titles: dict[str, str]) -> str:
    """The kind as a person reads it: "deleted in Dynamics 365 Sales", not "deleted-right"."""
    if kind == "deleted-left":
        return QCoreApplication.translate("Kinds", "deleted in {app}").format(app=titles["left"])
    if kind == "deleted-right":
        return QCoreApplication.translate("Kinds", "deleted in {app}").format(app=titles["right"])
    word = _KIND_WORDS.get(kind)
    return QCoreApplication.translate("Kinds", word) if word is not None else kind


def plain_tip(text: str | None) -> str:
    """``text`` as a tooltip that shows it exactly as written.

    Qt shows a tooltip that looks like HTML as rich text: a key or a message holding
    ``<b>`` would turn bold, ``<img>`` would load. Escaped inside a paragraph that keeps
    line breaks and spaces, the text reads as it is.
    """
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def local_time(value: dt.datetime | None, *, seconds: bool = True) -> str:
    """A stored time (naive UTC) in the user's local time zone, written the locale's way."""
    return fmt_datetime(value, seconds=seconds)


def show_value(value: Any) -> str:
    if value is None or value == "":
        return QCoreApplication.translate("Values", "(empty)")
    return str(value)


def show_canonical(value: Canonical) -> str:
    """A field's value as :func:`syncdesk.sync.values.show` writes it, in the window's language."""
    if value is None:
        return QCoreApplication.translate("Values", "(empty)")
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("Values", "yes")
        return QCoreApplication.translate("Values", "no")
    return show(value)


#: field names an ERP or a CRM often has, as they read in the window's language (a field
#: whose label is not among these reads as its name does)
FIELD_WORDS = (
    QT_TRANSLATE_NOOP("Fields", "Name"),
    QT_TRANSLATE_NOOP("Fields", "Address"),
    QT_TRANSLATE_NOOP("Fields", "City"),
    QT_TRANSLATE_NOOP("Fields", "Post code"),
    QT_TRANSLATE_NOOP("Fields", "Country code"),
    QT_TRANSLATE_NOOP("Fields", "Phone"),
    QT_TRANSLATE_NOOP("Fields", "Phone no"),
    QT_TRANSLATE_NOOP("Fields", "Email"),
    QT_TRANSLATE_NOOP("Fields", "Credit"),
    QT_TRANSLATE_NOOP("Fields", "Credit limit"),
    QT_TRANSLATE_NOOP("Fields", "Blocked"),
    QT_TRANSLATE_NOOP("Fields", "Salesperson code"),
    QT_TRANSLATE_NOOP("Fields", "Company no"),
    QT_TRANSLATE_NOOP("Fields", "Job title"),
    QT_TRANSLATE_NOOP("Fields", "Description"),
    QT_TRANSLATE_NOOP("Fields", "Unit price"),
    QT_TRANSLATE_NOOP("Fields", "Price"),
    QT_TRANSLATE_NOOP("Fields", "Base unit of measure"),
)


def field_label(name: str) -> str:
    """A field name for people: ``phone_no`` → ``Phone no`` (in the window's language
    where it is a common one, :data:`FIELD_WORDS`)."""
    text = name.replace("_", " ").strip()
    label = text[:1].upper() + text[1:]
    return QCoreApplication.translate("Fields", label)


def changes_summary(changes: dict[str, list[Any]]) -> str:
    """``{"city": ["Gent", "Brugge"]}`` → ``City: Gent → Brugge``."""
    parts = []
    for name, pair in changes.items():
        before, after = [*pair, None, None][:2]
        parts.append(
            QCoreApplication.translate("Changes", "{field}: {before} → {after}").format(
                field=field_label(name), before=show_value(before), after=show_value(after)
            )
        )
    return "; ".join(parts)


def direction_text(direction: str | None, titles: dict[str, str]) -> str:
    """Where a log entry wrote: "→ Dynamics 365 Sales"."""
    if direction == "to-left":
        return QCoreApplication.translate("Directions", "→ {app}").format(app=titles["left"])
    if direction == "to-right":
        return QCoreApplication.translate("Directions", "→ {app}").format(app=titles["right"])
    return ""


#: the words for the record log's actions, results and triggers (codes from the engine)
ACTION_WORDS = {
    "insert": str(QT_TRANSLATE_NOOP("Actions", "insert")),
    "modify": str(QT_TRANSLATE_NOOP("Actions", "modify")),
    "restore": str(QT_TRANSLATE_NOOP("Actions", "restore")),
    "delete": str(QT_TRANSLATE_NOOP("Actions", "delete")),
    "resolve": str(QT_TRANSLATE_NOOP("Actions", "resolve")),
    "conflict": str(QT_TRANSLATE_NOOP("Actions", "conflict")),
    "deleted": str(QT_TRANSLATE_NOOP("Actions", "deleted")),
    "couple": str(QT_TRANSLATE_NOOP("Actions", "couple")),
    "uncouple": str(QT_TRANSLATE_NOOP("Actions", "uncouple")),
    "remove-coupling": str(QT_TRANSLATE_NOOP("Actions", "remove coupling")),
    "retry": str(QT_TRANSLATE_NOOP("Actions", "retry")),
    "edit": str(QT_TRANSLATE_NOOP("Actions", "fix in place")),
    "undo": str(QT_TRANSLATE_NOOP("Actions", "undo")),
}
RESULT_WORDS = {
    "ok": str(QT_TRANSLATE_NOOP("Results", "ok")),
    "skipped": str(QT_TRANSLATE_NOOP("Results", "skipped")),
    "failed": str(QT_TRANSLATE_NOOP("Results", "failed")),
    "error": str(QT_TRANSLATE_NOOP("Results", "error")),
    "pending": str(QT_TRANSLATE_NOOP("Results", "pending")),
}
TRIGGER_WORDS = {
    "queue": str(QT_TRANSLATE_NOOP("Triggers", "queue")),
    "manual": str(QT_TRANSLATE_NOOP("Triggers", "manual")),
    "action": str(QT_TRANSLATE_NOOP("Triggers", "action")),
}


def action_text(action: str) -> str:
    """A record log action as a person reads it: "remove coupling", not "remove-coupling"."""
    word = ACTION_WORDS.get(action)
    return QCoreApplication.translate("Actions", word) if word else action.replace("-", " ")


def result_text(result: str) -> str:
    """A record log result ("ok", "skipped", "error", ...) in the window's language."""
    word = RESULT_WORDS.get(result)
    return QCoreApplication.translate("Results", word) if word else result


def trigger_text(trigger: str | None) -> str:
    """What started a job ("queue", "manual", "action") in the window's language."""
    if not trigger:
        return ""
    word = TRIGGER_WORDS.get(trigger)
    return QCoreApplication.translate("Triggers", word) if word else trigger


_dots: dict[tuple[str, bool], QIcon] = {}


def _dot_pixmap(color: str, *, ring: QColor | None, hollow: bool) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if hollow:
        # waiting for the next job: the kind's colour as a ring
        painter.setPen(QPen(QColor(color), 2.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(2, 2, 8, 8)
    else:
        painter.setPen(QPen(ring, 1.2) if ring is not None else Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return pixmap


def dot_icon(color: str, *, hollow: bool = False) -> QIcon:
    """A small coloured dot (made once per colour, on first use); ``hollow``: a ring.

    A selected row keeps the dot's own colour, ringed in the highlighted text's colour so
    it stands out on the highlight (Qt would otherwise tint it into the highlight).
    """
    icon = _dots.get((color, hollow))
    if icon is None:
        icon = QIcon(_dot_pixmap(color, ring=None, hollow=hollow))
        ring = QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText)
        icon.addPixmap(_dot_pixmap(color, ring=ring, hollow=hollow), QIcon.Mode.Selected)
        _dots[(color, hollow)] = icon
    return icon


def kind_icon(kind: str, *, waiting: bool = False) -> QIcon:
    """A small coloured dot for a kind of sync error (a ring while it waits for a job)."""
    return dot_icon(KIND_COLORS.get(kind, "#777777"), hollow=waiting)


class ElideMiddleDelegate(QStyledItemDelegate):
    """Keys are told apart by both ends: elide them in the middle."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def size_log_columns(view: QTableView) -> None:
    """The record log's column widths; the message (why) and changes (what) share the rest.

    The word columns widen (up to a cap) for their longest word in the window's language; a
    word that still does not fit is elided and shown whole in its tooltip.
    """
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    fm = view.fontMetrics()

    def fits(words: dict[str, str], text: Callable[[str], str], least: int, most: int) -> int:
        widest = max(fm.horizontalAdvance(text(code)) for code in words) + 16
        return min(max(least, widest), most)

    widest_time = fmt_datetime(dt.datetime(2026, 12, 28, 22, 58, 58))
    for col, width in {
        LogColumn.TIME: max(142, fm.horizontalAdvance(widest_time) + 16),
        LogColumn.JOB: 42,
        LogColumn.TRIGGER: fits(TRIGGER_WORDS, trigger_text, 62, 90),
        LogColumn.ACTION: fits(ACTION_WORDS, action_text, 92, 100),
        LogColumn.DIRECTION: 165,
        LogColumn.RESULT: fits(RESULT_WORDS, result_text, 62, 96),
        LogColumn.USER: 72,
    }.items():
        view.setColumnWidth(col, width)
    header.setSectionResizeMode(LogColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(LogColumn.CHANGES, QHeaderView.ResizeMode.Stretch)


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


R = TypeVar("R")


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over frozen rows handed over whole (or appended), selectable.

    Subclasses set ``columns`` (an ``IntEnum``, one member per column) and give
    ``headerData`` and ``data``; the rows, their count and the two apps' titles (for
    headers and directions) live here.
    """

    columns: ClassVar[type[IntEnum]]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._titles = {
            "left": QCoreApplication.translate("RowsModel", "Left"),
            "right": QCoreApplication.translate("RowsModel", "Right"),
        }

    def set_titles(self, left: str, right: str) -> None:
        self._titles = {"left": left, "right": right}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[R]) -> None:
        """New rows at the bottom (the selection and the scroll position stay)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.header(self.columns(section))
        return None

    def header(self, col: Any) -> str:
        """The title of column ``col`` (a member of ``columns``)."""
        raise NotImplementedError


class LogColumn(IntEnum):
    TIME = 0
    JOB = 1
    TRIGGER = 2
    ACTION = 3
    DIRECTION = 4
    RESULT = 5
    USER = 6  # who: the OS user of an action by hand (a job's entries have none)
    MESSAGE = 7
    CHANGES = 8


class LogRole(IntEnum):
    ROW = Qt.ItemDataRole.UserRole  # the LogRow itself


_LOG_HEADERS = {
    LogColumn.TIME: str(QT_TRANSLATE_NOOP("LogTableModel", "Time")),
    LogColumn.JOB: str(QT_TRANSLATE_NOOP("LogTableModel", "Job")),
    LogColumn.TRIGGER: str(QT_TRANSLATE_NOOP("LogTableModel", "Trigger")),
    LogColumn.ACTION: str(QT_TRANSLATE_NOOP("LogTableModel", "Action")),
    LogColumn.DIRECTION: str(QT_TRANSLATE_NOOP("LogTableModel", "Direction")),
    LogColumn.RESULT: str(QT_TRANSLATE_NOOP("LogTableModel", "Result")),
    LogColumn.USER: str(QT_TRANSLATE_NOOP("LogTableModel", "By")),
    LogColumn.MESSAGE: str(QT_TRANSLATE_NOOP("LogTableModel", "Message")),
    LogColumn.CHANGES: str(QT_TRANSLATE_NOOP("LogTableModel", "Changes")),
}


class LogTableModel(RowsModel[LogRow]):
    """The synchronization log of one record, oldest first."""

    columns = LogColumn

    def row_of(self, entry_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == entry_id), None)

    def header(self, col: LogColumn) -> str:
        return QCoreApplication.translate("LogTableModel", _LOG_HEADERS[col])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = LogColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col not in (
                LogColumn.TRIGGER,
                LogColumn.ACTION,
                LogColumn.RESULT,
                LogColumn.USER,
                LogColumn.MESSAGE,
                LogColumn.CHANGES,
            ):
                return None
            return plain_tip(self._display(r, col)) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == LogColumn.RESULT:
            color = RESULT_COLORS.get(r.result)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == LogColumn.JOB:
            return _NUMERIC
        if role == LogRole.ROW:
            return r
        return None

    def _display(self, r: LogRow, col: LogColumn) -> str:
        if col == LogColumn.TIME:
            return local_time(r.at)
        if col == LogColumn.JOB:
            return str(r.job) if r.job is not None else "—"
        if col == LogColumn.TRIGGER:
            return trigger_text(r.trigger)
        if col == LogColumn.ACTION:
            return action_text(r.action)
        if col == LogColumn.DIRECTION:
            return direction_text(r.direction, self._titles)
        if col == LogColumn.RESULT:
            return result_text(r.result)
        if col == LogColumn.USER:
            return r.user or ""
        if col == LogColumn.MESSAGE:
            return engine_text(r.message)
        if r.conflict is not None and not r.changes:
            return conflict_summary(r.conflict, self._titles)
        return changes_summary(r.changes)


def conflict_summary(conflict: dict[str, Any], titles: dict[str, str]) -> str:
    """A conflict entry's fields in one line: ``City: Leuven ≠ Mechelen (was Gent)``."""
    parts = []
    for name in conflict.get("fields", []):
        parts.append(
            QCoreApplication.translate("Changes", "{field}: {left} ≠ {right} (was {base})").format(
                field=field_label(name),
                left=show_value(conflict.get("left", {}).get(name)),
                right=show_value(conflict.get("right", {}).get(name)),
                base=show_value(conflict.get("base", {}).get(name)),
            )
        )
    return "; ".join(parts)


class ChangesModel(QAbstractTableModel):
    """The field changes of one log entry: field, before, after.

    For a conflict entry (:meth:`set_conflict`): field, its value at the last sync, and the
    competing value in each app.
    """

    HEADERS = (
        str(QT_TRANSLATE_NOOP("ChangesModel", "Field")),
        str(QT_TRANSLATE_NOOP("ChangesModel", "Before")),
        str(QT_TRANSLATE_NOOP("ChangesModel", "After")),
    )
    CONFLICT_HEADERS = (
        str(QT_TRANSLATE_NOOP("ChangesModel", "Field")),
        str(QT_TRANSLATE_NOOP("ChangesModel", "At last sync")),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._headers: tuple[str, ...] = self._translated(self.HEADERS)

    @staticmethod
    def _translated(texts: Sequence[str]) -> tuple[str, ...]:
        return tuple(QCoreApplication.translate("ChangesModel", t) for t in texts)

    @property
    def is_conflict(self) -> bool:
        return len(self._headers) == len(self.CONFLICT_HEADERS) + 2

    def set_changes(self, changes: dict[str, list[Any]]) -> None:
        self.beginResetModel()
        self._headers = self._translated(self.HEADERS)
        self._rows = []
        for name, pair in changes.items():
            before, after = [*pair, None, None][:2]
            self._rows.append((field_label(name), show_value(before), show_value(after)))
        self.endResetModel()

    def set_conflict(self, conflict: dict[str, Any], titles: dict[str, str]) -> None:
        """The fields a conflict entry found changed in both apps: base, left and right."""
        self.beginResetModel()
        self._headers = (*self._translated(self.CONFLICT_HEADERS), titles["left"], titles["right"])
        self._rows = [
            (
                field_label(name),
                show_value(conflict.get("base", {}).get(name)),
                show_value(conflict.get("left", {}).get(name)),
                show_value(conflict.get("right", {}).get(name)),
            )
            for name in conflict.get("fields", [])
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.set_changes({})

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._rows[index.row()][index.column()])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
