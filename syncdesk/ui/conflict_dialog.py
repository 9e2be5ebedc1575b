"""The Synchronize dialog: one conflict side by side, a choice per field, and Apply.

One row per mapped field: the field, its value at the last sync (the base), and its value
in each app now. A cell changed on its side since the last sync is tinted and marked
``●``; a field changed in both apps to different values (a person must choose) is in the
warning colour and marked ``⚠``. The chosen value of each differing field has its radio
button set; the preview below the table says what each app will receive. Several
conflicts selected in the window are stepped through with Next and Previous.

Reading a conflict (:func:`syncdesk.ui.tasks.load_conflict`) and applying a choice
(:func:`syncdesk.ui.tasks.resolve_conflict`) run in the window's
:class:`~syncdesk.ui.worker.TaskRunner`, never on the GUI thread. A conflict someone
else resolved meanwhile, or whose record was deleted, shows the engine's message and the
dialog goes on with the next one.

A field may also take a value of one's own (Edit…, E or F2): both apps receive it, checked
as it is typed against what their columns take (read with the conflict), and the engine
writes it only if neither app changed what was shown (``expected``).

Keys: Up/Down pick a field; Left/Right (or L/R, Space to swap) choose its value; E or F2
types one; Alt+L and Alt+R use every value of one app; PageDown/PageUp (or Alt+N/Alt+P)
step to the next or previous conflict; Ctrl+Enter applies; F5 reads a conflict again; Esc
closes.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QWidget,
)
from shiboken6 import Shiboken

from syncdesk.sync.actions import ActionResult
from syncdesk.sync.conflicts import ConflictView
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorRow
from syncdesk.sync.values import Canonical
from syncdesk.ui import tasks
from syncdesk.ui.conflict_fields import (
    _SIDE_COLUMNS,
    CHANGED_MARK,
    CONFLICT_MARK,
    ConflictFieldsModel,
    FieldColumn,
    FieldRole,
    Tints,
    initial_choice,
    mix,
    needs_choice,
    one_way,
)
from syncdesk.ui.conflict_layout import ConflictDialogLayout
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import field_label
from syncdesk.ui.models import show_canonical as show
from syncdesk.ui.value_editor import ValueDialog, edit_text
from syncdesk.ui.worker import Task, TaskRunner
from syncdesk.workspace import SIDES, Side

Index = QModelIndex | QPersistentModelIndex


_ids = itertools.count(1)


# -- the dialog ----------------------------------------------------------------------------

State = Literal["new", "loading", "ready", "applying", "resolved", "gone"]


@dataclass(eq=False)
class _Entry:
    """One selected conflict as the dialog knows it."""

    row: ErrorRow
    state: State = "new"
    view: ConflictView | None = None
    choices: dict[str, Side] = field(default_factory=dict)
    #: values typed for fields: field -> (the text, the value it reads as)
    typed: dict[str, tuple[str, Canonical]] = field(default_factory=dict)
    #: why it cannot be applied (shown in the message bar), or what applying did
    note: str = ""
    focus_row: int = -1

    @property
    def open(self) -> bool:
        """Still to be decided: not resolved, and not found gone or stale."""
        return self.state in ("new", "loading", "ready")


class ConflictDialog(ConflictDialogLayout):
    """Synchronize: resolve the selected conflicts one by one, a value per field."""

    conflictShown = Signal(int)
    """The conflict of this sync error (its id) is shown: its fields, or why they cannot be."""
    applied = Signal(object)
    """An apply ended: its ``ActionResult``, or ``None`` when it was refused."""

    def __init__(
        self,
        runner: TaskRunner,
        integration: Integration,
        rows: Sequence[ErrorRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not rows:
            raise ValueError("the Synchronize dialog needs at least one conflict")
        self.runner = runner
        self.integration = integration
        self.entries = [_Entry(r) for r in rows]
        self.index = 0
        self.resolved_count = 0
        self._channel = f"conflict-dialog-{next(_ids)}"
        self._close_pending: int | None = None
        apps = integration.workspace.apps
        self._titles: dict[Side, str] = {s: apps[s].title for s in SIDES}

        self.model = ConflictFieldsModel(self)
        self.model.set_titles(self._titles)
        #: Edit…'s dialog while it is open
        self.value_dialog: ValueDialog | None = None

        self.setObjectName("ConflictDialog")
        self.setWindowTitle(self.tr("Synchronize"))
        self._build()
        self._build_shortcuts()
        self._connect_signals()
        self._apply_palette(render=False)
        # an explicit minimum: the layout does not move it as texts come and go
        self.setMinimumSize(760, 520)
        self.resize(1120, 620)
        self.table.setFocus()  # the keys choose from the first moment
        self.show_entry(0)

    # == building ===========================================================================

    def _build_shortcuts(self) -> None:
        def add(keys: str, slot: Any) -> QShortcut:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = [
            add("Alt+L", partial(self.use_all, "left")),
            add("Alt+R", partial(self.use_all, "right")),
            add("PgDown", self.go_next),
            add("PgUp", self.go_previous),
            add("Ctrl+Return", self.apply),
            add("Ctrl+Enter", self.apply),
            add("F5", self.reload),
        ]

    def _connect_signals(self) -> None:
        self.model.choicesChanged.connect(self._on_choices_changed)
        self.table.choiceRequested.connect(self._on_choice_requested)
        self.table.clicked.connect(self._on_cell_clicked)
        self.table.doubleClicked.connect(self._on_cell_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.edit_button.clicked.connect(self.edit_value)
        self.all_left_button.clicked.connect(partial(self.use_all, "left"))
        self.all_right_button.clicked.connect(partial(self.use_all, "right"))
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.ask_close)
        self.reload_button.clicked.connect(self.reload)

    # == what is shown ======================================================================

    @property
    def current(self) -> _Entry:
        return self.entries[self.index]

    def current_error_id(self) -> int:
        return self.current.row.id

    def show_entry(self, index: int) -> None:
        """Show the conflict at ``index`` of the selection, reading it first if needed."""
        if not 0 <= index < len(self.entries):
            return
        self._remember_focus()
        self.index = index
        entry = self.current
        if entry.state == "new":
            self._load(entry)
        self._render(reset=True)
        if entry.state not in ("new", "loading"):
            self.conflictShown.emit(entry.row.id)
            self._prefetch()

    def _remember_focus(self) -> None:
        if self.entries and self.model.rowCount():
            current = self.table.currentIndex()
            self.current.focus_row = current.row() if current.isValid() else -1

    def _render(self, *, reset: bool = False) -> None:
        entry = self.current
        n = len(self.entries)
        row = entry.row
        position = self.tr("{index} of {count}").format(
            index=fmt_int(self.index + 1), count=fmt_int(n)
        )
        self.position_label.setText(
            self.tr("Conflict {position} — {mapping}").format(
                position=position, mapping=row.mapping
            )
            if n > 1
            else row.mapping
        )
        title = self.tr("Synchronize — {mapping} {key}").format(
            mapping=row.mapping, key=row.left_key or "—"
        )
        if n > 1:
            title = self.tr("{title} ({position})").format(title=title, position=position)
        self.setWindowTitle(title)
        self.record_label.setText(
            f"{html.escape(self._titles['left'])} <b>{html.escape(row.left_key or '—')}</b>"
            f"&nbsp;&nbsp;↔&nbsp;&nbsp;{html.escape(self._titles['right'])} "
            f"<b>{html.escape(row.right_key or '—')}</b>"
        )
        message = self.conflict_message(entry)
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

        if reset:
            editable = entry.state == "ready"
            self.model.set_view(entry.view, entry.choices, editable=editable, typed=entry.typed)
            self._fit_columns(entry.view)
            if entry.view is not None:
                self._focus_row(entry)
        if entry.view is not None:
            self.table.set_placeholder("")
        elif entry.state in ("new", "loading"):
            self.table.set_placeholder(
                self.tr("Reading the record from {left} and {right}…").format(
                    left=self._titles["left"], right=self._titles["right"]
                )
            )
        else:
            self.table.set_placeholder(self.tr("This conflict cannot be shown."))

        if entry.note:
            kind = "done" if entry.state == "resolved" else "problem"
            self.note_frame.setStyleSheet(f"#NoteFrame {{ {self._note_styles[kind]} }}")
            self.note_label.setText(entry.note)
            self.reload_button.setVisible(entry.state == "gone")
            self.note_frame.show()
        else:
            self.note_frame.hide()
        self._update_preview()
        self._update_buttons()

    def conflict_message(self, entry: _Entry) -> str:
        """What is in conflict, with the fields named as the table names them."""
        view = entry.view
        if view is None:
            return engine_text(entry.row.message)
        parts = [
            self.tr("{field}: changed in both apps ({left}: {lv}, {right}: {rv})").format(
                field=field_label(f.field),
                left=self._titles["left"],
                right=self._titles["right"],
                lv=show(f.left),
                rv=show(f.right),
            )
            for f in view.fields
            if needs_choice(f)
        ]
        return "; ".join(parts) if parts else engine_text(entry.row.message)

    def _focus_row(self, entry: _Entry) -> None:
        assert entry.view is not None
        fields = entry.view.fields
        row = entry.focus_row
        if not 0 <= row < len(fields):
            undecided = set(entry.view.undecided(entry.choices))
            row = next((i for i, f in enumerate(fields) if f.field in undecided), -1)
            if row < 0:
                row = next((i for i, f in enumerate(fields) if f.differs), 0)
        if fields:
            index = self.model.index(row, FieldColumn.FIELD)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def _update_preview(self) -> None:
        entry = self.current
        for side in SIDES:
            label = self.preview_labels[side]
            title = html.escape(self._titles[side])
            if entry.view is None:
                label.setText(f"<b>{title}</b>: —")
                continue
            changes = entry.view.preview(entry.choices, _values(entry))[side]
            # a conflict that could not be applied says what it would have written, greyed
            label.setEnabled(entry.state != "gone")
            if entry.state == "resolved":
                head = self.tr("{app} received")
            elif entry.state == "gone":
                head = self.tr("{app} would have received")
            else:
                head = self.tr("{app} will receive")
            head = head.format(app=f"<b>{title}</b>")
            if not changes:
                label.setText(self.tr("{app}: no change").format(app=f"<b>{title}</b>"))
                continue
            lines = [
                self.tr("{field}: {before} → {after}").format(
                    field=html.escape(field_label(name)),
                    before=html.escape(show(now)),
                    after=f"<b>{html.escape(show(after))}</b>",
                )
                for name, (now, after) in changes.items()
            ]
            label.setText(f"{head}<br>" + "<br>".join(lines))

    def preview_text(self) -> str:
        """The preview as plain lines: which app receives which value."""
        entry = self.current
        if entry.view is None:
            return ""
        lines = []
        for side, changes in entry.view.preview(entry.choices, _values(entry)).items():
            title = self._titles[side]
            if not changes:
                lines.append(self.tr("{app}: no change").format(app=title))
            for name, (now, after) in changes.items():
                lines.append(
                    self.tr("{app} receives {field}: {before} → {after}").format(
                        app=title, field=field_label(name), before=show(now), after=show(after)
                    )
                )
        return "\n".join(lines)

    def undecided(self) -> list[str]:
        entry = self.current
        if entry.view is None:
            return []
        return entry.view.undecided(entry.choices, _values(entry))

    def _update_buttons(self) -> None:
        entry = self.current
        ready = entry.state == "ready" and entry.view is not None
        undecided = self.undecided()
        differs = entry.view is not None and any(f.differs for f in entry.view.fields)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.entries) - 1)
        self.all_left_button.setEnabled(ready and differs)
        self.all_right_button.setEnabled(ready and differs)
        self.edit_button.setEnabled(ready and self._editable_row() is not None)
        self.apply_button.setEnabled(ready and not undecided and self._close_pending is None)
        self.apply_button.setText(
            self.tr("Applying…") if entry.state == "applying" else self.tr("&Apply")
        )

        hint, warn = "", False
        if self._close_pending is not None:
            hint = self.tr("Closes when the apply has ended…")
        elif entry.state == "applying":
            hint = self.tr("Writing the chosen values to both apps…")
        elif ready and undecided:
            names = [field_label(n) for n in undecided]
            listed = (
                names[0]
                if len(names) == 1
                else self.tr("{first} and {last}").format(
                    first=", ".join(names[:-1]), last=names[-1]
                )
            )
            hint = self.tr(
                "{mark} Choose a value for {fields} to apply: select the row and press ← for "
                "{left} or → for {right}, or click the value."
            ).format(
                mark=CONFLICT_MARK,
                fields=listed,
                left=self._titles["left"],
                right=self._titles["right"],
            )
            warn = True
        elif ready and not differs:
            hint = self.tr("Both apps hold the same values now: Apply closes the conflict.")
        elif ready:
            hint = self.tr("Apply writes the chosen values to both apps (Ctrl+Enter).")
        self.hint_label.setText(hint)
        self.hint_label.setStyleSheet(self._hint_style if warn else "padding: 5px 8px;")
        self.hint_label.setVisible(bool(hint))

    # == loading ============================================================================

    def _load(self, entry: _Entry) -> None:
        entry.state = "loading"
        self.runner.submit(
            Task(
                f"Read conflict {entry.row.id}",
                partial(tasks.load_conflict, self.integration, entry.row.id),
                channel=f"{self._channel}-{entry.row.id}",
                on_done=partial(self._on_loaded, entry),
                on_failed=partial(self._on_load_failed, entry),
            )
        )

    def _on_loaded(self, entry: _Entry, value: object) -> None:
        if not Shiboken.isValid(self):
            return
        assert isinstance(value, ConflictView)
        entry.view = value
        entry.state = "ready"
        entry.note = ""
        entry.focus_row = -1
        entry.choices = {
            f.field: pick for f in value.fields if (pick := initial_choice(f)) is not None
        }
        if entry is self.current:
            self._render(reset=True)
            self.conflictShown.emit(entry.row.id)
            self._prefetch()

    def _on_load_failed(self, entry: _Entry, message: str) -> None:
        if not Shiboken.isValid(self):
            return
        entry.view = None
        entry.state = "gone"
        entry.note = self.tr(
            "This conflict cannot be shown: {reason}. Go on with the next one, or load it "
            "again (F5)."
        ).format(reason=engine_text(message))
        if entry is self.current:
            self._render(reset=True)
            self.conflictShown.emit(entry.row.id)
            self._prefetch()

    def _prefetch(self) -> None:
        """Read the next conflict while the person looks at this one."""
        following = self.entries[self.index + 1 : self.index + 2]
        if following and following[0].state == "new":
            self._load(following[0])

    # == choosing ===========================================================================

    @Slot(int, str)
    def _on_choice_requested(self, row: int, what: str) -> None:
        if what == "edit":
            self.edit_value()
        elif what == "toggle":
            self.model.toggle(row)
        elif what in SIDES:
            self.model.set_choice(row, "left" if what == "left" else "right")

    @Slot(QModelIndex)
    def _on_cell_clicked(self, index: QModelIndex) -> None:
        side = _SIDE_COLUMNS.get(index.column())
        if side is not None:
            self.model.set_choice(index.row(), side)

    @Slot()
    def _on_choices_changed(self) -> None:
        entry = self.current
        if entry.state == "ready":
            entry.choices = self.model.choices()
            entry.typed = self.model.typed()
        self._update_preview()
        self._update_buttons()

    @Slot(QModelIndex)
    def _on_cell_double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (FieldColumn.FIELD, FieldColumn.KEEP):
            self.edit_value()

    def _editable_row(self) -> int | None:
        """The selected row, if its field may take a value of one's own."""
        current = self.table.currentIndex()
        view = self.current.view
        if not current.isValid() or view is None or current.row() >= len(view.fields):
            return None
        return current.row() if view.fields[current.row()].editable else None

    @Slot()
    def edit_value(self) -> None:
        """Edit…: type a value of one's own for the selected field (both apps receive it)."""
        entry = self.current
        row = self._editable_row()
        if entry.state != "ready" or entry.view is None or row is None or self.value_dialog:
            return
        f = entry.view.fields[row]
        if f.field in entry.typed:
            text = entry.typed[f.field][0]
        else:
            text = edit_text(f.right if entry.choices.get(f.field) == "right" else f.left)
        shown = [
            (self.tr("At last sync:"), f.base),
            (self.tr("{app}:").format(app=self._titles["left"]), f.left),
            (self.tr("{app}:").format(app=self._titles["right"]), f.right),
        ]
        dialog = ValueDialog(f.field, shown, text, f.limits, f.check, self)
        dialog.finished.connect(partial(self._on_value_dialog_finished, entry, row))
        self.value_dialog = dialog
        dialog.open()

    def _on_value_dialog_finished(self, entry: _Entry, row: int, code: int) -> None:
        dialog, self.value_dialog = self.value_dialog, None
        if dialog is None:
            return
        if code == QDialog.DialogCode.Accepted and entry is self.current:
            value, problems = dialog.editor.value, dialog.editor.problems
            if not problems:
                self.model.set_typed(row, dialog.text(), value)
        dialog.deleteLater()
        self.table.setFocus()

    def use_all(self, side: Side) -> None:
        """Keep the value in ``side``'s app of every field that differs."""
        if self.current.state == "ready":
            self.model.use_all(side)

    # == stepping ===========================================================================

    @Slot()
    def go_next(self) -> None:
        if self.index < len(self.entries) - 1:
            self.show_entry(self.index + 1)

    @Slot()
    def go_previous(self) -> None:
        if self.index > 0:
            self.show_entry(self.index - 1)

    @Slot()
    def reload(self) -> None:
        """Read the current conflict again (after someone else changed it)."""
        entry = self.current
        if entry.state not in ("ready", "gone"):
            return
        entry.note = ""
        entry.view = None
        self._load(entry)
        self._render(reset=True)

    # == applying ===========================================================================

    @Slot()
    def apply(self) -> None:
        """Write the chosen values of the current conflict to both apps (in a worker)."""
        entry = self.current
        view = entry.view
        if not self.apply_button.isEnabled() or view is None or entry.state != "ready":
            return
        choices = {
            f.field: entry.choices[f.field]
            for f in view.fields
            if f.differs and f.field not in entry.typed
        }
        typed = {name: text for name, (text, _value) in entry.typed.items()}
        current = self.table.currentIndex()
        entry.focus_row = current.row() if current.isValid() else -1
        entry.state = "applying"
        self.model.set_view(view, entry.choices, editable=False, typed=entry.typed)
        self._focus_row(entry)
        self.runner.submit(
            Task(
                f"Synchronize {view.mapping} {view.left_key}",
                partial(tasks.resolve_conflict, self.integration, view, choices, typed=typed),
                writes=True,
                on_done=partial(self._on_applied, entry),
                on_failed=partial(self._on_apply_failed, entry),
            )
        )
        self._render()

    def _on_applied(self, entry: _Entry, value: object) -> None:
        if not Shiboken.isValid(self):
            return
        if isinstance(value, tasks.ConflictChanged):
            self._on_changed_meanwhile(entry, value)
            return
        assert isinstance(value, ActionResult)
        error_id = entry.row.id
        if error_id in value.done:
            entry.state = "resolved"
            entry.note = self.tr("Resolved: the chosen values were written to both apps.")
            self.resolved_count += 1
        else:
            entry.state = "gone"
            problem = value.problems.get(error_id)
            entry.note = self.tr(
                "Could not apply: {reason}. Go on with the next one, or load it again (F5)."
            ).format(reason=engine_text(problem) if problem else self.tr("nothing was done"))
        self._after_apply(entry, value)

    def _on_apply_failed(self, entry: _Entry, message: str) -> None:
        if not Shiboken.isValid(self):
            return
        entry.state = "gone"
        entry.note = self.tr(
            "Could not apply: {reason}. Go on with the next one, or load it again (F5) to see "
            "it as it is now."
        ).format(reason=engine_text(message))
        self._after_apply(entry, None)

    def _on_changed_meanwhile(self, entry: _Entry, changed: tasks.ConflictChanged) -> None:
        """An app changed a value after the preview was shown: nothing was written; the new
        values show, and the person looks again (choices that still apply are kept)."""
        view = changed.view
        kept = {
            f.field: entry.choices[f.field]
            for f in view.fields
            if f.differs and f.field in entry.choices and f.field not in changed.fields
        }
        entry.view = view
        entry.state = "ready"
        entry.choices = {
            **{f.field: pick for f in view.fields if (pick := initial_choice(f)) is not None},
            **kept,
        }
        entry.typed = {k: v for k, v in entry.typed.items() if k not in changed.fields}
        for name in entry.typed:
            entry.choices.pop(name, None)
        entry.focus_row = -1
        names = ", ".join(field_label(name) for name in changed.fields)
        entry.note = self.tr(
            "Nothing was written: {fields} changed in an app after the preview was shown. "
            "The new values are shown; look again and apply."
        ).format(fields=names)
        self._close_pending = None
        self.applied.emit(None)
        if entry is self.current:
            self._render(reset=True)
            self.conflictShown.emit(entry.row.id)

    def _after_apply(self, entry: _Entry, result: ActionResult | None) -> None:
        self.applied.emit(result)
        if self._close_pending is not None:
            code, self._close_pending = self._close_pending, None
            self.done(code)
            return
        if entry is not self.current:
            return
        if entry.state == "resolved":
            following = self._next_open()
            if following is None:
                self.accept()  # every selected conflict is dealt with
                return
            self.show_entry(following)
            self.table.setFocus()  # the Apply button that had it is disabled until a choice
        else:
            self._render(reset=True)

    def _next_open(self) -> int | None:
        n = len(self.entries)
        for step in range(1, n):
            i = (self.index + step) % n
            if self.entries[i].open:
                return i
        return None

    # == closing ============================================================================

    def unapplied_choices(self) -> list[_Entry]:
        """The conflicts where the person chose a value that was not applied yet."""
        out = []
        for e in self.entries:
            if e.state != "ready" or e.view is None:
                continue
            first = {f.field: p for f in e.view.fields if (p := initial_choice(f)) is not None}
            if e.choices != first or e.typed:
                out.append(e)
        return out

    def ask_close(self) -> None:
        """Close (Esc, Close, the window's ×): ask first when choices would be lost."""
        if self.may_close():
            self.reject()

    def may_close(self) -> bool:
        """True unless choices made here would be lost and the person keeps them."""
        if any(e.state == "applying" for e in self.entries):
            return True
        pending = self.unapplied_choices()
        if pending:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Synchronize"),
                self.tr("Close and lose the values chosen for %Ln conflict(s)?", "", len(pending)),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setInformativeText(
                self.tr("Nothing is written for them. Cancel goes back to the choices.")
            )
            box.button(QMessageBox.StandardButton.Discard).setText(
                self.tr("Close Without Applying")
            )
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.setEscapeButton(QMessageBox.StandardButton.Cancel)
            return bool(box.exec() == QMessageBox.StandardButton.Discard)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            event.accept()
            self.ask_close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.isVisible() and not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Close, once an apply that is under way has ended."""
        if any(e.state == "applying" for e in self.entries):
            self._close_pending = result
            self._update_buttons()
            return
        for entry in self.entries:
            self.runner.invalidate(f"{self._channel}-{entry.row.id}")
        super().done(result)


def _values(entry: _Entry) -> dict[str, Canonical]:
    """The values typed for fields of ``entry``, as they read."""
    return {name: value for name, (_text, value) in entry.typed.items()}


__all__ = [
    "CHANGED_MARK",
    "CONFLICT_MARK",
    "ConflictDialog",
    "ConflictFieldsModel",
    "FieldColumn",
    "FieldRole",
    "Tints",
    "initial_choice",
    "mix",
    "needs_choice",
    "one_way",
]
