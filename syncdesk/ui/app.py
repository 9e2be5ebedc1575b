"""Starting the window: the application object, the workspace to open, the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

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


def run_window(workspace: str | None, demo: bool) -> int:
    """Open the window and run until it closes; returns the process exit status."""
    # a sync job in the worker thread holds the GIL for Python's default 5 ms slices;
    # shorter slices halve the longest pauses the GUI thread sees (bench/ui_bench.py)
    sys.setswitchinterval(0.001)
    app = application()
    window = build_window(workspace, demo)
    window.show()
    return int(app.exec())
