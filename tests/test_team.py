"""Several administrators on one shared state: one error, two people; windows that see
what others did; who did what, and why, in the record log.

Each test runs on SQLite and on the PostgreSQL server the test setup starts (``env``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from builders import Env
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from syncdesk.sync.actions import resolve
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.record_log_models import LogColumn

WAIT_MS = 20_000


def _conflict(env: Env) -> tuple[int, str]:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Hasselt")
    env.job()
    [err] = env.errors()
    return err.id, rk


def _resolve_as(env: Env, user: str, error_id: int, action: str) -> subprocess.Popen[str]:
    """``syncdesk resolve`` as another OS user would run it (getpass reads USER/LOGNAME)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "syncdesk",
            "resolve",
            "-w",
            str(env.workspace),
            str(error_id),
            "--action",
            action,
            "--reason",
            f"{user} checked with the customer",
        ],
        env={**os.environ, "USER": user, "LOGNAME": user},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_admins_resolving_the_same_error_one_wins_one_is_told(env: Env) -> None:
    error_id, rk = _conflict(env)
    ann = _resolve_as(env, "ann", error_id, "use-left")
    bob = _resolve_as(env, "bob", error_id, "use-right")
    outcomes = {}
    for user, proc in (("ann", ann), ("bob", bob)):
        out, err = proc.communicate(timeout=120)
        outcomes[user] = (proc.returncode, out, err)
    winners = [u for u, (code, _o, _e) in outcomes.items() if code == 0]
    assert len(winners) == 1, outcomes
    [winner] = winners
    loser = "bob" if winner == "ann" else "ann"
    code, _out, err = outcomes[loser]
    assert code == 1
    assert err.count("\n") == 1 and "already resolved" in err and "nothing done" in err
    # both apps hold the winner's city; nothing of the loser's choice was written
    city = "Leuven" if winner == "ann" else "Hasselt"
    assert env.rows("left", "customer")["C00001"]["city"] == city
    assert env.rows("right", "account")[rk]["city"] == city
    assert env.errors() == []
    # the record log says who resolved it, and why; the loser wrote nothing
    entries = [e for e in env.log("left", "C00001") if e.action == "resolve"]
    assert [(e.user, e.result) for e in entries] == [(winner, "ok")]
    assert f"{winner} checked with the customer" in (entries[0].message or "")
    assert not any(e.user == loser for e in env.log("left", "C00001"))


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.close()
    assert win.runner.is_idle()


def _open(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    window.open_workspace(env.workspace)
    qtbot.waitUntil(
        lambda: window.integration is not None and window.runner.is_idle(), timeout=WAIT_MS
    )


def test_an_open_window_shows_what_another_admin_did_within_seconds(
    qtbot: QtBot, window: MainWindow, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    error_id, _rk = _conflict(env)
    looks: list[object] = []
    learn = window._on_stamp
    monkeypatch.setattr(window, "_on_stamp", lambda value: (looks.append(value), learn(value)))
    window.watch_timer.setInterval(200)  # the tests' windows look only when asked
    _open(qtbot, window, env)
    assert [r.id for r in window.errors_page.errors_model.rows()] == [error_id]
    # the first look only learns how things stand; the next ones find nothing new
    with qtbot.assertNotEmitted(window.changedElsewhere):
        qtbot.waitUntil(lambda: len(looks) >= 3, timeout=WAIT_MS)
    assert [r.id for r in window.errors_page.errors_model.rows()] == [error_id]

    # another admin, elsewhere, resolves it
    monkeypatch.setenv("USER", "carol")
    monkeypatch.setenv("LOGNAME", "carol")
    with qtbot.waitSignal(window.changedElsewhere, timeout=WAIT_MS), env.open() as integration:
        resolve(integration, [error_id], "use-right", reason="the CRM is right")
    qtbot.waitUntil(lambda: window.errors_page.errors_model.rowCount() == 0, timeout=WAIT_MS)
    assert "elsewhere" in window.statusBar().currentMessage()
    assert window.errors_page.summary_label.text() != ""  # the counts were read again as well

    # a job run elsewhere finds a new error: it shows up too
    env.update("left", "customer", "C00002", city="Brugge")
    env.update("right", "account", env.partner("C00002"), city="Antwerpen")
    with qtbot.waitSignal(window.changedElsewhere, timeout=WAIT_MS):
        env.job()
    qtbot.waitUntil(lambda: window.errors_page.errors_model.rowCount() == 1, timeout=WAIT_MS)


def test_the_reason_typed_in_the_window_goes_into_the_record_log_with_the_user(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    import getpass

    error_id, _rk = _conflict(env)
    _open(qtbot, window, env)
    window.errors_page.error_view.selectRow(0)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    window.errors_page.reason_edit.setText("asked by sales")
    with qtbot.waitSignal(window.errors_page.actionEnded, timeout=WAIT_MS):
        window.error_actions["retry"].trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert window.errors_page.reason_edit.text() == ""  # said for that action only
    retry = [e for e in env.log("left", "C00001") if e.action == "retry"]
    assert [(e.user, e.message) for e in retry] == [
        (getpass.getuser(), "included in the next job (asked by sales)")
    ]
    # the record log panel shows who
    window.errors_page.error_view.selectRow(0)
    qtbot.waitUntil(lambda: window.errors_page.log_panel.log_model.rowCount() >= 3, timeout=WAIT_MS)
    users = [
        window.errors_page.log_panel.log_model.index(r, LogColumn.USER).data()
        for r in range(window.errors_page.log_panel.log_model.rowCount())
    ]
    assert getpass.getuser() in users
    assert error_id in {
        r.id for r in window.errors_page.errors_model.rows()
    }  # Retry keeps it listed
