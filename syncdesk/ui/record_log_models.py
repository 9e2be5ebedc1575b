"""The record log's item models: the entries of one record (:class:`LogTableModel`) and
the field changes of one entry (:class:`ChangesModel`), with the log table's column widths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from syncdesk.sync.queries import LogRow
from syncdesk.ui.i18n import fmt_datetime
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import (
    ACTION_WORDS,
    RESULT_COLORS,
    RESULT_WORDS,
    TRIGGER_WORDS,
    RowsModel,
    action_text,
    changes_summary,
    direction_text,
    field_label,
    local_time,
    plain_tip,
    result_text,
    show_value,
    trigger_text,
)

Index = QModelIndex | QPersistentModelIndex

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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


def size_log_columns(view: QTableView) -> None:
    """The record log's column widths; the message (why) and changes (what) share the rest.

    The word columns widen (up to a cap) for their longest word in the window's language; a
    word that still does not fit is elided and shown whole in its tooltip.
    """
    header = view.horizontalHeader()
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
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
