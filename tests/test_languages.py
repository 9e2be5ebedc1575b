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
    # placeholders survive translation: a {name} in the source is in the Dutch too
    for (context, source), forms in dutch.items():
        wanted = set(re.findall(r"\{\w*\}", source))
        for form in forms:
            assert set(re.findall(r"\{\w*\}", form)) == wanted, (context, source, form)


def test_english_plural_forms_read_right() -> None:
    english = messages(translations.ts_path("en"))
    assert english, "the English file carries the plural forms"
    for (context, source), (one, many) in english.items():
        assert "%n" in one and "%n" in many, (context, source)
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
