"""The main window's frame: its menus, toolbar, sidebar with the pages, status bar, and the
size and splitters it remembers (what the window does — opening a workspace, its
commands, watching the shared state — is :mod:`syncdesk.ui.main_window`).

Its texts are the window's own (translation context "MainWindow"), named as such here
because this class is not the one that shows them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from syncdesk.ui import i18n
from syncdesk.ui.errors_view import ErrorsView
from syncdesk.ui.i18n import settings
from syncdesk.ui.job_status import JobStatus
from syncdesk.ui.sidebar import Sidebar
from syncdesk.ui.start_pages import EmptyPage, OpeningPage
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import TaskRunner

#: a first window is this big, or (on a smaller screen) this share of the screen's space
FIRST_SIZE = QSize(1280, 800)
SCREEN_SHARE = 0.92


def first_geometry(available: QRect, size: QSize = FIRST_SIZE) -> QRect:
    """Where a first window goes: ``size``, or less on a small screen, centred in it."""
    width = min(size.width(), int(available.width() * SCREEN_SHARE))
    height = min(size.height(), int(available.height() * SCREEN_SHARE))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


class MainWindowLayout(QMainWindow):
    """The widgets of :class:`~syncdesk.ui.main_window.MainWindow`, built and remembered."""

    # made by the window (MainWindow.__init__ and its _build_actions)
    runner: TaskRunner
    errors_page: ErrorsView
    views: list[WorkspaceView]
    open_action: QAction
    demo_action: QAction
    reset_demo_action: QAction
    settings_action: QAction
    quit_action: QAction
    sync_action: QAction
    preview_action: QAction
    full_sync_action: QAction
    refresh_action: QAction
    shortcuts_action: QAction
    using_action: QAction
    about_action: QAction

    @property
    def all_views(self) -> list[WorkspaceView]:
        """Every page, in sidebar order (Sync Errors first)."""
        return [self.errors_page, *self.views]

    # == building ===========================================================================

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        tip: str,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        seq = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        action.setShortcut(seq)
        keys = seq.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(
            QCoreApplication.translate("MainWindow", "{tip} ({keys})").format(tip=tip, keys=keys)
            if keys
            else tip
        )
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        page = self.errors_page
        bar = self.menuBar()
        file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(QCoreApplication.translate("MainWindow", "Open &Recent"), self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addAction(self.reset_demo_action)
        file_menu.addSeparator()
        file_menu.addAction(page.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        sync_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Sync"))
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.full_sync_action)
        sync_menu.addAction(self.preview_action)
        sync_menu.addSeparator()
        sync_menu.addAction(page.sync_now_action)

        errors_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Errors"))
        for action in page.menu_actions():
            if action is None:
                errors_menu.addSeparator()
            else:
                errors_menu.addAction(action)

        self.view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        self.view_menu.addAction(page.show_log_action)
        self.view_menu.addAction(self.refresh_action)
        # the shown page's table's columns (filled as it opens)
        self.columns_menu = self.view_menu.addMenu(
            QCoreApplication.translate("MainWindow", "&Columns")
        )
        self.view_menu.addSeparator()  # the pages follow (see _build_central)

        # the shown page's own commands (Jobs: clean-up, Job Queue: Run Now, ...)
        self.page_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Page"))

        help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        help_menu.addAction(self.using_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        page = self.errors_page
        bar = QToolBar(QCoreApplication.translate("MainWindow", "Main"), self)
        bar.setObjectName("MainToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.sync_action)
        bar.addAction(page.sync_now_action)
        bar.addSeparator()
        bar.addAction(page.error_actions["retry"])
        bar.addAction(page.synchronize_action)
        for name in ("use-left", "use-right", "restore", "delete", "remove-coupling"):
            bar.addAction(page.error_actions[name])
        bar.addSeparator()
        bar.addAction(self.refresh_action)
        self.addToolBar(bar)
        self.toolbar = bar
        self.toggle_toolbar_action = bar.toggleViewAction()

    def _build_central(self) -> None:
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)
        self.empty_page = EmptyPage()
        self.empty_open_button = self.empty_page.open_button
        self.empty_demo_button = self.empty_page.demo_button
        self.empty_recent = self.empty_page.recent_label
        self.opening_page = OpeningPage()
        self.opening_label = self.opening_page.label
        self.workspace_page = self._build_workspace_page()
        for page in (self.empty_page, self.opening_page, self.workspace_page):
            self.pages.addWidget(page)

    def _build_workspace_page(self) -> QWidget:
        self.view_stack = QStackedWidget()
        self.nav = Sidebar()
        for number, view in enumerate(self.all_views, start=1):
            self.view_stack.addWidget(view)
            title = view.display_title()
            self.nav.addItem(QListWidgetItem(title))
            keys = QKeySequence(view.shortcut or f"Ctrl+{number}")
            tip = (
                QCoreApplication.translate("MainWindow", "Show the sync errors")
                if view is self.errors_page
                else QCoreApplication.translate("MainWindow", "Show the {page} page").format(
                    page=title
                )
            )
            self.view_menu.addAction(
                self._action(
                    QCoreApplication.translate("MainWindow", "Show {page}").format(page=title),
                    keys,
                    tip,
                    functools.partial(self.nav.setCurrentRow, number - 1),
                )
            )
        self.nav.setCurrentRow(0)
        self.errors_page.set_current(True)
        self.nav.fit_width()
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.view_stack, 1)
        return page

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.job_status = JobStatus(self.runner)
        bar.addPermanentWidget(self.job_status, 3)  # the job's words before the path's
        # "Next queue run 14:05", from the Job Queue page (syncdesk.ui.queue_view)
        self.queue_label = QLabel()
        self.queue_label.setObjectName("QueueLabel")
        self.queue_label.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "When the job queue runs its next entry by itself"
            )
        )
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("WorkspaceLabel")
        self.workspace_label.setTextFormat(Qt.TextFormat.PlainText)
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the path may be long: the label takes what is left, never pushing the job off
        self.workspace_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.workspace_label.setMinimumWidth(60)
        bar.addPermanentWidget(self.queue_label)
        bar.addPermanentWidget(separator)
        bar.addPermanentWidget(self.workspace_label, 1)

    # == settings ===========================================================================

    def _read_settings(self) -> None:
        s = settings()
        s.beginGroup("MainWindow")
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._fit_screen(first=not (isinstance(geometry, QByteArray) and not geometry.isEmpty()))
        state = s.value("state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        values: dict[str, Any] = {
            key: s.value(key)
            for key in ("splitter", "logSplitter", "errorHeader2")
            if isinstance(s.value(key), QByteArray)
        }
        # the log's word columns are as wide as the language's words: one layout each
        header = s.value(f"logHeader-{i18n.current_language()}")
        if isinstance(header, QByteArray):
            values["logHeader"] = header
        values["showLog"] = bool(s.value("showLog", True, type=bool))
        self.errors_page.restore_state(values)
        s.endGroup()

    def _fit_screen(self, *, first: bool) -> None:
        """A first window fits the screen's free space; a remembered one is moved and cut
        to fit it (another, smaller screen since)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(FIRST_SIZE)
            return
        available = screen.availableGeometry()
        if first:
            self.setGeometry(first_geometry(available))
            return
        rect = self.geometry()
        if available.contains(rect):
            return
        width = min(rect.width(), available.width())
        height = min(rect.height(), available.height())
        rect = QRect(rect.topLeft(), QSize(width, height))
        rect.moveLeft(max(available.left(), min(rect.left(), available.right() - width)))
        rect.moveTop(max(available.top(), min(rect.top(), available.bottom() - height)))
        self.setGeometry(rect)

    def _write_settings(self) -> None:
        s = settings()
        s.beginGroup("MainWindow")
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        values = self.errors_page.save_state()
        for key in ("splitter", "logSplitter", "errorHeader2", "showLog"):
            s.setValue(key, values[key])
        s.setValue(f"logHeader-{i18n.current_language()}", values["logHeader"])
        s.endGroup()
        s.sync()
