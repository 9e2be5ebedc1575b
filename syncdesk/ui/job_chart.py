"""The chart of the recent jobs on the Jobs page: records written and errors per job."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QToolTip,
    QWidget,
)

from syncdesk.sync.queries import (
    JobRow,
)
from syncdesk.ui.i18n import fmt_datetime, fmt_int
from syncdesk.ui.jobs_models import (
    _NUMERIC,
    COUNT_COLUMNS,
    FAILED_COLOR,
    dimmed,
    status_text,
)

Index = QModelIndex | QPersistentModelIndex

#: the chart shows this many of the newest jobs
CHART_JOBS = 30

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
