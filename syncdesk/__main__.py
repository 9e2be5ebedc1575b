"""``syncdesk``: the window by default, headless commands otherwise (see ``syncdesk.cli``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn


def main(argv: Sequence[str] | None = None) -> int:
    from syncdesk.cli import build_parser, run
    from syncdesk.errors import SyncDeskError

    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
    except SyncDeskError as exc:
        sys.stderr.write(f"syncdesk: {exc}\n")
        return exc.exit_code
    if args.command is None:
        # before Qt is loaded: without a display it would abort the process (exit 134)
        from syncdesk.ui.display import display_problem

        problem = display_problem()
        if problem is not None:
            sys.stderr.write(f"syncdesk: {problem}\n")
            return 2
        from syncdesk.ui.app import run_window

        return run_window(workspace=args.workspace, demo=args.demo)
    return run(args_list)


def _import_resting() -> None:
    """Import the command line with Python's cyclic garbage collector at rest.

    Importing makes objects that live as long as the program (modules, classes,
    functions), yet the collector walks them all again every few hundred allocations:
    about a tenth of the import time (measured: a no-change sync of 100,000 records, the
    whole process, median of 15 runs: 0.409 s -> 0.377 s). What was imported is then
    frozen (never walked again) and the collector runs as usual.
    """
    import gc

    gc.disable()
    try:
        import syncdesk.cli  # noqa: F401
    finally:
        gc.freeze()
        gc.enable()


def entry() -> NoReturn:
    """The installed ``syncdesk`` program (and ``python -m syncdesk``)."""
    import threading

    _import_resting()
    code = main()
    if (
        "syncdesk.ui.app" in sys.modules
        or threading.active_count() > 1
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        # the window (Qt and its settings wind down the usual way), a thread that the usual
        # exit waits for, or a profiler or debugger that reports when the program returns
        sys.exit(code)
    leave(code)


def leave(code: int) -> NoReturn:
    """End a headless command without tearing the interpreter down.

    By now the command has closed its databases (each engine disposed, so a WAL database is
    checkpointed) and written what it prints. What is left is Python freeing every module
    and object one by one, which costs a tenth of a second after a job (measured on a
    1%+1% sync of 100,000 records: 0.10-0.13 s of about 1 s), and the operating system
    does it at once. Exit hooks run first (among them the log files' flush), then the
    output is flushed.
    """
    import atexit
    import contextlib
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe or stream: nothing more can be said
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
