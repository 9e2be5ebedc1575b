"""The Synchronize dialog: conflicts side by side, a value per field, applied in a worker.

The workspace: a Business Central-like ERP (``customer``) and a Dynamics 365 Sales-like
CRM (``account``) on SQLite, one mapping CUSTOMER with four fields (``email`` flows to the
CRM only). A first sync couples three customers; then each gets a conflict:

- C001 Alpha: the city changed in both apps (Leuven / Mechelen);
- C002 Beta: the phone changed in both apps (444 / 555), the name in the CRM only
  ("Beta NV") and the email in the ERP only;
- C003 Gamma: the city changed in both apps (Lier / Aalst).

The dialog runs its engine calls in a :class:`TaskRunner`, so the tests wait for its
signals; each test closes the dialog and shuts the runner down so threads join.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from syncdesk.sync.actions import resolve
from syncdesk.sync.conflicts import ConflictView, FieldView
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import Integration, open_integration
from syncdesk.sync.queries import ErrorRow, list_errors
from syncdesk.ui import tasks
from syncdesk.ui.conflict_dialog import (
    CHANGED_MARK,
    CONFLICT_MARK,
    ConflictDialog,
    ConflictFieldsModel,
    FieldColumn,
    FieldRole,
    Tints,
    initial_choice,
)
from syncdesk.ui.error_table_model import ErrorColumn
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.worker import TaskRunner

WAIT_MS = 15_000

WORKSPACE_TOML = """\
[workspace]
name = "Test"

[apps.left]
title = "Business Central"
url = "sqlite:///erp.db"

[apps.right]
title = "Dynamics 365 Sales"
url = "sqlite:///crm.db"

[[mappings]]
name = "CUSTOMER"
left  = { table = "customer", key = "no", modified = "last_modified" }
right = { table = "account", key = "accountid", modified = "modifiedon" }
fields = [
  { left = "name", right = "name" },
  { left = "phone_no", right = "telephone1" },
  { left = "city", right = "city" },
  { left = "email", right = "emailaddress1", direction = "to-right" },
]
"""

NOW = "strftime('%Y-%m-%dT%H:%M:%f','now')"
NAME, PHONE, CITY, EMAIL = range(4)  # the rows of the fields table, in mapping order


def _sql(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        with conn:
            return list(conn.execute(sql, args))
    finally:
        conn.close()


@dataclass
class Workspace:
    path: Path
    erp: Path
    crm: Path

    def left(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return _sql(self.erp, sql, *args)

    def right(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return _sql(self.crm, sql, *args)

    def customer(self, no: str) -> tuple[Any, ...]:
        return self.left("SELECT name, phone_no, city, email FROM customer WHERE no = ?", no)[0]

    def account(self, accountid: str) -> tuple[Any, ...]:
        return self.right(
            "SELECT name, telephone1, city, emailaddress1 FROM account WHERE accountid = ?",
            accountid,
        )[0]

    def errors(self) -> list[ErrorRow]:
        with open_integration(self.path) as integration:
            return list_errors(integration.state)


def make_workspace(folder: Path) -> Workspace:
    """Three coupled customers, then a conflict on each."""
    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace(folder / "syncdesk.toml", folder / "erp.db", folder / "crm.db")
    ws.left(
        "CREATE TABLE customer(no TEXT PRIMARY KEY, name TEXT NOT NULL, phone_no TEXT, "
        f"city TEXT, email TEXT, last_modified TEXT DEFAULT ({NOW}))"
    )
    ws.left(
        "INSERT INTO customer(no, name, phone_no, city) VALUES "
        "('C001', 'Alpha', '111', 'Gent'), ('C002', 'Beta', '222', 'Brugge'), "
        "('C003', 'Gamma', '333', 'Antwerpen')"
    )
    ws.right(
        "CREATE TABLE account(accountid TEXT PRIMARY KEY, name VARCHAR(40) NOT NULL, "
        "telephone1 TEXT, city TEXT, emailaddress1 TEXT, modifiedon TEXT)"
    )
    ws.path.write_text(WORKSPACE_TOML, encoding="utf-8")
    with open_integration(ws.path) as integration:
        (job,) = run_sync(integration)
    assert (job.status, job.counts.inserted) == ("succeeded", 3)

    def left(no: str, assignments: str) -> None:
        ws.left(f"UPDATE customer SET {assignments}, last_modified = {NOW} WHERE no = '{no}'")

    def right(name: str, assignments: str) -> None:
        ws.right(f"UPDATE account SET {assignments}, modifiedon = {NOW} WHERE name = '{name}'")

    left("C001", "city = 'Leuven'")
    right("Alpha", "city = 'Mechelen'")
    left("C002", "phone_no = '444', email = 'info@beta.be'")
    right("Beta", "telephone1 = '555', name = 'Beta NV'")
    left("C003", "city = 'Lier'")
    right("Gamma", "city = 'Aalst'")
    with open_integration(ws.path) as integration:
        (job,) = run_sync(integration)
    assert job.counts.conflicts == 3
    assert [e.left_key for e in ws.errors()] == ["C001", "C002", "C003"]
    return ws


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def integration(ws: Workspace) -> Iterator[Integration]:
    with open_integration(ws.path) as opened:
        yield opened


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@dataclass
class Opened:
    dialog: ConflictDialog
    rows: list[ErrorRow]


@pytest.fixture
def opened(
    qtbot: QtBot, ws: Workspace, integration: Integration, runner: TaskRunner
) -> Iterator[Any]:
    """A callable: open the dialog on the conflicts of these customers, wait for the first."""
    dialogs: list[ConflictDialog] = []

    def open_on(*keys: str) -> Opened:
        rows = [e for e in list_errors(integration.state) if e.left_key in keys]
        dialog = ConflictDialog(runner, integration, rows)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
            dialog.show()
        return Opened(dialog, rows)

    yield open_on
    for dialog in dialogs:
        if dialog.isVisible():
            dialog.done(QDialog.DialogCode.Rejected)  # no question about choices made
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)


def cell(dialog: ConflictDialog, row: int, col: FieldColumn, role: int = 0) -> Any:
    return dialog.model.index(row, col).data(role)


def click_cell(qtbot: QtBot, dialog: ConflictDialog, row: int, col: FieldColumn) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, col))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def apply_and_wait(qtbot: QtBot, dialog: ConflictDialog) -> Any:
    with qtbot.waitSignal(dialog.applied, timeout=WAIT_MS) as ended:
        dialog.apply_button.click()
    return ended.args[0]


def activate(qtbot: QtBot, dialog: ConflictDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)


def open_ids(ws: Workspace) -> list[str | None]:
    return [e.left_key for e in ws.errors()]


# -- what the dialog shows ---------------------------------------------------------------------


def test_the_dialog_shows_one_row_per_mapped_field_and_marks_the_conflict(
    opened: Any, qtmodeltester: Any
) -> None:
    dialog = opened("C001").dialog
    model = dialog.model

    assert model.rowCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in FieldColumn]
    assert headers == ["Field", "At last sync", "Business Central", "Dynamics 365 Sales", "Keep"]
    fields = [cell(dialog, r, FieldColumn.FIELD) for r in range(4)]
    assert fields == ["Name", "Phone no", f"City  {CONFLICT_MARK}", "Email"]
    assert [cell(dialog, CITY, c) for c in FieldColumn] == [
        f"City  {CONFLICT_MARK}",
        "Gent",
        f"Leuven  {CHANGED_MARK}",
        f"Mechelen  {CHANGED_MARK}",
        "choose ← or →",
    ]
    assert [cell(dialog, NAME, c) for c in FieldColumn] == [
        "Name",
        "Alpha",
        "Alpha",
        "Alpha",
        "same",
    ]
    assert cell(dialog, EMAIL, FieldColumn.BASE) == "(empty)"

    assert cell(dialog, CITY, FieldColumn.FIELD, FieldRole.CONFLICT) is True
    assert cell(dialog, NAME, FieldColumn.FIELD, FieldRole.CONFLICT) is False
    warning = model.tints.conflict
    for col in (FieldColumn.FIELD, FieldColumn.LEFT, FieldColumn.RIGHT, FieldColumn.KEEP):
        assert cell(dialog, CITY, col, Qt.ItemDataRole.BackgroundRole).color() == warning
    assert cell(dialog, NAME, FieldColumn.LEFT, Qt.ItemDataRole.BackgroundRole) is None
    # a radio button per value of a field that differs, none where both apps agree
    check = Qt.ItemDataRole.CheckStateRole
    assert cell(dialog, CITY, FieldColumn.LEFT, check) == Qt.CheckState.Unchecked
    assert cell(dialog, NAME, FieldColumn.LEFT, check) is None
    assert "Leuven" in cell(dialog, CITY, FieldColumn.LEFT, Qt.ItemDataRole.ToolTipRole)
    assert "was Gent" in cell(dialog, CITY, FieldColumn.LEFT, Qt.ItemDataRole.ToolTipRole)

    assert "C001" in dialog.record_label.text()
    assert "Business Central" in dialog.record_label.text()
    assert dialog.table.currentIndex().row() == CITY  # the field to decide has the focus
    qtmodeltester.check(model)


def test_choosing_right_for_the_conflict_writes_it_to_the_left_app(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    shown = opened("C001")
    dialog = shown.dialog
    accountid = shown.rows[0].right_key

    click_cell(qtbot, dialog, CITY, FieldColumn.RIGHT)

    assert cell(dialog, CITY, FieldColumn.RIGHT, FieldRole.CHOICE) == "right"
    assert cell(dialog, CITY, FieldColumn.RIGHT, Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Dynamics 365 Sales"
    assert dialog.preview_text().splitlines() == [
        "Business Central receives City: Leuven → Mechelen",
        "Dynamics 365 Sales: no change",
    ]
    result = apply_and_wait(qtbot, dialog)

    assert result.done == [shown.rows[0].id] and not result.problems
    assert ws.customer("C001")[2] == "Mechelen"
    assert ws.account(accountid)[2] == "Mechelen"
    assert "C001" not in open_ids(ws)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)  # the only one: done
    assert dialog.resolved_count == 1


def test_use_all_left_writes_the_left_values_to_the_right_app(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    shown = opened("C002")
    dialog = shown.dialog
    accountid = shown.rows[0].right_key
    # where only one app changed, the dialog starts with that app's value
    assert cell(dialog, NAME, FieldColumn.KEEP) == "Dynamics 365 Sales"
    assert cell(dialog, EMAIL, FieldColumn.KEEP) == "Business Central"
    assert dialog.undecided() == ["phone_no"]

    dialog.all_left_button.click()

    keep = [cell(dialog, r, FieldColumn.KEEP) for r in range(4)]
    assert keep == ["Business Central", "Business Central", "same", "Business Central"]
    preview = dialog.preview_text()
    assert "Dynamics 365 Sales receives Name: Beta NV → Beta" in preview
    assert "Dynamics 365 Sales receives Phone no: 555 → 444" in preview
    assert "Dynamics 365 Sales receives Email: (empty) → info@beta.be" in preview
    assert "Business Central: no change" in preview
    apply_and_wait(qtbot, dialog)

    assert ws.account(accountid) == ("Beta", "444", "Brugge", "info@beta.be")
    assert ws.customer("C002") == ("Beta", "444", "Brugge", "info@beta.be")
    assert "C002" not in open_ids(ws)


def test_preview_names_the_app_that_receives_each_value(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    dialog = opened("C002").dialog
    preview = dialog.preview_labels
    # the defaults: the CRM's new name goes to the ERP, the ERP's email to the CRM
    assert "Business Central</b> will receive" in preview["left"].text()
    assert "Name: Beta → <b>Beta NV</b>" in preview["left"].text()
    assert "Dynamics 365 Sales</b> will receive" in preview["right"].text()
    assert "info@beta.be" in preview["right"].text()

    click_cell(qtbot, dialog, PHONE, FieldColumn.RIGHT)
    assert "Phone no: 444 → <b>555</b>" in preview["left"].text()
    assert "Phone no" not in preview["right"].text()
    click_cell(qtbot, dialog, PHONE, FieldColumn.LEFT)
    assert "Phone no: 555 → <b>444</b>" in preview["right"].text()
    assert "Phone no" not in preview["left"].text()


def test_apply_is_disabled_while_a_conflicting_field_is_undecided(
    qtbot: QtBot, opened: Any, ws: Workspace, runner: TaskRunner
) -> None:
    dialog = opened("C001").dialog
    before = ws.customer("C001")

    assert not dialog.apply_button.isEnabled()
    assert dialog.undecided() == ["city"]
    assert dialog.hint_label.isVisible()
    assert "Choose a value for City" in dialog.hint_label.text()
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert runner.current_write is None and not runner.queued_writes()
    assert ws.customer("C001") == before

    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)
    assert dialog.apply_button.isEnabled()
    assert "Choose a value" not in dialog.hint_label.text()


def test_next_and_previous_step_through_the_conflicts_without_closing(
    qtbot: QtBot, opened: Any
) -> None:
    shown = opened("C001", "C003")
    dialog = shown.dialog
    first, second = (r.id for r in shown.rows)
    assert dialog.position_label.text() == "Conflict 1 of 2 — CUSTOMER"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    click_cell(qtbot, dialog, CITY, FieldColumn.RIGHT)

    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS) as step:
        dialog.next_button.click()
    assert step.args == [second]
    assert dialog.isVisible()
    assert dialog.position_label.text() == "Conflict 2 of 2 — CUSTOMER"
    assert cell(dialog, CITY, FieldColumn.LEFT) == f"Lier  {CHANGED_MARK}"
    assert dialog.previous_button.isEnabled() and not dialog.next_button.isEnabled()

    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS) as step:
        dialog.previous_button.click()
    assert step.args == [first]
    # the choice made before stepping away is still there
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Dynamics 365 Sales"
    assert dialog.apply_button.isEnabled()


def test_keyboard_only_resolves_three_conflicts_one_after_another(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    shown = opened("C001", "C002", "C003")
    dialog = shown.dialog
    accounts = [r.right_key for r in shown.rows]
    activate(qtbot, dialog)
    table = dialog.table
    assert table.hasFocus()

    # C001: the focus starts on City, the field to decide; → keeps the CRM's value
    assert table.currentIndex().row() == CITY
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Dynamics 365 Sales"
    with (
        qtbot.waitSignal(dialog.applied, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS) as step,
    ):
        qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert step.args == [shown.rows[1].id]  # on to the next by itself

    # C002: Alt+R keeps every CRM value; L then takes the ERP's phone back
    qtbot.keyClick(table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert {cell(dialog, r, FieldColumn.KEEP) for r in (NAME, PHONE)} == {"Dynamics 365 Sales"}
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert table.currentIndex().row() == PHONE
    qtbot.keyClick(table, Qt.Key.Key_L)
    assert cell(dialog, PHONE, FieldColumn.KEEP) == "Business Central"
    # PageDown/PageUp step away and back without losing the choice
    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
        qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert dialog.current_error_id() == shown.rows[2].id
    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
        qtbot.keyClick(table, Qt.Key.Key_PageUp)
    assert cell(dialog, PHONE, FieldColumn.KEEP) == "Business Central"
    with (
        qtbot.waitSignal(dialog.applied, timeout=WAIT_MS),
        qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS),
    ):
        qtbot.keyClick(table, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)

    # C003: Space swaps an undecided field to the left value first
    assert dialog.current_error_id() == shown.rows[2].id
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Business Central"
    with qtbot.waitSignal(dialog.applied, timeout=WAIT_MS):
        qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)  # the last one: done

    assert ws.customer("C001")[2] == ws.account(accounts[0])[2] == "Mechelen"
    assert ws.customer("C002")[:2] == ws.account(accounts[1])[:2] == ("Beta NV", "444")
    assert ws.customer("C003")[2] == ws.account(accounts[2])[2] == "Lier"
    assert open_ids(ws) == []
    assert dialog.resolved_count == 3


def test_tab_walks_the_table_and_buttons_and_escape_closes(
    qtbot: QtBot, opened: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = opened("C001", "C003").dialog
    activate(qtbot, dialog)
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)
    dialog.table.setFocus()
    seen = [dialog.table]
    for _ in range(7):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        dialog.table,
        dialog.all_left_button,
        dialog.all_right_button,
        dialog.edit_button,
        dialog.next_button,  # Previous is disabled on the first conflict
        dialog.apply_button,
        dialog.close_button,
        dialog.table,
    ]
    # Esc would lose the value chosen: it asks first, and Cancel keeps the dialog open
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Any:
        def exec_(box: QMessageBox) -> int:
            asked.append(box.text())
            return int(button.value)

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert asked == ["Close and lose the values chosen for 1 conflict?"]
    assert dialog.isVisible() and dialog.model.choices()["city"] == "left"
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert len(asked) == 2


# -- someone else was quicker ---------------------------------------------------------------


def test_a_conflict_resolved_meanwhile_shows_the_message_and_goes_on(
    qtbot: QtBot, opened: Any, ws: Workspace, integration: Integration, runner: TaskRunner
) -> None:
    shown = opened("C001", "C003")
    dialog = shown.dialog
    first, second = shown.rows
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)
    # someone else resolves C001 while the dialog shows it
    resolve(integration, [first.id], "use-left")
    click_cell(qtbot, dialog, CITY, FieldColumn.RIGHT)

    result = apply_and_wait(qtbot, dialog)

    assert result is None
    assert dialog.isVisible() and dialog.current_error_id() == first.id
    assert dialog.note_frame.isVisible()
    assert "already resolved" in dialog.note_label.text()
    assert "Traceback" not in dialog.note_label.text()
    assert not dialog.apply_button.isEnabled()
    assert ws.customer("C001")[2] == "Leuven"  # the other person's choice stands
    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
        dialog.next_button.click()
    assert dialog.current_error_id() == second.id
    assert not dialog.note_frame.isVisible()
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)
    assert apply_and_wait(qtbot, dialog).done == [second.id]


def test_a_conflict_resolved_before_it_is_read_cannot_be_shown(
    qtbot: QtBot, opened: Any, integration: Integration, runner: TaskRunner
) -> None:
    shown = opened("C001", "C002", "C003")
    dialog = shown.dialog
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)  # C002 was read ahead; C003 was not
    resolve(integration, [shown.rows[2].id], "use-right")
    for _ in range(2):
        with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
            dialog.go_next()
    assert "cannot be shown" in dialog.note_label.text()
    assert "not an open conflict" in dialog.note_label.text()
    assert dialog.model.rowCount() == 0
    assert dialog.table.placeholder() == "This conflict cannot be shown."
    assert dialog.reload_button.isVisible()
    assert not dialog.apply_button.isEnabled()


def test_a_record_deleted_meanwhile_is_named_and_can_be_read_again(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    shown = opened("C003")
    dialog = shown.dialog
    ws.right("DELETE FROM account WHERE accountid = ?", shown.rows[0].right_key)
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)

    result = apply_and_wait(qtbot, dialog)

    assert result is not None and shown.rows[0].id in result.problems
    assert "deleted in Dynamics 365 Sales meanwhile" in dialog.note_label.text()
    with qtbot.waitSignal(dialog.conflictShown, timeout=WAIT_MS):
        dialog.reload_button.click()
    assert "deleted in Dynamics 365 Sales meanwhile" in dialog.note_label.text()
    assert dialog.isVisible()


def test_reading_and_applying_run_off_the_gui_thread(
    qtbot: QtBot, opened: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_view, real_resolve = tasks.conflict_view, tasks.resolve

    def view_spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real_view(*args, **kwargs)

    def resolve_spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(tasks, "conflict_view", view_spy)
    monkeypatch.setattr(tasks, "resolve", resolve_spy)
    dialog = opened("C001").dialog
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)
    apply_and_wait(qtbot, dialog)
    # read to show, then write (the engine refuses if a value shown changed meanwhile)
    assert len(threads) == 2
    assert all(t is not threading.main_thread() for t in threads)


# -- from the main window ----------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.close()
    assert win.runner.is_idle()


def test_synchronize_opens_the_dialog_on_the_selected_conflicts_and_refreshes_the_table(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(ws.path)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert not window.errors_page.synchronize_action.isEnabled()
    window.errors_page.error_view.selectRow(0)
    window.errors_page.error_view.selectionModel().select(
        window.errors_page.errors_model.index(2, ErrorColumn.KIND),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.errors_page.synchronize_action.isEnabled()
    assert window.errors_page.synchronize_action.text().replace("&", "") == "Synchronize…"
    assert window.errors_page.synchronize_action in window.toolbar.actions()

    window.errors_page.synchronize_action.trigger()
    dialog = window.errors_page.conflict_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert [e.row.left_key for e in dialog.entries] == ["C001", "C003"]

    click_cell(qtbot, dialog, CITY, FieldColumn.RIGHT)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        dialog.apply_button.click()
    assert [r.left_key for r in window.errors_page.errors_model.rows()] == ["C002", "C003"]
    assert dialog.isVisible()  # on to C003

    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        dialog.reject()
    assert window.errors_page.conflict_dialog is None
    assert "1 conflict resolved" in window.statusBar().currentMessage()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


# -- the model and its colours on their own ----------------------------------------------------


def _field(name: str, base: Any, left: Any, right: Any, direction: str = "both") -> FieldView:
    return FieldView(
        field=name,
        left_column=name,
        right_column=name.upper(),
        base=base,
        left=left,
        right=right,
        left_changed=left != base,
        right_changed=right != base,
        flows_left=direction in ("both", "to-left"),
        flows_right=direction in ("both", "to-right"),
    )


def test_the_model_on_its_own_passes_the_model_tester(qtmodeltester: Any) -> None:
    view = ConflictView(
        error_id=1,
        version=1,
        mapping="CUSTOMER",
        left_key="C1",
        right_key="R1",
        titles={"left": "Business Central", "right": "Dynamics 365 Sales"},
        message="City changed in both apps",
        fields=(
            _field("name", "A", "A", "A"),
            _field("city", "Gent", "Leuven", "Mechelen"),
            _field("blocked", False, True, False),
            _field("phone_no", "1", "2", "3", direction="to-right"),
        ),
    )
    model = ConflictFieldsModel()
    qtmodeltester.check(model)  # empty
    model.set_view(view, {}, editable=True)
    qtmodeltester.check(model)
    assert model.index(2, FieldColumn.LEFT).data() == f"yes  {CHANGED_MARK}"
    # a one-way field changed at its source is no conflict: the source's value goes across
    assert initial_choice(view.fields[3]) == "left"
    assert model.index(3, FieldColumn.FIELD).data(FieldRole.CONFLICT) is False

    changed: list[int] = []
    model.choicesChanged.connect(lambda: changed.append(1))
    index = model.index(1, FieldColumn.RIGHT)
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.choices() == {"city": "right"}
    assert not model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert model.choices() == {"city": "right"}  # a radio button is unset by the other one
    assert not model.set_choice(0, "left")  # nothing to choose where both apps agree
    model.use_all("left")
    assert model.choices() == {"city": "left", "blocked": "left", "phone_no": "left"}
    assert changed == [1, 1]
    qtmodeltester.check(model)

    model.set_view(view, {}, editable=False)
    assert not model.set_choice(1, "left")
    assert not model.flags(model.index(1, FieldColumn.LEFT)) & Qt.ItemFlag.ItemIsUserCheckable


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tints_come_from_the_palette_and_keep_the_text_readable(theme: str) -> None:
    palette = QPalette()
    if theme == "dark":
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f65ca"))
    else:
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))
    tints = Tints.of(palette)
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    for tint in (tints.conflict, tints.changed):
        assert _contrast(tint, text) >= 4.5  # WCAG AA for body text
        assert tint != base
    # the warning stands out from the base more than a changed cell does
    assert _contrast(tints.conflict, base) > _contrast(tints.changed, base)


def test_a_dialog_needs_a_conflict(integration: Integration, runner: TaskRunner) -> None:
    with pytest.raises(ValueError):
        ConflictDialog(runner, integration, [])


# -- issue 12: the preview holds, the columns stay, the words match ------------------------------


def test_apply_refuses_when_a_value_changed_after_the_preview_and_shows_the_new_one(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    dialog = opened("C001").dialog
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)  # keep Leuven: Sales is to receive it
    assert "City: Mechelen → Leuven" in dialog.preview_text()
    # meanwhile someone changes the city in Sales
    ws.right(f"UPDATE account SET city = 'Antwerpen', modifiedon = {NOW} WHERE name = 'Alpha'")
    with qtbot.waitSignal(dialog.applied, timeout=WAIT_MS) as applied:
        dialog.apply_button.click()
    qtbot.waitUntil(dialog.runner.is_idle, timeout=WAIT_MS)
    assert applied.args == [None]
    # nothing was written; the new value shows, and the person looks again
    assert ws.customer("C001")[2] == "Leuven"
    assert ws.right("SELECT city FROM account WHERE name = 'Alpha'") == [("Antwerpen",)]
    assert [e.left_key for e in ws.errors()] == ["C001", "C002", "C003"]
    assert dialog.isVisible() and dialog.current.state == "ready"
    assert cell(dialog, CITY, FieldColumn.RIGHT).startswith("Antwerpen")
    assert dialog.note_label.text() == (
        "Nothing was written: City changed in an app after the preview was shown. "
        "The new values are shown; look again and apply."
    )
    # the choice for the changed field is asked again; then Apply writes what it shows
    assert dialog.undecided() == ["city"]
    click_cell(qtbot, dialog, CITY, FieldColumn.LEFT)
    assert "City: Antwerpen → Leuven" in dialog.preview_text()
    apply_and_wait(qtbot, dialog)
    assert ws.right("SELECT city FROM account WHERE name = 'Alpha'") == [("Leuven",)]


def test_the_columns_stay_put_as_choices_change_and_keep_is_never_cut(
    qtbot: QtBot, opened: Any
) -> None:
    dialog = opened("C001", "C002").dialog
    header = dialog.table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(len(FieldColumn))]
    fm = dialog.table.fontMetrics()
    for side in ("left", "right"):
        click_cell(qtbot, dialog, CITY, FieldColumn.LEFT if side == "left" else FieldColumn.RIGHT)
        assert [header.sectionSize(c) for c in range(len(FieldColumn))] == widths
    keep = cell(dialog, CITY, FieldColumn.KEEP)
    assert keep == "Business Central" or keep == "Dynamics 365 Sales"
    assert header.sectionSize(FieldColumn.KEEP) > fm.horizontalAdvance("Dynamics 365 Sales") + 10
    assert header.sectionSize(FieldColumn.KEEP) > fm.horizontalAdvance("choose ← or →") + 10
    # the message line names the fields as the table does
    assert dialog.error_label.text() == (
        "City: changed in both apps (Business Central: Leuven, Dynamics 365 Sales: Mechelen)"
    )
    dialog.go_next()
    qtbot.waitUntil(lambda: dialog.current.state == "ready", timeout=WAIT_MS)
    assert "phone_no" not in dialog.error_label.text()
    assert dialog.error_label.text().startswith("Phone no: changed in both apps")


def test_the_dutch_dialog_names_common_fields_in_dutch(qtbot: QtBot, opened: Any) -> None:
    from syncdesk.ui import i18n

    i18n.install("nl")
    try:
        dialog = opened("C001").dialog
        assert cell(dialog, CITY, FieldColumn.FIELD).startswith("Plaats")
        assert cell(dialog, NAME, FieldColumn.FIELD) == "Naam"
        assert "Plaats" in dialog.error_label.text()
    finally:
        i18n.install("en")


def test_an_unchosen_value_shows_an_empty_ring_in_light_and_dark() -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from syncdesk.ui import theme
    from syncdesk.ui.conflict_fields import radio_style

    for palette in (theme.dark_palette(), theme.light_palette()):
        tint = QColor("#8a5a2b")  # a conflict's warning tint behind the button
        for state, centre in (
            (QStyle.StateFlag.State_Off, tint),
            (QStyle.StateFlag.State_On, palette.color(palette.ColorRole.Text)),
        ):
            image = QImage(20, 20, QImage.Format.Format_ARGB32)
            image.fill(tint)
            option = QStyleOptionViewItem()
            option.rect = QRect(2, 2, 16, 16)
            option.palette = palette
            option.state = state | QStyle.StateFlag.State_Enabled
            painter = QPainter(image)
            radio_style().drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, option, painter, None
            )
            painter.end()
            assert image.pixelColor(10, 10).name() == centre.name(), (state, palette)
            # the ring is there, in the text's colour
            ring = image.pixelColor(10, 3)
            assert ring.name() != tint.name()


# -- issue 13: a value of one's own ---------------------------------------------------------


def type_value(qtbot: QtBot, dialog: ConflictDialog, row: int, text: str) -> None:
    """Edit… on the field in ``row``: the value dialog opens; type ``text``, then OK."""
    dialog.table.selectRow(row)
    assert dialog.edit_button.isEnabled()
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    value_dialog = dialog.value_dialog
    assert value_dialog is not None and value_dialog.isVisible()
    value_dialog.editor.edit.selectAll()
    qtbot.keyClicks(value_dialog.editor.edit, text)
    assert value_dialog.ok_button.isEnabled()
    value_dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.value_dialog is None, timeout=WAIT_MS)


def test_edit_writes_a_typed_value_to_both_apps(qtbot: QtBot, opened: Any, ws: Workspace) -> None:
    shown = opened("C001")
    dialog = shown.dialog
    accountid = shown.rows[0].right_key
    assert not dialog.apply_button.isEnabled()  # the city is still undecided

    type_value(qtbot, dialog, CITY, "Lier-Noord")

    assert cell(dialog, CITY, FieldColumn.KEEP) == "✎ Lier-Noord"
    assert cell(dialog, CITY, FieldColumn.KEEP, FieldRole.TYPED) == "Lier-Noord"
    check = Qt.ItemDataRole.CheckStateRole
    assert cell(dialog, CITY, FieldColumn.LEFT, check) == Qt.CheckState.Unchecked
    assert cell(dialog, CITY, FieldColumn.RIGHT, check) == Qt.CheckState.Unchecked
    assert dialog.undecided() == []
    assert dialog.preview_text().splitlines() == [
        "Business Central receives City: Leuven → Lier-Noord",
        "Dynamics 365 Sales receives City: Mechelen → Lier-Noord",
    ]
    result = apply_and_wait(qtbot, dialog)

    assert result.done == [shown.rows[0].id]
    # raw rows: both apps hold the value typed; the other fields as they were
    assert ws.customer("C001") == ("Alpha", "111", "Lier-Noord", None)
    assert ws.account(accountid) == ("Alpha", "111", "Lier-Noord", None)
    assert "C001" not in open_ids(ws)


def test_a_typed_value_is_taken_back_by_choosing_a_side_and_asked_about_on_close(
    qtbot: QtBot, opened: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = opened("C001").dialog
    type_value(qtbot, dialog, CITY, "Lier-Noord")
    assert dialog.unapplied_choices() == [dialog.current]
    click_cell(qtbot, dialog, CITY, FieldColumn.RIGHT)
    assert cell(dialog, CITY, FieldColumn.KEEP, FieldRole.TYPED) is None
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Dynamics 365 Sales"
    # E types a value too (the keys work from the table)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_E)
    assert dialog.value_dialog is not None
    assert dialog.value_dialog.editor.text() == "Mechelen"  # starts from the value kept
    dialog.value_dialog.reject()
    qtbot.waitUntil(lambda: dialog.value_dialog is None, timeout=WAIT_MS)
    assert cell(dialog, CITY, FieldColumn.KEEP) == "Dynamics 365 Sales"


def test_a_typed_value_is_refused_when_an_app_changed_the_field_meanwhile(
    qtbot: QtBot, opened: Any, ws: Workspace
) -> None:
    """The dialog sends the values it showed (expected): the engine writes nothing when an
    app holds another one now, and the dialog shows the conflict as it is now."""
    dialog = opened("C001").dialog
    type_value(qtbot, dialog, CITY, "Lier-Noord")
    ws.right(f"UPDATE account SET city = 'Antwerpen', modifiedon = {NOW} WHERE name = 'Alpha'")
    with qtbot.waitSignal(dialog.applied, timeout=WAIT_MS) as applied:
        dialog.apply_button.click()
    qtbot.waitUntil(dialog.runner.is_idle, timeout=WAIT_MS)
    assert applied.args == [None]
    assert ws.customer("C001")[2] == "Leuven"
    assert ws.right("SELECT city FROM account WHERE name = 'Alpha'") == [("Antwerpen",)]
    assert dialog.current.state == "ready"
    assert dialog.note_label.text().startswith("Nothing was written: City changed in an app")
    assert cell(dialog, CITY, FieldColumn.RIGHT).startswith("Antwerpen")
    assert cell(dialog, CITY, FieldColumn.KEEP, FieldRole.TYPED) is None  # look again
    assert dialog.undecided() == ["city"]
