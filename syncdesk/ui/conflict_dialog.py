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

Keys: Up/Down pick a field; Left/Right (or L/R, Space to swap) choose its value; Alt+L
and Alt+R use every value of one app; PageDown/PageUp (or Alt+N/Alt+P) step to the next
or previous conflict; Ctrl+Enter applies; F5 reads a conflict again; Esc closes.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import partial
from typing import Any, ClassVar, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from syncdesk.sync.actions import ActionResult
from syncdesk.sync.conflicts import ConflictView, FieldView
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorRow
from syncdesk.sync.values import Canonical
from syncdesk.ui import tasks
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import KIND_COLORS, field_label, plain_tip
from syncdesk.ui.models import show_canonical as show
from syncdesk.ui.worker import Task, TaskRunner
from syncdesk.workspace import SIDES, Side, other

Index = QModelIndex | QPersistentModelIndex

#: marks a cell changed on its side since the last sync (colour is never the only cue)
CHANGED_MARK = "●"
#: marks a field changed in both apps to different values: a person must choose
CONFLICT_MARK = "⚠"

_ids = itertools.count(1)


# -- colours ------------------------------------------------------------------------------


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


@dataclass(frozen=True)
class Tints:
    """Cell backgrounds derived from a palette, so light and dark themes both read well.

    The text keeps the palette's own colour; only the background moves a part of the way
    towards the warning hue (conflicts) or the highlight (changed cells).
    """

    conflict: QColor
    changed: QColor

    @classmethod
    def of(cls, palette: QPalette) -> Tints:
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightnessF() < 0.5
        warning = QColor(KIND_COLORS["conflict"])
        highlight = palette.color(QPalette.ColorRole.Highlight)
        return cls(
            conflict=mix(base, warning, 0.42 if dark else 0.30),
            changed=mix(base, highlight, 0.24 if dark else 0.13),
        )


# -- what a field's row means ------------------------------------------------------------


def initial_choice(f: FieldView) -> Side | None:
    """The value a field starts with: what a three-way merge would take, else ``None``.

    A one-way field is never a conflict for the merge: its source rules when it changed.
    """
    if not f.differs:
        return None
    pick = f.default()
    if pick is not None:
        return pick
    if f.flows_right and not f.flows_left and f.left_changed:
        return "left"
    if f.flows_left and not f.flows_right and f.right_changed:
        return "right"
    return None


def needs_choice(f: FieldView) -> bool:
    """The field differs and nothing decides it but a person (shown as a conflict)."""
    return f.differs and initial_choice(f) is None


def one_way(f: FieldView) -> Side | None:
    """The side a one-way field flows to, or ``None`` for a two-way field."""
    if f.flows_left and not f.flows_right:
        return "left"
    if f.flows_right and not f.flows_left:
        return "right"
    return None


# -- the table model -----------------------------------------------------------------------


class FieldColumn(IntEnum):
    FIELD = 0
    BASE = 1
    LEFT = 2
    RIGHT = 3
    KEEP = 4


class FieldRole(IntEnum):
    """Data roles of :class:`ConflictFieldsModel` beyond Qt's own."""

    VIEW = Qt.ItemDataRole.UserRole  # the FieldView itself
    CHOICE = Qt.ItemDataRole.UserRole + 1  # "left", "right" or None
    CONFLICT = Qt.ItemDataRole.UserRole + 2  # the field needs a person's choice
    CHANGED = Qt.ItemDataRole.UserRole + 3  # (value columns) changed on that side


_SIDE_COLUMNS: dict[int, Side] = {FieldColumn.LEFT: "left", FieldColumn.RIGHT: "right"}


class ConflictFieldsModel(QAbstractTableModel):
    """One conflict's mapped fields: field · base · left · right · which value to keep.

    The choice of a differing field is the check state of its left or right value cell
    (drawn as a radio button); :meth:`set_choice` and :meth:`use_all` change it from keys
    and buttons.
    """

    choicesChanged = Signal()
    """A field's chosen value changed (by a click, a key or "use all")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: list[FieldView] = []
        self._choices: dict[str, Side] = {}
        self._titles: dict[Side, str] = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._editable = False
        self._tints = Tints.of(QApplication.palette())
        self._bold = QFont()
        self._bold.setBold(True)

    # -- feeding ---------------------------------------------------------------------------

    def set_titles(self, titles: dict[Side, str]) -> None:
        self._titles = dict(titles)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(FieldColumn) - 1)

    def set_view(
        self, view: ConflictView | None, choices: dict[str, Side], *, editable: bool
    ) -> None:
        self.beginResetModel()
        self._fields = list(view.fields) if view is not None else []
        self._choices = dict(choices)
        self._editable = editable and view is not None
        self.endResetModel()
        if view is not None:
            self.set_titles(view.titles)

    def clear(self) -> None:
        self.set_view(None, {}, editable=False)

    def set_palette(self, palette: QPalette) -> None:
        self._tints = Tints.of(palette)
        if self._fields:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._fields) - 1, len(FieldColumn) - 1)
            )

    @property
    def tints(self) -> Tints:
        return self._tints

    def choices(self) -> dict[str, Side]:
        return dict(self._choices)

    def field_at(self, row: int) -> FieldView:
        return self._fields[row]

    def is_editable(self) -> bool:
        return self._editable

    # -- choosing --------------------------------------------------------------------------

    def set_choice(self, row: int, side: Side) -> bool:
        """Keep ``side``'s value of the field in ``row``; False where there is no choice."""
        if not self._editable or not 0 <= row < len(self._fields):
            return False
        f = self._fields[row]
        if not f.differs:
            return False
        if self._choices.get(f.field) != side:
            self._choices[f.field] = side
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(FieldColumn) - 1))
            self.choicesChanged.emit()
        return True

    def toggle(self, row: int) -> bool:
        """Keep the other value of the field in ``row`` (the left one if none was chosen)."""
        if not 0 <= row < len(self._fields):
            return False
        now = self._choices.get(self._fields[row].field)
        return self.set_choice(row, "left" if now is None else other(now))

    def use_all(self, side: Side) -> None:
        """Keep ``side``'s value of every field that differs."""
        if not self._editable:
            return
        changed = False
        for f in self._fields:
            if f.differs and self._choices.get(f.field) != side:
                self._choices[f.field] = side
                changed = True
        if changed:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._fields) - 1, len(FieldColumn) - 1)
            )
            self.choicesChanged.emit()

    # -- Qt's model interface ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FieldColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FieldColumn):
            return None
        col = FieldColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                FieldColumn.FIELD: self.tr("Field"),
                FieldColumn.BASE: self.tr("At last sync"),
                FieldColumn.LEFT: self._titles["left"],
                FieldColumn.RIGHT: self._titles["right"],
                FieldColumn.KEEP: self.tr("Keep"),
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                FieldColumn.FIELD: self.tr("The mapped field"),
                FieldColumn.BASE: self.tr("What both apps held after the last good sync"),
                FieldColumn.LEFT: self.tr("The value in {app} now").format(
                    app=self._titles["left"]
                ),
                FieldColumn.RIGHT: self.tr("The value in {app} now").format(
                    app=self._titles["right"]
                ),
                FieldColumn.KEEP: self.tr("Whose value both apps hold after Apply"),
            }[col]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._fields):
            return None
        f = self._fields[index.row()]
        col = FieldColumn(index.column())
        side = _SIDE_COLUMNS.get(col)
        choice = self._choices.get(f.field)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col, choice)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(f, col, choice))
        if role == Qt.ItemDataRole.CheckStateRole and side is not None and f.differs:
            return Qt.CheckState.Checked if choice == side else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            warn = col != FieldColumn.BASE and (col != FieldColumn.KEEP or choice is None)
            if warn and needs_choice(f):
                return QBrush(self._tints.conflict)
            if side is not None and self._changed(f, side):
                return QBrush(self._tints.changed)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if side is not None and f.differs and choice == side:
                return self._bold
            if col == FieldColumn.FIELD and needs_choice(f):
                return self._bold
            return None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self._tooltip(f, col, choice)
        if role == FieldRole.VIEW:
            return f
        if role == FieldRole.CHOICE:
            return choice
        if role == FieldRole.CONFLICT:
            return needs_choice(f)
        if role == FieldRole.CHANGED:
            return side is not None and self._changed(f, side)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        side = _SIDE_COLUMNS.get(index.column()) if index.isValid() else None
        if side is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state != Qt.CheckState.Checked.value:
            return False  # a radio button is unset by setting the other one
        return self.set_choice(index.row(), side)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (
            self._editable
            and index.column() in _SIDE_COLUMNS
            and index.row() < len(self._fields)
            and self._fields[index.row()].differs
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # -- texts -------------------------------------------------------------------------

    @staticmethod
    def _changed(f: FieldView, side: Side) -> bool:
        return f.left_changed if side == "left" else f.right_changed

    @staticmethod
    def _value(f: FieldView, side: Side) -> Canonical:
        return f.left if side == "left" else f.right

    def _display(self, f: FieldView, col: FieldColumn, choice: Side | None) -> str:
        if col == FieldColumn.FIELD:
            label = field_label(f.field)
            return f"{label}  {CONFLICT_MARK}" if needs_choice(f) else label
        if col == FieldColumn.BASE:
            return show(f.base)
        side = _SIDE_COLUMNS.get(col)
        if side is not None:
            text = show(self._value(f, side))
            return f"{text}  {CHANGED_MARK}" if self._changed(f, side) else text
        if not f.differs:
            return self.tr("same")
        if choice is None:
            return self.tr("choose ← or →")
        if one_way(f) == choice:
            return self.tr("as they are")
        return self._titles[choice]

    def _tooltip(self, f: FieldView, col: FieldColumn, choice: Side | None) -> str:
        t = self._titles
        if col == FieldColumn.FIELD:
            lines = [f"{t['left']}: {f.left_column}", f"{t['right']}: {f.right_column}"]
            to = one_way(f)
            if to is not None:
                lines.append(
                    self.tr("Flows one way only, from {source} to {target}").format(
                        source=t[other(to)], target=t[to]
                    )
                )
            if needs_choice(f):
                lines.append(self.tr("Changed in both apps to different values: choose one"))
            return "\n".join(lines)
        if col == FieldColumn.BASE:
            return self.tr("After the last sync both apps held: {value}").format(value=show(f.base))
        side = _SIDE_COLUMNS.get(col)
        if side is not None:
            value = show(self._value(f, side))
            if self._changed(f, side):
                text = self.tr("Changed in {app} since the last sync (was {value})").format(
                    app=t[side], value=show(f.base)
                )
            else:
                text = self.tr("Unchanged in {app} since the last sync").format(app=t[side])
            if not f.differs:
                return self.tr("{value}\n{change}; both apps agree").format(
                    value=value, change=text
                )
            if one_way(f) == side:
                text += "\n" + self.tr(
                    "This field never flows to {app}: keeping it leaves both as they are"
                ).format(app=t[side])
            return f"{value}\n{text}"
        if not f.differs:
            return self.tr("Both apps hold the same value: nothing to choose")
        if choice is None:
            return self.tr("Choose which value both apps keep: select the row and press ← or →")
        if one_way(f) == choice:
            return self.tr("The value in {app} cannot flow: both apps keep what they hold").format(
                app=t[choice]
            )
        return self.tr("Both apps keep the value in {app}").format(app=t[choice])


# -- the table view ------------------------------------------------------------------------


class _RadioIndicators(QProxyStyle):
    """Draws an item view's check indicators as radio buttons: one value per field."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck:
            element = QStyle.PrimitiveElement.PE_IndicatorRadioButton
        super().drawPrimitive(element, option, painter, widget)


_radio_style: _RadioIndicators | None = None


def radio_style() -> _RadioIndicators:
    """One proxy style for every choice table, owned by the application (made on first use)."""
    global _radio_style
    if _radio_style is None or not Shiboken.isValid(_radio_style):
        _radio_style = _RadioIndicators()
        _radio_style.setParent(QApplication.instance())
    return _radio_style


class ChoiceTable(QTableView):
    """The fields table: Left/Right (or L/R) keep one value of the current field, Space swaps.

    While it has no rows it says why (reading, or cannot be shown) in its viewport; it is
    never hidden, so the keyboard focus stays on it from one conflict to the next.
    """

    choiceRequested = Signal(int, str)
    """Keep a value of the field in this row: ``"left"``, ``"right"`` or ``"toggle"``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._placeholder,
            )
            painter.end()

    KEYS: ClassVar[dict[int, str]] = {
        Qt.Key.Key_Left: "left",
        Qt.Key.Key_L: "left",
        Qt.Key.Key_Right: "right",
        Qt.Key.Key_R: "right",
        Qt.Key.Key_Space: "toggle",
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        what = self.KEYS.get(event.key())
        current = self.currentIndex()
        if what is not None and mods == Qt.KeyboardModifier.NoModifier and current.isValid():
            self.choiceRequested.emit(current.row(), what)
            event.accept()
            return
        super().keyPressEvent(event)


class RowOutlineDelegate(QStyledItemDelegate):
    """Shows the selected row by an outline, so its cells keep their warning or change tint.

    A selected row painted in the highlight colour would hide the very colours that tell a
    conflict from a change; the outline (in the highlight colour) keeps both readable.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if not selected:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        opt.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        # the view filled the selected row with the highlight already: a faint tint instead
        base = option.palette.color(QPalette.ColorRole.Base)
        highlight = option.palette.color(QPalette.ColorRole.Highlight)
        painter.fillRect(option.rect, mix(base, highlight, 0.10))
        super().paint(painter, opt, index)
        focused = opt.widget is not None and opt.widget.hasFocus()
        color = highlight if focused else mix(highlight, base, 0.45)
        painter.save()
        pen = QPen(color, 2)
        painter.setPen(pen)
        r = option.rect.adjusted(0, 1, 0, -1)
        painter.drawLine(r.topLeft(), r.topRight())
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        model = index.model()
        if index.column() == 0:
            painter.drawLine(r.topLeft() + QPoint(1, 0), r.bottomLeft() + QPoint(1, 0))
        if model is not None and index.column() == model.columnCount() - 1:
            painter.drawLine(r.topRight(), r.bottomRight())
        painter.restore()


# -- the dialog ----------------------------------------------------------------------------

State = Literal["new", "loading", "ready", "applying", "resolved", "gone"]


@dataclass(eq=False)
class _Entry:
    """One selected conflict as the dialog knows it."""

    row: ErrorRow
    state: State = "new"
    view: ConflictView | None = None
    choices: dict[str, Side] = field(default_factory=dict)
    #: why it cannot be applied (shown in the message bar), or what applying did
    note: str = ""
    focus_row: int = -1

    @property
    def open(self) -> bool:
        """Still to be decided: not resolved, and not found gone or stale."""
        return self.state in ("new", "loading", "ready")


class ConflictDialog(QDialog):
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

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        self.position_label = QLabel()
        self.position_label.setObjectName("PositionLabel")
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.position_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.position_label.setFont(font)
        self.record_label = QLabel()
        self.record_label.setObjectName("RecordLabel")
        self.record_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorMessageLabel")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.all_left_button = QPushButton()
        self.all_right_button = QPushButton()
        all_buttons: tuple[tuple[QPushButton, Side, str], ...] = (
            (self.all_left_button, "left", "Alt+L"),
            (self.all_right_button, "right", "Alt+R"),
        )
        for button, side, keys in all_buttons:
            button.setText(self.tr("Use All {app}").format(app=self._titles[side]))
            button.setToolTip(
                self.tr("Keep the value in {app} of every field that differs ({keys})").format(
                    app=self._titles[side], keys=keys
                )
            )
            button.setAutoDefault(False)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_label, 1)
        record_row.addWidget(self.all_left_button)
        record_row.addWidget(self.all_right_button)
        layout.addWidget(self.position_label)
        layout.addLayout(record_row)
        layout.addWidget(self.error_label)

        self.note_frame = QFrame()
        self.note_frame.setObjectName("NoteFrame")
        note_layout = QHBoxLayout(self.note_frame)
        note_layout.setContentsMargins(10, 6, 6, 6)
        self.note_label = QLabel()
        self.note_label.setObjectName("NoteLabel")
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(self.tr("Load A&gain"))
        self.reload_button.setToolTip(self.tr("Read this conflict again from both apps (F5)"))
        self.reload_button.setAutoDefault(False)
        note_layout.addWidget(self.note_label, 1)
        note_layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.note_frame.hide()
        layout.addWidget(self.note_frame)

        self.table = ChoiceTable()
        self.table.setObjectName("FieldsTable")
        self.table.setModel(self.model)
        self.table.setStyle(radio_style())
        self.table.setItemDelegate(RowOutlineDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.setAccessibleName(self.tr("Fields of the conflict"))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        # the field and keep columns are as wide as their widest possible text, fixed: a
        # choice never makes the columns jump, and "Keep" is never cut
        header.setSectionResizeMode(FieldColumn.FIELD, QHeaderView.ResizeMode.Fixed)
        for col in (FieldColumn.BASE, FieldColumn.LEFT, FieldColumn.RIGHT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FieldColumn.KEEP, QHeaderView.ResizeMode.Fixed)
        layout.addWidget(self.table, 1)

        self.legend_label = QLabel(
            self.tr(
                "{changed} changed since the last sync   ·   {conflict} changed in both apps: "
                "choose one   ·   ← → (or L R) keep a value of the selected field   ·   "
                "Alt+L Alt+R keep all of one app"
            ).format(changed=CHANGED_MARK, conflict=CONFLICT_MARK)
        )
        self.legend_label.setObjectName("LegendLabel")
        self.legend_label.setWordWrap(True)
        self.legend_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.legend_label)

        self.preview_box = QGroupBox(self.tr("Preview — what each app will receive"))
        self.preview_box.setObjectName("PreviewBox")
        preview_layout = QHBoxLayout(self.preview_box)
        preview_layout.setSpacing(24)
        self.preview_labels: dict[Side, QLabel] = {}
        for side in SIDES:
            label = QLabel()
            label.setObjectName(f"Preview{side.title()}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.preview_labels[side] = label
            preview_layout.addWidget(label, 1)
        layout.addWidget(self.preview_box)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("HintLabel")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)

        buttons = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀  &Previous"))
        self.previous_button.setToolTip(self.tr("The previous selected conflict (PageUp, Alt+P)"))
        self.next_button = QPushButton(self.tr("&Next  ▶"))
        self.next_button.setToolTip(self.tr("The next selected conflict (PageDown, Alt+N)"))
        self.apply_button = QPushButton(self.tr("&Apply"))
        self.apply_button.setToolTip(
            self.tr("Write the chosen values to both apps and close this conflict (Ctrl+Enter)")
        )
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close; what was applied stays applied (Esc)"))
        for button in (
            self.previous_button,
            self.next_button,
            self.apply_button,
            self.close_button,
        ):
            button.setAutoDefault(False)
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            self.table,
            self.reload_button,
            self.all_left_button,
            self.all_right_button,
            self.previous_button,
            self.next_button,
            self.apply_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        for label in (self.record_label, self.note_label, *self.preview_labels.values()):
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)

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
        self.all_left_button.clicked.connect(partial(self.use_all, "left"))
        self.all_right_button.clicked.connect(partial(self.use_all, "right"))
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.ask_close)
        self.reload_button.clicked.connect(self.reload)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_hint_style"):
            self._apply_palette()
        super().changeEvent(event)

    def _apply_palette(self, *, render: bool = True) -> None:
        palette = self.palette()
        self.model.set_palette(palette)
        tints = self.model.tints
        text = palette.color(QPalette.ColorRole.Text).name()
        self._note_styles = {
            "problem": f"background: {tints.conflict.name()}; color: {text}; border-radius: 4px;",
            "done": f"background: {tints.changed.name()}; color: {text}; border-radius: 4px;",
        }
        self._hint_style = (
            f"background: {tints.conflict.name()}; color: {text}; border-radius: 4px; "
            "padding: 5px 8px;"
        )
        if render:
            self._render()

    # == what is shown ======================================================================

    @property
    def current(self) -> _Entry:
        return self.entries[self.index]

    def current_error_id(self) -> int:
        return self.current.row.id

    def _fit_columns(self, view: ConflictView | None) -> None:
        """The field and keep columns, wide enough for every text they can show."""
        fm = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        bold_fm = QFontMetrics(bold)
        header_fm = self.table.horizontalHeader().fontMetrics()
        pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 24
        keep = [
            QCoreApplication.translate("ConflictFieldsModel", "same"),
            QCoreApplication.translate("ConflictFieldsModel", "choose ← or →"),
            QCoreApplication.translate("ConflictFieldsModel", "as they are"),
            *self._titles.values(),
        ]
        widest_keep = max(
            max(bold_fm.horizontalAdvance(k) for k in keep),
            header_fm.horizontalAdvance(
                self.model.headerData(FieldColumn.KEEP, Qt.Orientation.Horizontal)
            ),
        )
        self.table.setColumnWidth(FieldColumn.KEEP, widest_keep + pad)
        labels = [f"{field_label(f.field)}  {CONFLICT_MARK}" for f in view.fields] if view else []
        header_text = self.model.headerData(FieldColumn.FIELD, Qt.Orientation.Horizontal)
        widest_field = max(
            [bold_fm.horizontalAdvance(x) for x in labels]
            + [header_fm.horizontalAdvance(header_text)]
        )
        self.table.setColumnWidth(
            FieldColumn.FIELD, max(widest_field + pad, fm.averageCharWidth() * 12)
        )

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
            self.model.set_view(entry.view, entry.choices, editable=editable)
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
            changes = entry.view.preview(entry.choices)[side]
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
        for side, changes in entry.view.preview(entry.choices).items():
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
        return entry.view.undecided(entry.choices) if entry.view is not None else []

    def _update_buttons(self) -> None:
        entry = self.current
        ready = entry.state == "ready" and entry.view is not None
        undecided = self.undecided()
        differs = entry.view is not None and any(f.differs for f in entry.view.fields)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.entries) - 1)
        self.all_left_button.setEnabled(ready and differs)
        self.all_right_button.setEnabled(ready and differs)
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
        if what == "toggle":
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
        self._update_preview()
        self._update_buttons()

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
        choices = {f.field: entry.choices[f.field] for f in view.fields if f.differs}
        current = self.table.currentIndex()
        entry.focus_row = current.row() if current.isValid() else -1
        entry.state = "applying"
        self.model.set_view(view, entry.choices, editable=False)
        self._focus_row(entry)
        self.runner.submit(
            Task(
                f"Synchronize {view.mapping} {view.left_key}",
                partial(tasks.resolve_conflict, self.integration, view, choices),
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
            if e.choices != first:
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
