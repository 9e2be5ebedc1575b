"""A table's columns, shown or hidden as the user chooses: a menu on the table's header
(right click) and the window's View > Columns menu for the page shown; kept in the settings
per table, so the window opens with the columns it had.

Until the user chooses, a table too wide for its place when it is first shown (the Jobs
page's fifteen columns on a 1366×768 screen, in Dutch) starts without its ``spare``
columns, in their order, as far as it takes to fit: the table does not scroll sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from syncdesk.ui import i18n


class ColumnChooser(QObject):
    """Which columns of ``view`` show. ``key`` names the table in the settings (None:
    its page keeps the header's whole state itself, hidden columns with it); ``spare`` are
    the columns left out first where the table would not fit."""

    # the least a stretching column (a message) keeps when the table is fitted
    STRETCH_LEAST = 100

    def __init__(self, view: QTableView, key: str | None, spare: Sequence[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.key = key
        self.spare = list(spare)
        # the menu a right click on the header opens (made on the first)
        self.header_menu: QMenu | None = None
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        saved = self._saved()
        for col in saved or ():
            header.setSectionHidden(col, True)
        # fitted to its place once, when first shown, unless the user chose before
        self._fit_pending = saved is None and bool(self.spare)
        if self._fit_pending:
            view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._fit_pending
            and event.type() == QEvent.Type.Resize
            and self.view.isVisible()
            and self.view.viewport().width() > 0
        ):
            self._fit_pending = False
            self.view.viewport().removeEventFilter(self)
            self.fit(self.view.viewport().width())
        return False

    def needed(self) -> int:
        """The width the shown columns take, a stretching one at its least."""
        header = self.view.horizontalHeader()
        total = 0
        for col in range(self._count()):
            if header.isSectionHidden(col):
                continue
            if header.sectionResizeMode(col) == header.ResizeMode.Stretch:
                total += self.STRETCH_LEAST
            else:
                total += header.sectionSize(col)
        return total

    def fit(self, width: int) -> None:
        """The spare columns hidden, in order, until the rest fit in ``width`` pixels
        (not kept in the settings: a larger window shows them again next time)."""
        header = self.view.horizontalHeader()
        for col in self.spare:
            if self.needed() <= width:
                return
            header.setSectionHidden(col, True)

    def _count(self) -> int:
        model = self.view.model()
        return 0 if model is None else model.columnCount()

    def _saved(self) -> list[int] | None:
        """The columns the user hid, or None if the user never chose."""
        if self.key is None:
            return None
        value = i18n.settings().value(f"Columns/{self.key}")
        if not isinstance(value, str):
            return None
        hidden = []
        for part in value.split(","):
            part = part.strip()
            if part.isdigit() and int(part) < self._count():
                hidden.append(int(part))
        if len(hidden) >= self._count():
            return None  # never a table without a column
        return hidden

    def _save(self) -> None:
        self._fit_pending = False
        if self.key is None:
            return
        header = self.view.horizontalHeader()
        hidden = [str(c) for c in range(self._count()) if header.isSectionHidden(c)]
        s = i18n.settings()
        s.setValue(f"Columns/{self.key}", ",".join(hidden))
        s.sync()

    def title(self, col: int) -> str:
        model = self.view.model()
        text = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        return str(text or "").replace("\n", " ")

    def is_shown(self, col: int) -> bool:
        return not self.view.horizontalHeader().isSectionHidden(col)

    def set_shown(self, col: int, shown: bool) -> None:
        header = self.view.horizontalHeader()
        if not shown and sum(self.is_shown(c) for c in range(self._count())) <= 1:
            return  # the last column shown stays
        header.setSectionHidden(col, not shown)  # shown again at the width it had
        self._save()

    def show_all(self) -> None:
        for col in range(self._count()):
            self.view.horizontalHeader().setSectionHidden(col, False)
        self._save()

    def fill(self, menu: QMenu) -> None:
        """``menu`` emptied and filled with a checkable entry per column and Show All."""
        menu.clear()
        shown = [c for c in range(self._count()) if self.is_shown(c)]
        for col in range(self._count()):
            action = QAction(self.title(col), menu)
            action.setCheckable(True)
            action.setChecked(col in shown)
            # the last column shown cannot be hidden
            action.setEnabled(not (col in shown and len(shown) == 1))
            action.toggled.connect(lambda on, c=col: self.set_shown(c, on))
            menu.addAction(action)
        menu.addSeparator()
        every = QAction(QCoreApplication.translate("ColumnChooser", "Show All Columns"), menu)
        every.setEnabled(len(shown) < self._count())
        every.triggered.connect(self.show_all)
        menu.addAction(every)

    @Slot(QPoint)
    def _on_header_menu(self, pos: QPoint) -> None:
        if self.header_menu is None:
            self.header_menu = QMenu(self.view)
            self.header_menu.setTitle(QCoreApplication.translate("ColumnChooser", "Columns"))
        self.fill(self.header_menu)
        self.header_menu.popup(self.view.horizontalHeader().mapToGlobal(pos))
