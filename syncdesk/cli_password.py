"""``syncdesk password set|delete|status``: database passwords in the system keyring.

The password is read from a prompt (twice, not echoed) when stdin is a terminal, else as
one line from stdin (``printf '%s\\n' "$PW" | syncdesk password set -w W --app left``).
It goes to the keyring under :data:`syncdesk.credentials.SERVICE` and the URL's
``user@host:port/database``. Nothing here prints a password; URLs are shown masked.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TextIO

from syncdesk import credentials
from syncdesk.credentials import Target
from syncdesk.errors import UsageError
from syncdesk.workspace import Workspace, load_workspace

HELP = "store or remove a database password in the system keyring, or show where each comes from"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action",
        choices=["set", "delete", "status"],
        help="set: ask for the password and store it; delete: remove it; "
        "status: where each database's password comes from",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--app", choices=["left", "right"], help="the password of this app's URL")
    which.add_argument("--state", action="store_true", help="the state database's password")
    p.add_argument("--json", action="store_true", help="status as JSON")


def run(args: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    workspace = load_workspace(args.workspace)
    target: Target | None = "state" if args.state else args.app
    if args.action == "status":
        return _status(workspace, target, args.json, out)
    if target is None:
        raise UsageError(
            f"password {args.action} needs --app left, --app right or --state "
            "(see 'syncdesk password --help')"
        )
    cred = credentials.credential(workspace, target)
    if args.action == "delete":
        if credentials.delete(workspace, target):
            out.write(f"removed the keyring's password for {cred.account} ({cred.title})\n")
        else:
            out.write(f"the keyring had no password for {cred.account} ({cred.title})\n")
        return 0
    credentials.require_keyring(workspace, target)  # refused before asking, not after
    password = _read_password(cred, stdin or sys.stdin)
    account = credentials.save(workspace, target, password)
    out.write(
        f"stored the password of {cred.title} ({cred.shown_url}) in the keyring "
        f"as {credentials.SERVICE} / {account}\n"
    )
    return 0


def _read_password(cred: credentials.Credential, stdin: TextIO) -> str:
    if stdin.isatty():
        first = getpass.getpass(f"password for {cred.account} ({cred.title}): ")
        if first and getpass.getpass("the same password again: ") != first:
            raise UsageError("the two passwords differ; nothing was stored")
    else:
        first = stdin.readline().rstrip("\r\n")
    if not first:
        raise UsageError("no password given; nothing was stored")
    return first


def _status(workspace: Workspace, only: Target | None, as_json: bool, out: TextIO) -> int:
    rows: list[dict[str, str | None]] = []
    problems: list[str] = []
    for cred in credentials.credentials(workspace):
        if only is not None and cred.target != only:
            continue
        source = cred.source.describe() if cred.source else None
        if cred.source is not None:
            try:
                credentials.fetch(workspace, cred.target)
                state = "found"
            except credentials.CredentialsError as exc:
                state = "missing"
                problems.append(str(exc))
        elif cred.literal:
            source, state = "url", "written in the file"
        else:
            state = "none needed"
        rows.append(
            {
                "database": cred.target,
                "title": cred.title,
                "url": cred.shown_url,
                "password": source,
                "account": cred.account if cred.source is not None else None,
                "status": state,
            }
        )
    if as_json:
        json.dump(rows, out, indent=2)
        out.write("\n")
    else:
        for r in rows:
            out.write(
                f"{r['database']:6} {r['url']}  password: {r['password'] or '-'}  ({r['status']})\n"
            )
    if problems:
        raise credentials.CredentialsError(problems[0])
    return 0
