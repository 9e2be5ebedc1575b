"""The command line: the same engine the window drives, for scripts and servers.

Exit status: 0 done and no sync error open for the mappings that ran; 1 done but
sync errors are open; 2 bad usage or workspace file; 3 an app or the state
database cannot be opened or stays locked. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from syncdesk import __version__
from syncdesk.errors import SyncDeskError, UsageError
from syncdesk.workspace import Side

EXIT_OK, EXIT_OPEN_ERRORS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
#: Ctrl+C: the job was cancelled between batches (or the command stopped before it wrote)
EXIT_INTERRUPTED = 130

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
    s.add_argument("--json", action="store_true")

    e = cmd("errors", "list open sync errors")
    e.add_argument("--mapping", "-m", action="append")
    e.add_argument(
        "--kind", action="append", choices=["conflict", "deleted-left", "deleted-right", "failed"]
    )
    e.add_argument("--json", action="store_true")

    r = cmd("resolve", "act on sync errors")
    r.add_argument("ids", nargs="+", type=_whole(1, MAX_ID), metavar="ID")
    r.add_argument(
        "--action",
        required=True,
        choices=["remove-coupling", "retry", "use-left", "use-right", "restore", "delete", "edit"],
    )
    r.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="with --action edit: the value to write to the app it came from (left field name)",
    )
    r.add_argument("--reason", help="why (kept in the record log)")
    r.add_argument("--json", action="store_true")

    u = cmd("undo", "take back what one record log entry wrote")
    u.add_argument("log_id", type=_whole(1, MAX_ID), metavar="LOG_ID")
    u.add_argument("--reason", help="why (kept in the record log)")
    u.add_argument("--json", action="store_true")

    lg = cmd("log", "the synchronization log of one record")
    lg.add_argument("--record", required=True, help="left:KEY or right:KEY")
    lg.add_argument("--mapping", "-m")
    lg.add_argument("--json", action="store_true")

    j = cmd("jobs", "recent jobs, newest first")
    j.add_argument("--limit", type=_whole(1, 1_000_000), default=50)
    j.add_argument("--json", action="store_true")

    for name, text in (
        ("couple", "couple two records by hand"),
        ("uncouple", "uncouple two records and exclude both"),
    ):
        c = cmd(name, text)
        c.add_argument("--mapping", "-m", required=True)
        c.add_argument("left", metavar="left:KEY")
        c.add_argument("right", metavar="right:KEY")

    q = cmd("queue", "list or change job queue entries")
    q.add_argument("--mapping", "-m")
    g = q.add_mutually_exclusive_group()
    g.add_argument("--every", type=_whole(1, 60 * 24 * 31), metavar="MIN")
    g.add_argument("--hold", action="store_true")
    g.add_argument("--resume", action="store_true")
    g.add_argument(
        "--run-now", action="store_true", help="run the mapping's job now, as the queue runs it"
    )
    q.add_argument("--json", action="store_true")

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
    rc.add_argument("--mapping", "-m", required=True)
    rc.add_argument("--app", choices=["left", "right"], help="whose records (default left)")
    rc.add_argument("--search", default="", metavar="TEXT", help="in the key or a mapped field")
    rc.add_argument("--status", help="only this status: in sync, differs, not coupled, ...")
    rc.add_argument("--limit", type=_whole(1, 1_000_000), default=200)
    rc.add_argument("--record", help="one record beside its partner: left:KEY or right:KEY")
    rc.add_argument("--json", action="store_true")

    mp = cmd("mappings", "each mapping in the order they run: tables, fields and warnings")
    mp.add_argument("--json", action="store_true")

    c = cmd("cleanup", "delete jobs and log entries older than N days (never an open error's)")
    c.add_argument("--days", type=_whole(0, 36_500), default=7)
    c.add_argument("--json", action="store_true")

    from syncdesk import cli_password

    cli_password.add_arguments(cmd("password", cli_password.HELP))
    return p


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def _table(rows: Sequence[Sequence[Any]], headers: Sequence[str], out: TextIO) -> None:
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([len(h)] + [min(len(r[i]), 60) for r in cells]) for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    for r in cells:
        out.write(
            "  ".join(
                (v if len(v) <= 60 else v[:57] + "...").ljust(w)
                for v, w in zip(r, widths, strict=True)
            ).rstrip()
            + "\n"
        )


def _key_arg(spec: str, expect: Side | None = None) -> tuple[Side, str]:
    from syncdesk.sync.engine import parse_record

    side, key = parse_record(spec)
    if expect is not None and side != expect:
        raise UsageError(f"expected {expect}:KEY, not {spec!r}")
    return side, key


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
        from syncdesk.models.store import state_unavailable

        known = state_unavailable(exc)  # the state database went away, filled up, ...
        if known is not None:
            err.write(f"syncdesk: {_one_line(str(known))}\n")
            return known.exit_code
        where = _crash_report()
        from syncdesk.workspace import mask_text

        text = mask_text(_one_line(str(exc).strip().split("\n")[0]))
        err.write(f"syncdesk: unexpected {type(exc).__name__}: {text} (details in {where})\n")
        return EXIT_UNAVAILABLE


def _one_line(text: str) -> str:
    """A message as one line, whatever it quotes."""
    return " ".join(text.split("\n")).replace("\r", " ")


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
    for line in workspace.warnings:
        err.write(f"syncdesk: warning: {line}\n")


def _open(args: argparse.Namespace) -> Any:
    from syncdesk.sync.integration import open_integration

    return open_integration(args.workspace)


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.demo import write_demo

    path = write_demo(Path(args.dir), args.records)
    out.write(f"wrote {path}\n")
    out.write(f"try: syncdesk errors -w {path}\n")
    return EXIT_OK


def _open_errors(integration: Any, mappings: Sequence[str]) -> int:
    from syncdesk.sync.queries import ErrorFilter, count_errors

    return sum(count_errors(integration.state, ErrorFilter(mappings=tuple(mappings))).values())


def _cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.engine import CancelToken, mapping_for_record, run_sync

    if args.preview:
        return _preview(args, out)
    with _open(args) as integration:
        record = None
        names = args.mapping
        if args.record:
            side, key = _key_arg(args.record)
            if names and len(names) > 1:
                raise UsageError("--record takes one --mapping")
            m = mapping_for_record(integration, side, names[0] if names else None)
            names = [m.name]
            record = (side, key)
        cancel = CancelToken()
        with _job_console(args, integration, cancel) as progress:
            try:
                results = run_sync(
                    integration,
                    names,
                    full=args.full,
                    record=record,
                    progress=progress,
                    cancel=cancel,
                )
            finally:
                if progress is not None:
                    progress.close()
            if cancel.cancelled:
                _print_jobs(results, args, out)
                return EXIT_INTERRUPTED
            return _report_jobs(integration, results, args, out)


def _preview(args: argparse.Namespace, out: TextIO) -> int:
    """``sync --preview``: per mapping the counts a job would report, and its records."""
    from syncdesk.sync.preview import preview
    from syncdesk.sync.values import show

    if args.record:
        raise UsageError("--preview shows a whole job; it takes no --record")
    with _open(args) as integration:
        found = preview(integration, args.mapping, full=args.full, limit=args.limit)
    if args.json:
        _print_json([p.as_json() for p in found], out)
        return EXIT_OK
    for p in found:
        c = p.counts
        out.write(
            f"{p.mapping}: would insert {c.inserted}, modify {c.modified}, delete {c.deleted}; "
            f"{c.conflicts} conflicts, {c.failed} failed, {c.skipped} skipped, "
            f"{c.unchanged} unchanged\n"
        )
        if not p.records:
            continue
        _table(
            [
                (
                    r.action,
                    r.left_key or "",
                    r.right_key or "",
                    r.title or "",
                    "; ".join(f"{k}: {show(b)} → {show(a)}" for k, (b, a) in r.changes.items()),
                    r.message,
                )
                for r in p.records
            ],
            ["action", "left", "right", "name", "changes", "message"],
            out,
        )
        if p.shown > len(p.records):
            out.write(f"... and {p.shown - len(p.records)} more (--limit)\n")
    return EXIT_OK


@contextlib.contextmanager
def _job_console(args: argparse.Namespace, integration: Any, cancel: Any) -> Iterator[Any]:
    """While jobs run and their results are told: the jobs' progress line on a terminal's
    stderr (none for a pipe or ``--json``), and Ctrl+C as a cancel between batches that
    says so in one line (a second Ctrl+C changes nothing).

    Yields the engine's progress callback, a ``ProgressLine`` (None when nothing is drawn).
    """
    from syncdesk import cli_progress

    err: TextIO = getattr(args, "err", None) or sys.stderr
    line = None
    if cli_progress.wanted(err, args.json):
        line = cli_progress.ProgressLine(
            err,
            names=[m.name for m in integration.workspace.mappings],
            cancelled=lambda: cancel.cancelled,
        )
    notice = cli_progress.cancel_notice()

    def tell() -> None:
        if line is not None:
            line.note(notice)
        else:
            cli_progress.write_line(err, notice)

    try:
        with cli_progress.ctrl_c_cancels(cancel, tell):
            yield line
    finally:
        if line is not None:
            line.close()


def _print_jobs(results: Sequence[Any], args: argparse.Namespace, out: TextIO) -> None:
    """What jobs did: a table, or JSON."""
    if args.json:
        _print_json([r.as_json() for r in results], out)
    else:
        _table(
            [
                (
                    r.job,
                    r.mapping,
                    r.status,
                    r.counts.inserted,
                    r.counts.modified,
                    r.counts.deleted,
                    r.counts.unchanged,
                    r.counts.skipped,
                    r.counts.failed,
                    r.counts.conflicts,
                    r.message,
                )
                for r in results
            ],
            [
                "job",
                "mapping",
                "status",
                "inserted",
                "modified",
                "deleted",
                "unchanged",
                "skipped",
                "failed",
                "conflicts",
                "message",
            ],
            out,
        )


def _report_jobs(
    integration: Any, results: Sequence[Any], args: argparse.Namespace, out: TextIO
) -> int:
    """Print what jobs did (a table, or JSON); exit 3 if one failed, 1 if errors stay open."""
    _print_jobs(results, args, out)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        raise _Unavailable(f"job {failed[0].job} ({failed[0].mapping}): {failed[0].message}")
    ran = [r.mapping for r in results]
    return EXIT_OPEN_ERRORS if ran and _open_errors(integration, ran) else EXIT_OK


class _Unavailable(SyncDeskError):
    exit_code = EXIT_UNAVAILABLE


def _cmd_errors(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import ErrorFilter, list_errors
    from syncdesk.sync.records import with_titles

    with _open(args) as integration:
        names = tuple(integration.workspace.mapping(m).name for m in (args.mapping or []))
        rows = list_errors(
            integration.state, ErrorFilter(mappings=names, kinds=tuple(args.kind or ()))
        )
        rows = with_titles(integration, rows)  # each record's name, read from the apps
        if args.json:
            _print_json([r.as_json() for r in rows], out)
        else:
            titles = integration.workspace.apps
            _table(
                [
                    (
                        r.id,
                        r.mapping,
                        _kind_text(r.kind, titles),
                        r.left_key,
                        r.right_key,
                        r.title or "",
                        r.attempts,
                        r.message,
                    )
                    for r in rows
                ],
                [
                    "id",
                    "mapping",
                    "kind",
                    titles["left"].title,
                    titles["right"].title,
                    "name",
                    "attempts",
                    "message",
                ],
                out,
            )
        return EXIT_OPEN_ERRORS if rows else EXIT_OK


def _kind_text(kind: str, apps: Any) -> str:
    if kind == "deleted-left":
        return f"deleted in {apps['left'].title}"
    if kind == "deleted-right":
        return f"deleted in {apps['right'].title}"
    return kind


def _cmd_resolve(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.actions import resolve

    if args.action == "edit":
        return _fix(args, out)
    if args.set:
        raise UsageError("--set goes with --action edit")
    with _open(args) as integration:
        result = resolve(integration, args.ids, args.action, reason=args.reason)
        if args.json:
            _print_json(result.as_json(), out)
        else:
            for i in result.done:
                out.write(f"{args.action}: sync error {i} done\n")
            for i, msg in result.problems.items():
                out.write(f"{args.action}: sync error {i} not done: {msg}\n")
        return EXIT_OPEN_ERRORS if result.problems else EXIT_OK


def _fix(args: argparse.Namespace, out: TextIO) -> int:
    """``resolve ID --action edit --set FIELD=VALUE``: fix in place, then sync at once."""
    from syncdesk.sync.fixing import fix

    if len(args.ids) != 1:
        raise UsageError("--action edit mends one sync error at a time")
    if not args.set:
        raise UsageError("--action edit needs --set FIELD=VALUE")
    values: dict[str, str] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set takes FIELD=VALUE, not {item!r}")
        values[name.strip()] = value
    with _open(args) as integration:
        result = fix(integration, args.ids[0], values, reason=args.reason)
        if args.json:
            _print_json(result.as_json(), out)
        else:
            out.write(f"edit: sync error {result.error_id}: {result.message}\n")
        return EXIT_OK if result.resolved else EXIT_OPEN_ERRORS


def _cmd_undo(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.undo import undo

    with _open(args) as integration:
        result = undo(integration, args.log_id, reason=args.reason)
        if args.json:
            _print_json(result.as_json(), out)
        else:
            done = "undone" if result.done else "not undone"
            out.write(f"log entry {result.log_id} {done}: {result.message}\n")
        return EXIT_OK if result.done else EXIT_OPEN_ERRORS


def _cmd_log(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import record_log

    with _open(args) as integration:
        side, key = _key_arg(args.record)
        mapping = integration.workspace.mapping(args.mapping).name if args.mapping else None
        rows = record_log(integration.state, side, key, mapping)
        if args.json:
            _print_json([r.as_json() for r in rows], out)
        else:
            if not rows:
                out.write(f"no log entries for {side}:{key}\n")
            for r in rows:
                changes = "; ".join(f"{f}: {_v(b)} -> {_v(a)}" for f, (b, a) in r.changes.items())
                out.write(
                    f"#{r.id:<6} {r.at:%Y-%m-%d %H:%M:%S}  job {r.job or '-':>4} "
                    f"{(r.trigger or ''):6}  {r.mapping:10} {r.action:15} "
                    f"{(r.direction or ''):8} {r.result:7} {r.message}"
                    f"{'  ' + changes if changes else ''}\n"
                )
        return EXIT_OK


def _v(value: Any) -> str:
    return "(empty)" if value is None else str(value)


def _cmd_jobs(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import list_jobs

    with _open(args) as integration:
        rows = list_jobs(integration.state, args.limit)
        if args.json:
            _print_json([r.as_json() for r in rows], out)
        else:
            _table(
                [
                    (
                        r.id,
                        r.mapping,
                        r.trigger,
                        r.status,
                        f"{r.started:%Y-%m-%d %H:%M:%S}",
                        r.inserted,
                        r.modified,
                        r.deleted,
                        r.unchanged,
                        r.skipped,
                        r.failed,
                        r.conflicts,
                        r.message or "",
                    )
                    for r in rows
                ],
                [
                    "job",
                    "mapping",
                    "trigger",
                    "status",
                    "started",
                    "ins",
                    "mod",
                    "del",
                    "same",
                    "skip",
                    "fail",
                    "confl",
                    "message",
                ],
                out,
            )
        return EXIT_OK


def _cmd_couple(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.actions import couple, uncouple

    _, left = _key_arg(args.left, "left")
    _, right = _key_arg(args.right, "right")
    with _open(args) as integration:
        if args.command == "couple":
            couple(integration, args.mapping, left, right)
            out.write(f"coupled {left} and {right}\n")
        else:
            uncouple(integration, args.mapping, left, right)
            out.write(f"uncoupled {left} and {right}; both excluded until coupled again\n")
    return EXIT_OK


def _cmd_queue(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync import queue
    from syncdesk.sync.endpoint import now_utc
    from syncdesk.sync.queries import queue_entries

    with _open(args) as integration:
        changing = args.every is not None or args.hold or args.resume or args.run_now
        if changing and not args.mapping:
            raise UsageError("--every, --hold, --resume and --run-now need --mapping")
        if args.run_now:
            return _report_jobs(integration, queue.run_now(integration, args.mapping), args, out)
        if args.every is not None:
            queue.set_every(integration, args.mapping, args.every)
        elif args.hold or args.resume:
            queue.set_enabled(integration, args.mapping, args.resume)
        rows = queue_entries(integration.state)
        if args.mapping:
            name = integration.workspace.mapping(args.mapping).name
            rows = [r for r in rows if r.mapping == name]
        if args.json:
            _print_json([r.as_json() for r in rows], out)
        else:
            _table(
                [
                    (
                        r.mapping,
                        r.every_minutes,
                        "yes" if r.enabled else "on hold",
                        f"{r.next_run:%Y-%m-%d %H:%M:%S} UTC" if r.enabled else "-",
                        f"{r.last_run:%Y-%m-%d %H:%M:%S}" if r.last_run else "never",
                        r.running_on(now_utc()) or "",
                    )
                    for r in rows
                ],
                ["mapping", "every (min)", "enabled", "next run", "last run", "running on"],
                out,
            )
        return EXIT_OK


def _cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.service import WorkerOptions, serve

    if args.lease < 1:
        raise UsageError("--lease takes a number of seconds of at least 1")
    options = WorkerOptions(
        poll=args.poll,
        lease=args.lease,
        once=args.once,
        batch=args.batch,
        log_file=Path(args.log_file) if args.log_file else None,
    )
    return serve(args.workspace, options, out, getattr(args, "err", None) or sys.stderr)


def _cmd_cleanup(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from syncdesk.sync.maintenance import delete_old_entries

    with _open(args) as integration:
        result = delete_old_entries(integration.state, dt.timedelta(days=args.days))
    if args.json:
        _print_json(
            {
                "jobs": result.jobs,
                "log_entries": result.log_entries,
                "error_events": result.error_events,
            },
            out,
        )
    else:
        out.write(
            f"deleted {result.jobs} jobs, {result.log_entries} log entries and "
            f"{result.error_events} sync error events older than {args.days} days\n"
        )
    return EXIT_OK


def _cmd_records(args: argparse.Namespace, out: TextIO) -> int:
    """One mapping's records of one app (the window's Records page), or one record's pair."""
    from syncdesk.sync.records import STATUSES, record_pair, search_records

    status = None
    if args.status is not None:  # "not-coupled", "Not coupled" are "not coupled"
        status = " ".join(args.status.replace("-", " ").replace("_", " ").lower().split())
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status takes one of: {', '.join(STATUSES)}; not {args.status!r}")
    with _open(args) as integration:
        mapping = integration.workspace.mapping(args.mapping)
        apps = integration.workspace.apps
        titles = {s: apps[s].title for s in ("left", "right")}
        if args.record:
            side, key = _key_arg(args.record, args.app)
            if args.search or status:
                raise UsageError("--record shows one record: leave out --search and --status")
            pair = record_pair(integration, mapping.name, side, key)
            _print_pair(pair, apps, args.json, out)
            return EXIT_OK
        side = args.app or "left"
        rows: list[Any] = []
        offset, page = 0, max(args.limit, 200) if status else args.limit
        while len(rows) < args.limit:
            got = search_records(
                integration, mapping.name, side, args.search, offset=offset, limit=page
            )
            rows += [r for r in got if status is None or r.status == status]
            if len(got) < page:
                break
            offset += page
        rows = rows[: args.limit]
        columns = [f.column(side) for f in mapping.fields]
        if args.json:
            _print_json([_record_json(r, mapping.fields) for r in rows], out)
        else:
            _table(
                [(r.key, _status_text(r, apps), r.partner, *r.values) for r in rows],
                [titles[side], "status", titles["right" if side == "left" else "left"], *columns],
                out,
            )
        return EXIT_OK


def _status_text(r: Any, apps: Any) -> str:
    """A record's status as the window words it: "error: conflict (#3)", "deleted in Sales"."""
    if r.status == "error" and r.error:
        return f"error: {_kind_text(r.error, apps)} (#{r.error_id})"
    if r.status == "partner missing":
        return f"deleted in {apps['right' if r.side == 'left' else 'left'].title}"
    return str(r.status)


def _record_json(r: Any, fields: Sequence[Any] | None = None) -> dict[str, Any]:
    """A record row in JSON; ``values`` (by left field name) when ``fields`` are given."""
    left, right = (r.key, r.partner) if r.side == "left" else (r.partner, r.key)
    data = {
        "mapping": r.mapping,
        "app": r.side,
        "key": r.key,
        "status": r.status,
        "partner_key": r.partner,
        "left_key": left,
        "right_key": right,
        "error": r.error,
        "error_id": r.error_id,
    }
    if fields is not None:
        data["values"] = {f.left: v for f, v in zip(fields, r.values, strict=True)}
    return data


def _print_pair(pair: Any, apps: Any, as_json: bool, out: TextIO) -> None:
    r = pair.record
    titles = {s: apps[s].title for s in ("left", "right")}
    mine = r.side == "left"
    fields = [
        {
            "field": f.field,
            "left_column": f.this_column if mine else f.other_column,
            "right_column": f.other_column if mine else f.this_column,
            "left": f.this if mine else f.other,
            "right": f.other if mine else f.this,
            "differs": f.differs,
        }
        for f in pair.fields
    ]
    if as_json:
        data = _record_json(r)
        _print_json({**data, "partner_exists": pair.partner_exists, "fields": fields}, out)
        return
    other_title = titles["right" if mine else "left"]
    partner = f"{other_title} {r.partner}" if r.partner else "no partner record"
    out.write(f"{r.mapping}  {titles[r.side]} {r.key} <-> {partner}: {_status_text(r, apps)}\n")
    _table(
        [
            (
                f["field"]
                if f["left_column"] == f["right_column"]
                else f"{f['left_column']} / {f['right_column']}",
                "-" if f["left"] is None else f["left"],
                "-" if f["right"] is None else f["right"],
                "differs" if f["differs"] else "",
            )
            for f in fields
        ],
        ["field", titles["left"], titles["right"], ""],
        out,
    )


def _cmd_mappings(args: argparse.Namespace, out: TextIO) -> int:
    """Each mapping in the order they run (the window's Mappings page); warnings are advice."""
    from syncdesk.sync.mapping_info import direction_arrow, mapping_info

    with _open(args) as integration:
        infos = mapping_info(integration)
    if args.json:
        _print_json([_mapping_json(m) for m in infos], out)
        return EXIT_OK
    for m in infos:
        lt, rt = m.left, m.right
        out.write(
            f"{m.position}. {m.name}: {lt.title} {lt.table} (key {lt.key.name}) "
            f"{direction_arrow(m.direction)} {rt.title} {rt.table} (key {rt.key.name})\n"
        )
        lines = [
            ("direction", m.direction_text),
            ("new records", m.new_records_text),
            ("couple by", m.couple_by_text),
            ("on conflict", m.conflict_text),
            ("on delete", m.delete_text),
            ("runs after", ", ".join(m.runs_after)),
            ("looked up by", ", ".join(m.needed_by)),
        ]
        for label, text in lines:
            if text:
                out.write(f"   {label}: {text}\n")
        buf = io.StringIO()
        _table(
            [
                (
                    f.left.name if f.left else "-",
                    direction_arrow(f.direction) if f.mapped else "",
                    f.right.name if f.right else "-",
                    f.left.type if f.left else "",
                    f.right.type if f.right else "",
                    f"lookup {f.lookup}" if f.lookup else ("couple by" if f.couple_by else ""),
                    "" if f.mapped else "required, not mapped",
                )
                for f in m.fields
            ],
            [lt.title, "", rt.title, "type", "type", "", ""],
            buf,
        )
        out.write("".join(f"   {line}\n" for line in buf.getvalue().splitlines()))
        for w in m.warnings:
            out.write(f"   warning: {w.message}\n")
    return EXIT_OK


def _mapping_json(m: Any) -> dict[str, Any]:
    def table(t: Any) -> dict[str, Any]:
        return {
            "app": t.title,
            "table": t.table,
            "key": t.key.name,
            "key_generated": t.key_generated,
            "modified": t.modified,
        }

    def column(c: Any) -> dict[str, Any] | None:
        if c is None:
            return None
        return {"name": c.name, "type": c.type, "nullable": c.nullable, "length": c.length}

    return {
        "name": m.name,
        "position": m.position,
        "left": table(m.left),
        "right": table(m.right),
        "direction": m.direction,
        "sync_only_coupled": m.sync_only_coupled,
        "new_records": list(m.new_record_sides),
        "couple_by": list(m.couple_by),
        "couple_case_sensitive": m.couple_case_sensitive,
        "couple_prefer": m.couple_prefer,
        "on_conflict": m.on_conflict,
        "on_delete": m.on_delete,
        "runs_after": list(m.runs_after),
        "needed_by": list(m.needed_by),
        "fields": [
            {
                "left": column(f.left),
                "right": column(f.right),
                "direction": f.direction or None,
                "lookup": f.lookup,
                "couple_by": f.couple_by,
                "mapped": f.mapped,
            }
            for f in m.fields
        ],
        "warnings": [
            {
                "code": w.code,
                "kind": w.kind,
                "app": w.side,
                "message": w.message,
                "params": dict(w.params),
            }
            for w in m.warnings
        ],
    }


def _cmd_password(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk import cli_password

    return cli_password.run(args, out)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "demo": _cmd_demo,
    "sync": _cmd_sync,
    "errors": _cmd_errors,
    "resolve": _cmd_resolve,
    "undo": _cmd_undo,
    "log": _cmd_log,
    "jobs": _cmd_jobs,
    "couple": _cmd_couple,
    "uncouple": _cmd_couple,
    "queue": _cmd_queue,
    "worker": _cmd_worker,
    "cleanup": _cmd_cleanup,
    "records": _cmd_records,
    "mappings": _cmd_mappings,
    "password": _cmd_password,
}
