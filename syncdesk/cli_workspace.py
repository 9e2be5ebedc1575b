"""The commands about the workspace itself: ``demo`` writes one, ``mappings`` shows its
mappings in the order they run.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any, TextIO

from syncdesk.cli_common import EXIT_OK, open_workspace, print_json, print_table


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from syncdesk.demo import write_demo

    path = write_demo(Path(args.dir), args.records)
    out.write(f"wrote {path}\n")
    out.write(f"try: syncdesk errors -w {path}\n")
    return EXIT_OK


def _rename_or_forget(args: argparse.Namespace, out: TextIO) -> int:
    """``mappings --rename OLD NEW`` / ``--forget OLD``: what SyncDesk keeps of a mapping
    renamed in (or taken out of) the workspace file."""
    from syncdesk.sync.renaming import forget_mapping, rename_mapping

    with open_workspace(args) as integration:
        if args.rename:
            old, new = args.rename
            n = rename_mapping(integration, old, new)
            result = {"renamed": old, "to": new, "couplings": n}
            text = f"{old} is now {new}: {n:,} couplings, with their errors, log and jobs"
        else:
            n = forget_mapping(integration, args.forget)
            result = {"forgotten": args.forget, "couplings": n}
            text = f"{args.forget} forgotten: {n:,} couplings dropped (its log and jobs stay)"
    if args.json:
        print_json(result, out)
    else:
        out.write(text + "\n")
    return EXIT_OK


def cmd_mappings(args: argparse.Namespace, out: TextIO) -> int:
    """Each mapping in the order they run (the window's Mappings page); warnings are advice."""
    from syncdesk.sync.mapping_info import direction_arrow, mapping_info

    if args.rename or args.forget:
        return _rename_or_forget(args, out)
    with open_workspace(args) as integration:
        infos = mapping_info(integration)
    if args.json:
        print_json([_mapping_json(m) for m in infos], out)
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
        print_table(
            [
                (
                    f.left.name if f.left else "-",
                    direction_arrow(f.direction) if f.mapped else "",
                    f.right.name if f.right else "-",
                    f.left.type if f.left else "",
                    f.right.type if f.right else "",
                    f"lookup {f.lookup}" if f.lookup else ("couple by" if f.couple_by else ""),
                    _unmapped_label(f),
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


def _unmapped_label(f: Any) -> str:
    """What a row of a column no field maps says: why it is shown (its warning says more)."""
    if f.mapped:
        return ""
    if any(w.kind == "required" for w in f.warnings):
        return "required, not mapped"
    return "modified column" if any(w.kind == "index" for w in f.warnings) else "not mapped"


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
