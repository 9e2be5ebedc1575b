"""The pages beside the sync errors in the window's sidebar: Jobs, Records, Job queue, ...

A page is a :class:`WorkspaceView`: a widget told when a workspace opens and closes,
that reads and writes only through the window's :class:`TaskRunner` (never on the GUI
thread). Register a page by adding its class to ``VIEW_CLASSES`` in
:mod:`syncdesk.ui.pages`, in sidebar order.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

from syncdesk.sync.integration import Integration
from syncdesk.ui.column_menu import ColumnChooser
from syncdesk.ui.worker import TaskRunner


class WorkspaceView(QWidget):
    """One sidebar page. Subclasses set ``title`` and override the two hooks.

    ``title`` is the English source text; the sidebar shows :meth:`display_title`, its
    translation in the "Pages" context (``syncdesk.ui.pages._TITLES`` marks the titles
    for lupdate).
    """

    title = "View"
    #: a keyboard shortcut that shows the page (Ctrl+2, Ctrl+3, ... by position if empty)
    shortcut = ""

    changed = Signal()
    """The page changed the state (a job ran, an entry was edited): others may refresh."""
    statusMessage = Signal(str, int)
    """A line for the window's status bar, and for how long (ms; 0: until the next one)."""
    errorRequested = Signal(int)
    """Show this sync error (its id) on the Sync Errors page."""
    jobRequested = Signal(int)
    """Show this job on the Jobs page."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.integration: Integration | None = None
        self._page_actions: list[tuple[QAction, QAbstractButton | QAction]] = []
        self._current = False
        #: the page's main table's columns, for the window's View > Columns menu
        self.columns: ColumnChooser | None = None

    @property
    def is_current(self) -> bool:
        """The page is the one the sidebar shows."""
        return self._current

    def set_current(self, current: bool) -> None:
        """The window shows this page (True) or another one (False)."""
        self._current = current

    def page_actions(self) -> list[QAction]:
        """The page's commands, in the window's Page menu (with their keys) while it shows."""
        for action, target in self._page_actions:
            if isinstance(target, QAbstractButton):
                action.setEnabled(target.isEnabled() and target.isVisibleTo(self))
                action.setChecked(target.isChecked())
        return [action for action, _target in self._page_actions]

    def add_page_action(
        self, target: QAbstractButton | QAction, text: str = "", shortcut: str = ""
    ) -> QAction:
        """List ``target`` in the Page menu: a button as an entry named ``text`` that clicks
        it (enabled when the button is), or an action as it is; ``shortcut`` is its key."""
        if isinstance(target, QAction):
            action = target
        else:
            action = QAction(text or target.text(), self)
            action.setToolTip(target.toolTip())
            action.setCheckable(target.isCheckable())
            action.triggered.connect(target.click)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(action.toolTip())
        self._page_actions.append((action, target))
        return action

    def display_title(self) -> str:
        """The page's title in the window's language (as the sidebar shows it)."""
        return QCoreApplication.translate("Pages", self.title)

    def open_workspace(self, integration: Integration) -> None:
        """A workspace was opened: load what the page shows (in the runner)."""
        self.integration = integration

    def close_workspace(self) -> None:
        """The workspace is closing: forget it and clear what is shown."""
        self.integration = None

    def refresh(self) -> None:
        """Read again what the page shows (called when the page is shown or a job ended)."""
