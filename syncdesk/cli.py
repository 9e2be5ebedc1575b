"""The command line: the same engine the window drives, for scripts and servers.

Exit status: 0 done and no sync error open for the mappings that ran; 1 done but
sync errors are open; 2 bad usage or workspace file; 3 an app or the state
database cannot be opened or stays locked. Errors are one line on stderr.

Here: the arguments and the dispatch. The commands themselves are grouped by what they
are about: :mod:`syncdesk.cli_records` (sync errors, the record log, records, couplings),
:mod:`syncdesk.cli_jobs` (sync, jobs, the job queue and its worker, clean-up),
:mod:`syncdesk.cli_workspace` (the demo, the mappings) and :mod:`syncdesk.cli_password`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from syncdesk import __version__, cli_jobs, cli_records, cli_workspace
from syncdesk.cli_common import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNAVAILABLE
from syncdesk.errors import SyncDeskError, UsageError

#: the largest id a state database holds (a 32-bit integer column on PostgreSQL)
MAX_ID = 2**31 - 1


def _whole(lo: int, hi: int) -> Callable[[str], int]:
    """An argument type: a whole number from ``lo`` to ``hi`` (a usage error otherwise)."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text} is not a number from {lo} to {hi}")
        return value

    return whole


def _seconds(lo: float, hi: float) -> Callable[[str], float]:
    """An argument type: a number of seconds, above ``lo`` and at most ``hi``."""

    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
        if not lo < value <= hi:  # also refuses nan and inf
            raise argparse.ArgumentTypeError(f"{text} is not a number above {lo:g} up to {hi:g}")
        return value

    return seconds


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'syncdesk {self._sub_name()}--help')")

    def _sub_name(self) -> str:
        parts = self.prog.split()
        return f"{' '.join(parts[1:])} " if len(parts) > 1 else ""


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="syncdesk",
        description="See and resolve sync errors between an ERP "
        "and a CRM. Without a command, opens the window.",
    )
    p.add_argument("--version", action="version", version=f"syncdesk {__version__}")
    p.add_argument("--workspace", "-w", help="workspace file to open in the window")
    p.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a demo workspace (written on first use)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, text: str, workspace: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=text, description=text)
        if workspace:
            sp.add_argument("--workspace", "-w", required=True, help="the workspace file")
        return sp

    def json_out(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--json", action="store_true", help="print JSON instead of text")

    d = cmd("demo", "write a demo workspace with every kind of sync error", workspace=False)
    d.add_argument("dir", help="folder to write into (created if missing)")
    d.add_argument(
        "--records", type=_whole(1, 1_000_000), default=200, help="customers to generate"
    )

    s = cmd("sync", "run a sync job per mapping (modified records, unless --full)")
    s.add_argument("--mapping", "-m", action="append", help="only this mapping (repeatable)")
    s.add_argument("--full", action="store_true", help="compare every record")
    s.add_argument("--record", help="synchronize one record now: left:KEY or right:KEY")
    s.add_argument(
        "--preview",
        action="store_true",
        help="show what a job would do, record by record; write nothing anywhere",
    )
    s.add_argument(
        "--limit",
        type=_whole(1, 1_000_000),
        default=200,
        help="with --preview: records listed per mapping (default 200; counts are whole)",
    )
    json_out(s)

    e = cmd("errors", "list open sync errors")
    e.add_argument("--mapping", "-m", action="append", help="only this mapping (repeatable)")
    e.add_argument(
        "--kind",
        action="append",
        choices=["conflict", "deleted-left", "deleted-right", "failed"],
        help="only this kind (repeatable)",
    )
    json_out(e)

    r = cmd("resolve", "act on sync errors")
    r.add_argument(
        "ids", nargs="+", type=_whole(1, MAX_ID), metavar="ID", help="sync error id (errors)"
    )
    r.add_argument(
        "--action",
        required=True,
        choices=["remove-coupling", "retry", "use-left", "use-right", "restore", "delete", "edit"],
        help="what to do with each (retry: include the pair in the next job)",
    )
    r.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="with --action edit: the value to write to the app it came from (left field name)",
    )
    r.add_argument("--reason", help="why (kept in the record log)")
    json_out(r)

    u = cmd("undo", "take back what one record log entry wrote")
    u.add_argument(
        "log_id", type=_whole(1, MAX_ID), metavar="LOG_ID", help="record log entry id (log)"
    )
    u.add_argument("--reason", help="why (kept in the record log)")
    json_out(u)

    lg = cmd("log", "the synchronization log of one record")
    lg.add_argument("--record", required=True, help="left:KEY or right:KEY")
    lg.add_argument("--mapping", "-m", help="only this mapping's entries")
    json_out(lg)

    j = cmd("jobs", "recent jobs, newest first")
    j.add_argument(
        "--limit", type=_whole(1, 1_000_000), default=50, help="jobs listed (default 50)"
    )
    json_out(j)

    for name, text in (
        ("couple", "couple two records by hand"),
        ("uncouple", "uncouple two records and exclude both"),
    ):
        c = cmd(name, text)
        c.add_argument("--mapping", "-m", required=True, help="the mapping of both records")
        c.add_argument("left", metavar="left:KEY", help="the record in the left app")
        c.add_argument("right", metavar="right:KEY", help="the record in the right app")

    q = cmd("queue", "list or change job queue entries")
    q.add_argument("--mapping", "-m", help="the entry of this mapping (to change one)")
    g = q.add_mutually_exclusive_group()
    g.add_argument(
        "--every", type=_whole(1, 60 * 24 * 31), metavar="MIN", help="run it every MIN minutes"
    )
    g.add_argument("--hold", action="store_true", help="stop running it until --resume")
    g.add_argument("--resume", action="store_true", help="run it again as scheduled")
    g.add_argument(
        "--run-now", action="store_true", help="run the mapping's job now, as the queue runs it"
    )
    json_out(q)

    w = cmd("worker", "run due job queue entries until stopped (SIGTERM or Ctrl+C)")
    w.add_argument(
        "--poll",
        type=_seconds(0, 24 * 3600),
        default=5.0,
        metavar="SECONDS",
        help="look for due entries this often (default %(default)s)",
    )
    w.add_argument(
        "--lease",
        type=_seconds(0, 7 * 24 * 3600),
        default=300.0,
        metavar="SECONDS",
        help="how long a claim on an entry holds unless renewed (renewed every third of it); "
        "after a crash, another worker takes the entry over once the lease ran out "
        "(default %(default)s)",
    )
    w.add_argument("--once", action="store_true", help="run what is due now, then exit")
    w.add_argument(
        "--batch",
        type=_whole(1, 1_000_000),
        metavar="N",
        help="records per batch (a stop waits for one batch)",
    )
    w.add_argument(
        "--log-file",
        metavar="PATH",
        help="rotating log file (default: syncdesk-worker.log in the user log folder)",
    )

    rc = cmd("records", "one mapping's records of one app, with their coupling status")
    rc.add_argument("--mapping", "-m", required=True, help="the mapping whose records")
    rc.add_argument("--app", choices=["left", "right"], help="whose records (default left)")
    rc.add_argument("--search", default="", metavar="TEXT", help="in the key or a mapped field")
    rc.add_argument("--status", help="only this status: in sync, differs, not coupled, ...")
    rc.add_argument(
        "--limit", type=_whole(1, 1_000_000), default=200, help="records listed (default 200)"
    )
    rc.add_argument("--record", help="one record beside its partner: left:KEY or right:KEY")
    json_out(rc)

    mp = cmd("mappings", "each mapping in the order they run: tables, fields and warnings")
    state = mp.add_mutually_exclusive_group()
    state.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="a mapping renamed in the file: carry its couplings, errors, log and jobs over "
        "from OLD to NEW",
    )
    state.add_argument(
        "--forget",
        metavar="OLD",
        help="a mapping taken out of the file: drop its couplings and open errors (its log "
        "and jobs stay)",
    )
    json_out(mp)

    c = cmd("cleanup", "delete jobs and log entries older than N days (never an open error's)")
    c.add_argument(
        "--days", type=_whole(0, 36_500), default=7, help="keep this many days (default 7)"
    )
    json_out(c)

    from syncdesk import cli_password

    cli_password.add_arguments(cmd("password", cli_password.HELP))
    return p


def run(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run a headless command; returns the exit status. The window is not handled here."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("no command given (the window is started by 'syncdesk' itself)")
        _warn(args, err)
        args.err = err  # where sync and worker draw their progress and say Ctrl+C
        return _COMMANDS[args.command](args, out)
    except SyncDeskError as exc:
        err.write(f"syncdesk: {_one_line(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        err.write("syncdesk: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``syncdesk log ... | head``): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as exc:
        from sqlalchemy.exc import DBAPIError

        from syncdesk.models.store import describe_db_error_at, state_unavailable

        known = state_unavailable(exc)  # the state database went away, filled up, ...
        if known is not None:
            err.write(f"syncdesk: {_one_line(str(known))}\n")
            return known.exit_code
        if isinstance(exc, DBAPIError):  # a database's own words (an app's damaged table)
            err.write(f"syncdesk: {_one_line(describe_db_error_at(exc))}\n")
            return EXIT_UNAVAILABLE
        where = _crash_report()
        from syncdesk.workspace import mask_text

        text = mask_text(_one_line(str(exc).strip().split("\n")[0]))
        err.write(f"syncdesk: unexpected {type(exc).__name__}: {text} (details in {where})\n")
        return EXIT_UNAVAILABLE


#: the most of a message the command line prints: what it quotes (a key typed by hand,
#: a value) may be any length, a terminal's line is not
MESSAGE_MOST = 1000


def _one_line(text: str) -> str:
    """A message as one line, whatever it quotes, cut short past :data:`MESSAGE_MOST`."""
    line = " ".join(text.split("\n")).replace("\r", " ")
    if len(line) > MESSAGE_MOST:
        line = f"{line[:MESSAGE_MOST]}… ({len(line) - MESSAGE_MOST:,} more characters)"
    return line


def _crash_report() -> str:
    """Append the traceback of an unexpected error to crash.log (0600, in a 0700 folder)."""
    import traceback

    from syncdesk import private_files
    from syncdesk.service import log_folder

    folder = log_folder()
    try:
        private_files.make_own_folder(folder)
        path = folder / "crash.log"
        with private_files.open_append(path) as fh:
            fh.write(traceback.format_exc() + "\n")
        return str(path)
    except OSError:
        return "no log: the log folder is not writable"


def _warn(args: argparse.Namespace, err: TextIO) -> None:
    """The workspace file's warnings (a password written in a URL), one line each."""
    from syncdesk.workspace import load_workspace

    if args.command in ("demo", "worker") or not getattr(args, "workspace", None):
        return  # the worker logs them itself
    try:
        workspace = load_workspace(args.workspace)
    except SyncDeskError:
        return  # the command says so itself
    args.loaded = workspace  # opened as it was read (cli_common.open_workspace)
    for line in workspace.warnings:
        err.write(f"syncdesk: warning: {line}\n")


def _cmd_password(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk import cli_password

    return cli_password.run(args, out)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "demo": cli_workspace.cmd_demo,
    "sync": cli_jobs.cmd_sync,
    "errors": cli_records.cmd_errors,
    "resolve": cli_records.cmd_resolve,
    "undo": cli_records.cmd_undo,
    "log": cli_records.cmd_log,
    "jobs": cli_jobs.cmd_jobs,
    "couple": cli_records.cmd_couple,
    "uncouple": cli_records.cmd_couple,
    "queue": cli_jobs.cmd_queue,
    "worker": cli_jobs.cmd_worker,
    "cleanup": cli_jobs.cmd_cleanup,
    "records": cli_records.cmd_records,
    "mappings": cli_workspace.cmd_mappings,
    "password": _cmd_password,
}
