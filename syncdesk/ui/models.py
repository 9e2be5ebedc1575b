"""What the window's tables share: the engine's codes in words, colours and dots, plain
tooltips, and :class:`RowsModel`, a thin item model over frozen rows.

The models never query: the window loads rows in a worker and hands them over. The tables
have models of their own beside their pages: the sync errors in
:mod:`syncdesk.ui.error_table_model`, the record log and one entry's changes in
:mod:`syncdesk.ui.record_log_models`, the jobs in :mod:`syncdesk.ui.jobs_models`, ...

Data is shown as plain text everywhere: a key or a message holding ``<b>`` shows the
tag, never bold text (:func:`plain_tip` for tooltips, which Qt would read as rich text).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
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
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from syncdesk.sync.values import Canonical, show
from syncdesk.ui.i18n import fmt_datetime

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
