"""``syncdesk worker``: due job queue entries, run headless until the process is stopped.

Meant to run as a service (see ``resources/syncdesk-worker.service``):

- SIGTERM or SIGINT: the current job stops after the batch it is in (the engine's
  cancel token), is recorded ``cancelled``, and its job queue entry is given back due
  at once so the next runner picks it up; the worker then exits 0 after SIGTERM (a
  service stopped), 130 after SIGINT (Ctrl+C), which also says so in one line on stderr.
- On a terminal, each job draws a progress line on stderr (``syncdesk.cli_progress``).
- Logs go to a rotating file (``syncdesk-worker.log`` in platformdirs' user log folder,
  5 MiB x 5, or ``--log-file``); warnings and errors also to stderr as one line each.
  A clean run writes nothing on stderr; its job lines go to stdout. URLs are logged
  with their password hidden.
- When the workspace, an app or the state database cannot be opened at start: one
  line on stderr and the usual exit status (3 for an unreachable database), never a
  traceback. Once running, a state database that goes away is logged and retried with
  a growing pause; the entries' leases keep another worker from waiting for ever.

No Qt here: this module sits beside the command line, on top of ``syncdesk.sync``.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from syncdesk import private_files
from syncdesk.errors import SyncDeskError
from syncdesk.models.db import mask_url

if TYPE_CHECKING:
    from syncdesk.cli_progress import ProgressLine
    from syncdesk.sync.engine import CancelToken
    from syncdesk.sync.integration import Integration

LOG_FILE_NAME = "syncdesk-worker.log"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5

log = logging.getLogger("syncdesk.worker")


def log_folder() -> Path:
    """SyncDesk's own log folder (the worker's log, crash.log): 0700, for its user alone."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("syncdesk", appauthor=False))


#: seconds a worker waits before it tries a log file that could not be written again
LOG_RETRY_SECONDS = 60.0


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by their owner alone (0600), new or rotated.

    A log that cannot be written (its disk full, say) does not stop the worker, nor print
    a traceback per line: the worker says so once on ``err``, logs to ``err`` alone, and
    tries the file again each minute, saying so when it writes again.
    """

    def __init__(self, path: Path, err: TextIO) -> None:
        super().__init__(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        self.err = err
        self.retry_at: float | None = None  # while the file cannot be written
        self.failing = False  # the file could not be written, and that was said

    def _open(self) -> TextIO:  # type: ignore[override]
        return private_files.open_append(Path(self.baseFilename), self.encoding or "utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        if self.retry_at is not None:
            if time.monotonic() < self.retry_at:
                return
            self.retry_at = None  # (the stream was dropped as it failed: opened anew)
        super().emit(record)
        if self.failing and self.retry_at is None:
            self.failing = False
            self.err.write(f"syncdesk worker: the log file {self.baseFilename} is written again\n")

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            super().handleError(record)
            return
        if not self.failing:  # said once, not again each minute while it lasts
            self.failing = True
            self.err.write(
                f"syncdesk worker: the log file {self.baseFilename} cannot be written "
                f"({exc.strerror or exc}); warnings go to stderr only, the file is tried "
                "again each minute\n"
            )
        self.retry_at = time.monotonic() + LOG_RETRY_SECONDS
        self._drop_stream()

    def _drop_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        # what could not be flushed was said when it failed
        with contextlib.suppress(OSError):
            super().close()


@dataclass(frozen=True)
class WorkerOptions:
    poll: float = 5.0
    lease: float = 300.0
    once: bool = False
    batch: int | None = None
    log_file: Path | None = None  # None: LOG_FILE_NAME in log_folder()


class _NotOnStderr(logging.Filter):
    """Drops records logged with ``extra={"file_only": True}`` (already told on stderr)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


@contextmanager
def worker_logging(log_file: Path | None, err: TextIO) -> Iterator[Path | None]:
    """Log ``syncdesk.*`` to a rotating file and warnings to ``err``; yields the file."""
    root = logging.getLogger("syncdesk")
    handlers: list[logging.Handler] = []
    wanted = log_file or log_folder() / LOG_FILE_NAME
    path: Path | None = wanted
    try:
        if log_file is None:
            private_files.make_own_folder(wanted.parent)
        else:
            private_files.make_folder(wanted.parent)
        fh = _PrivateRotatingFileHandler(wanted, err)
        fh.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")
        )
        fh.setLevel(logging.INFO)
        handlers.append(fh)
    except OSError as exc:
        err.write(
            f"syncdesk worker: no log file ({wanted}: {exc.strerror or exc}); "
            "warnings go to stderr only\n"
        )
        path = None
    eh = logging.StreamHandler(err)
    eh.setFormatter(logging.Formatter("syncdesk worker: %(levelname)s: %(message)s"))
    eh.setLevel(logging.WARNING)
    eh.addFilter(_NotOnStderr())
    handlers.append(eh)
    old_level = root.level
    root.setLevel(logging.INFO)
    for h in handlers:
        root.addHandler(h)
    try:
        yield path
    finally:
        for h in handlers:
            root.removeHandler(h)
            h.close()
        root.setLevel(old_level)


@contextmanager
def stop_on_signals(
    stop: threading.Event,
    cancel: CancelToken,
    on_interrupt: Callable[[], None] | None = None,
) -> Iterator[list[str]]:
    """SIGTERM and SIGINT set ``stop`` and cancel the job; yields the signals received.

    ``on_interrupt`` is called once, on a thread of its own (so that what it prints never
    re-enters a stream the main thread was writing to), at the first SIGINT.
    """
    received: list[str] = []
    told: list[threading.Thread] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        first_interrupt = name == "SIGINT" and "SIGINT" not in received
        received.append(name)
        stop.set()
        cancel.cancel()
        if first_interrupt and on_interrupt is not None:
            thread = threading.Thread(target=on_interrupt, name="syncdesk-stop-notice")
            told.append(thread)
            thread.start()

    if threading.current_thread() is not threading.main_thread():
        yield received  # signals are the main thread's business (tests drive ``stop``)
        return
    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield received
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)
        for thread in told:
            thread.join()


#: what a database says when another runner, starting at the same moment on a new state
#: database, created the same table or queue entry first (PostgreSQL)
_RACE_WORDS = ("duplicate key", "already exists")


def _open(workspace: str | Path, opener: Callable[[str | Path], Integration]) -> Integration:
    """Open the workspace; tried again when another runner was creating the same state.

    Several workers started together on a new state database race to create its schema
    and job queue entries; the losers' transactions fail (nothing half-done) and a second
    try finds everything in place.
    """
    from sqlalchemy.exc import IntegrityError

    from syncdesk.errors import UnavailableError
    from syncdesk.models.store import describe_db_error

    attempts = 4
    for attempt in range(1, attempts + 1):
        try:
            return opener(workspace)
        except IntegrityError as exc:
            if attempt == attempts:
                raise UnavailableError(f"state database: {describe_db_error(exc)}") from None
            why = describe_db_error(exc)
        except UnavailableError as exc:
            if attempt == attempts or not any(w in str(exc) for w in _RACE_WORDS):
                raise
            why = str(exc)
        log.info("another runner is setting up the state database (%s); trying again", why)
        time.sleep(0.2 + random.random())
    raise AssertionError("unreachable")


def serve(workspace: str | Path, options: WorkerOptions, out: TextIO, err: TextIO) -> int:
    """Run the worker on ``workspace`` until stopped; returns the exit status."""
    from syncdesk.sync.engine import CancelToken, JobResult
    from syncdesk.sync.integration import open_integration
    from syncdesk.sync.queue import new_runner_id, run_worker

    stop = threading.Event()
    cancel = CancelToken()
    line = _progress_line(err, cancel)
    notice = "syncdesk worker: stopping (Ctrl+C): a job under way stops after the batch it is "
    notice += "writing and is recorded as cancelled"

    def tell() -> None:
        if line is not None:
            line.note(notice)
        else:
            err.write(notice + "\n")
            err.flush()

    with (
        worker_logging(options.log_file, err) as log_path,
        stop_on_signals(stop, cancel, tell) as got,
    ):
        runner = new_runner_id()
        log.info(
            "starting %s on %s (pid %d; lease %gs, poll %gs%s)",
            runner,
            workspace,
            os.getpid(),
            options.lease,
            options.poll,
            ", once" if options.once else "",
        )
        try:
            integration = _open(workspace, open_integration)
        except SyncDeskError as exc:
            # the command line prints it on stderr, once
            log.error("cannot start: %s", exc, extra={"file_only": True})
            raise
        with integration:
            for warning in integration.workspace.warnings:  # e.g. a password in the file
                log.warning("%s", warning)
            log.info(
                "workspace %s: state database %s",
                integration.workspace.name,
                mask_url(integration.workspace.state_url),
            )
            out.write(
                f"worker on {integration.workspace.name}: running due job queue entries; "
                f"stop with Ctrl+C or SIGTERM"
                f"{f' (log: {log_path})' if log_path else ''}\n"
            )
            out.flush()

            def report(results: list[JobResult]) -> None:
                for r in results:
                    c = r.counts
                    line = (
                        f"job {r.job} {r.mapping} {r.status}: {c.inserted} inserted, "
                        f"{c.modified} modified, {c.deleted} deleted, {c.failed} failed, "
                        f"{c.conflicts} conflicts"
                    )
                    log.info("%s%s", line, f" ({r.message})" if r.message else "")
                    out.write(line + "\n")
                out.flush()

            def trouble(exc: BaseException) -> None:
                from syncdesk.models.store import describe_db_error

                text = str(exc) if isinstance(exc, SyncDeskError) else describe_db_error(exc)
                log.warning("%s; trying again shortly", text)

            if line is not None:
                line.name_width = max(len(m.name) for m in integration.workspace.mappings)
            try:
                run_worker(
                    integration,
                    stop,
                    cancel=cancel,
                    progress=line,
                    on_results=report,
                    on_error=trouble,
                    poll_seconds=options.poll,
                    runner=runner,
                    lease=options.lease,
                    once=options.once,
                    batch=options.batch,
                )
            finally:
                if line is not None:
                    line.close()
        why = f" ({', '.join(dict.fromkeys(got))})" if got else ""
        log.info("stopped%s", why)
        out.write("worker stopped\n")
        out.flush()
    return EXIT_INTERRUPTED if "SIGINT" in got else 0


#: the exit status after Ctrl+C (SIGINT), as a shell reports a process it interrupted
EXIT_INTERRUPTED = 130


def _progress_line(err: TextIO, cancel: CancelToken) -> ProgressLine | None:
    """The jobs' progress line on ``err`` when it is a terminal (None otherwise)."""
    from syncdesk.cli_terminal import wanted

    if not wanted(err):
        return None
    from syncdesk.cli_progress import ProgressLine

    return ProgressLine(err, cancelled=lambda: cancel.cancelled)
