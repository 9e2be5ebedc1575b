"""Change detection by merging two key-ordered streams (the app's rows and the couplings),
as a job does from :data:`MERGE_FROM` couplings on: the same records found as by looking
each key up, on text keys and on integer keys (whose text order is not their number
order), on SQLite and PostgreSQL; and a database whose order is not Python's is caught
and the scan falls back to lookups, finding the same."""

from __future__ import annotations

from typing import Any

import pytest
from builders import Env

from syncdesk.sync import detect
from syncdesk.sync.detect import Detector, OrderBroken, SideFound, _Merged


def _findings(found: SideFound) -> dict[str, Any]:
    return {
        "changed": sorted(found.changed),
        "new": sorted(found.new_keys),
        "missing": sorted(found.missing),
        "back": sorted(found.back),
        "reused": sorted(found.reused),
        "rows": found.rows,
        "count": found.count,
    }


@pytest.fixture
def merging(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Merge from the first coupling on; counts the scans that merged. Every scan of a
    job is made a second time by looking each key up (nothing is written in between),
    and must find the very same records."""
    monkeypatch.setattr(detect, "MERGE_FROM", 0)
    merged: list[int] = []
    take = _Merged.take
    run = Detector.run

    def counting(self: _Merged, keys: list[str]) -> Any:
        merged.append(len(keys))
        return take(self, keys)

    def both_ways(self: Detector) -> SideFound:
        found = run(self)
        monkeypatch.setattr(detect, "MERGE_FROM", 10**12)
        try:
            looked_up = run(self)
        finally:
            monkeypatch.setattr(detect, "MERGE_FROM", 0)
        assert _findings(found) == _findings(looked_up), self.side
        return found

    monkeypatch.setattr(_Merged, "take", counting)
    monkeypatch.setattr(Detector, "run", both_ways)
    return merged


def _scenario(env: Env) -> None:
    """Changes, new records and deletions on both sides, in two mappings; asserts what
    every job finds."""
    env.customers(12)
    for i in range(1, 13):
        # integer keys made by the CRM: 1..12, whose text order is 1, 10, 11, 12, 2, ...
        env.insert("right", "contact", fullname=f"Contact {i}", parentcustomerid=None)
    first = env.sync()
    assert [r.counts.inserted for r in first] == [12, 12]
    # nothing changed: nothing written
    again = env.sync()
    assert [(r.counts.modified, r.counts.inserted) for r in again] == [(0, 0), (0, 0)]
    # one change on each side of each mapping, a new record on each side, a deletion
    env.update("left", "customer", "C00003", city="Aalst")
    env.update("right", "account", env.partner("C00007"), city="Zele")
    contacts = env.rows("right", "contact")
    ten = next(k for k, c in contacts.items() if c["fullname"] == "Contact 10")
    two = next(k for k, c in contacts.items() if c["fullname"] == "Contact 2")
    env.update("right", "contact", ten, fullname="Contact Ten")
    env.insert("left", "customer", no="C00100", name="New Left", city="Gent")
    env.insert("right", "account", accountid="A-NEW", name="New Right", city="Mol")
    env.delete("right", "contact", two)
    results = {r.mapping: r for r in env.sync()}
    cust, cont = results["CUSTOMER"], results["CONTACT"]
    assert (cust.counts.modified, cust.counts.inserted) == (2, 2)
    assert (cont.counts.modified, cont.counts.inserted) == (1, 0)
    assert env.rows("right", "account")[env.partner("C00003")]["city"] == "Aalst"
    assert env.rows("left", "customer")["C00007"]["city"] == "Zele"
    left_contacts = {c["name"] for c in env.rows("left", "contact").values()}
    assert "Contact Ten" in left_contacts
    [err] = env.errors()
    assert (err.kind, err.mapping, err.right_key) == ("deleted-right", "CONTACT", two)
    # and a full job finds nothing more
    full = env.sync(full=True)
    assert [(r.counts.modified, r.counts.inserted) for r in full] == [(0, 0), (0, 0)]
    assert len(env.errors()) == 1


def test_a_merged_scan_finds_what_lookups_find(env: Env, merging: list[int]) -> None:
    _scenario(env)
    assert merging, "no scan merged"


def test_an_order_the_database_breaks_falls_back_to_lookups(
    env: Env, merging: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.sync.side_table import SideTable

    key_order = SideTable.key_order

    def backwards(self: SideTable) -> Any:
        order = key_order(self)
        return None if order is None else order.desc()

    monkeypatch.setattr(SideTable, "key_order", backwards)
    broke: list[str] = []
    advance = _Merged.take

    def watching(self: _Merged, keys: list[str]) -> Any:
        try:
            return advance(self, keys)
        except OrderBroken as exc:
            broke.append(str(exc))
            raise

    monkeypatch.setattr(_Merged, "take", watching)
    _scenario(env)
    assert broke, "the reversed order was never noticed"


def test_the_merge_matches_keys_and_refuses_an_order_that_goes_back() -> None:
    rows = iter([("a", 1, "s1", None, 0), ("c", 2, "s2", None, 1), ("d", 3, None, "x", 0)])
    merged = _Merged(rows)
    assert merged.take(["a", "b"]) == {"a": (1, "s1", None, False)}
    assert merged.take(["c", "c", "e"]) == {"c": (2, "s2", None, True)}
    with pytest.raises(OrderBroken):
        merged.take(["d"])  # before "e": the app's order went back
    with pytest.raises(OrderBroken):
        _Merged(iter([("b", 1, None, None, 0), ("a", 2, None, None, 0)])).take(["z"])


# -- a job that wrote many records reads its window once more -------------------------------


@pytest.mark.parametrize("settle_from", [4, 10**9])
def test_a_change_made_while_a_big_job_writes_is_synced_by_that_job(
    env: Env, monkeypatch: pytest.MonkeyPatch, settle_from: int
) -> None:
    """Someone edits a record the job already copied, while the job writes the rest: a job
    that wrote many records (here: 4 or more) reads its window again before it ends, and
    copies the edit at once; a smaller job leaves it to the next one."""
    from syncdesk.sync import apply, engine

    monkeypatch.setattr(engine, "SETTLE_PASS_FROM", settle_from)
    env.customers(6)
    original = apply._write_side
    calls: list[str] = []

    def edit_meanwhile(integration: Any, table: Any, ops: Any, floor: Any) -> None:
        original(integration, table, ops, floor)
        calls.append(table.side)
        if len(calls) == 2:  # after the second batch of inserts into the CRM
            env.update("left", "customer", "C00001", city="Meanwhile")

    monkeypatch.setattr(apply, "_write_side", edit_meanwhile)
    r = env.job(batch=2)
    assert r.counts.inserted == 6
    crm_city = env.rows("right", "account")[env.partner("C00001")]["city"]
    if settle_from == 4:
        assert (r.counts.modified, crm_city) == (1, "Meanwhile")
    else:
        assert (r.counts.modified, crm_city) == (0, "Gent")
        assert env.job().counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Meanwhile"
