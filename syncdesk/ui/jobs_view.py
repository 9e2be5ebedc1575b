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
import html
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QGuiApplication,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.integration import Integration
from syncdesk.sync.maintenance import CleanupResult, count_old_entries, delete_old_entries
from syncdesk.sync.queries import (
    COUNT_ERROR_KINDS,
    COUNT_LOG_ACTIONS,
    ErrorRow,
    JobRow,
    LogRow,
    count_job_log,
    count_jobs,
    job_errors,
    job_log,
    list_jobs_page,
)
from syncdesk.ui.i18n import fmt_datetime, fmt_int, fmt_time, same_local_day
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import (
    ACTION_WORDS,
    KIND_COLORS,
    RESULT_COLORS,
    RESULT_WORDS,
    ElideMiddleDelegate,
    RowsModel,
    action_text,
    changes_summary,
    direction_text,
    kind_icon,
    kind_text,
    result_text,
)
from syncdesk.ui.views import WorkspaceView
from syncdesk.ui.worker import Task, TaskContext, TaskRunner

Index = QModelIndex | QPersistentModelIndex

#: the table reads this many jobs at a time (the newest, then "Show More")
JOB_PAGE = 500
#: the lower panel shows at most this many log entries or sync errors
DETAIL_LIMIT = 500
#: the chart shows this many of the newest jobs
CHART_JOBS = 30
#: the clean-up's default age in days
DEFAULT_DAYS = 7

#: the words for the engine's triggers and job statuses (translated where shown)
TRIGGER_TEXT = {
    "queue": str(QT_TRANSLATE_NOOP("JobsView", "Job queue")),
    "manual": str(QT_TRANSLATE_NOOP("JobsView", "Manual")),
    "action": str(QT_TRANSLATE_NOOP("JobsView", "Action")),
}
STATUS_TEXT = {
    "running": str(QT_TRANSLATE_NOOP("JobsView", "Running")),
    "succeeded": str(QT_TRANSLATE_NOOP("JobsView", "Succeeded")),
    "failed": str(QT_TRANSLATE_NOOP("JobsView", "Failed")),
    "cancelled": str(QT_TRANSLATE_NOOP("JobsView", "Cancelled")),
}
FAILED_COLOR = "#c23934"
_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def trigger_text(trigger: str) -> str:
    """A job's trigger (``queue``, ``manual``, ``action``) in the window's language."""
    text = TRIGGER_TEXT.get(trigger)
    return QCoreApplication.translate("JobsView", text) if text else trigger.capitalize()


def status_text(status: str) -> str:
    """A job's status (``succeeded``, ...) in the window's language."""
    text = STATUS_TEXT.get(status)
    return QCoreApplication.translate("JobsView", text) if text else status


def duration_text(started: dt.datetime, finished: dt.datetime | None) -> str:
    """How long a job ran, as a person reads it: ``0.4 s``, ``12 s``, ``3 min 05 s``."""
    if finished is None:
        return QCoreApplication.translate("JobsView", "running")
    seconds = max((finished - started).total_seconds(), 0.0)
    if seconds < 10:
        text = QLocale().toString(seconds, "f", 1)
        return QCoreApplication.translate("JobsView", "{seconds} s").format(seconds=text)
    if seconds < 60:
        text = QLocale().toString(seconds, "f", 0)
        return QCoreApplication.translate("JobsView", "{seconds} s").format(seconds=text)
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return QCoreApplication.translate("JobsView", "{minutes} min {seconds} s").format(
            minutes=fmt_int(minutes), seconds=f"{secs:02d}"
        )
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("JobsView", "{hours} h {minutes} min").format(
        hours=fmt_int(hours), minutes=f"{minutes:02d}"
    )


def dimmed(palette: QPalette | None = None) -> QColor:
    """The colour of text that matters less (zero counts, cancelled jobs)."""
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


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


# == item models ===============================================================================


class JobColumn(IntEnum):
    ID = 0
    MAPPING = 1
    TRIGGER = 2
    STARTED = 3
    FINISHED = 4
    DURATION = 5
    STATUS = 6
    INSERTED = 7
    MODIFIED = 8
    DELETED = 9
    UNCHANGED = 10
    SKIPPED = 11
    FAILED = 12
    CONFLICTS = 13
    MESSAGE = 14


#: the count columns and the JobRow field each shows
COUNT_COLUMNS: dict[JobColumn, str] = {
    JobColumn.INSERTED: "inserted",
    JobColumn.MODIFIED: "modified",
    JobColumn.DELETED: "deleted",
    JobColumn.UNCHANGED: "unchanged",
    JobColumn.SKIPPED: "skipped",
    JobColumn.FAILED: "failed",
    JobColumn.CONFLICTS: "conflicts",
}
#: the counts that open what is behind them when activated
DRILLABLE = frozenset(COUNT_LOG_ACTIONS) | frozenset(COUNT_ERROR_KINDS)

_JOB_HEADERS = {
    JobColumn.ID: str(QT_TRANSLATE_NOOP("JobTableModel", "Job")),
    JobColumn.MAPPING: str(QT_TRANSLATE_NOOP("JobTableModel", "Mapping")),
    JobColumn.TRIGGER: str(QT_TRANSLATE_NOOP("JobTableModel", "Trigger")),
    JobColumn.STARTED: str(QT_TRANSLATE_NOOP("JobTableModel", "Start")),
    JobColumn.FINISHED: str(QT_TRANSLATE_NOOP("JobTableModel", "End")),
    JobColumn.DURATION: str(QT_TRANSLATE_NOOP("JobTableModel", "Duration")),
    JobColumn.STATUS: str(QT_TRANSLATE_NOOP("JobTableModel", "Status")),
    JobColumn.INSERTED: str(QT_TRANSLATE_NOOP("JobTableModel", "Inserted")),
    JobColumn.MODIFIED: str(QT_TRANSLATE_NOOP("JobTableModel", "Modified")),
    JobColumn.DELETED: str(QT_TRANSLATE_NOOP("JobTableModel", "Deleted")),
    JobColumn.UNCHANGED: str(QT_TRANSLATE_NOOP("JobTableModel", "Unchanged")),
    JobColumn.SKIPPED: str(QT_TRANSLATE_NOOP("JobTableModel", "Skipped")),
    JobColumn.FAILED: str(QT_TRANSLATE_NOOP("JobTableModel", "Failed")),
    JobColumn.CONFLICTS: str(QT_TRANSLATE_NOOP("JobTableModel", "Conflicts")),
    JobColumn.MESSAGE: str(QT_TRANSLATE_NOOP("JobTableModel", "Message")),
}


def job_header(col: JobColumn) -> str:
    """The header of a column of the jobs table, in the window's language."""
    return QCoreApplication.translate("JobTableModel", _JOB_HEADERS[col])


#: the tooltip of the header of a count that opens what is behind it
_COUNT_HEADER_TIPS = {
    "inserted": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the records inserted")
    ),
    "modified": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the records modified")
    ),
    "deleted": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the records deleted")
    ),
    "skipped": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the deletions found")
    ),
    "failed": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the failed writes")
    ),
    "conflicts": str(
        QT_TRANSLATE_NOOP("JobTableModel", "Double-click a count to see the conflicts")
    ),
}


class JobWords(QObject):
    """The page's words with plural forms, for functions outside a widget or a model.

    (pyside6-lupdate marks a text as having plural forms only in ``self.tr(text, "", n)``.)
    """

    def count(self, count: str, n: int) -> str:
        if count == "inserted":
            return self.tr("%Ln record(s) inserted", "", n)
        if count == "modified":
            return self.tr("%Ln record(s) modified", "", n)
        if count == "deleted":
            return self.tr("%Ln record(s) deleted", "", n)
        if count == "unchanged":
            return self.tr("%Ln record(s) unchanged", "", n)
        if count == "skipped":
            return self.tr("%Ln deletion(s) found", "", n)
        if count == "failed":
            return self.tr("%Ln failed write(s)", "", n)
        if count == "conflicts":
            return self.tr("%Ln conflict(s)", "", n)
        return f"{fmt_int(n)} {count}"


_words: list[JobWords] = []


def count_words(count: str, n: int) -> str:
    """What a count means, for tooltips and the lower panel's title: ``3 records inserted``."""
    if not _words:
        _words.append(JobWords())
    return _words[0].count(count, n)


class JobRole(IntEnum):
    ROW = Qt.ItemDataRole.UserRole  # the JobRow itself
    ID = Qt.ItemDataRole.UserRole + 1  # the job's id
    COUNT = Qt.ItemDataRole.UserRole + 2  # the count's name in a count column, else None


class JobTableModel(QAbstractTableModel):
    """Jobs, newest first: the rows read so far (the window pages with "Show More")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[JobRow] = []
        self._total = 0

    def set_rows(self, rows: Sequence[JobRow], total: int | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total = max(total if total is not None else len(rows), len(self._rows))
        self.endResetModel()

    def append_rows(self, rows: Sequence[JobRow]) -> None:
        known = {r.id for r in self._rows}
        fresh = [r for r in rows if r.id not in known]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        self._total = max(self._total, len(self._rows))
        self.endInsertRows()

    def clear(self) -> None:
        self.set_rows([])

    @property
    def total(self) -> int:
        """How many jobs there are in all (read or not)."""
        return self._total

    def has_more(self) -> bool:
        return len(self._rows) < self._total

    def rows(self) -> list[JobRow]:
        return list(self._rows)

    def row_at(self, row: int) -> JobRow:
        return self._rows[row]

    def row_of(self, job_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == job_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(JobColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(JobColumn):
            return None
        col = JobColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return job_header(col)
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            col in COUNT_COLUMNS or col in (JobColumn.ID, JobColumn.DURATION)
        ):
            return _NUMERIC
        if role == Qt.ItemDataRole.ToolTipRole and col in COUNT_COLUMNS:
            name = COUNT_COLUMNS[col]
            tip = _COUNT_HEADER_TIPS.get(name)
            if tip is not None and name in DRILLABLE:
                return QCoreApplication.translate("JobTableModel", tip)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = JobColumn(index.column())
        count = COUNT_COLUMNS.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == JobColumn.MESSAGE:
                return engine_text(r.message) or None
            if col == JobColumn.STARTED:
                return fmt_datetime(r.started)
            if col == JobColumn.FINISHED:
                return fmt_datetime(r.finished) or self.tr("still running")
            if count is not None:
                n = int(getattr(r, count))
                text = self.tr("{what} by job {job}").format(what=count_words(count, n), job=r.id)
                if n and count in DRILLABLE:
                    return self.tr("{text} — double-click to see them").format(text=text)
                return text
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            count is not None or col in (JobColumn.ID, JobColumn.DURATION)
        ):
            return _NUMERIC
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(r, col, count)
        if role == Qt.ItemDataRole.DecorationRole and col == JobColumn.STATUS:
            if r.status == "failed":
                return kind_icon("failed")
            return None
        if role == JobRole.ROW:
            return r
        if role == JobRole.ID:
            return r.id
        if role == JobRole.COUNT:
            return count
        return None

    def _foreground(self, r: JobRow, col: JobColumn, count: str | None) -> QBrush | None:
        if count is not None:
            n = int(getattr(r, count))
            if n == 0:
                return QBrush(dimmed())
            if count == "failed":
                return QBrush(QColor(FAILED_COLOR))
            if count == "conflicts":
                return QBrush(QColor(KIND_COLORS["conflict"]))
            return None
        if col == JobColumn.STATUS:
            if r.status == "failed":
                return QBrush(QColor(FAILED_COLOR))
            if r.status == "cancelled":
                return QBrush(dimmed())
        return None

    def _display(self, r: JobRow, col: JobColumn) -> str:
        if col == JobColumn.ID:
            return str(r.id)
        if col == JobColumn.MAPPING:
            return r.mapping
        if col == JobColumn.TRIGGER:
            return trigger_text(r.trigger)
        if col == JobColumn.STARTED:
            return fmt_datetime(r.started, seconds=False)
        if col == JobColumn.FINISHED:
            # the time only, when the job ended on the day it started
            if r.finished is None:
                return ""
            if same_local_day(r.started, r.finished):
                return fmt_time(r.finished)
            return fmt_datetime(r.finished, seconds=False)
        if col == JobColumn.DURATION:
            return duration_text(r.started, r.finished)
        if col == JobColumn.STATUS:
            return status_text(r.status)
        if col == JobColumn.MESSAGE:
            message = engine_text(r.message)
            return message.splitlines()[0] if message else ""
        return fmt_int(int(getattr(r, COUNT_COLUMNS[col])))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class JobLogColumn(IntEnum):
    TIME = 0
    LEFT = 1
    RIGHT = 2
    ACTION = 3
    DIRECTION = 4
    RESULT = 5
    MESSAGE = 6
    CHANGES = 7


class JobLogModel(RowsModel[LogRow]):
    """The log entries of one job, oldest first, with the records they touched."""

    columns = JobLogColumn

    def header(self, col: JobLogColumn) -> str:
        return {
            JobLogColumn.TIME: self.tr("Time"),
            JobLogColumn.LEFT: self._titles["left"],
            JobLogColumn.RIGHT: self._titles["right"],
            JobLogColumn.ACTION: self.tr("Action"),
            JobLogColumn.DIRECTION: self.tr("Direction"),
            JobLogColumn.RESULT: self.tr("Result"),
            JobLogColumn.MESSAGE: self.tr("Message"),
            JobLogColumn.CHANGES: self.tr("Changes"),
        }[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = JobLogColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            keep = (
                JobLogColumn.MESSAGE,
                JobLogColumn.CHANGES,
                JobLogColumn.LEFT,
                JobLogColumn.RIGHT,
            )
            return (self._display(r, col) or None) if col in keep else None
        if role == Qt.ItemDataRole.ForegroundRole and col == JobLogColumn.RESULT:
            color = RESULT_COLORS.get(r.result)
            return QBrush(QColor(color)) if color else None
        if role == JobRole.ROW:
            return r
        return None

    def _display(self, r: LogRow, col: JobLogColumn) -> str:
        if col == JobLogColumn.TIME:
            return fmt_datetime(r.at)
        if col == JobLogColumn.LEFT:
            return r.left_key or "—"
        if col == JobLogColumn.RIGHT:
            return r.right_key or "—"
        if col == JobLogColumn.ACTION:
            return action_text(r.action)
        if col == JobLogColumn.DIRECTION:
            return direction_text(r.direction, self._titles)
        if col == JobLogColumn.RESULT:
            return result_text(r.result)
        if col == JobLogColumn.MESSAGE:
            return engine_text(r.message)
        return changes_summary(r.changes)


class JobErrorColumn(IntEnum):
    KIND = 0
    LEFT = 1
    RIGHT = 2
    STATUS = 3
    MESSAGE = 4
    FIRST_SEEN = 5
    LAST_ATTEMPT = 6


class JobErrorModel(RowsModel[ErrorRow]):
    """The sync errors one job recorded, open or resolved since."""

    columns = JobErrorColumn

    def header(self, col: JobErrorColumn) -> str:
        return {
            JobErrorColumn.KIND: self.tr("Kind"),
            JobErrorColumn.LEFT: self._titles["left"],
            JobErrorColumn.RIGHT: self._titles["right"],
            JobErrorColumn.STATUS: self.tr("Status"),
            JobErrorColumn.MESSAGE: self.tr("Message"),
            JobErrorColumn.FIRST_SEEN: self.tr("First seen"),
            JobErrorColumn.LAST_ATTEMPT: self.tr("Last attempt"),
        }[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = JobErrorColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (
            JobErrorColumn.MESSAGE,
            JobErrorColumn.LEFT,
            JobErrorColumn.RIGHT,
        ):
            return self._display(r, col)
        if role == Qt.ItemDataRole.DecorationRole and col == JobErrorColumn.KIND:
            return kind_icon(r.kind)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == JobErrorColumn.STATUS
            and r.status != "open"
        ):
            return QBrush(dimmed())
        if role == JobRole.ROW:
            return r
        return None

    def _display(self, r: ErrorRow, col: JobErrorColumn) -> str:
        if col == JobErrorColumn.KIND:
            return kind_text(r.kind, self._titles)
        if col == JobErrorColumn.LEFT:
            return r.left_key or "—"
        if col == JobErrorColumn.RIGHT:
            return r.right_key or "—"
        if col == JobErrorColumn.STATUS:
            return self.tr("open") if r.status == "open" else self.tr("resolved")
        if col == JobErrorColumn.MESSAGE:
            return engine_text(r.message)
        if col == JobErrorColumn.FIRST_SEEN:
            return fmt_datetime(r.first_seen, seconds=False)
        return fmt_datetime(r.last_seen, seconds=False)


# == the chart =================================================================================


@dataclass(frozen=True)
class ChartBar:
    """One job in the chart: records written (inserted + modified + deleted) and errors."""

    job: int
    mapping: str
    status: str
    started: dt.datetime
    written: int
    errors: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return self.written + self.errors


def chart_bars(rows: Sequence[JobRow], limit: int = CHART_JOBS) -> list[ChartBar]:
    """The newest ``limit`` of ``rows`` (newest first), as bars oldest first."""
    newest = sorted(rows, key=lambda r: r.id, reverse=True)[:limit]
    return [
        ChartBar(
            job=r.id,
            mapping=r.mapping,
            status=r.status,
            started=r.started,
            written=r.inserted + r.modified + r.deleted,
            errors=r.failed + r.conflicts,
            counts={name: int(getattr(r, name)) for name in COUNT_COLUMNS.values()},
        )
        for r in reversed(newest)
    ]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


class JobChart(QWidget):
    """Records written and errors per recent job, stacked bars, the oldest on the left."""

    barActivated = Signal(int)
    """A bar was clicked: the job's id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[ChartBar] = []
        self._selected: int | None = None
        self.setMinimumHeight(150)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Chart of recent jobs"))
        self.setToolTip("")

    @property
    def bars(self) -> list[ChartBar]:
        """What the chart paints, oldest job first."""
        return list(self._bars)

    def set_bars(self, bars: Sequence[ChartBar]) -> None:
        self._bars = list(bars)
        self.update()

    def set_selected(self, job: int | None) -> None:
        self._selected = job
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    # -- geometry --------------------------------------------------------------------------

    def _plot_rect(self) -> QRect:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("000,000") + 14
        top = fm.height() + 12  # the legend
        bottom = fm.height() + 10  # the job ids
        return self.rect().adjusted(left, top, -10, -bottom)

    def _bar_rects(self) -> list[QRectF]:
        plot = self._plot_rect()
        n = max(len(self._bars), 1)
        slot = plot.width() / max(n, 12)
        width = max(slot * 0.7, 2.0)
        x0 = plot.left() + (plot.width() - slot * n) if n < 12 else plot.left()
        return [
            QRectF(x0 + i * slot + (slot - width) / 2, plot.top(), width, plot.height())
            for i in range(len(self._bars))
        ]

    def bar_at(self, pos: QPoint) -> int | None:
        """The index of the bar (its whole column) under ``pos``."""
        for i, rect in enumerate(self._bar_rects()):
            if rect.adjusted(-2, 0, 2, 0).contains(pos.toPointF()):
                return i
        return None

    # -- colours ---------------------------------------------------------------------------

    def colors(self) -> tuple[QColor, QColor]:
        """Records written and errors: the palette's highlight, and a red that reads on it."""
        pal = self.palette()
        written = pal.color(QPalette.ColorRole.Highlight)
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        errors = QColor("#ef6b65") if dark else QColor(FAILED_COLOR)
        return written, errors

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = pal.color(QPalette.ColorRole.Mid)
        written_color, error_color = self.colors()
        fm = QFontMetrics(self.font())
        plot = self._plot_rect()

        # the legend, top right
        x = self.width() - 10
        legend = ((self.tr("Errors"), error_color), (self.tr("Records written"), written_color))
        for label, color in legend:
            w = fm.horizontalAdvance(label)
            x -= w
            p.setPen(text)
            p.drawText(QRect(x, 2, w, fm.height()), Qt.AlignmentFlag.AlignVCenter, label)
            x -= 16
            p.fillRect(QRect(x, 2 + (fm.height() - 10) // 2, 10, 10), color)
            x -= 14
        p.setPen(text)
        title = (
            self.tr("Last %n job(s)", "", len(self._bars)) if self._bars else self.tr("Recent jobs")
        )
        p.drawText(QRect(plot.left(), 2, plot.width(), fm.height()), 0, title)

        top = nice_ceiling(max((b.total for b in self._bars), default=0))
        # the axis and its labels: 0, half, top
        p.setPen(grid)
        for frac in (0.0, 0.5, 1.0):
            y = round(plot.bottom() - frac * plot.height())
            p.drawLine(plot.left(), y, plot.right(), y)
            value = top * frac
            label = QLocale().toString(value, "f", 0 if value == int(value) else 1)
            p.setPen(text)
            p.drawText(
                QRect(0, y - fm.height() // 2, plot.left() - 6, fm.height()),
                _NUMERIC,
                label,
            )
            p.setPen(grid)
        p.drawLine(plot.left(), plot.top(), plot.left(), plot.bottom())

        if not self._bars:
            p.setPen(dimmed(pal))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("No jobs yet"))
            return

        rects = self._bar_rects()
        scale = plot.height() / top
        step = max(1, round((fm.horizontalAdvance("00000") + 6) / max(rects[0].width() / 0.7, 1)))
        for i, (bar, rect) in enumerate(zip(self._bars, rects, strict=True)):
            bottom = float(plot.bottom())
            if bar.job == self._selected:
                p.fillRect(rect.adjusted(-3, 0, 3, 0), pal.color(QPalette.ColorRole.AlternateBase))
            # a segment that is not zero stays visible beside a tall one
            h_written = max(bar.written * scale, 2.0) if bar.written else 0.0
            h_errors = max(bar.errors * scale, 3.0) if bar.errors else 0.0
            if h_written:
                p.fillRect(
                    QRectF(rect.left(), bottom - h_written, rect.width(), h_written),
                    written_color,
                )
            if h_errors:
                p.fillRect(
                    QRectF(rect.left(), bottom - h_written - h_errors, rect.width(), h_errors),
                    error_color,
                )
            if bar.status in ("failed", "cancelled") and not bar.total:
                # a job that wrote nothing and ended badly: a small mark on the axis
                p.fillRect(
                    QRectF(rect.left(), bottom - 3, rect.width(), 3),
                    error_color if bar.status == "failed" else dimmed(pal),
                )
            if (len(rects) - 1 - i) % step == 0:  # the newest always named
                p.setPen(text)
                label = str(bar.job)
                w = fm.horizontalAdvance(label)
                cx = round(rect.center().x())
                p.drawText(
                    QRect(cx - w // 2 - 2, plot.bottom() + 4, w + 4, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )

    # -- interaction -------------------------------------------------------------------------

    def tooltip_for(self, index: int) -> str:
        bar = self._bars[index]
        c = bar.counts
        return self.tr(
            "<b>Job {job}</b> · {mapping} · {status}<br>{started}"
            "<br>{written} written: {inserted} inserted, {modified} modified, {deleted} deleted"
            "<br>{errors} errors: {failed} failed, {conflicts} conflicts"
            "<br>{skipped} skipped, {unchanged} unchanged"
        ).format(
            job=bar.job,
            mapping=html.escape(bar.mapping),
            status=status_text(bar.status),
            started=fmt_datetime(bar.started),
            written=fmt_int(bar.written),
            errors=fmt_int(bar.errors),
            **{name: fmt_int(n) for name, n in c.items()},
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(index), self)
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.bar_at(event.position().toPoint())
            if index is not None:
                self.barActivated.emit(self._bars[index].job)
        super().mouseReleaseEvent(event)


# == the page ==================================================================================


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setMinimumSectionSize(40)
    return view


class JobsView(WorkspaceView):
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
        #: the job whose detail is asked for, and what of it (None: its whole log)
        self._detail_for: tuple[int, str | None] | None = None
        self._cleaning = False
        self._loading_more = False
        #: a job to select once the table shows it (Show Job from another page)
        self._select_after: int | None = None
        self._build()
        self._connect_signals()
        self._show_detail_placeholder(self.tr("Select a job to see what it wrote to the log."))
        self._update_buttons()

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
        self.chart_button = QPushButton(self.tr("Chart"))
        self.chart_button.setCheckable(True)
        self.chart_button.setChecked(True)
        self.chart_button.setToolTip(self.tr("Show or hide the chart of the recent jobs"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the jobs again"))
        self.cleanup_button = QPushButton(self.tr("Delete Entries Older Than…"))
        self.cleanup_button.setObjectName("CleanupButton")
        self.cleanup_button.setToolTip(
            self.tr(
                "Delete the jobs and log entries older than the number of days beside; the "
                "history of open sync errors stays"
            )
        )
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("CleanupDays")
        self.days_spin.setRange(0, 3650)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setAccessibleName(self.tr("Age in days of the entries to delete"))
        self.days_spin.setToolTip(self.tr("Entries older than this many days are deleted"))
        self.add_page_action(self.chart_button, self.tr("Show the &Chart"), "Ctrl+Shift+C")
        self.add_page_action(
            self.cleanup_button, self.tr("&Delete Entries Older Than…"), "Ctrl+Shift+Del"
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
        self.jobs_view.setAccessibleName(self.tr("Jobs, newest first"))
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
        for col in COUNT_COLUMNS:
            self.jobs_view.setColumnWidth(col, fm.horizontalAdvance(job_header(col)) + 10)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(JobColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.more_button = QPushButton(self.tr("Show More"))
        self.more_button.setToolTip(
            self.tr("Read the next {count} older jobs").format(count=fmt_int(JOB_PAGE))
        )
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
        self.detail_title = QLabel(self.tr("Job log"))
        self.detail_title.setObjectName("JobDetailTitle")
        bold = self.detail_title.font()
        bold.setBold(True)
        self.detail_title.setFont(bold)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.all_entries_button = QPushButton(self.tr("Whole Job Log"))
        self.all_entries_button.setToolTip(
            self.tr("Show every log entry of the selected job again")
        )
        title_row.addWidget(self.detail_title, 1)
        title_row.addWidget(self.all_entries_button)
        self.message_label = QLabel()
        self.message_label.setObjectName("JobMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.log_view = _table("JobLogTable")
        self.log_view.setAccessibleName(self.tr("Log entries of the job"))
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
        self.error_view.setAccessibleName(self.tr("Sync errors of the job"))
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
        self.detail_placeholder = QLabel()
        self.detail_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_placeholder.setWordWrap(True)
        self.detail_placeholder.setEnabled(False)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.log_view)
        self.detail_stack.addWidget(self.error_view)
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
        self.status_label.setEnabled(False)
        layout.addWidget(self.status_label)

    def _connect_signals(self) -> None:
        self.chart_button.toggled.connect(self.chart.setVisible)
        self.chart.barActivated.connect(self._on_bar_activated)
        self.refresh_button.clicked.connect(self.refresh)
        self.cleanup_button.clicked.connect(self._on_cleanup_requested)
        self.more_button.clicked.connect(self._on_more_requested)
        self.all_entries_button.clicked.connect(self._on_all_entries)
        self.jobs_view.selectionModel().selectionChanged.connect(self._on_job_selection)
        self.jobs_view.activated.connect(self._on_job_activated)
        self.runner.writeEnded.connect(self._on_write_ended)

    # == the WorkspaceView hooks ===============================================================

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        apps = integration.workspace.apps
        left, right = apps["left"].title, apps["right"].title
        self.log_model.set_titles(left, right)
        self.error_model.set_titles(left, right)
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
        message = engine_text(d.job.message)
        if message:
            self.message_label.setText(
                self.tr("Why it failed: {message}").format(message=message)
                if d.job.status == "failed"
                else message
            )
            self.message_label.setToolTip(message)
        self.message_label.setVisible(bool(message))
        if d.count in COUNT_ERROR_KINDS:
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
        if d.count in COUNT_ERROR_KINDS:
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
        if d.count is None:
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
