"""Fix in place: Synchronize… on a **failed** sync error, whose value the target app refused.

The dialog shows the value in the app it came from, what each column it goes to takes
(its type, a length, a value needed, its checks — read once from the reflected schema when
the dialog opens) and the database's own words. The person edits the value; every
keystroke is checked against those limits without a query, and Apply stays disabled while
one is broken. Apply writes the edited values to the source app (compare-and-set: refused
if the record changed meanwhile), logs them with the user and the reason, and syncs the
record at once; the dialog says how that went (resolved, or still refused and why).

Reading (:func:`syncdesk.ui.tasks.load_fix`) and applying
(:func:`syncdesk.ui.tasks.fix_error`) run in the window's
:class:`~syncdesk.ui.worker.TaskRunner`, never on the GUI thread.
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import Literal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from syncdesk.sync.fixing import FixView
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorRow
from syncdesk.ui import tasks
from syncdesk.ui.conflict_fields import mix
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import KIND_COLORS, field_label, show_canonical
from syncdesk.ui.record_log import short_key
from syncdesk.ui.value_editor import ValueEditor, edit_text, editable, problem_text
from syncdesk.ui.worker import Task, TaskRunner
from syncdesk.workspace import SIDES, Side

State = Literal["loading", "ready", "applying", "done", "gone"]
#: marks a field whose value a column refuses now
REFUSED_MARK = "⚠"

_ids = itertools.count(1)


class FixDialog(QDialog):
    """Mend the value an app refused, where it came from, and sync the record again."""

    shown = Signal()
    """The error is shown (its fields, or why they cannot be)."""
    applied = Signal(object)
    """An apply ended: its ``tasks.FixOutcome``, or ``None`` when nothing was written."""

    def __init__(
        self,
        runner: TaskRunner,
        integration: Integration,
        row: ErrorRow,
        parent: QWidget | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.integration = integration
        self.row = row
        self.view: FixView | None = None
        self.state: State = "loading"
        self.editors: dict[str, ValueEditor] = {}
        self.outcome: tasks.FixOutcome | None = None
        self._channel = f"fix-dialog-{next(_ids)}"
        self._note_level = ""
        apps = integration.workspace.apps
        self._titles: dict[Side, str] = {s: apps[s].title for s in SIDES}
        self.setObjectName("FixDialog")
        self.setWindowTitle(
            self.tr("Fix in Place — {mapping} {key}").format(
                mapping=row.mapping, key=row.left_key or row.right_key or "—"
            )
        )
        self._build(reason)
        self.setMinimumSize(640, 460)
        self.resize(820, 600)
        self._load()

    # == building ===========================================================================

    def _build(self, reason: str | None) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.title_label = QLabel(
            self.tr("Fix in place — {mapping}").format(mapping=self.row.mapping)
        )
        self.title_label.setObjectName("FixTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title_label.setFont(font)
        self.record_label = QLabel(self._record_words())
        self.record_label.setObjectName("RecordLabel")
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)
        self.record_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title_label)
        layout.addWidget(self.record_label)

        self.said_frame = QFrame()
        self.said_frame.setObjectName("SaidFrame")
        said = QVBoxLayout(self.said_frame)
        said.setContentsMargins(10, 6, 10, 6)
        said.setSpacing(2)
        self.said_title = QLabel(self.tr("What the database said:"))
        self.said_title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.said_title.font()
        bold.setBold(True)
        self.said_title.setFont(bold)
        self.said_label = QLabel(engine_text(self.row.message))
        self.said_label.setObjectName("DatabaseWords")
        self.said_label.setTextFormat(Qt.TextFormat.PlainText)
        self.said_label.setWordWrap(True)
        self.said_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        said.addWidget(self.said_title)
        said.addWidget(self.said_label)
        layout.addWidget(self.said_frame)

        self.intro_label = QLabel()
        self.intro_label.setObjectName("IntroLabel")
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)

        self.fields_area = QScrollArea()
        self.fields_area.setObjectName("FieldsArea")
        self.fields_area.setWidgetResizable(True)
        self.placeholder = QLabel(self.tr("Reading the record…"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.fields_area.setWidget(self.placeholder)
        layout.addWidget(self.fields_area, 1)

        reason_row = QFormLayout()
        self.reason_edit = QLineEdit(reason or "")
        self.reason_edit.setObjectName("ReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Optional: kept in the record log"))
        self.reason_edit.setAccessibleName(self.tr("Why"))
        reason_row.addRow(self.tr("&Why:"), self.reason_edit)
        layout.addLayout(reason_row)

        self.note_frame = QFrame()
        self.note_frame.setObjectName("NoteFrame")
        note = QHBoxLayout(self.note_frame)
        note.setContentsMargins(10, 6, 6, 6)
        self.note_label = QLabel()
        self.note_label.setObjectName("NoteLabel")
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(self.tr("Load A&gain"))
        self.reload_button.setToolTip(self.tr("Read the record again (F5)"))
        self.reload_button.setAutoDefault(False)
        note.addWidget(self.note_label, 1)
        note.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.note_frame.hide()
        layout.addWidget(self.note_frame)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("HintLabel")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.apply_button = QPushButton(self.tr("&Apply"))
        self.apply_button.setObjectName("ApplyButton")
        self.close_button = QPushButton(self.tr("Close"))
        self.apply_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self.reload_button.clicked.connect(self.reload)
        for keys, slot in (
            ("Ctrl+Return", self.apply),
            ("Ctrl+Enter", self.apply),
            ("F5", self.reload),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._update()

    def _record_words(self) -> str:
        r = self.row
        keys = self.tr("{left} {lkey} → {right} {rkey}").format(
            left=self._titles["left"],
            lkey=short_key(r.left_key, 24),
            right=self._titles["right"],
            rkey=short_key(r.right_key, 24),
        )
        return f"{r.title}  ·  {keys}" if r.title else keys

    def _tint(self, level: str) -> str:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightnessF() < 0.5
        hue = QColor(KIND_COLORS["failed"] if level == "problem" else "#2e7d32")
        text = palette.color(QPalette.ColorRole.Text).name()
        tint = mix(base, hue, 0.38 if dark else 0.16)
        return f"background: {tint.name()}; color: {text}; border-radius: 4px;"

    # == loading ============================================================================

    def _load(self) -> None:
        self.state = "loading"
        self.runner.submit(
            Task(
                self.tr("Read sync error {id}").format(id=self.row.id),
                partial(tasks.load_fix, self.integration, self.row.id),
                channel=self._channel,
                on_done=self._on_loaded,
                on_failed=self._on_load_failed,
            )
        )
        self._update()

    @Slot()
    def reload(self) -> None:
        if self.state in ("ready", "gone"):
            self._load()

    def _on_loaded(self, value: object) -> None:
        if not Shiboken.isValid(self):
            return
        assert isinstance(value, FixView)
        self._show_view(value)
        if self.state != "done":
            self.state = "ready"
        self._update()
        self.shown.emit()

    def _on_load_failed(self, message: str) -> None:
        if not Shiboken.isValid(self):
            return
        if self.state != "done":
            self.state = "gone"
            self._note(
                "problem",
                self.tr("This sync error cannot be fixed in place: {reason}").format(
                    reason=engine_text(message)
                ),
            )
        self._update()
        self.shown.emit()

    def _show_view(self, view: FixView) -> None:
        self.view = view
        source, target = self._titles[view.source], self._titles[view.target]
        self.said_title.setText(self.tr("What {app} said:").format(app=target))
        self.said_label.setText(engine_text(view.message))
        self.intro_label.setText(
            self.tr(
                "Edit the value in {source}, where it came from. Apply writes it there — "
                "unless someone changed the record meanwhile — and synchronizes the record "
                "to {target} at once."
            ).format(source=source, target=target)
        )
        holder = QWidget()
        holder.setObjectName("FieldsHolder")
        form = QFormLayout(holder)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        self.editors = {}
        # the fields whose value a column refuses now first: they are what to mend
        ordered = sorted(view.fields, key=lambda f: not f.problems)
        for f in ordered:
            if not editable(f.value, f.limits):
                continue
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            now = QLabel(
                self.tr("In {app} now: {value}").format(app=source, value=show_canonical(f.value))
            )
            now.setObjectName(f"Now_{f.field}")
            now.setTextFormat(Qt.TextFormat.PlainText)
            now.setWordWrap(True)
            now.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            editor = ValueEditor(f.field, edit_text(f.value), f.limits, f.check)
            editor.checked.connect(self._update)
            box_layout.addWidget(now)
            box_layout.addWidget(editor)
            label = field_label(f.field)
            label = f"{label}  {REFUSED_MARK}" if f.problems else label
            form.addRow(label, box)
            self.editors[f.field] = editor
        if not self.editors:
            empty = QLabel(self.tr("No field of this record goes to {app}.").format(app=target))
            empty.setEnabled(False)
            form.addRow(empty)
        self.fields_area.setWidget(holder)
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.edit.setFocus()
            first.edit.selectAll()

    # == what is shown ======================================================================

    def _note(self, level: str, text: str) -> None:
        self._note_level = level
        self.note_frame.setStyleSheet(f"#NoteFrame {{ {self._tint(level)} }}")
        self.note_label.setText(text)
        self.note_frame.setVisible(bool(text))

    def values(self) -> dict[str, str]:
        """The values the person changed, by field (what Apply sends)."""
        return {name: e.text() for name, e in self.editors.items() if e.changed}

    @Slot()
    def _update(self) -> None:
        ready = self.state == "ready" and self.view is not None
        changed = self.values()
        broken = [(n, e) for n, e in self.editors.items() if not e.ok]
        for editor in self.editors.values():
            editor.set_read_only(self.state != "ready")
        self.reload_button.setVisible(
            self.state == "gone" or (self.state == "ready" and self._note_level == "problem")
        )
        self.said_frame.setStyleSheet(f"#SaidFrame {{ {self._tint('problem')} }}")
        self.said_frame.setVisible(self.state != "done")
        self.apply_button.setEnabled(ready and bool(changed) and not broken)
        self.apply_button.setText(
            self.tr("Applying…") if self.state == "applying" else self.tr("&Apply")
        )
        self.apply_button.setVisible(self.state != "done")
        hint = ""
        if self.state == "loading":
            hint = self.tr("Reading the record and what both apps take…")
        elif self.state == "applying":
            hint = self.tr("Writing the value and synchronizing the record…")
        elif ready and broken:
            name, editor = broken[0]
            hint = self.tr("{field}: {problem}").format(
                field=field_label(name), problem=problem_text(editor.problems[0])
            )
        elif ready and not changed:
            hint = self.tr("Change a value to apply it.")
        elif ready and self.view is not None:
            hint = self.tr(
                "Apply writes %n value(s) to {source} and synchronizes the record to {target} "
                "(Ctrl+Enter).",
                "",
                len(changed),
            ).format(source=self._titles[self.view.source], target=self._titles[self.view.target])
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))

    # == applying ===========================================================================

    @Slot()
    def apply(self) -> None:
        if not self.apply_button.isEnabled() or self.view is None or self.state != "ready":
            return
        values = self.values()
        self.state = "applying"
        self.runner.submit(
            Task(
                self.tr("Fix {mapping} {key}").format(mapping=self.view.mapping, key=self.view.key),
                partial(
                    tasks.fix_error,
                    self.integration,
                    self.view.error_id,
                    values,
                    reason=self.reason_edit.text().strip() or None,
                ),
                writes=True,
                on_done=self._on_applied,
                on_failed=self._on_apply_failed,
            )
        )
        self._update()

    def _on_applied(self, value: object) -> None:
        if not Shiboken.isValid(self):
            return
        assert isinstance(value, tasks.FixOutcome)
        assert self.view is not None
        self.outcome = value
        source, target = self._titles[self.view.source], self._titles[self.view.target]
        job = value.result.retry.job if value.result.retry is not None else value.result.job
        if value.result.resolved:
            self.state = "done"
            self._note(
                "done",
                self.tr(
                    "Fixed: {source} holds the new value, and {target} took it (job {job}). "
                    "The sync error is resolved."
                ).format(source=source, target=target, job=job),
            )
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        else:
            self.state = "ready"
            reason = value.view.message if value.view is not None else value.result.message
            self._note(
                "problem",
                self.tr(
                    "Written to {source}, but {target} still refuses the record (job {job}): "
                    "{reason}"
                ).format(source=source, target=target, job=job, reason=engine_text(reason)),
            )
            if value.view is not None:
                self._show_view(value.view)
            else:
                self.state = "gone"
        self._update()
        self.applied.emit(value)

    def _on_apply_failed(self, message: str) -> None:
        if not Shiboken.isValid(self):
            return
        self.state = "ready"
        self._note(
            "problem",
            self.tr("Nothing was written: {reason}").format(reason=engine_text(message)),
        )
        self._update()
        self.applied.emit(None)

    def done(self, result: int) -> None:
        if self.state == "applying":
            return  # closes only once the apply has ended (it is being written)
        self.runner.invalidate(self._channel)
        super().done(result)


__all__ = ["REFUSED_MARK", "FixDialog"]
