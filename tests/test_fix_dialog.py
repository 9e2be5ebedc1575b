"""Fix in place in the window (issue 13, item 2): Synchronize… on a failed sync error shows
the value the CRM refused, what its column takes and the database's words; the limit is
checked as the person types (no query), Apply stays disabled while it is broken, and a good
value lands in both apps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from builders import Env
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import Engine

from syncdesk.ui.fix_dialog import REFUSED_MARK, FixDialog
from syncdesk.ui.main_window import MainWindow

WAIT_MS = 30_000


def refused(env: Env) -> None:
    """The CRM takes at most 40 characters of a name: a failed sync error for C00001."""
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", name="N" * 50)
    assert env.job().counts.failed == 1
    [err] = env.errors()
    assert err.kind == "failed"


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.close()
    assert win.runner.is_idle()


def open_fix(qtbot: QtBot, window: MainWindow, env: Env) -> FixDialog:
    page = window.errors_page
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    page.error_view.selectionModel().select(
        page.errors_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.synchronize_action.isEnabled()
    page.reason_edit.setText("typo")
    page.synchronize_action.trigger()
    dialog = page.fix_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.shown, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    return dialog


def type_into(qtbot: QtBot, dialog: FixDialog, field: str, text: str) -> None:
    edit = dialog.editors[field].edit
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_a_too_long_value_shows_the_limit_as_it_is_typed_and_apply_stays_disabled(
    qtbot: QtBot, window: MainWindow, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(env)
    dialog = open_fix(qtbot, window, env)

    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.said_title.text() == "What Dynamics 365 Sales said:"
    assert dialog.said_label.text()  # the database's own words
    assert "Business Central C00001 → Dynamics 365 Sales" in dialog.record_label.text()
    # the refused field comes first, marked, with the value held now and its column's limit
    assert next(iter(dialog.editors)) == "name"
    name = dialog.editors["name"]
    assert name.text() == "N" * 50
    form = dialog.fields_area.widget()
    form_labels = [w.text() for w in form.findChildren(type(dialog.title_label))]
    assert f"Name  {REFUSED_MARK}" in form_labels
    assert "In Business Central now: " + "N" * 50 in form_labels
    limits = name.limit_label.text().splitlines()
    assert limits[0].startswith("Dynamics 365 Sales account.name: ")
    assert "at most 40 characters" in limits[0] and "check: length(name) <= 40" not in limits[0]
    assert limits[1].startswith("Business Central customer.name: ")
    assert name.status_label.text() == (
        "✗ too long for Dynamics 365 Sales: 50 characters, account.name takes at most 40"
    )
    assert not dialog.apply_button.isEnabled()
    assert dialog.hint_label.text().startswith("Name: too long for Dynamics 365 Sales")

    # typing asks no database: the limits were read once, when the dialog opened
    asked: list[str] = []
    real_connect = Engine.connect

    def watched(engine: Engine, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            asked.append(str(engine.url))
        return real_connect(engine, *args, **kwargs)

    monkeypatch.setattr(Engine, "connect", watched)
    type_into(qtbot, dialog, "name", "M" * 41)
    assert name.status_label.text() == (
        "✗ too long for Dynamics 365 Sales: 41 characters, account.name takes at most 40"
    )
    assert not dialog.apply_button.isEnabled()
    # another field changed does not make Apply possible while the name is still too long
    type_into(qtbot, dialog, "city", "Leuven")
    assert not dialog.apply_button.isEnabled()
    type_into(qtbot, dialog, "credit", "lots")
    assert (
        dialog.editors["credit"]
        .status_label.text()
        .startswith("✗ Dynamics 365 Sales account.creditlimit takes a number")
    )
    type_into(qtbot, dialog, "credit", "1000")
    type_into(qtbot, dialog, "name", "M" * 40)
    assert name.status_label.text() == "✓ fits: 40 of 40 characters"
    assert dialog.apply_button.isEnabled()
    assert asked == []
    monkeypatch.setattr(Engine, "connect", real_connect)
    # nothing was written by any of it
    assert env.rows("left", "customer")["C00001"]["name"] == "N" * 50
    assert env.rows("left", "customer")["C00001"]["city"] == "Gent"
    dialog.reject()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def test_a_good_value_lands_in_both_apps_and_the_error_is_resolved(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    refused(env)
    dialog = open_fix(qtbot, window, env)
    assert dialog.reason_edit.text() == "typo"  # the reason typed on the page
    type_into(qtbot, dialog, "name", "Short Name")
    assert dialog.hint_label.text() == (
        "Apply writes 1 value to Business Central and synchronizes the record to "
        "Dynamics 365 Sales (Ctrl+Enter)."
    )
    with (
        qtbot.waitSignal(dialog.applied, timeout=WAIT_MS) as applied,
        qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS),
    ):
        dialog.apply_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    outcome = applied.args[0]
    assert outcome is not None and outcome.result.resolved

    # raw rows: the ERP holds the fixed value, and the job that followed copied it to the CRM
    assert env.rows("left", "customer")["C00001"]["name"] == "Short Name"
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == "Short Name"
    assert env.errors() == []
    assert window.errors_page.errors_model.rowCount() == 0
    assert dialog.note_label.text().startswith(
        "Fixed: Business Central holds the new value, and Dynamics 365 Sales took it (job "
    )
    assert not dialog.apply_button.isVisible()
    edit = next(e for e in env.log("left", "C00001") if e.action == "edit")
    assert edit.direction == "to-left" and edit.changes == {"name": ["N" * 50, "Short Name"]}
    assert edit.user and edit.message.endswith("(typo)")
    dialog.close_button.click()
    qtbot.waitUntil(lambda: window.errors_page.fix_dialog is None, timeout=WAIT_MS)
    assert "resolved" in window.statusBar().currentMessage()


def test_a_fix_the_target_still_refuses_says_why_and_stays_open(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    """What the schema does not tell (a trigger) shows only when written: the value lands
    where it came from, the CRM refuses it again, and the dialog says so with its words."""
    refused(lite)
    with lite.engines["right"].begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER no_shouting BEFORE UPDATE ON account WHEN NEW.name LIKE '%!%' "
            "BEGIN SELECT RAISE(ABORT, 'names may not shout'); END"
        )
    dialog = open_fix(qtbot, window, lite)
    type_into(qtbot, dialog, "name", "Hello!")
    assert dialog.apply_button.isEnabled()  # the schema knows nothing against it
    with qtbot.waitSignal(dialog.applied, timeout=WAIT_MS) as applied:
        dialog.apply_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert not applied.args[0].result.resolved
    assert lite.rows("left", "customer")["C00001"]["name"] == "Hello!"
    assert lite.rows("right", "account")[lite.partner("C00001")]["name"] == "Customer 1"
    note = dialog.note_label.text()
    assert note.startswith("Written to Business Central, but Dynamics 365 Sales still refuses")
    assert "names may not shout" in note
    # still open on the error as it is now: the value written, ready for another try
    assert dialog.isVisible() and dialog.state == "ready"
    assert dialog.editors["name"].text() == "Hello!"
    assert "names may not shout" in dialog.said_label.text()
    assert [e.kind for e in lite.errors()] == ["failed"]
    dialog.reject()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def test_synchronize_on_several_failed_errors_or_a_mix_is_not_offered(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    refused(env)
    env.update("left", "customer", "C00002", name="X" * 45)
    env.job()
    page = window.errors_page
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert page.errors_model.rowCount() == 2
    page.error_view.selectAll()
    assert not page.synchronize_action.isEnabled()
    page.error_view.selectRow(1)
    assert page.synchronize_action.isEnabled()


def test_what_the_dialog_checks_is_what_the_engine_refuses(env: Env) -> None:
    """The live check (no query) and the engine's own check before it writes agree, word
    for word, on both databases."""
    from syncdesk.errors import UsageError
    from syncdesk.sync.fixing import fix, fix_view

    refused(env)
    [err] = env.errors()
    with env.open() as integration:
        view = fix_view(integration, err.id)
        assert (view.source, view.target, view.key) == ("left", "right", "C00001")
        [name] = view.refused
        assert name.field == "name" and name.value == "N" * 50
        assert [p.code for p in name.problems] == ["length"]
        for text in ("M" * 41, "M" * 40, "Short"):
            _value, problems = name.check(text)
            try:
                fix(integration, err.id, {"name": text}) if problems else None
            except UsageError as exc:
                assert str(exc) == f"{problems[0]}: nothing written"
            else:
                assert not problems
        credit = next(f for f in view.fields if f.field == "credit")
        _value, problems = credit.check("lots")
        with pytest.raises(UsageError) as caught:
            fix(integration, err.id, {"credit": "lots"})
        assert [p.code for p in problems] == ["kind", "kind"]  # neither app takes it
        assert str(caught.value) == str(problems[0])
    assert env.rows("left", "customer")["C00001"]["name"] == "N" * 50  # nothing written
