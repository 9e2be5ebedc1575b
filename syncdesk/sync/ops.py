"""What a job plans to write: a :class:`Plan` per record (the state it leaves: couplings,
base, log entry, errors) and its :class:`Op` per app write; the outcome of a batch; and
the faults that stop a batch without failing its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from syncdesk.sync.endpoint import Row
from syncdesk.sync.merge import Merge
from syncdesk.sync.values import Canonical
from syncdesk.workspace import Side


class PassingFault(Exception):
    """An app was locked, busy or unreachable: the job stops, the next one retries."""


class AppRefusal(PassingFault):
    """An app refused every write (read-only, disk full, no right): the job stops."""


@dataclass
class Op:
    """One write to one app."""

    kind: str  # update | insert | delete
    side: Side  # the app written
    values: dict[str, Canonical] = field(default_factory=dict)  # by left field
    changes: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)
    row: Row | None = None  # update/delete: the record as read
    key: str | None = None  # insert: a key made by us, else None
    # the other app's record the values come from: a number is written as it holds it
    # (the canonical form rounds away float noise, which must not reach the target)
    source: Row | None = None
    # filled in while running
    status: str = ""  # ok | failed | stale
    message: str = ""
    new_key: str | None = None
    stamp: str | None = None  # the record's 'modified' value right after the write
    identity: str | None = None  # the record's identity right after the write
    written: Row | None = None  # insert: the record as read right after the write
    db_values: dict[str, Any] = field(default_factory=dict)
    base_fields: tuple[str, ...] = ()  # insert: fields whose base is read back (left names)


@dataclass
class Plan:
    """What one pair (or one new record) needs written, and what follows in the state."""

    action: str  # modify | insert | restore | delete | resolve | couple | uncouple | ...
    left_key: str | None
    right_key: str | None
    ops: list[Op]
    base: dict[str, Canonical] | None = None
    coupling_id: int | None = None
    error_id: int | None = None
    resolution: str = "synced"
    exclude: bool = False
    user: str | None = None
    note: str = ""
    # each app's 'modified' stamp as read; a written side takes its stamp after the write
    seen: dict[str, str | None] = field(default_factory=dict)
    # each app's identity value as read (where the workspace names an identity column)
    identity: dict[str, str | None] = field(default_factory=dict)
    # insert: fields whose base is what the new record holds after the write (a field
    # that does not flow to it keeps the app's own value, not the other side's)
    base_from_written: tuple[str, ...] = ()
    # kept with the plan's record log entries (what an undo needs beyond the changes)
    log_detail: dict[str, Any] | None = None
    # the record log's word for the plan, where it is not ``action`` (an undo)
    log_action: str | None = None

    @property
    def ok(self) -> bool:
        return all(op.status == "ok" for op in self.ops)

    @property
    def failed(self) -> Op | None:
        return next((op for op in self.ops if op.status == "failed"), None)


def update_ops(result: Merge, left: Row, right: Row) -> list[Op]:
    """The compare-and-set updates a merge needs: the right app first, then the left."""
    ops = []
    if result.to_right:
        ops.append(
            Op(
                "update",
                "right",
                values=result.to_right,
                changes=result.changes_right,
                row=right,
                source=left,
            )
        )
    if result.to_left:
        ops.append(
            Op(
                "update",
                "left",
                values=result.to_left,
                changes=result.changes_left,
                row=left,
                source=right,
            )
        )
    return ops


@dataclass
class Outcome:
    inserted: int = 0
    modified: int = 0
    deleted: int = 0
    failed: int = 0
    stale: int = 0
