"""The Job Queue page, the queue timer of the window, and Run Full Synchronization.

The workspace is the two-mapping one of ``builders`` (CUSTOMER, and CONTACT whose company
looks up CUSTOMER) on SQLite. The page's clock is set here, so an entry becomes due when a
test says so; the timer asks every few milliseconds. Each test closes its window, so every
thread joins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from builders import Env, customer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from syncdesk.sync.engine import Progress
from syncdesk.sync.queries import JobRow, QueueRow, list_jobs, queue_entries
from syncdesk.ui import i18n
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.queue_models import (
    QueueColumn,
    QueueRole,
    QueueTableModel,
    every_text,
    new_errors_text,
)
from syncdesk.ui.queue_view import QueueRun, QueueView
from syncdesk.ui.worker import TaskRunner

WAIT_MS = 20_000
TICK_MS = 20


class Clock:
    """Naive UTC, as the engine's clock; starts an hour ago, so nothing is due yet."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


class Asked:
    """Every QMessageBox the window opens, answered (Ok by default) instead of shown."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.texts.append(f"{box.text()}\n{box.informativeText()}")
        return int(self.answer.value)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    captured = Asked()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: captured.exec(box))
    return captured


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def notes() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def window(
    qtbot: QtBot, asked: Asked, clock: Clock, notes: list[tuple[str, str]]
) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    view = queue_view(win)
    view.clock = clock
    view.queue_timer.setInterval(TICK_MS)
    view.notify = lambda title, message: notes.append((title, message))
    yield win
    win.close()
    assert win.runner.is_idle()
    assert not view.queue_timer.isActive()


def queue_view(window: MainWindow) -> QueueView:
    view = window.queue_view
    assert isinstance(view, QueueView)
    return view


def open_env(qtbot: QtBot, window: MainWindow, env: Env) -> QueueView:
    view = queue_view(window)
    with qtbot.waitSignal(view.entriesLoaded, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    window.nav.setCurrentRow(window.views.index(view) + 1)
    return view


def entries(env: Env) -> dict[str, QueueRow]:
    with env.open() as integration:
        return {r.mapping: r for r in queue_entries(integration.state)}


def jobs(env: Env) -> list[JobRow]:
    with env.open() as integration:
        return list(reversed(list_jobs(integration.state)))


def shown(view: QueueView) -> list[list[str]]:
    model = view.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def asked_again(qtbot: QtBot, view: QueueView, times: int = 3) -> None:
    """Wait until the queue timer asked ``times`` times more whether an entry is due.

    A tick that finds nothing due reads the entries again (``entriesLoaded``); a tick that
    finds one due runs it first (``queueRan``), which fails the caller's
    ``qtbot.assertNotEmitted(view.queueRan)``. The event, not a time, ends the wait.
    """
    loads: list[None] = []
    view.entriesLoaded.connect(lambda: loads.append(None))
    qtbot.waitUntil(lambda: len(loads) >= times, timeout=WAIT_MS)


def select(view: QueueView, mapping: str) -> None:
    view.select_mapping(mapping)
    row = view.selected_row()
    assert row is not None and row.mapping == mapping


def test_the_page_lists_one_entry_per_mapping_every_30_minutes(
    qtbot: QtBot, window: MainWindow, lite: Env, qtmodeltester: Any
) -> None:
    view = open_env(qtbot, window, lite)
    assert view.title == "Job Queue"
    assert window.nav.item(window.views.index(view) + 1).text() == "Job Queue"
    rows = shown(view)
    assert [r[QueueColumn.MAPPING] for r in rows] == ["CONTACT", "CUSTOMER"]
    assert {r[QueueColumn.EVERY] for r in rows} == {"30 minutes"}
    assert {r[QueueColumn.STATUS] for r in rows} == {"Enabled"}
    assert {r[QueueColumn.LAST_RUN] for r in rows} == {"never"}
    # the page's clock is an hour behind: the first runs are an hour ahead, in local time
    first = min(r.next_run for r in entries(lite).values())
    local = {i18n.fmt_time(first), i18n.fmt_datetime(first, seconds=False)}
    assert {r[QueueColumn.NEXT_RUN] for r in rows} <= local
    assert window.queue_label.text() in {f"Next queue run {t}" for t in local}
    assert view.model.index(0, QueueColumn.EVERY).data(QueueRole.ROW).every_minutes == 30
    qtmodeltester.check(view.model)


def test_the_model_on_its_own_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = QueueTableModel()
    qtmodeltester.check(model)
    at = dt.datetime(2026, 1, 1, 12)
    model.set_rows(
        [
            QueueRow(1, "CONTACT", 30, True, at, None, None),
            QueueRow(2, "CUSTOMER", 90, False, at, at, 7),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, QueueColumn.EVERY).data() == "90 minutes"
    assert model.index(1, QueueColumn.STATUS).data() == "On hold"
    assert model.index(1, QueueColumn.LAST_JOB).data() == "Job 7"
    assert Qt.ItemFlag.ItemIsEditable in model.flags(model.index(0, QueueColumn.EVERY))
    assert Qt.ItemFlag.ItemIsEditable not in model.flags(model.index(0, QueueColumn.STATUS))
    assert not model.setData(model.index(0, QueueColumn.EVERY), 0)
    assert not model.setData(model.index(0, QueueColumn.EVERY), 44641)
    assert not model.setData(model.index(0, QueueColumn.MAPPING), "X")
    model.clear()
    qtmodeltester.check(model)


def test_words() -> None:
    assert every_text(1) == "1 minute"
    assert every_text(45) == "45 minutes"
    assert every_text(120) == "2 hours"
    assert every_text(60 * 24) == "1 day"
    assert new_errors_text({"CUSTOMER": 2}) == "2 new sync errors in CUSTOMER"
    assert new_errors_text({"CONTACT": 1}) == "1 new sync error in CONTACT"


def test_editing_minutes_and_hold_resume_are_stored_in_the_state_database(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    view = open_env(qtbot, window, lite)
    # in place, as a double-click and the spin box editor would
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        row = view.model.row_of("CUSTOMER")
        assert row is not None
        assert view.model.setData(view.model.index(row, QueueColumn.EVERY), 45)
    assert entries(lite)["CUSTOMER"].every_minutes == 45
    assert view.model.index(row, QueueColumn.EVERY).data() == "45 minutes"
    assert "every 45 minutes" in window.statusBar().currentMessage()
    # with the spin box above the table, on the selected entry
    select(view, "CONTACT")
    assert view.every_spin.value() == 30
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        view.every_spin.setValue(120)
    assert entries(lite)["CONTACT"].every_minutes == 120
    assert view.model.index(view.model.row_of("CONTACT") or 0, QueueColumn.EVERY).data() == (
        "2 hours"
    )
    # Hold, then Resume
    select(view, "CUSTOMER")
    assert view.hold_button.isEnabled() and not view.resume_button.isEnabled()
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        view.hold_button.click()
    assert entries(lite)["CUSTOMER"].enabled is False
    assert shown(view)[row][QueueColumn.STATUS] == "On hold"
    assert not view.hold_button.isEnabled() and view.resume_button.isEnabled()
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        view.resume_button.click()
    assert entries(lite)["CUSTOMER"].enabled is True
    assert shown(view)[row][QueueColumn.STATUS] == "Enabled"
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert jobs(lite) == []  # nothing was due: nothing ran


def test_a_due_entry_runs_by_itself_while_the_window_is_open(
    qtbot: QtBot, window: MainWindow, lite: Env, clock: Clock, notes: list[tuple[str, str]]
) -> None:
    lite.customers(3)
    view = open_env(qtbot, window, lite)
    with qtbot.assertNotEmitted(view.queueRan):
        asked_again(qtbot, view)
    assert jobs(lite) == []  # not due yet
    progress: list[object] = []
    view.jobProgress.connect(progress.append)
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS) as ran:
        clock.advance(61)
    run = ran.args[0] if ran.args else None
    assert isinstance(run, QueueRun) and run.scheduled
    assert [r.mapping for r in run.results] == ["CUSTOMER", "CONTACT"]  # parents first
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    done = jobs(lite)
    assert [(j.mapping, j.trigger, j.status) for j in done] == [
        ("CUSTOMER", "queue", "succeeded"),
        ("CONTACT", "queue", "succeeded"),
    ]
    assert len(lite.rows("right", "account")) == 3
    assert len(lite.couplings()) == 3
    assert any(isinstance(p, Progress) for p in progress)
    assert "Job queue done" in window.statusBar().currentMessage()
    assert notes == []  # no new sync errors: no notification
    stored = entries(lite)
    assert stored["CUSTOMER"].last_job == done[0].id
    assert stored["CUSTOMER"].next_run == clock.now + dt.timedelta(minutes=30)
    qtbot.waitUntil(lambda: shown(view)[1][QueueColumn.LAST_JOB] == f"Job {done[0].id}")
    assert window.queue_label.text().startswith("Next queue run ")
    # once run, not again until the next run is due
    with qtbot.assertNotEmitted(view.queueRan):
        asked_again(qtbot, view)
    assert len(jobs(lite)) == 2


def test_an_entry_on_hold_does_not_run(
    qtbot: QtBot, window: MainWindow, lite: Env, clock: Clock
) -> None:
    lite.customers(2)
    view = open_env(qtbot, window, lite)
    select(view, "CUSTOMER")
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        view.hold_button.click()
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS):
        clock.advance(61)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert [(j.mapping, j.trigger) for j in jobs(lite)] == [("CONTACT", "queue")]
    assert lite.rows("right", "account") == {}  # CUSTOMER did not run
    # every entry on hold: nothing is due, nothing runs
    select(view, "CONTACT")
    with qtbot.waitSignal(view.entryEdited, timeout=WAIT_MS):
        view.hold_button.click()
    clock.advance(120)
    with qtbot.assertNotEmitted(view.queueRan):
        asked_again(qtbot, view)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert len(jobs(lite)) == 1
    assert window.queue_label.text() == "Job queue: every entry on hold"


def test_a_scheduled_run_that_leaves_new_errors_notifies(
    qtbot: QtBot, window: MainWindow, lite: Env, clock: Clock, notes: list[tuple[str, str]]
) -> None:
    lite.customers(1)
    # the CRM refuses names longer than 40 characters: two failed writes
    lite.insert("left", "customer", no="C90001", name="N" * 50, city="Gent")
    lite.insert("left", "customer", no="C90002", name="M" * 50, city="Gent")
    view = open_env(qtbot, window, lite)
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS):
        clock.advance(61)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert notes == [("SyncDesk", "2 new sync errors in CUSTOMER")]
    assert sorted(e.kind for e in lite.errors()) == ["failed", "failed"]
    assert window.errors_page.errors_model.rowCount() == 2  # the error table was read again
    # the next run finds the same two errors: nothing new, no notification
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS):
        clock.advance(31)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert len(notes) == 1


def test_run_now_runs_the_selected_mapping_with_trigger_queue(
    qtbot: QtBot, window: MainWindow, lite: Env, notes: list[tuple[str, str]]
) -> None:
    lite.customers(2)
    view = open_env(qtbot, window, lite)
    select(view, "CUSTOMER")
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS) as ran:
        view.run_button.click()
    run = ran.args[0] if ran.args else None
    assert isinstance(run, QueueRun) and not run.scheduled
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert [(j.mapping, j.trigger) for j in jobs(lite)] == [("CUSTOMER", "queue")]
    assert len(lite.rows("right", "account")) == 2
    assert notes == []
    # the entry ran: its last run is now, its next run a whole interval later, on screen too
    with lite.open() as integration:
        entry = next(e for e in queue_entries(integration.state) if e.mapping == "CUSTOMER")
    assert entry.last_run is not None
    assert entry.next_run - entry.last_run == dt.timedelta(minutes=entry.every_minutes)
    qtbot.waitUntil(
        lambda: (
            view.model.rows()
            and any(
                r.mapping == "CUSTOMER" and r.last_run == entry.last_run for r in view.model.rows()
            )
        ),
        timeout=WAIT_MS,
    )


def test_a_run_asked_while_another_runs_is_shown_as_queued(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    lite.customers(2)
    view = open_env(qtbot, window, lite)
    select(view, "CUSTOMER")
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS):
        view.run_button.click()  # starts at once: the runner has no other writing task
        window.sync_action.trigger()  # waits for it
        assert "queued" in window.statusBar().currentMessage()
        assert window.job_status.queued_label.text() == "· 1 queued"
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert [(j.mapping, j.trigger) for j in jobs(lite)] == [
        ("CUSTOMER", "queue"),
        ("CUSTOMER", "manual"),
        ("CONTACT", "manual"),
    ]


def test_run_full_synchronization_of_one_mapping_asks_first(
    qtbot: QtBot,
    window: MainWindow,
    lite: Env,
    asked: Asked,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lite.customers(2)
    open_env(qtbot, window, lite)
    offered: list[list[str]] = []

    def choose(*args: Any) -> tuple[str, bool]:
        offered.append(list(args[3]))
        return "CUSTOMER", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    asked.answer = QMessageBox.StandardButton.Cancel
    window.full_sync_action.trigger()
    assert offered == [["All mappings", "CONTACT", "CUSTOMER"]]
    assert "compares every record of CUSTOMER in both apps" in asked.texts[-1]
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)  # had a job started: it ended
    assert jobs(lite) == []  # cancelled: nothing ran
    asked.answer = QMessageBox.StandardButton.Ok
    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS):
        window.full_sync_action.trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert [(j.mapping, j.trigger, j.full, j.status) for j in jobs(lite)] == [
        ("CUSTOMER", "manual", True, "succeeded")
    ]
    assert len(lite.rows("right", "account")) == 2


def test_cancelling_a_full_synchronization_leaves_nothing_half_written(
    qtbot: QtBot, window: MainWindow, lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    with lite.engines["left"].begin() as c:
        c.execute(
            insert(customer),
            [{"no": f"C{i:05d}", "name": f"Customer {i}", "city": "Gent"} for i in range(6000)],
        )
    open_env(qtbot, window, lite)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a: ("CUSTOMER", True))
    with qtbot.waitSignal(window.jobEnded, timeout=60_000) as ended:
        window.full_sync_action.trigger()
        qtbot.waitUntil(
            lambda: window.job_status.cancel_button.isVisibleTo(window), timeout=WAIT_MS
        )
        qtbot.waitUntil(lambda: "Job " in window.job_status.label.text(), timeout=WAIT_MS)
        window.job_status.cancel_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    (result,) = ended.args[0]
    assert result.status == "cancelled"
    assert "cancelled" in window.statusBar().currentMessage()
    accounts = lite.rows("right", "account")
    couplings = lite.couplings()
    assert len(accounts) < 6000  # it stopped part way
    assert set(couplings.values()) == set(accounts)  # every record in the CRM is coupled
    (job,) = jobs(lite)
    assert (job.full, job.status) == (True, "cancelled")


def test_the_tray_notifier_does_nothing_where_there_is_no_tray(qtbot: QtBot) -> None:
    runner = TaskRunner()
    view = QueueView(runner)
    qtbot.addWidget(view)
    assert view.notify == view._tray_notify
    view.notify("SyncDesk", "2 new sync errors in CUSTOMER")  # offscreen: no tray, no error
    assert view.next_run_text() == ""
    runner.shutdown()


def test_an_entry_another_runner_holds_shows_where_it_runs_and_is_not_run_twice(
    qtbot: QtBot, window: MainWindow, lite: Env
) -> None:
    from syncdesk.sync import queue

    lite.customers(1)
    with lite.open() as integration:
        claims = queue.claim(integration, "build-server:4242:ab12", limit=1)
    assert [c.mapping for c in claims] == ["CUSTOMER"]
    view = open_env(qtbot, window, lite)
    row = view.model.row_of("CUSTOMER")
    assert row is not None
    status = view.model.index(row, QueueColumn.STATUS)
    assert status.data() == "Running on build-server"
    assert "build-server:4242:ab12 runs this job now" in status.data(Qt.ItemDataRole.ToolTipRole)
    # Run Now here is refused with the engine's words; nothing runs twice
    select(view, "CUSTOMER")
    said: list[str] = []
    view.statusMessage.connect(lambda text, _ms: said.append(text))
    with qtbot.waitSignal(view.queueRan, timeout=WAIT_MS) as ran:
        view.run_button.click()
    assert ran.args == [None]
    assert any("CUSTOMER is running on build-server:4242:ab12 already" in m for m in said)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert jobs(lite) == []
