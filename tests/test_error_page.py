"""The Sync Errors page, tried as a new administrator would (issue 12, items 7, 8, 11, 12,
14, 15, 19 and 21; issue 11, items 2, 4 and 5).

Confirmations say what is true of the selection; "Apply to all matching" is shown while it
is ticked and unticked after every action; overwriting more than one value asks first; the
status bar names what was done to the records; each error shows its record's name (and the
search finds it); a conflict's log entry shows both apps' values and the base; the table,
the summary (its zero counts readable in the dark), the filter row (which stays put when the
count changes), the search and the export behave; data never renders as rich text; an export
is readable by its owner alone and runs no formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env
from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from syncdesk.models import SyncError
from syncdesk.ui import theme
from syncdesk.ui.error_table_model import ErrorColumn
from syncdesk.ui.errors_view import ErrorsView, export_name
from syncdesk.ui.main_window import MainWindow
from syncdesk.ui.models import KIND_COLORS, kind_icon
from syncdesk.ui.record_log_models import LogColumn
from syncdesk.ui.tasks import csv_cell

WAIT_MS = 15_000


class Asked:
    def __init__(self) -> None:
        self.boxes: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Ok

    def exec(self, box: QMessageBox) -> int:
        self.boxes.append((box.windowTitle(), box.text(), box.informativeText()))
        assert box.textFormat() == Qt.TextFormat.PlainText, "a dialog with data is plain text"
        return int(self.answer.value)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    a = Asked()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: a.exec(box))
    return a


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    """C00001 in conflict (city), C00002 deleted in the CRM, C00003 deleted in the ERP."""
    e = sqlite_env(tmp_path)
    e.customers(4)
    e.job(trigger="queue")
    e.update("left", "customer", "C00001", city="Leuven")
    e.update("right", "account", e.partner("C00001"), city="Mechelen")
    e.delete("right", "account", e.partner("C00002"))
    e.delete("left", "customer", "C00003")
    e.job(trigger="queue")
    yield e
    e.dispose()


@pytest.fixture
def window(qtbot: QtBot, asked: Asked) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 760)
    yield win
    win.close()
    assert win.runner.is_idle()


def open_page(qtbot: QtBot, window: MainWindow, env: Env) -> ErrorsView:
    page = window.errors_page
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        window.open_workspace(env.workspace)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    return page


def select(qtbot: QtBot, page: ErrorsView, *kinds: str) -> None:
    rows = [i for i, r in enumerate(page.errors_model.rows()) if r.kind in kinds]
    page.error_view.clearSelection()
    with qtbot.waitSignal(page.recordLogLoaded, timeout=WAIT_MS):
        for row in rows:
            page.error_view.selectionModel().select(
                page.errors_model.index(row, 0),
                page.error_view.selectionModel().SelectionFlag.Select
                | page.error_view.selectionModel().SelectionFlag.Rows,
            )
    qtbot.waitUntil(page.runner.is_idle, timeout=WAIT_MS)


def act(qtbot: QtBot, window: MainWindow, action: str) -> Any:
    page = window.errors_page
    with (
        qtbot.waitSignal(page.actionEnded, timeout=WAIT_MS) as ended,
        qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS),
    ):
        window.error_actions[action].trigger()
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    return ended.args[0]


def rendered(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What a label or a tooltip shows for ``text``: Qt reads text that looks like HTML as
    rich text unless it is told it is plain."""
    doc = QTextDocument()
    if fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)  # type: ignore[attr-defined]
    ):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


# -- 7: Remove Coupling says what is true of the selection -------------------------------------


def test_remove_coupling_is_worded_from_the_selection(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked
) -> None:
    page = open_page(qtbot, window, env)
    asked.answer = QMessageBox.StandardButton.Cancel
    select(qtbot, page, "deleted-right")
    window.error_actions["remove-coupling"].trigger()
    title, text, info = asked.boxes[-1]
    assert text == "Remove the coupling of CUSTOMER C00002 (Customer 2)?"
    assert "records stay in Business Central and Dynamics 365 Sales" not in info
    assert (
        "1 record already deleted in Dynamics 365 Sales: the one in Business Central stays "
        "there and is not created again in Dynamics 365 Sales." in info
    )
    select(qtbot, page, "conflict", "deleted-left")
    window.error_actions["remove-coupling"].trigger()
    _title, text, info = asked.boxes[-1]
    assert text == "Remove the coupling of 2 record pairs?"
    assert "1 pair stays in Business Central and Dynamics 365 Sales, uncoupled" in info
    assert "1 record already deleted in Business Central: the one in Dynamics 365 Sales" in info
    assert len(env.errors()) == 3  # cancelled: nothing done


def test_remove_coupling_of_a_failed_insert_says_it_never_reached_the_other_app(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked
) -> None:
    env.insert("left", "customer", no="C00099", name="N" * 50, city="Gent")  # Sales refuses
    env.job(trigger="queue")
    page = open_page(qtbot, window, env)
    asked.answer = QMessageBox.StandardButton.Cancel
    select(qtbot, page, "failed")
    window.error_actions["remove-coupling"].trigger()
    _title, _text, info = asked.boxes[-1]
    assert "1 record that never reached Dynamics 365 Sales stays in Business Central only" in info
    assert "stay in Business Central and Dynamics 365 Sales" not in info


# -- 8: Apply to all matching ------------------------------------------------------------------


def test_apply_to_all_matching_shows_its_targets_and_is_unticked_after_an_action(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked
) -> None:
    page = open_page(qtbot, window, env)
    model = page.errors_model
    unselected = model.index(0, ErrorColumn.MAPPING)
    assert unselected.data(Qt.ItemDataRole.BackgroundRole) is None
    filters_at = page.all_matching_check.geometry()
    page.all_matching_check.setChecked(True)
    # every matching row is tinted as a target, and the page says so with the count
    assert unselected.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert not page.targeted_label.isHidden()
    assert page.targeted_label.text().startswith("The next action applies to all 3 sync errors")
    assert page.all_matching_check.geometry() == filters_at  # nothing in the row moves
    asked.answer = QMessageBox.StandardButton.Ok
    act(qtbot, window, "retry")
    assert not page.all_matching_action.isChecked() and not page.all_matching_check.isChecked()
    assert unselected.data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.targeted_label.isHidden()
    # the next action applies to the selected row only
    select(qtbot, page, "conflict")
    act(qtbot, window, "retry")
    assert len(asked.boxes) == 1  # only the matching retry asked


# -- 11 and 12: overwriting asks, and the status bar names the records -------------------------


def test_use_a_version_on_several_records_asks_and_names_them(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked
) -> None:
    env.update("left", "customer", "C00004", city="Aalst", phone="1")
    env.update("right", "account", env.partner("C00004"), city="Ninove", telephone1="2")
    env.job(trigger="queue")
    page = open_page(qtbot, window, env)
    # one record, one field: no question
    select(qtbot, page, "conflict")
    page.error_view.selectRow(
        next(i for i, r in enumerate(page.errors_model.rows()) if r.left_key == "C00001")
    )
    qtbot.waitUntil(page.runner.is_idle, timeout=WAIT_MS)
    act(qtbot, window, "use-left")
    assert asked.boxes == []
    assert window.statusBar().currentMessage() == (
        "Use Business Central Version: 1 conflict resolved with the values in Business Central"
    )
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Leuven"
    # one record, two fields: asked, naming them; Cancel writes nothing
    select(qtbot, page, "conflict")
    asked.answer = QMessageBox.StandardButton.Cancel
    window.error_actions["use-right"].trigger()
    title, text, info = asked.boxes[-1]
    assert title == "Use Dynamics 365 Sales Version"
    assert (
        text
        == "Overwrite 2 field values in Business Central with the values in Dynamics 365 Sales?"
    )
    assert "• CUSTOMER C00004 (Customer 4): City, Phone" in info
    assert "SyncDesk cannot undo this" in info
    assert env.rows("left", "customer")["C00004"]["city"] == "Aalst"


def test_the_status_bar_says_what_happened_to_the_records(
    qtbot: QtBot, window: MainWindow, env: Env, asked: Asked
) -> None:
    page = open_page(qtbot, window, env)
    select(qtbot, page, "deleted-right")
    act(qtbot, window, "restore")
    assert window.statusBar().currentMessage() == (
        "Restore Records: 1 record restored in Dynamics 365 Sales"
    )
    select(qtbot, page, "deleted-left")
    act(qtbot, window, "delete")
    assert window.statusBar().currentMessage() == (
        "Delete Records: 1 record deleted in Dynamics 365 Sales"
    )


# -- 14: the record's name ----------------------------------------------------------------------


def test_the_table_shows_each_records_name_and_the_search_finds_it(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    env.update("right", "account", env.partner("C00003"), name="Brasserie De Kroon")
    env.job(trigger="queue")
    page = open_page(qtbot, window, env)
    model = page.errors_model
    header = model.headerData(ErrorColumn.NAME, Qt.Orientation.Horizontal)
    assert header == "Name"
    names = {
        model.index(r, ErrorColumn.LEFT).data(): model.index(r, ErrorColumn.NAME).data()
        for r in range(model.rowCount())
    }
    # deleted in the ERP: the name comes from the CRM's record
    assert names == {"C00001": "Customer 1", "C00002": "Customer 2", "C00003": "Brasserie De Kroon"}
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.search_edit.setText("kroon")
    assert [r.left_key for r in model.rows()] == ["C00003"]
    assert page.showing_label.text() == "1 of 3 open sync errors"
    # Esc in the search clears it
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.search_edit.setFocus()
    qtbot.waitUntil(page.search_edit.hasFocus, timeout=WAIT_MS)
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)
    assert page.search_edit.text() == "" and model.rowCount() == 3
    # the record log names the record too
    select(qtbot, page, "conflict")
    assert page.log_panel.title_label.text().startswith("Record log — CUSTOMER Customer 1 C00001")


# -- 15: a conflict entry in the record log -----------------------------------------------------


def test_a_conflict_entry_shows_both_apps_values_and_the_base(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    page = open_page(qtbot, window, env)
    select(qtbot, page, "conflict")
    panel = page.log_panel
    log = panel.log_model
    row = next(r for r in range(log.rowCount()) if log.row_at(r).action == "conflict")
    assert log.index(row, LogColumn.CHANGES).data() == "City: Leuven ≠ Mechelen (was Gent)"
    panel.log_view.selectRow(row)
    changes = panel.changes_model
    assert panel.changes_stack.currentWidget() is panel.changes_view
    assert panel.changes_title.text() == "Changed in both apps — conflict"
    headers = [changes.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Field", "At last sync", "Business Central", "Dynamics 365 Sales"]
    assert [changes.index(0, c).data() for c in range(4)] == ["City", "Gent", "Leuven", "Mechelen"]


# -- 21: the table, the summary and the export ---------------------------------------------------


def test_the_kind_dot_keeps_its_colour_on_a_selected_row() -> None:
    for kind, color in KIND_COLORS.items():
        icon = kind_icon(kind)
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
            image = icon.pixmap(QSize(12, 12), mode).toImage()
            assert image.pixelColor(6, 6).name() == color, (kind, mode)
        # a light ring on the highlight
        ring = icon.pixmap(QSize(12, 12), QIcon.Mode.Selected).toImage().pixelColor(6, 1)
        assert ring.lightness() > 200, kind


def test_the_summary_links_show_the_active_kind_and_toggle(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    page = open_page(qtbot, window, env)
    assert "underline" not in page.summary_label.text()
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.summary_label.linkActivated.emit("conflict")
    assert page.kind_combo.currentData() == "conflict"
    assert 'text-decoration:underline"><b>▸ 1 conflict</b>' in page.summary_label.text()
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.summary_label.linkActivated.emit("conflict")
    assert page.kind_combo.currentData() is None
    assert "underline" not in page.summary_label.text()


def test_the_export_has_a_clean_name_iso_dates_no_formulas_and_owner_only_rights(
    qtbot: QtBot,
    window: MainWindow,
    env: Env,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a key and a message a spreadsheet would run as formulas
    with env.open() as integration, integration.state.write() as s:
        first = next(iter(s.query(SyncError).all()))
        s.execute(
            insert(SyncError),
            [
                {
                    "mapping": "CUSTOMER",
                    "kind": "failed",
                    "status": "open",
                    "left_key": '=HYPERLINK("http://evil.example","x")',
                    "right_key": "+1",
                    "message": "@SUM(A1:A9)",
                    "detail": {},
                    "first_seen": first.first_seen,
                    "last_seen": first.last_seen,
                    "attempts": 1,
                    "skip": False,
                    "version": 1,
                }
            ],
        )
    env.write_workspace()
    text = env.workspace.read_text(encoding="utf-8").replace(
        'name = "Test"', 'name = "Contoso (demo)"'
    )
    env.workspace.write_text(text, encoding="utf-8")
    page = open_page(qtbot, window, env)
    asked: list[str] = []

    def save_as(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "out.csv"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    old = os.umask(0o022)
    try:
        with qtbot.waitSignal(page.errorsExported, timeout=WAIT_MS) as done:
            page.export_action.trigger()
    finally:
        os.umask(old)
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
    assert Path(asked[0]).name == "Contoso (demo) sync errors.csv"
    target = done.args[0].path
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=","))
    bad = next(r for r in rows if "HYPERLINK" in r[3])
    assert bad[3] == '\'=HYPERLINK("http://evil.example","x")'
    assert bad[4] == "'+1" and bad[5] == "'@SUM(A1:A9)"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)
    # times in ISO 8601 with the offset: 2026-03-01T10:05:00+01:00
    seen = rows[1][6]
    assert len(seen) == 25 and seen[4] == "-" and seen[10] == "T" and seen[19] in "+-"
    assert export_name('A/B: "C" <D>?') == "AB C D"


def test_csv_cells_follow_owasps_rule() -> None:
    for risky in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert csv_cell(risky) == "'" + risky
    for safe in ("a=1", "C00001", "", " =x"):
        assert csv_cell(safe) == safe
    assert csv_cell(-3) == -3  # a number is a number


# -- issue 11, item 5: data is plain text everywhere -------------------------------------------


TAGGED = "<b>C0042</b><img src=x>"


def test_keys_and_messages_with_tags_never_render_as_rich_text(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    with env.open() as integration, integration.state.write() as s:
        first = next(iter(s.query(SyncError).all()))
        s.execute(
            insert(SyncError),
            [
                {
                    "mapping": "CUSTOMER",
                    "kind": "failed",
                    "status": "open",
                    "left_key": TAGGED,
                    "right_key": None,
                    "message": f"refused <i>{TAGGED}</i>",
                    "detail": {},
                    "first_seen": first.first_seen,
                    "last_seen": first.last_seen,
                    "attempts": 1,
                    "skip": True,
                    "version": 1,
                }
            ],
        )
    page = open_page(qtbot, window, env)
    model = page.errors_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).left_key == TAGGED)
    for col, shown in (
        (ErrorColumn.LEFT, TAGGED),
        (ErrorColumn.MESSAGE, f"refused <i>{TAGGED}</i>"),
    ):
        tip = model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
        assert rendered(tip) == shown, (col, tip)
    select(qtbot, page, "failed")
    label = page.log_panel.title_label
    assert "<b>C0042</b>" in label.text() and label.textFormat() == Qt.TextFormat.PlainText
    assert TAGGED in rendered(label.toolTip())
    # every label that shows text with a tag shows it as written
    for widget in window.findChildren(QLabel):
        if "<b>C0042</b>" in widget.text():
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()


# -- 19: the summary's zero counts read in the dark ---------------------------------------------


def wcag_contrast(text: QColor, background: QColor) -> float:
    """WCAG 2 contrast ratio of ``text`` (composited over ``background`` by its alpha)."""

    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    def luminance(c: tuple[float, float, float]) -> float:
        r, g, b = map(channel, c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    a = text.alphaF()
    over = tuple(
        a * t + (1 - a) * b
        for t, b in zip(
            (text.red(), text.green(), text.blue()),
            (background.red(), background.green(), background.blue()),
            strict=True,
        )
    )
    bg = (background.red(), background.green(), background.blue())
    lighter, darker = sorted((luminance(over), luminance(bg)), reverse=True)  # type: ignore[arg-type]
    return (lighter + 0.05) / (darker + 0.05)


def test_wcag_contrast_matches_the_standards_figures() -> None:
    assert wcag_contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert wcag_contrast(QColor("#767676"), QColor("white")) == pytest.approx(4.54, abs=0.01)
    assert wcag_contrast(QColor(0, 0, 0, 0), QColor("white")) == pytest.approx(1.0)


def summary_colour(label: QLabel, words: str) -> QColor:
    """The colour the summary label draws ``words`` in (its rich text, read as Qt reads it)."""
    doc = QTextDocument()
    doc.setHtml(label.text())
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if words in fragment.text():
                brush = fragment.charFormat().foreground()
                if brush.style() == Qt.BrushStyle.NoBrush:  # the label's own text colour
                    return label.palette().color(QPalette.ColorRole.WindowText)
                return brush.color()
            it += 1
        block = block.next()
    raise AssertionError(f"{words!r} is not in the summary {label.text()!r}")


def test_the_summarys_zero_counts_are_readable_in_the_dark(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, asked: Asked
) -> None:
    """Issue 12, item 19: "0 deleted in Dynamics 365 Sales" was nearly invisible in the dark.

    A zero count is dimmed on purpose (the summary draws it in the palette's disabled
    window-text colour: it matters less than a count that has errors behind it, and it is no
    link), so the bar is WCAG's 3:1 for text set apart as secondary, not the 4.5:1 of body
    text; a count with errors is a link in its kind's colour and is not what this checks.
    """
    e = sqlite_env(tmp_path)
    e.customers(2)
    e.job(trigger="queue")
    e.update("left", "customer", "C00001", city="Leuven")
    e.update("right", "account", e.partner("C00001"), city="Mechelen")
    e.job(trigger="queue")
    before = qapp.palette()
    try:
        assert theme.follower().apply("dark") is True
        win = MainWindow()
        qtbot.addWidget(win)
        win.resize(1280, 760)
        page = open_page(qtbot, win, e)
        label = page.summary_label
        background = label.palette().color(QPalette.ColorRole.Window)
        assert background == theme.dark_palette().color(QPalette.ColorRole.Window)
        for zero in ("0 deleted in Dynamics 365 Sales", "0 deleted in Business Central"):
            ratio = wcag_contrast(summary_colour(label, zero), background)
            assert ratio >= 3.0, (zero, round(ratio, 2))
        # the count with an error behind it stays apart from the zeros: a link, brighter
        conflict = summary_colour(label, "1 conflict")
        assert wcag_contrast(conflict, background) >= 3.0
        win.close()
        assert win.runner.is_idle()
    finally:
        qapp.setPalette(before)
        e.dispose()


# -- 21: the filter row stays put ----------------------------------------------------------------


def settled() -> None:
    """Let every layout the last text change asked for run (they are posted events)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_the_filter_row_does_not_move_when_the_count_changes(
    qtbot: QtBot, window: MainWindow, env: Env
) -> None:
    """Issue 12, item 21: the count of errors shown ("3 open sync errors", "1 of 1,236
    open sync errors") changes its length with every filter; the filters beside it stay where
    they are, and so does the search field the user is typing in."""
    window.show()
    qtbot.waitExposed(window)
    page = open_page(qtbot, window, env)
    row = [
        page.mapping_combo,
        page.kind_combo,
        page.search_edit,
        page.all_matching_check,
        page.reason_edit,
    ]

    def places() -> list[tuple[int, int]]:
        settled()
        return [(w.mapTo(page, w.rect().topLeft()).x(), w.width()) for w in row]

    at_first = places()
    assert page.showing_label.text() == "3 open sync errors"
    # 1,233 failed writes more: the count grows to four digits and a thousands separator
    with env.open() as integration, integration.state.write() as s:
        first = next(iter(s.query(SyncError).all()))
        s.execute(
            insert(SyncError),
            [
                {
                    "mapping": "CUSTOMER",
                    "kind": "failed",
                    "status": "open",
                    "left_key": f"X{i:05d}",
                    "right_key": None,
                    "message": "Dynamics 365 Sales refused the write: too long",
                    "detail": {},
                    "first_seen": first.first_seen,
                    "last_seen": first.last_seen,
                    "attempts": 1,
                    "skip": False,
                    "version": 1,
                }
                for i in range(1233)
            ],
        )
    shown = []
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        window.refresh_action.trigger()
    shown.append((page.showing_label.text(), places()))
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.search_edit.setText("X00042")
    shown.append((page.showing_label.text(), places()))
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.search_edit.clear()
    with qtbot.waitSignal(page.errorsRefreshed, timeout=WAIT_MS):
        page.kind_combo.setCurrentIndex(page.kind_combo.findData("failed"))
    page.all_matching_check.setChecked(True)  # its text names no count: it keeps its width
    shown.append((page.showing_label.text(), places()))
    assert [text for text, _ in shown] == [
        "1,236 open sync errors",
        "1 of 1,236 open sync errors",
        "1,233 of 1,236 open sync errors",
    ]
    for text, where in shown:
        assert where == at_first, text
    qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
