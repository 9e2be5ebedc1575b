"""The window in English and Dutch: translation files, the Dutch window, the settings dialog.

The translation files must be complete and current: ``pyside6-lupdate`` run on the code
today finds no text without a Dutch translation (nor a plural text without its English
forms), and the compiled ``.qm`` files are what ``pyside6-lrelease`` makes of the ``.ts``
files (``./dev translations`` keeps both so). The Dutch window is walked page by page and
no English word may show outside the data.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from syncdesk.ui import i18n, theme
from syncdesk.ui.messages import PHRASINGS, engine_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402  (scripts/ is not a package)


@pytest.fixture
def dutch() -> Iterator[None]:
    """The window's texts, dates and numbers in Dutch for one test."""
    i18n.install("nl")
    yield
    i18n.install("en")


def messages(ts: Path) -> dict[tuple[str, str], list[str]]:
    """(context, source) → the translation's forms, of a .ts file."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for m in context.iter("message"):
            t = m.find("translation")
            forms = [] if t is None else [f.text or "" for f in t.iter("numerusform")]
            out[(name, m.findtext("source", ""))] = forms or ["" if t is None else (t.text or "")]
    return out


# -- the files ------------------------------------------------------------------------------


def test_the_translation_files_are_current_and_complete(tmp_path: Path) -> None:
    for language in translations.LANGUAGES:
        committed = translations.ts_path(language)
        fresh = tmp_path / committed.name
        shutil.copy(committed, fresh)
        translations.lupdate(language, fresh)
        assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
            f"{committed.name} is behind the code: run ./dev translations"
        )
        assert translations.unfinished(fresh) == []
        qm = tmp_path / f"syncdesk_{language}.qm"
        translations.lrelease(committed, qm)
        assert qm.read_bytes() == translations.qm_path(language).read_bytes(), (
            f"{translations.qm_path(language).name} is behind its .ts: run ./dev translations"
        )
    dutch = messages(translations.ts_path("nl"))
    assert len(dutch) > 300  # every page of the window, not a handful of texts
    # a translation names only values the code passes: a {name} the source text does not
    # have would stop .format() (the Mappings page fills its sentences with every value it
    # has, so their Dutch may name one the English does not)
    for (context, source), forms in dutch.items():
        if context in {"MappingWarning", "MappingsPage", "MappingsView"}:
            continue
        passed = set(re.findall(r"\{\w*\}", source))
        for form in forms:
            assert set(re.findall(r"\{\w*\}", form)) <= passed, (context, source, form)


def test_english_plural_forms_read_right() -> None:
    english = messages(translations.ts_path("en"))
    assert english, "the English file carries the plural forms"
    for (context, source), (one, many) in english.items():
        # "(s)" in the source means the forms differ ("1 error", "2 errors"); a text may
        # also choose its words by the count without showing it ("This record", "These")
        assert one != many or "(s)" not in source, (context, source)


def test_every_engine_phrasing_is_still_written_by_the_engine() -> None:
    engine = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("sync", "models")
        for p in (ROOT / "syncdesk" / folder).rglob("*.py")
    )
    # join the pieces of a text the source splits over lines: "is already coupled " f"to"
    engine = re.sub(r"\"\s*\n\s*f?\"", "", engine)
    for template in PHRASINGS:
        for fragment in re.split(r"\{\w+\}", template):
            fragment = fragment.strip(" :;,()")
            if len(fragment) > 3:
                assert fragment in engine, f"the engine no longer writes {template!r}"


# -- messages, dates and numbers --------------------------------------------------------------


def test_a_job_refused_for_a_renamed_mapping_reads_in_dutch(dutch: None) -> None:
    assert engine_text(
        "/w/s.toml: mapping CLIENT has no couplings, but the records of its tables are "
        "coupled under CUSTOMER, a mapping the workspace no longer has (renamed?): a job "
        "would create each of them again in the other app. Carry them over with: syncdesk "
        "mappings -w /w/s.toml --rename CUSTOMER CLIENT (or --forget CUSTOMER, if it synced "
        "other records)"
    ) == (
        "/w/s.toml: toewijzing CLIENT heeft geen koppelingen, maar de records van haar "
        "tabellen zijn gekoppeld onder CUSTOMER, een toewijzing die de werkruimte niet meer "
        "heeft (hernoemd?): een taak zou elk ervan opnieuw aanmaken in de andere app. Neem ze "
        "over met: syncdesk mappings -w /w/s.toml --rename CUSTOMER CLIENT (of --forget "
        "CUSTOMER, als die andere records synchroniseerde)"
    )


def test_deletions_held_read_in_dutch(dutch: None) -> None:
    assert engine_text(
        "20 of 40 coupled records went missing in CRM at once: none deleted in ERP, each is "
        "a sync error to decide"
    ) == (
        "20 van 40 gekoppelde records verdwenen tegelijk uit CRM: geen ervan verwijderd in "
        "ERP, elk is een synchronisatiefout om over te beslissen"
    )


def test_keys_and_values_an_app_holds_badly_read_in_dutch(dutch: None) -> None:
    """The sync errors of a key with a NUL, a key or a value that is not UTF-8: in Dutch,
    with the key, value and replacement mark as the engine wrote them."""
    assert engine_text(
        "name: the value in ERP is not valid UTF-8 text ('H\ufffdllo', its bad bytes shown "
        "as \ufffd); correct it there"
    ) == (
        "name: de waarde in ERP is geen geldige UTF-8-tekst ('H\ufffdllo', de foute bytes "
        "getoond als \ufffd); verbeter ze daar"
    )
    assert engine_text(
        "a record in ERP item has key 'I\ufffd', which is not valid UTF-8 text (its bad bytes "
        "shown as \ufffd): SyncDesk cannot keep such a key; change it in the app"
    ) == (
        "een record in ERP item heeft sleutel 'I\ufffd', die geen geldige UTF-8-tekst is (de "
        "foute bytes getoond als \ufffd): SyncDesk kan zo\u2019n sleutel niet bewaren; wijzig "
        "hem in de app"
    )
    assert engine_text(
        "a record in ERP item has key 'D\\x00E', which holds a NUL character: SyncDesk cannot "
        "keep such a key (PostgreSQL text cannot hold one); change it in the app"
    ).startswith("een record in ERP item heeft sleutel 'D\\x00E', die een NUL-teken bevat")


def test_engine_messages_read_in_dutch_with_data_kept(dutch: None) -> None:
    assert engine_text("ITEM I0079 was deleted in Business Central") == (
        "ITEM I0079 is verwijderd in Business Central"
    )
    # a conflict on two fields; the values and titles are data
    text = (
        "email: both changed (Business Central: a@b.be, Dynamics 365 Sales: c@d.be); "
        "city: both changed (Business Central: Lier, Dynamics 365 Sales: Gent)"
    )
    assert engine_text(text) == (
        "email: in beide gewijzigd (Business Central: a@b.be, Dynamics 365 Sales: c@d.be); "
        "city: in beide gewijzigd (Business Central: Lier, Dynamics 365 Sales: Gent)"
    )
    # the database's own words stay as it wrote them
    assert engine_text("Dynamics 365 Sales refused the write: CHECK constraint failed: x") == (
        "Dynamics 365 Sales weigerde de wijziging: CHECK constraint failed: x"
    )
    # an action with the user's reason
    assert (
        engine_text("restore by ann (customer called)") == "herstellen door ann (customer called)"
    )
    assert engine_text("not one of ours") == "not one of ours"


def test_engine_messages_stay_as_written_in_english() -> None:
    for text in ("ITEM I0079 was deleted in Business Central", "restore by ann", "retry"):
        assert engine_text(text) == text


def test_dates_and_numbers_follow_the_language(dutch: None) -> None:
    import datetime as dt

    when = dt.datetime(2026, 11, 24, 9, 5, 7)  # stored as naive UTC
    local = when.replace(tzinfo=dt.UTC).astimezone()
    assert i18n.fmt_int(1234567) == "1.234.567"
    shown = i18n.fmt_datetime(when)
    assert shown.startswith(local.strftime("%d-%m-%Y").lstrip("0")) or shown.startswith(
        local.strftime("%d-%m-%Y")
    )
    assert shown.endswith(local.strftime("%H:%M:%S"))
    i18n.install("en")
    assert i18n.fmt_int(1234567) == "1,234,567"
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2} \d{1,2}:\d\d:\d\d\s?[AP]M", i18n.fmt_datetime(when))


def test_language_follows_the_system_until_one_is_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("nl_BE")))
    assert i18n.system_language() == "nl"
    assert i18n.effective_language() == "nl"
    assert i18n.locale_for("nl").name() == "nl_BE"  # the system's country is kept
    i18n.set_chosen_language("en")
    assert i18n.effective_language() == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("ja_JP")))
    i18n.set_chosen_language("")
    assert i18n.effective_language() == "en"  # a language the window does not speak


def test_qt_own_buttons_speak_dutch_too(dutch: None) -> None:
    # QMessageBox and QDialogButtonBox texts come from Qt's own qtbase_nl.qm
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"


# -- appearance -------------------------------------------------------------------------------


def test_dark_and_light_palettes(qapp: QApplication) -> None:
    follower = theme.follower()
    before = qapp.palette()
    try:
        assert follower.apply("dark") is True
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
        assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 200
        assert follower.apply("light") is False
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
        # following the system: the offscreen platform reports no dark scheme
        assert follower.apply("system") is theme.system_is_dark()
    finally:
        qapp.setPalette(before)


# -- the Dutch window ----------------------------------------------------------------------

#: words that are English and not Dutch, as a window would show them; a Dutch window that
#: shows one of them outside the data has a text nobody translated
_ENGLISH = """
    the and with from for this that these your you all none yes after before when where
    which what there here than older more less every next previous last first new empty
    error errors sync synchronize synchronization job jobs queue delete deleted remove
    removed coupling coupled couple uncouple uncoupled retry restore use used version show
    file view settings mapping mappings search field fields value values left right
    both started finished duration inserted modified unchanged skipped failed conflicts
    running cancel cancelled apply resume run runs now manual action actions count total
    days entries entry direction lookup warning warnings message changes changed created
    missing details result results chart export workspace language appearance clean
    records' record's opened close quit about select selected choose chosen matching
    between time times only never always until again once each other another shown
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())

_DATABASE_WORDS = re.compile(r"(weigerde de wijziging: ).*", re.DOTALL)


def _words(text: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich text
    text = re.sub(r"/\S+", " ", text)  # a file's path is data
    text = _DATABASE_WORDS.sub(r"\1", text)  # the database's own message is data
    text = text.replace("&", "")  # mnemonics
    return {w.lower() for w in re.findall(r"[A-Za-z']+", text)}


def _visible_texts(window: object) -> list[tuple[str, str]]:
    """(where, text) of everything the window shows: widgets, menus, tables, tooltips."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QMenu,
        QTabWidget,
        QWidget,
    )

    assert isinstance(window, QMainWindow)
    out: list[tuple[str, str]] = [("title", window.windowTitle())]

    def menu_texts(menu: QMenu, where: str) -> None:
        out.append((where, menu.title()))
        for action in menu.actions():
            if action.menu() is not None:
                menu_texts(action.menu(), f"{where} > {action.text()}")  # type: ignore[arg-type]
            elif not action.isSeparator():
                out.append((where, action.text()))
                out.append((f"{where} tip", action.toolTip()))
                out.append((f"{where} status tip", action.statusTip()))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            menu_texts(action.menu(), "menu")  # type: ignore[arg-type]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = type(widget).__name__
        out.append((f"{name} tip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((name, widget.title()))
        elif isinstance(widget, QLineEdit):
            out.append((name, widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            out += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            out += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            out += [(name, widget.item(i).text()) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = model.columnCount()
            for c in range(columns):
                out.append(
                    (f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                )
            for r in range(min(model.rowCount(), 30)):
                for c in range(columns):
                    index = model.index(r, c)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = index.data(role)
                        if isinstance(value, str):
                            out.append((f"{name} cell", value))
    return [(where, text) for where, text in out if text]


def test_the_dutch_window_shows_no_english(qtbot: QtBot, tmp_path: Path, dutch: None) -> None:
    import sqlite3

    from PySide6.QtWidgets import QAbstractItemView, QTableView

    from syncdesk.demo import write_demo
    from syncdesk.ui.main_window import MainWindow

    workspace = write_demo(tmp_path / "demo", 40)
    # table and column names are data: the demo's own English names may show
    data_words: set[str] = set()
    for db in (tmp_path / "demo").glob("*.db"):
        with sqlite3.connect(db) as conn:
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                data_words |= set(re.split(r"[_\W]+", table.lower()))
                for row in conn.execute(f'PRAGMA table_info("{table}")'):
                    data_words |= set(re.split(r"[_\W]+", row[1].lower()))

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    assert window.menuBar().actions()[0].text().replace("&", "") == "Bestand"
    window.open_workspace(workspace)
    qtbot.waitUntil(
        lambda: window.integration is not None and window.runner.is_idle(), timeout=30_000
    )
    found: dict[str, set[str]] = {}
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        qtbot.waitUntil(window.runner.is_idle, timeout=30_000)
        for table in window.findChildren(QTableView):
            if table.isVisible() and table.model() is not None and table.model().rowCount():
                table.selectRow(0)
        qtbot.waitUntil(window.runner.is_idle, timeout=30_000)
        qtbot.wait(50)
        for where, text in _visible_texts(window):
            english = (_words(text) & ENGLISH_WORDS) - data_words
            if english:
                found.setdefault(f"{window.nav.item(page).text()} / {where}: {text!r}", english)
        assert window.findChildren(QAbstractItemView)
    window.close()
    assert not found, "English in the Dutch window:\n" + "\n".join(sorted(found))


# -- choosing the language in the window ------------------------------------------------------


def test_settings_switch_the_window_to_dutch_on_the_same_workspace_and_page(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    from syncdesk.demo import write_demo
    from syncdesk.ui.app import WindowHost
    from syncdesk.ui.main_window import MainWindow
    from syncdesk.ui.settings_dialog import SettingsDialog

    workspace = write_demo(tmp_path / "demo", 30)
    host = WindowHost(qapp)
    first = host.adopt(MainWindow())
    first.show()
    first.open_workspace(workspace)
    qtbot.waitUntil(lambda: first.integration is not None and first.runner.is_idle())
    first.nav.setCurrentRow(2)  # Records
    qtbot.waitUntil(first.runner.is_idle)
    before = qapp.palette()
    try:
        first.settings_action.trigger()
        dialog = first.settings_dialog
        assert isinstance(dialog, SettingsDialog)
        assert dialog.language_box.currentData() == ""  # follows the system (English here)
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("nl"))
        dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
        with qtbot.waitSignal(first.languageChangeRequested) as changed:
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert changed.args == ["nl"]
        second = host.window
        assert second is not None and second is not first
        qtbot.addWidget(second)
        qtbot.waitUntil(lambda: second.integration is not None and second.runner.is_idle())
        assert second.workspace_path == first.workspace_path
        assert second.nav.currentRow() == 2
        assert second.nav.item(0).text() == "Synchronisatiefouten"
        assert second.menuBar().actions()[0].text() == "&Bestand"
        import shiboken6

        assert not shiboken6.isValid(first)  # the English window closed and went away
        # remembered for the next start, and the dark palette is on
        assert i18n.chosen_language() == "nl"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
        assert theme.chosen_theme() == "dark"
        second.close()
    finally:
        qapp.setPalette(before)
        i18n.install("en")


def test_while_a_task_runs_a_new_language_waits_for_the_next_start(qtbot: QtBot) -> None:
    from syncdesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(busy=True)
    qtbot.addWidget(dialog)
    changed = []
    dialog.languageChanged.connect(changed.append)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("nl"))
    assert dialog.note.isVisibleTo(dialog)
    assert "next start" in dialog.note.text()
    dialog.accept()
    assert changed == []
    assert i18n.chosen_language() == "nl"
    assert i18n.current_language() == "en"


def test_a_dutch_export_is_a_dutch_spreadsheet(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dutch: None
) -> None:
    import csv

    from PySide6.QtWidgets import QFileDialog

    from syncdesk.demo import write_demo
    from syncdesk.ui.main_window import MainWindow

    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a: (str(tmp_path / "fouten.csv"), "CSV (*.csv)"),
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_workspace(write_demo(tmp_path / "demo", 30))
    qtbot.waitUntil(lambda: window.integration is not None and window.runner.is_idle())
    with qtbot.waitSignal(window.errors_page.errorsExported, timeout=30_000) as exported:
        window.errors_page.export_action.trigger()
    qtbot.waitUntil(window.runner.is_idle)
    assert exported.args[0] is not None
    with (tmp_path / "fouten.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))  # Excel in Dutch splits on ";"
    assert rows[0][0] == "Toewijzing"
    assert len(rows) == 1 + exported.args[0].rows > 10  # every open error of the demo
    kinds = {r[1] for r in rows[1:]}
    assert "conflict" in kinds and any(k.startswith("verwijderd in ") for k in kinds)
    window.close()


# -- one Dutch word per command (issue 12, item 19) --------------------------------------------


def _bare(text: str) -> str:
    """A command's words as read: no Alt-key mark, no "…", no case."""
    return text.replace("&", "").replace("…", "").strip().casefold()


def test_each_command_has_one_dutch_word_wherever_it_shows() -> None:
    """Remove Coupling is "Koppeling verwijderen" and Uncouple "Ontkoppelen" in every
    context, and "all matching" is "overeenkomende" (never "gefilterde")."""
    words = {"remove coupling": "koppeling verwijderen", "uncouple": "ontkoppelen"}
    seen, matching = set(), 0
    for (context, source), forms in messages(translations.ts_path("nl")).items():
        if _bare(source) in words:
            seen.add(_bare(source))
            assert [_bare(f) for f in forms] == [words[_bare(source)]], (context, source, forms)
        for form in forms:
            assert "gefilterd" not in form.casefold(), (context, source, form)
        # the "all matching errors" commands (not the sentences on "matching the filter")
        words_of = re.sub(r"\{\w+\}", "", source)  # a {matching} count is no word
        if re.search(r"\bmatching\b(?! the filter)", words_of, re.IGNORECASE):
            matching += 1
            for form in forms:
                assert "overeenkomend" in form.casefold(), (context, source, form)
    assert seen == set(words)
    assert matching >= 5  # the check box, the menu entry, the questions


def test_the_dutch_window_names_remove_coupling_and_all_matching_alike_everywhere(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dutch: None
) -> None:
    """Issue 12, item 19: the toolbar said "Ontkoppelen" where the Errors menu said "Koppeling
    verwijderen", and "all matching" was "gefilterde" in one place and "overeenkomende" in
    another. Now the toolbar, the menu and the confirmation of Remove Coupling say
    "Koppeling verwijderen"; the Records page's Uncouple (its own word in English too) says
    "Ontkoppelen" on its button and in the Page menu; and the check box, the menu entry and
    the confirmation of "all matching" say "overeenkomende"."""
    from builders import sqlite_env
    from PySide6.QtWidgets import QMessageBox

    from syncdesk.ui.main_window import MainWindow
    from syncdesk.ui.records_view import RecordsView

    asked: list[tuple[str, str, str]] = []

    def answer(box: QMessageBox) -> int:
        ok = box.button(QMessageBox.StandardButton.Ok)
        asked.append((box.windowTitle(), box.text(), ok.text() if ok else ""))
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    env = sqlite_env(tmp_path)
    try:
        env.customers(3)
        env.job(trigger="queue")
        env.update("left", "customer", "C00001", city="Leuven")
        env.update("right", "account", env.partner("C00001"), city="Mechelen")
        env.delete("right", "account", env.partner("C00002"))
        env.job(trigger="queue")
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        page = window.errors_page
        with qtbot.waitSignal(page.errorsRefreshed, timeout=30_000):
            window.open_workspace(env.workspace)
        qtbot.waitUntil(window.runner.is_idle, timeout=30_000)

        remove = window.error_actions["remove-coupling"]
        toolbar_button = window.toolbar.widgetForAction(remove)
        assert toolbar_button is not None
        assert toolbar_button.text() == "Koppeling verwijderen"
        menus = window.menuBar().actions()
        errors_menu = next(a.menu() for a in menus if a.text() == "&Fouten")
        assert remove in errors_menu.actions()
        assert _bare(remove.text()) == _bare(toolbar_button.text())
        page.error_view.selectRow(0)
        qtbot.waitUntil(window.runner.is_idle, timeout=30_000)
        remove.trigger()
        title, _question, accept = asked[-1]
        assert (title, accept) == ("Koppeling verwijderen", "Koppeling verwijderen")

        # "all matching": the check box, the Errors menu entry and the question it asks
        assert page.all_matching_check.text() == "Op alle overeenkomende toepassen"
        entry = page.all_matching_action
        assert entry in errors_menu.actions()
        assert _bare(entry.text()) == "toepassen op alle 2 overeenkomende fouten"
        page.all_matching_check.setChecked(True)
        window.error_actions["retry"].trigger()
        _title, question, _accept = asked[-1]
        assert question == "Alle 2 overeenkomende synchronisatiefouten opnieuw proberen?"
        page.all_matching_check.setChecked(False)

        # the Records page's Uncouple: its button and its entry in the Page menu
        records = next(v for v in window.views if isinstance(v, RecordsView))
        window.nav.setCurrentRow(window.all_views.index(records))
        qtbot.waitUntil(window.runner.is_idle, timeout=30_000)
        assert records.uncouple_button.text() == "Ontkoppelen"
        window.page_menu.aboutToShow.emit()
        entries = [_bare(a.text()) for a in window.page_menu.actions()]
        assert "ontkoppelen" in entries and "koppeling verwijderen" not in entries
        window.close()
        assert window.runner.is_idle()
    finally:
        env.dispose()
