"""The Jobs page's words and item models: the jobs table, a job's log, its sync errors
and the records it skipped (each count's drill-down)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QPalette,
)

from syncdesk.sync.queries import (
    COUNT_ERROR_KINDS,
    COUNT_LOG_ACTIONS,
    ErrorRow,
    JobRow,
    LogRow,
    SkipRow,
)
from syncdesk.ui.i18n import fmt_datetime, fmt_int, fmt_time, same_local_day
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import (
    KIND_COLORS,
    RESULT_COLORS,
    RowsModel,
    action_text,
    changes_summary,
    direction_text,
    kind_icon,
    kind_text,
    plain_tip,
    result_text,
)

Index = QModelIndex | QPersistentModelIndex

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


#: what an action job did, by the action's code (its job's message), in the window's words
ACTION_JOB_TEXT = {
    "retry": str(QT_TRANSLATE_NOOP("JobsView", "Retry")),
    "remove-coupling": str(QT_TRANSLATE_NOOP("JobsView", "Remove Coupling")),
    "use-left": str(QT_TRANSLATE_NOOP("JobsView", "Use {left} Version")),
    "use-right": str(QT_TRANSLATE_NOOP("JobsView", "Use {right} Version")),
    "choose": str(QT_TRANSLATE_NOOP("JobsView", "Synchronize: a value per field")),
    "restore": str(QT_TRANSLATE_NOOP("JobsView", "Restore Records")),
    "delete": str(QT_TRANSLATE_NOOP("JobsView", "Delete Records")),
    "edit": str(QT_TRANSLATE_NOOP("JobsView", "Fix in Place")),
    "undo": str(QT_TRANSLATE_NOOP("JobsView", "Undo")),
}


def job_message(r: JobRow, titles: dict[str, str]) -> str:
    """A job's message as a person reads it: an action job names its action in the window's
    words ("Use Business Central Version"), never the command line's code ("use-left")."""
    message = r.message or ""
    if r.trigger == "action":
        code, sep, rest = message.partition(": ")
        words = ACTION_JOB_TEXT.get(code)
        if words is not None:
            text = QCoreApplication.translate("JobsView", words).format(**titles)
            return f"{text}: {engine_text(rest)}" if sep else text
    return engine_text(message)


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
        QT_TRANSLATE_NOOP(
            "JobTableModel", "Double-click a count to see the records skipped and why"
        )
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
            return self.tr("%Ln record(s) skipped", "", n)
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
        self._titles = {"left": self.tr("Left"), "right": self.tr("Right")}

    def set_titles(self, left: str, right: str) -> None:
        self._titles = {"left": left, "right": right}

    @property
    def titles(self) -> dict[str, str]:
        return dict(self._titles)

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
                return plain_tip(job_message(r, self._titles)) or None
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
            message = job_message(r, self._titles)
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
            return (plain_tip(self._display(r, col)) or None) if col in keep else None
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
            return plain_tip(self._display(r, col))
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


class JobSkipColumn(IntEnum):
    LEFT = 0
    RIGHT = 1
    REASON = 2
    ERROR = 3


class JobSkipModel(RowsModel[SkipRow]):
    """The records one job passed over, and why (what its Skipped count stands for)."""

    columns = JobSkipColumn

    def header(self, col: JobSkipColumn) -> str:
        return {
            JobSkipColumn.LEFT: self._titles["left"],
            JobSkipColumn.RIGHT: self._titles["right"],
            JobSkipColumn.REASON: self.tr("Why it was skipped"),
            JobSkipColumn.ERROR: self.tr("Sync error"),
        }[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = JobSkipColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == JobSkipColumn.ERROR and r.error_id is not None:
                return plain_tip(
                    self.tr("Double-click to show sync error {id}").format(id=r.error_id)
                )
            return plain_tip(self._display(r, col)) or None
        if role == Qt.ItemDataRole.DecorationRole and col == JobSkipColumn.ERROR and r.error_kind:
            return kind_icon(r.error_kind)
        if role == JobRole.ROW:
            return r
        return None

    def _display(self, r: SkipRow, col: JobSkipColumn) -> str:
        if col == JobSkipColumn.LEFT:
            return r.left_key or "—"
        if col == JobSkipColumn.RIGHT:
            return r.right_key or "—"
        if col == JobSkipColumn.REASON:
            return engine_text(r.reason)
        if r.error_id is None:
            return ""
        what = kind_text(r.error_kind, self._titles) if r.error_kind else ""
        state = (
            self.tr("open")
            if r.error_status == "open"
            else self.tr("resolved")
            if r.error_status
            else ""
        )
        return " · ".join(p for p in (f"#{r.error_id}", what, state) if p)
