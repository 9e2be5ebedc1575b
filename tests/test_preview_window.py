"""Sync › Preview Synchronization… (issue 13, item 1 in the window): what a job would do,
grouped by action, with the field changes of the selected record; nothing is written; Run
This Synchronization starts a normal job whose counts are the preview's."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from builders import Env, damage_table
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from syncdesk.sync.engine import Counts, Progress
from syncdesk.ui import tasks
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.preview_models import CountColumn, PreviewColumn, PreviewRole
from syncdesk.ui.preview_window import PreviewDialog

WAIT_MS = 30_000


def checksum(url: str) -> str:
    engine = create_engine(url, poolclass=NullPool)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            digest.update(table.encode())
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    engine.dispose()
    return digest.hexdigest()


def everything(env: Env) -> dict[str, str]:
    return {name: checksum(url) for name, url in env.urls.items()}


def scenario(env: Env) -> None:
    """A copy each way, a conflict, a deletion, a value the CRM refuses, new records."""
    env.customers(6)
    env.sync()
    rk2, rk3, rk4 = (env.partner(f"C0000{i}") for i in (2, 3, 4))
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk2, telephone1="0470 12 34 56")
    env.update("left", "customer", "C00003", city="Brugge")
    env.update("right", "account", rk3, city="Mons")
    env.delete("right", "account", rk4)
    env.update("left", "customer", "C00006", name="N" * 50)
    env.insert("left", "customer", no="C00100", name="New Left", city="Gent")
    env.insert("right", "account", accountid="A-NEW", name="New Right", city="Namur")


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.close()
    assert win.runner.is_idle()


def open_window(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def open_preview(qtbot: QtBot, window: MainWindow) -> tuple[PreviewDialog, Any]:
    """Sync › Preview Synchronization…, by its key; waits for the preview to end."""
    assert window.preview_action.shortcut() == QKeySequence("F8")
    sync_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Sync")
    assert window.preview_action in sync_menu.actions()
    window.preview_action.trigger()
    dialog = window.sync_runs.preview_dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS) as done:
        pass
    return dialog, done.args[0]


def group_rows(dialog: PreviewDialog) -> list[str]:
    model = dialog.tree_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def records_of(dialog: PreviewDialog, group: str) -> list[tuple[str, ...]]:
    model = dialog.tree_model
    for r in range(model.rowCount()):
        parent = model.index(r, 0)
        if parent.data(PreviewRole.GROUP) == group:
            return [
                tuple(model.index(i, c, parent).data() for c in PreviewColumn)
                for i in range(model.rowCount(parent))
            ]
    return []


def counts_row(dialog: PreviewDialog, mapping: str) -> dict[CountColumn, str]:
    model = dialog.counts_model
    for r in range(model.rowCount()):
        if model.index(r, CountColumn.MAPPING).data() == mapping:
            return {c: model.index(r, c).data() for c in CountColumn}
    raise AssertionError(f"no counts for {mapping}")


def test_the_preview_lists_what_a_job_would_do_by_action_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, env: Env, qtmodeltester: Any
) -> None:
    scenario(env)
    open_window(qtbot, window, env)
    before = everything(env)

    dialog, run = open_preview(qtbot, window)

    assert everything(env) == before  # not a row changed anywhere: both apps and the state
    assert group_rows(dialog) == [
        "Would fail — 1",
        "Conflicts — 1",
        "Deletions found — 1",
        "Insert into Dynamics 365 Sales — 1",
        "Insert into Business Central — 1",
        "Modify — 2",
    ]
    [fail] = records_of(dialog, "fail")
    assert fail[PreviewColumn.LEFT] == "C00006"
    assert "would refuse the write" in fail[PreviewColumn.DETAIL]
    assert "40 characters" in fail[PreviewColumn.DETAIL]
    modified = {r[PreviewColumn.LEFT]: r for r in records_of(dialog, "modify")}
    assert modified["C00001"][PreviewColumn.NAME] == "Customer 1"
    assert modified["C00001"][PreviewColumn.DETAIL] == "→ Dynamics 365 Sales: City: Gent → Leuven"
    assert modified["C00002"][PreviewColumn.DETAIL].startswith("→ Business Central: Phone")
    [(name, *_rest)] = records_of(dialog, "insert-left")
    assert name == "New Right"
    # the counts a job would report, per mapping
    customer = counts_row(dialog, "CUSTOMER")
    assert customer[CountColumn.INSERTED] == "2"
    assert customer[CountColumn.MODIFIED] == "2"
    assert customer[CountColumn.CONFLICTS] == "1"
    assert customer[CountColumn.FAILED] == "1"
    assert customer[CountColumn.LISTED] == "7"
    assert dialog.summary_label.text().startswith(
        "A synchronization now: 2 to insert, 2 to modify, 0 to delete; 1 conflict, 1 would fail"
    )
    # the selected record's field changes, before → after
    model = dialog.tree_model
    modify = next(
        model.index(r, 0) for r in range(model.rowCount()) if "Modify" in model.index(r, 0).data()
    )
    first = next(
        model.index(i, 0, modify)
        for i in range(model.rowCount(modify))
        if model.index(i, PreviewColumn.LEFT, modify).data() == "C00001"
    )
    dialog.tree.setCurrentIndex(first)
    assert dialog.detail_title.text() == "CUSTOMER Customer 1 — Modify"
    assert dialog.changes_model.rows() == [("City", "Gent", "Leuven")]
    assert dialog.run_button.isEnabled()
    qtmodeltester.check(dialog.tree_model)
    qtmodeltester.check(dialog.counts_model)

    # Run This Synchronization: a normal job, planned again, whose counts are the preview's
    shown = {p.mapping: p for p in run.previews}
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS) as ended:
        dialog.run_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert window.sync_runs.preview_dialog is None  # the job runs in the status bar
    results = {r.mapping: r for r in ended.args[0]}
    assert {r.status for r in results.values()} == {"succeeded"}
    assert all(r.trigger == "manual" and r.job > 0 for r in results.values())
    for name in ("CUSTOMER", "CONTACT"):
        assert asdict(results[name].counts) == asdict(shown[name].counts), name
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Leuven"
    assert env.rows("left", "customer")["C00002"]["phone"] == "0470 12 34 56"


def test_a_preview_of_nothing_to_do_says_so_plainly(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.customers(3)
    env.sync()
    # saved again as they were: the preview compares all three and finds nothing to do
    for key, row in env.rows("left", "customer").items():
        env.update("left", "customer", key, city=row["city"])
    open_window(qtbot, window, env)
    dialog, run = open_preview(qtbot, window)
    assert run is not None and not run.cancelled
    assert dialog.tree_model.rowCount() == 0
    assert dialog.tree_stack.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text() == (
        "Nothing to do: a synchronization now would write nothing to either app."
    )
    assert dialog.summary_label.text() == "Nothing to do: both apps agree."
    assert counts_row(dialog, "CUSTOMER")[CountColumn.UNCHANGED] == "3"
    dialog.close_button.click()
    assert window.sync_runs.preview_dialog is None


def test_a_preview_stopped_by_a_damaged_table_says_so_in_the_databases_words(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    lite.customers(400)
    open_window(qtbot, window, lite)
    damage_table(Path(lite.urls["left"].removeprefix("sqlite:///")), "customer")
    dialog, run = open_preview(qtbot, window)
    assert run is None
    words = (
        f"The preview could not run: Business Central ({lite.urls['left']}): "
        "database disk image is malformed"
    )
    assert (dialog.summary_label.text(), dialog.empty_label.text()) == (words, words)
    assert dialog.tree_stack.currentWidget() is dialog.empty_label
    dialog.close_button.click()


def test_one_mapping_and_a_cap_on_the_records_listed(
    qtbot: QtBot, window: MainWindow, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.ui import preview_window

    monkeypatch.setattr(preview_window, "WINDOW_LIMIT", 4)
    env.customers(9)
    open_window(qtbot, window, env)
    dialog, _run = open_preview(qtbot, window)
    customer = counts_row(dialog, "CUSTOMER")
    assert customer[CountColumn.INSERTED] == "9"  # the counts are whole
    assert customer[CountColumn.LISTED] == "4 of 9"
    assert len(records_of(dialog, "insert-right")) == 4
    # choosing one mapping previews it alone
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS) as again:
        dialog.mapping_combo.setCurrentIndex(dialog.mapping_combo.findData("CUSTOMER"))
    assert [p.mapping for p in again.args[0].previews] == ["CUSTOMER"]
    assert again.args[0].mappings == ("CUSTOMER",)
    # and Run This Synchronization runs that mapping alone
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS) as ended:
        dialog.run_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert [r.mapping for r in ended.args[0]] == ["CUSTOMER"]
    assert ended.args[0][0].counts.inserted == 9
    assert len(env.rows("right", "account")) == 9


def test_the_preview_shows_progress_and_cancel_stops_it(
    qtbot: QtBot, window: MainWindow, env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long preview: its phase and count show, and Cancel ends it (nothing is shown)."""
    env.customers(2)
    open_window(qtbot, window, env)
    threads: list[threading.Thread] = []

    def slow_preview(integration: Any, mappings: Any, **kwargs: Any) -> list[Any]:
        threads.append(threading.current_thread())
        progress, cancel = kwargs["progress"], kwargs["cancel"]
        progress(Progress(0, "CUSTOMER", "pairs", 5, 10, Counts()))
        # waits for Cancel (bounded: a Cancel that never arrives fails the test below)
        cancel._event.wait(WAIT_MS / 1000)
        return []

    monkeypatch.setattr(tasks, "preview", slow_preview)
    window.preview_action.trigger()
    dialog = window.sync_runs.preview_dialog
    assert dialog is not None
    qtbot.waitUntil(
        lambda: dialog.progress_label.text() == "CUSTOMER — comparing coupled records",
        timeout=WAIT_MS,
    )
    assert dialog.progress_frame.isVisible()
    assert dialog.progress_bar.format() == "5/10" and dialog.progress_bar.value() == 5
    assert not dialog.run_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=WAIT_MS) as done:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert done.args[0].cancelled
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.summary_label.text() == (
        "The preview was cancelled; nothing is shown, and nothing was written."
    )
    assert not dialog.progress_frame.isVisible()
    assert not dialog.run_button.isEnabled()
