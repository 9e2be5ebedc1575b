"""File > Settings: the window's language and its light or dark appearance."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from syncdesk.ui import i18n, theme


class SettingsDialog(QDialog):
    """Language and appearance; OK saves them and applies them at once."""

    languageChanged = Signal(str)
    """The user chose another language (its code); the window is built again in it."""

    def __init__(self, parent: QWidget | None = None, *, busy: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._busy = busy

        self.language_box = QComboBox()
        self.language_box.setAccessibleName(self.tr("Language"))
        system = i18n.LANGUAGES[i18n.system_language()]
        self.language_box.addItem(
            self.tr("System default ({language})").format(language=system), ""
        )
        for code, name in i18n.LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(
            max(0, self.language_box.findData(i18n.chosen_language()))
        )
        self.language_box.setToolTip(
            self.tr("The language of the window, its dates and its numbers")
        )

        self.theme_box = QComboBox()
        self.theme_box.setAccessibleName(self.tr("Appearance"))
        for code, label in theme.THEMES.items():
            self.theme_box.addItem(QCoreApplication.translate("SettingsDialog", label), code)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(theme.chosen_theme())))
        self.theme_box.setToolTip(self.tr("Light or dark colours, or those of the desktop"))

        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_box)
        form.addRow(self.tr("&Appearance:"), self.theme_box)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._on_language_picked()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.language_box.currentIndexChanged.connect(self._on_language_picked)

    def chosen_language(self) -> str:
        return str(self.language_box.currentData() or "")

    def chosen_theme(self) -> str:
        return str(self.theme_box.currentData() or "system")

    def _language_changes(self) -> bool:
        picked = self.chosen_language() or i18n.system_language()
        return picked != i18n.current_language()

    def _on_language_picked(self, *_args: object) -> None:
        if self._language_changes() and self._busy:
            self.note.setText(
                self.tr("A task is running: the new language is used from the next start.")
            )
            self.note.setVisible(True)
        else:
            self.note.setVisible(False)

    def accept(self) -> None:
        changes = self._language_changes()
        i18n.set_chosen_language(self.chosen_language())
        theme.set_chosen_theme(self.chosen_theme())
        theme.follower().apply(self.chosen_theme())
        super().accept()
        if changes and not self._busy:
            self.languageChanged.emit(self.chosen_language() or i18n.system_language())
