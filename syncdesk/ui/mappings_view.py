"""The Mappings page: what each mapping syncs, how, in which order, and what to watch for.

The mappings are described in a worker (:func:`syncdesk.sync.mapping_info.mapping_info`)
when a workspace opens; the page shows them in dependency order on the left and the
selected one's tables, direction, policies and fields on the right. Fields with a warning
carry a warning icon and say why in a tooltip; the warnings are listed under the fields.
The words and the two tables' models are :mod:`syncdesk.ui.mappings_models`.
"""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.integration import Integration
from syncdesk.sync.mapping_info import MappingInfo, mapping_info
from syncdesk.ui.mappings_models import (
    MUTED,
    FieldColumn,
    FieldTableModel,
    MappingColumn,
    MappingListModel,
    conflict_text,
    couple_by_text,
    delete_text,
    direction_text,
    new_records_text,
    ordinal,
    possessive_text,
    warning_texts,
)
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskContext, TaskRunner

_CHANNEL = "mappings"


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

        self.placeholder = QLabel(self.tr("No workspace is open."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("MappingsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.stack.addWidget(self.splitter)

        self.mapping_list = QTableView()
        self.mapping_list.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move
        self.mapping_list.setObjectName("MappingList")
        self.mapping_list.setAccessibleName(self.tr("Mappings, in the order they run"))
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
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MappingColumn.RUNS_AFTER, QHeaderView.ResizeMode.Stretch)
        self.splitter.addWidget(self.mapping_list)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 8, 0, 0)
        details_layout.setSpacing(6)
        self.name_label = QLabel()
        self.name_label.setObjectName("MappingName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
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
        self.left_caption = QLabel(self.tr("Left:"))
        self.right_caption = QLabel(self.tr("Right:"))
        form.addRow(self.left_caption, self.left_label)
        form.addRow(self.right_caption, self.right_label)
        form.addRow(self.tr("Direction:"), self.direction_label)
        form.addRow(self.tr("New records:"), self.new_records_label)
        form.addRow(self.tr("Couple by:"), self.couple_label)
        form.addRow(self.tr("On conflict:"), self.conflict_label)
        form.addRow(self.tr("On delete:"), self.delete_label)
        form.addRow(self.tr("Order:"), self.order_label)
        details_layout.addLayout(form)

        self.fields_view = QTableView()
        self.fields_view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move
        self.fields_view.setObjectName("FieldTable")
        self.fields_view.setAccessibleName(self.tr("Fields of the mapping"))
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
        fields_header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
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

    def order_text(self, m: MappingInfo) -> str:
        """``runs 2nd, after CUSTOMER (its lookups); CONTACT looks it up``."""
        text = self.tr("runs {ordinal}").format(ordinal=ordinal(m.position))
        if m.runs_after:
            text = self.tr("{order}, after {mappings} (its lookups)").format(
                order=text, mappings=", ".join(m.runs_after)
            )
        if m.needed_by:
            text = self.tr("{order}; {mappings} look(s) it up", "", len(m.needed_by)).format(
                order=text, mappings=", ".join(m.needed_by)
            )
        return text

    def _value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # table and column names are data
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
        self.placeholder.setText(self.tr("No workspace is open."))
        self.stack.setCurrentWidget(self.placeholder)

    def refresh(self) -> None:
        # the schemas were read when the workspace opened: nothing changes until it reopens
        if self.integration is not None and not self._loaded:
            self._load()

    def _load(self) -> None:
        integration = self.integration
        if integration is None:
            return
        self.placeholder.setText(self.tr("Reading the mappings…"))
        self.stack.setCurrentWidget(self.placeholder)
        self.runner.submit(
            Task(
                self.tr("Describe the mappings"),
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
        self.placeholder.setText(
            self.tr("Could not read the mappings: {message}").format(message=message)
        )
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
            caption.setText(self.tr("{app}:").format(app=t.title))
            if t.key_generated:
                key = self.tr("key {column} ({type}, made by the database)")
            else:
                key = self.tr("key {column} ({type})")
            key = key.format(column=t.key.name, type=t.key.type)
            if t.modified:
                modified = self.tr("modified {column}").format(column=t.modified)
            else:
                modified = self.tr("no modified column")
            # plain text (the label shows names as they are): no markup, no escapes
            label.setText(f"{t.table} — {key}, {modified}")
        self.direction_label.setText(direction_text(m.direction, m.titles))
        self.new_records_label.setText(new_records_text(m))
        self.couple_label.setText(couple_by_text(m) or self.tr("— (new records are not matched)"))
        self.conflict_label.setText(conflict_text(m.on_conflict, m.titles))
        self.delete_label.setText(delete_text(m.on_delete))
        self.order_label.setText(self.order_text(m))
        warnings = m.warnings
        if warnings:
            color = self.palette().color(QPalette.ColorRole.WindowText).name()
            items = "".join(f"<li>{html.escape(text)}</li>" for text in warning_texts(warnings))
            count = self.tr("%n warning(s)", "", len(warnings))
            self.warnings_label.setText(
                f"<span style='color:{color}'><b>⚠ {html.escape(count)}</b>"
                f"<ul style='margin-top:2px; margin-left:-20px'>{items}</ul></span>"
            )
        else:
            text = self.tr("No warnings: {left_of} and {right_of} columns fit each other.").format(
                left=m.left.title,
                right=m.right.title,
                left_of=possessive_text(m.left.title),
                right_of=possessive_text(m.right.title),
            )
            self.warnings_label.setText(f"<span style='color:{MUTED}'>{html.escape(text)}</span>")


def _describe(integration: Integration, _context: TaskContext) -> list[MappingInfo]:
    return mapping_info(integration)
