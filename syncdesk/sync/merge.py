"""Field-level three-way merge of one coupled pair. Pure functions, no I/O.

Values are canonical (see :mod:`syncdesk.sync.values`) and keyed by the left
field name. The base is what both sides held after the last good sync; for a
field that flows one way only, it is the source side's value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from syncdesk.sync.values import Canonical
from syncdesk.workspace import FieldMap, Side

MISSING: Any = object()


@dataclass
class Merge:
    """What a pair needs: values to write to each side, the new base, and any conflict."""

    to_left: dict[str, Canonical] = field(default_factory=dict)
    to_right: dict[str, Canonical] = field(default_factory=dict)
    base: dict[str, Canonical] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    # field -> (before, after) for each side written
    changes_left: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)
    changes_right: dict[str, tuple[Canonical, Canonical]] = field(default_factory=dict)

    def writes(self, side: Side) -> dict[str, Canonical]:
        return self.to_left if side == "left" else self.to_right

    @property
    def base_changed_only(self) -> bool:
        return not self.to_left and not self.to_right and not self.conflicts


def merge(
    fields: tuple[FieldMap, ...],
    left: dict[str, Canonical],
    right: dict[str, Canonical],
    base: dict[str, Canonical],
    *,
    on_conflict: str = "ask",
    newer: Side | None = None,
) -> Merge:
    """Three-way merge, field by field.

    ``on_conflict`` decides a field changed on both sides to different values:
    ``ask`` leaves it a conflict, ``left-wins``/``right-wins`` take that side,
    ``newer-wins`` takes ``newer`` (the side whose record was modified last).
    """
    out = Merge()
    for f in fields:
        name = f.left
        lv, rv = left.get(name), right.get(name)
        bv = base.get(name, MISSING)
        to_right, to_left = f.flows("right"), f.flows("left")
        if to_right and not to_left:
            # one way: the left value rules, the right follows when the left changes
            out.base[name] = lv
            if lv != rv and (bv is MISSING or lv != bv):
                _write(out, "right", name, rv, lv)
            continue
        if to_left and not to_right:
            out.base[name] = rv
            if lv != rv and (bv is MISSING or rv != bv):
                _write(out, "left", name, lv, rv)
            continue
        if lv == rv:
            out.base[name] = lv
            continue
        left_changed = bv is MISSING or lv != bv
        right_changed = bv is MISSING or rv != bv
        if left_changed and not right_changed:
            _write(out, "right", name, rv, lv)
            out.base[name] = lv
        elif right_changed and not left_changed:
            _write(out, "left", name, lv, rv)
            out.base[name] = rv
        else:
            winner: Side | None = None
            if on_conflict == "left-wins":
                winner = "left"
            elif on_conflict == "right-wins":
                winner = "right"
            elif on_conflict == "newer-wins":
                winner = newer
            if winner == "left":
                _write(out, "right", name, rv, lv)
                out.base[name] = lv
            elif winner == "right":
                _write(out, "left", name, lv, rv)
                out.base[name] = rv
            else:
                out.conflicts.append(name)
                out.base[name] = bv if bv is not MISSING else None
    if out.conflicts:
        # nothing is written while any field of the pair is in conflict
        out.to_left.clear()
        out.to_right.clear()
        out.changes_left.clear()
        out.changes_right.clear()
    return out


def _write(out: Merge, side: Side, name: str, before: Canonical, after: Canonical) -> None:
    if side == "left":
        out.to_left[name] = after
        out.changes_left[name] = (before, after)
    else:
        out.to_right[name] = after
        out.changes_right[name] = (before, after)


def choose(
    fields: tuple[FieldMap, ...],
    left: dict[str, Canonical],
    right: dict[str, Canonical],
    choices: dict[str, Side],
) -> Merge:
    """A person's choice per field (``left``/``right``) for a conflict: both sides get it.

    Fields without a choice keep the three-way result where it is clear; a field
    that differs and has no choice is an error raised as ``KeyError``.
    """
    out = Merge()
    for f in fields:
        name = f.left
        lv, rv = left.get(name), right.get(name)
        if lv == rv:
            out.base[name] = lv
            continue
        pick = choices.get(name)
        if pick is None:
            raise KeyError(name)
        if pick == "left" and f.flows("right"):
            _write(out, "right", name, rv, lv)
            out.base[name] = lv
        elif pick == "right" and f.flows("left"):
            _write(out, "left", name, lv, rv)
            out.base[name] = rv
        else:
            # the chosen side cannot flow to the other: the field keeps its one-way source
            out.base[name] = rv if f.flows("left") else lv
    return out
