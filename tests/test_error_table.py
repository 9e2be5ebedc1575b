"""The error table on a state database with a few thousand sync errors: paged in SQL.

The workspace is the one of ``test_window`` (three coupled customers on SQLite); the sync
errors are written straight into its state database with SQLAlchemy, so their keys,
kinds, messages and times are known here. The window shows them in pages of
``tasks.PAGE_SIZE`` rows read in a worker; the tests scroll, sort, filter, act on every
matching error, export them, and watch the record log follow a running job.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, insert, select
from test_window import Dialogs, Workspace, make_workspace

from syncdesk.models import LogEntry, SyncError
from syncdesk.sync import journal
from syncdesk.sync.engine import Counts, JobResult, Progress
from syncdesk.sync.integration import open_integration
from syncdesk.sync.queries import ErrorRow
from syncdesk.ui import tasks
from syncdesk.ui.error_table_model import ErrorColumn
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.worker import TaskContext

WAIT_MS = 15_000
N = 3000
PAGE = tasks.PAGE_SIZE
KINDS = ("conflict", "deleted-left", "deleted-right", "failed")
T0 = dt.datetime(2026, 3, 1, 9, 0, 0)

# the window is shown (the view scrolls and fetches as on a screen); the offscreen platform
# says once that it cannot pass size hints on to a window manager, which is no concern here
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def error_values(i: int) -> dict[str, Any]:
    """Sync error i: kinds in turn, one minute apart, messages in a shuffled order."""
    kind = KINDS[i % len(KINDS)]
    at = T0 + dt.timedelta(minutes=i)
    scrambled = (i * 7919) % N
    return {
        "mapping": "CUSTOMER",
        "kind": kind,
        "status": "open",
        "left_key": f"K{i:05d}",
        "right_key": f"acc-{scrambled:05d}",
        "message": f"{kind} number {scrambled:05d}",
        "detail": {},
        "first_seen": at,
        "last_seen": at + dt.timedelta(seconds=30),
        "attempts": 1 + i % 3,
        "skip": True,
        "version": 1,
    }


@pytest.fixture
def big(tmp_path: Path) -> Workspace:
    """Three coupled customers, and N open sync errors written straight into the state."""
    ws = make_workspace(tmp_path / "ws")
    with open_integration(ws.path) as integration, integration.state.write() as s:
        s.execute(insert(SyncError), [error_values(i) for i in range(N)])
    return ws


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    captured = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: captured.exec(box))
    return captured


@pytest.fixture
def window(qtbot: QtBot, dialogs: Dialogs) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    assert win.runner.is_idle()


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)


def open_ws(qtbot: QtBot, window: MainWindow, ws: Workspace) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(ws.path)
    wait_idle(qtbot, window)


def left_keys(window: MainWindow) -> list[str | None]:
    return [r.left_key for r in window.errors_page.errors_model.rows()]


def expected(
    *, kind: str | None = None, sort: str = "first_seen", descending: bool = False
) -> list[dict[str, Any]]:
    """The seeded errors as the window should list them (ids follow i: 1 + i)."""
    rows = [dict(error_values(i), id=i + 1) for i in range(N)]
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    return sorted(rows, key=lambda r: (r[sort], r["id"]), reverse=descending)


def fetch_page(qtbot: QtBot, window: MainWindow) -> None:
    """Ask the model for more, as the view does at its end, and wait for the page."""
    model = window.errors_page.errors_model
    with qtbot.waitSignal(model.pageAppended, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())
    wait_idle(qtbot, window)


def set_kind(qtbot: QtBot, window: MainWindow, kind: str | None) -> None:
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.kind_combo.setCurrentIndex(
            window.errors_page.kind_combo.findData(kind) if kind else 0
        )
    wait_idle(qtbot, window)


# -- paging --------------------------------------------------------------------------------


def test_the_table_holds_the_first_page_and_reads_more_at_its_end(
    qtbot: QtBot, window: MainWindow, big: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = tasks.list_errors

    def spy(*args: Any, **kwargs: Any) -> list[ErrorRow]:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "list_errors", spy)
    open_ws(qtbot, window, big)
    model = window.errors_page.errors_model

    assert model.rowCount() == PAGE and model.total == N
    assert model.canFetchMore(QModelIndex())
    assert window.errors_page.showing_label.text() == "3,000 open sync errors"
    assert "750 conflicts" in window.errors_page.summary_label.text()
    first_seen = [r["left_key"] for r in expected()]
    assert left_keys(window) == first_seen[:PAGE]  # the header's sort: first seen, oldest first

    # scrolling to the bottom reads the next page, in the same order, once
    with qtbot.waitSignal(model.pageAppended, timeout=WAIT_MS):
        window.errors_page.error_view.scrollToBottom()
    wait_idle(qtbot, window)
    assert model.rowCount() == 2 * PAGE
    assert left_keys(window) == first_seen[: 2 * PAGE]

    # a second fetchMore while a page is on its way asks for nothing more
    asked: list[int] = []
    model.pageRequested.connect(asked.append)
    model.fetchMore(QModelIndex())
    assert model.is_fetching() and not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert len(asked) == 1
    qtbot.waitUntil(lambda: model.rowCount() == 3 * PAGE, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    assert left_keys(window) == first_seen[: 3 * PAGE]
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_the_paged_model_passes_the_model_tester_while_pages_arrive(
    qtbot: QtBot, qtmodeltester: Any, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    model = window.errors_page.errors_model
    # the tester calls fetchMore itself; it keeps watching while the page arrives
    with qtbot.waitSignal(model.pageAppended, timeout=WAIT_MS):
        qtmodeltester.check(model)
    wait_idle(qtbot, window)
    assert model.rowCount() == 2 * PAGE
    # a page on its way when the tester starts again, arriving while it watches
    model.fetchMore(QModelIndex())
    assert model.is_fetching()
    with qtbot.waitSignal(model.pageAppended, timeout=WAIT_MS):
        qtmodeltester.check(model)
    wait_idle(qtbot, window)
    assert model.rowCount() == 3 * PAGE
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(
            ErrorColumn.ATTEMPTS, Qt.SortOrder.DescendingOrder
        )
    wait_idle(qtbot, window)
    qtmodeltester.check(model)
    assert model.rowCount() >= PAGE


def test_reading_to_the_end_stops_at_the_total(
    qtbot: QtBot, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    set_kind(qtbot, window, "deleted-left")  # 750 rows: three more pages and a short one
    model = window.errors_page.errors_model
    while model.canFetchMore(QModelIndex()):
        fetch_page(qtbot, window)
    assert model.rowCount() == model.total == N // 4
    assert len({r.id for r in model.rows()}) == N // 4
    assert left_keys(window) == [r["left_key"] for r in expected(kind="deleted-left")]


# -- sorting and filtering in SQL ---------------------------------------------------------


def test_sorting_by_a_column_queries_again_from_the_top(
    qtbot: QtBot, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    fetch_page(qtbot, window)
    model = window.errors_page.errors_model

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(ErrorColumn.MESSAGE, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, window)
    by_message = expected(sort="message")
    assert (model.sort_key, model.descending) == ("message", False)
    assert model.rowCount() == PAGE  # back to one page
    assert model.index(0, ErrorColumn.MESSAGE).data() == by_message[0]["message"]
    assert model.index(0, ErrorColumn.MESSAGE).data() == "conflict number 00000"
    fetch_page(qtbot, window)
    assert [r.id for r in model.rows()] == [r["id"] for r in by_message[: 2 * PAGE]]

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(
            ErrorColumn.MESSAGE, Qt.SortOrder.DescendingOrder
        )
    wait_idle(qtbot, window)
    assert model.row_at(0).message == expected(sort="message", descending=True)[0]["message"]

    # equal values (three attempt counts for 3,000 rows) keep a stable order: the id
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(
            ErrorColumn.ATTEMPTS, Qt.SortOrder.DescendingOrder
        )
    wait_idle(qtbot, window)
    fetch_page(qtbot, window)
    by_attempts = expected(sort="attempts", descending=True)
    assert [r.id for r in model.rows()] == [r["id"] for r in by_attempts[: 2 * PAGE]]


def test_filtering_narrows_the_rows_and_the_total(
    qtbot: QtBot, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    model = window.errors_page.errors_model

    set_kind(qtbot, window, "failed")
    assert model.total == N // 4 and model.rowCount() == PAGE
    assert {r.kind for r in model.rows()} == {"failed"}
    assert window.errors_page.showing_label.text() == "750 of 3,000 open sync errors"

    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.search_edit.setText("number 001")
        window.errors_page.search_edit.returnPressed.emit()
    wait_idle(qtbot, window)
    matches = [r for r in expected(kind="failed") if "number 001" in r["message"]]
    assert 0 < len(matches) < PAGE
    assert model.total == model.rowCount() == len(matches)
    assert not model.canFetchMore(QModelIndex())
    assert window.errors_page.showing_label.text() == f"{len(matches)} of 3,000 open sync errors"


def test_a_page_asked_for_before_the_filter_changed_is_dropped(
    qtbot: QtBot, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    model = window.errors_page.errors_model
    model.fetchMore(QModelIndex())  # a page of the unfiltered list is on its way...
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.kind_combo.setCurrentIndex(
            window.errors_page.kind_combo.findData("conflict")
        )
    wait_idle(qtbot, window)
    # ...and never lands in the filtered one
    assert model.rowCount() == PAGE and model.total == N // 4
    assert {r.kind for r in model.rows()} == {"conflict"}
    fetch_page(qtbot, window)
    assert [r.id for r in model.rows()] == [r["id"] for r in expected(kind="conflict")][:400]


# -- acting on every matching error ------------------------------------------------------


def retried(ws: Workspace) -> tuple[set[int], set[str | None]]:
    """The errors no longer skipped, and the keys with a retry log entry."""
    with open_integration(ws.path) as integration, integration.state.read() as s:
        not_skipped = set(s.scalars(select(SyncError.id).where(SyncError.skip.is_(False))))
        keys = set(s.scalars(select(LogEntry.left_key).where(LogEntry.action == "retry")))
    return not_skipped, keys


def test_apply_to_all_matching_retries_exactly_the_matching_errors(
    qtbot: QtBot, window: MainWindow, big: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, big)
    set_kind(qtbot, window, "conflict")
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.search_edit.setText("number 01")
        window.errors_page.search_edit.returnPressed.emit()
    wait_idle(qtbot, window)
    matching = [r for r in expected(kind="conflict") if "number 01" in r["message"]]
    assert len(matching) > PAGE  # more than the rows read
    model = window.errors_page.errors_model
    assert model.total == len(matching) and model.rowCount() == PAGE
    enabled = lambda: {n for n, a in window.error_actions.items() if a.isEnabled()}  # noqa: E731
    assert enabled() == set()  # nothing selected

    window.errors_page.all_matching_check.setChecked(True)
    assert window.errors_page.all_matching_action.isChecked()
    # the check's words stay put; the count is said above the table while it is ticked
    assert window.errors_page.all_matching_check.text() == "Apply to all matching"
    assert window.errors_page.targeted_label.text() == (
        f"The next action applies to all {len(matching)} sync errors matching the filter, "
        "not only to the selected ones."
    )
    # the kinds in the filter decide, not a selection
    assert enabled() == {"retry", "use-left", "use-right", "remove-coupling"}

    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.error_actions["retry"].trigger()
    assert dialogs.shown[-1].text == f"Retry all {len(matching)} matching sync errors?"
    wait_idle(qtbot, window)
    assert retried(big) == (set(), set())

    dialogs.answer = QMessageBox.StandardButton.Ok
    with (
        qtbot.waitSignal(window.errors_page.actionEnded, timeout=WAIT_MS) as ended,
        qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS),
    ):
        window.error_actions["retry"].trigger()
    wait_idle(qtbot, window)
    assert len(dialogs.shown) == 2
    assert "number 01" in dialogs.shown[-1].informative
    result = ended.args[0]
    assert sorted(result.done) == sorted(r["id"] for r in matching)
    not_skipped, keys = retried(big)
    assert not_skipped == {r["id"] for r in matching}
    assert keys == {r["left_key"] for r in matching}
    assert f"{len(matching)} records wait for the next job" in window.statusBar().currentMessage()


def test_all_matching_enables_the_actions_of_the_kinds_in_the_filter(
    qtbot: QtBot, window: MainWindow, big: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, big)
    window.errors_page.all_matching_action.setChecked(True)
    assert window.errors_page.all_matching_check.isChecked()
    enabled = lambda: {n for n, a in window.error_actions.items() if a.isEnabled()}  # noqa: E731
    assert enabled() == {"retry", "remove-coupling"}  # every kind is in the list
    set_kind(qtbot, window, "deleted-right")
    assert enabled() == {"retry", "restore", "delete", "remove-coupling"}

    dialogs.answer = QMessageBox.StandardButton.Cancel
    window.error_actions["delete"].trigger()
    (shown,) = dialogs.shown
    assert shown.text == "Delete 750 records in Business Central and uncouple them?"
    assert "All 750 matching sync errors" in shown.informative
    wait_idle(qtbot, window)
    with open_integration(big.path) as integration, integration.state.read() as s:
        assert s.scalar(select(func.count()).where(SyncError.status == "open")) == N


def test_all_matching_does_nothing_when_more_errors_match_than_were_confirmed(
    qtbot: QtBot, window: MainWindow, big: Workspace, dialogs: Dialogs
) -> None:
    open_ws(qtbot, window, big)
    set_kind(qtbot, window, "failed")
    window.errors_page.all_matching_check.setChecked(True)
    # a job finds another failed write after the count was shown
    with open_integration(big.path) as integration, integration.state.write() as s:
        s.execute(insert(SyncError), [dict(error_values(N + 3), left_key="NEW")])
    with qtbot.waitSignal(window.errors_page.actionEnded, timeout=WAIT_MS) as ended:
        window.error_actions["retry"].trigger()
    wait_idle(qtbot, window)
    assert ended.args[0] is None
    assert "751 sync errors match the filter now, not the 750" in dialogs.shown[-1].informative
    assert retried(big) == (set(), set())


# -- export ------------------------------------------------------------------------------


def iso(value: dt.datetime) -> str:
    """A stored time (naive UTC) in ISO 8601, in local time with its offset."""
    return value.replace(tzinfo=dt.UTC).astimezone().isoformat(timespec="seconds")


def test_export_writes_every_matching_row_to_csv(
    qtbot: QtBot,
    window: MainWindow,
    big: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_ws(qtbot, window, big)
    set_kind(qtbot, window, "deleted-left")
    assert window.errors_page.errors_model.rowCount() == PAGE  # fewer rows read than match
    asked: list[str] = []

    def save_as(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "errors"), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(window.errors_page.errorsExported, timeout=WAIT_MS) as exported:
        window.errors_page.export_action.trigger()
    wait_idle(qtbot, window)

    assert window.errors_page.export_action.shortcut().toString() == "Ctrl+E"
    assert asked and asked[0].endswith("Test sync errors.csv")
    target = tmp_path / "errors.csv"
    assert exported.args[0].path == target and exported.args[0].rows == N // 4
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads it as UTF-8
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "Mapping",
        "Kind",
        "Name",
        "Business Central key",
        "Dynamics 365 Sales key",
        "Message",
        "First seen",
        "Last attempt",
        "Attempts",
    ]
    want = expected(kind="deleted-left")
    assert len(rows) == 1 + len(want) == 1 + N // 4
    first = want[0]
    assert rows[1] == [
        "CUSTOMER",
        "deleted in Business Central",
        "",  # no such record in either app: no name
        first["left_key"],
        first["right_key"],
        first["message"],
        iso(first["first_seen"]),
        iso(first["last_seen"]),
        str(first["attempts"]),
    ]
    assert [r[3] for r in rows[1:]] == [r["left_key"] for r in want]
    assert "Exported 750 sync errors" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob(".*.part"))


# -- settings ----------------------------------------------------------------------------


def test_column_widths_and_sort_are_restored_in_a_new_window(
    qtbot: QtBot, window: MainWindow, big: Workspace
) -> None:
    open_ws(qtbot, window, big)
    header = window.errors_page.error_view.horizontalHeader()
    header.resizeSection(ErrorColumn.KIND, 311)
    header.resizeSection(ErrorColumn.LEFT, 177)
    # a column hidden from View > Columns is kept with the widths
    window.columns_menu.aboutToShow.emit()
    kind_title = window.errors_page.errors_model.headerData(
        ErrorColumn.KIND, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
    )
    next(a for a in window.columns_menu.actions() if a.text() == kind_title).trigger()
    assert header.isSectionHidden(ErrorColumn.KIND)
    with qtbot.waitSignal(window.errors_page.errorsRefreshed, timeout=WAIT_MS):
        window.errors_page.error_view.sortByColumn(
            ErrorColumn.LAST_ATTEMPT, Qt.SortOrder.DescendingOrder
        )
    wait_idle(qtbot, window)
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    try:
        restored = again.errors_page.error_view.horizontalHeader()
        assert [c.name for c in ErrorColumn if restored.isSectionHidden(c)] == ["KIND"]
        restored.setSectionHidden(ErrorColumn.KIND, False)
        assert restored.sectionSize(ErrorColumn.KIND) == 311
        assert restored.sectionSize(ErrorColumn.LEFT) == 177
        assert restored.sortIndicatorSection() == ErrorColumn.LAST_ATTEMPT
        assert (
            again.errors_page.errors_model.sort_key,
            again.errors_page.errors_model.descending,
        ) == ("last_seen", True)
        open_ws(qtbot, again, big)
        assert again.errors_page.errors_model.row_at(0).left_key == f"K{N - 1:05d}"
        # the restored widths stay, and the kinds still name the apps
        assert again.errors_page.error_view.horizontalHeader().sectionSize(ErrorColumn.LEFT) == 177
        assert "deleted in Business Central" in again.errors_page.summary_label.text()
        assert again.errors_page.kind_combo.findText("Deleted in Dynamics 365 Sales") >= 0
    finally:
        again.close()


# -- the record log follows a running job ---------------------------------------------------


def test_the_record_log_follows_a_running_job(
    qtbot: QtBot, window: MainWindow, big: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = big.account_id("Alpha")
    with open_integration(big.path) as integration, integration.state.write() as s:
        s.execute(
            insert(SyncError),
            [
                dict(
                    error_values(0),
                    left_key="C001",
                    right_key=partner,
                    first_seen=T0.replace(year=1990),
                )
            ],
        )
    release = threading.Event()
    wrote = threading.Event()

    def running_job(
        integration: Any, mappings: Any, full: bool, context: TaskContext
    ) -> list[JobResult]:
        """A job that writes two log entries of C001, a second apart, then waits."""
        for n in (1, 2):
            with integration.state.write() as s:
                journal.log(
                    s,
                    mapping="CUSTOMER",
                    action="modify",
                    result="ok",
                    left_key="C001",
                    right_key=partner,
                    job_id=None,
                    direction="to-right",
                    message=f"live entry {n}",
                )
            context.progress(Progress(77, "CUSTOMER", "pairs", n, 10, Counts()), force=True)
            wrote.set()
            if release.wait(WAIT_MS / 1000) and n == 2:
                break
            release.clear()
        at = dt.datetime(2026, 1, 1)
        return [JobResult(77, "CUSTOMER", "succeeded", "manual", at, at, "")]

    monkeypatch.setattr(tasks, "synchronize", running_job)
    open_ws(qtbot, window, big)
    assert window.errors_page.errors_model.row_at(0).left_key == "C001"
    with qtbot.waitSignal(window.errors_page.recordLogLoaded, timeout=WAIT_MS):
        window.errors_page.error_view.selectRow(0)
    wait_idle(qtbot, window)
    log = window.errors_page.log_panel.log_model
    before = [e.id for e in log.rows()]
    assert before  # the insert of the first sync
    # pick the oldest entry: it stays picked while new ones arrive
    window.errors_page.log_panel.log_view.selectRow(0)

    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS):
        window.sync_action.trigger()
        qtbot.waitUntil(lambda: log.rowCount() == len(before) + 1, timeout=WAIT_MS)
        assert window.runner.current_write is not None  # still running
        assert log.rows()[-1].message == "live entry 1"
        assert [e.id for e in log.rows()[: len(before)]] == before
        assert window.errors_page.log_panel.log_view.selectionModel().selectedRows()[0].row() == 0
        release.set()
        qtbot.waitUntil(lambda: log.rowCount() == len(before) + 2, timeout=WAIT_MS)
        assert log.rows()[-1].message == "live entry 2"
        release.set()
    wait_idle(qtbot, window)
    assert window.errors_page.log_panel.log_view.selectionModel().selectedRows()[0].row() == 0


def test_the_record_log_scrolls_to_the_newest_entry_if_it_was_at_the_bottom(
    qtbot: QtBot, window: MainWindow, big: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = big.account_id("Alpha")
    with open_integration(big.path) as integration, integration.state.write() as s:
        s.execute(
            insert(SyncError),
            [
                dict(
                    error_values(0),
                    left_key="C001",
                    right_key=partner,
                    first_seen=T0.replace(year=1990),
                )
            ],
        )
        for n in range(40):  # a long history: the log panel scrolls
            journal.log(
                s,
                mapping="CUSTOMER",
                action="modify",
                result="ok",
                left_key="C001",
                right_key=partner,
                job_id=None,
                message=f"old entry {n}",
            )
    release = threading.Event()

    def running_job(
        integration: Any, mappings: Any, full: bool, context: TaskContext
    ) -> list[JobResult]:
        with integration.state.write() as s:
            journal.log(
                s,
                mapping="CUSTOMER",
                action="modify",
                result="ok",
                left_key="C001",
                right_key=partner,
                job_id=None,
                message="the newest",
            )
        release.wait(WAIT_MS / 1000)
        return []

    monkeypatch.setattr(tasks, "synchronize", running_job)
    open_ws(qtbot, window, big)
    with qtbot.waitSignal(window.errors_page.recordLogLoaded, timeout=WAIT_MS):
        window.errors_page.error_view.selectRow(0)
    wait_idle(qtbot, window)
    bar = window.errors_page.log_panel.log_view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()  # at the newest entry
    picked = window.errors_page.log_panel.log_view.selectionModel().selectedRows()[0].row()

    with qtbot.waitSignal(window.jobEnded, timeout=WAIT_MS):
        window.sync_action.trigger()
        qtbot.waitUntil(
            lambda: window.errors_page.log_panel.log_model.rows()[-1].message == "the newest",
            timeout=WAIT_MS,
        )
        qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=WAIT_MS)
        assert (
            window.errors_page.log_panel.log_view.selectionModel().selectedRows()[0].row() == picked
        )
        release.set()
    wait_idle(qtbot, window)


def _error_rows(ids: range, mapping: str = "CUSTOMER") -> list[ErrorRow]:
    now = dt.datetime(2026, 1, 1)
    return [
        ErrorRow(i, mapping, "conflict", f"C{i}", f"A{i}", "", now, now, 1, True, "open", 1, {})
        for i in ids
    ]


def test_a_page_of_an_old_query_landing_while_the_new_querys_page_is_pending_is_dropped(
    qtbot: QtBot,
) -> None:
    from pytestqt.modeltest import ModelTester

    from syncdesk.ui.error_table_model import ErrorTableModel

    model = ErrorTableModel()
    ModelTester(None).check(model)
    asked: list[int] = []
    model.pageRequested.connect(asked.append)
    # the old query: its first page, and the view scrolls to the end: a page is asked for
    old = model.start_query()
    assert model.set_first_page(old, _error_rows(range(1, 101)), total=300)
    model.fetchMore(QModelIndex())
    assert asked == [old]
    # the filter changes before that page arrives: a new query, its first page, and the
    # view asks the new query's next page
    new = model.start_query()
    assert model.set_first_page(new, _error_rows(range(1001, 1101), "CONTACT"), total=250)
    model.fetchMore(QModelIndex())
    assert asked == [old, new] and model.is_fetching()
    # now the old query's page lands: it is dropped, and the new page is still awaited
    assert not model.append_page(old, _error_rows(range(101, 201)))
    assert [r.id for r in model.rows()] == list(range(1001, 1101))
    assert model.is_fetching() and not model.canFetchMore(QModelIndex())
    # the new query's page lands and is shown
    assert model.append_page(new, _error_rows(range(1101, 1201), "CONTACT"))
    assert [r.id for r in model.rows()] == list(range(1001, 1201))
    assert {r.mapping for r in model.rows()} == {"CONTACT"}
