"""Lookup fields: a value that names a record of another mapping (a contact's company).

Lookup values are compared and stored in the parent's *left* key space: a right
value is translated through the parent mapping's couplings. A value whose parent
record exists but is not coupled yet *waits*; one whose parent does not exist at
all is a *missing parent* (a failed write a person must fix).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from syncdesk.models import Coupling
from syncdesk.sync.endpoint import Row
from syncdesk.sync.values import Canonical, canonical
from syncdesk.workspace import Side, other

if TYPE_CHECKING:
    from syncdesk.sync.integration import Integration, MappingTables


@dataclass(frozen=True)
class Unresolved:
    """A lookup value that cannot be translated (yet)."""

    field: str
    parent: str
    side: Side  # the side the value is in
    key: str
    missing: bool  # True: the parent record does not exist at all

    def message(self, titles: dict[Side, str]) -> str:
        if self.missing:
            return (
                f"{self.field}: {self.parent} record {self.key} does not exist in "
                f"{titles[self.side]}"
            )
        return f"{self.field}: waits for {self.parent} {self.key} to be coupled"


class Lookups:
    """Translates one batch's lookup values; built per batch with :meth:`prepare`."""

    def __init__(self, integration: Integration, mt: MappingTables) -> None:
        self.integration = integration
        self.mt = mt
        self.parents: dict[str, MappingTables] = {
            f.left: integration.mapping_tables(f.lookup) for f in mt.mapping.fields if f.lookup
        }
        # per parent mapping: left key -> right key and back
        self._l2r: dict[str, dict[str, str]] = {}
        self._r2l: dict[str, dict[str, str]] = {}
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
            name = parent.mapping.name
            l2r = self._l2r.setdefault(name, {})
            r2l = self._r2l.setdefault(name, {})
            with self.integration.state.read() as s:
                for chunk in _chunks(sorted(lkeys - l2r.keys())):
                    for lk, rk in s.execute(
                        select(Coupling.left_key, Coupling.right_key).where(
                            Coupling.mapping == name, Coupling.left_key.in_(chunk)
                        )
                    ):
                        l2r[lk] = rk
                        r2l[rk] = lk
                for chunk in _chunks(sorted(rkeys - r2l.keys())):
                    for lk, rk in s.execute(
                        select(Coupling.left_key, Coupling.right_key).where(
                            Coupling.mapping == name, Coupling.right_key.in_(chunk)
                        )
                    ):
                        l2r[lk] = rk
                        r2l[rk] = lk

    def _missing(self, parent: MappingTables, side: Side, key: str) -> bool:
        cache = self._exists.setdefault((parent.mapping.name, side), set())
        if key in cache:
            return False
        table = parent.side(side)
        with table.app.read_engine.connect() as conn:
            found = table.exists(conn, [key])
        cache.update(found)
        return key not in found

    def values(self, side: Side, row: Row) -> dict[str, Canonical] | Unresolved:
        """A row's canonical values keyed by left field, lookups in the parent's left keys."""
        table = self.mt.side(side)
        out: dict[str, Canonical] = {}
        for f, col in zip(self.mt.mapping.fields, table.fields, strict=True):
            raw = row.raw.get(col.name)
            if f.lookup is None:
                out[f.left] = canonical(raw, table.read_kinds[col.name])
                continue
            value = canonical(raw, table.read_kinds[col.name])
            if value is None:
                out[f.left] = None
                continue
            key = str(value)
            if side == "left":
                out[f.left] = key
                continue
            parent = self.parents[f.left]
            lk = self._r2l.get(parent.mapping.name, {}).get(key)
            if lk is None:
                return Unresolved(
                    f.left, parent.mapping.name, side, key, self._missing(parent, side, key)
                )
            out[f.left] = lk
        return out

    def to_side(
        self, side: Side, values: dict[str, Canonical]
    ) -> dict[str, Canonical] | Unresolved:
        """Values keyed by left field turned into ``side``'s column names and key space."""
        out: dict[str, Canonical] = {}
        for f in self.mt.mapping.fields:
            if f.left not in values:
                continue
            value = values[f.left]
            if f.lookup and value is not None and side == "right":
                parent = self.parents[f.left]
                rk = self._l2r.get(parent.mapping.name, {}).get(str(value))
                if rk is None:
                    return Unresolved(
                        f.left,
                        parent.mapping.name,
                        other(side),
                        str(value),
                        self._missing(parent, other(side), str(value)),
                    )
                value = rk
            out[f.column(side)] = value
        return out


def _chunks(items: list[str], size: int = 900) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
