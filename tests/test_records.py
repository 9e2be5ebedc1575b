"""The records browser's engine side: search, statuses, pairs, suggestions, one-way sync."""

from __future__ import annotations

import pytest
from builders import Env

from syncdesk.errors import UsageError
from syncdesk.models import Job
from syncdesk.sync.actions import couple, uncouple
from syncdesk.sync.records import (
    DIFFERS,
    ERROR,
    EXCLUDED,
    IN_SYNC,
    NOT_COUPLED,
    PARTNER_MISSING,
    match_fields,
    match_suggestions,
    record_pair,
    search_records,
    sync_record_direction,
)


def synced(env: Env, n: int = 3) -> list[str]:
    keys = env.customers(n)
    assert env.job().counts.inserted == n
    return keys


def test_search_by_key_and_by_any_mapped_field_ignoring_case(env: Env) -> None:
    synced(env, 3)
    env.update("left", "customer", "C00002", city="Brugge")
    with env.open() as it:
        assert [r.key for r in search_records(it, "CUSTOMER", "left", "")] == [
            "C00001",
            "C00002",
            "C00003",
        ]
        assert [r.key for r in search_records(it, "CUSTOMER", "left", "c00003")] == ["C00003"]
        assert [r.key for r in search_records(it, "CUSTOMER", "left", "bRUGge")] == ["C00002"]
        # a number column is searched as text too
        assert [r.key for r in search_records(it, "CUSTOMER", "left", "1002")] == ["C00003"]
        # LIKE wildcards are plain characters
        assert search_records(it, "CUSTOMER", "left", "%") == []
        assert search_records(it, "CUSTOMER", "left", "_") == []
        right = search_records(it, "CUSTOMER", "right", "customer 2")
        assert [r.values[0] for r in right] == ["Customer 2"]
        assert right[0].partner == "C00002"


def test_search_pages_in_key_order(env: Env) -> None:
    env.customers(7)
    with env.open() as it:
        pages = [
            [r.key for r in search_records(it, "CUSTOMER", "left", "", offset=o, limit=3)]
            for o in (0, 3, 6, 9)
        ]
    assert pages == [
        ["C00001", "C00002", "C00003"],
        ["C00004", "C00005", "C00006"],
        ["C00007"],
        [],
    ]


def test_every_status(env: Env) -> None:
    synced(env, 6)
    p = {k: env.partner(k) for k in ("C00001", "C00002", "C00003", "C00004", "C00005")}
    env.update("left", "customer", "C00002", city="Leuven")  # differs until the next job
    env.update("left", "customer", "C00003", city="Aalst")  # both changed: a conflict
    env.update("right", "account", p["C00003"], city="Lier")
    assert env.job().counts.conflicts == 1
    env.update("left", "customer", "C00002", city="Mechelen")  # changed after the job
    env.delete("right", "account", p["C00004"])  # not seen by a job yet
    with env.open() as it:
        uncouple(it, "CUSTOMER", "C00005", p["C00005"])
    new = env.insert("left", "customer", no="C00099", name="New", city="Gent")
    with env.open() as it:
        rows = {r.key: r for r in search_records(it, "CUSTOMER", "left", "")}
        right = {r.key: r for r in search_records(it, "CUSTOMER", "right", "")}
    assert rows["C00001"].status == IN_SYNC
    assert rows["C00001"].partner == p["C00001"]
    assert rows["C00002"].status == DIFFERS
    assert (rows["C00003"].status, rows["C00003"].error) == (ERROR, "conflict")
    assert rows["C00003"].error_id is not None
    assert rows["C00004"].status == PARTNER_MISSING
    assert (rows["C00005"].status, rows["C00005"].partner) == (EXCLUDED, None)
    assert right[p["C00005"]].status == EXCLUDED
    assert rows[new].status == NOT_COUPLED
    assert right[p["C00001"]].status == IN_SYNC
    assert right[p["C00003"]].status == ERROR


def test_lookup_values_compare_in_one_key_space(env: Env) -> None:
    synced(env, 1)
    env.insert("left", "contact", no="K1", name="Ann", company_no="C00001")
    assert env.job("CONTACT").counts.inserted == 1
    with env.open() as it:
        (left,) = search_records(it, "CONTACT", "left", "ann")
        (right,) = search_records(it, "CONTACT", "right", "ann")
        pair = record_pair(it, "CONTACT", "right", right.key)
    assert left.status == right.status == IN_SYNC
    # the right app holds the account's key, the left the customer's: not a difference
    assert right.values[1] == env.partner("C00001")
    assert not any(f.differs for f in pair.fields)


def test_record_pair_shows_both_records_field_by_field(env: Env) -> None:
    synced(env, 1)
    env.update("right", "account", env.partner("C00001"), city="Brussel")
    with env.open() as it:
        pair = record_pair(it, "CUSTOMER", "left", "C00001")
        with pytest.raises(UsageError, match="no CUSTOMER record"):
            record_pair(it, "CUSTOMER", "left", "nope")
    assert pair.record.status == DIFFERS and pair.partner_exists
    by = {f.field: f for f in pair.fields}
    assert (by["city"].this, by["city"].other, by["city"].differs) == ("Gent", "Brussel", True)
    assert by["city"].other_column == "city" and by["phone"].other_column == "telephone1"
    assert (by["name"].differs, by["credit"].differs) == (False, False)


def test_suggestions_match_couple_by_best_first_and_skip_coupled(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name", "city"]\nsync_only_coupled = true')
    env.insert("left", "customer", no="C1", name="Adatum", city="Gent")
    a = env.insert("right", "account", name=" adatum ", city="Gent")
    b = env.insert("right", "account", name="ADATUM", city="Brugge")
    c = env.insert("right", "account", name="Adatum", city="Gent")
    env.insert("right", "account", name="Fabrikam", city="Gent")
    env.insert("left", "customer", no="C2", name="Zeta", city="Gent")
    with env.open() as it:
        couple(it, "CUSTOMER", "C2", c)
        found = match_suggestions(it, "CUSTOMER", "left", "C1")
        assert match_fields(it.mapping_tables("CUSTOMER")) == ["name", "city"]
    assert [(s.record.key, s.matched, s.of) for s in found] == [(a, 2, 2), (b, 1, 2)]
    assert all(s.record.side == "right" and not s.record.coupled for s in found)


def test_suggestions_without_couple_by_use_the_first_text_field(env: Env) -> None:
    env.insert("right", "account", name="Litware", city="Gent")
    env.insert("left", "customer", no="C1", name="litware", city="Leuven")
    with env.open() as it:
        assert match_fields(it.mapping_tables("CUSTOMER")) == ["name"]
        (found,) = match_suggestions(it, "CUSTOMER", "left", "C1")
        assert found.record.values[0] == "Litware"
        assert match_suggestions(it, "CUSTOMER", "right", found.record.key)[0].record.key == "C1"


@pytest.mark.parametrize("direction", ["to-left", "to-right"])
def test_synchronize_now_in_a_chosen_direction(env: Env, direction: str) -> None:
    synced(env, 2)
    right = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", right, telephone1="0470", city="Lier")
    with env.open() as it:
        result = sync_record_direction(it, "CUSTOMER", "left", "C00001", direction)
        with it.state.read() as s:
            job = s.get(Job, result.job)
            assert job is not None
            assert (job.trigger, job.status, job.record) == ("manual", "succeeded", "left:C00001")
        (row,) = search_records(it, "CUSTOMER", "left", "C00001")
    assert result.counts.modified == 1
    assert row.status == IN_SYNC
    left_row = env.rows("left", "customer")["C00001"]
    right_row = env.rows("right", "account")[right]
    if direction == "to-right":
        assert (right_row["city"], right_row["telephone1"]) == ("Leuven", left_row["phone"])
    else:
        assert (left_row["city"], left_row["phone"]) == ("Lier", "0470")
    # the next job has nothing to do: the base moved on
    assert env.job().counts.modified == 0
    log = env.log("left", "C00001", "CUSTOMER")
    assert log[-1].direction == direction and log[-1].result == "ok"


def test_synchronize_now_resolves_the_pairs_conflict(env: Env) -> None:
    synced(env, 1)
    right = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", right, city="Lier")
    assert env.job().counts.conflicts == 1
    with env.open() as it:
        sync_record_direction(it, "CUSTOMER", "right", right, "to-left")
    assert env.errors() == []
    assert env.rows("left", "customer")["C00001"]["city"] == "Lier"


def test_synchronize_now_refuses_an_uncoupled_record(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Solo")
    with env.open() as it, pytest.raises(UsageError, match="not coupled"):
        sync_record_direction(it, "CUSTOMER", "left", "C1", "to-right")
    with env.open() as it, pytest.raises(UsageError, match="direction"):
        sync_record_direction(it, "CUSTOMER", "left", "C1", "sideways")


def test_state_reads_are_batched_per_page(lite: Env) -> None:
    """A page of 500 records reads the state with a handful of queries, not one per row."""
    from sqlalchemy import event

    lite.customers(500)
    lite.job()
    with lite.open() as it:
        engine = it.state.read_engine
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            rows = search_records(it, "CUSTOMER", "left", "", limit=500)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert len(rows) == 500 and {r.status for r in rows} == {IN_SYNC}
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 6


def test_a_one_way_field_that_differs_on_its_target_is_still_in_sync(env: Env) -> None:
    env.write_workspace(phone_direction="to-right")
    env.customers(1)
    env.job()
    env.update("right", "account", env.partner("C00001"), telephone1="changed in sales")
    assert env.job().counts.modified == 0  # the engine has nothing to do...
    with env.open() as it:
        (row,) = search_records(it, "CUSTOMER", "left", "C00001")
    assert row.status == "in sync"  # ...so the browser does not call it "differs"
    env.update("right", "account", env.partner("C00001"), city="Elsewhere")
    with env.open() as it:
        (row,) = search_records(it, "CUSTOMER", "left", "C00001")
    assert row.status == "differs"
