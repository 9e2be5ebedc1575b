"""The window's sidebar: one entry per page, with a count beside it where the page has one
("Sync Errors   12")."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from syncdesk.ui.i18n import fmt_int

#: the role of an entry that holds its page's count
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1


class SidebarDelegate(QStyledItemDelegate):
    """A page's title, and at the right its count ("Sync Errors   12") where it has one."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if not isinstance(count, int) or count <= 0:
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(0, 0, -8, 0)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt_int(count)
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + option.fontMetrics.horizontalAdvance("  99,999"), size.height())


class Sidebar(QListWidget):
    """The pages, one entry each; an entry's count (:data:`COUNT_ROLE`) is drawn beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setAccessibleName(self.tr("Pages"))
        self.setSpacing(3)
        self.setItemDelegate(SidebarDelegate(self))

    def fit_width(self) -> None:
        """As wide as its longest title and a count, no wider: the page takes the rest."""
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setFixedWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + 12)
