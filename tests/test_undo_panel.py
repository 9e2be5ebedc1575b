"""Undo in the record log panel (issue 13, item 3 in the window): disabled with the reason
where an entry cannot be undone; asked first, naming the app; run in a worker; the before
values back in the database, or — the app changed the record since — a conflict now."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from builders import Env
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from syncdesk.sync.integration import Integration
from syncdesk.ui import tasks
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.record_log import LogTarget, RecordLogPanel
from syncdesk.ui.records_view import RecordsView
from syncdesk.ui.worker import TaskRunner

WAIT_MS = 30_000


class Asked:
    """The questions asked (title, text, details), answered with ``answer``."""

    def __init__(self) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.boxes.append((box.windowTitle(), box.text(), box.informativeText()))
        assert box.textFormat() == Qt.TextFormat.PlainText
        return int(self.answer.value)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    a = Asked()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: a.exec(box))
    return a


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, env: Env, runner: TaskRunner) -> Iterator[Any]:
    """A callable: the log panel on the record ``left:KEY`` of CUSTOMER, read and shown."""
    opened: list[Integration] = []
    made: list[RecordLogPanel] = []

    def show(key: str) -> RecordLogPanel:
        if not made:
            integration = env.open()
            opened.append(integration)
            p = RecordLogPanel(runner)
            qtbot.addWidget(p)
            p.open_workspace(integration)
            p.resize(1100, 400)
            p.show()
            made.append(p)
        p = made[0]
        with qtbot.waitSignal(p.loaded, timeout=WAIT_MS):
            p.show_record(LogTarget("CUSTOMER", "left", key, key, None))
        return p

    yield show
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)
    for integration in opened:
        integration.close()


def select(panel: RecordLogPanel, action: str) -> int:
    rows = panel.log_model.rows()
    row = max(i for i, e in enumerate(rows) if e.action == action)
    panel.select_entry(row)
    return rows[row].id


def undo(qtbot: QtBot, panel: RecordLogPanel) -> Any:
    with (
        qtbot.waitSignal(panel.undone, timeout=WAIT_MS) as done,
        qtbot.waitSignal(panel.loaded, timeout=WAIT_MS),
    ):
        qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_undo_of_a_copy_puts_the_before_values_back_in_the_database(
    qtbot: QtBot, env: Env, panel: Any, asked: Asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    rk = env.partner("C00001")
    assert env.rows("right", "account")[rk]["city"] == "Leuven"
    threads: list[threading.Thread] = []
    real = tasks.undo

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "undo", spy)
    p = panel("C00001")
    log_id = select(p, "modify")
    assert p.undo_button.isEnabled()
    assert p.undo_button.toolTip() == "Take back what this entry did (Ctrl+Z)"

    result = undo(qtbot, p)

    [(title, text, detail)] = asked.boxes
    assert title == f"Undo log entry {log_id}"
    assert text == "Write back to Dynamics 365 Sales what it held before this entry?"
    assert "City: Leuven → Gent" in detail
    assert result.done and threads and threads[0] is not threading.main_thread()
    # raw rows: the CRM holds what it held before; the ERP keeps its own change
    assert env.rows("right", "account")[rk]["city"] == "Gent"
    assert env.rows("left", "customer")["C00001"]["city"] == "Leuven"
    assert p.outcome_bar.isVisible()
    assert p.outcome_bar.text_label.text() == (
        f"Log entry {log_id} undone: Dynamics 365 Sales holds what it held before again "
        "(city: Gent)"
    )
    # the log, read again, ends with the undo; the entry undone cannot be undone twice
    entries = p.log_model.rows()
    assert entries[-1].action == "undo" and entries[-1].user
    p.select_entry([e.id for e in entries].index(log_id))
    assert not p.undo_button.isEnabled()
    assert p.undo_button.toolTip() == (
        f"Cannot be undone: log entry {log_id} was undone already (log entry {entries[-1].id})"
    )
    # and the undo itself can be undone
    p.select_entry(len(entries) - 1)
    assert p.undo_button.isEnabled()


def test_undo_of_an_insert_asks_naming_the_app_where_the_record_is_deleted(
    qtbot: QtBot, env: Env, panel: Any, asked: Asked
) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    p = panel("C00001")
    select(p, "insert")
    assert p.undo_button.isEnabled()

    asked.answer = QMessageBox.StandardButton.Cancel
    # by keyboard: Ctrl+Z on the log
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow, timeout=WAIT_MS)
    p.log_view.setFocus()
    qtbot.keyClick(p.log_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [(_title, text, detail)] = asked.boxes
    assert text == f"Delete CUSTOMER {rk} in Dynamics 365 Sales, and uncouple it?"
    assert "the record in Business Central stays" in detail
    qtbot.waitUntil(p.runner.is_idle, timeout=WAIT_MS)
    assert rk in env.rows("right", "account")  # Cancel: nothing done

    asked.answer = QMessageBox.StandardButton.Ok
    result = undo(qtbot, p)
    assert result.done
    assert rk not in env.rows("right", "account")
    assert "C00001" in env.rows("left", "customer")
    assert env.couplings() == {}


def test_undo_of_a_deletion_names_the_app_where_the_record_is_made_again(
    qtbot: QtBot, env: Env, panel: Any, asked: Asked
) -> None:
    from syncdesk.sync.actions import resolve

    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.delete("left", "customer", "C00001")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        resolve(integration, [err.id], "delete")  # Delete Records: gone in the CRM too
    assert rk not in env.rows("right", "account")
    p = panel("C00001")
    select(p, "delete")
    result = undo(qtbot, p)
    [(_title, text, detail)] = asked.boxes
    assert text == f"Make CUSTOMER {rk} again in Dynamics 365 Sales, and couple it?"
    assert "Name: Customer 1" in detail
    assert result.done
    [again] = env.rows("right", "account").values()
    assert (again["name"], again["city"]) == ("Customer 1", "Gent")


def test_an_entry_that_cannot_be_undone_says_why(
    qtbot: QtBot, env: Env, panel: Any, asked: Asked
) -> None:
    env.customers(1)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", env.partner("C00001"), city="Mechelen")
    env.job()
    p = panel("C00001")
    log_id = select(p, "conflict")
    assert not p.undo_button.isEnabled() and not p.undo_action.isEnabled()
    assert p.undo_button.toolTip() == (
        f"Cannot be undone: log entry {log_id} wrote nothing (skipped): there is nothing to undo"
    )
    p.undo_selected()  # Ctrl+Z on it does nothing either
    assert asked.boxes == []


def test_undo_after_the_app_changed_the_record_makes_a_conflict_on_the_errors_page(
    qtbot: QtBot, lite: Env, asked: Asked
) -> None:
    """Through the window: Records page, Record log tab, Undo. The CRM changed the city
    since the copy: nothing is written, the outcome says why, and Sync Errors shows the
    conflict."""
    env = lite
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    rk = env.partner("C00001")
    env.update("right", "account", rk, city="Mechelen")  # the CRM changed it since
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    try:
        view = next(v for v in window.views if isinstance(v, RecordsView))
        with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
            window.open_workspace(env.workspace)
        window.nav.setCurrentRow(window.views.index(view) + 1)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        m = view.mapping_combo.findData("CUSTOMER")
        if view.mapping_combo.currentIndex() != m:
            with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
                view.mapping_combo.setCurrentIndex(m)
        with qtbot.waitSignal(view.pairLoaded, timeout=WAIT_MS):
            assert view.select_key("C00001")
        with qtbot.waitSignal(view.log_panel.loaded, timeout=WAIT_MS):
            view.show_record_log()
        p = view.log_panel
        select(p, "modify")
        with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
            result = undo(qtbot, p)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        assert not result.done and result.conflict
        assert env.rows("right", "account")[rk]["city"] == "Mechelen"  # nothing written
        assert p.outcome_bar.text_label.text().startswith("Nothing was undone: undo of log entry")
        assert "Dynamics 365 Sales changed city since" in p.outcome_bar.text_label.text()
        assert [r.kind for r in window.errors_page.errors_model.rows()] == ["conflict"]
    finally:
        window.close()
    assert window.runner.is_idle()


def test_undo_on_the_sync_errors_page_reads_the_errors_again(
    qtbot: QtBot, lite: Env, asked: Asked
) -> None:
    """The log panel below the errors: an undo the CRM's later change refuses turns the
    error's message into why, on the page, at once."""
    env = lite
    env.customers(1)
    env.job()
    env.update("left", "customer", "C00001", city="Brugge")
    env.job()  # a copy to the CRM: Gent → Brugge
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Mechelen")
    env.job()  # both changed: a conflict
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    try:
        page = window.errors_page
        with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
            window.open_workspace(env.workspace)
        with qtbot.waitSignal(page.recordLogLoaded, timeout=WAIT_MS):
            page.error_view.selectRow(0)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        p = page.log_panel
        log_id = select(p, "modify")
        page.reason_edit.setText("wrong city")
        with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
            result = undo(qtbot, p)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        assert result.conflict and not result.done
        [row] = page.errors_model.rows()
        assert row.kind == "conflict"
        assert row.message.startswith(f"undo of log entry {log_id}: Dynamics 365 Sales changed")
        assert page.reason_edit.text() == ""  # said for this action
        assert env.rows("right", "account")[rk]["city"] == "Mechelen"
    finally:
        window.close()
    assert window.runner.is_idle()
