"""The Sync Errors page's upper half: the summary per kind, the filters and the search, the
outcome bar, and the paged error table. Layout only: the page (:mod:`syncdesk.ui.errors_view`)
fills it and acts on it.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.queries import ERROR_KINDS
from syncdesk.ui.error_table_model import ErrorColumn, ErrorTableModel
from syncdesk.ui.i18n import fmt_datetime, fmt_int
from syncdesk.ui.models import KIND_COLORS, ElideMiddleDelegate, kind_text
from syncdesk.ui.outcome import OutcomeBar
from syncdesk.ui.tasks import ErrorsSnapshot

#: the summary's order: conflicts first, failed writes last
SUMMARY_ORDER = ("conflict", "deleted-right", "deleted-left", "failed")


class ErrorTablePanel(QWidget):
    """Summary, filters, outcome bar and the error table (the page's upper half)."""

    def __init__(self, model: ErrorTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors_model = model
        self._titles = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._build()

    def set_titles(self, titles: dict[str, str]) -> None:
        """The apps' titles, for the kinds in the summary and the filter."""
        self._titles = dict(titles)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("SummaryLabel")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        self.showing_label = QLabel()
        self.showing_label.setObjectName("ShowingLabel")
        self.showing_label.setEnabled(False)
        # the summary, and at the right how many errors the table shows
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.showing_label)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.mapping_combo = QComboBox()
        self.mapping_combo.setAccessibleName(self.tr("Mapping"))
        self.mapping_combo.setToolTip(self.tr("Show the sync errors of one mapping"))
        self.mapping_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Kind of sync error"))
        self.kind_combo.setToolTip(self.tr("Show one kind of sync error"))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.mapping_combo, self.kind_combo):
            # as wide as the longest entry, also when longer texts (Dutch) fill the row
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Search the sync errors"))
        self.search_edit.setPlaceholderText(self.tr("Search names, keys and messages…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip(
            self.tr(
                "Show the sync errors whose record name, key, mapping or message holds this "
                "(Esc clears it)"
            )
        )
        self.search_edit.setMinimumWidth(160)
        self.clear_search_action = QAction(self.tr("Clear the search"), self.search_edit)
        self.clear_search_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_search_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_edit.addAction(self.clear_search_action)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("ReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Why (optional)…"))
        self.reason_edit.setAccessibleName(self.tr("Reason for the next action"))
        self.reason_edit.setToolTip(
            self.tr(
                "Why you act: kept in the record log with your name beside the next action "
                "on sync errors (then cleared)"
            )
        )
        self.reason_edit.setClearButtonEnabled(True)
        self.reason_edit.setMinimumWidth(110)
        # its text never changes with the count: the row beside it does not move
        self.all_matching_check = QCheckBox(self.tr("Apply to all matching"))
        self.all_matching_check.setObjectName("AllMatchingCheck")
        self.all_matching_check.setToolTip(
            self.tr(
                "Retry, Restore, Delete and the other actions apply to every sync error "
                "matching the filter, not only the selected ones; you confirm the count first. "
                "Unticked again after the action."
            )
        )
        filters.addWidget(self.mapping_combo)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addSpacing(8)
        filters.addWidget(self.all_matching_check)
        filters.addSpacing(8)
        filters.addWidget(self.reason_edit)
        layout.addLayout(filters)

        self.outcome_bar = OutcomeBar()
        layout.addWidget(self.outcome_bar)
        self.targeted_label = QLabel()
        self.targeted_label.setObjectName("TargetedLabel")
        self.targeted_label.setWordWrap(True)
        self.targeted_label.hide()
        layout.addWidget(self.targeted_label)

        self.error_view = QTableView()
        self.error_view.setAccessibleName(self.tr("Sync errors"))
        self.error_view.setObjectName("ErrorTable")
        self.error_view.setModel(self.errors_model)
        self.error_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.error_view.setAlternatingRowColors(True)
        self.error_view.setWordWrap(False)
        self.error_view.setTabKeyNavigation(False)  # Tab leaves; the arrows move inside
        self.error_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._key_delegate = ElideMiddleDelegate(self.error_view)
        self.error_view.setItemDelegateForColumn(ErrorColumn.LEFT, self._key_delegate)
        self.error_view.setItemDelegateForColumn(ErrorColumn.RIGHT, self._key_delegate)
        self.error_view.verticalHeader().hide()
        self.error_view.verticalHeader().setDefaultSectionSize(
            self.error_view.fontMetrics().height() + 10
        )
        self.error_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.error_view.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setObjectName("ErrorHeader")
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setMinimumSectionSize(48)
        self.size_columns()
        header.setSectionResizeMode(ErrorColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.error_view.setSortingEnabled(True)
        header.setSortIndicator(ErrorColumn.FIRST_SEEN, Qt.SortOrder.AscendingOrder)

        self.errors_placeholder = QLabel()
        self.errors_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.errors_placeholder.setWordWrap(True)
        self.errors_placeholder.setEnabled(False)
        self.errors_stack = QStackedWidget()
        self.errors_stack.addWidget(self.error_view)
        self.errors_stack.addWidget(self.errors_placeholder)
        layout.addWidget(self.errors_stack, 1)

    def size_columns(self) -> None:
        """Column widths for the words of the window's language and the apps' titles."""
        fm = self.error_view.fontMetrics()
        header_fm = self.error_view.horizontalHeader().fontMetrics()
        kinds = [kind_text(k, self._titles) for k in ERROR_KINDS]
        late = dt.datetime(2026, 12, 28, 22, 58)
        date = max(
            fm.horizontalAdvance(fmt_datetime(late, seconds=False)) + 16,
            *(
                header_fm.horizontalAdvance(self.errors_model.header_text(c)) + 24
                for c in (ErrorColumn.FIRST_SEEN, ErrorColumn.LAST_ATTEMPT)
            ),
        )
        # the message takes what is left: the other columns are as narrow as they can be
        widths = {
            ErrorColumn.MAPPING: 80,
            ErrorColumn.KIND: max(140, *(fm.horizontalAdvance(k) + 34 for k in kinds)),
            ErrorColumn.NAME: 120,
            ErrorColumn.LEFT: 84,
            ErrorColumn.RIGHT: 104,
            ErrorColumn.FIRST_SEEN: date,
            ErrorColumn.LAST_ATTEMPT: date,
            ErrorColumn.ATTEMPTS: max(
                56,
                header_fm.horizontalAdvance(self.errors_model.header_text(ErrorColumn.ATTEMPTS))
                + 20,
            ),
        }
        for col, width in widths.items():
            self.error_view.setColumnWidth(col, width)

    def show_summary(self, snap: ErrorsSnapshot) -> None:
        """The counts per kind (links; the kind shown underlined), how many the table
        shows, and why it is empty when it is."""
        totals = snap.totals
        active = snap.filter.kinds[0] if len(snap.filter.kinds) == 1 else None
        dim = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        parts = []
        for kind in SUMMARY_ORDER:
            n = totals.get(kind, 0)
            if kind == "conflict":
                text = self.tr("%Ln conflict(s)", "", n)
            else:
                text = self.tr("{count} {kind}").format(
                    count=fmt_int(n), kind=kind_text(kind, self._titles)
                )
            if n or kind == active:
                color = KIND_COLORS[kind]
                # the kind shown now is underlined, and a click on it shows every kind again
                deco = "underline" if kind == active else "none"
                mark = "▸ " if kind == active else ""
                parts.append(
                    f'<a href="{kind}" style="color:{color}; text-decoration:{deco}">'
                    f"<b>{mark}{html.escape(text)}</b></a>"
                )
            else:
                parts.append(f'<span style="color:{dim.name()}">{html.escape(text)}</span>')
        self.summary_label.setText(" &nbsp;·&nbsp; ".join(parts))
        self.summary_label.setToolTip(
            self.tr("Click a kind to show only that kind; click it again to show every kind")
        )
        total = sum(totals.values())
        matching = snap.total
        filtered = bool(snap.filter.mappings or snap.filter.kinds or snap.filter.search)
        if filtered:
            self.showing_label.setText(
                self.tr("{matching} of %Ln open sync error(s)", "", total).format(
                    matching=fmt_int(matching)
                )
            )
        else:
            self.showing_label.setText(self.tr("%Ln open sync error(s)", "", total))
        if snap.rows:
            self.errors_stack.setCurrentWidget(self.error_view)
        else:
            if total == 0:
                self.errors_placeholder.setText(
                    self.tr(
                        "No open sync errors: the apps are in step.\n"
                        "Synchronize Modified Records (F9) runs a job now."
                    )
                )
            else:
                self.errors_placeholder.setText(self.tr("No sync error matches the filter."))
            self.errors_stack.setCurrentWidget(self.errors_placeholder)
