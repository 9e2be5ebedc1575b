"""A conflict side by side: every mapped field with its base, left and right value.

What the conflict dialog shows, and the preview of what each app will receive
for a choice per field, or a value of one's own typed for it (checked as it is typed
against what each app's column takes: :attr:`FieldView.limits`). The choice itself is
applied by ``actions.resolve(..., "choose", choices=..., typed=..., expected=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from sqlalchemy import select

from syncdesk.errors import UsageError
from syncdesk.models import Coupling, SyncError
from syncdesk.sync.integration import Integration
from syncdesk.sync.limits import ColumnLimit, ValueProblem, check_value, column_limit
from syncdesk.sync.lookups import Lookups, Unresolved
from syncdesk.sync.merge import MISSING
from syncdesk.sync.values import Canonical
from syncdesk.workspace import SIDES, Side


@dataclass(frozen=True)
class FieldView:
    field: str  # the left field name (how fields are named in logs and choices)
    left_column: str
    right_column: str
    base: Canonical
    left: Canonical
    right: Canonical
    left_changed: bool
    right_changed: bool
    flows_left: bool  # a value may be written to the left app
    flows_right: bool
    #: a value of one's own may be typed for it (not a field that names a record)
    editable: bool = False
    #: a typed text is read as the left column reads its values
    read_kind: str = "text"
    #: every column a typed value is written to (where the field flows)
    limits: tuple[ColumnLimit, ...] = dc_field(default=(), compare=False)

    def check(self, text: str) -> tuple[Canonical, list[ValueProblem]]:
        """A typed ``text`` as it will be written, and what each app's column says of it."""
        return check_value(text, self.read_kind, self.limits)

    @property
    def differs(self) -> bool:
        return self.left != self.right

    @property
    def conflict(self) -> bool:
        """Changed in both apps to different values, on a field that flows both ways."""
        return (
            self.differs
            and self.left_changed
            and self.right_changed
            and self.flows_left
            and self.flows_right
        )

    def default(self) -> Side | None:
        """The side a three-way merge would take, or None where a person must choose."""
        if not self.differs:
            return None
        if self.flows_right and not self.flows_left:
            return "left"  # a one-way field: its source app rules
        if self.flows_left and not self.flows_right:
            return "right"
        if self.left_changed and not self.right_changed:
            return "left"
        if self.right_changed and not self.left_changed:
            return "right"
        return None


@dataclass(frozen=True)
class ConflictView:
    error_id: int
    version: int
    mapping: str
    left_key: str
    right_key: str
    titles: dict[Side, str]
    message: str
    fields: tuple[FieldView, ...]

    def preview(
        self, choices: dict[str, Side], typed: dict[str, Canonical] | None = None
    ) -> dict[Side, dict[str, tuple[Canonical, Canonical]]]:
        """What each app will receive: ``{side: {field: (now, after)}}``; a ``typed``
        value goes to both apps (where the field flows)."""
        out: dict[Side, dict[str, tuple[Canonical, Canonical]]] = {"left": {}, "right": {}}
        for f in self.fields:
            if typed and f.field in typed:
                value = typed[f.field]
                if f.flows_left and f.left != value:
                    out["left"][f.field] = (f.left, value)
                if f.flows_right and f.right != value:
                    out["right"][f.field] = (f.right, value)
                continue
            if not f.differs:
                continue
            pick = choices.get(f.field) or f.default()
            if pick == "left" and f.flows_right:
                out["right"][f.field] = (f.right, f.left)
            elif pick == "right" and f.flows_left:
                out["left"][f.field] = (f.left, f.right)
        return out

    def undecided(
        self, choices: dict[str, Side], typed: dict[str, Canonical] | None = None
    ) -> list[str]:
        return [
            f.field
            for f in self.fields
            if f.differs
            and f.field not in choices
            and f.field not in (typed or {})
            and f.default() is None
        ]


def conflict_view(integration: Integration, error_id: int) -> ConflictView:
    """Read a conflict's two records as they are now, with the base of the last sync."""
    with integration.state.read() as s:
        err = s.get(SyncError, error_id)
        if err is None:
            raise UsageError(f"there is no sync error {error_id}")
        if err.kind != "conflict" or err.status != "open":
            raise UsageError(f"sync error {error_id} is not an open conflict")
        cp = s.scalars(
            select(Coupling).where(
                Coupling.mapping == err.mapping,
                Coupling.left_key == err.left_key,
                Coupling.right_key == err.right_key,
            )
        ).first()
        if cp is None or err.left_key is None or err.right_key is None:
            raise UsageError(f"the records of sync error {error_id} are no longer coupled")
        base = dict(cp.base)
        version, message = err.version, err.message
        left_key, right_key, mapping = err.left_key, err.right_key, err.mapping
    mt = integration.mapping_tables(mapping)
    titles: dict[Side, str] = {s: mt.side(s).title for s in SIDES}
    with mt.left.app.read_engine.connect() as conn:
        lrow = mt.left.fetch(conn, [left_key]).get(left_key)
    with mt.right.app.read_engine.connect() as conn:
        rrow = mt.right.fetch(conn, [right_key]).get(right_key)
    if lrow is None or rrow is None:
        gone: Side = "left" if lrow is None else "right"
        raise UsageError(f"the record was deleted in {titles[gone]} meanwhile")
    lookups = Lookups(integration, mt)
    lookups.prepare([lrow], [rrow])
    lv, rv = lookups.values("left", lrow), lookups.values("right", rrow)
    for v in (lv, rv):
        if isinstance(v, Unresolved):
            raise UsageError(v.message(titles))
    assert not isinstance(lv, Unresolved) and not isinstance(rv, Unresolved)
    fields = []
    for f in mt.mapping.fields:
        b = base.get(f.left, MISSING)
        limits = tuple(column_limit(mt.side(s), f.column(s)) for s in SIDES if f.flows(s))
        fields.append(
            FieldView(
                field=f.left,
                left_column=f.left,
                right_column=f.right,
                base=None if b is MISSING else b,
                left=lv.get(f.left),
                right=rv.get(f.left),
                left_changed=b is MISSING or lv.get(f.left) != b,
                right_changed=b is MISSING or rv.get(f.left) != b,
                flows_left=f.flows("left"),
                flows_right=f.flows("right"),
                editable=not f.lookup,
                read_kind=mt.left.read_kinds[f.left],
                limits=limits,
            )
        )
    return ConflictView(
        error_id=error_id,
        version=version,
        mapping=mapping,
        left_key=left_key,
        right_key=right_key,
        titles=titles,
        message=message,
        fields=tuple(fields),
    )


def changed_fields(shown: ConflictView, now: ConflictView) -> list[str]:
    """The fields whose value in either app is not what ``shown`` showed (``now`` is the
    same conflict read again)."""
    before = {f.field: (f.left, f.right) for f in shown.fields}
    return [f.field for f in now.fields if before.get(f.field) != (f.left, f.right)]
