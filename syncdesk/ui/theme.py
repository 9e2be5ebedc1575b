"""Light and dark: the window's palette, following the system unless the user picks one.

The window draws with Qt's Fusion style and one of two palettes. With "system" (the
default) it follows the desktop's colour scheme as Qt reports it
(``QStyleHints.colorScheme``), also when that changes while the window is open. Every
colour the window paints itself comes from the palette, so both read well.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from syncdesk.ui.i18n import QT_TRANSLATE_NOOP, settings

#: the appearance choices, by code
THEMES = {
    "system": QT_TRANSLATE_NOOP("SettingsDialog", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
    "dark": QT_TRANSLATE_NOOP("SettingsDialog", "Dark"),
}


def chosen_theme() -> str:
    value = str(settings().value("window/theme", "system") or "system")
    return value if value in THEMES else "system"


def set_chosen_theme(code: str) -> None:
    settings().setValue("window/theme", code if code in THEMES else "system")


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """Fusion's colours in the dark: grey surfaces, white text, a blue highlight."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window, base, text = QColor(53, 53, 53), QColor(35, 35, 35), QColor(235, 235, 235)
    dim = QColor(127, 127, 127)
    blue = QColor(42, 130, 218)
    for r, c in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor(45, 45, 45)),
        (role.ToolTipBase, QColor(25, 25, 25)),
        (role.ToolTipText, text),
        (role.PlaceholderText, QColor(150, 150, 150)),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.BrightText, QColor(255, 80, 80)),
        (role.Light, QColor(80, 80, 80)),
        (role.Midlight, QColor(66, 66, 66)),
        (role.Mid, QColor(40, 40, 40)),
        (role.Dark, QColor(25, 25, 25)),
        (role.Shadow, QColor(10, 10, 10)),
        (role.Highlight, blue),
        (role.HighlightedText, QColor(255, 255, 255)),
        (role.Link, QColor(90, 165, 240)),
        (role.LinkVisited, QColor(160, 130, 230)),
    ):
        p.setColor(r, c)
    for r in (role.WindowText, role.Text, role.ButtonText, role.HighlightedText):
        p.setColor(group.Disabled, r, dim)
    p.setColor(group.Disabled, role.Highlight, QColor(80, 80, 80))
    return p


def light_palette() -> QPalette:
    style = QApplication.style()
    return style.standardPalette() if style is not None else QPalette()


class ThemeFollower(QObject):
    """Applies the chosen palette, and again whenever the system's colour scheme changes."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.dark = False
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)

    def apply(self, code: str | None = None) -> bool:
        """Use the palette of ``code`` (default: the chosen one); returns True when dark."""
        choice = code if code in THEMES else chosen_theme()
        if self._app.style().name().lower() != "fusion":
            self._app.setStyle("Fusion")
        self.dark = choice == "dark" or (choice == "system" and system_is_dark())
        self._app.setPalette(dark_palette() if self.dark else light_palette())
        return self.dark

    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if chosen_theme() == "system":
            self.apply("system")


_follower: ThemeFollower | None = None


def follower() -> ThemeFollower:
    """The application's one follower (made on first use)."""
    global _follower
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _follower is None or _follower.parent() is not app:
        _follower = ThemeFollower(app)
    return _follower
