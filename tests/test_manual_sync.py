"""A synchronization by hand, as an administrator meets it (issue 12, items 1, 13 and 16).

Synchronize Now of a chosen record — on the Records page, as a job or one way, and on the
Sync Errors page — and Retry Now always say what happened: written (and what), unchanged,
skipped and why, or refused in the database's own words, with the job's number and a way
to the sync error. Each entry it writes carries the person who asked for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from syncdesk.sync.journal import current_user
from syncdesk.ui.error_table_model import ErrorColumn
from syncdesk.ui.errors_view import ErrorsView
from syncdesk.ui.jobs_view import JobsView
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.outcome import SyncRun
from syncdesk.ui.record_log_models import LogColumn
from syncdesk.ui.records_view import RecordsView

WAIT_MS = 15_000
LONG = "Brouwerij De Halve Maan Internationale Handelsvennootschap"  # > 40: Sales refuses


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = sqlite_env(tmp_path)
    e.customers(3)
    e.job(trigger="queue")  # coupled by the job queue: nobody asked
    yield e
    e.dispose()


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    win.close()
    assert win.runner.is_idle()


def records(qtbot: QtBot, window: MainWindow, env: Env) -> RecordsView:
    view = next(v for v in window.views if isinstance(v, RecordsView))
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    window.nav.setCurrentRow(window.all_views.index(view))
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    m = view.mapping_combo.findData("CUSTOMER")
    if view.mapping_combo.currentIndex() != m:
        with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
            view.mapping_combo.setCurrentIndex(m)
    return view


def pick(qtbot: QtBot, view: RecordsView, key: str) -> None:
    with qtbot.waitSignal(view.pairLoaded, timeout=WAIT_MS):
        assert view.select_key(key)


def sync(qtbot: QtBot, view: RecordsView | ErrorsView, trigger: Any) -> SyncRun:
    with qtbot.waitSignal(view.syncEnded, timeout=WAIT_MS) as ended:
        trigger()
    qtbot.waitUntil(view.runner.is_idle, timeout=WAIT_MS)
    assert isinstance(ended.args[0], SyncRun)
    return ended.args[0]


def test_a_refused_copy_says_so_with_the_databases_words_the_job_and_the_error(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("left", "customer", "C00001", name=LONG)
    view = records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    assert view.to_right_action.text() == "Copy Business Central values to Dynamics 365 Sales"

    run = sync(qtbot, view, view.to_right_action.trigger)

    (job,) = run.results
    assert job.status == "succeeded" and job.counts.failed == 1  # the job ran; Sales refused
    (error,) = [e for e in env.errors() if e.kind == "failed"]
    bar = view.outcome_bar
    assert bar.isVisibleTo(window)
    text = bar.text_label.text()
    assert text.startswith(f"Job {job.job}: CUSTOMER C00001 ({LONG}) was not written: ")
    assert "Dynamics 365 Sales refused the write: CHECK constraint failed: name_length" in text
    assert bar.told is not None and bar.told.level == "error"
    assert bar.told.error_id == error.id and bar.error_button.isVisibleTo(window)
    assert bar.job_button.text() == f"Show Job {job.job}"
    # nothing of it reached Sales
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == "Customer 1"
    # the link shows the error on the Sync Errors page, and the job on the Jobs page
    page = window.errors_page
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        bar.error_button.click()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert window.current_view() is page
    assert [r.id for r in page.selected_errors()] == [error.id]
    window.nav.setCurrentRow(window.all_views.index(view))
    jobs = next(v for v in window.views if isinstance(v, JobsView))
    with qtbot.waitSignal(jobs.detailLoaded, timeout=WAIT_MS):
        bar.job_button.click()
    assert window.current_view() is jobs
    selected = jobs.selected_job()
    assert selected is not None and selected.id == job.job


def test_a_successful_synchronize_now_says_what_it_wrote(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("left", "customer", "C00002", city="Brugge")
    view = records(qtbot, window, env)
    pick(qtbot, view, "C00002")

    run = sync(qtbot, view, view.sync_action.trigger)

    (job,) = run.results
    assert job.counts.modified == 1
    assert view.outcome_bar.text_label.text() == (
        f"Job {job.job}: CUSTOMER C00002 (Customer 2) written: "
        "→ Dynamics 365 Sales City: Gent → Brugge"
    )
    assert view.outcome_bar.told is not None and view.outcome_bar.told.level == "ok"
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Brugge"
    # and again: both apps agree now, which it says too
    run = sync(qtbot, view, view.sync_action.trigger)
    (again,) = run.results
    assert view.outcome_bar.text_label.text() == (
        f"Job {again.job}: CUSTOMER C00002 (Customer 2) is unchanged: both apps already hold "
        "the same values"
    )


def test_a_manual_synchronize_now_is_logged_with_the_user(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("left", "customer", "C00003", city="Hasselt")
    view = records(qtbot, window, env)
    pick(qtbot, view, "C00003")
    sync(qtbot, view, view.sync_action.trigger)
    with qtbot.waitSignal(view.logLoaded, timeout=WAIT_MS):
        view.show_record_log()
    model = view.log_panel.log_model
    rows = [
        (model.index(r, LogColumn.ACTION).data(), model.index(r, LogColumn.USER).data())
        for r in range(model.rowCount())
    ]
    # the insert came from the job queue (nobody asked); Synchronize Now by hand
    assert rows == [("insert", ""), ("modify", current_user())]


def errors_page(qtbot: QtBot, window: MainWindow, env: Env) -> ErrorsView:
    page = window.errors_page
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    return page


def select_error(qtbot: QtBot, page: ErrorsView, kind: str) -> int:
    row = next(i for i, r in enumerate(page.errors_model.rows()) if r.kind == kind)
    with qtbot.waitSignal(page.recordLogLoaded, timeout=WAIT_MS):
        page.error_view.selectRow(row)
    return row


def test_retry_shows_the_error_waits_and_retry_now_runs_it_and_says_what_it_did(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    # a write Sales refused twice: passed over by jobs until Retry
    env.update("left", "customer", "C00001", name=LONG)
    env.job()
    env.job()
    (error,) = env.errors()
    assert error.skip
    page = errors_page(qtbot, window, env)
    row = select_error(qtbot, page, "failed")
    message = page.errors_model.index(row, ErrorColumn.MESSAGE)
    assert not message.data().startswith("Waits for the next job")

    with (
        qtbot.waitSignal(page.actionEnded, timeout=WAIT_MS),
        qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS),
    ):
        window.error_actions["retry"].trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    row = page.errors_model.row_of(error.id)
    assert row is not None  # still listed: the next job tries it again
    shown = page.errors_model.index(row, ErrorColumn.MESSAGE).data()
    assert shown.startswith("Waits for the next job · Dynamics 365 Sales refused the write")
    assert "The next job tries this pair again." in page.errors_model.index(
        row, ErrorColumn.MESSAGE
    ).data(0x03)  # the tooltip

    # the name fits now: Retry Now writes it at once and says so
    env.update("left", "customer", "C00001", name="Brouwerij De Halve Maan")
    assert [r.id for r in page.selected_errors()] == [error.id]  # still selected after Retry
    run = sync(qtbot, page, page.retry_now_action.trigger)
    assert run.retried == (error.id,)
    (job,) = run.results
    assert job.trigger == "manual" and job.counts.modified == 1
    assert page.outcome_bar.text_label.text() == (
        f"Job {job.job}: CUSTOMER C00001 (Brouwerij De Halve Maan) written: "
        "→ Dynamics 365 Sales Name: Customer 1 → Brouwerij De Halve Maan"
    )
    assert env.errors() == []
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == (
        "Brouwerij De Halve Maan"
    )


def test_retry_now_of_a_conflict_says_it_waits_for_a_choice(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("left", "customer", "C00002", city="Leuven")
    env.update("right", "account", env.partner("C00002"), city="Mechelen")
    env.job()
    page = errors_page(qtbot, window, env)
    select_error(qtbot, page, "conflict")
    run = sync(qtbot, page, page.retry_now_action.trigger)
    (job,) = run.results
    (error,) = env.errors()
    assert job.counts.conflicts == 1
    told = page.outcome_bar.told
    assert told is not None and told.level == "warning" and told.error_id == error.id
    assert page.outcome_bar.text_label.text().startswith(
        f"Job {job.job}: CUSTOMER C00002 (Customer 2) was changed in both apps; nothing was "
        "written. Choose the values with Synchronize… on the Sync Errors page: "
    )


def test_synchronize_now_of_several_errors_tells_each(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", env.partner("C00001"), city="Mechelen")
    env.delete("right", "account", env.partner("C00002"))
    env.job()
    page = errors_page(qtbot, window, env)
    page.error_view.selectAll()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    run = sync(qtbot, page, page.sync_now_action.trigger)
    assert len(run.results) == 2
    bar = page.outcome_bar
    assert bar.text_label.text() == (
        "Synchronize 2 records: 0 written, 2 skipped or in conflict, 0 not written"
    )
    details = bar.details_label.text().splitlines()
    assert len(details) == 2
    assert all("was skipped: sync error" in d for d in details)
    assert {e.kind for e in env.errors()} == {"conflict", "deleted-right"}
