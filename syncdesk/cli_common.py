"""What every command shares: the exit statuses, the workspace of ``--workspace`` opened,
a record given as ``left:KEY``, and a table or JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any, TextIO

from syncdesk.errors import UsageError
from syncdesk.workspace import Side

EXIT_OK, EXIT_OPEN_ERRORS, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
#: Ctrl+C: the job was cancelled between batches (or the command stopped before it wrote)
EXIT_INTERRUPTED = 130


def print_json(data: Any, out: TextIO) -> None:
    """``data`` as indented JSON (dates and the like as text), one newline after it."""
    json.dump(data, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str], out: TextIO) -> None:
    """Rows as aligned columns under ``headers``; a cell past 60 characters is cut."""
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


def key_arg(spec: str, expect: Side | None = None) -> tuple[Side, str]:
    """A record given as ``left:KEY`` or ``right:KEY`` (of the ``expect`` app, if given)."""
    from syncdesk.sync.engine import parse_record

    side, key = parse_record(spec)
    if expect is not None and side != expect:
        raise UsageError(f"expected {expect}:KEY, not {spec!r}")
    return side, key


def open_workspace(args: argparse.Namespace) -> Any:
    """The workspace of ``--workspace`` opened: its apps and its state (a context manager).

    The file is read once per command: the copy that gave the command's warnings (kept as
    ``args.loaded``), so what is warned about and what is opened are the same file."""
    from syncdesk.sync.integration import Integration, open_integration

    loaded = getattr(args, "loaded", None)
    if loaded is not None:
        return Integration(loaded)
    return open_integration(args.workspace)
