"""The Mappings page: what each mapping syncs, how, in which order, and what to watch for.

The mappings are described in a worker (:func:`syncdesk.sync.mapping_info.mapping_info`)
when a workspace opens; the page shows them in dependency order on the left and the
selected one's tables, direction, policies and fields on the right. Fields with a warning
carry a warning icon and say why in a tooltip; the warnings are listed under the fields.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import IntEnum
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.integration import Integration
from syncdesk.sync.mapping_info import (
    ColumnInfo,
    FieldInfo,
    MappingInfo,
    direction_arrow,
    mapping_info,
    possessive,
)
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskContext, TaskRunner

Index = QModelIndex | QPersistentModelIndex

_CHANNEL = "mappings"
_MUTED = "#7a7a7a"


def warning_icon() -> QIcon:
    """The style's warning icon (the same one a warning message box shows)."""
    style = QApplication.style()
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def _plural(n: int, one: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {one}s"


def _tooltip(lines: Sequence[str]) -> str:
    """Rich text, so Qt wraps long lines."""
    return "<br>".join(f"⚠ {html.escape(line)}" for line in lines)


# -- the list of mappings -------------------------------------------------------------------


class MappingRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole  # the MappingInfo
    NAME = Qt.ItemDataRole.UserRole + 1  # the mapping's name
    WARNINGS = Qt.ItemDataRole.UserRole + 2  # how many warnings it has


class MappingColumn(IntEnum):
    ORDER = 0
    NAME = 1
    LEFT = 2
    RIGHT = 3
    DIRECTION = 4
    RUNS_AFTER = 5
    WARNINGS = 6


class MappingListModel(QAbstractTableModel):
    """The mappings, in the order they run; a lookup names the mapping it runs after."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappingInfo] = []
        self._titles = {"left": "Left", "right": "Right"}

    def headers(self) -> tuple[str, ...]:
        return (
            "#",
            "Mapping",
            f"{self._titles['left']} table",
            f"{self._titles['right']} table",
            "Direction",
            "Order",
            "Warnings",
        )

    def set_rows(self, rows: Sequence[MappingInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._rows:
            first = self._rows[0]
            self._titles = {"left": first.left.title, "right": first.right.title}
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(MappingColumn) - 1)

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[MappingInfo]:
        return list(self._rows)

    def row_at(self, row: int) -> MappingInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MappingColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(MappingColumn):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == MappingColumn.ORDER:
                return "The order the mappings run in: a mapping runs after those it looks up"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        col = index.column()
        count = len(m.warnings)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == MappingColumn.ORDER:
                return str(m.position)
            if col == MappingColumn.NAME:
                return m.name
            if col == MappingColumn.LEFT:
                return m.left.table
            if col == MappingColumn.RIGHT:
                return m.right.table
            if col == MappingColumn.DIRECTION:
                return m.direction_text
            if col == MappingColumn.RUNS_AFTER:
                return f"runs after {', '.join(m.runs_after)}" if m.runs_after else ""
            if col == MappingColumn.WARNINGS:
                return str(count) if count else ""
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if col == MappingColumn.WARNINGS and count:
                return warning_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            tables = f"{m.left.table} ({m.left.title}) ↔ {m.right.table} ({m.right.title})"
            lines = [html.escape(f"{m.name}: {tables}, {m.direction_text}")]
            if m.runs_after:
                lines.append(html.escape(f"Runs after {', '.join(m.runs_after)}"))
            if count:
                lines.append(_tooltip([w.message for w in m.warnings]))
            return "<br>".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MappingColumn.ORDER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == MappingColumn.RUNS_AFTER:
            return QColor(_MUTED)
        if role == MappingRole.INFO:
            return m
        if role == MappingRole.NAME:
            return m.name
        if role == MappingRole.WARNINGS:
            return count
        return None


# -- the fields of one mapping ----------------------------------------------------------------


class FieldRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole  # the FieldInfo
    WARNINGS = Qt.ItemDataRole.UserRole + 1  # the warnings' messages (a list of str)


class FieldColumn(IntEnum):
    LEFT = 0
    LEFT_TYPE = 1
    DIRECTION = 2
    RIGHT = 3
    RIGHT_TYPE = 4
    LOOKUP = 5


class FieldTableModel(QAbstractTableModel):
    """One mapping's field pairs, then the required columns nobody fills."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FieldInfo] = []
        self._titles = {"left": "Left", "right": "Right"}

    def set_mapping(self, info: MappingInfo | None) -> None:
        self.beginResetModel()
        self._rows = list(info.fields) if info is not None else []
        if info is not None:
            self._titles = {"left": info.left.title, "right": info.right.title}
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rows(self) -> list[FieldInfo]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FieldColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FieldColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                FieldColumn.LEFT: f"{self._titles['left']} field",
                FieldColumn.LEFT_TYPE: "Type",
                FieldColumn.DIRECTION: "",
                FieldColumn.RIGHT: f"{self._titles['right']} field",
                FieldColumn.RIGHT_TYPE: "Type",
                FieldColumn.LOOKUP: "Lookup",
            }[FieldColumn(section)]
        if role == Qt.ItemDataRole.ToolTipRole and section == FieldColumn.DIRECTION:
            return "Which way changes travel: ↔ both ways, → or ← one way"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        col = FieldColumn(index.column())
        column = {
            FieldColumn.LEFT: f.left,
            FieldColumn.LEFT_TYPE: f.left,
            FieldColumn.RIGHT: f.right,
            FieldColumn.RIGHT_TYPE: f.right,
        }.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col, column)
        if role == Qt.ItemDataRole.DecorationRole:
            side = {FieldColumn.LEFT: "left", FieldColumn.RIGHT: "right"}.get(col)
            if side is not None and any(w.side == side for w in f.warnings):
                return warning_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(f, col, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == FieldColumn.DIRECTION:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
            not f.mapped or col in (FieldColumn.LEFT_TYPE, FieldColumn.RIGHT_TYPE)
        ):
            return QColor(_MUTED)
        if role == Qt.ItemDataRole.FontRole and (not f.mapped or col == FieldColumn.DIRECTION):
            font = QFont()
            if f.mapped:
                font.setBold(True)
            else:
                font.setItalic(True)
            return font
        if role == FieldRole.INFO:
            return f
        if role == FieldRole.WARNINGS:
            return [w.message for w in f.warnings]
        return None

    @staticmethod
    def _display(f: FieldInfo, col: FieldColumn, column: ColumnInfo | None) -> str:
        if col in (FieldColumn.LEFT, FieldColumn.RIGHT):
            if column is None:
                return "—"
            return f"{column.name} (couple by)" if f.couple_by else column.name
        if col in (FieldColumn.LEFT_TYPE, FieldColumn.RIGHT_TYPE):
            if column is None:
                return ""
            return column.type if column.nullable else f"{column.type} NOT NULL"
        if col == FieldColumn.DIRECTION:
            return direction_arrow(f.direction) if f.mapped else ""
        if col == FieldColumn.LOOKUP:
            if not f.mapped:
                return "not mapped"
            return f.lookup or ""
        return ""

    def _tooltip(self, f: FieldInfo, col: FieldColumn, column: ColumnInfo | None) -> str | None:
        lines: list[str] = []
        if col == FieldColumn.DIRECTION and f.mapped:
            lines.append(
                {
                    "to-right": f"Changes travel to {self._titles['right']} only",
                    "to-left": f"Changes travel to {self._titles['left']} only",
                }.get(f.direction, "Changes travel both ways")
            )
        elif col == FieldColumn.LOOKUP and f.lookup:
            lines.append(f"Holds a key of {f.lookup}, translated through its couplings")
        elif column is not None:
            parts = [f"{column.name}: {column.type}"]
            parts.append("may be empty" if column.nullable else "must have a value")
            parts.extend(f"check: {c}" for c in column.checks)
            if f.couple_by:
                parts.append("records are coupled when their values match")
            lines.append(", ".join(parts))
        text = "<br>".join(html.escape(line) for line in lines)
        if f.warnings:
            text = "<br>".join(t for t in (text, _tooltip([w.message for w in f.warnings])) if t)
        return text or None


# -- the page ---------------------------------------------------------------------------------


class MappingsView(WorkspaceView):
    """Each mapping's tables, direction, policies and fields, with warnings in place."""

    title = "Mappings"

    loaded = Signal()
    """The mappings were described and are shown."""
    loadFailed = Signal(str)
    """Describing the mappings failed; a message a person can read."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("MappingsView")
        self.mappings_model = MappingListModel(self)
        self.fields_model = FieldTableModel(self)
        self._loaded = False
        self._build()
        self._connect_signals()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)

        self.placeholder = QLabel("No workspace is open.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("MappingsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.stack.addWidget(self.splitter)

        self.mapping_list = QTableView()
        self.mapping_list.setObjectName("MappingList")
        self.mapping_list.setAccessibleName("Mappings, in the order they run")
        self.mapping_list.setModel(self.mappings_model)
        self.mapping_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.mapping_list.setShowGrid(False)
        self.mapping_list.setWordWrap(False)
        self.mapping_list.verticalHeader().hide()
        self.mapping_list.verticalHeader().setDefaultSectionSize(
            self.mapping_list.fontMetrics().height() + 10
        )
        header = self.mapping_list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MappingColumn.RUNS_AFTER, QHeaderView.ResizeMode.Stretch)
        self.splitter.addWidget(self.mapping_list)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 8, 0, 0)
        details_layout.setSpacing(6)
        self.name_label = QLabel()
        self.name_label.setObjectName("MappingName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        details_layout.addWidget(self.name_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(16)
        self.left_label = self._value_label("LeftTable")
        self.right_label = self._value_label("RightTable")
        self.direction_label = self._value_label("Direction")
        self.new_records_label = self._value_label("NewRecords")
        self.couple_label = self._value_label("CoupleBy")
        self.conflict_label = self._value_label("OnConflict")
        self.delete_label = self._value_label("OnDelete")
        self.order_label = self._value_label("Order")
        self.left_caption = QLabel("Left:")
        self.right_caption = QLabel("Right:")
        form.addRow(self.left_caption, self.left_label)
        form.addRow(self.right_caption, self.right_label)
        form.addRow("Direction:", self.direction_label)
        form.addRow("New records:", self.new_records_label)
        form.addRow("Couple by:", self.couple_label)
        form.addRow("On conflict:", self.conflict_label)
        form.addRow("On delete:", self.delete_label)
        form.addRow("Order:", self.order_label)
        details_layout.addLayout(form)

        self.fields_view = QTableView()
        self.fields_view.setObjectName("FieldTable")
        self.fields_view.setAccessibleName("Fields of the mapping")
        self.fields_view.setModel(self.fields_model)
        self.fields_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fields_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.fields_view.setAlternatingRowColors(True)
        self.fields_view.setWordWrap(False)
        self.fields_view.verticalHeader().hide()
        self.fields_view.verticalHeader().setDefaultSectionSize(
            self.fields_view.fontMetrics().height() + 8
        )
        fields_header = self.fields_view.horizontalHeader()
        fields_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fields_header.setStretchLastSection(True)
        details_layout.addWidget(self.fields_view, 1)

        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("MappingWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextFormat(Qt.TextFormat.RichText)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details_layout.addWidget(self.warnings_label)
        self.splitter.addWidget(details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([150, 600])

    def _value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _connect_signals(self) -> None:
        self.mapping_list.selectionModel().currentRowChanged.connect(self._on_current_changed)

    # -- the workspace ---------------------------------------------------------------------

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        self._load()

    def close_workspace(self) -> None:
        super().close_workspace()
        self.runner.invalidate(_CHANNEL)
        self._loaded = False
        self.mappings_model.clear()
        self._show(None)
        self.placeholder.setText("No workspace is open.")
        self.stack.setCurrentWidget(self.placeholder)

    def refresh(self) -> None:
        # the schemas were read when the workspace opened: nothing changes until it reopens
        if self.integration is not None and not self._loaded:
            self._load()

    def _load(self) -> None:
        integration = self.integration
        if integration is None:
            return
        self.placeholder.setText("Reading the mappings…")
        self.stack.setCurrentWidget(self.placeholder)
        self.runner.submit(
            Task(
                "Describe the mappings",
                partial(_describe, integration),
                channel=_CHANNEL,
                on_done=self._on_loaded,
                on_failed=self._on_load_failed,
            )
        )

    def _on_loaded(self, value: object) -> None:
        assert isinstance(value, list)
        infos: list[MappingInfo] = [v for v in value if isinstance(v, MappingInfo)]
        current = self.current_mapping()
        keep = current.name if current is not None else None
        self.mappings_model.set_rows(infos)
        self._loaded = True
        self.stack.setCurrentWidget(self.splitter)
        self._fit_list()
        names = [m.name for m in infos]
        if infos:
            self.select_mapping(keep if keep in names else names[0])
        else:
            self._show(None)
        self.loaded.emit()

    def _fit_list(self) -> None:
        """The list of mappings as tall as its rows (up to ten), the rest for the details."""
        view = self.mapping_list
        view.resizeColumnsToContents()
        gap = view.fontMetrics().horizontalAdvance("MM")
        for col in MappingColumn:
            if col not in (MappingColumn.ORDER, MappingColumn.RUNS_AFTER):
                view.setColumnWidth(col, view.columnWidth(col) + gap)
        rows = min(max(self.mappings_model.rowCount(), 1), 10)
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        height += rows * view.verticalHeader().defaultSectionSize()
        total = sum(self.splitter.sizes()) or self.splitter.height()
        self.splitter.setSizes([height, max(total - height, 1)])

    def _on_load_failed(self, message: str) -> None:
        self.placeholder.setText(f"Could not read the mappings: {message}")
        self.stack.setCurrentWidget(self.placeholder)
        self.loadFailed.emit(message)

    # -- selection -------------------------------------------------------------------------

    def current_mapping(self) -> MappingInfo | None:
        index = self.mapping_list.currentIndex()
        if not index.isValid():
            return None
        return self.mappings_model.row_at(index.row())

    def select_mapping(self, name: str) -> None:
        for row, m in enumerate(self.mappings_model.rows()):
            if m.name == name:
                self.mapping_list.selectRow(row)
                self.mapping_list.setCurrentIndex(self.mappings_model.index(row, 0))
                self._show(m)
                return
        raise KeyError(name)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.mappings_model.row_at(current.row()) if current.isValid() else None)

    def _show(self, m: MappingInfo | None) -> None:
        self.fields_model.set_mapping(m)
        self.fields_view.resizeColumnsToContents()
        gap = self.fields_view.fontMetrics().horizontalAdvance("MM")
        for col in (FieldColumn.LEFT, FieldColumn.LEFT_TYPE, FieldColumn.RIGHT):
            self.fields_view.setColumnWidth(col, self.fields_view.columnWidth(col) + gap)
        labels = (
            self.name_label,
            self.left_label,
            self.right_label,
            self.direction_label,
            self.new_records_label,
            self.couple_label,
            self.conflict_label,
            self.delete_label,
            self.order_label,
            self.warnings_label,
        )
        if m is None:
            for label in labels:
                label.clear()
            return
        self.name_label.setText(m.name)
        for side, caption, label in (
            ("left", self.left_caption, self.left_label),
            ("right", self.right_caption, self.right_label),
        ):
            t = m.left if side == "left" else m.right
            caption.setText(f"{t.title}:")
            key = f"key {t.key.name} ({t.key.type}"
            key += ", made by the database)" if t.key_generated else ")"
            modified = f", modified {t.modified}" if t.modified else ", no modified column"
            label.setText(
                f"<b>{html.escape(t.table)}</b> — {html.escape(key)}{html.escape(modified)}"
            )
        self.direction_label.setText(m.direction_text)
        self.new_records_label.setText(m.new_records_text)
        self.couple_label.setText(m.couple_by_text or "— (new records are not matched)")
        self.conflict_label.setText(m.conflict_text)
        self.delete_label.setText(m.delete_text)
        order = f"runs {_ordinal(m.position)}"
        if m.runs_after:
            order += f", after {', '.join(m.runs_after)} (its lookups)"
        if m.needed_by:
            order += f"; {', '.join(m.needed_by)} look{'s' if len(m.needed_by) == 1 else ''} it up"
        self.order_label.setText(order)
        warnings = m.warnings
        if warnings:
            color = self.palette().color(QPalette.ColorRole.WindowText).name()
            items = "".join(f"<li>{html.escape(w.message)}</li>" for w in warnings)
            self.warnings_label.setText(
                f"<span style='color:{color}'><b>⚠ {_plural(len(warnings), 'warning')}</b>"
                f"<ul style='margin-top:2px; margin-left:-20px'>{items}</ul></span>"
            )
        else:
            self.warnings_label.setText(
                f"<span style='color:{_MUTED}'>No warnings: "
                f"{html.escape(possessive(m.left.title))} and "
                f"{html.escape(possessive(m.right.title))} columns fit each other.</span>"
            )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _describe(integration: Integration, _context: TaskContext) -> list[MappingInfo]:
    return mapping_info(integration)


__all__ = [
    "FieldColumn",
    "FieldRole",
    "FieldTableModel",
    "MappingColumn",
    "MappingListModel",
    "MappingRole",
    "MappingsView",
    "warning_icon",
]
