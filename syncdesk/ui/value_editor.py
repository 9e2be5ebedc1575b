"""A value typed by a person, checked as it is typed against what each column it goes to
takes: the fix dialog's fields, and a value of one's own in the conflict dialog.

What a column takes (:class:`~syncdesk.sync.limits.ColumnLimit`) was read once, in a
worker, when the dialog opened; checking a keystroke runs no query
(:func:`~syncdesk.sync.limits.check_value`). The engine checks again before it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.limits import ColumnLimit, ValueProblem
from syncdesk.sync.values import BYTES_PREFIX, Canonical
from syncdesk.ui.i18n import QT_TRANSLATE_NOOP, TranslationContext, fmt_int
from syncdesk.ui.models import KIND_COLORS, field_label, plain_tip, show_canonical

CONTEXT = "ValueLimits"


class ValueLimits(TranslationContext):
    """Only the translation context of this module's texts (see TranslationContext)."""


#: what a column of each kind takes, as a person reads it
KIND_WORDS = {
    "int": QT_TRANSLATE_NOOP("ValueLimits", "a whole number"),
    "number": QT_TRANSLATE_NOOP("ValueLimits", "a number"),
    "date": QT_TRANSLATE_NOOP("ValueLimits", "a date (YYYY-MM-DD)"),
    "datetime": QT_TRANSLATE_NOOP("ValueLimits", "a date and time (YYYY-MM-DD HH:MM:SS)"),
    "bool": QT_TRANSLATE_NOOP("ValueLimits", "yes or no (1 or 0)"),
    "bytes": QT_TRANSLATE_NOOP("ValueLimits", "bytes"),
}

Check = Callable[[str], tuple[Canonical, list[ValueProblem]]]


def _tr(text: str) -> str:
    return ValueLimits.tr(text)


def kind_words(kind: str) -> str:
    words = KIND_WORDS.get(kind)
    return _tr(str(words)) if words else kind


def edit_text(value: Canonical) -> str:
    """A value as it starts out in an editor (the text that, typed, means that value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def editable(value: Canonical, limits: Sequence[ColumnLimit]) -> bool:
    """Bytes are not typed by hand."""
    if isinstance(value, str) and value.startswith(BYTES_PREFIX):
        return False
    return all(limit.kind != "bytes" for limit in limits)


def limit_text(limit: ColumnLimit) -> str:
    """``Dynamics 365 Sales account.name: VARCHAR(40) · at most 40 characters · needs a value``."""
    parts = [
        ValueLimits.tr("{app} {table}.{column}: {type}").format(
            app=limit.app, table=limit.table, column=limit.column, type=limit.type
        )
    ]
    if limit.length is not None:
        parts.append(ValueLimits.tr("at most %n character(s)", "", limit.length))
    if limit.kind in KIND_WORDS:
        parts.append(ValueLimits.tr("takes {kind}").format(kind=kind_words(limit.kind)))
    if limit.required:
        parts.append(ValueLimits.tr("needs a value"))
    for check in limit.checks:
        parts.append(ValueLimits.tr("check: {sql}").format(sql=check))
    return " · ".join(parts)


def problem_text(p: ValueProblem) -> str:
    """What a column will say of a value, in the window's language."""
    if p.code == "length":
        return ValueLimits.tr(
            "too long for {app}: %n character(s), {table}.{column} takes at most {limit}",
            "",
            p.count or 0,
        ).format(app=p.app, table=p.table, column=p.column, limit=fmt_int(p.limit or 0))
    if p.code == "required":
        return ValueLimits.tr("{app} needs a value in {table}.{column}").format(
            app=p.app, table=p.table, column=p.column
        )
    return ValueLimits.tr("{app} {table}.{column} takes {kind}").format(
        app=p.app, table=p.table, column=p.column, kind=kind_words(p.kind)
    )


class ValueEditor(QWidget):
    """One field's value: the text, what each column takes, and what they say of it now."""

    checked = Signal()
    """The text changed and was checked again (see :attr:`problems`)."""

    def __init__(
        self,
        name: str,
        text: str,
        limits: Sequence[ColumnLimit],
        check: Check,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.initial = text
        self.limits = tuple(limits)
        self._check = check
        self.value: Canonical = None
        self.problems: list[ValueProblem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(text)
        self.edit.setObjectName(f"ValueEdit_{name}")
        self.edit.setAccessibleName(field_label(name))
        self.edit.setClearButtonEnabled(True)
        self.limit_label = QLabel("\n".join(limit_text(limit) for limit in self.limits))
        self.limit_label.setObjectName("LimitLabel")
        self.limit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.limit_label.setWordWrap(True)
        self.limit_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label = QLabel()
        self.status_label.setObjectName("StatusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.limit_label)
        layout.addWidget(self.status_label)
        self.edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed(text)

    def text(self) -> str:
        return self.edit.text()

    @property
    def changed(self) -> bool:
        return self.edit.text() != self.initial

    @property
    def ok(self) -> bool:
        return not self.problems

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        self.value, self.problems = self._check(text)
        if self.problems:
            self.status_label.setText(
                "✗ " + "; ".join(problem_text(p) for p in dict.fromkeys(self.problems))
            )
            color = QColor(KIND_COLORS["failed"])
            self.status_label.setStyleSheet(f"color: {color.name()};")
        else:
            lengths = [limit.length for limit in self.limits if limit.length is not None]
            if lengths and isinstance(self.value, str):
                status = ValueLimits.tr("✓ fits: {count} of {limit} characters").format(
                    count=fmt_int(len(self.value)), limit=fmt_int(min(lengths))
                )
            else:
                status = ValueLimits.tr("✓ fits")
            self.status_label.setText(status)
            self.status_label.setStyleSheet("")
        self.status_label.setAccessibleName(self.status_label.text())
        self.edit.setToolTip(plain_tip(self.status_label.text()))
        self.checked.emit()


class ValueDialog(QDialog):
    """Type a value of one's own for one field (the conflict dialog's Edit Value…)."""

    def __init__(
        self,
        name: str,
        values: Sequence[tuple[str, Canonical]],
        text: str,
        limits: Sequence[ColumnLimit],
        check: Check,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ValueDialog")
        self.setWindowTitle(self.tr("Value of {field}").format(field=field_label(name)))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Both apps receive the value typed here. It is checked as you type against "
                "what their columns take."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        for label, value in values:
            shown = QLabel(show_canonical(value))
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        self.editor = ValueEditor(name, text, limits, check)
        form.addRow(self.tr("New value:"), self.editor)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Use This Value"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.editor.checked.connect(self._update)
        self._update()
        self.editor.edit.selectAll()
        self.editor.edit.setFocus()
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())

    def text(self) -> str:
        return self.editor.text()

    @Slot()
    def _update(self) -> None:
        self.ok_button.setEnabled(self.editor.ok)

    def accept(self) -> None:
        if self.editor.ok:
            super().accept()


__all__ = [
    "ValueDialog",
    "ValueEditor",
    "edit_text",
    "editable",
    "kind_words",
    "limit_text",
    "problem_text",
]
