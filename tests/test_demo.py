"""The demo workspace: two app databases, a workspace file, and a history built by really
running the engine, in which every kind of sync error is open."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from syncdesk.demo import DEMO_FILES, MIN_RECORDS, demo_plan, write_demo
from syncdesk.errors import UsageError
from syncdesk.models import Coupling, SyncError
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import open_integration
from syncdesk.workspace import load_workspace

RECORDS = 30

# does a record still exist, per mapping and side
EXISTS = {
    ("CUSTOMER", "left"): "SELECT count(*) FROM customer WHERE no = ?",
    ("CUSTOMER", "right"): "SELECT count(*) FROM account WHERE accountid = ?",
    ("CONTACT", "left"): "SELECT count(*) FROM contact WHERE no = ?",
    ("CONTACT", "right"): "SELECT count(*) FROM contact WHERE contactid = ?",
    ("ITEM", "left"): "SELECT count(*) FROM item WHERE no = ?",
    ("ITEM", "right"): "SELECT count(*) FROM product WHERE productid = ?",
    ("SALESPERSON", "left"): "SELECT count(*) FROM salesperson WHERE code = ?",
    ("SALESPERSON", "right"): "SELECT count(*) FROM systemuser WHERE systemuserid = ?",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo for the tests that only read it."""
    return write_demo(tmp_path_factory.mktemp("shared") / "demo", RECORDS)


@pytest.fixture
def own_demo(tmp_path: Path) -> Path:
    """A demo of the test's own, for a test that changes it."""
    return write_demo(tmp_path / "demo", RECORDS)


@contextmanager
def app(path: Path) -> Iterator[sqlite3.Connection]:
    """An app database opened read-only, so a test cannot change what it checks."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        yield con


def open_errors(toml: Path) -> list[SyncError]:
    with open_integration(toml) as integration, integration.state.read() as s:
        return list(
            s.scalars(select(SyncError).where(SyncError.status == "open").order_by(SyncError.id))
        )


def couplings(toml: Path, mapping: str) -> list[tuple[str, str]]:
    with open_integration(toml) as integration, integration.state.read() as s:
        rows = s.execute(
            select(Coupling.left_key, Coupling.right_key).where(Coupling.mapping == mapping)
        )
        return [(left, right) for left, right in rows]


def exists(folder: Path, mapping: str, side: str, key: str) -> bool:
    with app(folder / ("erp.db" if side == "left" else "crm.db")) as con:
        return bool(con.execute(EXISTS[(mapping, side)], (key,)).fetchone()[0])


def dump(path: Path) -> list[str]:
    with app(path) as con:
        return list(con.iterdump())


def test_the_folder_holds_a_workspace_that_loads_and_opens(demo: Path) -> None:
    folder = demo.parent
    assert demo == folder / "syncdesk.toml"
    assert sorted(os.listdir(folder)) == sorted(DEMO_FILES)  # no half-built leftovers

    ws = load_workspace(demo)
    assert ws.name == "Contoso (demo)"
    assert ws.title("left") == "Business Central"
    assert ws.title("right") == "Dynamics 365 Sales"
    assert ws.state_url.endswith(str(folder / "syncdesk.state.db"))
    # listed out of dependency order in the file; run in dependency order
    assert [m.name for m in ws.mappings] == ["CONTACT", "ITEM", "CUSTOMER", "SALESPERSON"]
    order = [m.name for m in ws.ordered()]
    assert order.index("SALESPERSON") < order.index("CUSTOMER") < order.index("CONTACT")

    customer = ws.mapping("CUSTOMER")
    assert (customer.left.table, customer.right.table) == ("customer", "account")
    assert customer.couple_by == ("name",)
    assert customer.field("phone_no").direction == "to-right"
    assert customer.field("salesperson_code").lookup == "SALESPERSON"
    assert ws.mapping("CONTACT").field("company_no").lookup == "CUSTOMER"
    item = ws.mapping("ITEM")
    assert [(f.left, f.right) for f in item.fields] == [
        ("description", "name"),
        ("unit_price", "price"),
        ("base_unit_of_measure", "defaultuomid"),
    ]
    with open_integration(demo) as integration:  # validated against both schemas
        assert set(integration.tables) == {"CONTACT", "ITEM", "CUSTOMER", "SALESPERSON"}


def test_every_kind_of_sync_error_is_open(demo: Path) -> None:
    errors = open_errors(demo)
    kinds = Counter(e.kind for e in errors)
    assert kinds == demo_plan(RECORDS).expected_errors
    assert kinds["conflict"] >= 3
    assert kinds["deleted-left"] >= 2
    assert kinds["deleted-right"] >= 2
    assert kinds["failed"] >= 1

    for e in errors:
        if e.kind == "failed":
            assert e.mapping == "ITEM"
            assert e.message.startswith("Dynamics 365 Sales refused the write: ")
            assert "CHECK constraint failed" in e.message
            assert e.attempts == 2 and e.skip  # the same refusal twice: waits for Retry
        elif e.kind == "conflict":
            assert e.mapping == "CUSTOMER"
            assert "both changed" in e.message
            assert e.left_key and e.right_key
        else:
            gone = "Business Central" if e.kind == "deleted-left" else "Dynamics 365 Sales"
            assert e.message.endswith(f"was deleted in {gone}")
    failed = [e.message for e in errors if e.kind == "failed"]
    assert any("length(name) <= 40" in m for m in failed)
    assert any("price >= 0" in m for m in failed)
    # both a new item the CRM refused and a change to a coupled one
    assert any(e.right_key is None for e in errors if e.kind == "failed")
    assert any(e.right_key is not None for e in errors if e.kind == "failed")


def test_the_apps_afterwards(demo: Path) -> None:
    folder = demo.parent
    errors = open_errors(demo)
    deleted = {(e.mapping, e.left_key, e.right_key) for e in errors if e.kind.startswith("del")}

    # every coupled customer has the same name on both sides
    pairs = couplings(demo, "CUSTOMER")
    assert len(pairs) == RECORDS
    with app(folder / "erp.db") as erp, app(folder / "crm.db") as crm:
        left = dict(erp.execute("SELECT no, name FROM customer").fetchall())
        right = dict(crm.execute("SELECT accountid, name FROM account").fetchall())
        compared = 0
        for lk, rk in pairs:
            if ("CUSTOMER", lk, rk) in deleted:
                continue
            assert left[lk] == right[rk]
            compared += 1
        assert compared == RECORDS - sum(1 for d in deleted if d[0] == "CUSTOMER")

        # the CRM holds nothing it would refuse
        too_long = crm.execute("SELECT name FROM product WHERE length(name) > 40").fetchall()
        assert too_long == []
        assert crm.execute("SELECT count(*) FROM product WHERE price < 0").fetchone()[0] == 0
        assert crm.execute("SELECT count(*) FROM account WHERE length(name) > 60").fetchone() == (
            0,
        )
        # while the ERP still holds what the CRM refused
        assert erp.execute("SELECT count(*) FROM item WHERE length(description) > 40").fetchone()[
            0
        ] == (demo_plan(RECORDS).long_items + demo_plan(RECORDS).failed_updates)
        assert erp.execute("SELECT count(*) FROM item WHERE unit_price < 0").fetchone()[0] == 1

    # a deleted record is gone on its side only: nothing was deleted on the other
    for e in errors:
        if not e.kind.startswith("deleted"):
            continue
        assert e.left_key is not None and e.right_key is not None
        if e.kind == "deleted-left":
            assert not exists(folder, e.mapping, "left", e.left_key)
            assert exists(folder, e.mapping, "right", e.right_key)
        else:
            assert exists(folder, e.mapping, "left", e.left_key)
            assert not exists(folder, e.mapping, "right", e.right_key)


def test_conflicting_values_are_left_as_they_are(demo: Path) -> None:
    folder = demo.parent
    conflicts = [e for e in open_errors(demo) if e.kind == "conflict"]
    columns = {
        "city": ("city", "address1_city"),
        "post_code": ("post_code", "address1_postalcode"),
        "email": ("email", "emailaddress1"),
        "credit_limit": ("credit_limit", "creditlimit"),
        "address": ("address", "address1_line1"),
    }
    with app(folder / "erp.db") as erp, app(folder / "crm.db") as crm:
        erp.row_factory = sqlite3.Row
        crm.row_factory = sqlite3.Row
        for e in conflicts:
            left = erp.execute("SELECT * FROM customer WHERE no = ?", (e.left_key,)).fetchone()
            right = crm.execute(
                "SELECT * FROM account WHERE accountid = ?", (e.right_key,)
            ).fetchone()
            assert e.detail["fields"]
            for name in e.detail["fields"]:
                lcol, rcol = columns[name]
                assert left[lcol] != right[rcol]  # nothing was written to either side
                assert e.detail["left"][name] != e.detail["base"][name]
                assert e.detail["right"][name] != e.detail["base"][name]


def test_one_more_sync_adds_no_error_and_writes_nothing(own_demo: Path) -> None:
    demo = own_demo
    folder = demo.parent
    before = [(e.id, e.kind, e.attempts) for e in open_errors(demo)]
    apps_before = {name: dump(folder / name) for name in ("erp.db", "crm.db")}

    with open_integration(demo) as integration:
        results = run_sync(integration, trigger="queue")

    assert sorted(r.mapping for r in results) == ["CONTACT", "CUSTOMER", "ITEM", "SALESPERSON"]
    for r in results:
        assert r.status == "succeeded", r.message
        assert (r.counts.inserted, r.counts.modified, r.counts.deleted) == (0, 0, 0)
        assert (r.counts.failed, r.counts.conflicts) == (0, 0)
    # a job counts as passed over the records with an open error that it reads again;
    # which those are follows the stamps (the demo's last writes, a moment ago), never more
    assert sum(r.counts.skipped for r in results) <= len(before)
    assert [(e.id, e.kind, e.attempts) for e in open_errors(demo)] == before
    assert {name: dump(folder / name) for name in ("erp.db", "crm.db")} == apps_before


def test_refuses_a_folder_that_holds_a_workspace(demo: Path) -> None:
    folder = demo.parent
    text = demo.read_bytes()
    with pytest.raises(UsageError, match=r"already holds a workspace \(syncdesk\.toml\)") as info:
        write_demo(folder, RECORDS)
    assert "\n" not in str(info.value)
    assert demo.read_bytes() == text
    assert sorted(os.listdir(folder)) == sorted(DEMO_FILES)


def test_refuses_a_folder_that_holds_a_database(tmp_path: Path) -> None:
    (tmp_path / "erp.db").write_bytes(b"someone's data")
    with pytest.raises(UsageError, match=r"erp\.db"):
        write_demo(tmp_path, RECORDS)
    assert (tmp_path / "erp.db").read_bytes() == b"someone's data"
    assert sorted(os.listdir(tmp_path)) == ["erp.db", "xdg"]


def test_refuses_too_few_records(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=f"at least {MIN_RECORDS}"):
        write_demo(tmp_path / "demo", MIN_RECORDS - 1)
    assert not (tmp_path / "demo").exists()


def test_the_same_seed_makes_the_same_apps(tmp_path: Path) -> None:
    def customers(toml: Path) -> list[tuple[str, ...]]:
        with app(toml.parent / "erp.db") as erp:
            return erp.execute(
                "SELECT no, name, address, city, phone_no, email FROM customer"
                " WHERE no GLOB 'C[0-9]*' ORDER BY no"
            ).fetchall()

    first = customers(write_demo(tmp_path / "a", MIN_RECORDS, seed=3))
    again = customers(write_demo(tmp_path / "b", MIN_RECORDS, seed=3))
    other = customers(write_demo(tmp_path / "c", MIN_RECORDS, seed=4))
    assert first == again
    assert first != other
    assert len(first) >= MIN_RECORDS * 0.8
