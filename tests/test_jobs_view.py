"""The Jobs page and the clean-up of old entries, on a small workspace made here.

The workspace: an ERP ``customer`` and a CRM ``account`` (whose names may be at most 40
characters) on SQLite, one mapping CUSTOMER. Its history, one job each:

1. manual: three customers inserted in the CRM;
2. manual: C003's city changed in the ERP (one record modified, no sync error);
3. queue: C001's city changed in both apps (a conflict) and C002 renamed in the ERP to a
   name too long for the CRM (a failed write);
4. queue: nothing new; the conflict is passed over, the failed write tried once more.

The engine tests of :func:`delete_old_entries` run without Qt; the page tests drive the
page inside the main window (where it is registered) and on its own.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from builders import Env
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from syncdesk.models import Job, LogEntry, SyncError, SyncErrorEvent
from syncdesk.sync.actions import resolve
from syncdesk.sync.endpoint import now_utc
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import open_integration
from syncdesk.sync.maintenance import (
    CleanupResult,
    count_old_entries,
    cutoff_for,
    delete_old_entries,
)
from syncdesk.sync.queries import job_errors, job_log, list_errors, list_jobs
from syncdesk.ui import i18n
from syncdesk.ui.job_chart import JobChart, chart_bars, nice_ceiling
from syncdesk.ui.jobs_models import (
    JobColumn,
    JobErrorModel,
    JobLogModel,
    JobSkipColumn,
    JobTableModel,
    duration_text,
    job_message,
)
from syncdesk.ui.jobs_view import JobsView
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.pages import VIEW_CLASSES
from syncdesk.ui.worker import TaskRunner

WAIT_MS = 15_000
NOW = "strftime('%Y-%m-%dT%H:%M:%f','now')"
LONG_NAME = "Gamma Holdings International Trading Company Limited"  # > 40 characters

WORKSPACE_TOML = """\
[workspace]
name = "Jobs"

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
  { left = "city", right = "city" },
]
"""


def _sql(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        with conn:
            return list(conn.execute(sql, args))
    finally:
        conn.close()


@dataclass
class History:
    path: Path
    erp: Path
    crm: Path
    jobs: list[int]  # the four jobs, oldest first

    def state(self, q: Any) -> list[Any]:
        with open_integration(self.path) as integration, integration.state.read() as s:
            return list(s.execute(q).all())


def make_history(folder: Path) -> History:
    folder.mkdir(parents=True, exist_ok=True)
    erp, crm = folder / "erp.db", folder / "crm.db"
    _sql(
        erp,
        "CREATE TABLE customer(no TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT, "
        f"last_modified TEXT DEFAULT ({NOW}))",
    )
    _sql(
        erp,
        "INSERT INTO customer(no, name, city) VALUES ('C001', 'Alpha', 'Gent'), "
        "('C002', 'Beta', 'Brugge'), ('C003', 'Gamma', 'Antwerpen')",
    )
    _sql(
        crm,
        "CREATE TABLE account(accountid TEXT PRIMARY KEY, "
        "name TEXT NOT NULL CHECK (length(name) <= 40), city TEXT, modifiedon TEXT)",
    )
    path = folder / "syncdesk.toml"
    path.write_text(WORKSPACE_TOML, encoding="utf-8")
    jobs: list[int] = []
    with open_integration(path) as integration:
        (first,) = run_sync(integration)
        assert first.counts.inserted == 3
        jobs.append(first.job)
        _sql(erp, f"UPDATE customer SET city = 'Hasselt', last_modified = {NOW} WHERE no='C003'")
        (second,) = run_sync(integration)
        assert second.counts.modified == 1
        jobs.append(second.job)
        _sql(erp, f"UPDATE customer SET city = 'Leuven', last_modified = {NOW} WHERE no='C001'")
        _sql(crm, f"UPDATE account SET city = 'Mechelen', modifiedon = {NOW} WHERE name='Alpha'")
        _sql(erp, f"UPDATE customer SET name = ?, last_modified = {NOW} WHERE no='C002'", LONG_NAME)
        (third,) = run_sync(integration, trigger="queue")
        assert (third.counts.conflicts, third.counts.failed) == (1, 1)
        jobs.append(third.job)
        (fourth,) = run_sync(integration, trigger="queue")
        assert fourth.counts.skipped >= 1
        jobs.append(fourth.job)
        assert sorted(e.kind for e in list_errors(integration.state)) == ["conflict", "failed"]
    return History(path, erp, crm, jobs)


@pytest.fixture
def history(tmp_path: Path) -> History:
    return make_history(tmp_path / "ws")


LATER = dt.timedelta(days=30)


# == the engine, without Qt ====================================================================


def test_job_log_and_job_errors_queries(history: History) -> None:
    first, second, third, _fourth = history.jobs
    with open_integration(history.path) as integration:
        store = integration.state
        inserted = job_log(store, first, actions=("insert", "restore"), result="ok")
        assert [(e.left_key, e.action, e.job) for e in inserted] == [
            ("C001", "insert", first),
            ("C002", "insert", first),
            ("C003", "insert", first),
        ]
        assert all(e.trigger == "manual" for e in inserted)
        assert [e.left_key for e in job_log(store, second)] == ["C003"]
        assert len(job_log(store, first, limit=2)) == 2
        conflicts = job_errors(store, third, ("conflict",))
        assert [(e.kind, e.left_key) for e in conflicts] == [("conflict", "C001")]
        assert [e.left_key for e in job_errors(store, third, ("failed",))] == ["C002"]
        assert job_errors(store, second) == []


def test_cleanup_deletes_old_jobs_but_keeps_the_history_of_open_errors(history: History) -> None:
    first, second, third, fourth = history.jobs
    later = now_utc() + LATER
    with open_integration(history.path) as integration:
        store = integration.state
        preview = count_old_entries(store, dt.timedelta(days=7), now=later)
        result = delete_old_entries(store, dt.timedelta(days=7), now=later)
        assert result == preview
        # job 2 only touched C003, which has no open error: it goes with its log entry
        assert result == CleanupResult(jobs=1, log_entries=1, error_events=0)
    jobs = {j for (j,) in history.state(select(Job.id))}
    assert jobs == {first, third, fourth}
    assert history.state(select(LogEntry.id).where(LogEntry.job_id == second)) == []
    # the open errors keep their events and the log of their records
    events = history.state(
        select(SyncErrorEvent.job_id, SyncError.kind).join(
            SyncError, SyncError.id == SyncErrorEvent.error_id
        )
    )
    assert (third, "conflict") in events and (third, "failed") in events
    c001 = {j for (j,) in history.state(select(LogEntry.job_id).where(LogEntry.left_key == "C001"))}
    assert {first, third} <= c001


def test_cleanup_leaves_young_entries_alone(history: History) -> None:
    with open_integration(history.path) as integration:
        store = integration.state
        result = delete_old_entries(store, dt.timedelta(days=7), now=now_utc() + dt.timedelta(1))
        assert result == CleanupResult()
        assert len(list_jobs(store)) == 4
    with pytest.raises(ValueError):
        cutoff_for(dt.timedelta(days=-1))


def test_cleanup_deletes_a_resolved_errors_history(history: History) -> None:
    with open_integration(history.path) as integration:
        conflict = next(e for e in list_errors(integration.state) if e.kind == "conflict")
        failed = next(e for e in list_errors(integration.state) if e.kind == "failed")
        resolve(integration, [conflict.id], "use-left")
        result = delete_old_entries(integration.state, dt.timedelta(days=7), now=now_utc() + LATER)
    assert result.error_events >= 2  # found, and resolved
    left = history.state(select(SyncErrorEvent.error_id).distinct())
    assert left == [(failed.id,)]
    # the conflict's row stays (resolved), its jobs may go; the failed write's stay
    (row,) = history.state(
        select(SyncError.status, SyncError.job_id).where(SyncError.id == conflict.id)
    )
    assert row.status == "resolved"
    jobs = {j for (j,) in history.state(select(Job.id))}
    assert history.jobs[2] in jobs  # the failed write was found there
    # C002's log stays; its jobs stay with it
    c002 = {j for (j,) in history.state(select(LogEntry.job_id).where(LogEntry.left_key == "C002"))}
    assert c002 <= jobs
    n = history.state(select(func.count()).select_from(LogEntry).where(LogEntry.left_key == "C002"))
    assert n[0][0] >= 2


# == small pieces ==============================================================================


def test_duration_and_scale_texts() -> None:
    t = dt.datetime(2026, 1, 1, 10, 0, 0)
    assert duration_text(t, None) == "running"
    assert duration_text(t, t + dt.timedelta(seconds=0.4)) == "0.4 s"
    assert duration_text(t, t + dt.timedelta(seconds=42)) == "42 s"
    assert duration_text(t, t + dt.timedelta(seconds=185)) == "3 min 05 s"
    assert duration_text(t, t + dt.timedelta(hours=1, minutes=2)) == "1 h 02 min"
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 180, 501)] == [1, 1, 5, 10, 20, 200, 1000]


def test_models_on_their_own_pass_the_model_tester(
    qapp: Any, qtmodeltester: Any, history: History
) -> None:
    with open_integration(history.path) as integration:
        rows = list_jobs(integration.state)
        log = job_log(integration.state, history.jobs[0])
        errors = job_errors(integration.state, history.jobs[2])
    jobs = JobTableModel()
    qtmodeltester.check(jobs)
    jobs.set_rows(rows[:2], total=4)
    jobs.append_rows(rows[2:])
    qtmodeltester.check(jobs)
    log_model = JobLogModel()
    log_model.set_rows(log)
    qtmodeltester.check(log_model)
    error_model = JobErrorModel()
    error_model.set_rows(errors)
    qtmodeltester.check(error_model)


# == the page ==================================================================================


class Dialogs:
    """Every QMessageBox opened, captured instead of shown; answers with ``answer``."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.texts.append(box.text())
        return int(self.answer.value)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    captured = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: captured.exec(box))
    return captured


@pytest.fixture
def window(qtbot: QtBot, dialogs: Dialogs) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.close()
    assert win.runner.is_idle()


def jobs_page(window: MainWindow) -> JobsView:
    return next(v for v in window.views if isinstance(v, JobsView))


def open_jobs(qtbot: QtBot, window: MainWindow, history: History) -> JobsView:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(history.path)
    page = jobs_page(window)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    with qtbot.waitSignal(page.jobsLoaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(window.views.index(page) + 1)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    return page


def cell(page: JobsView, row: int, col: JobColumn) -> Any:
    return page.jobs_model.index(row, col).data()


def test_the_page_is_registered() -> None:
    assert JobsView in VIEW_CLASSES
    assert JobsView.title == "Jobs"


def test_page_lists_jobs_newest_first_with_counts_and_triggers(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    page = open_jobs(qtbot, window, history)
    model = page.jobs_model
    assert [cell(page, r, JobColumn.ID) for r in range(4)] == [
        str(j) for j in reversed(history.jobs)
    ]
    assert [cell(page, r, JobColumn.TRIGGER) for r in range(4)] == [
        "Job queue",
        "Job queue",
        "Manual",
        "Manual",
    ]
    assert cell(page, 3, JobColumn.INSERTED) == "3"
    assert cell(page, 2, JobColumn.MODIFIED) == "1"
    assert (cell(page, 1, JobColumn.CONFLICTS), cell(page, 1, JobColumn.FAILED)) == ("1", "1")
    assert all(cell(page, r, JobColumn.STATUS) == "Succeeded" for r in range(4))
    assert cell(page, 0, JobColumn.DURATION).endswith("s")
    assert page.summary_label.text() == "4 jobs"
    # counts are right-aligned, zero counts dimmed
    align = model.index(0, JobColumn.INSERTED).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align is not None
    zero = model.index(0, JobColumn.INSERTED).data(Qt.ItemDataRole.ForegroundRole)
    assert zero is not None
    assert page.more_button.isHidden()


def test_selecting_a_job_shows_its_log(qtbot: QtBot, window: MainWindow, history: History) -> None:
    page = open_jobs(qtbot, window, history)
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.select_job(history.jobs[0])
    assert page.detail_stack.currentWidget() is page.log_view
    assert [r.left_key for r in page.log_model.rows()] == ["C001", "C002", "C003"]
    assert page.detail_title.text().startswith(f"Job {history.jobs[0]} · CUSTOMER · Manual")
    # the record columns are named after the apps
    assert page.log_model.headerData(1, Qt.Orientation.Horizontal) == "Business Central"


def test_activating_the_conflicts_count_shows_the_conflict(
    qtbot: QtBot, window: MainWindow, history: History, qtmodeltester: Any
) -> None:
    page = open_jobs(qtbot, window, history)
    third = history.jobs[2]
    row = page.jobs_model.row_of(third)
    assert row is not None
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.select_job(third)
    index = page.jobs_model.index(row, JobColumn.CONFLICTS)
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.jobs_view.activated.emit(index)
    assert page.detail_stack.currentWidget() is page.error_view
    assert [(e.kind, e.left_key) for e in page.error_model.rows()] == [("conflict", "C001")]
    assert page.detail_title.text() == f"1 conflict recorded by job {third}"
    assert not page.all_entries_button.isHidden()
    # the records behind a count of the log: job 1's three inserts
    first = page.jobs_model.row_of(history.jobs[0])
    assert first is not None
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.jobs_view.activated.emit(page.jobs_model.index(first, JobColumn.INSERTED))
    assert page.detail_title.text() == f"3 records inserted by job {history.jobs[0]}"
    assert len(page.log_model.rows()) == 3
    qtmodeltester.check(page.jobs_model)
    qtmodeltester.check(page.log_model)
    qtmodeltester.check(page.error_model)


def test_chart_has_one_bar_per_job_and_renders(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    page = open_jobs(qtbot, window, history)
    bars = page.chart.bars
    assert [b.job for b in bars] == history.jobs  # oldest left
    assert [(b.written, b.errors) for b in bars][:3] == [(3, 0), (1, 0), (0, 2)]
    assert "Job" in page.chart.tooltip_for(0)
    assert not page.chart.grab().isNull()
    page.chart_button.setChecked(False)
    assert page.chart.isHidden()


def test_chart_on_its_own(qtbot: QtBot, history: History) -> None:
    chart = JobChart()
    qtbot.addWidget(chart)
    chart.resize(500, 160)
    assert not chart.grab().isNull()  # empty
    with open_integration(history.path) as integration:
        rows = list_jobs(integration.state)
    chart.set_bars(chart_bars(rows, limit=2))
    assert [b.job for b in chart.bars] == history.jobs[2:]
    assert not chart.grab().isNull()


def test_cleanup_from_the_page_asks_and_deletes(
    qtbot: QtBot, window: MainWindow, history: History, dialogs: Dialogs
) -> None:
    page = open_jobs(qtbot, window, history)
    page.days_spin.setValue(0)  # everything finished before now is old
    dialogs.answer = QMessageBox.StandardButton.Cancel
    with qtbot.waitSignal(page.cleanupEnded, timeout=WAIT_MS) as refused:
        page.cleanup_button.click()
    assert refused.args == [None]
    assert "1 job and 1 log entry older than 0 days" in dialogs.texts[-1]
    assert len(history.state(select(Job.id))) == 4
    dialogs.answer = QMessageBox.StandardButton.Ok
    with qtbot.waitSignal(page.cleanupEnded, timeout=WAIT_MS) as done:
        page.cleanup_button.click()
    assert done.args == [CleanupResult(1, 1, 0)]
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.jobs_model.rowCount() == 3, timeout=WAIT_MS)
    assert history.jobs[1] not in {r.id for r in page.jobs_model.rows()}
    assert "Deleted 1 job" in page.status_label.text()


def test_page_on_its_own_with_a_runner(qtbot: QtBot, history: History) -> None:
    runner = TaskRunner()
    page = JobsView(runner)
    qtbot.addWidget(page)
    integration = open_integration(history.path)
    try:
        with qtbot.waitSignal(page.jobsLoaded, timeout=WAIT_MS):
            page.open_workspace(integration)
        assert page.jobs_model.rowCount() == 4
        page.close_workspace()
        assert page.jobs_model.rowCount() == 0
    finally:
        runner.shutdown()
        integration.close()


def test_show_more_reads_the_older_jobs(
    qtbot: QtBot, window: MainWindow, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.ui import jobs_view

    page = open_jobs(qtbot, window, history)
    monkeypatch.setattr(jobs_view, "JOB_PAGE", 3)
    page.jobs_model.clear()
    with qtbot.waitSignal(page.jobsLoaded, timeout=WAIT_MS):
        page.refresh()
    assert [r.id for r in page.jobs_model.rows()] == history.jobs[:0:-1]
    assert not page.more_button.isHidden()
    assert page.showing_label.text() == "Showing the newest 3 of 4"
    with qtbot.waitSignal(page.jobsLoaded, timeout=WAIT_MS):
        page.more_button.click()
    assert [r.id for r in page.jobs_model.rows()] == history.jobs[::-1]
    assert page.more_button.isHidden()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def test_cleanup_on_each_database(env: Env) -> None:
    """The same clean-up on SQLite and PostgreSQL (the deletes correlate the same way)."""
    env.customers(3)
    first = {r.mapping: r.job for r in env.sync()}
    env.update("left", "customer", "C00003", city="Hasselt")
    modified = env.job()
    assert modified.counts.modified == 1
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", env.partner("C00001"), city="Mechelen")
    conflict = env.job()
    assert conflict.counts.conflicts == 1
    with env.open() as integration:
        store = integration.state
        later = now_utc() + LATER
        preview = count_old_entries(store, dt.timedelta(days=7), now=later)
        result = delete_old_entries(store, dt.timedelta(days=7), now=later)
        left = {j.id for j in list_jobs(store)}
    # the CONTACT job (nothing to do) and the job that modified C00003 go
    assert result == preview == CleanupResult(jobs=2, log_entries=1, error_events=0)
    assert left == {first["CUSTOMER"], conflict.job}


# == issue 12: what a count stands for, in the window's words ===================================


def test_the_skipped_count_shows_each_record_skipped_and_why(
    qtbot: QtBot, window: MainWindow, history: History, qtmodeltester: Any
) -> None:
    """Job 4 passed over the conflict (C001) and the refused write (C002): both listed."""
    page = open_jobs(qtbot, window, history)
    fourth = history.jobs[3]
    row = page.jobs_model.row_of(fourth)
    assert row is not None
    skipped = int(cell(page, row, JobColumn.SKIPPED))
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.select_job(fourth)
    with qtbot.waitSignal(page.detailLoaded, timeout=WAIT_MS):
        page.jobs_view.activated.emit(page.jobs_model.index(row, JobColumn.SKIPPED))
    assert page.detail_stack.currentWidget() is page.skip_view
    model = page.skip_model
    assert model.rowCount() == skipped >= 1
    assert page.detail_title.text() == (
        f"{skipped} record{'s' if skipped > 1 else ''} skipped by job {fourth}, and why"
    )
    errors = {e.left_key: e for e in list_errors_of(history)}
    shown = {
        model.index(r, JobSkipColumn.LEFT).data(): (
            model.index(r, JobSkipColumn.REASON).data(),
            model.index(r, JobSkipColumn.ERROR).data(),
        )
        for r in range(model.rowCount())
    }
    conflict = errors["C001"]
    assert shown["C001"] == (
        f"sync error {conflict.id} is open; it waits for a person",
        f"#{conflict.id} · conflict · open",
    )
    qtmodeltester.check(model)
    # a skip names its sync error: activating it shows the error on the Sync Errors page
    r = next(r for r in range(model.rowCount()) if model.row_at(r).left_key == "C001")
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        page.skip_view.activated.emit(model.index(r, JobSkipColumn.ERROR))
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert window.current_view() is window.errors_page
    assert [e.id for e in window.errors_page.selected_errors()] == [conflict.id]


def list_errors_of(history: History) -> list[Any]:
    from syncdesk.sync.queries import list_errors

    with open_integration(history.path) as integration:
        return list_errors(integration.state)


def test_action_jobs_are_named_in_the_windows_words(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    from syncdesk.sync.actions import resolve

    conflict = next(e for e in list_errors_of(history) if e.kind == "conflict")
    with open_integration(history.path) as integration:
        resolve(integration, [conflict.id], "use-left")
    page = open_jobs(qtbot, window, history)
    assert cell(page, 0, JobColumn.TRIGGER) == "Action"
    assert cell(page, 0, JobColumn.MESSAGE) == "Use Business Central Version"
    failed = JobRowFactory(trigger="action", message="remove-coupling: disk I/O error")
    assert job_message(failed, {"left": "BC", "right": "Sales"}) == (
        "Remove Coupling: disk I/O error"
    )
    assert job_message(JobRowFactory(trigger="action", message="choose"), {}) == (
        "Synchronize: a value per field"
    )
    # a job that is no action keeps the engine's message (translated where it is one)
    queued = JobRowFactory(trigger="queue", message="cancelled by the user")
    assert job_message(queued, {}) == "cancelled by the user"


def JobRowFactory(*, trigger: str, message: str) -> Any:
    from syncdesk.sync.queries import JobRow

    at = dt.datetime(2026, 1, 1)
    return JobRow(
        1, "CUSTOMER", trigger, "succeeded", at, at, 0, 0, 0, 0, 0, 0, 0, message, False, None, None
    )


@pytest.fixture
def dutch_window(qtbot: QtBot, dialogs: Dialogs) -> Iterator[MainWindow]:
    """The window built in Dutch (its texts, widths and menus), at the jobs tests' size."""
    from syncdesk.ui import i18n

    i18n.install("nl")
    try:
        win = MainWindow()
        qtbot.addWidget(win)
        win.resize(1280, 800)
        yield win
        win.close()
        assert win.runner.is_idle()
    finally:
        i18n.install("en")


def test_action_jobs_are_named_in_the_windows_words_in_dutch_too(
    qtbot: QtBot, dutch_window: MainWindow, history: History
) -> None:
    """Issue 12, item 10: a job made by an action (here Choose, Remove Coupling and Use
    Business Central Version, made by the engine as the window's actions make them) reads
    in the Dutch window's own words, never the command line's code."""
    errors = {e.kind: e for e in list_errors_of(history)}
    with open_integration(history.path) as integration:
        resolve(integration, [errors["conflict"].id], "choose", choices={"city": "right"})
        resolve(integration, [errors["failed"].id], "remove-coupling")
    # a second conflict (C003's city in both apps), resolved with Business Central's values
    _sql(history.erp, f"UPDATE customer SET city = 'Lier', last_modified = {NOW} WHERE no='C003'")
    _sql(history.crm, f"UPDATE account SET city = 'Aalst', modifiedon = {NOW} WHERE name='Gamma'")
    with open_integration(history.path) as integration:
        run_sync(integration, trigger="queue")
    (conflict,) = [e for e in list_errors_of(history) if e.left_key == "C003"]
    with open_integration(history.path) as integration:
        resolve(integration, [conflict.id], "use-left")
    page = open_jobs(qtbot, dutch_window, history)
    model = page.jobs_model
    assert model.headerData(JobColumn.MESSAGE, Qt.Orientation.Horizontal) == "Bericht"
    actions = [
        (cell(page, r, JobColumn.TRIGGER), cell(page, r, JobColumn.MESSAGE))
        for r in range(model.rowCount())
        if model.rows()[r].trigger == "action"
    ]
    # newest first
    assert actions == [
        ("Actie", "Versie van Business Central gebruiken"),
        ("Actie", "Koppeling verwijderen"),
        ("Actie", "Synchroniseren: een waarde per veld"),
    ]
    # a failed action keeps the database's words after the action's own
    failed = JobRowFactory(trigger="action", message="remove-coupling: disk I/O error")
    assert job_message(failed, {"left": "BC", "right": "Sales"}) == (
        "Koppeling verwijderen: disk I/O error"
    )


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_dutch_jobs_page_at_its_first_size_cuts_no_header_nor_the_clean_up_button(
    qtbot: QtBot, dutch_window: MainWindow, history: History, screen: tuple[int, int]
) -> None:
    """Issue 12, item 19: in Dutch the Jobs table's headers and the "Vermeldingen verwijderen
    ouder dan…" button are wide enough for their words, in a window of the size a first
    start gives on a small (1366×768) and a large screen."""
    from PySide6.QtCore import QPoint, QRect

    from syncdesk.ui.main_window_layout import first_geometry

    dutch_window.setGeometry(first_geometry(QRect(0, 0, *screen)))
    dutch_window.show()
    qtbot.waitExposed(dutch_window)
    page = open_jobs(qtbot, dutch_window, history)
    page.jobs_view.selectRow(0)
    qtbot.waitUntil(dutch_window.runner.is_idle, timeout=WAIT_MS)
    header = page.jobs_view.horizontalHeader()
    model = page.jobs_model
    assert model.headerData(JobColumn.SKIPPED, Qt.Orientation.Horizontal) == "Overgeslagen"
    cut = {
        model.headerData(c, Qt.Orientation.Horizontal): (header.sectionSize(c), needs)
        for c in range(model.columnCount())
        # the width Qt itself gives a header to show its text (resize to contents)
        if header.sectionSize(c) < (needs := header.sectionSizeHint(c))
    }
    assert cut == {}, f"headers narrower than their words (width, needed): {cut}"
    button = page.cleanup_button
    assert button.text() == "Vermeldingen verwijderen ouder dan…"
    for widget in (button, page.days_spin):
        assert widget.isVisible()
        assert widget.width() >= widget.sizeHint().width(), (widget.width(), widget.sizeHint())
        right = widget.mapTo(dutch_window, QPoint(widget.width(), 0)).x()
        assert right <= dutch_window.width(), (right, dutch_window.width())
    fm = button.fontMetrics()
    assert fm.horizontalAdvance(button.text()) < button.width()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_columns_shown_are_chosen_from_the_header_and_view_menu_and_kept(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    page = open_jobs(qtbot, window, history)
    header = page.jobs_view.horizontalHeader()
    assert page.columns is not None
    page.columns.show_all()

    # a right click on the header: a menu of every column, the shown ones checked
    page.columns.set_shown(JobColumn.FINISHED, False)
    header.customContextMenuRequested.emit(QPoint(10, 5))
    menu = page.columns.header_menu
    assert menu is not None and menu.isVisible()
    entries = [(a.text(), a.isChecked()) for a in menu.actions() if not a.isSeparator()]
    assert entries[:6] == [
        ("Job", True),
        ("Mapping", True),
        ("Trigger", True),
        ("Start", True),
        ("End", False),
        ("Duration", True),
    ]
    assert entries[-1] == ("Show All Columns", False)
    next(a for a in menu.actions() if a.text() == "End").trigger()
    menu.hide()
    assert not header.isSectionHidden(JobColumn.FINISHED)
    assert header.sectionSize(JobColumn.FINISHED) >= header.minimumSectionSize()

    # View > Columns lists the shown page's table: Mapping hidden from there
    window.columns_menu.aboutToShow.emit()
    assert window.columns_menu.isEnabled()
    next(a for a in window.columns_menu.actions() if a.text() == "Mapping").trigger()
    assert header.isSectionHidden(JobColumn.MAPPING)

    # the last column shown cannot be hidden
    for col in JobColumn:
        page.columns.set_shown(col, False)
    assert [c.name for c in JobColumn if not header.isSectionHidden(c)] == ["MESSAGE"]
    window.columns_menu.aboutToShow.emit()
    last = next(a for a in window.columns_menu.actions() if a.text() == "Message")
    assert last.isChecked() and not last.isEnabled()
    every = next(a for a in window.columns_menu.actions() if a.text() == "Show All Columns")
    every.trigger()
    assert not any(header.isSectionHidden(c) for c in JobColumn)
    window.columns_menu.aboutToShow.emit()
    next(a for a in window.columns_menu.actions() if a.text() == "Trigger").trigger()

    # a page without a table of its own: View > Columns is greyed out
    window.nav.setCurrentRow(window.nav.count() - 1)
    assert not window.columns_menu.isEnabled()

    # the next window shows the columns as they were left, however small
    again = MainWindow()
    qtbot.addWidget(again)
    again.resize(700, 500)
    again.show()
    hidden = open_jobs(qtbot, again, history).jobs_view.horizontalHeader()
    qtbot.wait(50)
    assert [c.name for c in JobColumn if hidden.isSectionHidden(c)] == ["TRIGGER"]
    again.close()
    # and a choice made before the table first shows is the user's too
    i18n.settings().remove("Columns/jobs")
    later = MainWindow()
    qtbot.addWidget(later)
    later.resize(700, 500)
    later.show()
    chooser = jobs_page(later).columns
    assert chooser is not None
    chooser.set_shown(JobColumn.STATUS, False)
    hidden = open_jobs(qtbot, later, history).jobs_view.horizontalHeader()
    qtbot.wait(50)
    assert [c.name for c in JobColumn if hidden.isSectionHidden(c)] == ["STATUS"]
    later.close()


def test_a_jobs_table_too_wide_for_its_place_starts_without_its_spare_columns(
    qtbot: QtBot, window: MainWindow, history: History
) -> None:
    """Until the user chooses, End, then Unchanged, then Trigger are left out as far as it
    takes for the table to fit; where it fits, every column shows."""
    window.resize(1800, 800)
    window.show()
    page = open_jobs(qtbot, window, history)
    header = page.jobs_view.horizontalHeader()
    assert not any(header.isSectionHidden(c) for c in JobColumn)
    assert page.jobs_view.horizontalScrollBar().maximum() == 0

    narrow = MainWindow()
    qtbot.addWidget(narrow)
    narrow.resize(1100, 700)
    narrow.show()
    small_page = open_jobs(qtbot, narrow, history)
    small = small_page.jobs_view.horizontalHeader()
    qtbot.waitUntil(lambda: small.isSectionHidden(JobColumn.FINISHED))
    assert small_page.columns is not None
    spare = [JobColumn.FINISHED, JobColumn.UNCHANGED, JobColumn.TRIGGER]
    gone = [c for c in spare if small.isSectionHidden(c)]
    # the first of the spare ones, as many as it takes to fit, and no more
    assert gone == spare[: len(gone)]
    assert [c for c in JobColumn if small.isSectionHidden(c)] == sorted(gone)
    width = small_page.jobs_view.viewport().width()
    assert small_page.columns.needed() <= width
    small_page.columns.set_shown(gone[-1], True)
    assert small_page.columns.needed() > width
    i18n.settings().remove("Columns/jobs")
    # the window chose, not the user: nothing is kept
    assert i18n.settings().value("Columns/jobs") is None

    # only as many as it takes: a pixel short, End alone goes
    small_page.columns.show_all()
    small_page.columns.fit(small_page.columns.needed() - 1)
    assert [c.name for c in JobColumn if small.isSectionHidden(c)] == ["FINISHED"]
    narrow.close()
