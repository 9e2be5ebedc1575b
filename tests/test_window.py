"""The main window, driven as an administrator would, on a small workspace made here.

The workspace: a Business Central-like ERP (``customer``) and a Dynamics 365 Sales-like
CRM (``account``) on SQLite, one mapping CUSTOMER. A first sync couples three customers;
then C001's city changes in both apps (a conflict) and C002's account is deleted in the
CRM (deleted in Dynamics 365 Sales). Every engine call of the window runs in a worker, so
the tests wait for the window's signals; each test closes its window so threads join.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from syncdesk.sync.engine import CancelToken, Counts, JobResult, Progress, run_sync
from syncdesk.sync.integration import open_integration
from syncdesk.sync.queries import ErrorRow, LogRow, list_errors, record_log
from syncdesk.ui import app as ui_app
from syncdesk.ui.error_table_model import ErrorColumn, ErrorRole, ErrorTableModel
from syncdesk.ui.i18n import settings_path
from syncdesk.ui.main_window import (
    MainWindow,
    job_summary,
    remember_workspace,
    settings,
)
from syncdesk.ui.models import changes_summary
from syncdesk.ui.record_log_models import ChangesModel, LogColumn, LogTableModel
from syncdesk.ui.worker import Task, TaskContext, TaskRunner

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
]
"""

NOW = "strftime('%Y-%m-%dT%H:%M:%f','now')"


@dataclass
class Workspace:
    path: Path
    erp: Path
    crm: Path

    def left(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return _sql(self.erp, sql, *args)

    def right(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return _sql(self.crm, sql, *args)

    def account_id(self, name: str) -> str:
        return str(self.right("SELECT accountid FROM account WHERE name = ?", name)[0][0])

    def errors(self) -> list[ErrorRow]:
        with open_integration(self.path) as integration:
            return list_errors(integration.state)


def _sql(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        with conn:
            return list(conn.execute(sql, args))
    finally:
        conn.close()


def make_workspace(folder: Path) -> Workspace:
    """Two app databases and a workspace file, synced once: three coupled customers."""
    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace(folder / "syncdesk.toml", folder / "erp.db", folder / "crm.db")
    ws.left(
        "CREATE TABLE customer(no TEXT PRIMARY KEY, name TEXT NOT NULL, phone_no TEXT, "
        f"city TEXT, last_modified TEXT DEFAULT ({NOW}))"
    )
    ws.left(
        "INSERT INTO customer(no, name, phone_no, city) VALUES "
        "('C001', 'Alpha', '111', 'Gent'), ('C002', 'Beta', '222', 'Brugge'), "
        "('C003', 'Gamma', '333', 'Antwerpen')"
    )
    ws.right(
        "CREATE TABLE account(accountid TEXT PRIMARY KEY, name VARCHAR(40) NOT NULL, "
        "telephone1 TEXT, city TEXT, modifiedon TEXT)"
    )
    ws.path.write_text(WORKSPACE_TOML, encoding="utf-8")
    with open_integration(ws.path) as integration:
        (job,) = run_sync(integration)
    assert (job.status, job.counts.inserted) == ("succeeded", 3)
    return ws


def make_errors(ws: Workspace) -> None:
    """C001: city changed in both apps (conflict); C002: deleted in the CRM."""
    ws.left(f"UPDATE customer SET city = 'Leuven', last_modified = {NOW} WHERE no = 'C001'")
    ws.right(f"UPDATE account SET city = 'Mechelen', modifiedon = {NOW} WHERE name = 'Alpha'")
    ws.right("DELETE FROM account WHERE name = 'Beta'")
    with open_integration(ws.path) as integration:
        (job,) = run_sync(integration)
    assert job.status == "succeeded"
    assert sorted(e.kind for e in ws.errors()) == ["conflict", "deleted-right"]


@dataclass
class Shown:
    icon: QMessageBox.Icon
    title: str
    text: str
    informative: str


class Dialogs:
    """Every QMessageBox the window opens, captured instead of shown."""

    def __init__(self) -> None:
        self.shown: list[Shown] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.shown.append(Shown(box.icon(), box.windowTitle(), box.text(), box.informativeText()))
        return int(self.answer.value)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    captured = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: captured.exec(box))
    return captured


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path / "ws")
    make_errors(workspace)
    return workspace


@pytest.fixture
def window(qtbot: QtBot, dialogs: Dialogs) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    win.close()
    assert win.runner.is_idle()


def open_ws(qtbot: QtBot, window: MainWindow, ws: Workspace) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(ws.path)
    wait_idle(qtbot, window)


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def kinds_shown(window: MainWindow) -> list[str]:
    model = window.errors_page.errors_model
    return [model.index(r, ErrorColumn.KIND).data() for r in range(model.rowCount())]


def select_kind(qtbot: QtBot, window: MainWindow, kind: str) -> ErrorRow:
    row = next(i for i, r in enumerate(window.errors_page.errors_model.rows()) if r.kind == kind)
    with qtbot.waitSignal(window.errors_page.recordLogLoaded, timeout=WAIT_MS):
        window.errors_page.error_view.selectRow(row)
    wait_idle(qtbot, window)
    return window.errors_page.errors_model.row_at(row)


def trigger(qtbot: QtBot, window: MainWindow, action: str) -> Any:
    with (
        qtbot.waitSignal(window.errors_page.actionEnded, timeout=WAIT_MS) as ended,
        qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS),
    ):
        window.error_actions[action].trigger()
    wait_idle(qtbot, window)
    return ended.args[0]


# -- what the window shows -----------------------------------------------------------------


def test_window_shows_errors_summary_and_workspace(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)

    assert window.windowTitle() == "SyncDesk — Test"
    assert kinds_shown(window) == ["conflict", "deleted in Dynamics 365 Sales"]
    model = window.errors_page.errors_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[ErrorColumn.LEFT] == "Business Central"
    assert headers[ErrorColumn.RIGHT] == "Dynamics 365 Sales"
    conflict = model.index(0, ErrorColumn.LEFT)
    assert conflict.data() == "C001"
    assert model.index(0, ErrorColumn.RIGHT).data() == ws.account_id("Alpha")
    assert "Leuven" in model.index(0, ErrorColumn.MESSAGE).data()
    assert isinstance(conflict.data(ErrorRole.ROW), ErrorRow)
    assert conflict.data(ErrorRole.KIND) == "conflict"

    summary = window.errors_page.summary_label.text()
    for part in (
        "1 conflict<",
        "1 deleted in Dynamics 365 Sales",
        "0 deleted in Business Central",
        "0 failed",
    ):
        assert part in summary
    assert window.errors_page.showing_label.text() == "2 open sync errors"
    assert "Test" in window.workspace_label.text()
    assert str(ws.path) in window.workspace_label.text()
    assert window.pages.currentWidget() is window.workspace_page


def test_every_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    select_kind(qtbot, window, "conflict")
    assert window.errors_page.log_panel.log_model.rowCount() > 0
    qtmodeltester.check(window.errors_page.errors_model)
    qtmodeltester.check(window.errors_page.log_panel.log_model)
    window.errors_page.log_panel.log_view.selectRow(0)  # the insert: it changed every field
    assert window.errors_page.log_panel.changes_model.rowCount() == 3
    qtmodeltester.check(window.errors_page.log_panel.changes_model)


def test_models_on_their_own_pass_the_model_tester(qtmodeltester: Any) -> None:
    import datetime as dt

    at = dt.datetime(2026, 1, 2, 10, 2, 0)
    errors = ErrorTableModel()
    errors.set_titles("Business Central", "Dynamics 365 Sales")
    qtmodeltester.check(errors)  # empty
    errors.set_rows(
        [
            ErrorRow(1, "CUSTOMER", "conflict", "C1", "R1", "city", at, at, 1, True, "open", 1, {}),
            ErrorRow(
                2, "CUSTOMER", "deleted-left", "C2", "R2", "gone", at, at, 1, True, "open", 1, {}
            ),
            ErrorRow(
                3, "CONTACT", "failed", None, "R3", "too long", at, at, 2, True, "open", 2, {}
            ),
        ]
    )
    qtmodeltester.check(errors)
    assert errors.index(1, ErrorColumn.KIND).data() == "deleted in Business Central"
    assert errors.index(2, ErrorColumn.LEFT).data() == "—"

    log = LogTableModel()
    log.set_titles("Business Central", "Dynamics 365 Sales")
    log.set_rows(
        [
            LogRow(
                1,
                at,
                41,
                "queue",
                "CUSTOMER",
                "C1",
                "R1",
                "modify",
                "to-right",
                "ok",
                "",
                {"city": ["Gent", "Brugge"]},
                None,
            ),
            LogRow(
                2,
                at,
                None,
                None,
                "CUSTOMER",
                "C1",
                "R1",
                "couple",
                None,
                "ok",
                "by hand",
                {},
                "ann",
            ),
        ]
    )
    qtmodeltester.check(log)
    assert log.index(0, LogColumn.DIRECTION).data() == "→ Dynamics 365 Sales"
    assert log.index(0, LogColumn.CHANGES).data() == "City: Gent → Brugge"
    assert log.index(1, LogColumn.JOB).data() == "—"

    changes = ChangesModel()
    changes.set_changes({"phone_no": [None, "555"], "city": ["Gent", "Brugge"]})
    qtmodeltester.check(changes)
    assert changes.index(0, 0).data() == "Phone no"
    assert changes.index(0, 1).data() == "(empty)"


def test_changes_summary_reads_like_a_sentence() -> None:
    assert changes_summary({"city": ["Gent", "Brugge"]}) == "City: Gent → Brugge"
    assert changes_summary({"phone_no": [None, "1"], "name": ["A", ""]}) == (
        "Phone no: (empty) → 1; Name: A → (empty)"
    )


# -- filtering and sorting -------------------------------------------------------------------


def test_filtering_by_kind_mapping_and_search_narrows_the_rows(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.kind_combo.setCurrentIndex(
            window.errors_page.kind_combo.findData("conflict")
        )
    assert kinds_shown(window) == ["conflict"]
    assert window.errors_page.showing_label.text() == "1 of 2 open sync errors"
    # the summary still counts every open error
    assert "1 deleted in Dynamics 365 Sales" in window.errors_page.summary_label.text()

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.kind_combo.setCurrentIndex(
            window.errors_page.kind_combo.findData("failed")
        )
    assert kinds_shown(window) == []
    assert window.errors_page.errors_stack.currentWidget() is window.errors_page.errors_placeholder
    assert "No sync error matches" in window.errors_page.errors_placeholder.text()

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.kind_combo.setCurrentIndex(0)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        qtbot.keyClicks(window.errors_page.search_edit, "c002")
    assert kinds_shown(window) == ["deleted in Dynamics 365 Sales"]

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.search_edit.clear()
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.mapping_combo.setCurrentIndex(
            window.errors_page.mapping_combo.findData("CUSTOMER")
        )
    assert len(kinds_shown(window)) == 2
    wait_idle(qtbot, window)


def test_summary_link_filters_by_its_kind(qtbot: QtBot, window: MainWindow, ws: Workspace) -> None:
    open_ws(qtbot, window, ws)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.summary_label.linkActivated.emit("deleted-right")
    assert kinds_shown(window) == ["deleted in Dynamics 365 Sales"]
    assert window.errors_page.kind_combo.currentData() == "deleted-right"
    wait_idle(qtbot, window)


def test_sorting_queries_again_in_that_order(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(ErrorColumn.KIND, Qt.SortOrder.DescendingOrder)
    assert window.errors_page.errors_model.sort_key == "kind"
    assert [r.kind for r in window.errors_page.errors_model.rows()] == ["deleted-right", "conflict"]
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(ErrorColumn.KIND, Qt.SortOrder.AscendingOrder)
    assert [r.kind for r in window.errors_page.errors_model.rows()] == ["conflict", "deleted-right"]
    wait_idle(qtbot, window)


# -- the record log ---------------------------------------------------------------------------


def test_record_log_lists_the_entries_of_the_selected_record(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    assert (
        window.errors_page.log_panel.log_stack.currentWidget()
        is window.errors_page.log_panel.placeholder
    )

    row = select_kind(qtbot, window, "conflict")
    with open_integration(ws.path) as integration:
        expected = record_log(integration.state, "left", "C001", "CUSTOMER")
    shown = window.errors_page.log_panel.log_model.rows()
    assert [e.id for e in shown] == [e.id for e in expected]
    assert shown[0].action == "insert"
    assert {e.action for e in shown[1:]} == {"conflict"}
    assert [e.at for e in shown] == sorted(e.at for e in shown)  # oldest first
    assert (
        "C001" in window.errors_page.log_panel.title_label.text()
        and row.mapping in window.errors_page.log_panel.title_label.text()
    )
    model = window.errors_page.log_panel.log_model
    assert model.index(0, LogColumn.DIRECTION).data() == "→ Dynamics 365 Sales"
    assert "City: (empty) → Gent" in model.index(0, LogColumn.CHANGES).data()
    # the newest entry is selected; picking the insert shows what it wrote
    assert (
        window.errors_page.log_panel.log_view.selectionModel().selectedRows()[0].row()
        == len(shown) - 1
    )
    window.errors_page.log_panel.log_view.selectRow(0)
    assert (
        window.errors_page.log_panel.changes_stack.currentWidget()
        is window.errors_page.log_panel.changes_view
    )
    fields = [window.errors_page.log_panel.changes_model.index(r, 0).data() for r in range(3)]
    assert fields == ["Name", "Phone no", "City"]

    select_kind(qtbot, window, "deleted-right")
    assert all(e.left_key == "C002" for e in window.errors_page.log_panel.log_model.rows())
    assert window.errors_page.log_panel.log_model.rows()[-1].action == "deleted"


# -- actions ------------------------------------------------------------------------------------


def test_actions_are_enabled_only_where_they_apply(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    for act in window.error_actions.values():
        assert not act.isEnabled()  # nothing open
    open_ws(qtbot, window, ws)
    enabled = lambda: {n for n, a in window.error_actions.items() if a.isEnabled()}  # noqa: E731
    assert enabled() == set()
    assert not window.errors_page.sync_now_action.isEnabled()
    assert window.sync_action.isEnabled()

    select_kind(qtbot, window, "conflict")
    assert enabled() == {"retry", "use-left", "use-right", "remove-coupling"}
    assert window.errors_page.sync_now_action.isEnabled()
    select_kind(qtbot, window, "deleted-right")
    assert enabled() == {"retry", "restore", "delete", "remove-coupling"}
    window.errors_page.error_view.selectAll()
    assert enabled() == {"retry", "remove-coupling"}
    assert window.error_actions["use-right"].text() == "Use Dynamics 365 Sales Version"
    for act in (*window.error_actions.values(), window.sync_action, window.refresh_action):
        assert not act.shortcut().isEmpty(), act.text()
        assert act.toolTip()
    wait_idle(qtbot, window)


def test_use_right_version_resolves_the_conflict_in_both_apps(
    qtbot: QtBot, window: MainWindow, ws: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, ws)
    conflict = select_kind(qtbot, window, "conflict")

    result = trigger(qtbot, window, "use-right")

    assert result.done == [conflict.id] and not result.problems
    assert ws.left("SELECT city FROM customer WHERE no = 'C001'") == [("Mechelen",)]
    assert ws.right("SELECT city FROM account WHERE name = 'Alpha'") == [("Mechelen",)]
    assert conflict.id not in [r.id for r in window.errors_page.errors_model.rows()]
    assert kinds_shown(window) == ["deleted in Dynamics 365 Sales"]
    assert window.statusBar().currentMessage() == (
        "Use Dynamics 365 Sales Version: 1 conflict resolved with the values in Dynamics 365 Sales"
    )
    assert dialogs.shown == []
    # the selection moved on to the next error, whose log is shown
    assert [r.kind for r in window.errors_page.selected_errors()] == ["deleted-right"]
    assert window.errors_page.log_panel.log_model.rows()[-1].left_key == "C002"


def test_restore_recreates_the_record_deleted_in_the_right_app(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    assert ws.right("SELECT count(*) FROM account WHERE name = 'Beta'") == [(0,)]
    gone = select_kind(qtbot, window, "deleted-right")

    result = trigger(qtbot, window, "restore")

    assert result.done == [gone.id]
    assert ws.right("SELECT name, telephone1, city FROM account WHERE name = 'Beta'") == [
        ("Beta", "222", "Brugge")
    ]
    assert kinds_shown(window) == ["conflict"]
    assert [e.kind for e in ws.errors()] == ["conflict"]


def test_delete_asks_first_naming_the_app_and_does_nothing_when_cancelled(
    qtbot: QtBot, window: MainWindow, ws: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, ws)
    select_kind(qtbot, window, "deleted-right")

    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.error_actions["delete"].trigger()
    assert [d.text for d in dialogs.shown] == [
        "Delete 1 record in Business Central and uncouple it?"
    ]
    assert window.runner.is_idle()
    assert ws.left("SELECT count(*) FROM customer WHERE no = 'C002'") == [(1,)]

    dialogs.answer = QMessageBox.StandardButton.Ok
    trigger(qtbot, window, "delete")
    assert ws.left("SELECT count(*) FROM customer WHERE no = 'C002'") == [(0,)]
    assert kinds_shown(window) == ["conflict"]


def test_remove_coupling_asks_first_and_keeps_both_records(
    qtbot: QtBot, window: MainWindow, ws: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, ws)
    window.errors_page.error_view.selectAll()
    wait_idle(qtbot, window)
    trigger(qtbot, window, "remove-coupling")
    assert dialogs.shown[0].text == "Remove the coupling of 2 record pairs?"
    assert "Nothing is deleted" in dialogs.shown[0].informative
    assert kinds_shown(window) == []
    assert "No open sync errors" in window.errors_page.errors_placeholder.text()
    assert ws.left("SELECT count(*) FROM customer") == [(3,)]


def test_a_partly_failed_action_shows_its_problems(
    qtbot: QtBot, window: MainWindow, ws: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, ws)
    gone = select_kind(qtbot, window, "deleted-right")
    # meanwhile someone puts the account back in the CRM by hand
    ws.right(
        "INSERT INTO account(accountid, name, telephone1, city) VALUES (?, 'Beta', '222', 'X')",
        gone.right_key,
    )

    result = trigger(qtbot, window, "restore")

    assert result.problems and not result.done
    (shown,) = dialogs.shown
    assert shown.icon == QMessageBox.Icon.Warning
    assert shown.text == "1 of 1 record could not be done; it stays in the list."
    assert "exists again in Dynamics 365 Sales" in shown.informative
    assert "Traceback" not in shown.informative
    assert "deleted in Dynamics 365 Sales" in kinds_shown(window)


def test_synchronize_modified_records_runs_a_job_and_reports_its_counts(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    ws.left(f"UPDATE customer SET phone_no = '999', last_modified = {NOW} WHERE no = 'C003'")

    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS) as ended:
        window.sync_action.trigger()
        assert window.job_status.isVisibleTo(window)
    wait_idle(qtbot, window)

    (job,) = ended.args[0]
    assert job.status == "succeeded" and job.trigger == "manual"
    assert job.counts.modified == 1
    assert ws.right("SELECT telephone1 FROM account WHERE name = 'Gamma'") == [("999",)]
    message = window.statusBar().currentMessage()
    assert f"Job {job.job} CUSTOMER done" in message and "1 modified" in message
    assert not window.job_status.isVisibleTo(window)


def test_synchronize_now_runs_a_job_on_the_selected_record(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    open_ws(qtbot, window, ws)
    conflict = select_kind(qtbot, window, "conflict")
    page = window.errors_page
    with qtbot.waitSignal(page.syncEnded, timeout=WAIT_MS) as ended:
        page.sync_now_action.trigger()
    wait_idle(qtbot, window)
    (job,) = ended.args[0].results
    assert job.trigger == "manual" and job.counts.skipped == 1  # a conflict waits for a person
    # the job says what it did, and why it passed the record over, with a link to the error
    bar = page.outcome_bar
    assert bar.isVisibleTo(window)
    assert bar.text_label.text() == (
        f"Job {job.job}: CUSTOMER C001 (Alpha) was skipped: sync error {conflict.id} is open; "
        "it waits for a person"
    )
    assert bar.error_button.isVisibleTo(window) and bar.told is not None
    assert bar.told.error_id == conflict.id and bar.told.level == "warning"


# -- opening ----------------------------------------------------------------------------------


def test_a_broken_workspace_file_shows_a_readable_error(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[workspace\nname = ", encoding="utf-8")
    with qtbot.waitSignal(window.workspaceFailed, timeout=WAIT_MS) as failed:
        window.open_workspace(broken)
    wait_idle(qtbot, window)
    (shown,) = dialogs.shown
    assert shown.icon == QMessageBox.Icon.Critical
    assert shown.title == "Could not open the workspace"
    assert "broken.toml" in shown.text
    assert failed.args[0] in shown.informative
    assert "Traceback" not in shown.informative
    assert window.pages.currentWidget() is window.empty_page
    assert window.integration is None
    assert not window.sync_action.isEnabled()


def test_a_missing_app_database_shows_a_readable_error(
    qtbot: QtBot, window: MainWindow, ws: Workspace, dialogs: Dialogs
) -> None:
    ws.crm.unlink()
    with qtbot.waitSignal(window.workspaceFailed, timeout=WAIT_MS):
        window.open_workspace(ws.path)
    wait_idle(qtbot, window)
    (shown,) = dialogs.shown
    assert "crm.db" in shown.informative


def test_opening_happens_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.ui import tasks

    threads: list[threading.Thread] = []
    real = tasks.load_workspace

    def spy(path: Path) -> Any:
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(tasks, "load_workspace", spy)
    open_ws(qtbot, window, ws)
    assert threads and threads[0] is not threading.main_thread()


def test_the_most_recent_workspace_opens_by_itself(qtbot: QtBot, ws: Workspace) -> None:
    remember_workspace(ws.path)
    win = ui_app.build_window(None, False)
    qtbot.addWidget(win)
    try:
        qtbot.waitSignal(win.errors_page.errorsRefreshed, timeout=WAIT_MS).wait()
        assert win.workspace_path == ws.path
        wait_idle(qtbot, win)
    finally:
        win.close()


def test_without_a_workspace_the_window_invites_to_open_one(qtbot: QtBot) -> None:
    win = ui_app.build_window(None, False)
    qtbot.addWidget(win)
    assert win.pages.currentWidget() is win.empty_page
    assert win.open_action.isEnabled() and not win.sync_action.isEnabled()
    win.close()


def test_demo_opens_from_the_user_data_folder(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs, isolated_user_dirs: Any
) -> None:
    try:
        import syncdesk.demo  # noqa: F401
    except ImportError:
        with qtbot.waitSignal(window.workspaceFailed, timeout=WAIT_MS):
            window.open_demo()
        wait_idle(qtbot, window)
        assert "no demo workspace" in dialogs.shown[0].informative
        return
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=60_000):
        window.open_demo()
    wait_idle(qtbot, window)
    assert window.workspace_path is not None
    assert window.workspace_path.is_relative_to(isolated_user_dirs.data)
    assert window.errors_page.errors_model.rowCount() > 0


def test_geometry_and_splitters_are_saved_on_close(
    qtbot: QtBot, window: MainWindow, ws: Workspace, isolated_user_dirs: Any
) -> None:
    open_ws(qtbot, window, ws)
    window.resize(700, 500)
    window.errors_page.splitter.setSizes([300, 300])
    window.close()
    s = settings()
    assert settings_path().is_relative_to(isolated_user_dirs.config)
    assert not s.value("MainWindow/geometry").isEmpty()
    assert not s.value("MainWindow/splitter").isEmpty()
    assert s.value("workspaces/recent") in ([str(ws.path)], str(ws.path))

    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    again.close()


def test_job_summary_counts() -> None:
    import datetime as dt

    at = dt.datetime(2026, 1, 1)
    r = JobResult(7, "CUSTOMER", "succeeded", "manual", at, at, "", Counts(inserted=2, conflicts=1))
    assert job_summary("Sync", [r]) == (
        "Job 7 CUSTOMER done: 2 inserted · 0 modified · 0 deleted · 0 skipped · 1 conflict · "
        "0 failed"
    )
    assert job_summary("Sync", []) == "Sync: nothing to do"


# -- the worker adapter ------------------------------------------------------------------------


def test_writing_tasks_run_one_at_a_time_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    running = 0
    peak = 0
    order: list[int] = []
    lock = threading.Lock()

    def work(n: int, _ctx: TaskContext) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
            order.append(n)
        return n

    done: list[object] = []
    for n in range(4):
        runner.submit(Task(f"w{n}", partial(work, n), writes=True, on_done=done.append))
    assert len(runner.queued_writes()) == 3
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)
    assert peak == 1 and order == [0, 1, 2, 3] and done == [0, 1, 2, 3]
    runner.shutdown()


def test_stale_results_on_a_channel_are_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    got: list[object] = []
    dropped: list[object] = []
    release = threading.Event()

    def slow(_ctx: TaskContext) -> str:
        release.wait(5)
        return "old"

    runner.submit(Task("a", slow, channel="c", on_done=got.append, on_dropped=dropped.append))
    runner.submit(Task("b", lambda _c: "new", channel="c", on_done=got.append))
    qtbot.waitUntil(lambda: got == ["new"], timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)
    assert got == ["new"] and dropped == ["old"]
    runner.shutdown()


def test_progress_is_throttled_and_failures_are_one_line(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[object] = []
    failures: list[str] = []

    def chatty(ctx: TaskContext) -> None:
        for i in range(2000):
            ctx.progress(i)
        ctx.progress("last", force=True)
        raise ValueError("no good")

    runner.submit(Task("p", chatty, on_progress=seen.append, on_failed=failures.append))
    qtbot.waitUntil(runner.is_idle, timeout=WAIT_MS)
    assert 2 <= len(seen) < 50 and seen[-1] == "last"
    assert failures == ["unexpected ValueError: no good"]
    runner.shutdown()


def test_shutdown_cancels_and_joins_a_running_job(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    token: list[CancelToken] = []

    def job(ctx: TaskContext) -> str:
        token.append(ctx.cancel)
        started.set()
        while not ctx.cancelled:
            time.sleep(0.01)
        return "cancelled"

    results: list[object] = []
    runner.submit(Task("j", job, writes=True, cancellable=True, on_done=results.append))
    runner.submit(Task("k", lambda _c: "never", writes=True, on_done=results.append))
    assert started.wait(5)
    runner.shutdown()
    assert runner.is_idle() and token[0].cancelled and results == []
    with pytest.raises(RuntimeError):
        runner.submit(Task("late", lambda _c: None))


def test_cancel_stops_a_running_synchronization(
    qtbot: QtBot, window: MainWindow, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.ui import tasks

    def slow_sync(
        integration: Any, mappings: Any, full: bool, context: TaskContext
    ) -> list[JobResult]:
        import datetime as dt

        context.progress(Progress(99, "CUSTOMER", "pairs", 1, 10, Counts()), force=True)
        while not context.cancelled:
            time.sleep(0.01)
        at = dt.datetime(2026, 1, 1)
        return [JobResult(99, "CUSTOMER", "cancelled", "manual", at, at, "cancelled")]

    monkeypatch.setattr(tasks, "synchronize", slow_sync)
    open_ws(qtbot, window, ws)
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS):
        window.sync_action.trigger()
        qtbot.waitUntil(lambda: "10%" in window.job_status.progress.format(), timeout=WAIT_MS)
        assert "Job 99 CUSTOMER" in window.job_status.label.text()
        window.job_status.cancel_button.click()
    wait_idle(qtbot, window)
    assert "cancelled" in window.statusBar().currentMessage()
