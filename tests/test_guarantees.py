"""The sync's guarantees, proven the way a user would notice them: rows in both apps,
couplings, sync errors and record log lines.

1. No change lost, none written twice, when a sync process is killed anywhere.
2. No lost update: a change an app makes between the engine's read and its write is
   never overwritten.
3. Idempotent, no ping-pong: a job with nothing to do writes nothing, and values that
   went from one app to the other and back compare equal.
6. SQLite locking: the engine writes in ``BEGIN IMMEDIATE`` transactions and leaves the
   apps' journal mode alone.

(4, nothing missed, is in test_engine.py; 5, bad input, in test_bad_input.py.)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builders import MODIFIED, TABLES, Env, account, customer, now, sqlite_env
from sqlalchemy import delete, insert, select, update

from syncdesk.models import Job, LogEntry, SyncError
from syncdesk.sync.engine import run_sync
from syncdesk.sync.values import canonical

HERE = Path(__file__).parent
KILLABLE = HERE / "killable_sync.py"
CUSTOMER_FIELDS = (("name", "name"), ("city", "city"), ("phone", "telephone1"))


# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------


@dataclass
class Expected:
    """What both apps must hold in the end, by record name (names are unique)."""

    customers: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> left values
    contacts: dict[str, str | None] = field(default_factory=dict)  # name -> company name


def _credit(value: Any) -> Any:
    return canonical(value, "number")


def _fast_folder(tmp_path: Path) -> Path:
    """A folder in memory when there is one: SQLite's fsyncs cost nothing there, and a
    killed process leaves its files as they are either way."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="syncdesk-test-", dir=shm))
    return Path(tempfile.mkdtemp(dir=tmp_path))


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    folder = _fast_folder(tmp_path)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fast(fast_dir: Path) -> Iterator[Env]:
    """Two SQLite apps and the state, like ``lite``, in the fast folder."""
    e = sqlite_env(fast_dir)
    yield e
    e.dispose()


def log_entries(env: Env) -> list[LogEntry]:
    with env.open() as integration, integration.state.read() as s:
        return list(s.scalars(select(LogEntry).order_by(LogEntry.id)))


def jobs(env: Env) -> list[Job]:
    with env.open() as integration, integration.state.read() as s:
        return list(s.scalars(select(Job).order_by(Job.id)))


def assert_in_step(env: Env, expected: Expected) -> None:
    """Both apps hold exactly the expected records, coupled 1:1, with equal values."""
    customers = env.rows("left", "customer")
    accounts = env.rows("right", "account")
    # no duplicate, none lost, on either side
    assert sorted(c["name"] for c in customers.values()) == sorted(expected.customers)
    assert sorted(a["name"] for a in accounts.values()) == sorted(expected.customers)
    couplings = env.couplings("CUSTOMER")
    assert set(couplings) == set(customers)
    assert sorted(couplings.values()) == sorted(accounts)  # 1:1
    for lk, rk in couplings.items():
        c, a = customers[lk], accounts[rk]
        want = expected.customers[c["name"]]
        for lf, rf in CUSTOMER_FIELDS:
            assert canonical(c[lf]) == canonical(a[rf]) == canonical(want[lf]), (c, a, want)
        assert _credit(c["credit"]) == _credit(a["creditlimit"]) == _credit(want["credit"])
    if expected.contacts:
        by_key = {k: c["name"] for k, c in customers.items()}
        r2l = {rk: lk for lk, rk in couplings.items()}
        left = env.rows("left", "contact")
        right = env.rows("right", "contact")
        assert sorted(c["name"] for c in left.values()) == sorted(expected.contacts)
        assert sorted(c["fullname"] for c in right.values()) == sorted(expected.contacts)
        kc = env.couplings("CONTACT")
        assert set(kc) == set(left) and sorted(kc.values()) == sorted(right)
        for lk, rk in kc.items():
            lc, rc = left[lk], right[rk]
            assert lc["name"] == rc["fullname"]
            company = expected.contacts[lc["name"]]
            assert (by_key[lc["company_no"]] if lc["company_no"] else None) == company
            assert (by_key[r2l[rc["parentcustomerid"]]] if rc["parentcustomerid"] else None) == (
                company
            )
    # no false conflict, nothing half-done left behind
    assert env.errors() == []
    entries = log_entries(env)
    assert [e for e in entries if e.result == "pending"] == []


def assert_one_insert_each(env: Env, mappings: tuple[str, ...] = ("CUSTOMER", "CONTACT")) -> None:
    """Every coupled pair was inserted exactly once, and that insert is logged ok."""
    entries = log_entries(env)
    for mapping in mappings:
        inserts = [e for e in entries if e.mapping == mapping and e.action == "insert"]
        assert {e.result for e in inserts} <= {"ok"}
        per_pair = Counter((e.left_key, e.right_key) for e in inserts)
        couplings = env.couplings(mapping)
        assert per_pair == Counter(couplings.items()), mapping


def bulk_insert(env: Env, side: str, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert many records in one transaction, stamped like the apps' own code does."""
    t = TABLES[side][table]
    stamp = MODIFIED[side]
    with env.engines[side].begin() as c:
        c.execute(insert(t), [{stamp: now(), **r} for r in rows])


def bulk_update(env: Env, side: str, table: str, changes: dict[str, dict[str, Any]]) -> None:
    """Update many records (by key) in one transaction, stamping the modified column."""
    t = TABLES[side][table]
    key = next(iter(t.primary_key.columns))
    with env.engines[side].begin() as c:
        for k, values in changes.items():
            n = c.execute(update(t).where(key == k).values({MODIFIED[side]: now(), **values}))
            assert n.rowcount == 1


def _values(name: str, city: str | None, phone: str | None, credit: Any) -> dict[str, Any]:
    return {"name": name, "city": city, "phone": phone, "credit": credit}


def base_records(env: Env, expected: Expected, n_left: int, n_right: int) -> None:
    rows = []
    for i in range(1, n_left + 1):
        v = _values(f"Customer {i}", "Gent", f"09 {i:06d}", Decimal(1000 + i))
        rows.append({"no": f"C{i:05d}", **v})
        expected.customers[v["name"]] = v
    bulk_insert(env, "left", "customer", rows)
    rows = []
    for i in range(n_right):
        v = _values(f"Account {i}", "Mons", f"065 {i:06d}", 500.25 + i)
        rows.append(
            {
                "accountid": f"A-{i:05d}",
                "name": v["name"],
                "city": v["city"],
                "telephone1": v["phone"],
                "creditlimit": v["credit"],
            }
        )
        expected.customers[v["name"]] = v
    bulk_insert(env, "right", "account", rows)


def changes_scenario(env: Env, scale: float = 1) -> Expected:
    """Coupled records on both sides, then a few hundred pending changes of every kind:
    new records on both sides, one-sided modifications on both sides, both sides changed
    in different fields (a merge), new and modified contacts that look up customers."""
    expected = Expected()
    base_records(env, expected, int(60 * scale), int(30 * scale))
    rows = [{"no": f"K{i:04d}", "name": f"Contact {i}", "company_no": "C00001"} for i in range(20)]
    bulk_insert(env, "left", "contact", rows)
    expected.contacts.update({r["name"]: "Customer 1" for r in rows})
    env.sync()
    couplings = env.couplings()
    # pending work for the job that will be killed
    rows = []
    for i in range(int(70 * scale)):
        v = _values(f"New Left {i}", "Aalst", None, 7)
        rows.append({"no": f"N{i:05d}", **v})
        expected.customers[v["name"]] = v
    bulk_insert(env, "left", "customer", rows)
    rows = []
    for i in range(int(50 * scale)):
        v = _values(f"New Right {i}", None, None, 0.1 + 0.2 + i)
        rows.append({"accountid": f"B-{i:05d}", "name": v["name"], "creditlimit": v["credit"]})
        expected.customers[v["name"]] = v
    bulk_insert(env, "right", "account", rows)
    customers = env.rows("left", "customer")
    left_changes: dict[str, dict[str, Any]] = {}
    right_changes: dict[str, dict[str, Any]] = {}
    for n, lk in enumerate(sorted(couplings)):
        want = expected.customers[customers[lk]["name"]]
        if n % 3 == 0:  # changed in the ERP
            left_changes[lk] = {"city": f"Left city {n}"}
            want["city"] = f"Left city {n}"
        elif n % 3 == 1:  # changed in the CRM
            right_changes[couplings[lk]] = {"telephone1": f"+32 {n}"}
            want["phone"] = f"+32 {n}"
        elif n % 6 == 2:  # both, in different fields
            left_changes[lk] = {"credit": Decimal("12.34") + n}
            right_changes[couplings[lk]] = {"city": f"Right city {n}"}
            want["credit"] = Decimal("12.34") + n
            want["city"] = f"Right city {n}"
    bulk_update(env, "left", "customer", left_changes)
    bulk_update(env, "right", "account", right_changes)
    rows = [
        {"no": f"M{i:04d}", "name": f"New Contact {i}", "company_no": "C00002"} for i in range(10)
    ]
    bulk_insert(env, "left", "contact", rows)
    expected.contacts.update({r["name"]: "Customer 2" for r in rows})
    rows = [
        {"fullname": f"Sales Contact {i}", "parentcustomerid": couplings["C00003"]}
        for i in range(int(10 * scale))
    ]
    bulk_insert(env, "right", "contact", rows)
    expected.contacts.update({r["fullname"]: "Customer 3" for r in rows})
    env.update("left", "contact", "K0001", name="Renamed Contact")
    expected.contacts["Renamed Contact"] = expected.contacts.pop("Contact 1")
    return expected


def run_killable(
    env: Env, fault: str | None = None, *, kill_after: float | None = None, batch: int = 20
) -> int:
    """Run the sync in a subprocess; returns its exit status (-9 when killed)."""
    environ = dict(os.environ)
    environ.pop("SYNCDESK_FAULT", None)
    if fault is not None:
        environ["SYNCDESK_FAULT"] = fault
    proc = subprocess.Popen(
        [sys.executable, str(KILLABLE), str(env.workspace), str(batch)],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if kill_after is not None:
        # timed from the job's start, not the process's (Python's start and the imports
        # take about as long as a small job)
        assert proc.stdout is not None
        proc.stdout.readline()
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"sync process failed ({proc.returncode}): {err.decode()}")
    return proc.returncode


def finish_and_check(env: Env, expected: Expected, *, inserts: bool = True) -> None:
    """A normal sync finishes the work; afterwards both apps are in step."""
    results = env.sync()
    assert [r.status for r in results] == ["succeeded", "succeeded"]
    assert_in_step(env, expected)
    if inserts:
        assert_one_insert_each(env)
    # and the job after that has nothing left to do
    for r in env.sync(full=True):
        assert (r.counts.inserted, r.counts.modified, r.counts.deleted) == (0, 0, 0)
        assert (r.counts.failed, r.counts.conflicts, r.counts.skipped) == (0, 0, 0)


# ----------------------------------------------------------------------------------------
# 1. no change lost, none written twice
# ----------------------------------------------------------------------------------------

SQLITE_FAULTS = [
    "after-journal:1",
    "after-journal:4",
    "after-app-write:1",
    "after-app-write:2",
    "after-app-write:5",
    "after-state-commit:1",
    "after-state-commit:7",
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("backend", "fault"),
    [("sqlite", f) for f in SQLITE_FAULTS]
    + [pytest.param("postgres", "after-app-write:3", marks=pytest.mark.postgres)],
)
def test_a_sync_killed_at_a_fault_point_loses_and_doubles_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, fast_dir: Path, backend: str, fault: str
) -> None:
    if backend == "sqlite":
        env = sqlite_env(fast_dir)
    else:
        make = request.getfixturevalue("pg_url_factory")
        env = Env(tmp_path, make("erp"), make("crm"), make("state"))
    try:
        expected = changes_scenario(env)
        assert run_killable(env, fault) == -signal.SIGKILL
        # the killed job is on record as interrupted once the next job ran
        finish_and_check(env, expected)
        killed = [j for j in jobs(env) if j.status == "failed"]
        assert len(killed) == 1 and "interrupted" in (killed[0].message or "")
    finally:
        env.dispose()


def test_an_update_finished_by_recovery_then_changed_again_is_no_conflict(fast: Env) -> None:
    """Killed after the CRM got the new values but before the state knew: when the ERP
    changes the same records again before the next job, that is a one-sided change."""
    env = fast
    env.customers(30)
    env.job()
    bulk_update(
        env, "left", "customer", {f"C{i:05d}": {"city": f"First {i}"} for i in range(1, 31)}
    )
    assert run_killable(env, "after-app-write:1") == -signal.SIGKILL
    accounts = env.rows("right", "account")
    assert sum(a["city"].startswith("First") for a in accounts.values()) == 20  # one batch
    bulk_update(
        env, "left", "customer", {f"C{i:05d}": {"city": f"Second {i}"} for i in range(1, 31)}
    )
    r = env.job()
    assert (r.counts.modified, r.counts.conflicts) == (30, 0)
    assert env.errors() == []
    accounts = env.rows("right", "account")
    assert sorted(a["city"] for a in accounts.values()) == sorted(
        f"Second {i}" for i in range(1, 31)
    )
    # the write the killed job made is logged once, as finished after the interruption
    first, second = (e for e in env.log("left", "C00001") if e.action == "modify")
    assert (first.result, first.message) == ("ok", "finished after an interruption")
    assert first.changes == {"city": ["Gent", "First 1"]}
    assert (second.result, second.changes) == ("ok", {"city": ["First 1", "Second 1"]})
    assert [e.result for e in env.log("left", "C00030") if e.action == "modify"] == ["ok"]


def test_inserts_finished_by_recovery_are_logged_with_the_values_written(fast: Env) -> None:
    """Killed after the CRM got a batch of new records but before the state knew: the next
    job finds them and logs each insert as the killed job would have, values and all."""
    env = fast
    env.customers(30)
    assert run_killable(env, "after-app-write:1") == -signal.SIGKILL
    assert len(env.rows("right", "account")) == 20  # one batch landed
    env.job()
    accounts = env.rows("right", "account")
    assert len(accounts) == 30 and len(env.couplings()) == 30
    [entry] = env.log("left", "C00001")
    assert (entry.action, entry.direction, entry.result) == ("insert", "to-right", "ok")
    assert entry.message == "finished after an interruption"
    rk = env.partner("C00001")
    assert entry.changes == {
        "name": [None, accounts[rk]["name"]],
        "city": [None, accounts[rk]["city"]],
        "phone": [None, accounts[rk]["telephone1"]],
        "credit": [None, 1000],
    }
    # just as the job that followed logged the records it inserted itself
    [later] = env.log("left", "C00021")
    assert later.message != entry.message
    assert later.changes["credit"] == [None, 1020] and set(later.changes) == set(entry.changes)


@pytest.mark.slow
def test_a_sync_killed_at_random_moments_loses_and_doubles_nothing(fast_dir: Path) -> None:
    rng = random.Random(20240611)
    killed = 0
    for run in range(2):
        folder = fast_dir / f"run{run}"
        folder.mkdir()
        env = sqlite_env(folder)
        try:
            expected = changes_scenario(env, scale=2)
            # killed again and again, also while a job recovers what the last one left
            for _ in range(3):
                if run_killable(env, kill_after=rng.uniform(0.0, 0.5), batch=5) != 0:
                    killed += 1
            finish_and_check(env, expected)
        finally:
            env.dispose()
    assert killed >= 3  # most runs were really killed part-way


def deletions_scenario(env: Env) -> tuple[Expected, set[str]]:
    """Coupled records, then some deleted in the ERP and others in the CRM, and new ones."""
    expected = Expected()
    base_records(env, expected, 80, 40)
    env.job()
    couplings = env.couplings()
    customers = env.rows("left", "customer")
    keys = sorted(couplings)
    with env.engines["left"].begin() as c:
        c.execute(delete(customer).where(customer.c.no.in_(keys[0::4])))
    with env.engines["right"].begin() as c:
        c.execute(delete(account).where(account.c.accountid.in_(couplings[k] for k in keys[1::4])))
    gone = {customers[lk]["name"] for lk in keys[0::4] + keys[1::4]}
    rows = []
    for i in range(15):
        v = _values(f"New Left {i}", "Aalst", None, 7)
        rows.append({"no": f"N{i:05d}", **v})
        expected.customers[v["name"]] = v
    bulk_insert(env, "left", "customer", rows)
    return expected, gone


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["after-journal:1", "after-app-write:1", "after-app-write:2"])
@pytest.mark.parametrize("policy", ["restore", "delete"])
def test_a_killed_sync_restores_or_deletes_each_record_exactly_once(
    fast: Env, policy: str, fault: str
) -> None:
    env = fast
    env.write_workspace(extra=f'on_delete = "{policy}"')
    expected, gone = deletions_scenario(env)
    if policy == "delete":
        for name in gone:
            del expected.customers[name]
    assert run_killable(env, fault) == -signal.SIGKILL
    finish_and_check(env, expected, inserts=False)
    entries = [e for e in log_entries(env) if e.mapping == "CUSTOMER"]
    # 120 records inserted by the first job and 15 new ones, each once
    inserts = Counter((e.left_key, e.right_key) for e in entries if e.action == "insert")
    assert len(inserts) == 135 and set(inserts.values()) == {1}
    assert {e.result for e in entries if e.action == "insert"} == {"ok"}
    customers = env.rows("left", "customer")
    for lk, rk in env.couplings().items():
        if customers[lk]["name"] not in gone:
            assert inserts[(lk, rk)] == 1
    done = [e for e in entries if e.action == policy]
    assert {e.result for e in done} == {"ok"}
    if policy == "restore":
        # each deleted record re-created once, in the app where it was deleted, and coupled
        customers = env.rows("left", "customer")
        name_of = {lk: customers[lk]["name"] for lk in customers}
        now_coupled = {name_of[lk]: (lk, rk) for lk, rk in env.couplings().items()}
        assert Counter((e.left_key, e.right_key) for e in done) == Counter(
            now_coupled[name] for name in gone
        )
    else:
        # each deletion passed on once; the pair is uncoupled
        assert len(done) == len(gone)
        assert len({(e.left_key, e.right_key) for e in done}) == len(gone)
        couplings = env.couplings()
        for e in done:
            assert e.left_key not in couplings and e.right_key not in couplings.values()


# ----------------------------------------------------------------------------------------
# 2. no lost update
# ----------------------------------------------------------------------------------------


def test_a_change_made_between_read_and_write_is_never_overwritten(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.sync import apply as writer

    env.customers(3)
    env.job()
    r1, r2, r3 = (env.partner(k) for k in ("C00001", "C00002", "C00003"))
    for n in (1, 2, 3):
        env.update("left", "customer", f"C0000{n}", city=f"Leuven {n}")
    original = writer._write_side

    def app_changes_first(integration: Any, table: Any, ops: list[Any], floor: Any) -> None:
        # the CRM's own users save these records after the engine read them
        if table.side == "right":
            env.update("right", "account", r1, telephone1="0470 11 11 11")  # another field
            env.update("right", "account", r2, city="Hasselt")  # the same field
        original(integration, table, ops, floor)

    monkeypatch.setattr(writer, "_write_side", app_changes_first)
    r = env.job()
    monkeypatch.setattr(writer, "_write_side", original)
    assert r.status == "succeeded" and r.counts.modified == 1  # only C00003 was written
    accounts = env.rows("right", "account")
    assert (accounts[r1]["city"], accounts[r1]["telephone1"]) == ("Gent", "0470 11 11 11")
    assert accounts[r2]["city"] == "Hasselt"
    assert accounts[r3]["city"] == "Leuven 3"
    for lk in ("C00001", "C00002"):
        entry = env.log("left", lk)[-1]
        assert (entry.action, entry.direction, entry.result) == ("modify", "to-right", "skipped")
        assert entry.message == "changed in Dynamics 365 Sales meanwhile; picked up next time"
    assert env.errors() == []  # passed over, not an error
    # the next job sees both changes: different fields merge, the same field is a conflict
    r = env.job()
    assert (r.counts.modified, r.counts.conflicts) == (2, 1)
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    assert (customers["C00001"]["city"], customers["C00001"]["phone"]) == (
        "Leuven 1",
        "0470 11 11 11",
    )
    assert (accounts[r1]["city"], accounts[r1]["telephone1"]) == ("Leuven 1", "0470 11 11 11")
    assert (customers["C00002"]["city"], accounts[r2]["city"]) == ("Leuven 2", "Hasselt")
    [err] = env.errors()
    assert (err.kind, err.left_key) == ("conflict", "C00002")
    assert "Leuven 2" in err.message and "Hasselt" in err.message


def test_a_merge_written_to_one_app_only_then_changed_again_is_no_conflict(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge whose write to one app landed while the other app's record had changed
    meanwhile: the landed field is in sync, so a new change to it is one-sided."""
    from syncdesk.sync import apply as writer

    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, telephone1="0470 22 22 22")
    original = writer._write_side

    def app_changes_first(integration: Any, table: Any, ops: list[Any], floor: Any) -> None:
        if table.side == "left":  # the CRM got its city; the ERP record changes first
            env.update("left", "customer", "C00001", credit=Decimal("55.50"))
        original(integration, table, ops, floor)

    monkeypatch.setattr(writer, "_write_side", app_changes_first)
    r = env.job()
    monkeypatch.setattr(writer, "_write_side", original)
    assert r.counts.modified == 1
    assert env.rows("right", "account")[rk]["city"] == "Leuven"
    assert env.rows("left", "customer")["C00001"]["phone"] == "09 000000"  # not overwritten
    env.update("left", "customer", "C00001", city="Brugge")
    r = env.job()
    assert (r.counts.modified, r.counts.conflicts) == (2, 0)
    assert env.errors() == []
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert (left["city"], left["phone"], canonical(left["credit"])) == (
        "Brugge",
        "0470 22 22 22",
        55.5,
    )
    assert (right["city"], right["telephone1"], canonical(right["creditlimit"])) == (
        "Brugge",
        "0470 22 22 22",
        55.5,
    )


def test_a_record_changed_before_its_planned_deletion_is_not_deleted(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.sync import apply as writer

    env = lite
    env.write_workspace(extra='on_delete = "delete"')
    env.customers(2)
    env.job()
    env.delete("right", "account", env.partner("C00001"))
    original = writer._write_side

    def app_changes_first(integration: Any, table: Any, ops: list[Any], floor: Any) -> None:
        env.update("left", "customer", "C00001", city="Still here")
        original(integration, table, ops, floor)

    monkeypatch.setattr(writer, "_write_side", app_changes_first)
    r = env.job()
    monkeypatch.setattr(writer, "_write_side", original)
    assert r.counts.deleted == 0
    assert env.rows("left", "customer")["C00001"]["city"] == "Still here"
    entry = env.log("left", "C00001")[-1]
    assert (entry.action, entry.result) == ("delete", "skipped")
    assert entry.message == "changed in Business Central meanwhile; not deleted"
    assert "C00001" in env.couplings()


def _writer(
    env: Env, stop_after: int, plan: list[tuple[str, str, str, str]], done: threading.Event
) -> None:
    """Write the planned (side, key, column, value) changes one by one, as an app would."""
    table = {"left": "customer", "right": "account"}
    try:
        for side, key, column, value in plan[:stop_after]:
            env.update(side, table[side], key, **{column: value})
            time.sleep(0.003)
    finally:
        done.set()


def _race(env: Env, plan: list[tuple[str, str, str, str]]) -> int:
    """Run syncs over and over while a thread writes ``plan``; returns the number of jobs."""
    done = threading.Event()
    thread = threading.Thread(target=_writer, args=(env, len(plan), plan, done), name="app")
    jobs_run = 0
    with env.open() as integration:
        thread.start()
        try:
            while not done.is_set() or jobs_run < 2:
                [r] = run_sync(integration, ["CUSTOMER"], batch=4)
                assert r.status == "succeeded", r.message
                jobs_run += 1
        finally:
            thread.join()
        # quiet: whatever the last jobs passed over is picked up now
        run_sync(integration, ["CUSTOMER"])
        [r] = run_sync(integration, ["CUSTOMER"], full=True)
        assert (r.counts.modified, r.counts.inserted, r.counts.conflicts) == (0, 0, 0)
    return jobs_run


@pytest.mark.slow
def test_an_app_writing_while_jobs_run_keeps_its_last_write_newer_wins(fast: Env) -> None:
    """The same field written in both apps, racing the jobs: with newer-wins, the app's
    last write is what both apps hold in the end, whichever app it was made in."""
    env = fast
    env.write_workspace(extra='on_conflict = "newer-wins"')
    env.customers(12)
    env.job()
    couplings = env.couplings()
    rng = random.Random(7)
    plan = []
    last: dict[str, str] = {}
    for i in range(160):
        lk = rng.choice(sorted(couplings))
        side = rng.choice(["left", "right"])
        value = f"{side} write {i}"
        plan.append((side, lk if side == "left" else couplings[lk], "city", value))
        last[lk] = value
    assert _race(env, plan) >= 2
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    for lk, rk in couplings.items():
        want = last.get(lk, "Gent")
        assert (customers[lk]["city"], accounts[rk]["city"]) == (want, want), lk
    assert env.errors() == []


@pytest.mark.slow
def test_an_app_writing_while_jobs_run_gets_no_false_conflict(fast: Env) -> None:
    """Different fields written in the two apps, racing the jobs (conflicts are asked):
    no conflict arises, and every last write reaches both apps."""
    env = fast
    env.customers(12)
    env.job()
    couplings = env.couplings()
    rng = random.Random(11)
    plan = []
    last: dict[tuple[str, str], str] = {}
    for i in range(160):
        lk = rng.choice(sorted(couplings))
        if rng.random() < 0.5:
            plan.append(("left", lk, "city", f"city {i}"))
            last[(lk, "city")] = f"city {i}"
        else:
            plan.append(("right", couplings[lk], "telephone1", f"phone {i}"))
            last[(lk, "phone")] = f"phone {i}"
    assert _race(env, plan) >= 2
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    for n, (lk, rk) in enumerate(sorted(couplings.items())):
        city = last.get((lk, "city"), "Gent")
        phone = last.get((lk, "phone"), f"09 {n:06d}")
        assert (customers[lk]["city"], accounts[rk]["city"]) == (city, city), lk
        assert (customers[lk]["phone"], accounts[rk]["telephone1"]) == (phone, phone), lk
    assert env.errors() == []


# ----------------------------------------------------------------------------------------
# 3. idempotent, no ping-pong
# ----------------------------------------------------------------------------------------

APP_TABLES = (("left", "customer"), ("left", "contact"), ("right", "account"), ("right", "contact"))


def _count_writes(env: Env) -> None:
    """SQLite triggers that count every row written, even one rewritten with equal values."""
    for side, table in APP_TABLES:
        with env.engines[side].begin() as c:
            c.exec_driver_sql("CREATE TABLE IF NOT EXISTS writes (n INTEGER NOT NULL)")
            if c.exec_driver_sql("SELECT count(*) FROM writes").scalar() == 0:
                c.exec_driver_sql("INSERT INTO writes VALUES (0)")
            for event in ("INSERT", "UPDATE", "DELETE"):
                c.exec_driver_sql(
                    f"CREATE TRIGGER count_{table}_{event.lower()} AFTER {event} ON {table} "
                    "BEGIN UPDATE writes SET n = n + 1; END"
                )


def _writes(env: Env) -> int:
    total = 0
    for side in ("left", "right"):
        with env.engines[side].connect() as c:
            total += c.exec_driver_sql("SELECT n FROM writes").scalar_one()
    return total


def test_a_job_with_nothing_to_do_writes_nothing(env: Env) -> None:
    changes_scenario(env, scale=0.5)
    env.sync()
    # and some pairs a job passes over: a conflict, a deletion, a refused record
    rk = env.partner("C00004")
    env.update("left", "customer", "C00004", city="Leuven")
    env.update("right", "account", rk, city="Hasselt")
    env.delete("right", "account", env.partner("C00005"))
    env.insert("left", "customer", no="X1", name="N" * 60)
    env.sync()
    env.sync()  # the refused record is tried once more, then passed over
    assert sorted(e.kind for e in env.errors()) == ["conflict", "deleted-right", "failed"]
    before = {(side, table): env.rows(side, table) for side, table in APP_TABLES}
    couplings = env.couplings()
    sqlite = env.urls["left"].startswith("sqlite")
    if sqlite:
        _count_writes(env)
    for full in (False, True, False):
        for r in env.sync(full=full):
            assert r.status == "succeeded"
            assert (r.counts.inserted, r.counts.modified, r.counts.deleted) == (0, 0, 0)
            assert (r.counts.failed, r.counts.conflicts) == (0, 0)
    # every column of every row as it was, the modified stamps included
    assert {(side, table): env.rows(side, table) for side, table in APP_TABLES} == before
    assert env.couplings() == couplings
    if sqlite:
        assert _writes(env) == 0
        env.update("left", "customer", "C00001", city="Counted")  # the counter does count
        assert _writes(env) == 1


ROUND_TRIP_DDL = {
    ("sqlite", "left"): """CREATE TABLE item (
        no VARCHAR(20) PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(50),
        credit NUMERIC(12, 2), day DATE, at DATETIME,
        modified DATETIME DEFAULT CURRENT_TIMESTAMP)""",
    ("sqlite", "right"): """CREATE TABLE product (
        productid VARCHAR(40) PRIMARY KEY, name VARCHAR(100) NOT NULL, city TEXT,
        credit REAL, day DATE, at DATETIME,
        modifiedon DATETIME DEFAULT CURRENT_TIMESTAMP)""",
    ("postgres", "left"): """CREATE TABLE item (
        no VARCHAR(20) PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(50),
        credit NUMERIC(12, 2), day DATE, at TIMESTAMP WITHOUT TIME ZONE,
        modified TIMESTAMP DEFAULT now())""",
    ("postgres", "right"): """CREATE TABLE product (
        productid VARCHAR(40) PRIMARY KEY, name VARCHAR(100) NOT NULL, city TEXT,
        credit DOUBLE PRECISION, day DATE, at TIMESTAMP WITH TIME ZONE,
        modifiedon TIMESTAMP WITH TIME ZONE DEFAULT now())""",
}
ROUND_TRIP_WS = """
[workspace]
name = "Round trip"
state = "{state}"
[apps.left]
title = "Business Central"
url = "{left}"
[apps.right]
title = "Dynamics 365 Sales"
url = "{right}"
[[mappings]]
name = "ITEM"
on_delete = "restore"
left  = {{ table = "item", key = "no", modified = "modified" }}
right = {{ table = "product", key = "productid", modified = "modifiedon" }}
fields = [
  {{ left = "name", right = "name" }},
  {{ left = "city", right = "city" }},
  {{ left = "credit", right = "credit" }},
  {{ left = "day", right = "day" }},
  {{ left = "at", right = "at" }},
]
"""
COLUMNS = {"left": ("no", "item"), "right": ("productid", "product")}
FIELDS = ("name", "city", "credit", "day", "at")
KINDS = {"name": "text", "city": "text", "credit": "number", "day": "date", "at": "datetime"}
Records = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _round_trip_values() -> Any:
    from hypothesis import strategies as st

    text = st.text(
        alphabet=st.sampled_from("abcXYZ éß-'ø0 "), min_size=0, max_size=12
    ) | st.sampled_from(["", " ", "Gent  ", "  Gent", "NULL"])
    offsets = st.integers(min_value=-48, max_value=56).map(
        lambda q: dt.timezone(dt.timedelta(minutes=15 * q))
    )
    naive = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2090, 1, 1))

    def as_text(v: dt.datetime) -> str:  # how an app stores a datetime with its offset
        return v.isoformat(sep=" " if v.microsecond else "T")

    when = (
        st.none() | naive | st.builds(lambda v, tz: as_text(v.replace(tzinfo=tz)), naive, offsets)
    )
    cents = st.integers(min_value=-(10**9), max_value=10**9)
    credit_left = st.none() | cents.map(lambda c: Decimal(c) / 100)
    credit_right = (
        st.none()
        | cents.map(lambda c: c / 100)
        | st.tuples(st.integers(0, 10**6), st.integers(0, 9), st.integers(0, 9)).map(
            lambda t: t[0] + t[1] / 10 + t[2] / 10  # 0.1 + 0.2 style sums
        )
    )
    day = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))

    def record(credit: Any) -> Any:
        return st.fixed_dictionaries(
            {"name": text, "city": st.none() | text, "credit": credit, "day": day, "at": when}
        )

    return st.tuples(
        st.lists(record(credit_left), max_size=4), st.lists(record(credit_right), max_size=4)
    )


def _canonical_rows(engine: Any, side: str) -> dict[str, dict[str, Any]]:
    key, table = COLUMNS[side]
    with engine.connect() as c:
        rows = c.exec_driver_sql(f"SELECT {key}, {', '.join(FIELDS)} FROM {table}").all()
    return {
        str(r[0]): {f: canonical(v, KINDS[f]) for f, v in zip(FIELDS, r[1:], strict=True)}
        for r in rows
    }


def _frozen(values: dict[str, Any]) -> tuple[str, ...]:
    return tuple(repr(values[f]) for f in FIELDS)


def _bindable(value: Any, conn: Any) -> Any:
    """SQLite's driver takes no Decimal and (from Python 3.12) no dates: text, as apps do."""
    if conn.dialect.name != "sqlite":
        return value
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def check_round_trip(workspace: Path, engines: dict[str, Any], records: Records) -> None:
    """Records made in each app go to the other, and (deleted, restored) back again:
    every full job after that modifies nothing, and every value compares equal."""
    from sqlalchemy import text

    from syncdesk.sync.integration import open_integration

    for side, rows in zip(("left", "right"), records, strict=True):
        key, table = COLUMNS[side]
        with engines[side].begin() as c:
            for i, r in enumerate(rows):
                c.execute(
                    text(
                        f"INSERT INTO {table} ({key}, {', '.join(FIELDS)}) "
                        "VALUES (:key, :name, :city, :credit, :day, :at)"
                    ),
                    {"key": f"{side[0]}{i}", **{f: _bindable(v, c) for f, v in r.items()}},
                )
    original = {side: _canonical_rows(engines[side], side) for side in engines}
    n = sum(map(len, records))
    with open_integration(workspace) as integration:
        [r] = run_sync(integration)
        assert (r.counts.inserted, r.counts.failed) == (n, 0)
        after_first = {side: _canonical_rows(engines[side], side) for side in engines}
        [r] = run_sync(integration, full=True)
        assert (r.counts.modified, r.counts.conflicts, r.counts.failed) == (0, 0, 0)
        # ... and back: each record deleted where it was made, restored from its copy
        for side in ("left", "right"):
            key, table = COLUMNS[side]
            with engines[side].begin() as c:
                c.execute(text(f"DELETE FROM {table} WHERE {key} LIKE '{side[0]}%'"))
        [r] = run_sync(integration)
        assert (r.counts.inserted, r.counts.failed) == (n, 0)
        [r] = run_sync(integration, full=True)
        assert (r.counts.modified, r.counts.conflicts, r.counts.failed) == (0, 0, 0)
        with integration.state.read() as s:
            assert s.scalars(select(SyncError)).all() == []
    final = {side: _canonical_rows(engines[side], side) for side in engines}
    for side in engines:
        # the first job changed no record where it was made ...
        assert {k: after_first[side][k] for k in original[side]} == original[side]
        # ... and each record restored from the other app holds what it held before
        assert sorted(map(_frozen, final[side].values())) == sorted(
            map(_frozen, after_first[side].values())
        )


@pytest.mark.slow
def test_values_that_travel_between_the_apps_compare_equal(fast_dir: Path) -> None:
    """Whatever the name, city, credit, date and datetime values (NULL and empty text,
    trailing spaces, Decimal with 2 places against REAL, 0.1 + 0.2, datetimes with and
    without an offset), a value that went to the other app and back compares equal: the
    next full job modifies nothing, and a record restored from the other app holds what
    it held before. On SQLite; PostgreSQL below with chosen values."""
    from hypothesis import HealthCheck, Phase, given, settings
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from syncdesk.sync.integration import open_integration

    template = fast_dir / "template"
    template.mkdir()
    (template / "syncdesk.toml").write_text(
        ROUND_TRIP_WS.format(
            state="sqlite:///state.db", left="sqlite:///erp.db", right="sqlite:///crm.db"
        ),
        encoding="utf-8",
    )
    for side, db in (("left", "erp.db"), ("right", "crm.db")):
        with closing(sqlite3.connect(template / db)) as con:
            con.execute(ROUND_TRIP_DDL[("sqlite", side)])
    open_integration(template / "syncdesk.toml").close()  # a migrated state database

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: bounded time
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(_round_trip_values())
    def check(records: Records) -> None:
        folder = Path(tempfile.mkdtemp(dir=fast_dir))
        for name in ("syncdesk.toml", "erp.db", "crm.db", "state.db"):
            shutil.copy(template / name, folder / name)
        engines = {
            side: create_engine(f"sqlite:///{folder / db}", poolclass=NullPool)
            for side, db in (("left", "erp.db"), ("right", "crm.db"))
        }
        try:
            check_round_trip(folder / "syncdesk.toml", engines, records)
        finally:
            for e in engines.values():
                e.dispose()
            shutil.rmtree(folder, ignore_errors=True)

    check()


@pytest.mark.postgres
def test_values_that_travel_between_postgres_apps_compare_equal(
    tmp_path: Path, pg_url_factory: Any
) -> None:
    """timestamp against timestamptz (values with offsets), numeric(12,2) against double
    precision, NULL against empty text, trailing spaces: nothing ping-pongs."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    urls = {side: pg_url_factory(side) for side in ("left", "right", "state")}
    workspace = tmp_path / "syncdesk.toml"
    workspace.write_text(ROUND_TRIP_WS.format(**urls), encoding="utf-8")
    engines = {side: create_engine(urls[side], poolclass=NullPool) for side in ("left", "right")}
    try:
        for side in engines:
            with engines[side].begin() as c:
                c.exec_driver_sql(ROUND_TRIP_DDL[("postgres", side)])
        cet = dt.timezone(dt.timedelta(hours=2))
        ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
        left = [
            {
                "name": "Trail   ",
                "city": "",
                "credit": Decimal("10.10"),
                "day": dt.date(2024, 2, 29),
                "at": dt.datetime(2024, 3, 31, 1, 30),
            },
            {
                "name": "  Lead",
                "city": None,
                "credit": Decimal("-0.01"),
                "day": None,
                "at": dt.datetime(1999, 12, 31, 23, 59, 59, 999999),
            },
            {"name": "", "city": "Gent ", "credit": None, "day": dt.date(1900, 1, 1), "at": None},
        ]
        right = [
            {
                "name": "Offset",
                "city": " ",
                "credit": 0.1 + 0.2,
                "day": dt.date(2100, 1, 1),
                "at": dt.datetime(2024, 10, 27, 2, 30, tzinfo=cet),
            },
            {
                "name": "Kolkata ",
                "city": "Mumbai",
                "credit": 1e9 + 0.07,
                "day": None,
                "at": dt.datetime(2024, 1, 1, 0, 15, 0, 120000, tzinfo=ist),
            },
            {
                "name": "Utc",
                "city": "",
                "credit": 12.3,
                "day": dt.date(2024, 2, 29),
                "at": dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC),
            },
        ]
        check_round_trip(workspace, engines, (left, right))
    finally:
        for e in engines.values():
            e.dispose()


MIXED_WS = """
[workspace]
state = "sqlite:///state.db"
[apps.left]
title = "Business Central"
url = "sqlite:///erp.db"
[apps.right]
title = "Dynamics 365 Sales"
url = "sqlite:///crm.db"
[[mappings]]
name = "ITEM"
left  = { table = "item", key = "no" }
right = { table = "product", key = "productid" }
fields = [
  { left = "qty", right = "qty" },
  { left = "price", right = "price" },
  { left = "day", right = "day" },
  { left = "at", right = "at" },
  { left = "due", right = "due" },
]
"""


def test_a_text_field_paired_with_a_number_or_date_settles(tmp_path: Path) -> None:
    """An ERP that keeps numbers and dates as text, a CRM with typed columns, and a date
    against a datetime: "3", "03" and 3 are one value, so after the first job nothing is
    written again, however often the jobs run."""
    from syncdesk.sync.integration import open_integration

    (tmp_path / "syncdesk.toml").write_text(MIXED_WS, encoding="utf-8")
    with closing(sqlite3.connect(tmp_path / "erp.db")) as con, con:
        con.execute(
            "CREATE TABLE item (no VARCHAR(20) PRIMARY KEY, qty VARCHAR(10), price VARCHAR(20),"
            " day VARCHAR(30), at VARCHAR(40), due DATE)"
        )
        con.executemany(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("I1", "3", "9.950", "2024-02-29", "2024-03-01T10:00:00+02:00", "2024-05-01"),
                ("I2", "03", "1e1", "2024-02-29 00:00:00", "2024-03-01 08:00:00", None),
                ("I3", " 7 ", "0.30000000000000004", None, "", "2024-12-31"),
            ],
        )
    with closing(sqlite3.connect(tmp_path / "crm.db")) as con, con:
        con.execute(
            "CREATE TABLE product (productid VARCHAR(40) PRIMARY KEY, qty INTEGER, price REAL,"
            " day DATE, at DATETIME, due DATETIME)"
        )
        con.executemany(
            "INSERT INTO product VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("P1", 12, 0.1 + 0.2, "2023-01-31", "2023-06-01 12:30:00.250000", "2023-02-01"),
                ("P2", None, 1234.5, None, None, "2023-02-01 00:00:00"),
            ],
        )

    def contents() -> dict[str, list[tuple[Any, ...]]]:
        out = {}
        for db, table in (("erp.db", "item"), ("crm.db", "product")):
            with closing(sqlite3.connect(tmp_path / db)) as con:
                out[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall())
        return out

    with open_integration(tmp_path / "syncdesk.toml") as integration:
        [r] = run_sync(integration)
        assert (r.counts.inserted, r.counts.failed) == (5, 0)
        after_first = contents()
        for full in (True, False, True):
            [r] = run_sync(integration, full=full)
            assert (r.counts.modified, r.counts.conflicts, r.counts.failed) == (0, 0, 0)
    assert contents() == after_first
    # the records made in the ERP are as they were: the CRM's copies compare equal
    assert [row[1:] for row in after_first["item"] if row[0] in ("I1", "I2", "I3")] == [
        ("3", "9.950", "2024-02-29", "2024-03-01T10:00:00+02:00", "2024-05-01"),
        ("03", "1e1", "2024-02-29 00:00:00", "2024-03-01 08:00:00", None),
        (" 7 ", "0.30000000000000004", None, "", "2024-12-31"),
    ]


# ----------------------------------------------------------------------------------------
# 6. SQLite locking
# ----------------------------------------------------------------------------------------


def _db_path(env: Env, side: str) -> str:
    return env.urls[side].removeprefix("sqlite:///")


def test_engine_writes_apps_in_begin_immediate_transactions_only(lite: Env) -> None:
    """Every write to an app runs in a transaction begun IMMEDIATE (so it waits for a lock
    instead of failing at once); reads never write."""
    from sqlalchemy import event

    from syncdesk.sync.integration import open_integration

    env = lite
    changes_scenario(env)
    traced: dict[int, tuple[str, list[str]]] = {}

    def tracer(kind: str) -> Any:
        def connect(dbapi_conn: Any, _record: Any) -> None:
            statements: list[str] = []
            traced[id(dbapi_conn)] = (kind, statements)
            dbapi_conn.set_trace_callback(statements.append)

        return connect

    with open_integration(env.workspace) as integration:
        for side, app in integration.apps.items():
            event.listen(app.write_engine, "connect", tracer(f"{side} write"))
            event.listen(app.read_engine, "connect", tracer(f"{side} read"))
        results = run_sync(integration, batch=20)
    assert [r.status for r in results] == ["succeeded", "succeeded"]
    writes = ("INSERT", "UPDATE", "DELETE")
    written = 0
    for kind, statements in traced.values():
        if kind.endswith("read"):
            assert not [s for s in statements if s.lstrip().upper().startswith(writes)], kind
            continue
        begun = False
        for sql in statements:
            word = sql.lstrip().upper()
            if word.startswith("BEGIN"):
                assert word == "BEGIN IMMEDIATE", kind
                begun = True
            elif word.startswith(("COMMIT", "ROLLBACK")) and not word.startswith("ROLLBACK TO"):
                begun = False
            elif word.startswith(writes):
                assert begun, f"{kind}: {sql} outside BEGIN IMMEDIATE"
                written += 1
    assert written > 0


def test_engine_waits_for_a_write_lock_another_program_holds_then_succeeds(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CRM's own program holds a write lock (BEGIN IMMEDIATE) when the engine wants
    to write, and releases it half a second later: the engine waits, then writes."""
    from syncdesk.sync import apply as writer

    env = lite
    expected = changes_scenario(env)
    holder = sqlite3.connect(_db_path(env, "right"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    # a deferred transaction that reads, then writes, would fail at once: no waiting
    other = sqlite3.connect(_db_path(env, "right"), isolation_level=None, timeout=10)
    with closing(other):
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM account").fetchone()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("UPDATE account SET city = city")
        other.execute("ROLLBACK")
    released = threading.Event()
    timers: list[threading.Timer] = []
    original = writer._write_side

    def release_later(integration: Any, table: Any, ops: list[Any], floor: Any) -> None:
        if not timers:  # the first write finds the CRM locked
            timers.append(threading.Timer(0.5, lambda: (holder.rollback(), released.set())))
            timers[0].start()
        original(integration, table, ops, floor)

    monkeypatch.setattr(writer, "_write_side", release_later)
    try:
        results = env.sync()
    finally:
        for t in timers:
            t.join()
        holder.close()
    assert released.is_set()
    assert [r.status for r in results] == ["succeeded", "succeeded"]
    monkeypatch.setattr(writer, "_write_side", original)
    assert_in_step(env, expected)


def test_engine_never_changes_an_app_journal_mode(lite: Env) -> None:
    env = lite
    changes_scenario(env)
    env.sync()
    env.sync(full=True)
    modes = {}
    for side in ("left", "right", "state"):
        with closing(sqlite3.connect(_db_path(env, side))) as con:
            modes[side] = con.execute("PRAGMA journal_mode").fetchone()[0]
    assert modes == {"left": "delete", "right": "delete", "state": "wal"}
