"""The window's language and locale: translations, dates and numbers, the user's settings.

The window speaks English and Dutch. Every text a person reads goes through Qt's
translation functions (``self.tr(...)`` in a class, ``QCoreApplication.translate(context,
...)`` elsewhere); ``pyside6-lupdate`` collects them into ``resources/translations/*.ts``
and ``pyside6-lrelease`` compiles those into ``syncdesk/ui/translations/*.qm`` (``./dev
translations`` does both). English needs a file too, for its plural forms
(``self.tr("%n error(s)", "", n)`` → "1 error", "2 errors").

The language is chosen in the settings dialog ("" follows the system); :func:`install`
loads it with Qt's own translations of its standard buttons and dialogs, and makes the
matching :class:`QLocale` the default, so the formatting helpers below write dates and
numbers as the user expects ("24-11-2026 09:05" in Dutch, "11/24/26 9:05 AM" in US English).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from platformdirs import user_config_dir
from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTimeZone,
    QTranslator,
)

#: the languages the window speaks, by code, each named in itself
LANGUAGES = {"en": "English", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"

TRANSLATIONS_DIR = Path(__file__).with_name("translations")

_installed: list[QTranslator] = []
_language: str | None = None


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark ``text`` for translation in ``context`` where it is defined; translate it where
    it is shown (``QCoreApplication.translate(context, text)``). Qt's own has no types."""
    return text


class TranslationContext(QObject):
    """A translation context named by the subclass, for texts outside any widget class.

    ``class JobSummary(TranslationContext): ...`` then ``JobSummary.tr("%n job(s)", "", n)``:
    pyside6-lupdate files the text under "JobSummary" with its plural forms (it marks a
    plural in ``QCoreApplication.translate(context, text, None, n)`` only when ``n`` is a
    literal number). Never instantiated.
    """

    @classmethod
    def tr(  # a lookup in the class's context, callable on the class
        cls, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return QCoreApplication.translate(cls.__name__, source, disambiguation, n)


def settings_path() -> Path:
    return Path(user_config_dir("syncdesk", appauthor=False)) / "syncdesk.ini"


def settings() -> QSettings:
    """The user's settings, in an INI file under the user's config folder.

    The path is worked out on every call (Qt works out its default once per process), so
    a test that points the XDG folders elsewhere gets settings of its own.
    """
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def system_language() -> str:
    """The first of the system's preferred languages the window speaks, else English."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def chosen_language() -> str:
    """The language set in the settings dialog: a code of :data:`LANGUAGES`, or "" (system)."""
    value = str(settings().value("window/language", "") or "")
    return value if value in LANGUAGES else ""


def set_chosen_language(code: str) -> None:
    settings().setValue("window/language", code if code in LANGUAGES else "")


def effective_language() -> str:
    return chosen_language() or system_language()


def locale_for(code: str) -> QLocale:
    """The system's own locale when it speaks ``code`` (keeps nl-BE), else the language's."""
    system = QLocale.system()
    if QLocale.languageToCode(system.language()) == code:
        return system
    return QLocale(code)


def install(code: str | None = None) -> str:
    """Load the translations of ``code`` (default: the chosen or system language).

    Replaces what an earlier call installed; returns the language now in use. A missing
    translation file leaves the window in English rather than failing.
    """
    app = QCoreApplication.instance()
    language = code if code in LANGUAGES else effective_language()
    if app is not None:
        for old in _installed:
            app.removeTranslator(old)
        _installed.clear()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{language}", qt_dir), (f"syncdesk_{language}", "")):
            translator = QTranslator(app)
            where = folder or str(TRANSLATIONS_DIR)
            if translator.load(name, where):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(locale_for(language))
    global _language
    _language = language
    return language


def ensure_installed() -> str:
    """Install the chosen language once (a window calls this; later calls change nothing)."""
    global _language
    if _language is None:
        _language = install()
    return _language


def current_language() -> str:
    return _language or effective_language()


def fmt_int(value: int) -> str:
    """A count with the locale's digit grouping: 12,345 or 12.345."""
    return QLocale().toString(int(value))


def list_separator() -> str:
    """The separator a spreadsheet of this locale expects in CSV: ";" where the decimal
    point is a comma (Dutch, German, ...), else ","."""
    return ";" if QLocale().decimalPoint() == "," else ","


def _to_local(value: dt.datetime) -> QDateTime:
    """A stored time (naive means UTC) as a QDateTime in the local time zone."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    utc = aware.astimezone(dt.UTC)
    stamp = QDateTime.fromMSecsSinceEpoch(int(utc.timestamp() * 1000), QTimeZone.utc())
    return stamp.toLocalTime()


def time_format(*, seconds: bool) -> str:
    """The locale's short time format, with seconds when asked (``h:mm:ss AP``)."""
    fmt = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in fmt:
        fmt = fmt.replace("mm", "mm:ss", 1)
    return fmt


def fmt_datetime(value: dt.datetime | None, *, seconds: bool = True) -> str:
    """A stored time (naive UTC) in the local time zone, written the locale's short way."""
    if value is None:
        return ""
    local = _to_local(value)
    loc = QLocale()
    day = loc.toString(local.date(), QLocale.FormatType.ShortFormat)
    return f"{day} {loc.toString(local.time(), time_format(seconds=seconds))}"


def fmt_time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """Only the clock time of a stored time, in the local time zone."""
    if value is None:
        return ""
    return QLocale().toString(_to_local(value).time(), time_format(seconds=seconds))


def same_local_day(a: dt.datetime, b: dt.datetime) -> bool:
    return _to_local(a).date() == _to_local(b).date()
