"""The Jobs page: every synchronization job, newest first, what each did, and a clean-up.

Business Central's "Integration Synchronization Jobs". A chart of the recent jobs above
(records written and errors per job), the table of jobs, and below it what the selected
job wrote to the log — or, after a count was activated, the records or sync errors behind
that count. "Delete Entries Older Than…" removes old jobs and their log entries, never the
history of an open sync error (:mod:`syncdesk.sync.maintenance`).

Everything is read and written in the window's :class:`~syncdesk.ui.worker.TaskRunner`;
the task functions here are plain functions that touch no Qt object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from syncdesk.sync.integration import Integration
from syncdesk.sync.maintenance import CleanupResult, count_old_entries, delete_old_entries
from syncdesk.sync.queries import (
    COUNT_ERROR_KINDS,
    COUNT_LOG_ACTIONS,
    ErrorRow,
    JobRow,
    LogRow,
    SkipRow,
    count_job_log,
    count_job_skips,
    count_jobs,
    job_errors,
    job_log,
    job_skips,
    list_jobs_page,
)
from syncdesk.ui.column_menu import ColumnChooser
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.job_chart import chart_bars
from syncdesk.ui.jobs_layout import JobsViewLayout
from syncdesk.ui.jobs_models import (
    DRILLABLE,
    JobColumn,
    JobErrorColumn,
    JobErrorModel,
    JobLogModel,
    JobRole,
    JobSkipModel,
    JobTableModel,
    count_words,
    job_message,
    status_text,
    trigger_text,
)
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import kind_text, plain_tip
from syncdesk.ui.worker import Task, TaskContext, TaskRunner

Index = QModelIndex | QPersistentModelIndex

#: the table reads this many jobs at a time (the newest, then "Show More")
JOB_PAGE = 500
#: the lower panel shows at most this many log entries or sync errors
DETAIL_LIMIT = 500


# == what the worker reads ===================================================================


@dataclass(frozen=True)
class JobsSnapshot:
    rows: list[JobRow]
    total: int


@dataclass(frozen=True)
class JobDetail:
    """What the lower panel shows: a job's log, or what is behind one of its counts.

    ``count`` is ``None`` for the job's whole log, else the name of a count ("inserted",
    "conflicts", ...). ``log`` or ``errors`` holds the rows; ``total`` how many there are.
    """

    job: JobRow
    count: str | None
    log: list[LogRow]
    errors: list[ErrorRow]
    total: int
    #: the records behind the Skipped count, with why
    skips: list[SkipRow] = field(default_factory=list)


def load_jobs(integration: Integration, limit: int, context: TaskContext) -> JobsSnapshot:
    store = integration.state
    return JobsSnapshot(list_jobs_page(store, limit), count_jobs(store))


def load_more_jobs(
    integration: Integration, before: int, limit: int, context: TaskContext
) -> list[JobRow]:
    return list_jobs_page(integration.state, limit, before=before)


def load_detail(
    integration: Integration, job: JobRow, count: str | None, context: TaskContext
) -> JobDetail:
    store = integration.state
    if count == "skipped":
        skips = job_skips(store, job.id, DETAIL_LIMIT)
        if skips:
            return JobDetail(job, count, [], [], count_job_skips(store, job.id), skips)
        # a job from before the skips were recorded: the deletions it found, at least
    if count in COUNT_ERROR_KINDS:
        kinds = COUNT_ERROR_KINDS[count]
        errors = job_errors(store, job.id, kinds, limit=None)
        return JobDetail(job, count, [], errors[:DETAIL_LIMIT], len(errors))
    actions = COUNT_LOG_ACTIONS.get(count) if count else None
    result = "ok" if actions else None
    rows = job_log(store, job.id, DETAIL_LIMIT, actions=actions, result=result)
    total = (
        count_job_log(store, job.id, actions=actions, result=result)
        if len(rows) >= DETAIL_LIMIT
        else len(rows)
    )
    return JobDetail(job, count, rows, [], total)


def preview_cleanup(integration: Integration, days: int, context: TaskContext) -> CleanupResult:
    return count_old_entries(integration.state, dt.timedelta(days=days))


def run_cleanup(integration: Integration, days: int, context: TaskContext) -> CleanupResult:
    return delete_old_entries(integration.state, dt.timedelta(days=days))


# == the page ==================================================================================
class JobsView(JobsViewLayout):
    """Every synchronization job, newest first; what one did; deleting old entries."""

    title = "Jobs"

    jobsLoaded = Signal()
    """The table (and the chart) show a fresh read of the jobs."""
    detailLoaded = Signal()
    """The lower panel shows the log of the selected job, or what is behind a count."""
    cleanupEnded = Signal(object)
    """A clean-up ended: its ``CleanupResult`` (``None`` if it was refused or failed)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.jobs_model = JobTableModel(self)
        self.log_model = JobLogModel(self)
        self.error_model = JobErrorModel(self)
        self.skip_model = JobSkipModel(self)
        #: the job whose detail is asked for, and what of it (None: its whole log)
        self._detail_for: tuple[int, str | None] | None = None
        self._cleaning = False
        self._loading_more = False
        #: a job to select once the table shows it (Show Job from another page)
        self._select_after: int | None = None
        self._build()
        # where the table would not fit: End (Start and Duration tell it), Unchanged (no
        # one acts on it), Trigger (the job's log says it) left out first
        self.columns = ColumnChooser(
            self.jobs_view,
            "jobs",
            spare=[JobColumn.FINISHED, JobColumn.UNCHANGED, JobColumn.TRIGGER],
        )
        self.more_button.setToolTip(
            self.tr("Read the next {count} older jobs").format(count=fmt_int(JOB_PAGE))
        )
        self._connect_signals()
        self._show_detail_placeholder(self.tr("Select a job to see what it wrote to the log."))
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.chart_button.toggled.connect(self.chart.setVisible)
        self.chart.barActivated.connect(self._on_bar_activated)
        self.refresh_button.clicked.connect(self.refresh)
        self.cleanup_button.clicked.connect(self._on_cleanup_requested)
        self.more_button.clicked.connect(self._on_more_requested)
        self.all_entries_button.clicked.connect(self._on_all_entries)
        self.jobs_view.selectionModel().selectionChanged.connect(self._on_job_selection)
        self.jobs_view.activated.connect(self._on_job_activated)
        self.skip_view.activated.connect(self._on_skip_activated)
        self.runner.writeEnded.connect(self._on_write_ended)

    # == the WorkspaceView hooks ===============================================================

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        apps = integration.workspace.apps
        left, right = apps["left"].title, apps["right"].title
        self.jobs_model.set_titles(left, right)
        self.log_model.set_titles(left, right)
        self.error_model.set_titles(left, right)
        self.skip_model.set_titles(left, right)
        # the kinds name the apps ("deleted in Dynamics 365 Sales"): wide enough for them
        fm = self.error_view.fontMetrics()
        kinds = ("conflict", "failed", "deleted-left", "deleted-right")
        widest = max(
            fm.horizontalAdvance(kind_text(k, {"left": left, "right": right})) for k in kinds
        )
        self.error_view.setColumnWidth(JobErrorColumn.KIND, max(200, widest + 36))
        self._clear()
        self.refresh()

    def close_workspace(self) -> None:
        super().close_workspace()
        self.runner.invalidate("jobs")
        self.runner.invalidate("job-detail")
        self._cleaning = False
        self._loading_more = False
        self._clear()

    def refresh(self) -> None:
        """Read the jobs again (as many as are shown, at least one page)."""
        if self.integration is None:
            return
        limit = max(JOB_PAGE, self.jobs_model.rowCount())
        self.runner.submit(
            Task(
                self.tr("Read jobs"),
                partial(load_jobs, self.integration, limit),
                channel="jobs",
                on_done=self._on_jobs_loaded,
                on_failed=self._on_read_failed,
            )
        )

    # == showing ===============================================================================

    def _clear(self) -> None:
        self._detail_for = None
        self.jobs_model.clear()
        self.log_model.clear()
        self.error_model.clear()
        self.skip_model.clear()
        self.chart.set_bars([])
        self.summary_label.clear()
        self.showing_label.clear()
        self.status_label.clear()
        self._show_detail_placeholder(self.tr("Select a job to see what it wrote to the log."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.integration is not None
        self.refresh_button.setEnabled(has)
        self.cleanup_button.setEnabled(has and not self._cleaning)
        self.days_spin.setEnabled(has and not self._cleaning)
        self.more_button.setVisible(self.jobs_model.has_more())
        self.more_button.setEnabled(not self._loading_more)
        self.all_entries_button.setVisible(
            self._detail_for is not None and self._detail_for[1] is not None
        )

    def _show_detail_placeholder(self, text: str) -> None:
        self.detail_title.setText(self.tr("Job log"))
        self.message_label.hide()
        self.detail_placeholder.setText(text)
        self.detail_stack.setCurrentWidget(self.detail_placeholder)

    def selected_job(self) -> JobRow | None:
        rows = self.jobs_view.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(JobRole.ROW)
        return value if isinstance(value, JobRow) else None

    def select_job(self, job_id: int) -> bool:
        """Select job ``job_id`` in the table (its log is then read); False if not shown."""
        row = self.jobs_model.row_of(job_id)
        if row is None:
            return False
        self.jobs_view.selectRow(row)
        self.jobs_view.scrollTo(self.jobs_model.index(row, 0))
        return True

    def select_job_when_shown(self, job_id: int) -> None:
        """Select job ``job_id`` now if the table shows it, else once it is read again."""
        if not self.select_job(job_id):
            self._select_after = job_id

    def _on_jobs_loaded(self, value: object) -> None:
        assert isinstance(value, JobsSnapshot)
        selected = self.selected_job()
        self.jobs_model.set_rows(value.rows, value.total)
        self.chart.set_bars(chart_bars(value.rows))
        self._show_counts()
        wanted, self._select_after = self._select_after, None
        if wanted is not None and self.select_job(wanted):
            pass
        elif selected is not None and self.jobs_model.row_of(selected.id) is not None:
            row = self.jobs_model.row_of(selected.id)
            assert row is not None
            self.jobs_view.selectRow(row)
        elif selected is not None or self._detail_for is not None:
            self._detail_for = None
            self._show_detail_placeholder(self.tr("Select a job to see what it wrote to the log."))
        self._update_buttons()
        self.jobsLoaded.emit()

    def _show_counts(self) -> None:
        total, shown = self.jobs_model.total, self.jobs_model.rowCount()
        if not total:
            self.summary_label.setText(self.tr("No jobs have run yet"))
        else:
            rows = self.jobs_model.rows()
            failed = sum(r.status == "failed" for r in rows)
            text = self.tr("%Ln job(s)", "", total)
            if failed:
                text = self.tr("{jobs} · {failed} failed").format(jobs=text, failed=fmt_int(failed))
            self.summary_label.setText(text)
        self.showing_label.setText(
            self.tr("Showing the newest {shown} of {total}").format(
                shown=fmt_int(shown), total=fmt_int(total)
            )
            if shown < total
            else ""
        )

    def _on_read_failed(self, message: str) -> None:
        self.status_label.setText(
            self.tr("Could not read the jobs: {message}").format(message=engine_text(message))
        )

    def _on_more_requested(self) -> None:
        last = self.jobs_model.rows()[-1] if self.jobs_model.rowCount() else None
        if self.integration is None or last is None or self._loading_more:
            return
        self._loading_more = True
        self._update_buttons()
        self.runner.submit(
            Task(
                self.tr("Read older jobs"),
                partial(load_more_jobs, self.integration, last.id, JOB_PAGE),
                channel="jobs",
                on_done=self._on_more_loaded,
                on_failed=self._on_more_failed,
            )
        )

    def _on_more_loaded(self, value: object) -> None:
        assert isinstance(value, list)
        self._loading_more = False
        self.jobs_model.append_rows([r for r in value if isinstance(r, JobRow)])
        if len(value) < JOB_PAGE:
            # the end: there are no more, whatever the count said
            self.jobs_model.set_rows(self.jobs_model.rows(), self.jobs_model.rowCount())
            selected = self._detail_for[0] if self._detail_for else None
            if selected is not None and (row := self.jobs_model.row_of(selected)) is not None:
                self.jobs_view.selectRow(row)
        self._show_counts()
        self._update_buttons()
        self.jobsLoaded.emit()

    def _on_more_failed(self, message: str) -> None:
        self._loading_more = False
        self._update_buttons()
        self._on_read_failed(message)

    def _on_write_ended(self, _handle: object) -> None:
        """A job or an action ended somewhere in the window: show it if this page is seen."""
        if self.integration is not None and self.isVisible() and not self._cleaning:
            self.refresh()

    # == the lower panel ========================================================================

    def _on_job_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        job = self.selected_job()
        self.chart.set_selected(job.id if job else None)
        if job is None:
            return
        keep = self._detail_for is not None and self._detail_for[0] == job.id
        self._load_detail(job, self._detail_for[1] if keep and self._detail_for else None)

    def _on_job_activated(self, index: QModelIndex) -> None:
        job = index.data(JobRole.ROW)
        count = index.data(JobRole.COUNT)
        if not isinstance(job, JobRow) or count not in DRILLABLE:
            return
        self.show_count(job, str(count))

    def show_count(self, job: JobRow, count: str) -> None:
        """Show what is behind one count of ``job``: its records, or its sync errors."""
        if count not in DRILLABLE:
            raise ValueError(f"no list behind the count {count!r}")
        self._load_detail(job, count)

    def _on_all_entries(self) -> None:
        job = self.selected_job()
        if job is not None:
            self._load_detail(job, None)

    def _on_skip_activated(self, index: QModelIndex) -> None:
        """A skipped record held back by a sync error: show that error."""
        row = index.data(JobRole.ROW)
        if isinstance(row, SkipRow) and row.error_id is not None and row.error_status == "open":
            self.errorRequested.emit(row.error_id)

    def _on_bar_activated(self, job_id: int) -> None:
        self.select_job(job_id)

    def _load_detail(self, job: JobRow, count: str | None) -> None:
        if self.integration is None:
            return
        self._detail_for = (job.id, count)
        self._update_buttons()
        self.runner.submit(
            Task(
                self.tr("Read the log of job {job}").format(job=job.id),
                partial(load_detail, self.integration, job, count),
                channel="job-detail",
                on_done=self._on_detail_loaded,
                on_failed=self._on_detail_failed,
            )
        )

    def _on_detail_loaded(self, value: object) -> None:
        assert isinstance(value, JobDetail)
        d = value
        if self._detail_for != (d.job.id, d.count):
            return
        self.detail_title.setText(self._detail_title(d))
        message = job_message(d.job, self.jobs_model.titles)
        if message:
            self.message_label.setText(
                self.tr("Why it failed: {message}").format(message=message)
                if d.job.status == "failed"
                else message
            )
            self.message_label.setToolTip(plain_tip(message))
        self.message_label.setVisible(bool(message))
        if d.count != "skipped" or d.skips:
            self.skip_model.clear()
        if d.skips:
            self.skip_model.set_rows(d.skips)
            self.log_model.clear()
            self.error_model.clear()
            self.detail_stack.setCurrentWidget(self.skip_view)
        elif d.count in COUNT_ERROR_KINDS:
            self.error_model.set_rows(d.errors)
            self.log_model.clear()
            if d.errors:
                self.detail_stack.setCurrentWidget(self.error_view)
            else:
                self._show_empty_detail(d)
        else:
            self.log_model.set_rows(d.log)
            self.error_model.clear()
            if d.log:
                self.detail_stack.setCurrentWidget(self.log_view)
                if d.count is None:
                    self.log_view.scrollToBottom()
            else:
                self._show_empty_detail(d)
        self._update_buttons()
        self.detailLoaded.emit()

    def _show_empty_detail(self, d: JobDetail) -> None:
        if d.count == "skipped":
            text = self.tr(
                "Job {job} ran before SyncDesk recorded which records a job skips, and found "
                "no deletion: the pairs it passed over had open sync errors."
            ).format(job=d.job.id)
        elif d.count in COUNT_ERROR_KINDS:
            text = self.tr(
                "Job {job} recorded no sync error for this count (a pair passed over "
                "for an open sync error is counted, not recorded again)."
            ).format(job=d.job.id)
        elif d.count is not None:
            text = self.tr(
                "Job {job} has no log entries for this count (deleted by a clean-up?)."
            ).format(job=d.job.id)
        else:
            text = self.tr("Job {job} wrote nothing to the log.").format(job=d.job.id)
        self.detail_placeholder.setText(text)
        self.detail_stack.setCurrentWidget(self.detail_placeholder)

    def _detail_title(self, d: JobDetail) -> str:
        job = d.job
        shown = len(d.errors) if d.count in COUNT_ERROR_KINDS else len(d.log)
        if d.skips:
            shown = len(d.skips)
            title = self.tr("%Ln record(s) skipped by job {job}, and why", "", d.total).format(
                job=job.id
            )
        elif d.count is None:
            title = self.tr("Job {job} · {mapping} · {trigger} · {status} — {entries}").format(
                job=job.id,
                mapping=job.mapping,
                trigger=trigger_text(job.trigger),
                status=status_text(job.status),
                entries=self.tr("%Ln log entry(ies)", "", d.total),
            )
        elif d.count in COUNT_ERROR_KINDS:
            n = d.total
            what = {
                "conflicts": self.tr("%Ln conflict(s)", "", n),
                "failed": self.tr("%Ln failed write(s)", "", n),
                "skipped": self.tr("%Ln deletion(s)", "", n),
            }[d.count]
            title = self.tr("{what} recorded by job {job}").format(what=what, job=job.id)
        else:
            title = self.tr("{what} by job {job}").format(
                what=count_words(d.count, d.total), job=job.id
            )
        if d.total > shown:
            title = self.tr("{title} (the first {shown})").format(title=title, shown=fmt_int(shown))
        return title

    def _on_detail_failed(self, message: str) -> None:
        self._show_detail_placeholder(
            self.tr("Could not read the log of the job: {message}").format(
                message=engine_text(message)
            )
        )

    # == clean-up ===============================================================================

    def _on_cleanup_requested(self) -> None:
        if self.integration is None or self._cleaning:
            return
        days = self.days_spin.value()
        self._cleaning = True
        self._update_buttons()
        self.status_label.setText(self.tr("Counting the old entries…"))
        self.runner.submit(
            Task(
                self.tr("Count old entries"),
                partial(preview_cleanup, self.integration, days),
                channel="cleanup",
                on_done=partial(self._on_cleanup_counted, days),
                on_failed=self._on_cleanup_failed,
            )
        )

    def _on_cleanup_counted(self, days: int, value: object) -> None:
        assert isinstance(value, CleanupResult)
        if self.integration is None:
            self._cleaning = False
            return
        if not value.total:
            self._cleaning = False
            self._update_buttons()
            self.status_label.setText(
                self.tr("No entries older than %n day(s) to delete.", "", days)
            )
            self.cleanupEnded.emit(value)
            return
        jobs = self.tr("%Ln job(s)", "", value.jobs)
        entries = self.tr("%Ln log entry(ies)", "", value.log_entries)
        if value.error_events:
            question = self.tr(
                "Delete {jobs}, {entries} and {events} older than %n day(s)?", "", days
            ).format(
                jobs=jobs,
                entries=entries,
                events=self.tr("%Ln event(s) of resolved sync errors", "", value.error_events),
            )
        else:
            question = self.tr("Delete {jobs} and {entries} older than %n day(s)?", "", days)
            question = question.format(jobs=jobs, entries=entries)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete Entries Older Than…"),
            question,
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            self.tr(
                "The history of open sync errors stays: the log of their records and the jobs "
                "it names are kept. SyncDesk cannot undo a delete."
            )
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Delete Entries"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Ok:
            self._cleaning = False
            self._update_buttons()
            self.status_label.setText(self.tr("Nothing deleted."))
            self.cleanupEnded.emit(None)
            return
        self.status_label.setText(self.tr("Deleting entries older than %n day(s)…", "", days))
        self.runner.submit(
            Task(
                self.tr("Delete old entries"),
                partial(run_cleanup, self.integration, days),
                writes=True,
                channel="cleanup",
                on_done=self._on_cleanup_done,
                on_failed=self._on_cleanup_failed,
            )
        )

    def _on_cleanup_done(self, value: object) -> None:
        assert isinstance(value, CleanupResult)
        self._cleaning = False
        self._update_buttons()
        self.status_label.setText(
            self.tr("Deleted {jobs}, {entries} and {events}.").format(
                jobs=self.tr("%Ln job(s)", "", value.jobs),
                entries=self.tr("%Ln log entry(ies)", "", value.log_entries),
                events=self.tr("%Ln sync error event(s)", "", value.error_events),
            )
        )
        self.cleanupEnded.emit(value)
        self.changed.emit()
        self.refresh()

    def _on_cleanup_failed(self, message: str) -> None:
        self._cleaning = False
        self._update_buttons()
        self.status_label.setText(
            self.tr("Nothing deleted: {message}").format(message=engine_text(message))
        )
        self.cleanupEnded.emit(None)
