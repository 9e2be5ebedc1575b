"""The three-way merge and value folding, as pure functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from syncdesk.sync.merge import choose, merge
from syncdesk.sync.values import canonical
from syncdesk.workspace import FieldMap

F = (
    FieldMap("name", "name"),
    FieldMap("city", "city"),
    FieldMap("phone", "telephone1", direction="to-right"),
)

values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))


def test_one_side_changed_is_copied() -> None:
    base = {"name": "A", "city": "Gent", "phone": "1"}
    m = merge(F, {**base, "city": "Brugge"}, base, base)
    assert m.to_right == {"city": "Brugge"} and m.to_left == {}
    assert m.base["city"] == "Brugge" and m.changes_right == {"city": ("Gent", "Brugge")}


def test_conflict_writes_nothing() -> None:
    base = {"name": "A", "city": "Gent", "phone": "1"}
    m = merge(F, {**base, "city": "X", "name": "B"}, {**base, "city": "Y"}, base)
    assert m.conflicts == ["city"] and m.to_left == {} and m.to_right == {}


def test_one_way_field_flows_one_way_only() -> None:
    base = {"name": "A", "city": "Gent", "phone": "1"}
    m = merge(F, base, {**base, "phone": "2"}, base)
    assert m.to_left == {} and m.to_right == {}
    m = merge(F, {**base, "phone": "3"}, {**base, "phone": "2"}, base)
    assert m.to_right == {"phone": "3"} and not m.conflicts


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries({"name": values, "city": values, "phone": values}),
    st.fixed_dictionaries({"name": values, "city": values, "phone": values}),
    st.fixed_dictionaries({"name": values, "city": values, "phone": values}),
)
def test_after_applying_a_merge_both_sides_agree_or_it_is_a_conflict(left, right, base) -> None:  # type: ignore[no-untyped-def]
    m = merge(F, left, right, base)
    if m.conflicts:
        assert m.to_left == {} and m.to_right == {}
        return
    new_left, new_right = {**left, **m.to_left}, {**right, **m.to_right}
    for f in F:
        if f.direction == "bidirectional":
            assert new_left[f.left] == new_right[f.left] == m.base[f.left]
    # merging again with the new base changes nothing: no ping-pong
    again = merge(F, new_left, new_right, m.base)
    assert again.to_left == {} and again.to_right == {} and not again.conflicts


def test_choose_takes_the_chosen_side() -> None:
    m = choose(F, {"name": "A", "city": "X"}, {"name": "A", "city": "Y"}, {"city": "right"})
    assert m.to_left == {"city": "Y"} and m.base["city"] == "Y"


def test_values_fold_the_same_way_on_both_sides() -> None:
    assert canonical("") is None and canonical("  ") is None
    assert canonical("Gent  ") == "Gent"
    assert canonical(Decimal("10.10")) == canonical(10.1) == 10.1
    assert canonical(0.1 + 0.2) == canonical(Decimal("0.3"))
    assert canonical(Decimal("5.00")) == canonical(5) == 5
    aware = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert canonical(aware) == canonical(dt.datetime(2026, 1, 1, 9, 0))
    assert canonical("2026-01-01 09:00:00.000000", "datetime") == canonical(
        dt.datetime(2026, 1, 1, 9, 0)
    )
    assert canonical(dt.date(2026, 3, 4)) == canonical("2026-03-04", "date")
    assert canonical(1, "bool") is True and canonical("1", "bool") is True
