"""Starting the window: the application object, the workspace to open, the event loop."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from syncdesk.ui import i18n, theme
from syncdesk.ui.main_window import MainWindow, recent_workspaces

APP_NAME = "SyncDesk"
ORGANIZATION = "SyncDesk"


def application() -> QApplication:
    """The one QApplication, made on first use, named for QSettings and the desktop."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setDesktopFileName("syncdesk")
    return app


def build_window(workspace: str | None = None, demo: bool = False) -> MainWindow:
    """A window that opens (in a worker) the demo, ``workspace``, or the most recent one.

    With none of these it shows its empty state, from which File > Open finds one.
    """
    window = MainWindow()
    if demo:
        window.open_demo()
    elif workspace:
        window.open_workspace(workspace)
    else:
        recent = next((p for p in recent_workspaces() if Path(p).is_file()), None)
        if recent is not None:
            window.open_workspace(recent)
    return window


class WindowHost(QObject):
    """Holds the main window; builds it again, in the new language, when that changes.

    Every text is set when a widget is made, so a new language means a new window: the
    old one saves its geometry and closes (joining its worker), the new one opens the same
    workspace on the same page.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.window: MainWindow | None = None

    def adopt(self, window: MainWindow) -> MainWindow:
        self.window = window
        window.languageChangeRequested.connect(self._on_language_change)
        return window

    def close(self) -> None:
        """Close every window as its close button would (settings saved, a running job
        stopped after its batch, the workspace closed), then leave the event loop."""
        self.app.closeAllWindows()
        self.app.quit()

    def _on_language_change(self, code: str) -> None:
        old = self.window
        if old is None:
            return
        path, page = old.workspace_path, old.nav.currentRow()
        quits = self.app.quitOnLastWindowClosed()
        self.app.setQuitOnLastWindowClosed(False)
        old.close()
        old.deleteLater()
        i18n.install(code)
        window = self.adopt(MainWindow())
        if path is not None:
            window.open_workspace(path)
        window.nav.setCurrentRow(page)
        window.show()
        self.app.setQuitOnLastWindowClosed(quits)


#: how often the event loop lets Python run a signal handler, in milliseconds
SIGNAL_POLL_MS = 200


def close_on_signals(host: WindowHost) -> list[int]:
    """Ctrl+C in the terminal that started the window (SIGINT), or SIGTERM at logout,
    closes it as its close button does, instead of a traceback from whatever slot ran.

    Returns the signals received, as they come. Python runs a handler only between its
    own bytecodes, so a timer lets it in while Qt waits for events; the handler only
    posts the close, which runs from the event loop.
    """
    got: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        got.append(signum)
        QTimer.singleShot(0, host.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    poll = QTimer(host)
    poll.timeout.connect(lambda: None)
    poll.start(SIGNAL_POLL_MS)
    return got


def run_window(workspace: str | None, demo: bool) -> int:
    """Open the window and run until it closes; returns the process exit status
    (128 + the signal's number when a signal closed it, as a shell reports)."""
    # a sync job in the worker thread holds the GIL for Python's default 5 ms slices;
    # shorter slices halve the longest pauses the GUI thread sees (bench/ui_bench.py)
    sys.setswitchinterval(0.001)
    app = application()
    host = WindowHost(app)
    got = close_on_signals(host)
    i18n.ensure_installed()
    theme.follower().apply()
    window = host.adopt(build_window(workspace, demo))
    window.show()
    status = int(app.exec())
    return 128 + got[0] if got else status
