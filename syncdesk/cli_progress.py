"""The command line's progress line, and Ctrl+C as a cancel between batches.

``syncdesk sync`` and ``syncdesk worker`` on a terminal show one line per job on stderr:
the mapping, what the job is doing, done / total, records per second and time left,
drawn by rich (:class:`ProgressLine`). The engine knows nothing of it: it calls a plain
:class:`~syncdesk.sync.engine.Progress` callback, which this adapter passes on to rich at
most every :data:`PUSH_INTERVAL` seconds within a phase; rich redraws the line from a
thread of its own at most :data:`REDRAWS_PER_SECOND` times a second, so the time left
keeps moving while a batch is being written. When a job ends its line stays, saying how
it ended and what it did; the next job gets a line of its own.

Nothing of it is drawn when stderr is not a terminal or the output is JSON
(:func:`syncdesk.cli_terminal.wanted`): scripts and logs get the usual lines only, and
this module, with rich, is not even imported. Ctrl+C is :mod:`syncdesk.cli_terminal`'s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from rich import progress as rich_progress
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.progress import Task, TaskID
from rich.table import Table
from rich.text import Text

from syncdesk.cli_terminal import write_line

if TYPE_CHECKING:
    from syncdesk.sync.engine import Counts, Progress

#: rich redraws the line this often at most (from its own thread)
REDRAWS_PER_SECOND = 4.0
#: within a phase, the engine's reports are passed on to rich at most this often (seconds)
PUSH_INTERVAL = 0.1

#: what a job is doing, as a person reads it
PHASE_WORDS = {
    "scan": "reading keys",
    "pairs": "syncing coupled records",
    "new": "writing new records",
}


def _count(n: int) -> str:
    return f"{n:,}"


def _duration(seconds: float) -> str:
    return str(dt.timedelta(seconds=max(0, round(seconds))))


def summary(counts: Counts) -> str:
    """A job's counts that are not zero: "40,000 inserted · 3 failed · 12 unchanged"."""
    parts = [
        (counts.inserted, "inserted"),
        (counts.modified, "modified"),
        (counts.deleted, "deleted"),
        (counts.failed, "failed"),
        (counts.conflicts, "conflicts" if counts.conflicts != 1 else "conflict"),
        (counts.skipped, "skipped"),
        (counts.unchanged, "unchanged"),
    ]
    said = [f"{_count(n)} {word}" for n, word in parts if n]
    return " · ".join(said) if said else "nothing to do"


class ProgressLine:
    """The engine's progress callback, drawn as one rich progress line per job.

    Call it with each :class:`~syncdesk.sync.engine.Progress`; :meth:`note` prints a line
    above it (from any thread); :meth:`close` (or leaving the ``with`` block) ends a line
    still being drawn, as when a job stops by an error.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        names: Iterable[str] = (),
        cancelled: Callable[[], bool] = lambda: False,
        redraws_per_second: float = REDRAWS_PER_SECOND,
    ) -> None:
        self._stream = stream
        self._console = Console(file=stream, highlight=False, emoji=False)
        #: the width of the longest mapping name, so that the jobs' lines line up
        self.name_width = max((len(n) for n in names), default=0)
        self._cancelled = cancelled
        self._redraws = redraws_per_second
        self._progress: _Progress | None = None
        self._task: TaskID | None = None
        self._lock = threading.RLock()
        self._job = 0
        self._phase = ""
        self._done = 0
        self._total: int | None = None
        self._pushed = 0.0
        self._started = 0.0
        self._broken = False

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the engine's callback -------------------------------------------------------------

    def __call__(self, p: Progress) -> None:
        if self._broken:
            return
        try:
            if self._progress is not None and self._progress.fault is not None:
                raise self._progress.fault  # rich's thread could not draw the line
            self._draw(p)
        except Exception as exc:  # a drawing fault must never stop a job
            self._broken = True
            with contextlib.suppress(Exception):
                self._stop()
            write_line(
                self._stream,
                f"syncdesk: progress line off ({type(exc).__name__}: {exc}); the job goes on",
            )

    def _draw(self, p: Progress) -> None:
        now = time.monotonic()
        with self._lock:
            if p.job != self._job or self._progress is None:
                if p.phase == "done" and p.job == self._job:
                    return  # this job's line has ended already
                self._begin(p, now)
                if p.phase != "done":
                    return
            assert self._progress is not None and self._task is not None
            if p.phase == "done":
                self._end(p, now)
                return
            # a new phase, or the scan of the other app (its count starts again)
            new_phase = p.phase != self._phase or p.done < self._done or p.total != self._total
            self._done, self._total = p.done, p.total
            if new_phase:
                # a task of its own per phase: its clock and rate start with the phase
                self._phase = p.phase
                self._progress.remove_task(self._task)
                self._task = self._add_task(p)
                self._pushed = now
            elif now - self._pushed >= PUSH_INTERVAL:
                self._progress.update(self._task, completed=p.done)
                self._pushed = now

    @staticmethod
    def _words(p: Progress) -> str:
        # the engine's Progress does not say which app a scan reads (left, then right)
        return PHASE_WORDS.get(p.phase, p.phase)

    def _begin(self, p: Progress, now: float) -> None:
        self._stop()
        self._job, self._phase, self._done, self._total = p.job, p.phase, p.done, p.total
        self._started = now
        self._progress = _Progress(
            _Label(self.name_width),
            _Bar(),
            _Count(),
            _Rate(),
            _TimeLeft(),
            console=self._console,
            auto_refresh=True,
            refresh_per_second=self._redraws,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._add_task(p)
        self._progress.start()

    def _add_task(self, p: Progress) -> TaskID:
        assert self._progress is not None
        task = self._progress.add_task(
            self._words(p), total=p.total, completed=p.done, mapping=p.mapping, phase=p.phase
        )
        # rich measures the rate between its samples: a first one at the phase's start,
        # so the rate (and the time left) is known as soon as the first batch is done
        self._progress.advance(task, 0)
        return task

    def _end(self, p: Progress, now: float) -> None:
        assert self._progress is not None and self._task is not None
        # how the job ended is in the engine's result, not its last report: where Ctrl+C
        # came, "stopped" (it may have come after the last batch); "done" otherwise
        how = "stopped after" if self._cancelled() else "done in"
        self._progress.update(
            self._task,
            description=f"{how} {_duration(now - self._started)}",
            phase="done",
            summary=summary(p.counts),
        )
        self._stop()

    def _stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()  # draws the line a last time and leaves it
        self._progress, self._task = None, None

    # -- for the command line --------------------------------------------------------------

    def note(self, text: str) -> None:
        """Print ``text`` as a line of its own, above the line being drawn (if any)."""
        with self._lock:
            self._console.print(text, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        """End the line of a job that stopped without saying so (an error, an interrupt)."""
        with self._lock:
            self._stop()


# -- the columns of the line ----------------------------------------------------------------


class _Progress(rich_progress.Progress):
    """rich's Progress, redrawn by its own thread alone (and when it starts and stops).

    rich also redraws at once when a task is added or reset; here that waits for the next
    tick, so the line is drawn at most ``refresh_per_second`` times a second however
    quickly phases follow each other.
    """

    def __init__(self, *columns: rich_progress.ProgressColumn, console: Console, **kw: Any):
        self._screen = console  # rich's own init renders once, before ``self.console`` is set
        #: what kept the line from being drawn (it is then drawn empty, and the job goes on)
        self.fault: Exception | None = None
        super().__init__(*columns, console=console, **kw)

    def refresh(self) -> None:
        pass

    def get_renderable(self) -> RenderableType:
        if self.fault is None:
            try:
                return super().get_renderable()
            except Exception as exc:  # on rich's thread: no traceback on the terminal
                self.fault = exc
        return Text("")

    def make_tasks_table(self, tasks: Iterable[Task]) -> Table:
        """One row per task, kept to one line of the terminal: the bar takes the room the
        words leave (up to its width); where there is too little, the time left, then the
        rate, then the bar give way, and what still does not fit ends in an ellipsis."""
        label, bar, *rest = self.columns
        assert isinstance(label, _Label) and isinstance(bar, _Bar)
        width = self._screen.width
        table = Table.grid(padding=(0, 1))
        for task in tasks:
            if not task.visible:
                continue
            words: list[Any] = [label(task), *(c(task) for c in rest)]  # type: ignore[operator]
            if task.fields.get("phase") == "done":
                cells = [words[0], bar(task)]
            else:
                cells = self._fit(task, bar, words, width)
            for _cell in cells:
                table.add_column(no_wrap=True, overflow="ellipsis")
            table.add_row(*cells)
            break  # one task a line
        return table

    @staticmethod
    def _fit(task: Task, bar: _Bar, words: list[Any], width: int) -> list[Any]:
        def length(cell: Any) -> int:
            return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))

        shown = [w for w in words if length(w)]
        label = shown[0]
        while True:
            room = width - sum(length(w) for w in shown) - len(shown)
            if room >= _Bar.NARROWEST:
                bar.bar_width = min(_Bar.WIDEST, room)
                return [shown[0], bar(task), *shown[1:]]
            if shown[0] is label and isinstance(label, Text):  # first the label's padding
                shown[0] = label.copy()
                shown[0].rstrip()
            elif len(shown) > 2:
                shown.pop()  # then the time left, then the rate
            else:  # the count stays whole; the label ends in an ellipsis
                if isinstance(shown[0], Text) and len(shown) > 1:
                    shown[0].truncate(max(1, width - length(shown[1]) - 1), overflow="ellipsis")
                return shown


class _Label(rich_progress.ProgressColumn):
    """The mapping, then what its job is doing ("CUSTOMER  reading keys"), padded so that
    the bar keeps its place from phase to phase and the jobs' lines line up."""

    def __init__(self, name_width: int) -> None:
        super().__init__()
        self.name_width = name_width

    def render(self, task: Task) -> Any:
        name = str(task.fields.get("mapping", ""))
        text = Text(name.ljust(self.name_width), style="bold")
        text.append("  ")
        words = task.description
        if task.fields.get("phase") != "done":
            words = words.ljust(max(len(w) for w in PHASE_WORDS.values()))
        text.append(words)
        return text


class _Bar(rich_progress.BarColumn):
    """rich's bar while the job runs; the job's counts once it ended."""

    WIDEST = 24
    NARROWEST = 8

    def __init__(self) -> None:
        super().__init__(bar_width=self.WIDEST)

    def render(self, task: Task) -> Any:
        if task.fields.get("phase") == "done":
            return f" {task.fields.get('summary', '')}"
        return super().render(task)


class _Count(rich_progress.ProgressColumn):
    """Done / total: "12,000/100,000" ("12,000" where the total is not known)."""

    def render(self, task: Task) -> Any:
        if task.fields.get("phase") == "done":
            return ""
        done = int(task.completed)
        total = task.total
        if total is None or done > total:
            return f" {_count(done)}"
        return f" {_count(done)}/{_count(int(total))}"


class _Rate(rich_progress.ProgressColumn):
    """Records per second, over the last half minute of the phase."""

    def render(self, task: Task) -> Any:
        speed = task.speed
        if task.fields.get("phase") == "done" or not speed:
            return ""
        return f" {_count(round(speed))} rec/s"


class _TimeLeft(rich_progress.ProgressColumn):
    """Time left in the phase, at the rate so far."""

    def render(self, task: Task) -> Any:
        if task.fields.get("phase") == "done" or task.total is None:
            return ""
        left = task.time_remaining
        if left is None:
            return ""
        return f" {_duration(left)} left"


__all__ = [
    "PHASE_WORDS",
    "PUSH_INTERVAL",
    "REDRAWS_PER_SECOND",
    "ProgressLine",
    "summary",
]
