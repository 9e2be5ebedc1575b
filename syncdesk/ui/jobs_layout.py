"""The Jobs page's widgets: what it shows and where (the page's behaviour — reading the
jobs, what a job did, the clean-up — is :mod:`syncdesk.ui.jobs_view`).

Its texts are the page's own (translation context "JobsView"), named as such here
because this class is not the one that shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.ui.i18n import fmt_datetime, fmt_time
from syncdesk.ui.job_chart import JobChart
from syncdesk.ui.jobs_models import (
    COUNT_COLUMNS,
    STATUS_TEXT,
    TRIGGER_TEXT,
    JobColumn,
    JobErrorColumn,
    JobErrorModel,
    JobLogColumn,
    JobLogModel,
    JobSkipColumn,
    JobSkipModel,
    JobTableModel,
    duration_text,
    job_header,
    status_text,
    trigger_text,
)
from syncdesk.ui.models import (
    ACTION_WORDS,
    RESULT_WORDS,
    ElideMiddleDelegate,
    action_text,
    result_text,
)
from syncdesk.ui.views import WorkspaceView

#: the clean-up's default age in days
DEFAULT_DAYS = 7


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setMinimumSectionSize(40)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
    return view


class JobsViewLayout(WorkspaceView):
    """The widgets of :class:`~syncdesk.ui.jobs_view.JobsView`, built and sized."""

    jobs_model: JobTableModel
    log_model: JobLogModel
    error_model: JobErrorModel
    skip_model: JobSkipModel

    # == building ===============================================================================

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("JobsSummary")
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        self.chart_button = QPushButton(QCoreApplication.translate("JobsView", "Chart"))
        self.chart_button.setCheckable(True)
        self.chart_button.setChecked(True)
        self.chart_button.setToolTip(
            QCoreApplication.translate("JobsView", "Show or hide the chart of the recent jobs")
        )
        self.refresh_button = QPushButton(QCoreApplication.translate("JobsView", "Refresh"))
        self.refresh_button.setToolTip(
            QCoreApplication.translate("JobsView", "Read the jobs again")
        )
        self.cleanup_button = QPushButton(
            QCoreApplication.translate("JobsView", "Delete Entries Older Than…")
        )
        self.cleanup_button.setObjectName("CleanupButton")
        self.cleanup_button.setToolTip(
            QCoreApplication.translate(
                "JobsView",
                "Delete the jobs and log entries older than the number of days beside; the "
                "history of open sync errors stays",
            )
        )
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("CleanupDays")
        self.days_spin.setRange(0, 3650)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.days_spin.setSuffix(QCoreApplication.translate("JobsView", " days"))
        self.days_spin.setAccessibleName(
            QCoreApplication.translate("JobsView", "Age in days of the entries to delete")
        )
        self.days_spin.setToolTip(
            QCoreApplication.translate("JobsView", "Entries older than this many days are deleted")
        )
        self.add_page_action(
            self.chart_button,
            QCoreApplication.translate("JobsView", "Show the &Chart"),
            "Ctrl+Shift+C",
        )
        self.add_page_action(
            self.cleanup_button,
            QCoreApplication.translate("JobsView", "&Delete Entries Older Than…"),
            "Ctrl+Shift+Del",
        )
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.chart_button)
        bar.addWidget(self.refresh_button)
        bar.addSpacing(12)
        bar.addWidget(self.cleanup_button)
        bar.addWidget(self.days_spin)
        layout.addLayout(bar)

        self.chart = JobChart()
        self.chart.setObjectName("JobChart")
        layout.addWidget(self.chart)

        self.jobs_view = _table("JobsTable")
        self.jobs_view.setAccessibleName(
            QCoreApplication.translate("JobsView", "Jobs, newest first")
        )
        self.jobs_view.setModel(self.jobs_model)
        header = self.jobs_view.horizontalHeader()
        fm = self.jobs_view.fontMetrics()
        # wide enough for the longest words and times of the window's language
        late = dt.datetime(2026, 12, 31, 23, 59)
        widest = max(
            [*map(trigger_text, TRIGGER_TEXT), job_header(JobColumn.TRIGGER)],
            key=fm.horizontalAdvance,
        )
        widths = {
            JobColumn.ID: fm.horizontalAdvance("00000") + 12,
            JobColumn.MAPPING: 100,
            JobColumn.TRIGGER: fm.horizontalAdvance(widest) + 14,
            JobColumn.STARTED: fm.horizontalAdvance(fmt_datetime(late, seconds=False)) + 14,
            JobColumn.FINISHED: fm.horizontalAdvance(fmt_time(late)) + 16,
            JobColumn.DURATION: fm.horizontalAdvance(
                duration_text(late, late + dt.timedelta(minutes=59, seconds=59))
            )
            + 12,
            JobColumn.STATUS: max(map(fm.horizontalAdvance, map(status_text, STATUS_TEXT))) + 16,
        }
        for col, width in widths.items():
            self.jobs_view.setColumnWidth(col, width)
        # a header is set in the header's font and padding: wide enough for its word
        header_fm = header.fontMetrics()
        for col in COUNT_COLUMNS:
            width = max(header_fm.horizontalAdvance(job_header(col)), fm.horizontalAdvance("00000"))
            self.jobs_view.setColumnWidth(col, width + 16)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(JobColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.more_button = QPushButton(QCoreApplication.translate("JobsView", "Show More"))
        self.showing_label = QLabel()
        self.showing_label.setEnabled(False)
        more = QHBoxLayout()
        more.addWidget(self.showing_label, 1)
        more.addWidget(self.more_button)
        jobs_panel = QWidget()
        jobs_layout = QVBoxLayout(jobs_panel)
        jobs_layout.setContentsMargins(0, 0, 0, 0)
        jobs_layout.setSpacing(4)
        jobs_layout.addWidget(self.jobs_view, 1)
        jobs_layout.addLayout(more)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.setSpacing(4)
        title_row = QHBoxLayout()
        self.detail_title = QLabel(QCoreApplication.translate("JobsView", "Job log"))
        self.detail_title.setObjectName("JobDetailTitle")
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.detail_title.font()
        bold.setBold(True)
        self.detail_title.setFont(bold)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.all_entries_button = QPushButton(
            QCoreApplication.translate("JobsView", "Whole Job Log")
        )
        self.all_entries_button.setToolTip(
            QCoreApplication.translate("JobsView", "Show every log entry of the selected job again")
        )
        title_row.addWidget(self.detail_title, 1)
        title_row.addWidget(self.all_entries_button)
        self.message_label = QLabel()
        self.message_label.setObjectName("JobMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.log_view = _table("JobLogTable")
        self.log_view.setAccessibleName(
            QCoreApplication.translate("JobsView", "Log entries of the job")
        )
        self.log_view.setModel(self.log_model)

        def fit(texts: Sequence[str], least: int) -> int:
            """Wide enough for the widest of ``texts`` (words differ per language)."""
            return max(least, *(fm.horizontalAdvance(t) + 14 for t in texts))

        log_header_text = partial(self.log_model.headerData, orientation=Qt.Orientation.Horizontal)
        for log_col, width in {
            JobLogColumn.TIME: fit([fmt_datetime(late)], 142),
            JobLogColumn.LEFT: 110,
            JobLogColumn.RIGHT: 140,
            JobLogColumn.ACTION: fit(
                [*map(action_text, ACTION_WORDS), log_header_text(JobLogColumn.ACTION)], 92
            ),
            JobLogColumn.DIRECTION: 150,
            JobLogColumn.RESULT: fit(
                [*map(result_text, RESULT_WORDS), log_header_text(JobLogColumn.RESULT)], 62
            ),
        }.items():
            self.log_view.setColumnWidth(log_col, width)
        log_header = self.log_view.horizontalHeader()
        log_header.setSectionResizeMode(JobLogColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        log_header.setSectionResizeMode(JobLogColumn.CHANGES, QHeaderView.ResizeMode.Stretch)
        self._key_delegate = ElideMiddleDelegate(self)
        for key_col in (JobLogColumn.LEFT, JobLogColumn.RIGHT):
            self.log_view.setItemDelegateForColumn(key_col, self._key_delegate)
        self.error_view = _table("JobErrorTable")
        self.error_view.setAccessibleName(
            QCoreApplication.translate("JobsView", "Sync errors of the job")
        )
        self.error_view.setModel(self.error_model)
        error_header_text = partial(
            self.error_model.headerData, orientation=Qt.Orientation.Horizontal
        )
        for error_col, width in {
            JobErrorColumn.KIND: 200,
            JobErrorColumn.LEFT: 110,
            JobErrorColumn.RIGHT: 140,
            JobErrorColumn.STATUS: fit(
                [
                    error_header_text(JobErrorColumn.STATUS),
                    QCoreApplication.translate("JobErrorModel", "open"),
                    QCoreApplication.translate("JobErrorModel", "resolved"),
                ],
                70,
            ),
            JobErrorColumn.FIRST_SEEN: fit(
                [fmt_datetime(late, seconds=False), error_header_text(JobErrorColumn.FIRST_SEEN)],
                128,
            ),
            JobErrorColumn.LAST_ATTEMPT: fit(
                [fmt_datetime(late, seconds=False), error_header_text(JobErrorColumn.LAST_ATTEMPT)],
                128,
            ),
        }.items():
            self.error_view.setColumnWidth(error_col, width)
        for error_key in (JobErrorColumn.LEFT, JobErrorColumn.RIGHT):
            self.error_view.setItemDelegateForColumn(error_key, self._key_delegate)
        self.error_view.horizontalHeader().setSectionResizeMode(
            JobErrorColumn.MESSAGE, QHeaderView.ResizeMode.Stretch
        )
        self.error_view.horizontalHeader().moveSection(
            JobErrorColumn.MESSAGE, len(JobErrorColumn) - 1
        )
        self.skip_view = _table("JobSkipTable")
        self.skip_view.setAccessibleName(
            QCoreApplication.translate("JobsView", "Records the job skipped, and why")
        )
        self.skip_view.setModel(self.skip_model)
        self.skip_view.setColumnWidth(JobSkipColumn.LEFT, 110)
        self.skip_view.setColumnWidth(JobSkipColumn.RIGHT, 140)
        self.skip_view.setColumnWidth(JobSkipColumn.ERROR, 240)
        for skip_key in (JobSkipColumn.LEFT, JobSkipColumn.RIGHT):
            self.skip_view.setItemDelegateForColumn(skip_key, self._key_delegate)
        self.skip_view.horizontalHeader().setSectionResizeMode(
            JobSkipColumn.REASON, QHeaderView.ResizeMode.Stretch
        )
        self.detail_placeholder = QLabel()
        self.detail_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_placeholder.setWordWrap(True)
        self.detail_placeholder.setEnabled(False)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.log_view)
        self.detail_stack.addWidget(self.error_view)
        self.detail_stack.addWidget(self.skip_view)
        self.detail_stack.addWidget(self.detail_placeholder)
        detail_layout.addLayout(title_row)
        detail_layout.addWidget(self.message_label)
        detail_layout.addWidget(self.detail_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("JobsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(jobs_panel)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 260])
        layout.addWidget(self.splitter, 1)

        self.status_label = QLabel()
        self.status_label.setObjectName("JobsStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setEnabled(False)
        layout.addWidget(self.status_label)
