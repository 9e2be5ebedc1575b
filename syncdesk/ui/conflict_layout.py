"""The Synchronize dialog's widgets: what it shows and where (the dialog's behaviour —
loading, choosing, applying — is :mod:`syncdesk.ui.conflict_dialog`).

Its texts are the dialog's own (translation context "ConflictDialog"), named as such here
because this class is not the one that shows them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.conflicts import ConflictView
from syncdesk.ui.conflict_fields import (
    CHANGED_MARK,
    CONFLICT_MARK,
    TYPED_MARK,
    ChoiceTable,
    ConflictFieldsModel,
    FieldColumn,
    RowOutlineDelegate,
    radio_style,
)
from syncdesk.ui.models import field_label
from syncdesk.workspace import SIDES, Side


class ConflictDialogLayout(QDialog):
    """The widgets of :class:`~syncdesk.ui.conflict_dialog.ConflictDialog`, built and tinted."""

    model: ConflictFieldsModel
    _titles: dict[Side, str]

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
            button.setText(
                QCoreApplication.translate("ConflictDialog", "Use All {app}").format(
                    app=self._titles[side]
                )
            )
            button.setToolTip(
                QCoreApplication.translate(
                    "ConflictDialog", "Keep the value in {app} of every field that differs ({keys})"
                ).format(app=self._titles[side], keys=keys)
            )
            button.setAutoDefault(False)
        self.edit_button = QPushButton(QCoreApplication.translate("ConflictDialog", "&Edit…"))
        self.edit_button.setObjectName("EditButton")
        self.edit_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog",
                "Type a value of your own for the selected field; both apps receive it (E, F2)",
            )
        )
        self.edit_button.setAutoDefault(False)
        record_row = QHBoxLayout()
        record_row.addWidget(self.record_label, 1)
        record_row.addWidget(self.all_left_button)
        record_row.addWidget(self.all_right_button)
        record_row.addWidget(self.edit_button)
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
        self.reload_button = QPushButton(
            QCoreApplication.translate("ConflictDialog", "Load A&gain")
        )
        self.reload_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog", "Read this conflict again from both apps (F5)"
            )
        )
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
        self.table.setAccessibleName(
            QCoreApplication.translate("ConflictDialog", "Fields of the conflict")
        )
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
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
            QCoreApplication.translate(
                "ConflictDialog",
                "{changed} changed since the last sync   ·   {conflict} changed in both apps: "
                "choose one   ·   ← → (or L R) keep a value of the selected field   ·   "
                "Alt+L Alt+R keep all of one app   ·   E (or F2) type a value of your own "
                "({typed})",
            ).format(changed=CHANGED_MARK, conflict=CONFLICT_MARK, typed=TYPED_MARK)
        )
        self.legend_label.setObjectName("LegendLabel")
        self.legend_label.setWordWrap(True)
        self.legend_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.legend_label)

        self.preview_box = QGroupBox(
            QCoreApplication.translate("ConflictDialog", "Preview — what each app will receive")
        )
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
        self.previous_button = QPushButton(
            QCoreApplication.translate("ConflictDialog", "◀  &Previous")
        )
        self.previous_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog", "The previous selected conflict (PageUp, Alt+P)"
            )
        )
        self.next_button = QPushButton(QCoreApplication.translate("ConflictDialog", "&Next  ▶"))
        self.next_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog", "The next selected conflict (PageDown, Alt+N)"
            )
        )
        self.apply_button = QPushButton(QCoreApplication.translate("ConflictDialog", "&Apply"))
        self.apply_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog",
                "Write the chosen values to both apps and close this conflict (Ctrl+Enter)",
            )
        )
        self.close_button = QPushButton(QCoreApplication.translate("ConflictDialog", "Close"))
        self.close_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog", "Close; what was applied stays applied (Esc)"
            )
        )
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
            self.edit_button,
            self.previous_button,
            self.next_button,
            self.apply_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        for label in (self.record_label, self.note_label, *self.preview_labels.values()):
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)

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

    def _render(self, *, reset: bool = False) -> None:
        """Show the current conflict (the dialog's own)."""
        raise NotImplementedError


__all__ = ["ConflictDialogLayout"]
