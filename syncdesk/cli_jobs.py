"""The commands about jobs: ``sync`` (and ``sync --preview``), ``jobs``, ``queue``,
``worker`` and ``cleanup``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from syncdesk.cli_common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OPEN_ERRORS,
    EXIT_UNAVAILABLE,
    key_arg,
    open_workspace,
    print_json,
    print_table,
)
from syncdesk.errors import SyncDeskError, UnavailableError, UsageError


def _open_errors(integration: Any, mappings: Sequence[str]) -> int:
    from syncdesk.sync.queries import ErrorFilter, count_errors

    return sum(count_errors(integration.state, ErrorFilter(mappings=tuple(mappings))).values())


def cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.engine import CancelToken, mapping_for_record, run_sync

    if args.preview:
        return _preview(args, out)
    with open_workspace(args) as integration:
        record = None
        names = args.mapping
        if args.record:
            side, key = key_arg(args.record)
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
            if record is not None:
                _tell_passed_over(integration, results, record, args)
            return _report_jobs(integration, results, args, out)


def _tell_passed_over(
    integration: Any, results: Sequence[Any], record: tuple[str, str], args: argparse.Namespace
) -> None:
    """``sync --record``: why the record was passed over, one line each (an open sync
    error waits for a person, or for Retry), where the counts alone say only "skipped"."""
    from syncdesk.sync.queries import job_skips

    err: TextIO = getattr(args, "err", None) or sys.stderr
    for r in results:
        if r.counts.skipped:
            for skip in job_skips(integration.state, r.job, limit=10):
                err.write(
                    f"syncdesk: job {r.job} ({r.mapping}): {record[0]}:{record[1]} was passed "
                    f"over: {skip.reason}\n"
                )


def _preview(args: argparse.Namespace, out: TextIO) -> int:
    """``sync --preview``: per mapping the counts a job would report, and its records."""
    from sqlalchemy.exc import SQLAlchemyError

    from syncdesk.sync.preview import preview
    from syncdesk.sync.values import show

    if args.record:
        raise UsageError("--preview shows a whole job; it takes no --record")
    with open_workspace(args) as integration:
        try:
            found = preview(integration, args.mapping, full=args.full, limit=args.limit)
        except SQLAlchemyError as exc:
            # what a job would fail with (an app's damaged table, a server gone)
            from syncdesk.models.store import describe_db_error_at

            why = describe_db_error_at(exc)
            raise UnavailableError(f"the preview could not run: {why}") from None
    if args.json:
        print_json([p.as_json() for p in found], out)
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
        print_table(
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
    from syncdesk import cli_terminal

    err: TextIO = getattr(args, "err", None) or sys.stderr
    line = None
    if cli_terminal.wanted(err, args.json):
        from syncdesk.cli_progress import ProgressLine

        line = ProgressLine(
            err,
            names=[m.name for m in integration.workspace.mappings],
            cancelled=lambda: cancel.cancelled,
        )
    notice = cli_terminal.cancel_notice()

    def tell() -> None:
        if line is not None:
            line.note(notice)
        else:
            cli_terminal.write_line(err, notice)

    try:
        with cli_terminal.ctrl_c_cancels(cancel, tell):
            yield line
    finally:
        if line is not None:
            line.close()


def _print_jobs(results: Sequence[Any], args: argparse.Namespace, out: TextIO) -> None:
    """What jobs did: a table, or JSON."""
    if args.json:
        print_json([r.as_json() for r in results], out)
    else:
        print_table(
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


def cmd_jobs(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import list_jobs

    with open_workspace(args) as integration:
        rows = list_jobs(integration.state, args.limit)
        if args.json:
            print_json([r.as_json() for r in rows], out)
        else:
            print_table(
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


def cmd_queue(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync import queue
    from syncdesk.sync.endpoint import now_utc
    from syncdesk.sync.queries import queue_entries

    with open_workspace(args) as integration:
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
            print_json([r.as_json() for r in rows], out)
        else:
            print_table(
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


def cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
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


def cmd_cleanup(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from syncdesk.sync.maintenance import delete_old_entries

    with open_workspace(args) as integration:
        result = delete_old_entries(integration.state, dt.timedelta(days=args.days))
    if args.json:
        print_json(
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
