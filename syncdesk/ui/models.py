"""Thin item models over frozen rows: sync errors, the record log, one entry's changes.

The models never query: the window loads rows in a worker and hands them over with
:meth:`ErrorTableModel.set_rows` (a model reset). Sorting the error table asks the
window to query again in SQL (:attr:`ErrorTableModel.sortRequested`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from syncdesk.sync.queries import ErrorRow, LogRow

Index = QModelIndex | QPersistentModelIndex

#: one colour per kind of sync error, used for the dot in the kind column and the summary
KIND_COLORS = {
    "conflict": "#d9822b",
    "deleted-left": "#2f80c8",
    "deleted-right": "#2f80c8",
    "failed": "#c23934",
}
RESULT_COLORS = {"ok": "#2e7d32", "skipped": "#9a6700", "failed": "#c23934"}


def kind_text(kind: str, titles: dict[str, str]) -> str:
    """The kind as a person reads it: "deleted in Dynamics 365 Sales", not "deleted-right"."""
    if kind == "deleted-left":
        return f"deleted in {titles['left']}"
    if kind == "deleted-right":
        return f"deleted in {titles['right']}"
    return kind


def local_time(value: dt.datetime | None, *, seconds: bool = True) -> str:
    """A stored time (naive UTC) in the user's local time zone."""
    if value is None:
        return ""
    fmt = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return value.replace(tzinfo=dt.UTC).astimezone().strftime(fmt)


def show_value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return str(value)


def field_label(name: str) -> str:
    """A field name for people: ``phone_no`` → ``Phone no``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def changes_summary(changes: dict[str, list[Any]]) -> str:
    """``{"city": ["Gent", "Brugge"]}`` → ``City: Gent → Brugge``."""
    parts = []
    for name, pair in changes.items():
        before, after = [*pair, None, None][:2]
        parts.append(f"{field_label(name)}: {show_value(before)} → {show_value(after)}")
    return "; ".join(parts)


def direction_text(direction: str | None, titles: dict[str, str]) -> str:
    if direction == "to-left":
        return f"→ {titles['left']}"
    if direction == "to-right":
        return f"→ {titles['right']}"
    return ""


_dots: dict[str, QIcon] = {}


def kind_icon(kind: str) -> QIcon:
    """A small coloured dot for a kind of sync error (made once, on first use)."""
    icon = _dots.get(kind)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(KIND_COLORS.get(kind, "#777777")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _dots[kind] = QIcon(pixmap)
    return icon


class ErrorRole(IntEnum):
    """Data roles of :class:`ErrorTableModel` beyond Qt's own."""

    ROW = Qt.ItemDataRole.UserRole  # the ErrorRow itself
    ID = Qt.ItemDataRole.UserRole + 1  # the sync error's id
    KIND = Qt.ItemDataRole.UserRole + 2  # "conflict", "deleted-left", ...


class ErrorColumn(IntEnum):
    MAPPING = 0
    KIND = 1
    LEFT = 2
    RIGHT = 3
    MESSAGE = 4
    FIRST_SEEN = 5
    LAST_ATTEMPT = 6
    ATTEMPTS = 7


#: the ``sort`` of :func:`syncdesk.sync.queries.list_errors` for each column
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


class ErrorTableModel(QAbstractTableModel):
    """Open sync errors, one row each, with the apps' own titles naming the sides."""

    sortRequested = Signal(str, bool)
    """The user sorted by a column: query again with ``sort`` (a key) and ``descending``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ErrorRow] = []
        self._titles = {"left": "Left", "right": "Right"}
        self.sort_key = "id"
        self.descending = False

    # -- feeding ---------------------------------------------------------------------------

    def set_titles(self, left: str, right: str) -> None:
        self._titles = {"left": left, "right": right}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(ErrorColumn) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, ErrorColumn.KIND), self.index(len(self._rows) - 1, ErrorColumn.KIND)
            )

    def set_rows(self, rows: Sequence[ErrorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[ErrorRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ErrorRow:
        return self._rows[row]

    def row_of(self, error_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == error_id:
                return i
        return None

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
            return {
                ErrorColumn.MAPPING: "Mapping",
                ErrorColumn.KIND: "Kind",
                ErrorColumn.LEFT: self._titles["left"],
                ErrorColumn.RIGHT: self._titles["right"],
                ErrorColumn.MESSAGE: "Message",
                ErrorColumn.FIRST_SEEN: "First seen",
                ErrorColumn.LAST_ATTEMPT: "Last attempt",
                ErrorColumn.ATTEMPTS: "Attempts",
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == ErrorColumn.LEFT:
                return f"The record in {self._titles['left']}"
            if col == ErrorColumn.RIGHT:
                return f"The record in {self._titles['right']}"
            if col == ErrorColumn.ATTEMPTS:
                return "How many jobs met this error"
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
            if col == ErrorColumn.MESSAGE:
                return r.message
            if col in (ErrorColumn.LEFT, ErrorColumn.RIGHT, ErrorColumn.KIND):
                return self._display(r, col)
            if col == ErrorColumn.FIRST_SEEN:
                return local_time(r.first_seen)
            if col == ErrorColumn.LAST_ATTEMPT:
                return local_time(r.last_seen)
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == ErrorColumn.KIND:
            return kind_icon(r.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == ErrorColumn.ATTEMPTS:
            return _NUMERIC
        if role == ErrorRole.ROW:
            return r
        if role == ErrorRole.ID:
            return r.id
        if role == ErrorRole.KIND:
            return r.kind
        return None

    def _display(self, r: ErrorRow, col: ErrorColumn) -> str:
        if col == ErrorColumn.MAPPING:
            return r.mapping
        if col == ErrorColumn.KIND:
            return kind_text(r.kind, self._titles)
        if col == ErrorColumn.LEFT:
            return r.left_key or "—"
        if col == ErrorColumn.RIGHT:
            return r.right_key or "—"
        if col == ErrorColumn.MESSAGE:
            return r.message
        if col == ErrorColumn.FIRST_SEEN:
            return local_time(r.first_seen, seconds=False)
        if col == ErrorColumn.LAST_ATTEMPT:
            return local_time(r.last_seen, seconds=False)
        return str(r.attempts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: remember the key and ask for a new query."""
        key = ERROR_SORT_KEYS.get(ErrorColumn(column), "id") if 0 <= column < 8 else "id"
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.sortRequested.emit(key, descending)


class LogColumn(IntEnum):
    TIME = 0
    JOB = 1
    TRIGGER = 2
    ACTION = 3
    DIRECTION = 4
    RESULT = 5
    MESSAGE = 6
    CHANGES = 7


class LogRole(IntEnum):
    ROW = Qt.ItemDataRole.UserRole  # the LogRow itself


_LOG_HEADERS = {
    LogColumn.TIME: "Time",
    LogColumn.JOB: "Job",
    LogColumn.TRIGGER: "Trigger",
    LogColumn.ACTION: "Action",
    LogColumn.DIRECTION: "Direction",
    LogColumn.RESULT: "Result",
    LogColumn.MESSAGE: "Message",
    LogColumn.CHANGES: "Changes",
}


class LogTableModel(QAbstractTableModel):
    """The synchronization log of one record, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LogRow] = []
        self._titles = {"left": "Left", "right": "Right"}

    def set_titles(self, left: str, right: str) -> None:
        self._titles = {"left": left, "right": right}

    def set_rows(self, rows: Sequence[LogRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[LogRow]:
        return list(self._rows)

    def row_at(self, row: int) -> LogRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LogColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(LogColumn)
        ):
            return _LOG_HEADERS[LogColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = LogColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._display(r, col)
            if role == Qt.ItemDataRole.ToolTipRole and col not in (
                LogColumn.MESSAGE,
                LogColumn.CHANGES,
            ):
                return None
            return text
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
            return r.trigger or ""
        if col == LogColumn.ACTION:
            return r.action.replace("-", " ")
        if col == LogColumn.DIRECTION:
            return direction_text(r.direction, self._titles)
        if col == LogColumn.RESULT:
            return r.result
        if col == LogColumn.MESSAGE:
            return r.message
        return changes_summary(r.changes)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ChangesModel(QAbstractTableModel):
    """The field changes of one log entry: field, before, after."""

    HEADERS = ("Field", "Before", "After")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []

    def set_changes(self, changes: dict[str, list[Any]]) -> None:
        self.beginResetModel()
        self._rows = []
        for name, pair in changes.items():
            before, after = [*pair, None, None][:2]
            self._rows.append((field_label(name), show_value(before), show_value(after)))
        self.endResetModel()

    def clear(self) -> None:
        self.set_changes({})

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
