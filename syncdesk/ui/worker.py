"""The thin adapter that runs engine calls in QThreads.

A :class:`Task` is a plain function ``fn(context) -> result`` plus how to run it. The
:class:`TaskRunner` (living in the GUI thread) gives every task its own :class:`Worker`
(a ``QObject`` moved to a fresh ``QThread``); the worker calls the function, turns the
engine's progress callback into throttled ``progress`` signals and reports through
``finished`` or ``failed``. Results come back to the GUI thread through queued signals
only: a worker never touches a widget.

Rules the runner keeps:

- **One writing task at a time.** Tasks with ``writes=True`` (jobs, actions on sync
  errors) run one after another, in the order they were submitted; reading tasks run
  at once, side by side.
- **Stale results are dropped.** Tasks submitted on the same ``channel`` supersede each
  other: only the newest one's result reaches its callbacks (a filter typed quickly
  re-queries several times; only the last answer is shown).
- **Threads are always joined.** :meth:`TaskRunner.stop_all` cancels what can be
  cancelled, drops the queue and waits for every thread; :meth:`TaskRunner.shutdown`
  does the same for good, on close.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from sqlalchemy.exc import DBAPIError

from syncdesk.errors import SyncDeskError
from syncdesk.models.store import describe_db_error_at
from syncdesk.sync.engine import CancelToken

log = logging.getLogger(__name__)

#: at most this many progress signals per second reach the GUI thread, per task
PROGRESS_PER_SECOND = 20


class TaskContext:
    """What a running task gets: a cancel token and a throttled progress reporter."""

    def __init__(self, cancel: CancelToken, emit: Callable[[object], None], interval: float):
        self.cancel = cancel
        self._emit = emit
        self._interval = interval
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def progress(self, value: object, *, force: bool = False) -> None:
        """Report progress; called often, passed on at most ``PROGRESS_PER_SECOND`` times."""
        now = time.monotonic()
        if force or now - self._last >= self._interval:
            self._last = now
            self._emit(value)


TaskFn = Callable[[TaskContext], object]


@dataclass
class Task:
    """One engine call to run off the GUI thread, and where its outcome goes."""

    name: str
    fn: TaskFn
    writes: bool = False
    channel: str | None = None
    cancellable: bool = False
    on_done: Callable[[object], None] | None = None
    on_failed: Callable[[str], None] | None = None
    on_progress: Callable[[object], None] | None = None
    #: called with the result of a task nobody wants any more (to close what it opened)
    on_dropped: Callable[[object], None] | None = None


class Worker(QObject):
    """Runs one task's function in the thread it was moved to. Never touches a widget."""

    progress = Signal(object)
    """Throttled progress of the task (whatever the engine reported, e.g. ``Progress``)."""
    finished = Signal(object)
    """The task's function returned this value."""
    failed = Signal(str)
    """The task's function raised; a one-line message a person can read."""

    def __init__(self, fn: TaskFn, cancel: CancelToken) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = cancel
        #: the function's result, once it returned (read by the runner after a join)
        self.result: object = None
        self.returned = False

    @Slot()
    def run(self) -> None:
        context = TaskContext(self._cancel, self.progress.emit, 1.0 / PROGRESS_PER_SECOND)
        try:
            result = self._fn(context)
        except SyncDeskError as exc:
            self.failed.emit(str(exc))
        except DBAPIError as exc:
            # a database's own error (an app's damaged table, a server gone): its words
            log.warning("a background task stopped: %s", exc)
            self.failed.emit(describe_db_error_at(exc))
        except Exception as exc:
            log.exception("unexpected error in a background task")
            self.failed.emit(
                QCoreApplication.translate("Worker", "unexpected {kind}: {error}").format(
                    kind=type(exc).__name__, error=exc
                )
            )
        else:
            self.result, self.returned = result, True
            self.finished.emit(result)
        finally:
            # Hand the worker back to the GUI thread so it can be deleted there, then end
            # this thread's event loop: run() returning lets the thread finish.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            thread = QThread.currentThread()
            thread.quit()


@dataclass(eq=False)
class TaskHandle:
    """A submitted task: cancel it, ask whether it is still wanted."""

    id: int
    task: Task
    cancel_token: CancelToken = field(default_factory=CancelToken)
    generation: int = 0
    started: bool = False
    ended: bool = False

    def cancel(self) -> None:
        self.cancel_token.cancel()


class _Relay(QObject):
    """Lives in the GUI thread; receives one worker's queued signals for the runner."""

    def __init__(self, runner: TaskRunner, handle: TaskHandle) -> None:
        super().__init__()
        self._runner = runner
        self._handle = handle

    @Slot(object)
    def on_progress(self, value: object) -> None:
        self._runner._deliver_progress(self._handle, value)

    @Slot(object)
    def on_finished(self, value: object) -> None:
        self._runner._deliver_result(self._handle, value, None)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._runner._deliver_result(self._handle, None, message)

    @Slot()
    def on_thread_finished(self) -> None:
        self._runner._thread_finished(self._handle)


@dataclass(eq=False)
class _Running:
    handle: TaskHandle
    thread: QThread
    worker: Worker
    relay: _Relay


class TaskRunner(QObject):
    """Starts tasks in their own threads and brings their outcomes to the GUI thread."""

    writeStarted = Signal(object)
    """A writing task (its :class:`TaskHandle`) started."""
    writeEnded = Signal(object)
    """A writing task (its :class:`TaskHandle`) ended, however it ended."""
    writeProgress = Signal(object, object)
    """The running writing task (its :class:`TaskHandle`) reported progress (the value)."""
    idle = Signal()
    """No task is running or waiting any more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._running: dict[int, _Running] = {}
        self._queue: deque[TaskHandle] = deque()
        self._writing: TaskHandle | None = None
        self._generations: dict[str, int] = {}
        self._closed = False
        self._gui_thread = threading.get_ident()
        # ended threads and their objects, deleted from the event loop (never inside one
        # of their own slots)
        self._graveyard: list[_Running] = []
        self._bury_timer = QTimer(self)
        self._bury_timer.setSingleShot(True)
        self._bury_timer.setInterval(0)
        self._bury_timer.timeout.connect(self._bury)
        # callbacks may open a dialog (a nested event loop): nothing is buried meanwhile
        self._delivering = 0

    # -- asking -------------------------------------------------------------------------

    def submit(self, task: Task) -> TaskHandle:
        """Run ``task`` now (reading) or when the writing task before it ended (writing)."""
        if self._closed:
            raise RuntimeError("the task runner was shut down")
        handle = TaskHandle(next(self._ids), task)
        if task.channel is not None:
            handle.generation = self._generations.get(task.channel, 0) + 1
            self._generations[task.channel] = handle.generation
        if task.writes:
            self._queue.append(handle)
            self._start_next_write()
        else:
            self._start(handle)
        return handle

    def is_idle(self) -> bool:
        return not self._running and not self._queue

    @property
    def current_write(self) -> TaskHandle | None:
        return self._writing

    def queued_writes(self) -> list[TaskHandle]:
        return list(self._queue)

    def invalidate(self, channel: str) -> None:
        """Drop whatever tasks on ``channel`` still send (their answer is no longer wanted)."""
        self._generations[channel] = self._generations.get(channel, 0) + 1

    def is_current(self, handle: TaskHandle) -> bool:
        """False once a newer task on the same channel was submitted (or all were stopped)."""
        channel = handle.task.channel
        if channel is None:
            return not self._closed
        return not self._closed and self._generations.get(channel) == handle.generation

    # -- stopping -------------------------------------------------------------------------

    def stop_all(self) -> None:
        """Cancel every task, drop the queue, and wait until every thread has ended.

        Outcomes that arrive afterwards are dropped: every channel moves on a generation.
        """
        self._queue.clear()
        for channel in self._generations:
            self._generations[channel] += 1
        for running in list(self._running.values()):
            running.handle.cancel()
        for running in list(self._running.values()):
            running.thread.wait()
            handle = running.handle
            if not handle.ended:
                handle.ended = True  # whatever it still sends is dropped
                if running.worker.returned and handle.task.on_dropped is not None:
                    handle.task.on_dropped(running.worker.result)
            self._cleanup(running)
        was_writing = self._writing
        self._writing = None
        if was_writing is not None:
            self.writeEnded.emit(was_writing)
        self.idle.emit()

    def shutdown(self) -> None:
        """Stop everything for good (on close); later submits are refused."""
        self._closed = True
        self.stop_all()
        self._bury_timer.stop()
        self._bury()

    # -- inside -------------------------------------------------------------------------

    def _start_next_write(self) -> None:
        if self._writing is not None or not self._queue:
            return
        handle = self._queue.popleft()
        self._writing = handle
        self.writeStarted.emit(handle)
        self._start(handle)

    def _start(self, handle: TaskHandle) -> None:
        assert self._on_gui_thread(), "tasks start from the GUI thread"
        thread = QThread()
        thread.setObjectName(f"syncdesk-task-{handle.id}")
        worker = Worker(handle.task.fn, handle.cancel_token)
        worker.moveToThread(thread)
        relay = _Relay(self, handle)
        worker.progress.connect(relay.on_progress)
        worker.finished.connect(relay.on_finished)
        worker.failed.connect(relay.on_failed)
        thread.started.connect(worker.run)
        thread.finished.connect(relay.on_thread_finished)
        self._running[handle.id] = _Running(handle, thread, worker, relay)
        handle.started = True
        thread.start()

    def _on_gui_thread(self) -> bool:
        return threading.get_ident() == self._gui_thread

    def _deliver_progress(self, handle: TaskHandle, value: object) -> None:
        assert self._on_gui_thread(), "worker signals must arrive queued, in the GUI thread"
        if not self.is_current(handle) or handle.ended:
            return
        if handle.task.on_progress is not None:
            handle.task.on_progress(value)
        if handle is self._writing:
            self.writeProgress.emit(handle, value)

    def _deliver_result(self, handle: TaskHandle, value: object, error: str | None) -> None:
        assert self._on_gui_thread(), "worker signals must arrive queued, in the GUI thread"
        if handle.ended:
            return
        handle.ended = True
        if not self.is_current(handle):
            if error is None and handle.task.on_dropped is not None:
                handle.task.on_dropped(value)
            return
        self._delivering += 1
        try:
            if error is None:
                if handle.task.on_done is not None:
                    handle.task.on_done(value)
            elif handle.task.on_failed is not None:
                handle.task.on_failed(error)
        finally:
            self._delivering -= 1

    def _thread_finished(self, handle: TaskHandle) -> None:
        running = self._running.get(handle.id)
        if running is None:
            return
        running.thread.wait()
        self._cleanup(running)
        if self._writing is handle:
            self._writing = None
            handle.ended = True
            self.writeEnded.emit(handle)
            if not self._closed:
                self._start_next_write()
        if self.is_idle():
            self.idle.emit()

    def _cleanup(self, running: _Running) -> None:
        self._running.pop(running.handle.id, None)
        self._graveyard.append(running)
        if not self._closed:
            self._bury_timer.start()

    @Slot()
    def _bury(self) -> None:
        if self._delivering:
            if not self._closed:
                self._bury_timer.start(100)
            return
        self._graveyard.clear()
