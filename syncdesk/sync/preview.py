"""A preview: what a job would do, before it writes (``syncdesk sync --preview``).

The job's own change detection and planning run as they would; nothing is written to
either app or to the state (no job, no watermark moved, no sync error). Where a job would
write, the preview converts the values as the writer does and checks them against what the
target's schema says (a text longer than its column takes, no value where one is needed,
a value of the wrong kind): a write it already knows will be refused is shown as a failure.
What the apps decide only when written to (a trigger, a foreign key) shows in the job.

A record created in this preview counts as coupled for the records that refer to it (a
contact of a new company), as the job would write the parent first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from syncdesk.sync.apply import prepare_values
from syncdesk.sync.engine import (
    BATCH,
    CancelToken,
    Counts,
    JobRunner,
    ProgressCallback,
)
from syncdesk.sync.lookups import Lookups
from syncdesk.sync.ops import Outcome, Plan
from syncdesk.sync.plan import PreviewRecord
from syncdesk.workspace import Side, other

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables

#: records listed per mapping unless asked otherwise (the counts are always whole)
LIMIT = 200


class DryRun:
    """The writer of a preview: counts and lists what would be written, writes nothing."""

    def __init__(self) -> None:
        self.events: list[PreviewRecord] = []
        self.planned: dict[str, dict[Side, set[str]]] = {}

    def apply(
        self,
        integration: Integration,
        mt: MappingTables,
        lookups: Lookups,
        plans: Sequence[Plan],
        counts: Counts,
    ) -> Outcome:
        out = Outcome()
        mapping = mt.mapping.name
        for side_ in ("right", "left"):
            side: Side = "right" if side_ == "right" else "left"
            ops = [(p, op) for p in plans for op in p.ops if op.side == side]
            if not ops:
                continue
            table = mt.side(side)
            with table.app.read_engine.connect() as conn:
                for plan, op in ops:
                    prepare_values(mt, lookups, op, conn)
                    if not op.status:
                        problem = table.refusal(op.db_values)
                        if problem is not None:
                            op.status = "failed"
                            op.message = f"{table.title} would refuse the write: {problem}"
                    if op.status == "failed":
                        out.failed += 1
                        self.events.append(
                            PreviewRecord(
                                "fail",
                                plan.left_key,
                                plan.right_key,
                                dict(op.changes),
                                op.message,
                                f"to-{op.side}",
                            )
                        )
                        continue
                    op.status = "ok"
                    if op.kind == "insert":
                        out.inserted += 1
                        source = other(op.side)
                        key = plan.left_key if source == "left" else plan.right_key
                        if key is not None:
                            self.planned.setdefault(mapping, {}).setdefault(source, set()).add(key)
                        action = f"insert-{op.side}"
                    elif op.kind == "update":
                        out.modified += 1
                        action = "modify"
                    else:
                        out.deleted += 1
                        action = f"delete-{op.side}"
                    self.events.append(
                        PreviewRecord(
                            action,
                            plan.left_key,
                            plan.right_key,
                            dict(op.changes),
                            plan.note,
                            f"to-{op.side}",
                        )
                    )
        for plan in plans:
            if not plan.ops and plan.action == "couple":
                self.events.append(
                    PreviewRecord("couple", plan.left_key, plan.right_key, message=plan.note)
                )
        counts.inserted += out.inserted
        counts.modified += out.modified
        counts.deleted += out.deleted
        counts.failed += out.failed
        return out


@dataclass
class MappingPreview:
    """One mapping's preview: the counts a job would report, and the records (capped)."""

    mapping: str
    status: str
    counts: Counts
    records: list[PreviewRecord] = field(default_factory=list)
    shown: int = 0  # how many records there are in all (``records`` holds the first ones)

    def as_json(self) -> dict[str, Any]:
        return {
            "mapping": self.mapping,
            "status": self.status,
            **asdict(self.counts),
            "records": [
                {
                    "action": r.action,
                    "left_key": r.left_key,
                    "right_key": r.right_key,
                    "title": r.title,
                    "direction": r.direction,
                    "changes": {k: list(v) for k, v in r.changes.items()},
                    "message": r.message,
                }
                for r in self.records
            ],
            "records_total": self.shown,
        }


def preview(
    integration: Integration,
    mappings: Sequence[str] | None = None,
    *,
    full: bool = False,
    limit: int = LIMIT,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> list[MappingPreview]:
    """What a job of each mapping would do now, in dependency order; writes nothing."""
    from syncdesk.sync.records import record_titles, title_field

    ws = integration.workspace
    names = [ws.mapping(n).name for n in mappings] if mappings else None
    dry = DryRun()
    out: list[MappingPreview] = []
    ran: list[str] = []
    for m in ws.ordered(names):
        if cancel is not None and cancel.cancelled:
            break
        dry.events = []
        runner = JobRunner(
            integration,
            integration.tables[m.name],
            trigger="preview",
            full=full,
            record=None,
            progress=progress,
            cancel=cancel,
            batch=BATCH,
            ran=ran,
            dry=dry,
        )
        result = runner.run()
        ran.append(m.name)
        records = dry.events[:limit]
        mt = integration.tables[m.name]
        if title_field(mt) is not None and records:
            wanted: dict[Side, list[str]] = {"left": [], "right": []}
            for r in records:
                if r.left_key is not None and r.action != "deleted-left":
                    wanted["left"].append(r.left_key)
                elif r.right_key is not None:
                    wanted["right"].append(r.right_key)
            names_of = {
                side: record_titles(integration, m.name, side, keys)
                for side, keys in wanted.items()
                if keys
            }
            records = [
                PreviewRecord(
                    r.action,
                    r.left_key,
                    r.right_key,
                    r.changes,
                    r.message,
                    r.direction,
                    (
                        names_of.get("left", {}).get(r.left_key or "")
                        if r.left_key is not None and r.action != "deleted-left"
                        else names_of.get("right", {}).get(r.right_key or "")
                    ),
                )
                for r in records
            ]
        out.append(MappingPreview(m.name, result.status, result.counts, records, len(dry.events)))
    return out


__all__ = ["LIMIT", "DryRun", "MappingPreview", "preview"]
