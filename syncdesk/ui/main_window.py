"""The main window: the shell around the pages — menus, toolbar, sidebar, status bar, and
opening a workspace. Its widgets are built, and their size remembered, by
:class:`~syncdesk.ui.main_window_layout.MainWindowLayout`; the window's commands and what
they do are here.

Every page is a :class:`~syncdesk.ui.views.WorkspaceView` of its own: Sync Errors
(:mod:`syncdesk.ui.errors_view`) first, then those of :mod:`syncdesk.ui.pages`. Every
engine call runs in a worker (:class:`~syncdesk.ui.worker.TaskRunner`); the status bar
follows whichever writing task runs (:class:`~syncdesk.ui.job_status.JobStatus`).
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from syncdesk import __version__
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import state_stamp
from syncdesk.ui import i18n, tasks
from syncdesk.ui.error_actions import message_box
from syncdesk.ui.errors_view import ErrorsView
from syncdesk.ui.help import ShortcutsDialog, UsingDialog, menu_shortcuts, page_shortcuts
from syncdesk.ui.i18n import settings
from syncdesk.ui.job_status import job_summary
from syncdesk.ui.main_window_layout import MainWindowLayout
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import plain_tip
from syncdesk.ui.opening import WorkspaceOpener
from syncdesk.ui.pages import VIEW_CLASSES
from syncdesk.ui.password_dialog import PasswordDialog
from syncdesk.ui.queue_view import QueueRun, QueueView
from syncdesk.ui.recent import (
    clear_recent,
    fill_recent_menu,
    recent_links,
    recent_workspaces,
    remember_workspace,
)
from syncdesk.ui.settings_dialog import SettingsDialog
from syncdesk.ui.sidebar import COUNT_ROLE
from syncdesk.ui.sync_runs import SyncRuns
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskRunner

log = logging.getLogger(__name__)

#: how often the window looks whether others (another window, a worker) changed the shared
#: state; SYNCDESK_WATCH_MS overrides (the tests set it long, and short where they watch)
WATCH_MS = int(os.environ.get("SYNCDESK_WATCH_MS", "3000"))
DEMO_RECORDS = 200


def demo_folder() -> Path:
    return Path(user_data_dir("syncdesk", appauthor=False)) / "demo"


class MainWindow(MainWindowLayout):
    """SyncDesk's window on one workspace."""

    workspaceOpened = Signal(str)
    """A workspace file (its path) is open and its pages are being loaded."""
    workspaceFailed = Signal(str)
    """A workspace could not be opened (the one-line message); the one open stays open."""
    jobEnded = Signal(object)
    """A synchronization of modified records, or a full one, ended: the list of
    ``JobResult`` (empty if it could not run)."""
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
        self._closed = False
        #: the settings dialog last opened, and the password and help dialogs while open
        self.settings_dialog: SettingsDialog | None = None
        self.help_dialog: QDialog | None = None
        #: looks every few seconds whether others changed the state (see _on_watch)
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_MS)
        self._stamp: tuple[object, ...] | None = None
        self._watching = False

        self.setWindowTitle("SyncDesk")
        self.setObjectName("MainWindow")
        #: opens a workspace in a worker, asking for passwords where the file says so
        self.opener = WorkspaceOpener(self.runner, self)
        #: Synchronize Modified Records and Run Full Synchronization (the Sync menu)
        self.sync_runs = SyncRuns(self.runner, self)
        self.errors_page = ErrorsView(self.runner, self)
        #: the sidebar's pages after Sync Errors (syncdesk.ui.pages)
        self.views: list[WorkspaceView] = [cls(self.runner, self) for cls in VIEW_CLASSES]
        self.queue_view = next((v for v in self.views if isinstance(v, QueueView)), None)
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
        self.reset_demo_action = self._action(
            self.tr("&Reset Demo Workspace…"),
            "",
            self.tr("Write the demo workspace anew, as on first use, and open it"),
            self._on_reset_demo,
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
        self.preview_action = self._action(
            self.tr("&Preview Synchronization…"),
            "F8",
            self.tr("See what a synchronization would do, before it writes anything"),
            self._on_preview,
        )
        self.full_sync_action = self._action(
            self.tr("Run &Full Synchronization…"),
            "Shift+F9",
            self.tr("Compare every record of one mapping, or of all, in both apps"),
            self._on_sync_full,
        )
        self.refresh_action = self._action(
            self.tr("Re&fresh"),
            QKeySequence.StandardKey.Refresh,
            self.tr("Read what the page shows again"),
            self._on_refresh_page,
        )
        self.shortcuts_action = self._action(
            self.tr("&Keyboard Shortcuts"),
            "Ctrl+/",
            self.tr("Every keyboard shortcut of the window"),
            self._on_shortcuts,
        )
        self.using_action = self._action(
            self.tr("&Using SyncDesk"),
            QKeySequence.StandardKey.HelpContents,
            self.tr("How to use SyncDesk (the README's section on it)"),
            self._on_using,
        )
        self.about_action = self._action(
            self.tr("&About SyncDesk"), "Ctrl+F1", self.tr("Which SyncDesk this is"), self._on_about
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # the Sync Errors page's commands work wherever the window has the focus
        page = self.errors_page
        self.error_actions = page.error_actions
        for action in (
            page.sync_now_action,
            page.retry_now_action,
            page.synchronize_action,
            page.export_action,
            page.all_matching_action,
            page.show_log_action,
            *page.error_actions.values(),
        ):
            self.addAction(action)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.show_view)
        self.page_menu.aboutToShow.connect(self._fill_page_menu)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.watch_timer.timeout.connect(self._on_watch)
        for view in self.all_views:
            view.changed.connect(partial(self._on_view_changed_state, view))
            view.statusMessage.connect(self._on_status_message)
            view.errorRequested.connect(self.show_error)
            view.jobRequested.connect(self.show_job)
        self.errors_page.countChanged.connect(self._on_error_count)
        if self.queue_view is not None:
            self.queue_view.queueRan.connect(self._on_queue_ran)
            self.queue_view.nextRunChanged.connect(self.queue_label.setText)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.empty_open_button.clicked.connect(self._on_open_requested)
        self.empty_demo_button.clicked.connect(self.open_demo)
        self.empty_recent.linkActivated.connect(self._on_recent_link)
        self.runner.writeEnded.connect(self._on_write_ended)
        self.opener.opened.connect(self._on_opened)
        self.sync_runs.ended.connect(self._on_sync_ended)
        self.sync_runs.statusMessage.connect(self._on_status_message)
        self.sync_runs.queued.connect(self.job_status.refresh_queue)
        self.opener.failed.connect(self._on_open_failed)
        self.opener.declined.connect(self._on_not_opened)

    # == pages ==============================================================================

    def show_view(self, index: int) -> None:
        """Show sidebar page ``index`` (0: the sync errors)."""
        self.view_stack.setCurrentIndex(index)
        for i, view in enumerate(self.all_views):
            view.set_current(i == index)
        if index > 0:
            self.views[index - 1].refresh()
        self._fill_page_menu()
        self._update_actions()

    def current_view(self) -> WorkspaceView:
        """The sidebar page shown."""
        return self.all_views[max(self.view_stack.currentIndex(), 0)]

    def show_error(self, error_id: int) -> None:
        """Show sync error ``error_id`` on the Sync Errors page."""
        self.nav.setCurrentRow(0)
        self.errors_page.show_error(error_id)

    def show_job(self, job_id: int) -> None:
        """Show job ``job_id`` (and its log) on the Jobs page."""
        from syncdesk.ui.jobs_view import JobsView

        page = next((v for v in self.views if isinstance(v, JobsView)), None)
        if page is None:
            return
        self.nav.setCurrentRow(self.all_views.index(page))
        page.select_job_when_shown(job_id)

    def _fill_page_menu(self) -> None:
        """The Page menu lists the shown page's commands (their keys work only there)."""
        self.page_menu.clear()
        actions = self.current_view().page_actions()
        for action in actions:
            self.page_menu.addAction(action)
        self.page_menu.setEnabled(bool(actions))
        self.columns_menu.setEnabled(self.current_view().columns is not None)

    @Slot()
    def _fill_columns_menu(self) -> None:
        """View > Columns: the shown page's table's columns, to show or hide."""
        chooser = self.current_view().columns
        if chooser is None:
            self.columns_menu.clear()
            return
        chooser.fill(self.columns_menu)

    @Slot(int)
    def _on_error_count(self, count: int) -> None:
        item = self.nav.item(0)
        item.setData(COUNT_ROLE, count)
        title = self.errors_page.display_title()
        item.setToolTip(self.tr("{page}: %Ln open sync error(s)", "", count).format(page=title))
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            self.tr("{page}, %Ln open", "", count).format(page=title),
        )

    @Slot(str, int)
    def _on_status_message(self, text: str, timeout: int) -> None:
        self.statusBar().showMessage(text, timeout)

    def _on_view_changed_state(self, source: WorkspaceView) -> None:
        """A page ran a job or changed entries: the other pages may show it now."""
        if self.integration is None:
            return
        if source is not self.errors_page:
            self.errors_page.refresh()
        current = self.current_view()
        if current is not source and current is not self.errors_page:
            current.refresh()

    @Slot()
    def _on_refresh_page(self) -> None:
        self.current_view().refresh()

    # == watching the shared state ==========================================================

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
        self.errors_page.refresh()
        current = self.current_view()
        if current is not self.errors_page:
            current.refresh()
        self.statusBar().showMessage(self.tr("Updated with changes made elsewhere"), 5000)
        self.changedElsewhere.emit()

    def _on_stamp_failed(self, message: str) -> None:
        self._watching = False  # the next look tries again; a lost server shows elsewhere
        log.info("looking for changes failed: %s", message)

    @Slot(object)
    def _on_write_ended(self, _handle: object) -> None:
        self._stamp = None  # this window's own change: the next look takes the new stamp

    # == opening a workspace ================================================================

    def open_workspace(self, path: str | Path) -> None:
        """Open the workspace file ``path`` (in a worker).

        The workspace open now stays open until the new one has opened: a file that cannot
        be opened leaves the window as it was.
        """
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

    def reset_demo(self, folder: Path | None = None) -> None:
        """Write the demo workspace anew (closing it first if it is open), then open it."""
        where = folder or demo_folder()
        path = where / "syncdesk.toml"
        if self.workspace_path is not None and self.workspace_path == path:
            self._close_workspace()
            self._show_empty()
        self._begin_open(
            self.tr("the demo workspace"), path, partial(tasks.reset_demo, where, DEMO_RECORDS)
        )

    def _begin_open(self, label: str, path: Path, fn: Callable[[Any], object]) -> None:
        if self._closed:
            return
        text = self.tr("Opening {name}…").format(name=label)
        if self.integration is None:
            self.opening_label.setText(text)
            self.pages.setCurrentWidget(self.opening_page)
        else:
            self.statusBar().showMessage(text)
        self.opener.open(label, path, fn)

    @property
    def password_dialog(self) -> PasswordDialog | None:
        """The dialog asking for a database password, while it is open."""
        return self.opener.password_dialog

    def _close_workspace(self) -> None:
        self.sync_runs.close_preview()
        self.runner.stop_all()
        for view in self.all_views:
            view.close_workspace()
        if self.integration is not None:
            self.integration.close()
        self.integration = None
        self.workspace_path = None
        self.watch_timer.stop()
        self._stamp = None
        self._watching = False
        self._on_error_count(0)
        self.setWindowTitle("SyncDesk")
        self.workspace_label.clear()
        self.workspace_label.setToolTip("")
        self._update_actions()

    def _on_opened(self, value: object) -> None:
        assert isinstance(value, Integration)
        self._close_workspace()  # the one open until now
        integration = value
        ws = integration.workspace
        self.integration = integration
        self.workspace_path = Path(ws.path)
        self._titles = {"left": ws.apps["left"].title, "right": ws.apps["right"].title}
        self.setWindowTitle(f"SyncDesk — {ws.name}")
        self.workspace_label.setText(f"{ws.name} — {ws.path}")
        self.workspace_label.setToolTip(plain_tip(f"{ws.name}\n{ws.path}"))
        for view in self.all_views:
            view.open_workspace(integration)
        self.pages.setCurrentWidget(self.workspace_page)
        remember_workspace(self.workspace_path)
        self.statusBar().showMessage(self.tr("Opened {name}").format(name=ws.name), 5000)
        self._update_actions()
        self.workspaceOpened.emit(str(self.workspace_path))
        self._stamp = None
        self.watch_timer.start()

    def _on_not_opened(self, name: str) -> None:
        """No password was given: nothing opened; the workspace open before shows again."""
        self._back_from_opening()
        self.statusBar().showMessage(
            self.tr("{name} was not opened: no password given").format(name=name), 10000
        )

    def _back_from_opening(self) -> None:
        """An opening did not happen: the workspace open before (if any) shows again."""
        if self.integration is None:
            self._show_empty()
        else:
            self.pages.setCurrentWidget(self.workspace_page)

    def _on_open_failed(self, path: Path, message: str) -> None:
        self._back_from_opening()
        kept = (
            self.tr("{name} stays open.").format(name=self.integration.workspace.name)
            if self.integration is not None
            else ""
        )
        self.statusBar().showMessage(self.tr("Could not open {name}").format(name=path.name), 10000)
        message_box(
            self,
            QMessageBox.Icon.Critical,
            self.tr("Could not open the workspace"),
            self.tr("SyncDesk could not open the workspace {name}.").format(name=path.name),
            "\n\n".join(
                part
                for part in (
                    self.tr("{message}\n\nFile: {path}").format(
                        message=engine_text(message), path=path
                    ),
                    kept,
                )
                if part
            ),
        ).exec()
        self.workspaceFailed.emit(message)

    def _show_empty(self) -> None:
        self.empty_recent.setText(recent_links())
        self.pages.setCurrentWidget(self.empty_page)

    def _update_actions(self) -> None:
        open_ = self.integration is not None
        for act in (
            self.sync_action,
            self.full_sync_action,
            self.preview_action,
            self.refresh_action,
        ):
            act.setEnabled(open_)
        self.errors_page._update_actions()

    # == synchronizing ======================================================================

    @Slot()
    def _on_sync_modified(self) -> None:
        if self.integration is not None:
            self.sync_runs.modified(self.integration)

    @Slot()
    def _on_sync_full(self) -> None:
        if self.integration is not None:
            self.sync_runs.full(self.integration, self.errors_page.mapping_combo.currentData())

    @Slot()
    def _on_preview(self) -> None:
        if self.integration is not None:
            self.sync_runs.preview(self.integration, self.errors_page.mapping_combo.currentData())

    def run_full_sync(self, mapping: str | None) -> None:
        """A full synchronization of one mapping (None: all), confirmed, as a manual job."""
        if self.integration is not None:
            self.sync_runs.run_full(self.integration, mapping)

    @Slot(object)
    def _on_sync_ended(self, results: object) -> None:
        self.jobEnded.emit(results)
        self.errors_page.refresh()
        current = self.current_view()
        if current is not self.errors_page:
            current.refresh()

    def _on_queue_ran(self, value: object) -> None:
        """Jobs from the Job Queue page ended (by the timer or Run Now): their counts."""
        if isinstance(value, QueueRun) and (value.results or not value.scheduled):
            self.statusBar().showMessage(job_summary(value.label, value.results))

    # == menus ==============================================================================

    @Slot()
    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self.recent_menu, self.open_workspace, self._on_clear_recent)

    @Slot()
    def _on_clear_recent(self) -> None:
        clear_recent()
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

    @Slot()
    def _on_reset_demo(self) -> None:
        folder = demo_folder()
        if not self.errors_page.questions.confirm(
            self.tr("Reset Demo Workspace"),
            self.tr("Write the demo workspace anew?"),
            self.tr(
                "Everything done in the demo (its two apps, its sync errors, jobs and record "
                "log in {folder}) is replaced by the demo as it is on first use."
            ).format(folder=folder),
            self.tr("Reset Demo"),
            destructive=True,
        ):
            return
        self.reset_demo(folder)

    @Slot()
    def _on_settings(self) -> None:
        dialog = SettingsDialog(self, busy=not self.runner.is_idle())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.languageChanged.connect(self.languageChangeRequested)
        self.settings_dialog = dialog
        dialog.open()

    @Slot()
    def _on_shortcuts(self) -> None:
        rows = menu_shortcuts(self.menuBar())
        rows += page_shortcuts([(v.display_title(), v.page_actions()) for v in self.views])
        self._open_help(ShortcutsDialog(rows, self))

    @Slot()
    def _on_using(self) -> None:
        self._open_help(UsingDialog(self))

    def _open_help(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: setattr(self, "help_dialog", None))
        self.help_dialog = dialog
        dialog.open()

    @Slot()
    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SyncDesk"),
            f"<h3>SyncDesk {__version__}</h3><p>"
            + html.escape(
                self.tr(
                    "Keeps the records of two business applications in step, and shows what "
                    "needs a person: conflicts, deletions and failed writes."
                )
            )
            + "</p>",
        )

    # == closing ============================================================================

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self._write_settings()
            self.errors_page.shutdown()
            if self.queue_view is not None:
                self.queue_view.close_workspace()  # its timer runs no more jobs
            self.runner.shutdown()
            if self.integration is not None:
                self.integration.close()
                self.integration = None
        super().closeEvent(event)


__all__ = ["MainWindow", "job_summary", "recent_workspaces", "remember_workspace", "settings"]
