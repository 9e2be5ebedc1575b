"""The commands about records: ``errors``, ``resolve``, ``undo``, ``log``, ``records``,
``couple`` and ``uncouple``.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Sequence
from typing import Any, TextIO

from syncdesk.cli_common import (
    EXIT_OK,
    EXIT_OPEN_ERRORS,
    key_arg,
    open_workspace,
    print_json,
    print_table,
)
from syncdesk.errors import UsageError


def cmd_errors(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import ErrorFilter, list_errors
    from syncdesk.sync.records import with_titles

    with open_workspace(args) as integration:
        names = tuple(integration.workspace.mapping(m).name for m in (args.mapping or []))
        rows = list_errors(
            integration.state, ErrorFilter(mappings=names, kinds=tuple(args.kind or ()))
        )
        rows = with_titles(integration, rows)  # each record's name, read from the apps
        if args.json:
            print_json([r.as_json() for r in rows], out)
        else:
            titles = integration.workspace.apps
            print_table(
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


def cmd_resolve(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.actions import resolve

    if args.action == "edit":
        return _fix(args, out)
    if args.set:
        raise UsageError("--set goes with --action edit")
    with open_workspace(args) as integration:
        result = resolve(integration, args.ids, args.action, reason=args.reason)
        if args.json:
            print_json(result.as_json(), out)
        else:
            # Retry marks the record for the next job (sync --record syncs it now)
            done = "included in the next job" if args.action == "retry" else "done"
            for i in result.done:
                out.write(f"{args.action}: sync error {i} {done}\n")
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
    with open_workspace(args) as integration:
        result = fix(integration, args.ids[0], values, reason=args.reason)
        if args.json:
            print_json(result.as_json(), out)
        else:
            out.write(f"edit: sync error {result.error_id}: {result.message}\n")
        return EXIT_OK if result.resolved else EXIT_OPEN_ERRORS


def cmd_undo(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.undo import undo

    with open_workspace(args) as integration:
        result = undo(integration, args.log_id, reason=args.reason)
        if args.json:
            print_json(result.as_json(), out)
        else:
            done = "undone" if result.done else "not undone"
            out.write(f"log entry {result.log_id} {done}: {result.message}\n")
        return EXIT_OK if result.done else EXIT_OPEN_ERRORS


def cmd_log(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.queries import record_log

    with open_workspace(args) as integration:
        side, key = key_arg(args.record)
        mapping = integration.workspace.mapping(args.mapping).name if args.mapping else None
        # as the app's key column keeps it (a UUID in capitals, a number with zeros before)
        typed = set()
        for m in [mapping] if mapping else [m.name for m in integration.workspace.mappings]:
            with contextlib.suppress(UsageError):
                typed.add(integration.mapping_tables(m).side(side).typed_key(key))
        if len(typed) == 1:
            key = typed.pop()
        rows = record_log(integration.state, side, key, mapping)
        if not rows:
            # the record as its app spells its key (a REAL key typed 2 is the record 2.0)
            spelled = _spelled(integration, side, key, mapping)
            if spelled is not None:
                key, rows = spelled, record_log(integration.state, side, spelled, mapping)
        if args.json:
            print_json([r.as_json() for r in rows], out)
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


def _spelled(integration: Any, side: Any, key: str, mapping: str | None) -> str | None:
    """The key of the one record the app finds under ``key`` where it spells it otherwise;
    None where none (or the app cannot be read: the log is SyncDesk's own)."""
    from sqlalchemy.exc import SQLAlchemyError

    from syncdesk.errors import SyncDeskError

    found = set()
    for m in [mapping] if mapping else [m.name for m in integration.workspace.mappings]:
        with contextlib.suppress(SyncDeskError, SQLAlchemyError):
            table = integration.mapping_tables(m).side(side)
            with table.app.read_engine.connect() as conn:
                row = table.fetch_key(conn, key)
            if row is not None:
                found.add(row.key)
    return found.pop() if len(found) == 1 and key not in found else None


def _v(value: Any) -> str:
    return "(empty)" if value is None else str(value)


def cmd_couple(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.sync.actions import couple, uncouple

    _, left = key_arg(args.left, "left")
    _, right = key_arg(args.right, "right")
    with open_workspace(args) as integration:
        if args.command == "couple":
            couple(integration, args.mapping, left, right)
            out.write(f"coupled {left} and {right}\n")
        else:
            uncouple(integration, args.mapping, left, right)
            out.write(f"uncoupled {left} and {right}; both excluded until coupled again\n")
    return EXIT_OK


def cmd_records(args: argparse.Namespace, out: TextIO) -> int:
    """One mapping's records of one app (the window's Records page), or one record's pair."""
    from syncdesk.sync.records import STATUSES, record_pair, search_records

    status = None
    if args.status is not None:  # "not-coupled", "Not coupled" are "not coupled"
        status = " ".join(args.status.replace("-", " ").replace("_", " ").lower().split())
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status takes one of: {', '.join(STATUSES)}; not {args.status!r}")
    with open_workspace(args) as integration:
        mapping = integration.workspace.mapping(args.mapping)
        apps = integration.workspace.apps
        titles = {s: apps[s].title for s in ("left", "right")}
        if args.record:
            side, key = key_arg(args.record, args.app)
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
            print_json([_record_json(r, mapping.fields) for r in rows], out)
        else:
            print_table(
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
        print_json({**data, "partner_exists": pair.partner_exists, "fields": fields}, out)
        return
    other_title = titles["right" if mine else "left"]
    partner = f"{other_title} {r.partner}" if r.partner else "no partner record"
    out.write(f"{r.mapping}  {titles[r.side]} {r.key} <-> {partner}: {_status_text(r, apps)}\n")
    print_table(
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
