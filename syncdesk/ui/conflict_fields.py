"""The Synchronize dialog's table: one row per mapped field (field · base · left · right ·
keep), a radio button per value, tints that read in light and dark, and the keys that
choose (:mod:`syncdesk.ui.conflict_dialog` puts it in the dialog)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)
from shiboken6 import Shiboken

from syncdesk.sync.conflicts import ConflictView, FieldView
from syncdesk.sync.values import Canonical
from syncdesk.ui.models import KIND_COLORS, field_label, plain_tip
from syncdesk.ui.models import show_canonical as show
from syncdesk.workspace import Side, other

Index = QModelIndex | QPersistentModelIndex

#: marks a cell changed on its side since the last sync (colour is never the only cue)
CHANGED_MARK = "●"
#: marks a field changed in both apps to different values: a person must choose
CONFLICT_MARK = "⚠"
#: marks a value typed by the person (both apps receive it)
TYPED_MARK = "✎"


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
    TYPED = Qt.ItemDataRole.UserRole + 4  # the typed text both apps receive, or None


_SIDE_COLUMNS: dict[int, Side] = {FieldColumn.LEFT: "left", FieldColumn.RIGHT: "right"}


class ConflictFieldsModel(QAbstractTableModel):
    """One conflict's mapped fields: field · base · left · right · which value to keep.

    The choice of a differing field is the check state of its left or right value cell
    (drawn as a radio button); :meth:`set_choice` and :meth:`use_all` change it from keys
    and buttons. A field may instead take a value typed by the person (:meth:`set_typed`):
    neither radio button is set, and the Keep column shows it.
    """

    choicesChanged = Signal()
    """A field's chosen value changed (by a click, a key or "use all")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields: list[FieldView] = []
        self._choices: dict[str, Side] = {}
        #: values typed by the person: field -> (the text, the value it reads as)
        self._typed: dict[str, tuple[str, Canonical]] = {}
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
        self,
        view: ConflictView | None,
        choices: dict[str, Side],
        *,
        editable: bool,
        typed: dict[str, tuple[str, Canonical]] | None = None,
    ) -> None:
        self.beginResetModel()
        self._fields = list(view.fields) if view is not None else []
        self._choices = dict(choices)
        self._typed = dict(typed or {})
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

    def typed(self) -> dict[str, tuple[str, Canonical]]:
        """The values typed for fields: field -> (the text, the value it reads as)."""
        return dict(self._typed)

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
        if not f.differs and f.field not in self._typed:
            return False
        typed = self._typed.pop(f.field, None)
        if not f.differs:  # a value typed for a field both apps agree on: taken back
            self._changed_row(row)
            return True
        if self._choices.get(f.field) != side or typed is not None:
            self._choices[f.field] = side
            self._changed_row(row)
        return True

    def set_typed(self, row: int, text: str, value: Canonical) -> bool:
        """Both apps receive ``text`` (read as ``value``) for the field in ``row``."""
        if not self._editable or not 0 <= row < len(self._fields):
            return False
        f = self._fields[row]
        if not f.editable:
            return False
        self._typed[f.field] = (text, value)
        self._choices.pop(f.field, None)
        self._changed_row(row)
        return True

    def _changed_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(FieldColumn) - 1))
        self.choicesChanged.emit()

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
        changed = bool(self._typed)
        self._typed.clear()
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
        typed = self._typed.get(f.field)
        if typed is not None and col == FieldColumn.KEEP:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{TYPED_MARK} {show(typed[1])}"
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                text = self.tr("Both apps receive the value typed: {value}").format(
                    value=show(typed[1])
                )
                return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        if typed is not None and role == Qt.ItemDataRole.CheckStateRole and side is not None:
            return Qt.CheckState.Unchecked if f.differs else None
        if role == FieldRole.TYPED:
            return typed[0] if typed is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col, choice)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(f, col, choice))
        if role == Qt.ItemDataRole.CheckStateRole and side is not None and f.differs:
            return Qt.CheckState.Checked if choice == side else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            undecided = choice is None and typed is None
            warn = col != FieldColumn.BASE and (col != FieldColumn.KEEP or undecided)
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
    """Draws an item view's check indicators as radio buttons: one value per field.

    Drawn here, in the text's colour, so they read on any cell tint in light and dark: an
    empty ring when not chosen, a ring with a dot when chosen (Fusion's own radio button
    is a dark disc in the dark palette, which on a tinted cell looks chosen).
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck:
            super().drawPrimitive(element, option, painter, widget)
            return
        rect = option.rect
        side = min(rect.width(), rect.height()) - 2
        box = QRectF(0, 0, side, side)
        box.moveCenter(QRectF(rect).center())
        color = option.palette.color(QPalette.ColorRole.Text)
        if not option.state & QStyle.StateFlag.State_Enabled:
            color = option.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box.adjusted(0.7, 0.7, -0.7, -0.7))
        if option.state & QStyle.StateFlag.State_On:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            inset = side * 0.28
            painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
        painter.restore()


_radio_style: _RadioIndicators | None = None


def radio_style() -> _RadioIndicators:
    """One proxy style for every choice table, owned by the application (made on first use)."""
    global _radio_style
    if _radio_style is None or not Shiboken.isValid(_radio_style):
        _radio_style = _RadioIndicators()
        _radio_style.setParent(QApplication.instance())
    return _radio_style


class ChoiceTable(QTableView):
    """The fields table: Left/Right (or L/R) keep one value of the current field, Space swaps,
    E (or F2) types a value of one's own.

    While it has no rows it says why (reading, or cannot be shown) in its viewport; it is
    never hidden, so the keyboard focus stays on it from one conflict to the next.
    """

    choiceRequested = Signal(int, str)
    """Keep a value of the field in this row: ``"left"``, ``"right"``, ``"toggle"``, or type
    one (``"edit"``)."""

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
        Qt.Key.Key_E: "edit",
        Qt.Key.Key_F2: "edit",
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
