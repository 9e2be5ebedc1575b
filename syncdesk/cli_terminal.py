"""The terminal side of the command line that needs no drawing: whether to draw a progress
line at all, and Ctrl+C as a cancel between batches.

:func:`ctrl_c_cancels` makes the first Ctrl+C set the job's cancel token (the engine
stops after the batch it is in, records the job ``cancelled`` and leaves nothing
half-written) and say so in one line; further Ctrl+C presses while it winds down are
ignored rather than ending the process mid-write with a traceback.

The progress line itself is :mod:`syncdesk.cli_progress`, drawn by rich; a job whose
stderr is not a terminal never imports it (a fortieth of a second of every such run).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from syncdesk.sync.engine import CancelToken


def wanted(stream: TextIO, as_json: bool = False) -> bool:
    """Whether to draw a progress line on ``stream``: a terminal, and no JSON asked for."""
    if as_json:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or odd stream
        return False


# -- Ctrl+C ---------------------------------------------------------------------------------


@contextmanager
def ctrl_c_cancels(cancel: CancelToken, tell: Callable[[], None]) -> Iterator[None]:
    """The first SIGINT cancels ``cancel`` and calls ``tell`` (once); later ones are ignored.

    ``tell`` runs on a thread of its own, so that printing never re-enters a stream the
    interrupted code was writing to; it is waited for when the block ends. Outside the
    main thread (tests driving the token themselves) signals are left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    told: list[threading.Thread] = []

    def handler(_signum: int, _frame: FrameType | None) -> None:
        if cancel.cancelled:
            return  # cancelling already: the batch under way ends first
        cancel.cancel()
        thread = threading.Thread(target=tell, name="syncdesk-cancel-notice", daemon=True)
        told.append(thread)
        thread.start()

    old = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
        for thread in told:
            thread.join()


def cancel_notice(program: str = "syncdesk") -> str:
    """The one line Ctrl+C gets."""
    return (
        f"{program}: cancelling (Ctrl+C): the job stops after the batch it is writing "
        "and is recorded as cancelled"
    )


def write_line(stream: TextIO, text: str) -> None:
    """``text`` and a newline on ``stream``, flushed; a stream already gone is let be."""
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


__all__ = ["cancel_notice", "ctrl_c_cancels", "wanted", "write_line"]
