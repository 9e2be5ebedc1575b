"""The main window: the open sync errors of one workspace, what happened to each record,
and the actions that resolve them.

Layout only and wiring: every engine call runs in a worker (:mod:`syncdesk.ui.tasks` via
:class:`~syncdesk.ui.worker.TaskRunner`); the window shows the frozen rows that come back.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from syncdesk import __version__
from syncdesk.sync.actions import APPLIES, ActionResult
from syncdesk.sync.engine import JobResult, Progress
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ERROR_KINDS, ErrorFilter, ErrorRow, LogRow, state_stamp
from syncdesk.ui import i18n, tasks
from syncdesk.ui.conflict_dialog import ConflictDialog
from syncdesk.ui.i18n import TranslationContext, fmt_int, settings
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import (
    KIND_COLORS,
    ChangesModel,
    ElideMiddleDelegate,
    ErrorColumn,
    ErrorTableModel,
    LogColumn,
    LogTableModel,
    kind_text,
    size_log_columns,
)
from syncdesk.ui.pages import VIEW_CLASSES
from syncdesk.ui.password_dialog import PasswordDialog
from syncdesk.ui.queue_view import QueueRun, QueueView
from syncdesk.ui.settings_dialog import SettingsDialog
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskHandle, TaskRunner
from syncdesk.workspace import Side

log = logging.getLogger(__name__)

#: how many workspaces File > Open Recent remembers
RECENT_LIMIT = 8
#: how long the search field waits for more typing before it queries again (ms)
SEARCH_DELAY_MS = 250
#: how often the window looks whether others (another window, a worker) changed the shared
#: state; SYNCDESK_WATCH_MS overrides (the tests set it long, and short where they watch)
WATCH_MS = int(os.environ.get("SYNCDESK_WATCH_MS", "3000"))
DEMO_RECORDS = 200
#: the summary bar's order: conflicts first, failed writes last
SUMMARY_ORDER = ("conflict", "deleted-right", "deleted-left", "failed")
#: a refresh (after an action or a job) reads again as many rows as were read, up to this
#: many, so the scroll position and the selection survive; beyond, it starts from the top
REFRESH_KEEP_ROWS = 2000
#: while a job runs, the record log of the selected record is read again this often (ms)
LIVE_LOG_MS = 1000
#: an action's problems are listed one per line, up to this many
PROBLEM_LINES = 20


def recent_workspaces() -> list[str]:
    value = settings().value("workspaces/recent", [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return []


def remember_workspace(path: Path) -> None:
    text = str(path)
    items = [text, *[p for p in recent_workspaces() if p != text]][:RECENT_LIMIT]
    settings().setValue("workspaces/recent", items)


def demo_folder() -> Path:
    return Path(user_data_dir("syncdesk", appauthor=False)) / "demo"


def short_key(key: str | None, width: int = 14) -> str:
    if not key:
        return "—"
    return key if len(key) <= width else key[: width - 1] + "…"


#: what a job is doing, by the engine's phase code (translated where shown)
JOB_PHASES = {
    "scan": QT_TRANSLATE_NOOP("MainWindow", "reading keys"),
    "pairs": QT_TRANSLATE_NOOP("MainWindow", "comparing coupled records"),
    "new": QT_TRANSLATE_NOOP("MainWindow", "new records"),
    "done": QT_TRANSLATE_NOOP("MainWindow", "finishing"),
}


@dataclass(frozen=True)
class ErrorAction:
    """How one action on sync errors appears: its menu text, shortcut and words (translated)."""

    action: str
    text: str
    shortcut: str
    tip: str
    done: str  # "restored", for "2 sync errors restored"


class MainWindow(QMainWindow):
    """SyncDesk's window on one workspace."""

    workspaceOpened = Signal(str)
    """A workspace file (its path) is open and its sync errors are being loaded."""
    workspaceFailed = Signal(str)
    """A workspace could not be opened (the one-line message)."""
    errorsRefreshed = Signal()
    """The error table and summary show a fresh query."""
    recordLogLoaded = Signal()
    """The record log panel shows the log of the selected error's record."""
    jobEnded = Signal(object)
    """A synchronization ended: the list of ``JobResult`` (empty if it could not run)."""
    actionEnded = Signal(object)
    """An action on sync errors ended: its ``ActionResult`` (``None`` if it was refused)."""
    errorsExported = Signal(object)
    """An export ended: its ``tasks.ExportResult`` (``None`` if it failed)."""
    changedElsewhere = Signal()
    """Someone else changed the shared state (found in a regular look); the page is re-read."""
    languageChangeRequested = Signal(str)
    """The user chose another language (its code) in the settings: build the window again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        i18n.ensure_installed()
        self.runner = TaskRunner(self)
        self.integration: Integration | None = None
        self.workspace_path: Path | None = None
        self._titles: dict[str, str] = {"left": "Left", "right": "Right"}
        self._totals: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the errors matching the filter shown, per kind (for actions on all of them)
        self._matching: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the filter and order of the rows shown (the next page must match them)
        self._shown_query: tuple[ErrorFilter, str, bool] = (ErrorFilter(), "id", False)
        self._acting = False
        self._exporting = False
        self._closed = False
        #: the record whose log is asked for, and the one the log panel shows
        self._log_for: tuple[str, Side, str] | None = None
        self._log_shown: tuple[str, Side, str] | None = None
        self._log_handle: TaskHandle | None = None
        self._log_followed = 0.0
        self._job_phase = ""
        #: the Synchronize dialog while it is open
        self.conflict_dialog: ConflictDialog | None = None
        #: the settings dialog last opened
        self.settings_dialog: SettingsDialog | None = None
        #: the dialog asking for a database password, while it is open
        self.password_dialog: PasswordDialog | None = None

        self.errors_model = ErrorTableModel(self)
        self.log_model = LogTableModel(self)
        self.changes_model = ChangesModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._live_log_timer = QTimer(self)
        self._live_log_timer.setInterval(LIVE_LOG_MS)
        #: looks every few seconds whether others changed the state (see _on_watch)
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_MS)
        self._stamp: tuple[object, ...] | None = None
        self._watching = False

        self.setWindowTitle("SyncDesk")
        self.setObjectName("MainWindow")
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._connect_signals()
        self._read_settings()
        self._show_empty()
        self._update_actions()

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
        action.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            self.tr("&Open Workspace…"),
            QKeySequence.StandardKey.Open,
            self.tr("Open a workspace file (syncdesk.toml)"),
            self._on_open_requested,
        )
        self.demo_action = self._action(
            self.tr("Open &Demo Workspace"),
            "Ctrl+Shift+D",
            self.tr("Open a demo workspace with every kind of sync error (written on first use)"),
            self.open_demo,
        )
        self.settings_action = self._action(
            self.tr("&Settings…"),
            QKeySequence.StandardKey.Preferences
            if not QKeySequence(QKeySequence.StandardKey.Preferences).isEmpty()
            else "Ctrl+,",
            self.tr("The window's language and its light or dark appearance"),
            self._on_settings,
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(
            self.tr("&Quit"), "Ctrl+Q", self.tr("Close SyncDesk"), self.close
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.sync_action = self._action(
            self.tr("Synchronize &Modified Records"),
            "F9",
            self.tr("Run a job for every mapping on the records modified since the last job"),
            self._on_sync_modified,
        )
        # the toolbar's short words: a context of their own ("Remove Coupling" is shorter there)
        self.sync_action.setIconText(QCoreApplication.translate("MainToolbar", "Sync Modified"))
        self.full_sync_action = self._action(
            self.tr("Run &Full Synchronization…"),
            "Shift+F9",
            self.tr("Compare every record of every mapping in both apps"),
            self._on_sync_full,
        )
        self.sync_now_action = self._action(
            self.tr("Synchronize &Now"),
            "Ctrl+F9",
            self.tr("Synchronize the records of the selected sync errors now"),
            self._on_sync_now,
        )

        self.error_specs = {
            "retry": ErrorAction(
                "retry",
                self.tr("&Retry"),
                "Ctrl+R",
                self.tr("Include the selected records in the next job again"),
                self.tr("retried"),
            ),
            "use-left": ErrorAction(
                "use-left",
                self.tr("Use &Left Version"),
                "Ctrl+Shift+L",
                self.tr("Resolve the selected conflicts with the left app's values, in both apps"),
                self.tr("resolved"),
            ),
            "use-right": ErrorAction(
                "use-right",
                self.tr("Use R&ight Version"),
                "Ctrl+Shift+R",
                self.tr("Resolve the selected conflicts with the right app's values, in both apps"),
                self.tr("resolved"),
            ),
            "restore": ErrorAction(
                "restore",
                self.tr("Re&store Records"),
                "Ctrl+Shift+T",
                self.tr(
                    "Re-create the selected deleted records from the other app and couple them"
                ),
                self.tr("restored"),
            ),
            "delete": ErrorAction(
                "delete",
                self.tr("&Delete Records…"),
                "Shift+Del",
                self.tr(
                    "Delete the selected records in the app where they still exist, and uncouple"
                ),
                self.tr("deleted"),
            ),
            "remove-coupling": ErrorAction(
                "remove-coupling",
                self.tr("Remove &Coupling…"),
                "Ctrl+U",
                self.tr("Uncouple the selected records; neither syncs again until coupled again"),
                self.tr("uncoupled"),
            ),
        }
        self.error_actions: dict[str, QAction] = {}
        for name, spec in self.error_specs.items():
            act = self._action(spec.text, spec.shortcut, spec.tip, partial(self._on_resolve, name))
            self.error_actions[name] = act
        self.error_actions["restore"].setIconText(
            QCoreApplication.translate("MainToolbar", "Restore")
        )
        self.error_actions["delete"].setIconText(
            QCoreApplication.translate("MainToolbar", "Delete")
        )
        self.error_actions["remove-coupling"].setIconText(
            QCoreApplication.translate("MainToolbar", "Remove Coupling")
        )
        self.synchronize_action = self._action(
            self.tr("S&ynchronize…"),
            "Ctrl+Shift+Y",
            self.tr("Compare the selected conflicts side by side and choose a value per field"),
            self._on_synchronize,
        )

        self.refresh_action = self._action(
            self.tr("Re&fresh"),
            QKeySequence.StandardKey.Refresh,
            self.tr("Read what the page shows again"),
            self._on_refresh_page,
        )
        self.export_action = self._action(
            self.tr("&Export Errors to CSV…"),
            "Ctrl+E",
            self.tr("Write every sync error matching the filter to a CSV file (opens in Excel)"),
            self._on_export_requested,
        )
        self.all_matching_action = QAction(self.tr("Apply to &All Matching Errors"), self)
        self.all_matching_action.setCheckable(True)
        self.all_matching_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.all_matching_action.setStatusTip(
            self.tr(
                "Let the actions apply to every sync error matching the filter, not only the "
                "selected ones"
            )
        )
        self.all_matching_action.setToolTip(
            self.tr("Apply the actions to every sync error matching the filter (Ctrl+Shift+A)")
        )
        self.addAction(self.all_matching_action)
        self.show_log_action = QAction(self.tr("Record &Log"), self)
        self.show_log_action.setCheckable(True)
        self.show_log_action.setChecked(True)
        self.show_log_action.setShortcut(QKeySequence("Ctrl+L"))
        self.show_log_action.setToolTip(self.tr("Show or hide the record log panel (Ctrl+L)"))
        self.addAction(self.show_log_action)
        self.about_action = self._action(
            self.tr("&About SyncDesk"), "Ctrl+F1", self.tr("Which SyncDesk this is"), self._on_about
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        sync_menu = bar.addMenu(self.tr("&Sync"))
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.full_sync_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.sync_now_action)

        errors_menu = bar.addMenu(self.tr("&Errors"))
        errors_menu.addAction(self.error_actions["retry"])
        errors_menu.addAction(self.synchronize_action)
        errors_menu.addAction(self.error_actions["use-left"])
        errors_menu.addAction(self.error_actions["use-right"])
        errors_menu.addAction(self.error_actions["restore"])
        errors_menu.addSeparator()
        errors_menu.addAction(self.error_actions["delete"])
        errors_menu.addAction(self.error_actions["remove-coupling"])
        errors_menu.addSeparator()
        errors_menu.addAction(self.all_matching_action)

        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.addAction(self.show_log_action)
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()  # the pages follow (see _build_workspace_page)

        # the shown page's own commands (Jobs: clean-up, Job Queue: Run Now, ...)
        self.page_menu = bar.addMenu(self.tr("&Page"))

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"), self)
        bar.setObjectName("MainToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.sync_action)
        bar.addAction(self.sync_now_action)
        bar.addSeparator()
        bar.addAction(self.error_actions["retry"])
        bar.addAction(self.synchronize_action)
        for name in ("use-left", "use-right", "restore", "delete", "remove-coupling"):
            bar.addAction(self.error_actions[name])
        bar.addSeparator()
        bar.addAction(self.refresh_action)
        self.addToolBar(bar)
        self.toolbar = bar
        self.toggle_toolbar_action = bar.toggleViewAction()

    def _build_central(self) -> None:
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)
        self.empty_page = self._build_empty_page()
        self.opening_page = self._build_opening_page()
        self.workspace_page = self._build_workspace_page()
        for page in (self.empty_page, self.opening_page, self.workspace_page):
            self.pages.addWidget(page)

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.addStretch(2)
        title = QLabel(self.tr("No workspace open"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr(
                "Open a workspace file (<i>syncdesk.toml</i>) to see the status of its "
                "synchronization jobs and resolve its sync errors,<br>or look around in a demo "
                "workspace first."
            )
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.empty_open_button = QPushButton(self.tr("Open Workspace…"))
        self.empty_open_button.setDefault(True)
        self.empty_demo_button = QPushButton(self.tr("Open Demo Workspace"))
        buttons.addWidget(self.empty_open_button)
        buttons.addWidget(self.empty_demo_button)
        buttons.addStretch(1)
        self.empty_recent = QLabel()
        self.empty_recent.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_recent.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(title)
        outer.addSpacing(8)
        outer.addWidget(text)
        outer.addSpacing(16)
        outer.addLayout(buttons)
        outer.addSpacing(16)
        outer.addWidget(self.empty_recent)
        outer.addStretch(3)
        return page

    def _build_opening_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.opening_label = QLabel(self.tr("Opening…"))
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        busy = QProgressBar()
        busy.setRange(0, 0)
        busy.setMaximumWidth(320)
        busy.setTextVisible(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(busy)
        row.addStretch(1)
        layout.addWidget(self.opening_label)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _build_workspace_page(self) -> QWidget:
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_errors_panel())
        self.log_panel = self._build_log_panel()
        self.splitter.addWidget(self.log_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # the sidebar: Sync Errors first, then the registered views (syncdesk.ui.views)
        self.views: list[WorkspaceView] = [cls(self.runner, self) for cls in VIEW_CLASSES]
        self.view_stack = QStackedWidget()
        self.view_stack.addWidget(self.splitter)
        self.nav = QListWidget()
        self.nav.setObjectName("Sidebar")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setSpacing(3)
        errors_title = QCoreApplication.translate("Pages", "Sync Errors")
        self.nav.addItem(errors_title)
        self.view_menu.addAction(
            self._action(
                self.tr("Show {page}").format(page=errors_title),
                QKeySequence("Ctrl+1"),
                self.tr("Show the sync errors"),
                functools.partial(self.nav.setCurrentRow, 0),
            )
        )
        for number, view in enumerate(self.views, start=2):
            self.view_stack.addWidget(view)
            title = view.display_title()
            self.nav.addItem(title)
            keys = QKeySequence(view.shortcut or f"Ctrl+{number}")
            self.view_menu.addAction(
                self._action(
                    self.tr("Show {page}").format(page=title),
                    keys,
                    self.tr("Show the {page} page").format(page=title),
                    functools.partial(self.nav.setCurrentRow, number - 1),
                )
            )
        self.nav.setCurrentRow(0)
        # as wide as its longest title, no wider: the page takes the rest
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 24)
        self.nav.setVisible(bool(self.views))
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.view_stack, 1)
        return page

    def show_view(self, index: int) -> None:
        """Show sidebar page ``index`` (0: the sync errors)."""
        self.view_stack.setCurrentIndex(index)
        if index > 0:
            self.views[index - 1].refresh()
        self._fill_page_menu()
        self._update_actions()

    def current_view(self) -> WorkspaceView | None:
        """The sidebar page shown, or None on the sync errors."""
        index = self.view_stack.currentIndex()
        return self.views[index - 1] if index > 0 else None

    def _fill_page_menu(self) -> None:
        """The Page menu lists the shown page's commands (their keys work only there)."""
        self.page_menu.clear()
        view = self.current_view()
        actions = view.page_actions() if view is not None else []
        for action in actions:
            self.page_menu.addAction(action)
        self.page_menu.setEnabled(bool(actions))

    @Slot()
    def _on_watch(self) -> None:
        """Look (in a worker) whether the shared state changed since the last look."""
        integration = self.integration
        if integration is None or self._watching or self.runner.current_write is not None:
            return  # a job of this window runs: it refreshes when it ends
        self._watching = True
        self.runner.submit(
            Task(
                self.tr("Looking for changes"),
                lambda _ctx: state_stamp(integration.state),
                channel="watch",
                on_done=self._on_stamp,
                on_failed=self._on_stamp_failed,
            )
        )

    def _on_stamp(self, value: object) -> None:
        self._watching = False
        assert isinstance(value, tuple)
        known, self._stamp = self._stamp, value
        if known is None or known == value or self.integration is None:
            return
        self.refresh()
        view = self.current_view()
        if view is not None:
            view.refresh()
        self.statusBar().showMessage(self.tr("Updated with changes made elsewhere"), 5000)
        self.changedElsewhere.emit()

    def _on_stamp_failed(self, message: str) -> None:
        self._watching = False  # the next look tries again; a lost server shows elsewhere
        log.info("looking for changes failed: %s", message)

    @Slot()
    def _on_refresh_page(self) -> None:
        view = self.current_view()
        if view is None:
            self.refresh()
        else:
            view.refresh()

    @Slot()
    def _on_settings(self) -> None:
        dialog = SettingsDialog(self, busy=not self.runner.is_idle())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.languageChanged.connect(self.languageChangeRequested)
        self.settings_dialog = dialog
        dialog.open()

    def _on_view_changed_state(self) -> None:
        """A view ran a job or changed entries: the sync errors may have changed too."""
        if self.integration is not None:
            self.refresh()

    def _build_errors_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("SummaryLabel")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        # the summary, and at the right how many errors the table shows
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.mapping_combo = QComboBox()
        self.mapping_combo.setAccessibleName(self.tr("Mapping"))
        self.mapping_combo.setToolTip(self.tr("Show the sync errors of one mapping"))
        self.mapping_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Kind of sync error"))
        self.kind_combo.setToolTip(self.tr("Show one kind of sync error"))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.mapping_combo, self.kind_combo):
            # as wide as the longest entry, also when longer texts (Dutch) fill the row
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Search the sync errors"))
        self.search_edit.setPlaceholderText(self.tr("Search keys, mappings and messages…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            self.tr("Show the sync errors whose key, mapping or message holds this")
        )
        self.search_edit.setMinimumWidth(200)
        self.showing_label = QLabel()
        self.showing_label.setObjectName("ShowingLabel")
        self.showing_label.setEnabled(False)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("ReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Why (optional)…"))
        self.reason_edit.setAccessibleName(self.tr("Reason for the next action"))
        self.reason_edit.setToolTip(
            self.tr(
                "Why you act: kept in the record log with your name beside the next action "
                "on sync errors (then cleared)"
            )
        )
        self.reason_edit.setClearButtonEnabled(True)
        self.reason_edit.setMinimumWidth(130)
        self.all_matching_check = QCheckBox(self.tr("Apply to all matching errors"))
        self.all_matching_check.setObjectName("AllMatchingCheck")
        self.all_matching_check.setToolTip(
            self.tr(
                "Retry, Restore, Delete and the other actions apply to every sync error "
                "matching the filter, not only the selected ones; you confirm the count first"
            )
        )
        filters.addWidget(self.mapping_combo)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(self.all_matching_check)
        filters.addSpacing(8)
        filters.addWidget(self.reason_edit)
        top.addWidget(self.showing_label)
        layout.addLayout(filters)

        self.error_view = QTableView()
        self.error_view.setAccessibleName(self.tr("Sync errors"))
        self.error_view.setObjectName("ErrorTable")
        self.error_view.setModel(self.errors_model)
        self.error_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.error_view.setAlternatingRowColors(True)
        self.error_view.setWordWrap(False)
        self.error_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._key_delegate = ElideMiddleDelegate(self.error_view)
        self.error_view.setItemDelegateForColumn(ErrorColumn.LEFT, self._key_delegate)
        self.error_view.setItemDelegateForColumn(ErrorColumn.RIGHT, self._key_delegate)
        self.error_view.verticalHeader().hide()
        self.error_view.verticalHeader().setDefaultSectionSize(
            self.error_view.fontMetrics().height() + 10
        )
        self.error_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.error_view.horizontalHeader()
        header.setObjectName("ErrorHeader")
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        widths = {
            ErrorColumn.MAPPING: 90,
            ErrorColumn.KIND: 228,
            ErrorColumn.LEFT: 105,
            ErrorColumn.RIGHT: 140,
            ErrorColumn.FIRST_SEEN: 128,
            ErrorColumn.LAST_ATTEMPT: 128,
            ErrorColumn.ATTEMPTS: 72,
        }
        for col, width in widths.items():
            self.error_view.setColumnWidth(col, width)
        header.setSectionResizeMode(ErrorColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.error_view.setSortingEnabled(True)
        header.setSortIndicator(ErrorColumn.FIRST_SEEN, Qt.SortOrder.AscendingOrder)

        self.errors_placeholder = QLabel()
        self.errors_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.errors_placeholder.setWordWrap(True)
        self.errors_placeholder.setEnabled(False)
        self.errors_stack = QStackedWidget()
        self.errors_stack.addWidget(self.error_view)
        self.errors_stack.addWidget(self.errors_placeholder)
        layout.addWidget(self.errors_stack, 1)
        return panel

    def _build_log_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        self.log_title = QLabel(self.tr("Record log"))
        self.log_title.setObjectName("LogTitle")
        font = self.log_title.font()
        font.setBold(True)
        self.log_title.setFont(font)
        self.log_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_title)

        self.log_view = QTableView()
        self.log_view.setAccessibleName(self.tr("Record log"))
        self.log_view.setObjectName("LogTable")
        self.log_view.setModel(self.log_model)
        self.log_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.log_view.setAlternatingRowColors(True)
        self.log_view.setWordWrap(False)
        self.log_view.verticalHeader().hide()
        self.log_view.verticalHeader().setDefaultSectionSize(
            self.log_view.fontMetrics().height() + 8
        )
        log_header = self.log_view.horizontalHeader()
        log_header.setObjectName("LogHeader")
        size_log_columns(self.log_view)
        log_header.setMinimumSectionSize(40)
        self.log_placeholder = QLabel(self.tr("Select a sync error to see the log of its record."))
        self.log_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.log_placeholder.setEnabled(False)
        self.log_stack = QStackedWidget()
        self.log_stack.addWidget(self.log_view)
        self.log_stack.addWidget(self.log_placeholder)

        changes = QWidget()
        changes_layout = QVBoxLayout(changes)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.setSpacing(2)
        self.changes_title = QLabel(self.tr("Field changes"))
        self.changes_view = QTableView()
        self.changes_view.setAccessibleName(self.tr("Field changes of the log entry"))
        self.changes_view.setObjectName("ChangesTable")
        self.changes_view.setModel(self.changes_model)
        self.changes_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes_view.setAlternatingRowColors(True)
        self.changes_view.setWordWrap(False)
        self.changes_view.verticalHeader().hide()
        self.changes_view.verticalHeader().setDefaultSectionSize(
            self.changes_view.fontMetrics().height() + 8
        )
        changes_header = self.changes_view.horizontalHeader()
        changes_header.setHighlightSections(False)
        changes_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.changes_placeholder = QLabel(self.tr("No field changes in this entry."))
        self.changes_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.changes_placeholder.setWordWrap(True)
        self.changes_placeholder.setEnabled(False)
        self.changes_stack = QStackedWidget()
        self.changes_stack.addWidget(self.changes_view)
        self.changes_stack.addWidget(self.changes_placeholder)
        changes_layout.addWidget(self.changes_title)
        changes_layout.addWidget(self.changes_stack, 1)

        self.log_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.log_splitter.setObjectName("LogSplitter")
        self.log_splitter.setChildrenCollapsible(False)
        self.log_splitter.addWidget(self.log_stack)
        self.log_splitter.addWidget(changes)
        self.log_splitter.setStretchFactor(0, 3)
        self.log_splitter.setStretchFactor(1, 1)
        self.log_splitter.setSizes([880, 380])
        layout.addWidget(self.log_splitter, 1)
        return panel

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.job_box = QWidget()
        job_layout = QHBoxLayout(self.job_box)
        job_layout.setContentsMargins(0, 0, 0, 0)
        job_layout.setSpacing(6)
        self.job_label = QLabel()
        self.job_progress = QProgressBar()
        self.job_progress.setFixedWidth(180)
        self.job_progress.setTextVisible(True)
        self.job_progress.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the running job after the batch it is in"))
        job_layout.addWidget(self.job_label)
        job_layout.addWidget(self.job_progress)
        job_layout.addWidget(self.cancel_button)
        self.job_queued_label = QLabel()  # "· 2 queued": writing tasks waiting their turn
        self.job_queued_label.setObjectName("JobQueuedLabel")
        job_layout.addWidget(self.job_queued_label)
        self.job_box.hide()
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("WorkspaceLabel")
        self.workspace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addPermanentWidget(self.job_box)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        # "Next queue run 14:05", from the Job Queue page (syncdesk.ui.queue_view)
        self.queue_label = QLabel()
        self.queue_label.setObjectName("QueueLabel")
        self.queue_label.setToolTip(self.tr("When the job queue runs its next entry by itself"))
        bar.addPermanentWidget(self.queue_label)
        bar.addPermanentWidget(separator)
        bar.addPermanentWidget(self.workspace_label)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.show_view)
        self.page_menu.aboutToShow.connect(self._fill_page_menu)
        self.watch_timer.timeout.connect(self._on_watch)
        for view in self.views:
            view.changed.connect(self._on_view_changed_state)
        #: the Job Queue page: it runs due entries by itself and reports here
        self.queue_view = next((v for v in self.views if isinstance(v, QueueView)), None)
        if self.queue_view is not None:
            self.queue_view.jobProgress.connect(self._on_job_progress)
            self.queue_view.queueRan.connect(self._on_queue_ran)
            self.queue_view.nextRunChanged.connect(self.queue_label.setText)
            self.queue_view.statusMessage.connect(partial(self.statusBar().showMessage))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.empty_open_button.clicked.connect(self._on_open_requested)
        self.empty_demo_button.clicked.connect(self.open_demo)
        self.empty_recent.linkActivated.connect(self._on_recent_link)
        self.show_log_action.toggled.connect(self.log_panel.setVisible)
        self.summary_label.linkActivated.connect(self._on_summary_link)
        self.mapping_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._on_filter_changed)
        self._search_timer.timeout.connect(self._on_filter_changed)
        self.errors_model.sortRequested.connect(self._on_sort_requested)
        self.errors_model.pageRequested.connect(self._on_page_requested)
        self.all_matching_check.toggled.connect(self.all_matching_action.setChecked)
        self.all_matching_action.toggled.connect(self.all_matching_check.setChecked)
        self.all_matching_action.toggled.connect(self._on_all_matching_toggled)
        self._live_log_timer.timeout.connect(self._follow_record_log)
        self.error_view.selectionModel().selectionChanged.connect(self._on_error_selection)
        self.error_view.customContextMenuRequested.connect(self._on_error_context_menu)
        self.error_view.doubleClicked.connect(self._on_error_double_clicked)
        self.log_view.selectionModel().selectionChanged.connect(self._on_log_selection)
        self.cancel_button.clicked.connect(self._on_cancel_job)
        self.runner.writeStarted.connect(self._on_write_started)
        self.runner.writeEnded.connect(self._on_write_ended)

    # == settings ===========================================================================

    def _read_settings(self) -> None:
        s = settings()
        s.beginGroup("MainWindow")
        geometry = s.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.splitter.setSizes([470, 290])
        for key, restore in (
            ("state", self.restoreState),
            ("splitter", self.splitter.restoreState),
            ("logSplitter", self.log_splitter.restoreState),
            # the log's word columns are as wide as the language's words: one layout each
            (f"logHeader-{i18n.current_language()}", self.log_view.horizontalHeader().restoreState),
            # column widths, order and the sort (the model follows the sort indicator)
            ("errorHeader", self.error_view.horizontalHeader().restoreState),
        ):
            value = s.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)
        self.show_log_action.setChecked(bool(s.value("showLog", True, type=bool)))
        s.endGroup()

    def _write_settings(self) -> None:
        s = settings()
        s.beginGroup("MainWindow")
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.setValue("logSplitter", self.log_splitter.saveState())
        s.setValue(
            f"logHeader-{i18n.current_language()}", self.log_view.horizontalHeader().saveState()
        )
        s.setValue("errorHeader", self.error_view.horizontalHeader().saveState())
        s.setValue("showLog", self.show_log_action.isChecked())
        s.endGroup()
        s.sync()

    # == opening a workspace ================================================================

    def open_workspace(self, path: str | Path) -> None:
        """Open the workspace file ``path`` (in a worker); the current one closes first."""
        target = Path(path).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        self._begin_open(target.name, target, partial(tasks.open_workspace, target))

    def open_demo(self, folder: Path | None = None) -> None:
        """Open the demo workspace, writing it under the user's data folder on first use."""
        where = folder or demo_folder()
        self._begin_open(
            self.tr("the demo workspace"),
            where / "syncdesk.toml",
            partial(tasks.open_demo, where, DEMO_RECORDS),
        )

    def _begin_open(self, label: str, path: Path, fn: Callable[[Any], object]) -> None:
        if self._closed:
            return
        self._close_workspace()
        self.opening_label.setText(self.tr("Opening {name}…").format(name=html.escape(label)))
        self.pages.setCurrentWidget(self.opening_page)
        self.runner.submit(
            Task(
                self.tr("Open {name}").format(name=label),
                fn,
                channel="open",
                on_done=self._on_opened,
                on_failed=partial(self._on_open_failed, path),
                on_dropped=self._dispose_integration,
            )
        )

    @staticmethod
    def _dispose_integration(value: object) -> None:
        if isinstance(value, Integration):
            value.close()

    def _close_workspace(self) -> None:
        self.runner.stop_all()
        for view in self.views:
            view.close_workspace()
        if self.integration is not None:
            self.integration.close()
        self.integration = None
        self.workspace_path = None
        self._acting = False
        self._exporting = False
        self._log_for = None
        self._log_shown = None
        self._log_handle = None
        self._live_log_timer.stop()
        self.watch_timer.stop()
        self._stamp = None
        self._watching = False
        self._matching = dict.fromkeys(ERROR_KINDS, 0)
        self.all_matching_action.setChecked(False)
        self.errors_model.clear()
        self.log_model.clear()
        self.changes_model.clear()
        self.job_box.hide()
        self.setWindowTitle("SyncDesk")
        self.workspace_label.clear()
        self._update_actions()

    def _on_opened(self, value: object) -> None:
        if isinstance(value, tasks.PasswordsNeeded):
            self._ask_passwords(value)
            return
        assert isinstance(value, Integration)
        integration = value
        ws = integration.workspace
        self.integration = integration
        self.workspace_path = Path(ws.path)
        left, right = ws.apps["left"].title, ws.apps["right"].title
        self._titles = {"left": left, "right": right}
        self.errors_model.set_titles(left, right)
        self.log_model.set_titles(left, right)
        self.setWindowTitle(f"SyncDesk — {ws.name}")
        self.workspace_label.setText(f"<b>{html.escape(ws.name)}</b> — {html.escape(str(ws.path))}")
        self.workspace_label.setToolTip(str(ws.path))
        for name, side in (("use-left", left), ("use-right", right)):
            act = self.error_actions[name]
            act.setText(self.tr("Use {app} Version").format(app=side))
            act.setIconText(QCoreApplication.translate("MainToolbar", "Use {app}").format(app=side))
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = self.tr(
                "Resolve the selected conflicts with the values in {app}, in both apps"
            ).format(app=side)
            act.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys))
            act.setStatusTip(tip)
        self._fill_filters()
        self._show_log_placeholder(self.tr("Select a sync error to see the log of its record."))
        for view in self.views:
            view.open_workspace(integration)
        self.pages.setCurrentWidget(self.workspace_page)
        remember_workspace(self.workspace_path)
        self.statusBar().showMessage(self.tr("Opened {name}").format(name=ws.name), 5000)
        self._update_actions()
        self.workspaceOpened.emit(str(self.workspace_path))
        self._stamp = None
        self.watch_timer.start()
        self.refresh()

    def _ask_passwords(self, need: tasks.PasswordsNeeded) -> None:
        """The workspace needs passwords it cannot find: ask, then open again with them."""
        dialog = PasswordDialog(need.name, need.needed, self, refused=need.refused)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog

        def answered(code: int) -> None:
            self.password_dialog = None
            if code != QDialog.DialogCode.Accepted:
                self._show_empty()
                self.statusBar().showMessage(
                    self.tr("{name} was not opened: no password given").format(name=need.name),
                    10000,
                )
                return
            self._begin_open(
                need.path.name,
                need.path,
                partial(
                    tasks.open_workspace,
                    need.path,
                    passwords=dialog.passwords(),
                    save=dialog.to_save(),
                ),
            )

        dialog.finished.connect(answered)
        dialog.open()

    def _on_open_failed(self, path: Path, message: str) -> None:
        self._show_empty()
        self._message(
            QMessageBox.Icon.Critical,
            self.tr("Could not open the workspace"),
            self.tr("SyncDesk could not open the workspace {name}.").format(name=path.name),
            self.tr("{message}\n\nFile: {path}").format(message=engine_text(message), path=path),
        )
        self.workspaceFailed.emit(message)

    def _show_empty(self) -> None:
        recent = recent_workspaces()
        if recent:
            links = "<br>".join(
                f'<a href="{html.escape(p)}">{html.escape(Path(p).name)}</a>'
                f" — {html.escape(str(Path(p).parent))}"
                for p in recent[:5]
            )
            self.empty_recent.setText(
                "<b>{}</b><br>{}".format(html.escape(self.tr("Recent workspaces")), links)
            )
        else:
            self.empty_recent.clear()
        self.pages.setCurrentWidget(self.empty_page)

    def _fill_filters(self) -> None:
        assert self.integration is not None
        with QSignalBlocker(self.mapping_combo), QSignalBlocker(self.kind_combo):
            self.mapping_combo.clear()
            self.mapping_combo.addItem(self.tr("All mappings"), None)
            for m in self.integration.workspace.mappings:
                self.mapping_combo.addItem(m.name, m.name)
            self.kind_combo.clear()
            self.kind_combo.addItem(self.tr("All kinds"), None)
            for kind in ERROR_KINDS:
                label = kind_text(kind, self._titles)
                self.kind_combo.addItem(label[:1].upper() + label[1:], kind)
        with QSignalBlocker(self.search_edit):
            self.search_edit.clear()

    # == loading ============================================================================

    def current_filter(self) -> ErrorFilter:
        mapping = self.mapping_combo.currentData()
        kind = self.kind_combo.currentData()
        return ErrorFilter(
            mappings=(mapping,) if mapping else (),
            kinds=(kind,) if kind else (),
            search=self.search_edit.text().strip(),
        )

    @Slot()
    def refresh(self) -> None:
        """Query the sync errors again (in a worker), and the log of the selected record.

        The rows read so far are read again (up to ``REFRESH_KEEP_ROWS``), so the selection
        and the scroll position stay where they were.
        """
        self._query_errors(keep=True)

    def _query_errors(self, *, keep: bool) -> None:
        """Read the first page of the errors matching the filter, in the table's order.

        ``keep``: as many rows as are shown now (a refresh), not one page (a new filter or
        sort, which starts at the top). Pages of the query before are dropped from now on.
        """
        if self.integration is None or self._closed:
            return
        self._search_timer.stop()
        limit = tasks.PAGE_SIZE
        if keep and self.errors_model.rowCount() <= REFRESH_KEEP_ROWS:
            limit = max(limit, self.errors_model.rowCount())
        token = self.errors_model.start_query()
        self.runner.invalidate("error-page")
        self.runner.submit(
            Task(
                self.tr("Read sync errors"),
                partial(
                    tasks.load_errors,
                    self.integration,
                    self.current_filter(),
                    self.errors_model.sort_key,
                    self.errors_model.descending,
                    limit,
                ),
                channel="errors",
                on_done=partial(self._on_errors_loaded, token, keep),
                on_failed=partial(self._on_errors_failed, token),
            )
        )

    def _on_errors_loaded(self, token: int, keep: bool, value: object) -> None:
        assert isinstance(value, tasks.ErrorsSnapshot)
        snap = value
        selected = [r.id for r in self.selected_errors()]
        current = self.error_view.currentIndex()
        current_row = current.row() if current.isValid() else -1
        scrolled = self.error_view.verticalScrollBar().value()
        selection = self.error_view.selectionModel()
        with QSignalBlocker(selection):
            if not self.errors_model.set_first_page(token, snap.rows, snap.total):
                return  # a newer query is on its way
            rows = [r for r in (self.errors_model.row_of(i) for i in selected) if r is not None]
            if not rows and selected and snap.rows and current_row >= 0:
                # what was selected is gone (resolved): move on to the row that took its place
                rows = [min(current_row, len(snap.rows) - 1)]
            self._select_rows(rows)
        if keep:
            self.error_view.doItemsLayout()  # the scroll range of the new rows, now
            self.error_view.verticalScrollBar().setValue(scrolled)
        if rows:
            self.error_view.scrollTo(self.errors_model.index(rows[0], 0))
        self._shown_query = (snap.filter, snap.sort, snap.descending)
        self._totals = snap.totals
        self._matching = snap.matching
        self._update_summary(snap)
        self._on_error_selection()
        self.errorsRefreshed.emit()

    def _on_errors_failed(self, token: int, message: str) -> None:
        self.errors_model.page_failed(token)
        self._on_read_failed(message)

    @Slot(int)
    def _on_page_requested(self, token: int) -> None:
        """The view scrolled to the end of the rows read: read the next page (in a worker)."""
        if self.integration is None or self._closed:
            self.errors_model.page_failed(token)
            return
        flt, sort, descending = self._shown_query
        self.runner.submit(
            Task(
                self.tr("Read more sync errors"),
                partial(
                    tasks.load_error_page,
                    self.integration,
                    flt,
                    sort,
                    descending,
                    self.errors_model.last_row(),
                    tasks.PAGE_SIZE,
                ),
                channel="error-page",
                on_done=partial(self._on_page_loaded, token),
                on_failed=partial(self._on_page_failed, token),
            )
        )

    def _on_page_loaded(self, token: int, value: object) -> None:
        assert isinstance(value, list)
        rows = [r for r in value if isinstance(r, ErrorRow)]
        self.errors_model.append_page(token, rows, last=len(rows) < tasks.PAGE_SIZE)

    def _on_page_failed(self, token: int, message: str) -> None:
        self.errors_model.page_failed(token)
        self._on_read_failed(message)

    def _select_rows(self, rows: Sequence[int]) -> None:
        selection = self.error_view.selectionModel()
        last = self.errors_model.columnCount() - 1
        items = QItemSelection()
        for row in rows:
            items.select(self.errors_model.index(row, 0), self.errors_model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection.select(items, flags)
        if rows:
            selection.setCurrentIndex(
                self.errors_model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _update_summary(self, snap: tasks.ErrorsSnapshot) -> None:
        totals = snap.totals
        parts = []
        for kind in SUMMARY_ORDER:
            n = totals.get(kind, 0)
            if kind == "conflict":
                text = self.tr("%Ln conflict(s)", "", n)
            else:
                text = self.tr("{count} {kind}").format(
                    count=fmt_int(n), kind=kind_text(kind, self._titles)
                )
            if n:
                color = KIND_COLORS[kind]
                parts.append(
                    f'<a href="{kind}" style="color:{color}; text-decoration:none">'
                    f"<b>{html.escape(text)}</b></a>"
                )
            else:
                parts.append(f'<span style="color:palette(mid)">{html.escape(text)}</span>')
        self.summary_label.setText(" &nbsp;·&nbsp; ".join(parts))
        total = sum(totals.values())
        self.summary_label.setToolTip(self.tr("Click a kind to show only that kind"))
        matching = snap.total
        filtered = bool(snap.filter.mappings or snap.filter.kinds or snap.filter.search)
        if filtered:
            self.showing_label.setText(
                self.tr("{matching} of %Ln open sync error(s)", "", total).format(
                    matching=fmt_int(matching)
                )
            )
        else:
            self.showing_label.setText(self.tr("%Ln open sync error(s)", "", total))
        self.all_matching_check.setText(self.tr("Apply to all %Ln matching error(s)", "", matching))
        self.all_matching_action.setText(
            self.tr("Apply to &All %Ln Matching Error(s)", "", matching)
        )
        if snap.rows:
            self.errors_stack.setCurrentWidget(self.error_view)
        else:
            if total == 0:
                self.errors_placeholder.setText(
                    self.tr(
                        "No open sync errors: the apps are in step.\n"
                        "Synchronize Modified Records (F9) runs a job now."
                    )
                )
            else:
                self.errors_placeholder.setText(self.tr("No sync error matches the filter."))
            self.errors_stack.setCurrentWidget(self.errors_placeholder)

    def _on_read_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Could not read the sync errors: {message}").format(
                message=engine_text(message)
            )
        )

    def _load_record_log(self, row: ErrorRow | None) -> None:
        if row is None or self.integration is None:
            self._log_for = None
            self._log_shown = None
            self.runner.invalidate("log")
            self.log_model.clear()
            self.changes_model.clear()
            self._show_log_placeholder(self.tr("Select a sync error to see the log of its record."))
            return
        side: Side = "left"
        key = row.left_key
        if key is None or row.kind == "deleted-left":
            side, key = "right", row.right_key or row.left_key
        if key is None:
            return
        self._log_for = (row.mapping, side, key)
        self.log_title.setText(
            self.tr("Record log — {mapping} {left} ↔ {right}").format(
                mapping=row.mapping,
                left=short_key(row.left_key, 20),
                right=short_key(row.right_key, 20),
            )
        )
        self.log_title.setToolTip(
            f"{self._titles['left']}: {row.left_key or '—'}\n"
            f"{self._titles['right']}: {row.right_key or '—'}"
        )
        self._read_record_log()

    def _read_record_log(self) -> None:
        """Read the log of ``_log_for`` (in a worker); a newer read supersedes this one."""
        if self._log_for is None or self.integration is None:
            return
        mapping, side, key = self._log_for
        self._log_followed = time.monotonic()
        self._log_handle = self.runner.submit(
            Task(
                self.tr("Read record log"),
                partial(tasks.load_record_log, self.integration, mapping, side, key),
                channel="log",
                on_done=self._on_record_log_loaded,
                on_failed=self._on_read_failed,
            )
        )

    @Slot()
    def _follow_record_log(self) -> None:
        """While a job runs: read the selected record's log again, about once a second.

        Called by a timer and when a job's progress arrives; a read still on its way is let
        finish first, so a slow database never piles reads up.
        """
        if self._log_for is None or self._log_handle is None or not self._log_handle.ended:
            return
        if time.monotonic() - self._log_followed < 0.9 * LIVE_LOG_MS / 1000:
            return
        self._read_record_log()

    def _on_record_log_loaded(self, value: object) -> None:
        assert isinstance(value, tasks.RecordLog)
        record = (value.mapping, value.side, value.key)
        if record != self._log_for:
            return  # the selection moved on meanwhile
        if record == self._log_shown and self.log_model.rowCount() and value.rows:
            self._follow_log_rows(value.rows)
        else:
            self._log_shown = record
            selection = self.log_view.selectionModel()
            with QSignalBlocker(selection):
                self.log_model.set_rows(value.rows)
            if value.rows:
                self.log_stack.setCurrentWidget(self.log_view)
                last = len(value.rows) - 1
                self.log_view.selectRow(last)
                self.log_view.scrollToBottom()
            else:
                self._show_log_placeholder(self.tr("No log entries for this record yet."))
            self._on_log_selection()
        self.recordLogLoaded.emit()

    def _follow_log_rows(self, rows: Sequence[LogRow]) -> None:
        """The same record's log read again: new entries at the bottom, nothing else moves.

        The selected entry and the scroll position stay; if the view was scrolled to the
        bottom, it follows to the newest entry.
        """
        old = [r.id for r in self.log_model.rows()]
        new = [r.id for r in rows]
        if new == old:
            return
        bar = self.log_view.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum()
        if new[: len(old)] == old:
            self.log_model.append_rows(rows[len(old) :])
        else:
            # older entries changed too (seldom): show all again, on the same entry and spot
            picked = self.log_view.selectionModel().selectedRows()
            entry = self.log_model.row_at(picked[0].row()).id if picked else None
            scrolled = (bar.value(), self.log_view.horizontalScrollBar().value())
            with QSignalBlocker(self.log_view.selectionModel()):
                self.log_model.set_rows(rows)
            row = self.log_model.row_of(entry) if entry is not None else None
            if row is not None:
                self.log_view.selectRow(row)
            self.log_view.doItemsLayout()
            bar.setValue(scrolled[0])
            self.log_view.horizontalScrollBar().setValue(scrolled[1])
            self._on_log_selection()
        if at_bottom:
            self.log_view.scrollToBottom()

    def _show_log_placeholder(self, text: str) -> None:
        self.log_placeholder.setText(text)
        self.log_stack.setCurrentWidget(self.log_placeholder)
        self.log_title.setText(self.tr("Record log"))
        self.log_title.setToolTip("")
        self.changes_model.clear()
        self.changes_title.setText(self.tr("Field changes"))
        self.changes_placeholder.setText("")
        self.changes_stack.setCurrentWidget(self.changes_placeholder)

    # == selection ==========================================================================

    def selected_errors(self) -> list[ErrorRow]:
        rows = sorted({i.row() for i in self.error_view.selectionModel().selectedRows()})
        return [self.errors_model.row_at(r) for r in rows if r < self.errors_model.rowCount()]

    @Slot()
    def _on_error_selection(self, *_args: object) -> None:
        rows = self.selected_errors()
        self._update_actions()
        current = self.error_view.currentIndex()
        focus: ErrorRow | None = None
        if rows:
            focus = rows[0]
            if current.isValid() and any(
                r.id == self.errors_model.row_at(current.row()).id for r in rows
            ):
                focus = self.errors_model.row_at(current.row())
        self._load_record_log(focus)

    @Slot()
    def _on_log_selection(self, *_args: object) -> None:
        rows = self.log_view.selectionModel().selectedRows()
        if not rows:
            self.changes_model.clear()
            self.changes_title.setText(self.tr("Field changes"))
            self.changes_placeholder.setText(self.tr("Select a log entry to see what it changed."))
            self.changes_stack.setCurrentWidget(self.changes_placeholder)
            return
        entry = self.log_model.row_at(rows[0].row())
        self.changes_model.set_changes(entry.changes)
        # the action as the log table shows it (in the window's language)
        action = self.log_model.index(rows[0].row(), LogColumn.ACTION).data()
        self.changes_title.setText(
            self.tr("Field changes — {action}").format(
                action=action or entry.action.replace("-", " ")
            )
        )
        if entry.changes:
            self.changes_stack.setCurrentWidget(self.changes_view)
        else:
            self.changes_placeholder.setText(self.tr("This entry changed no fields."))
            self.changes_stack.setCurrentWidget(self.changes_placeholder)

    def _update_actions(self) -> None:
        open_ = self.integration is not None
        on_errors = self.current_view() is None
        rows = self.selected_errors() if open_ and on_errors else []
        kinds = {r.kind for r in rows}
        for act in (self.sync_action, self.full_sync_action, self.refresh_action):
            act.setEnabled(open_)
        self.sync_now_action.setEnabled(open_ and bool(rows))
        # on all matching errors: an action applies if it fits every kind the filter holds
        matching_kinds = {kind for kind, n in self._matching.items() if n}
        all_matching = self.all_matching_action.isChecked()
        for name, act in self.error_actions.items():
            targets = matching_kinds if all_matching else kinds
            fits = bool(targets) and targets <= set(APPLIES[name])
            act.setEnabled(open_ and on_errors and fits and not self._acting)
        can_all = open_ and on_errors and (bool(matching_kinds) or all_matching)
        self.all_matching_action.setEnabled(can_all)
        self.all_matching_check.setEnabled(can_all)
        self.export_action.setEnabled(open_ and not self._exporting)
        self.synchronize_action.setEnabled(open_ and kinds == {"conflict"} and not self._acting)
        self.mapping_combo.setEnabled(open_)
        self.reason_edit.setEnabled(open_)
        self.kind_combo.setEnabled(open_)
        self.search_edit.setEnabled(open_)

    # == filters and sorting ================================================================

    @Slot()
    def _on_filter_changed(self, *_args: object) -> None:
        self._query_errors(keep=False)

    @Slot(str, bool)
    def _on_sort_requested(self, _key: str, _descending: bool) -> None:
        self._query_errors(keep=False)

    @Slot(bool)
    def _on_all_matching_toggled(self, checked: bool) -> None:
        self._update_actions()
        if checked:
            n = sum(self._matching.values())
            self.statusBar().showMessage(
                self.tr("The actions apply to all %Ln sync error(s) matching the filter", "", n),
                5000,
            )

    @Slot(str)
    def _on_summary_link(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)

    # == synchronizing ======================================================================

    @Slot()
    def _on_sync_modified(self) -> None:
        if self.integration is None:
            return
        self._run_job(
            self.tr("Synchronize modified records"),
            partial(tasks.synchronize, self.integration, None, False),
        )

    @Slot()
    def _on_sync_full(self) -> None:
        """Run Full Synchronization…: choose a mapping (if there are several), then confirm."""
        if self.integration is None:
            return
        names = [m.name for m in self.integration.workspace.mappings]
        mapping: str | None = names[0] if len(names) == 1 else None
        if mapping is None:
            shown = self.mapping_combo.currentData()
            choice, ok = QInputDialog.getItem(
                self,
                self.tr("Run Full Synchronization"),
                self.tr("Compare every record of the mapping:"),
                names,
                names.index(shown) if shown in names else 0,
                False,
            )
            mapping = choice if ok and choice in names else None
        if mapping is not None:
            self.run_full_sync(mapping)

    def run_full_sync(self, mapping: str) -> None:
        """A full synchronization of one mapping, after a confirmation, as a manual job."""
        if self.integration is None:
            return
        left, right = self._titles["left"], self._titles["right"]
        if not self._confirm(
            self.tr("Run Full Synchronization"),
            self.tr("Run a full synchronization of {mapping}?").format(mapping=mapping),
            self.tr(
                "It compares every record of {mapping} in both apps ({left} and {right}), not "
                "only those modified since the last job. On large tables this takes a while; "
                "you can cancel it from the status bar."
            ).format(mapping=mapping, left=left, right=right),
            self.tr("Run Full Synchronization"),
            destructive=False,
        ):
            return
        self._run_job(
            self.tr("Full synchronization of {mapping}").format(mapping=mapping),
            partial(tasks.synchronize, self.integration, [mapping], True),
        )

    @Slot()
    def _on_sync_now(self) -> None:
        rows = self.selected_errors()
        if self.integration is None or not rows:
            return
        records: list[tuple[str, Side, str]] = []
        for r in rows:
            if r.left_key is not None and r.kind != "deleted-left":
                records.append((r.mapping, "left", r.left_key))
            elif r.right_key is not None:
                records.append((r.mapping, "right", r.right_key))
        label = (
            self.tr("Synchronize {mapping} {key}").format(
                mapping=rows[0].mapping, key=short_key(rows[0].left_key or rows[0].right_key)
            )
            if len(rows) == 1
            else self.tr("Synchronize %Ln record(s)", "", len(rows))
        )
        self._run_job(label, partial(tasks.synchronize_records, self.integration, records))

    def _run_job(self, label: str, fn: Callable[[Any], object]) -> None:
        self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                cancellable=True,
                on_done=partial(self._on_job_done, label),
                on_failed=partial(self._on_job_failed, label),
                on_progress=self._on_job_progress,
            )
        )
        waiting = len(self.runner.queued_writes())
        if waiting:
            self.statusBar().showMessage(
                self.tr("{task}: queued — runs when the running task ends").format(task=label)
            )
            self._show_queued()

    def _show_queued(self) -> None:
        """The running task in the status bar, and how many wait for it ("2 queued")."""
        handle = self.runner.current_write
        waiting = len(self.runner.queued_writes())
        if handle is not None:
            self.job_label.setToolTip(
                "\n".join(
                    [self.tr("Running: {task}").format(task=handle.task.name)]
                    + [
                        self.tr("Queued: {task}").format(task=h.task.name)
                        for h in self.runner.queued_writes()
                    ]
                )
            )
            self.job_queued_label.setText(self.tr("· %Ln queued", "", waiting) if waiting else "")

    @Slot(object)
    def _on_write_started(self, handle: TaskHandle) -> None:
        self._job_phase = ""
        self.job_label.setText(self.tr("{task}…").format(task=handle.task.name))
        self.job_progress.setRange(0, 0)
        self.job_progress.setFormat("")
        self.cancel_button.setVisible(handle.task.cancellable)
        self.cancel_button.setEnabled(handle.task.cancellable)
        self._show_queued()
        self.job_box.show()
        self._live_log_timer.start()  # the record log follows what the job writes

    @Slot(object)
    def _on_write_ended(self, _handle: TaskHandle) -> None:
        self._stamp = None  # this window's own change: the next look takes the new stamp
        if self.runner.current_write is None:
            self.job_box.hide()
            self._live_log_timer.stop()

    def _on_job_progress(self, value: object) -> None:
        if not isinstance(value, Progress):
            return
        phase = JOB_PHASES.get(value.phase)
        self.job_label.setText(
            self.tr("Job {job} {mapping} — {phase}").format(
                job=value.job,
                mapping=value.mapping,
                phase=QCoreApplication.translate("MainWindow", str(phase)) if phase else "",
            )
        )
        if value.total and value.phase in ("pairs", "done"):
            self.job_progress.setRange(0, max(value.total, 1))
            self.job_progress.setValue(min(value.done, value.total))
            pct = 100 * min(value.done, value.total) // max(value.total, 1)
            self.job_progress.setFormat(
                self.tr("{percent}%  {done}/{total}").format(
                    percent=pct, done=fmt_int(value.done), total=fmt_int(value.total)
                )
            )
        else:
            self.job_progress.setRange(0, 0)
            self.job_progress.setFormat(fmt_int(value.done) if value.done else "")
        self._follow_record_log()

    @Slot()
    def _on_cancel_job(self) -> None:
        handle = self.runner.current_write
        if handle is not None and handle.task.cancellable:
            handle.cancel()
            self.cancel_button.setEnabled(False)
            self.job_label.setText(
                self.tr("{task}: cancelling after this batch…").format(task=handle.task.name)
            )

    def _on_job_done(self, label: str, value: object) -> None:
        results = [r for r in value if isinstance(r, JobResult)] if isinstance(value, list) else []
        self.statusBar().showMessage(job_summary(label, results))
        failed = [r for r in results if r.status == "failed"]
        if failed:
            self._message(
                QMessageBox.Icon.Warning,
                label,
                self.tr("%Ln job(s) could not run to the end.", "", len(failed)),
                "\n".join(
                    self.tr("Job {job} ({mapping}): {message}").format(
                        job=r.job, mapping=r.mapping, message=engine_text(r.message)
                    )
                    for r in failed
                ),
            )
        self.jobEnded.emit(results)
        self.refresh()

    def _on_job_failed(self, label: str, message: str) -> None:
        self.statusBar().showMessage(self.tr("{task}: not done").format(task=label))
        self._message(
            QMessageBox.Icon.Warning,
            label,
            self.tr("{task} could not run.").format(task=label),
            engine_text(message),
        )
        self.jobEnded.emit([])
        self.refresh()

    def _on_queue_ran(self, value: object) -> None:
        """Jobs from the Job Queue page ended (by the timer or Run Now): their counts."""
        if isinstance(value, QueueRun) and (value.results or not value.scheduled):
            self.statusBar().showMessage(job_summary(value.label, value.results))

    # == actions on sync errors =============================================================

    @Slot()
    def _on_synchronize(self) -> None:
        """Synchronize…: the selected conflicts side by side, one after another."""
        rows = [r for r in self.selected_errors() if r.kind == "conflict"]
        if self.integration is None or not rows or self._acting or self.conflict_dialog:
            return
        dialog = ConflictDialog(self.runner, self.integration, rows, self)
        dialog.applied.connect(self._on_conflict_applied)
        dialog.finished.connect(self._on_conflict_dialog_finished)
        self.conflict_dialog = dialog
        dialog.open()

    def _on_conflict_applied(self, result: object) -> None:
        self.actionEnded.emit(result)
        self.refresh()

    def _on_conflict_dialog_finished(self, _code: int) -> None:
        dialog, self.conflict_dialog = self.conflict_dialog, None
        if dialog is not None:
            if dialog.resolved_count:
                self.statusBar().showMessage(
                    self.tr("Synchronize: %Ln conflict(s) resolved", "", dialog.resolved_count)
                )
            dialog.deleteLater()
        self.refresh()

    def _on_resolve(self, action: str) -> None:
        if self.all_matching_action.isChecked():
            self._resolve_matching(action)
            return
        rows = self.selected_errors()
        if self.integration is None or not rows or self._acting:
            return
        if not all(r.kind in APPLIES[action] for r in rows):
            return
        if action == "delete" and not self._confirm_delete(rows):
            return
        if action == "remove-coupling" and not self._confirm_remove_coupling(rows):
            return
        spec = self.error_specs[action]
        label = self._action_label(action)
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_errors,
                    self.integration,
                    [r.id for r in rows],
                    action,
                    {r.id: r.version for r in rows},
                    reason=self.reason(),
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, spec, label, rows),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _resolve_matching(self, action: str) -> None:
        """The action on every error matching the filter shown, after a confirmation.

        The ids are read in the worker; the confirmed count bounds them there.
        """
        counts = dict(self._matching)
        n = sum(counts.values())
        kinds = {kind for kind, c in counts.items() if c}
        if self.integration is None or self._acting or not n:
            return
        if not kinds <= set(APPLIES[action]):
            return
        flt = self._shown_query[0]
        if not self._confirm_matching(action, flt, counts):
            return
        spec = self.error_specs[action]
        label = self._action_label(action)
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_matching, self.integration, flt, action, n, reason=self.reason()
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, spec, label, []),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _describe_filter(self, flt: ErrorFilter) -> str:
        parts = []
        if flt.mappings:
            parts.append(self.tr("mapping {names}").format(names=", ".join(flt.mappings)))
        if flt.kinds:
            parts.append(", ".join(kind_text(k, self._titles) for k in flt.kinds))
        if flt.search:
            parts.append(self.tr("“{text}”").format(text=flt.search))
        if not parts:
            return self.tr("These are all the open sync errors (no filter is set).")
        return self.tr("These are the open sync errors matching the filter: {filter}.").format(
            filter="; ".join(parts)
        )

    def _confirm_matching(self, action: str, flt: ErrorFilter, counts: Mapping[str, int]) -> bool:
        n = sum(counts.values())
        label = self._action_label(action)
        where = self._describe_filter(flt)
        left, right = self._titles["left"], self._titles["right"]
        if action == "delete":
            # deleted in the left app → the record still exists in the right one
            return self._confirm_delete_counts(
                counts.get("deleted-right", 0),
                counts.get("deleted-left", 0),
                self.tr("All %Ln matching sync error(s). {where}", "", n).format(where=where),
            )
        if action == "remove-coupling":
            return self._confirm(
                label,
                self.tr("Remove the coupling of all %Ln matching record pair(s)?", "", n),
                self.tr(
                    "{where} Nothing is deleted: the records stay in {left} and {right}, but "
                    "they no longer synchronize, and are not created again on the other side, "
                    "until someone couples them again."
                ).format(where=where, left=left, right=right),
                label,
                destructive=True,
            )
        questions = {
            "retry": (
                self.tr("Retry all %Ln matching sync error(s)?", "", n),
                self.tr("The next job includes them again."),
            ),
            "use-left": (
                self.tr(
                    "Resolve all %Ln matching conflict(s) with the values in {app}?", "", n
                ).format(app=left),
                self.tr("The values in {source} are written to {target} for each of them.").format(
                    source=left, target=right
                ),
            ),
            "use-right": (
                self.tr(
                    "Resolve all %Ln matching conflict(s) with the values in {app}?", "", n
                ).format(app=right),
                self.tr("The values in {source} are written to {target} for each of them.").format(
                    source=right, target=left
                ),
            ),
            "restore": (
                self.tr("Restore all %Ln matching deleted record(s)?", "", n),
                self.tr("Each is created again from the other app and coupled."),
            ),
        }
        question, effect = questions.get(
            action,
            (self.tr("{action}: all %Ln sync error(s)?", "", n).format(action=label), ""),
        )
        return self._confirm(
            label,
            question,
            self.tr("{where} {effect}").format(where=where, effect=effect).strip(),
            label,
            destructive=action != "retry",
        )

    def _action_label(self, action: str) -> str:
        return self.error_actions[action].text().replace("&", "").rstrip("…")

    def reason(self) -> str | None:
        """The reason typed for the next action (None when empty)."""
        return self.reason_edit.text().strip() or None

    def _on_resolve_done(
        self, spec: ErrorAction, label: str, rows: list[ErrorRow], value: object
    ) -> None:
        self._acting = False
        assert isinstance(value, ActionResult)
        result = value
        if result.done:
            self.reason_edit.clear()  # it was said for this action
        by_id = {r.id: r for r in rows}
        if result.done:
            self.statusBar().showMessage(
                self.tr("{action}: %Ln sync error(s) {done}", "", len(result.done)).format(
                    action=label, done=spec.done
                )
            )
        if result.problems:
            lines = []
            for error_id, problem in list(result.problems.items())[:PROBLEM_LINES]:
                r = by_id.get(error_id)
                what = (
                    f"{r.mapping} {short_key(r.left_key, 20)} ↔ {short_key(r.right_key, 20)}"
                    if r
                    else self.tr("sync error {id}").format(id=error_id)
                )
                lines.append(
                    self.tr("• {what}: {problem}").format(what=what, problem=engine_text(problem))
                )
            if len(result.problems) > PROBLEM_LINES:
                lines.append(self.tr("… and %Ln more", "", len(result.problems) - PROBLEM_LINES))
            n_all = len(result.done) + len(result.problems)
            self.statusBar().showMessage(
                self.tr("{action}: {count} of %Ln sync error(s) {done}", "", n_all).format(
                    action=label, count=fmt_int(len(result.done)), done=spec.done
                )
            )
            self._message(
                QMessageBox.Icon.Warning,
                label,
                self.tr(
                    "{count} of %Ln sync error(s) could not be {done}; they stay in the list.",
                    "",
                    n_all,
                ).format(count=fmt_int(len(result.problems)), done=spec.done),
                "\n".join(lines),
            )
        self._update_actions()
        self.actionEnded.emit(result)
        self.refresh()

    def _on_resolve_failed(self, label: str, message: str) -> None:
        self._acting = False
        self._update_actions()
        self.statusBar().showMessage(self.tr("{action}: nothing done").format(action=label))
        self._message(
            QMessageBox.Icon.Warning,
            label,
            self.tr("{action}: nothing was done.").format(action=label),
            engine_text(message),
        )
        self.actionEnded.emit(None)
        self.refresh()

    def _confirm_delete(self, rows: list[ErrorRow]) -> bool:
        # deleted in the left app → the record still exists in the right one, and vice versa
        in_right = sum(1 for r in rows if r.kind == "deleted-left")
        return self._confirm_delete_counts(len(rows) - in_right, in_right)

    def _confirm_delete_counts(self, in_left: int, in_right: int, lead: str = "") -> bool:
        """Ask before deleting ``in_left`` records in the left app and ``in_right`` in the right."""
        left, right = self._titles["left"], self._titles["right"]
        n = in_left + in_right
        if in_left and in_right:
            question = self.tr("Delete {left} and {right}, and uncouple them?").format(
                left=self.tr("%Ln record(s) in {app}", "", in_left).format(app=left),
                right=self.tr("%Ln record(s) in {app}", "", in_right).format(app=right),
            )
        else:
            question = self.tr("Delete %Ln record(s) in {app} and uncouple them?", "", n).format(
                app=left if in_left else right
            )
        effect = self.tr(
            "These records were deleted in the other app; deleting here makes both apps agree. "
            "SyncDesk cannot undo a delete.",
            "",
            n,
        )
        return self._confirm(
            self.tr("Delete Records"),
            question,
            self.tr("{lead} {effect}").format(lead=lead, effect=effect) if lead else effect,
            self.tr("Delete Records"),
            destructive=True,
        )

    def _confirm_remove_coupling(self, rows: list[ErrorRow]) -> bool:
        if len(rows) == 1:
            r = rows[0]
            question = self.tr("Remove the coupling of {mapping} {left} and {right}?").format(
                mapping=r.mapping,
                left=short_key(r.left_key, 24),
                right=short_key(r.right_key, 24),
            )
        else:
            question = self.tr("Remove the coupling of %Ln record pair(s)?", "", len(rows))
        return self._confirm(
            self.tr("Remove Coupling"),
            question,
            self.tr(
                "Nothing is deleted: the records stay in {left} and {right}, but they no longer "
                "synchronize, and are not created again on the other side, until someone "
                "couples them again."
            ).format(left=self._titles["left"], right=self._titles["right"]),
            self.tr("Remove Coupling"),
            destructive=True,
        )

    # == dialogs ============================================================================

    def _message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(informative)
        box.exec()

    def _confirm(
        self, title: str, text: str, informative: str, accept: str, *, destructive: bool
    ) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(informative)
        ok = box.button(QMessageBox.StandardButton.Ok)
        ok.setText(accept)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        return bool(answer == QMessageBox.StandardButton.Ok)

    # == menus ==============================================================================

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = recent_workspaces()
        for i, path in enumerate(recent, 1):
            act = self.recent_menu.addAction(f"&{i} {Path(path).name} — {Path(path).parent}")
            act.setToolTip(path)
            act.triggered.connect(partial(self.open_workspace, path))
        if not recent:
            empty = self.recent_menu.addAction(self.tr("No recent workspaces"))
            empty.setEnabled(False)
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("Clear Recent"))
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self._on_clear_recent)

    @Slot()
    def _on_clear_recent(self) -> None:
        settings().setValue("workspaces/recent", [])
        if self.integration is None:
            self._show_empty()

    @Slot(str)
    def _on_recent_link(self, path: str) -> None:
        self.open_workspace(path)

    @Slot()
    def _on_open_requested(self) -> None:
        start = str(self.workspace_path.parent) if self.workspace_path else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open Workspace"),
            start,
            self.tr("Workspace files (*.toml);;All files (*)"),
        )
        if path:
            self.open_workspace(path)

    # == export =============================================================================

    @Slot()
    def _on_export_requested(self) -> None:
        """File > Export Errors to CSV: every error matching the filter, in the table's order."""
        if self.integration is None or self._exporting:
            return
        ws = self.integration.workspace
        folder = settings().value("export/folder", "")
        start = Path(str(folder)) if folder else Path(ws.path).parent
        stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in ws.name).strip()
        suggested = start / self.tr("{name} sync errors.csv").format(name=stem or "SyncDesk")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Sync Errors"),
            str(suggested),
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        settings().setValue("export/folder", str(target.parent))
        flt, sort, descending = self._shown_query
        self._exporting = True
        self._update_actions()
        self.statusBar().showMessage(
            self.tr("Exporting sync errors to {file}…").format(file=target.name)
        )
        self.runner.submit(
            Task(
                self.tr("Export sync errors"),
                partial(
                    tasks.export_errors_csv,
                    self.integration,
                    flt,
                    sort,
                    descending,
                    target,
                    dict(self._titles),
                ),
                channel="export",
                on_done=self._on_export_done,
                on_failed=partial(self._on_export_failed, target),
                on_progress=partial(self._on_export_progress, target),
            )
        )

    def _on_export_progress(self, target: Path, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            done, total = value
            self.statusBar().showMessage(
                self.tr("Exporting sync errors to {file}… {done} of {total}").format(
                    file=target.name, done=fmt_int(done), total=fmt_int(total)
                )
            )

    def _on_export_done(self, value: object) -> None:
        assert isinstance(value, tasks.ExportResult)
        self._exporting = False
        self._update_actions()
        self.statusBar().showMessage(
            self.tr("Exported %Ln sync error(s) to {path}", "", value.rows).format(path=value.path),
            15000,
        )
        self.errorsExported.emit(value)

    def _on_export_failed(self, target: Path, message: str) -> None:
        self._exporting = False
        self._update_actions()
        self.statusBar().showMessage(self.tr("Export: nothing written"))
        self._message(
            QMessageBox.Icon.Warning,
            self.tr("Export Sync Errors"),
            self.tr("The sync errors could not be exported to {file}.").format(file=target.name),
            engine_text(message),
        )
        self.errorsExported.emit(None)

    def _on_error_context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.sync_now_action)
        menu.addAction(self.synchronize_action)
        menu.addSeparator()
        for name in ("retry", "use-left", "use-right", "restore", "delete", "remove-coupling"):
            menu.addAction(self.error_actions[name])
        menu.exec(self.error_view.viewport().mapToGlobal(pos))

    def _on_error_double_clicked(self, _index: QModelIndex) -> None:
        self.log_view.setFocus()

    @Slot()
    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SyncDesk"),
            f"<h3>SyncDesk {__version__}</h3><p>"
            + self.tr(
                "Keeps the records of two business applications in step, and shows what "
                "needs a person: conflicts, deletions and failed writes."
            )
            + "</p>",
        )

    # == closing ============================================================================

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self._write_settings()
            self._search_timer.stop()
            if self.queue_view is not None:
                self.queue_view.close_workspace()  # its timer runs no more jobs
            self.runner.shutdown()
            if self.integration is not None:
                self.integration.close()
                self.integration = None
        super().closeEvent(event)


class JobSummary(TranslationContext):
    """Only the translation context of :func:`job_summary`'s texts (see TranslationContext)."""


def job_summary(label: str, results: Sequence[JobResult]) -> str:
    """One line for the status bar: what a synchronization did, in counts."""
    if not results:
        return QCoreApplication.translate("JobSummary", "{task}: nothing to do").format(task=label)
    total: dict[str, int] = dict.fromkeys(
        ("inserted", "modified", "deleted", "unchanged", "skipped", "failed", "conflicts"), 0
    )
    for r in results:
        for key in total:
            total[key] += getattr(r.counts, key)
    statuses = {r.status for r in results}
    if statuses == {"succeeded"}:
        head = (
            QCoreApplication.translate("JobSummary", "{task} done").format(task=label)
            if len(results) > 1
            else QCoreApplication.translate("JobSummary", "Job {job} {mapping} done").format(
                job=results[0].job, mapping=results[0].mapping
            )
        )
    elif "cancelled" in statuses:
        head = QCoreApplication.translate("JobSummary", "{task} cancelled").format(task=label)
    else:
        head = QCoreApplication.translate("JobSummary", "{task}: {count} failed").format(
            task=label, count=fmt_int(sum(r.status == "failed" for r in results))
        )
    counts = " · ".join(
        [
            QCoreApplication.translate("JobSummary", "{count} inserted").format(
                count=fmt_int(total["inserted"])
            ),
            QCoreApplication.translate("JobSummary", "{count} modified").format(
                count=fmt_int(total["modified"])
            ),
            QCoreApplication.translate("JobSummary", "{count} deleted").format(
                count=fmt_int(total["deleted"])
            ),
            QCoreApplication.translate("JobSummary", "{count} skipped").format(
                count=fmt_int(total["skipped"])
            ),
            JobSummary.tr("%Ln conflict(s)", "", total["conflicts"]),
            QCoreApplication.translate("JobSummary", "{count} failed").format(
                count=fmt_int(total["failed"])
            ),
        ]
    )
    return QCoreApplication.translate("JobSummary", "{head}: {counts}").format(
        head=head, counts=counts
    )
