"""Asking for a database password the workspace needs and cannot fetch now.

The workspace file never holds a password; it says where one comes from (the system
keyring, an environment variable, a file). When that source has none, the window asks:
one row per database, with its app, the URL (password masked) and why it is asked; a
password typed here is used for this session, and saved in the keyring when the user
ticks the box (offered where the workspace's source is the keyring and one is usable).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from syncdesk.credentials import MissingPassword, Target

# the refusal's colour (readable on the light and the dark palette)
REFUSED_COLOR = "#d9443f"


class PasswordDialog(QDialog):
    """One password field (and a keep-in-keyring box) per missing password."""

    def __init__(
        self,
        workspace: str,
        needed: Sequence[MissingPassword],
        parent: QWidget | None = None,
        *,
        refused: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password needed"))
        self.needed = list(needed)
        self.fields: dict[Target, QLineEdit] = {}
        self.keep: dict[Target, QCheckBox] = {}

        lead = QLabel(
            self.tr("<b>{workspace}</b> needs a password that SyncDesk cannot find:").format(
                workspace=html.escape(workspace)
            )
        )
        lead.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        #: shown when the passwords typed last time were refused (the server's words)
        self.refused_label = QLabel()
        self.refused_label.setTextFormat(Qt.TextFormat.PlainText)  # the server's own words
        self.refused_label.setObjectName("RefusedLabel")
        self.refused_label.setWordWrap(True)
        warn = self.refused_label.palette()
        warn.setColor(QPalette.ColorRole.WindowText, QColor(REFUSED_COLOR))
        self.refused_label.setPalette(warn)
        if refused and self.needed:
            self.refused_label.setText(
                self.tr("The database refused the password: {reason}").format(
                    reason=self.needed[0].reason
                )
            )
        self.refused_label.setVisible(refused)
        layout.addWidget(self.refused_label)
        form = QFormLayout()
        for item in self.needed:
            title = self.tr("State database") if item.target == "state" else item.title
            field = QLineEdit()
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setObjectName(f"Password-{item.target}")
            field.setAccessibleName(self.tr("Password for {what}").format(what=title))
            field.setToolTip(item.reason)
            field.textChanged.connect(self._on_typed)
            keep = QCheckBox(self.tr("Save in the system keyring"))
            keep.setObjectName(f"Keep-{item.target}")
            keep.setEnabled(item.can_save)
            keep.setToolTip(
                self.tr("Kept as {account}; the next start finds it there").format(
                    account=item.account
                )
                if item.can_save
                else self.tr("The workspace takes this password from {source}").format(
                    source=item.source.describe()
                )
            )
            where = QLabel(f"<b>{html.escape(title)}</b><br><small>{html.escape(item.url)}</small>")
            where.setBuddy(field)
            self.fields[item.target] = field
            self.keep[item.target] = keep
            box = QVBoxLayout()
            box.addWidget(field)
            box.addWidget(keep)
            form.addRow(where, box)
        layout.addLayout(form)
        note = QLabel(
            self.tr("A password typed here is used until SyncDesk closes, unless you save it.")
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._on_typed()

    def _on_typed(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(all(f.text() for f in self.fields.values()))

    def passwords(self) -> dict[Target, str]:
        return {t: f.text() for t, f in self.fields.items() if f.text()}

    def to_save(self) -> tuple[Target, ...]:
        return tuple(t for t, box in self.keep.items() if box.isEnabled() and box.isChecked())
