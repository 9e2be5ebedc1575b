"""The Records page, driven in the main window as an administrator would.

The workspace is the builders' ERP and CRM on SQLite (mappings CUSTOMER and CONTACT).
Every read and write of the page runs in a worker, so the tests wait for its signals and
check the databases afterwards; each test closes its window so the threads join.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from syncdesk.models import Exclusion, Job
from syncdesk.sync.records import DIFFERS, EXCLUDED, IN_SYNC, NOT_COUPLED
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.records_models import DIFFERS_BACKGROUND, PairColumn, RecordColumn
from syncdesk.ui.records_view import RecordsView

WAIT_MS = 15_000

# the offscreen platform says so when a dialog is shown
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Dialogs:
    """Every QMessageBox the window opens, captured instead of shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(self.answer.value)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    captured = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: captured.exec(box))
    return captured


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = sqlite_env(tmp_path, extra='couple_by = ["name"]')
    yield e
    e.dispose()


@pytest.fixture
def window(qtbot: QtBot, dialogs: Dialogs) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    yield win
    win.close()
    assert win.runner.is_idle()


def records_view(window: MainWindow) -> RecordsView:
    return next(v for v in window.views if isinstance(v, RecordsView))


def open_records(qtbot: QtBot, window: MainWindow, env: Env) -> RecordsView:
    view = records_view(window)
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    window.nav.setCurrentRow(window.views.index(view) + 1)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    # the mapping combo lists the workspace's mappings; show CUSTOMER in the ERP
    choose(qtbot, view, mapping="CUSTOMER", side="left")
    return view


def choose(qtbot: QtBot, view: RecordsView, *, mapping: str, side: str) -> None:
    m = view.mapping_combo.findData(mapping)
    s = view.side_combo.findData(side)
    if (view.mapping_combo.currentIndex(), view.side_combo.currentIndex()) == (m, s):
        return
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        view.mapping_combo.setCurrentIndex(m)
        view.side_combo.setCurrentIndex(s)


def keys(view: RecordsView) -> list[str]:
    return [r.key for r in view.model.rows()]


def pick(qtbot: QtBot, view: RecordsView, key: str) -> None:
    with qtbot.waitSignal(view.pairLoaded, timeout=WAIT_MS):
        assert view.select_key(key)


def wait_action(qtbot: QtBot, view: RecordsView, action: Any) -> str:
    with qtbot.waitSignal(view.actionEnded, timeout=WAIT_MS) as blocker:
        action()
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS, raising=False):
        pass
    message = blocker.args[0] if blocker.args else ""
    return str(message)


def test_the_page_lists_records_with_their_status_and_search_narrows_them(
    qtbot: QtBot, window: MainWindow, env: Env, qtmodeltester: Any
) -> None:
    env.customers(12)
    env.job()
    env.update("left", "customer", "C00002", city="Leuven")
    view = open_records(qtbot, window, env)
    assert view.title == "Records"
    assert len(keys(view)) == 12
    model = view.model
    assert model.headerData(RecordColumn.KEY, Qt.Orientation.Horizontal) == "Business Central key"
    statuses = {r.key: r.status for r in model.rows()}
    assert statuses["C00001"] == IN_SYNC and statuses["C00002"] == DIFFERS
    assert model.index(1, RecordColumn.STATUS).data() == "differs"
    qtmodeltester.check(model)

    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        qtbot.keyClicks(view.search_edit, "customer 1")  # debounced: one query at the end
    assert keys(view) == ["C00001", "C00010", "C00011", "C00012"]
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        view.search_edit.setText("LEUVEN")
    assert keys(view) == ["C00002"]

    # the other app's records, named by the CRM's title
    view.search_edit.clear()
    choose(qtbot, view, mapping="CUSTOMER", side="right")
    assert len(keys(view)) == 12
    assert model.headerData(RecordColumn.KEY, Qt.Orientation.Horizontal) == (
        "Dynamics 365 Sales key"
    )
    assert {r.partner for r in model.rows()} == {f"C{i:05d}" for i in range(1, 13)}


def test_the_record_table_fits_its_place_until_a_column_is_dragged(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    """At 1366x768 the table scrolled sideways (its last field cut, one more out of view):
    the field columns now share what key, status and partner leave, as the window is
    resized, until a person drags a column's edge; other columns are fitted anew."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    env.customers(3)
    env.job()
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    view = open_records(qtbot, window, env)
    table, header = view.table, view.table.horizontalHeader()
    fields = view.model.columnCount() - len(RecordColumn)
    assert fields == 4

    def fits() -> bool:
        qtbot.wait(10)
        bar = table.horizontalScrollBar()
        return bar.maximum() == 0 and header.length() <= table.viewport().width()

    def field_widths() -> list[int]:
        return [table.columnWidth(len(RecordColumn) + i) for i in range(fields)]

    qtbot.waitUntil(fits, timeout=WAIT_MS)
    assert min(field_widths()) >= 100, (field_widths(), table.viewport().width())
    wide = field_widths()
    window.resize(1180, 728)  # narrower: each field column gives way
    qtbot.waitUntil(lambda: field_widths()[0] < wide[0], timeout=WAIT_MS)
    assert fits() and min(field_widths()) >= 100, (field_widths(), table.viewport().width())
    window.resize(900, 728)  # too narrow for all: each at its narrowest, none hidden
    qtbot.waitUntil(lambda: field_widths() == [100] * fields, timeout=WAIT_MS)
    window.resize(1366, 728)
    qtbot.waitUntil(lambda: field_widths() == wide, timeout=WAIT_MS)
    # a person drags the first field column's right edge: kept, resizing or not
    edge = header.sectionViewportPosition(len(RecordColumn)) + field_widths()[0] - 1
    y = header.height() // 2
    QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    QTest.mouseMove(header.viewport(), QPoint(edge + 40, y))
    QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 40, y))
    dragged = field_widths()
    assert dragged[0] == wide[0] + 40
    window.resize(1200, 728)
    qtbot.wait(50)
    assert field_widths() == dragged
    # the other app's records: columns fitted anew
    choose(qtbot, view, mapping="CUSTOMER", side="right")
    qtbot.waitUntil(fits, timeout=WAIT_MS)


def test_scrolling_to_the_end_appends_the_next_page(
    qtbot: QtBot, window: MainWindow, env: Env, qtmodeltester: Any
) -> None:
    env.customers(12)
    view = open_records(qtbot, window, env)
    view.page_size = 5
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        view.search_edit.setText("customer")
    model = view.model
    assert keys(view) == [f"C{i:05d}" for i in range(1, 6)]
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(view.pageLoaded, timeout=WAIT_MS):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 10
    qtmodeltester.check(model)
    with qtbot.waitSignal(view.pageLoaded, timeout=WAIT_MS):
        view.table.scrollToBottom()  # the view asks for the rest itself
        model.fetchMore(QModelIndex())
    assert keys(view) == [f"C{i:05d}" for i in range(1, 13)]
    assert not model.canFetchMore(QModelIndex())
    assert {r.status for r in model.rows()} == {NOT_COUPLED}
    assert view.showing_label.text() == "12 records"


def test_selecting_a_record_shows_both_records_side_by_side(
    qtbot: QtBot, window: MainWindow, env: Env, qtmodeltester: Any
) -> None:
    env.customers(2)
    env.job()
    partner = env.partner("C00001")
    env.update("right", "account", partner, city="Brussel")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    pm = view.pair_model
    qtmodeltester.check(pm)
    assert pm.headerData(PairColumn.THIS, Qt.Orientation.Horizontal) == "Business Central"
    assert pm.headerData(PairColumn.OTHER, Qt.Orientation.Horizontal) == "Dynamics 365 Sales"
    rows = {pm.index(i, 0).data(): i for i in range(pm.rowCount())}
    city = rows["City"]
    assert pm.index(city, PairColumn.THIS).data() == "Gent"
    assert pm.index(city, PairColumn.OTHER).data() == "Brussel"
    brush = pm.index(city, PairColumn.OTHER).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == DIFFERS_BACKGROUND
    assert pm.index(rows["Name"], PairColumn.OTHER).data(Qt.ItemDataRole.BackgroundRole) is None
    assert partner in view.detail_title.text()
    assert view.detail_title.text().startswith("Differs")
    assert view.uncouple_button.isEnabled() and not view.couple_button.isEnabled()


def test_couple_with_a_suggestion_and_the_next_sync_copies_the_preferred_side(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.insert("left", "customer", no="C1", name="Adatum", city="Gent")
    right = env.insert("right", "account", name="adatum", city="Brugge")
    env.insert("right", "account", name="Fabrikam", city="Gent")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C1")
    assert view.selected_record() is not None
    assert view.couple_button.isEnabled() and not view.uncouple_button.isEnabled()
    with qtbot.waitSignal(view.runner.idle, timeout=WAIT_MS):
        dialog = view.open_couple_dialog()
        assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=WAIT_MS)
    assert [r.key for r in dialog.model.rows()] == [right]  # Fabrikam does not match
    assert dialog.chosen_key() == right
    wait_action(qtbot, view, dialog.accept)
    assert env.couplings() == {"C1": right}
    qtbot.waitUntil(lambda: view.selected_record() is not None, timeout=WAIT_MS)
    record = view.selected_record()
    assert record is not None and record.partner == right
    # the next sync copies the preferred side's (the ERP's) values
    env.job()
    assert env.rows("right", "account")[right]["city"] == "Gent"
    assert env.rows("right", "account")[right]["name"] == "Adatum"


def test_couple_by_searching_the_other_app(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Contoso", city="Gent")
    other = env.insert("right", "account", name="Northwind", city="Gent")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C1")
    dialog = view.open_couple_dialog()
    assert dialog is not None
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert dialog.model.rowCount() == 0
    with qtbot.waitSignal(dialog.candidatesLoaded, timeout=WAIT_MS):
        dialog.search_edit.setText("north")
    assert dialog.chosen_key() == other
    wait_action(qtbot, view, dialog.accept)
    assert env.couplings() == {"C1": other}


def test_uncouple_removes_the_coupling_and_excludes_both(
    qtbot: QtBot, window: MainWindow, env: Env, dialogs: Dialogs
) -> None:
    env.customers(2)
    env.job()
    partner = env.partner("C00001")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    dialogs.answer = QMessageBox.StandardButton.Cancel
    view.uncouple_selected()
    assert env.couplings()["C00001"] == partner  # cancelled: nothing done
    dialogs.answer = QMessageBox.StandardButton.Ok
    assert wait_action(qtbot, view, view.uncouple_selected) == ""
    assert "Uncouple" in dialogs.shown[-1][1]
    assert "C00001" not in env.couplings()
    with env.open() as it, it.state.read() as s:
        excluded = set(s.execute(select(Exclusion.side, Exclusion.key)).tuples().all())
    assert excluded == {("left", "C00001"), ("right", partner)}
    qtbot.waitUntil(
        lambda: {r.key: r.status for r in view.model.rows()}.get("C00001") == EXCLUDED,
        timeout=WAIT_MS,
    )


def test_record_log_lists_the_records_entries(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    env.customers(1)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    with qtbot.waitSignal(view.logLoaded, timeout=WAIT_MS):
        view.log_button.click()
    assert view.tabs.currentWidget() is view.log_panel
    actions = [r.action for r in view.log_model.rows()]
    assert actions == ["insert", "modify"]
    assert view.log_model.rows()[-1].changes == {"city": ["Gent", "Leuven"]}


def test_synchronize_now_in_a_chosen_direction(qtbot: QtBot, window: MainWindow, env: Env) -> None:
    env.customers(1)
    env.job()
    partner = env.partner("C00001")
    env.update("right", "account", partner, city="Lier")
    env.update("left", "customer", "C00001", city="Aalst")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    assert view.to_left_action.isEnabled()
    assert view.to_left_action.text() == "Copy Dynamics 365 Sales values to Business Central"
    assert wait_action(qtbot, view, view.to_left_action.trigger) == ""
    assert env.rows("left", "customer")["C00001"]["city"] == "Lier"
    with env.open() as it, it.state.read() as s:
        job = s.scalars(select(Job).order_by(Job.id.desc())).first()
        assert job is not None
        assert (job.trigger, job.record, job.modified) == ("manual", "left:C00001", 1)
    qtbot.waitUntil(
        lambda: (r := view.selected_record()) is not None and r.status == IN_SYNC,
        timeout=WAIT_MS,
    )


def test_synchronize_now_as_a_job_creates_the_partner(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.insert("left", "customer", no="C1", name="Solo", city="Gent")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C1")
    assert wait_action(qtbot, view, view.sync_action.trigger) == ""
    assert "C1" in env.couplings()


def test_synchronize_now_of_a_record_deleted_since_it_was_listed_says_so_and_makes_no_job(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.insert("left", "customer", no="C1", name="Solo", city="Gent")
    env.insert("left", "customer", no="C2", name="Duo", city="Gent")
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C1")
    env.delete("left", "customer", "C1")
    message = wait_action(qtbot, view, view.sync_action.trigger)
    assert message == "Business Central has no CUSTOMER record C1"
    assert view.outcome_bar.told is not None and view.outcome_bar.told.level == "error"
    assert view.outcome_bar.text_label.text() == (
        "Synchronize CUSTOMER C1: not done: Business Central has no CUSTOMER record C1"
    )
    with env.open() as integration, integration.state.read() as s:
        assert list(s.scalars(select(Job))) == []
    assert env.couplings() == {}
    # the list read again without C1 kept the message in view; choosing C2 puts it away
    assert keys(view) == ["C2"] and view.outcome_bar.isVisibleTo(view)
    pick(qtbot, view, "C2")
    assert view.outcome_bar.told is None and not view.outcome_bar.isVisibleTo(view)


# == issue 12 ====================================================================================


def test_the_record_log_tab_reads_the_selected_records_log_itself(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", city="Brugge")
    env.job()
    view = open_records(qtbot, window, env)
    pick(qtbot, view, "C00001")
    with qtbot.waitSignal(view.logLoaded, timeout=WAIT_MS):
        view.tabs.setCurrentWidget(view.log_panel)  # a click on the tab, no button
    actions = [r.action for r in view.log_panel.log_model.rows()]
    assert actions == ["insert", "modify"]
    # another record while the tab shows: its log follows
    with qtbot.waitSignal(view.logLoaded, timeout=WAIT_MS):
        pick(qtbot, view, "C00002")
    assert [r.left_key for r in view.log_panel.log_model.rows()] == ["C00002"]
    assert view.tabs.currentWidget() is view.log_panel
    assert view.log_panel.title_label.text().startswith("Record log — CUSTOMER Customer 2 C00002")


def test_the_status_filter_and_the_count_of_records(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.customers(12)
    env.job()
    for key in ("C00003", "C00007", "C00011"):
        env.update("left", "customer", key, city="Leuven")
    view = records_view(window)
    view.page_size = 5
    view = open_records(qtbot, window, env)
    assert keys(view) == [f"C{i:05d}" for i in range(1, 6)]  # one page of five
    assert view.showing_label.text() == "12 records"  # all of them counted, not "5+"
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        view.status_combo.setCurrentIndex(view.status_combo.findData(DIFFERS))
    assert keys(view) == ["C00003", "C00007", "C00011"]
    assert view.showing_label.text() == "3 of 12 records have this status"
    assert view.status_combo.currentText() == "Differs"
    with qtbot.waitSignal(view.recordsLoaded, timeout=WAIT_MS):
        view.status_combo.setCurrentIndex(view.status_combo.findData(IN_SYNC))
    assert len(keys(view)) == 5 and "C00003" not in keys(view)
    assert view.showing_label.text() == "5 with this status so far, of 12 records"
    with qtbot.waitSignal(view.pageLoaded, timeout=WAIT_MS):
        view.model.fetchMore(QModelIndex())
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert len(keys(view)) == 9
    assert view.showing_label.text() == "9 of 12 records have this status"
