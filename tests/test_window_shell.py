"""The window's shell, tried as a new administrator would (issue 12, items 3, 4, 5, 17, 18).

Opening a workspace that cannot open leaves the one open as it was; Tab leaves every table;
the first window fits a 1366×768 screen with its status bar in view; the sidebar counts
the open sync errors; Run Full Synchronization offers every mapping at once; Help lists
the keys and how to use SyncDesk; the demo can be written anew; and without a display
``syncdesk`` says so in one line while every command still works.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QInputDialog,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from syncdesk.sync.actions import resolve
from syncdesk.sync.queries import list_errors
from syncdesk.ui import main_window
from syncdesk.ui.display import display_problem
from syncdesk.ui.help import ShortcutsDialog, UsingDialog
from syncdesk.ui.main_window import COUNT_ROLE, MainWindow
from syncdesk.ui.main_window_layout import first_geometry

WAIT_MS = 15_000
ROOT = Path(__file__).resolve().parents[1]


class Asked:
    def __init__(self) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.boxes.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(self.answer.value)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    a = Asked()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: a.exec(box))
    return a


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    (tmp_path / "ws").mkdir()
    e = sqlite_env(tmp_path / "ws")
    e.customers(3)
    e.job(trigger="queue")
    e.update("left", "customer", "C00001", city="Leuven")
    e.update("right", "account", e.partner("C00001"), city="Mechelen")
    e.delete("right", "account", e.partner("C00002"))
    e.job(trigger="queue")
    yield e
    e.dispose()


@pytest.fixture
def window(qtbot: QtBot, asked: Asked) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 760)
    yield win
    win.close()
    assert win.runner.is_idle()


def open_env(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


# -- 3: a workspace that cannot open leaves the open one open ---------------------------------


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("broken.toml", "[workspace\nname = ", "not valid TOML"),
        (
            "wrong.toml",
            '[apps.left]\nurl = "sqlite:///erp.db"\n[apps.right]\nurl = "sqlite:///crm.db"\n'
            '[[mappings]]\nname = "X"\nleft = { table = "nosuch", key = "no" }\n'
            'right = { table = "account", key = "accountid" }\n'
            'fields = [{ left = "name", right = "name" }]\n',
            "nosuch",
        ),
    ],
)
def test_a_workspace_that_cannot_open_leaves_the_open_one_as_it_was(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked, name: str, text: str, says: str
) -> None:
    open_env(qtbot, window, env)
    integration = window.integration
    rows = window.errors_page.errors_model.rowCount()
    bad = env.folder / name
    bad.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.workspaceFailed, timeout=WAIT_MS):
        window.open_workspace(bad)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    (box,) = asked.boxes
    assert box[0] == "Could not open the workspace" and says in box[2]
    assert "Test stays open." in box[2]
    assert window.integration is integration and integration is not None
    assert window.workspace_path == env.workspace
    assert window.windowTitle() == "SyncDesk — Test"
    assert window.pages.currentWidget() is window.workspace_page
    assert window.errors_page.errors_model.rowCount() == rows
    # and it still works: the next read goes through
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.refresh_action.trigger()


# -- 4: Tab leaves every table ----------------------------------------------------------------


def test_tab_leaves_every_table_and_the_arrows_move_inside(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    open_env(qtbot, window, env)
    window.show()
    qtbot.waitExposed(window)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    views = window.findChildren(QAbstractItemView)
    tables = [v for v in views if v.tabKeyNavigation()]
    assert tables == []
    window.nav.setCurrentRow(0)
    page = window.errors_page
    table = page.error_view
    with qtbot.waitSignal(page.recordLogLoaded, timeout=WAIT_MS):
        table.selectRow(0)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1  # the arrows move inside
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()  # Tab leaves ...
    assert table.currentIndex().row() == 1  # ... and moves nothing
    assert [r.row() for r in table.selectionModel().selectedRows()] == [1]


def test_no_column_title_is_cut_in_half(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    """A title wider than its column ends in '…' (Qt's headers clip it on both sides
    by default: "usiness Centr"), on every page's tables."""
    open_env(qtbot, window, env)
    window.show()
    qtbot.waitExposed(window)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    headers = window.findChildren(QHeaderView)
    shown = [
        h for h in headers if h.orientation() == Qt.Orientation.Horizontal and not h.isHidden()
    ]
    assert len(shown) >= 8
    cut = [
        f"{h.parent().objectName() or type(h.parent()).__name__}"
        for h in shown
        if h.textElideMode() != Qt.TextElideMode.ElideRight
    ]
    assert cut == []


# -- 5: a 1366×768 screen ---------------------------------------------------------------------

FIT_SCRIPT = r"""
import json, sys, time
from syncdesk.ui.app import application
from syncdesk.ui import i18n
app = application()
i18n.install(sys.argv[2])
from syncdesk.ui.main_window import MainWindow
w = MainWindow()
w.open_workspace(sys.argv[1])
w.show()
deadline = time.monotonic() + 30
while (w.integration is None or not w.runner.is_idle()) and time.monotonic() < deadline:
    app.processEvents()
# a job running: its progress, Cancel and the next queue run in the status bar
w.job_status.show()
w.job_status.label.setText("Job 12 CUSTOMER — comparing coupled records")
w.job_status.progress.setRange(0, 100)
w.job_status.progress.setValue(61)
w.queue_label.setText(w.queue_label.text() or "Next queue run: 14:05")
for _ in range(20):
    app.processEvents()
avail = w.screen().availableGeometry()
frame = w.frameGeometry()
inside = w.rect()
def box(widget):
    r = widget.rect()
    top_left = widget.mapTo(w, r.topLeft())
    return [top_left.x(), top_left.y(), r.width(), r.height()]
print(json.dumps({
    "available": [avail.x(), avail.y(), avail.width(), avail.height()],
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "window": [inside.width(), inside.height()],
    "minimum": [w.minimumSizeHint().width(), w.minimumSizeHint().height()],
    "parts": {
        "cancel": box(w.job_status.cancel_button),
        "progress": box(w.job_status.progress),
        "queue": box(w.queue_label),
        "status bar": box(w.statusBar()),
        "error table": box(w.errors_page.error_view),
    },
    "visible": [x.isVisible() for x in (w.job_status.cancel_button, w.queue_label)],
}))
w.close()
"""


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_first_window_fits_a_1366_by_768_screen_with_its_status_bar(
    env: Env, isolated_user_dirs: Any, language: str
) -> None:
    # Qt's offscreen platform takes its screens from a file: one of 1366×768, with the
    # frame a window manager would draw around the window
    screen = {
        "windowFrameMargins": True,
        "screens": [
            {
                "name": "Laptop",
                "x": 0,
                "y": 0,
                "width": 1366,
                "height": 768,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ],
    }
    config = env.folder / "screen.json"
    config.write_text(json.dumps(screen), encoding="utf-8")
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIT_SCRIPT, str(env.workspace), language],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    ax, ay, aw, ah = got["available"]
    assert (aw, ah) == (1366, 768)
    fx, fy, fw, fh = got["frame"]
    assert ax <= fx and ay <= fy and fx + fw <= ax + aw and fy + fh <= ay + ah, got
    assert got["minimum"][0] <= aw and got["minimum"][1] <= ah, got
    width, height = got["window"]
    for name, (x, y, w, h) in got["parts"].items():
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (name, got)
        assert w > 0 and h > 0, (name, got)
    assert all(got["visible"])


def test_the_first_geometry_follows_the_screen() -> None:
    from PySide6.QtCore import QRect

    assert first_geometry(QRect(0, 0, 1920, 1080)).size().toTuple() == (1280, 800)
    small = first_geometry(QRect(0, 0, 1366, 728))
    assert small.width() <= 1366 and small.height() <= 728
    assert QRect(0, 0, 1366, 728).contains(small)


# -- 17: counts, every mapping, help, the demo ----------------------------------------------


def test_the_sidebar_counts_the_open_sync_errors(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    open_env(qtbot, window, env)
    item = window.nav.item(0)
    assert item.text() == "Sync Errors"
    assert item.data(COUNT_ROLE) == 2
    assert item.toolTip() == "Sync Errors: 2 open sync errors"
    with env.open() as integration:
        conflict = next(e for e in list_errors(integration.state) if e.kind == "conflict")
        resolve(integration, [conflict.id], "use-left")
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert item.data(COUNT_ROLE) == 1
    # the count is drawn beside the title, where there is room for it
    assert window.nav.width() >= window.nav.sizeHintForColumn(0)


def test_run_full_synchronization_of_every_mapping(
    qtbot: QtBot, window: MainWindow, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_env(qtbot, window, env)
    offered: list[list[str]] = []

    def choose(*args: Any) -> tuple[str, bool]:
        offered.append(list(args[3]))
        return "All mappings", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS) as ended:
        window.full_sync_action.trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert offered == [["All mappings", "CONTACT", "CUSTOMER"]]
    assert sorted(r.mapping for r in ended.args[0]) == ["CONTACT", "CUSTOMER"]
    assert "Full synchronization of every mapping" in window.statusBar().currentMessage()


def test_help_lists_the_keyboard_shortcuts_and_how_to_use_syncdesk(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.shortcuts_action.trigger()
    dialog = window.help_dialog
    assert isinstance(dialog, ShortcutsDialog)
    table = dialog.table
    rows = {
        (table.item(r, 0).text(), table.item(r, 1).text()): table.item(r, 2).text()
        for r in range(table.rowCount())
    }
    assert rows[("Sync", "Synchronize Modified Records")] == "F9"
    assert rows[("Errors", "Retry Now")] == "Ctrl+Alt+R"
    assert rows[("Records", "Couple")] == "Ctrl+K"  # a page's own commands too
    assert rows[("Help", "Keyboard Shortcuts")] == "Ctrl+/"
    dialog.reject()
    window.using_action.trigger()
    using = window.help_dialog
    assert isinstance(using, UsingDialog)
    text = using.browser.toPlainText()
    assert text.startswith("Using it")
    assert "A demo workspace shows every kind" in text
    assert "README.md#using-it" in using.link.text()
    using.reject()


def test_the_demo_is_written_anew_from_the_window(
    qtbot: QtBot,
    window: MainWindow,
    asked: Asked,
    isolated_user_dirs: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_window, "DEMO_RECORDS", 20)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=60_000):
        window.open_demo()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    demo = window.workspace_path
    assert demo is not None and demo.is_relative_to(isolated_user_dirs.data)
    before = sum(window.errors_page._totals.values())
    assert before > 0
    # everything resolved by hand ...
    assert window.integration is not None
    ids = [e.id for e in list_errors(window.integration.state)]
    resolve(window.integration, ids, "remove-coupling")
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.refresh_action.trigger()
    assert window.nav.item(0).data(COUNT_ROLE) == 0
    # ... comes back as on first use
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=60_000):
        window.reset_demo_action.trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert asked.boxes[0][1] == "Write the demo workspace anew?"
    assert window.workspace_path == demo
    assert window.nav.item(0).data(COUNT_ROLE) == before
    assert sorted(p.name for p in demo.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))[
        :4
    ] == sorted(["crm.db", "erp.db", "syncdesk.state.db", "syncdesk.toml"])


def test_resetting_refuses_a_folder_that_holds_more_than_the_demo(tmp_path: Path) -> None:
    from syncdesk.demo import reset_demo
    from syncdesk.errors import UsageError

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "syncdesk.toml").write_text("# mine", encoding="utf-8")
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match=r"holds more than a demo \(notes.txt\); nothing was"):
        reset_demo(folder, 20)
    assert (folder / "syncdesk.toml").read_text(encoding="utf-8") == "# mine"


# -- 18: no display ----------------------------------------------------------------------------


def no_display_env(**extra: str) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(extra)
    return environ


def syncdesk(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "syncdesk", *args],
        env=no_display_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_without_a_display_the_window_says_what_is_missing_in_one_line() -> None:
    done = syncdesk()
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("syncdesk: no display to open the window on: DISPLAY is not set")
    assert "QT_QPA_PLATFORM=offscreen" in line and "core" not in line
    # the same when xcb is asked for by name
    done = syncdesk("--workspace", "x.toml", QT_QPA_PLATFORM="xcb")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1


def test_without_a_display_help_and_every_command_work(env: Env) -> None:
    done = syncdesk("--help")
    assert done.returncode == 0 and "usage: syncdesk" in done.stdout and done.stderr == ""
    done = syncdesk("errors", "-w", str(env.workspace), "--json")
    assert done.returncode == 1 and done.stderr == ""
    assert {e["kind"] for e in json.loads(done.stdout)} == {"conflict", "deleted-right"}
    done = syncdesk("sync", "-w", str(env.workspace), "--json")
    assert done.returncode == 1 and done.stderr == ""
    done = syncdesk("jobs", "-w", str(env.workspace), "--limit", "2")
    assert done.returncode == 0 and done.stderr == ""


def test_an_unreachable_x_server_and_missing_x_libraries_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from syncdesk.ui import display

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen:size=1366x768"}) is None
    gone = display_problem({"DISPLAY": "127.0.0.1:59"})
    assert gone is not None and gone.startswith("cannot reach the X display '127.0.0.1:59'")
    # an X server that answers, and a Qt X11 plugin whose libraries cannot be loaded
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    monkeypatch.setattr(display, "_x_socket", lambda _d: ("127.0.0.1", port))
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a library")
    monkeypatch.setattr(display, "xcb_plugin", lambda: broken)
    try:
        said = display_problem({"DISPLAY": ":0"})
    finally:
        server.close()
    assert said is not None and said.startswith("the window needs X libraries this system lacks (")
    assert str(broken) in said and "QT_QPA_PLATFORM=offscreen" in said
    assert QApplication.instance() is not None  # (Qt was loaded by the test run, not by this)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_in_the_terminal_closes_the_window_as_its_close_button_does(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Ctrl+C where ``syncdesk --demo`` was started (or SIGTERM at logout): the window
    closes and saves its layout, the process ends with 128 + the signal's number, and the
    terminal shows no traceback (before, a KeyboardInterrupt broke into whatever slot ran,
    and the window stayed open)."""
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "syncdesk", "--demo"],
        env=environ,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the demo's state is written by the window's worker, after the window is up
        state = tmp_path / "data" / "syncdesk" / "demo" / "syncdesk.state.db"
        deadline = time.monotonic() + 90
        while not state.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert state.exists(), proc.stderr.read() if proc.poll() is not None else "no demo"
        time.sleep(0.5)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 128 + sig, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert out == ""
    ini = (tmp_path / "config" / "syncdesk" / "syncdesk.ini").read_text(encoding="utf-8")
    assert "[MainWindow]" in ini and "geometry=" in ini
