"""The Job Queue page's words and item model: the entries, one row per mapping, with the
interval edited in place (:class:`MinutesDelegate`).
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
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.queries import QueueRow
from syncdesk.ui.i18n import fmt_datetime, fmt_time, same_local_day
from syncdesk.ui.models import plain_tip

Index = QModelIndex | QPersistentModelIndex
Clock = Callable[[], dt.datetime]

# the interval of an entry, in minutes: from one minute to 31 days
MIN_MINUTES = 1
MAX_MINUTES = 60 * 24 * 31


# -- words ---------------------------------------------------------------------------------


class QueueWords(QObject):
    """The page's words with plural forms, for the functions below.

    (pyside6-lupdate marks a text as having plural forms only in ``self.tr(text, "", n)``.)
    """

    def every(self, minutes: int) -> str:
        if minutes % (60 * 24) == 0:
            return self.tr("%Ln day(s)", "", minutes // (60 * 24))
        if minutes % 60 == 0:
            return self.tr("%Ln hour(s)", "", minutes // 60)
        return self.tr("%Ln minute(s)", "", minutes)

    def new_errors(self, mapping: str, n: int) -> str:
        return self.tr("%Ln new sync error(s) in {mapping}", "", n).format(mapping=mapping)


_words: list[QueueWords] = []


def _queue_words() -> QueueWords:
    if not _words:
        _words.append(QueueWords())
    return _words[0]


def every_text(minutes: int) -> str:
    """``30`` → ``30 minutes``, ``120`` → ``2 hours``, ``1440`` → ``1 day``."""
    return _queue_words().every(minutes)


def local_text(value: dt.datetime | None, *, clock: Clock = now_utc) -> str:
    """A stored time (naive UTC) in local time: ``14:05`` today, else with the date."""
    if value is None:
        return ""
    if same_local_day(value, clock()):
        return fmt_time(value)
    return fmt_datetime(value, seconds=False)


def new_errors_text(new_errors: dict[str, int]) -> str:
    """``{"CUSTOMER": 2}`` → ``2 new sync errors in CUSTOMER``."""
    words = _queue_words()
    return "; ".join(words.new_errors(m, n) for m, n in new_errors.items())


# -- the model -----------------------------------------------------------------------------


class QueueColumn(IntEnum):
    MAPPING = 0
    EVERY = 1
    STATUS = 2
    NEXT_RUN = 3
    LAST_RUN = 4
    LAST_JOB = 5


class QueueRole(IntEnum):
    """Data roles of :class:`QueueTableModel` beyond Qt's own."""

    ROW = Qt.ItemDataRole.UserRole  # the QueueRow itself
    MAPPING = Qt.ItemDataRole.UserRole + 1  # the mapping's name


HEADERS = {
    QueueColumn.MAPPING: str(QT_TRANSLATE_NOOP("QueueTableModel", "Mapping")),
    QueueColumn.EVERY: str(QT_TRANSLATE_NOOP("QueueTableModel", "Every")),
    QueueColumn.STATUS: str(QT_TRANSLATE_NOOP("QueueTableModel", "Status")),
    QueueColumn.NEXT_RUN: str(QT_TRANSLATE_NOOP("QueueTableModel", "Next run")),
    QueueColumn.LAST_RUN: str(QT_TRANSLATE_NOOP("QueueTableModel", "Last run")),
    QueueColumn.LAST_JOB: str(QT_TRANSLATE_NOOP("QueueTableModel", "Last job")),
}
ON_HOLD_COLOR = "#9a6700"
ENABLED_COLOR = "#2e7d32"


class QueueTableModel(QAbstractTableModel):
    """The job queue entries, one row per mapping; the interval is edited in place.

    An edit does not change the row: it asks (``everyEdited``) and the row changes when
    the state database says it did (:meth:`set_rows`).
    """

    everyEdited = Signal(str, int)
    """A person set the interval of a mapping's entry (mapping, minutes)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self.clock: Clock = now_utc

    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def row_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def row_of(self, mapping: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.mapping == mapping), None)

    def set_rows(self, rows: Sequence[QueueRow]) -> None:
        """Show ``rows``; the same mappings in the same order only update their cells."""
        new = list(rows)
        if [r.mapping for r in new] == [r.mapping for r in self._rows]:
            self._rows = new
            if new:
                last = self.columnCount() - 1
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, last))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(QueueColumn)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == QueueColumn.EVERY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(QueueColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("QueueTableModel", HEADERS[QueueColumn(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = QueueColumn(index.column())
        if role == QueueRole.ROW:
            return r
        if role == QueueRole.MAPPING:
            return r.mapping
        if role == Qt.ItemDataRole.EditRole and col == QueueColumn.EVERY:
            return r.every_minutes
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tip(r, col)) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == QueueColumn.STATUS:
                return QBrush(QColor(ENABLED_COLOR if r.enabled else ON_HOLD_COLOR))
            if col == QueueColumn.NEXT_RUN and not r.enabled:
                return QBrush(QColor("#888888"))
        return None

    def _text(self, r: QueueRow, col: QueueColumn) -> str:
        if col == QueueColumn.MAPPING:
            return r.mapping
        if col == QueueColumn.EVERY:
            return every_text(r.every_minutes)
        if col == QueueColumn.STATUS:
            runner = r.running_on(self.clock())
            if runner is not None:
                return self.tr("Running on {runner}").format(runner=runner.split(":")[0])
            return self.tr("Enabled") if r.enabled else self.tr("On hold")
        if col == QueueColumn.NEXT_RUN:
            if not r.enabled:
                return self.tr("— (on hold)")
            if r.next_run <= self.clock():
                return self.tr("due now")
            return local_text(r.next_run, clock=self.clock)
        if col == QueueColumn.LAST_RUN:
            return local_text(r.last_run, clock=self.clock) or self.tr("never")
        if r.last_job is None:
            return "—"
        return self.tr("Job {job}").format(job=r.last_job)

    def _tip(self, r: QueueRow, col: QueueColumn) -> str | None:
        if col == QueueColumn.EVERY:
            return self.tr("Runs every %Ln minute(s); double-click to change", "", r.every_minutes)
        if col == QueueColumn.NEXT_RUN:
            return fmt_datetime(r.next_run, seconds=False)
        if col == QueueColumn.STATUS and r.running_on(self.clock()) is not None:
            return self.tr("{runner} runs this job now; its claim holds until {until}").format(
                runner=r.claimed_by, until=fmt_datetime(r.claimed_until)
            )
        if col == QueueColumn.STATUS and not r.enabled:
            return self.tr("On hold: does not run by itself until resumed")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.EditRole
            or index.column() != QueueColumn.EVERY
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            return False
        if not MIN_MINUTES <= minutes <= MAX_MINUTES:
            return False
        r = self._rows[index.row()]
        if minutes != r.every_minutes:
            self.everyEdited.emit(r.mapping, minutes)
        return True


class MinutesDelegate(QStyledItemDelegate):
    """Edits the interval with a spin box from 1 to 44,640 minutes (31 days)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(MIN_MINUTES, MAX_MINUTES)
        spin.setSuffix(self.tr(" min"))
        spin.setFrame(False)
        return spin
