"""Lookup fields: a value that names a record of another mapping (a contact's company), or
of its own mapping (an employee's manager, an account's parent account).

Lookup values are compared and stored in the parent's *left* key space: a right value is
translated through the parent mapping's couplings. A value whose parent record exists but
is not coupled yet *waits* (the parent is new and its mapping has not run yet in this
job); every other value that cannot be translated is a failed write a person must see:
a parent that does not exist, was deleted, was taken out of the sync (Remove Coupling),
has an open sync error of its own, or was left uncoupled by a job that ran before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from syncdesk.models import Coupling, Exclusion, SyncError
from syncdesk.models.driver import BAD_BYTE
from syncdesk.sync.endpoint import NOT_UTF8, Row
from syncdesk.sync.values import Canonical, canonical
from syncdesk.workspace import Side, other

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables

#: why a lookup value cannot be translated
REASONS = ("waits", "missing", "deleted", "excluded", "error", "uncoupled", "text")


@dataclass(frozen=True)
class Unresolved:
    """A lookup value that cannot be translated (yet)."""

    field: str
    parent: str
    side: Side  # the side the value is in
    key: str
    reason: str  # one of REASONS

    @property
    def missing(self) -> bool:
        """True: a failed write a person must see (anything but a parent about to come)."""
        return self.reason != "waits"

    def message(self, titles: dict[Side, str]) -> str:
        where = titles[self.side]
        if self.reason == "missing":
            return f"{self.field}: {self.parent} record {self.key} does not exist in {where}"
        if self.reason == "deleted":
            return f"{self.field}: {self.parent} record {self.key} was deleted in {where}"
        if self.reason == "excluded":
            return (
                f"{self.field}: {self.parent} {self.key} is excluded from the sync (its "
                "coupling was removed); couple it again or change this record"
            )
        if self.reason == "error":
            return (
                f"{self.field}: {self.parent} {self.key} is not coupled: it has an open sync "
                "error of its own"
            )
        if self.reason == "text":
            return (
                f"{self.field}: the value in {where} is not valid UTF-8 text ({self.key!r}, "
                f"its bad bytes shown as {BAD_BYTE}); correct it there"
            )
        if self.reason == "uncoupled":
            return (
                f"{self.field}: {self.parent} {self.key} is not coupled to a record in "
                f"{titles[other(self.side)]}"
            )
        return f"{self.field}: waits for {self.parent} {self.key} to be coupled"


class Lookups:
    """Translates one batch's lookup values; built per batch with :meth:`prepare`.

    ``ran``: the mappings that already ran in this job (a parent still uncoupled after
    its own mapping ran will not be coupled by waiting); ``pending``: per side, keys of
    this mapping's own new records still to be written in this job (a child of one of
    them waits for it).
    """

    def __init__(
        self,
        integration: Integration,
        mt: MappingTables,
        *,
        ran: Iterable[str] = (),
    ) -> None:
        self.integration = integration
        self.mt = mt
        self.ran = set(ran)
        self.pending: dict[Side, set[str]] = {"left": set(), "right": set()}
        #: a preview: per mapping and side, keys of records the job would create on the
        #: other side and couple (a child of one of them would be translated)
        self.planned: dict[str, dict[Side, set[str]]] = {}
        self.parents: dict[str, MappingTables] = {
            f.left: (mt if f.lookup == mt.mapping.name else integration.mapping_tables(f.lookup))
            for f in mt.mapping.fields
            if f.lookup
        }
        # per parent mapping: left key -> right key and back; and couplings known gone
        self._l2r: dict[str, dict[str, str]] = {}
        self._r2l: dict[str, dict[str, str]] = {}
        self._gone: dict[tuple[str, Side], set[str]] = {}
        self._exists: dict[tuple[str, Side], set[str]] = {}

    @property
    def active(self) -> bool:
        return bool(self.parents)

    def prepare(
        self,
        left_rows: Iterable[Row],
        right_rows: Iterable[Row],
        extra_left_keys: Iterable[str] = (),
    ) -> None:
        """Load the parent couplings that the values of these rows need."""
        if not self.parents:
            return
        lefts = list(left_rows)
        rights = list(right_rows)
        extra = list(extra_left_keys)
        for fname, parent in self.parents.items():
            lcol = self.mt.left.table.c[self.mt.mapping.field(fname).left].name
            rcol = self.mt.right.table.c[self.mt.mapping.field(fname).right].name
            lkeys = {str(canonical(r.raw.get(lcol))) for r in lefts if r.raw.get(lcol) is not None}
            lkeys.update(extra)
            rkeys = {str(canonical(r.raw.get(rcol))) for r in rights if r.raw.get(rcol) is not None}
            self.load(parent.mapping.name, lkeys, rkeys)

    def load(self, name: str, lkeys: Iterable[str], rkeys: Iterable[str]) -> None:
        """Read the couplings of mapping ``name`` for these left and right keys."""
        l2r = self._l2r.setdefault(name, {})
        r2l = self._r2l.setdefault(name, {})
        lgone = self._gone.setdefault((name, "left"), set())
        rgone = self._gone.setdefault((name, "right"), set())
        with self.integration.state.read() as s:
            for col, keys in (
                (Coupling.left_key, sorted(set(lkeys) - l2r.keys())),
                (Coupling.right_key, sorted(set(rkeys) - r2l.keys())),
            ):
                for chunk in _chunks(keys):
                    for lk, rk, lg, rg in s.execute(
                        select(
                            Coupling.left_key,
                            Coupling.right_key,
                            Coupling.left_gone,
                            Coupling.right_gone,
                        ).where(Coupling.mapping == name, col.in_(chunk))
                    ):
                        if lk is not None and rk is not None:
                            l2r[lk] = rk
                            r2l[rk] = lk
                        if lg and lk is not None:
                            lgone.add(lk)
                        if rg and rk is not None:
                            rgone.add(rk)

    def forget(self, name: str) -> None:
        """Couplings of ``name`` changed (this job coupled some): read them again."""
        for cache in (self._l2r, self._r2l):
            cache.pop(name, None)
        for side in ("left", "right"):
            self._gone.pop((name, side), None)

    def _exists_in(self, parent: MappingTables, side: Side, key: str) -> bool:
        cache = self._exists.setdefault((parent.mapping.name, side), set())
        if key in cache:
            return True
        table = parent.side(side)
        with table.app.read_engine.connect() as conn:
            found = table.exists(conn, [key])
        cache.update(found)
        return key in found

    def _why(self, parent: MappingTables, side: Side, key: str) -> str:
        """Why ``key`` (a record of ``parent`` in ``side``) has no partner to translate to."""
        name = parent.mapping.name
        if key in self._gone.get((name, side), set()):
            return "deleted"
        if not self._exists_in(parent, side, key):
            return "missing"
        with self.integration.state.read() as s:
            excluded = s.scalar(
                select(Exclusion.id).where(
                    Exclusion.mapping == name, Exclusion.side == side, Exclusion.key == key
                )
            )
            if excluded is not None:
                return "excluded"
            key_col = SyncError.left_key if side == "left" else SyncError.right_key
            error = s.scalar(
                select(SyncError.id).where(
                    SyncError.mapping == name, SyncError.status == "open", key_col == key
                )
            )
        if error is not None:
            return "error"
        if name == self.mt.mapping.name:
            # a parent of the record's own mapping: waits for it only while it is one of
            # this job's new records still to be written
            return "waits" if key in self.pending[side] else "uncoupled"
        if name in self.ran:
            return "uncoupled"
        return "waits"

    def values(self, side: Side, row: Row) -> dict[str, Canonical] | Unresolved:
        """A row's canonical values keyed by left field, lookups in the parent's left keys."""
        table = self.mt.side(side)
        bad = row.raw.get(NOT_UTF8)
        if bad is not None:  # a value that cannot be compared nor written
            pairs = zip(self.mt.mapping.fields, table.fields, strict=True)
            field = next(f for f, c in pairs if c.name == bad)
            return Unresolved(field.left, "", side, str(row.raw[bad]), "text")
        out: dict[str, Canonical] = {}
        for f, col in zip(self.mt.mapping.fields, table.fields, strict=True):
            raw = row.raw.get(col.name)
            value = canonical(raw, table.read_kinds[col.name])
            if f.lookup is None or value is None:
                out[f.left] = value
                continue
            key = str(value)
            if side == "left":
                out[f.left] = key
                continue
            parent = self.parents[f.left]
            lk = self._r2l.get(parent.mapping.name, {}).get(key)
            if lk is None and key in self.planned.get(parent.mapping.name, {}).get(side, set()):
                lk = f"(new {key})"  # a preview: the job couples the parent first
            if lk is None:
                return Unresolved(
                    f.left, parent.mapping.name, side, key, self._why(parent, side, key)
                )
            out[f.left] = lk
        return out

    def to_side(
        self, side: Side, values: dict[str, Canonical]
    ) -> dict[str, Canonical] | Unresolved:
        """Values keyed by left field turned into ``side``'s column names and key space.

        A parent deleted in ``side`` cannot be referred to there: that is unresolved too.
        """
        out: dict[str, Canonical] = {}
        for f in self.mt.mapping.fields:
            if f.left not in values:
                continue
            value = values[f.left]
            if f.lookup and value is not None:
                parent = self.parents[f.left]
                name = parent.mapping.name
                if side == "right":
                    rk = self._l2r.get(name, {}).get(str(value))
                    if rk is None and str(value) in self.planned.get(name, {}).get("left", set()):
                        rk = f"(new {value})"  # a preview: coupled by this job first
                    if rk is None:
                        return Unresolved(
                            f.left,
                            name,
                            other(side),
                            str(value),
                            self._why(parent, "left", str(value)),
                        )
                    if rk in self._gone.get((name, "right"), set()):
                        return Unresolved(f.left, name, side, rk, "deleted")
                    value = rk
                elif str(value) in self._gone.get((name, "left"), set()):
                    return Unresolved(f.left, name, side, str(value), "deleted")
            out[f.column(side)] = value
        return out


def _chunks(items: list[str], size: int = 900) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
