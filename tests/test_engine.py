"""What a job does, per PRODUCT.md, on SQLite and on PostgreSQL: rows in both apps, counts
in the job, sync errors and record log lines afterwards."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from builders import Env, now

from syncdesk.models import driver


def test_new_records_are_inserted_on_the_other_side_and_coupled(env: Env) -> None:
    env.customers(5)
    right_only = env.insert("right", "account", accountid="A-1", name="Only In Sales", city="Mons")
    result = env.job()
    assert result.status == "succeeded"
    assert (result.counts.inserted, result.counts.failed) == (6, 0)
    accounts = env.rows("right", "account")
    customers = env.rows("left", "customer")
    assert len(accounts) == 6 and len(customers) == 6
    couplings = env.couplings()
    assert len(couplings) == 6
    rk = couplings["C00003"]
    assert accounts[rk]["name"] == "Customer 3"
    assert accounts[rk]["telephone1"] == "09 000002"
    assert accounts[rk]["creditlimit"] == 1002
    lk = next(k for k, v in couplings.items() if v == right_only)
    assert customers[lk]["name"] == "Only In Sales"
    assert customers[lk]["city"] == "Mons"
    log = env.log("left", "C00003")
    assert [(e.action, e.direction, e.result) for e in log] == [("insert", "to-right", "ok")]
    assert log[0].changes["name"] == [None, "Customer 3"]
    assert log[0].trigger == "manual"


def test_the_keys_made_for_new_records_sort_in_the_order_they_were_made(env: Env) -> None:
    """A key column that holds a whole UUID gets a time-ordered one (version 7), each
    after the one before, so the app's key index takes new records at its end (as the
    sequential GUIDs of Dataverse); a short key column (``Code[20]``) gets random digits,
    since a time-ordered key cut short would keep little but its clock."""
    env.customers(6)
    env.job()
    first = dict(env.couplings())
    for i in range(7, 10):
        env.insert("left", "customer", no=f"C{i:05d}", name=f"Later {i}")
    for i in range(3):
        env.insert("right", "account", accountid=f"A-{i}", name=f"Sales {i}")
    env.job()
    couplings = env.couplings()
    made = [couplings[f"C{i:05d}"] for i in range(1, 10)]
    assert made[:6] == [first[f"C{i:05d}"] for i in range(1, 7)]
    assert set(made) <= set(env.rows("right", "account"))
    assert [uuid.UUID(k).version for k in made] == [7] * 9
    assert all(k == str(uuid.UUID(k)) for k in made)  # lowercase, with dashes, as stored
    assert made == sorted(made)  # made in key order, within a job and across two
    assert len(set(made)) == 9
    left_made = [k for k, v in couplings.items() if v.startswith("A-")]
    assert len(left_made) == 3
    for k in left_made:
        assert len(k) == 20 and k == k.upper() and int(k, 16) >= 0
    assert set(left_made) <= set(env.rows("left", "customer"))


def test_a_job_over_more_records_than_one_lookup_holds_reads_and_writes_each(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records are looked up by key many keys per statement (an IN list; on PostgreSQL
    one array parameter): with three keys per statement, a job over eight records still
    copies, reads back and logs every one of them, and only those."""
    monkeypatch.setattr(driver, "IN_SIZE", 3)
    monkeypatch.setattr(driver, "ANY_SIZE", 3)
    env.customers(8)
    assert env.job().counts.inserted == 8
    couplings = env.couplings()
    accounts = env.rows("right", "account")
    assert len(accounts) == 8
    assert sorted(accounts[couplings[f"C{i:05d}"]]["name"] for i in range(1, 9)) == sorted(
        f"Customer {i}" for i in range(1, 9)
    )
    for i in range(1, 8):
        env.update("left", "customer", f"C{i:05d}", city=f"City {i}")
    r = env.job()
    assert (r.counts.modified, r.counts.inserted, r.counts.failed) == (7, 0, 0)
    accounts = env.rows("right", "account")
    assert [accounts[couplings[f"C{i:05d}"]]["city"] for i in range(1, 9)] == [
        *(f"City {i}" for i in range(1, 8)),
        "Gent",
    ]
    for i in range(1, 8):
        entry = env.log("left", f"C{i:05d}")[-1]
        assert (entry.action, entry.result, entry.changes) == (
            "modify",
            "ok",
            {"city": ["Gent", f"City {i}"]},
        )
    assert env.job().counts.modified == 0  # the stamps read back are the ones written


def test_a_second_job_with_no_change_writes_nothing(env: Env) -> None:
    env.customers(4)
    env.insert("right", "account", accountid="A-1", name="Sales Only", creditlimit=12.5)
    env.job()
    before_left, before_right = env.rows("left", "customer"), env.rows("right", "account")
    for full in (False, True):
        r = env.job(full=full)
        assert (r.counts.inserted, r.counts.modified, r.counts.deleted) == (0, 0, 0)
        assert r.counts.conflicts == 0
    assert env.rows("left", "customer") == before_left
    assert env.rows("right", "account") == before_right


def test_one_sided_change_is_copied_with_before_and_after_in_the_log(env: Env) -> None:
    env.customers(3)
    env.job()
    env.update("left", "customer", "C00002", city="Brugge")
    rk = env.partner("C00003")
    env.update("right", "account", rk, telephone1="+32 50 11 22 33")
    r = env.job()
    assert r.counts.modified == 2 and r.counts.conflicts == 0
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Brugge"
    assert env.rows("left", "customer")["C00003"]["phone"] == "+32 50 11 22 33"
    entry = env.log("left", "C00002")[-1]
    assert (entry.action, entry.direction, entry.result) == ("modify", "to-right", "ok")
    assert entry.changes == {"city": ["Gent", "Brugge"]}


def test_changes_to_different_fields_merge_by_themselves(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, telephone1="016 12 34 56")
    r = env.job()
    assert r.counts.conflicts == 0 and r.counts.modified == 2
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert (left["city"], left["phone"]) == ("Leuven", "016 12 34 56")
    assert (right["city"], right["telephone1"]) == ("Leuven", "016 12 34 56")
    assert env.errors() == []


def test_same_field_changed_both_sides_is_a_conflict_and_nothing_is_written(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import time

    from syncdesk.sync import watermark

    monkeypatch.setattr(watermark, "RECHECK", dt.timedelta(milliseconds=300))
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven", phone="1")
    env.update("right", "account", rk, city="Hasselt")
    r = env.job()
    assert r.counts.conflicts == 1 and r.counts.modified == 0
    assert env.rows("left", "customer")["C00001"]["city"] == "Leuven"
    assert env.rows("left", "customer")["C00001"]["phone"] == "1"
    assert env.rows("right", "account")[rk]["city"] == "Hasselt"
    assert env.rows("right", "account")[rk]["telephone1"] == "09 000000"
    [err] = env.errors()
    assert (err.kind, err.left_key, err.right_key) == ("conflict", "C00001", rk)
    assert "city" in err.message and "Leuven" in err.message and "Hasselt" in err.message
    # later jobs pass it over until a person acts, and say so: also once the rows before
    # their anchor are no longer read again (a record with an open error still is)
    r2 = env.job()
    assert r2.counts.skipped == 1 and r2.counts.conflicts == 0
    assert env.errors()[0].attempts == 1
    time.sleep(watermark.RECHECK.total_seconds() + 0.5)
    for _ in range(2):
        r = env.job()
        assert (r.counts.skipped, r.counts.conflicts, r.counts.modified) == (1, 0, 0)


def test_both_sides_changed_to_the_same_value_is_no_conflict(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Aalst")
    env.update("right", "account", rk, city="Aalst")
    r = env.job()
    assert r.counts.conflicts == 0 and r.counts.modified == 0
    assert env.errors() == []


@pytest.mark.parametrize(
    ("policy", "left_city", "right_city"),
    [
        ("left-wins", "Leuven", "Leuven"),
        ("right-wins", "Hasselt", "Hasselt"),
        ("newer-wins", "Hasselt", "Hasselt"),
    ],
)
def test_conflict_policies_decide_without_a_person(
    env: Env, policy: str, left_city: str, right_city: str
) -> None:
    env.write_workspace(extra=f'on_conflict = "{policy}"')
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Hasselt")  # later: newer
    r = env.job()
    assert r.counts.conflicts == 0 and r.counts.modified == 1
    assert env.rows("left", "customer")["C00001"]["city"] == left_city
    assert env.rows("right", "account")[rk]["city"] == right_city
    assert env.errors() == []


def test_deleted_on_one_side_is_an_error_and_nothing_is_deleted_on_the_other(env: Env) -> None:
    env.customers(3)
    env.job()
    r1, r2 = env.partner("C00001"), env.partner("C00002")
    env.delete("right", "account", r1)
    env.delete("left", "customer", "C00002")
    r = env.job()
    assert r.counts.deleted == 0 and r.counts.skipped == 2
    kinds = {(e.kind, e.left_key, e.right_key) for e in env.errors()}
    assert kinds == {("deleted-right", "C00001", r1), ("deleted-left", "C00002", r2)}
    assert "C00001" in env.rows("left", "customer")
    assert r2 in env.rows("right", "account")
    assert "Dynamics 365 Sales" in next(
        e.message for e in env.errors() if e.kind == "deleted-right"
    )


@pytest.mark.parametrize("policy", ["restore", "delete", "remove-coupling"])
def test_delete_policies(env: Env, policy: str) -> None:
    env.write_workspace(extra=f'on_delete = "{policy}"')
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.delete("right", "account", rk)
    r = env.job()
    assert env.errors() == []
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    if policy == "restore":
        assert r.counts.inserted == 1
        new_rk = env.partner("C00001")
        assert new_rk != rk and accounts[new_rk]["name"] == "Customer 1"
    elif policy == "delete":
        assert r.counts.deleted == 1
        assert "C00001" not in customers and "C00001" not in env.couplings()
    else:
        assert "C00001" in customers and "C00001" not in env.couplings()
        # excluded: not re-created by the next job either
        r2 = env.job()
        assert r2.counts.inserted == 0
        assert len(env.rows("right", "account")) == 1


def test_a_write_the_target_refuses_fails_that_record_only(env: Env) -> None:
    env.customers(3)
    env.insert("left", "customer", no="C99999", name="N" * 60, city="Gent")
    r = env.job()
    assert r.status == "succeeded"
    assert (r.counts.inserted, r.counts.failed) == (3, 1)
    [err] = env.errors()
    assert err.kind == "failed" and err.left_key == "C99999" and err.right_key is None
    assert "Dynamics 365 Sales refused the write" in err.message
    assert len(env.rows("right", "account")) == 3
    assert not err.skip  # tried once more by the next job
    r2 = env.job()
    assert r2.counts.failed == 1
    [err] = env.errors()
    assert err.attempts == 2 and err.skip  # the same refusal twice: skipped until Retry
    r3 = env.job()
    assert r3.counts.failed == 0 and r3.counts.skipped == 1
    # fixed at the source and retried: the error is over
    env.update("left", "customer", "C99999", name="Short Name")
    with env.open() as integration:
        from syncdesk.sync.actions import resolve

        resolve(integration, [err.id], "retry")
    r4 = env.job()
    assert r4.counts.inserted == 1 and env.errors() == []
    assert "Short Name" in {a["name"] for a in env.rows("right", "account").values()}


def test_sync_only_coupled_creates_nothing_new(env: Env) -> None:
    env.write_workspace(extra="sync_only_coupled = true")
    env.customers(2)
    r = env.job()
    assert r.counts.inserted == 0 and env.rows("right", "account") == {}


def test_couple_by_matches_existing_records_ignoring_case_and_spaces(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name"]')
    env.customers(3)
    env.insert("right", "account", accountid="A-2", name="  customer 2 ", city="Mons")
    r = env.job()
    assert r.counts.inserted == 2
    assert env.couplings()["C00002"] == "A-2"
    # couple_prefer is left: the right record takes the left values
    right = env.rows("right", "account")["A-2"]
    assert right["city"] == "Gent" and right["name"] == "Customer 2"
    assert len(env.rows("right", "account")) == 3


def test_couple_by_case_sensitive_does_not_match_other_case(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name"]\ncouple_case_sensitive = true')
    env.customers(1)
    env.insert("right", "account", accountid="A-1", name="CUSTOMER 1")
    env.job()
    assert len(env.rows("right", "account")) == 2
    assert env.couplings()["C00001"] != "A-1"


def test_field_direction_is_respected(env: Env) -> None:
    env.write_workspace(phone_direction="to-right")
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("right", "account", rk, telephone1="changed in sales")
    r = env.job()
    assert r.counts.modified == 0
    assert env.rows("left", "customer")["C00001"]["phone"] == "09 000000"
    env.update("left", "customer", "C00001", phone="02 222")
    env.job()
    assert env.rows("right", "account")[rk]["telephone1"] == "02 222"


def test_lookups_translate_through_the_parent_couplings_in_dependency_order(env: Env) -> None:
    # CONTACT is first in the file; CUSTOMER runs first because CONTACT looks it up
    env.customers(2)
    env.insert("left", "contact", no="K1", name="Ann", company_no="C00002")
    results = env.sync()
    assert [r.mapping for r in results] == ["CUSTOMER", "CONTACT"]
    [contact] = env.rows("right", "contact").values()
    assert contact["parentcustomerid"] == env.partner("C00002")
    # and back: a contact made in the CRM gets the left key of its company
    env.insert("right", "contact", fullname="Bob", parentcustomerid=env.partner("C00001"))
    env.sync()
    bob = next(c for c in env.rows("left", "contact").values() if c["name"] == "Bob")
    assert bob["company_no"] == "C00001"


def test_a_lookup_whose_parent_is_missing_fails_with_a_clear_message(env: Env) -> None:
    env.customers(1)
    env.insert("right", "contact", fullname="Orphan", parentcustomerid="no-such-account")
    results = env.sync()
    contact_job = next(r for r in results if r.mapping == "CONTACT")
    assert contact_job.counts.failed == 1
    [err] = env.errors()
    assert err.kind == "failed"
    assert "no-such-account does not exist in Dynamics 365 Sales" in err.message
    assert env.rows("left", "contact") == {}
    assert len(env.rows("right", "contact")) == 1  # nothing lost


def test_a_child_waits_for_a_parent_whose_mapping_has_not_run_yet(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Parent", city="Gent")
    env.insert("left", "contact", no="K1", name="Kid", company_no="C1")
    [contact_job] = env.sync(mappings=["CONTACT"])
    assert contact_job.counts.skipped == 1 and contact_job.counts.failed == 0
    assert env.errors() == [] and env.rows("right", "contact") == {}
    # the parent's mapping runs; the child (not changed since) is planned again and follows
    results = env.sync()
    assert [r.counts.inserted for r in results] == [1, 1]
    [kid] = env.rows("right", "contact").values()
    assert kid["fullname"] == "Kid" and kid["parentcustomerid"] == env.partner("C1")


def test_a_child_whose_parent_stays_uncoupled_is_a_failed_error(env: Env) -> None:
    env.write_workspace(extra="sync_only_coupled = true")
    env.insert("left", "customer", no="C1", name="Parent", city="Gent")
    env.insert("left", "contact", no="K1", name="Kid", company_no="C1")
    results = env.sync()
    contact_job = next(r for r in results if r.mapping == "CONTACT")
    assert contact_job.counts.failed == 1 and contact_job.counts.skipped == 0
    [err] = env.errors()
    assert (err.kind, err.left_key, err.mapping) == ("failed", "K1", "CONTACT")
    assert "CUSTOMER C1 is not coupled" in err.message
    assert env.rows("right", "contact") == {}


def test_values_are_normalised_so_nothing_ping_pongs(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Trail   ", city="", credit=Decimal("10.10"))
    env.job()
    rk = env.partner("C1")
    right = env.rows("right", "account")[rk]
    assert right["name"] == "Trail" and right["creditlimit"] == pytest.approx(10.1)
    # an empty text on one side and NULL on the other are the same
    env.update("right", "account", rk, city=None)
    for _ in range(2):
        r = env.job(full=True)
        assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_modified_run_skips_unchanged_rows_but_full_catches_a_bulk_update(env: Env) -> None:
    import datetime as dt

    env.customers(10)
    env.job()
    # everything was last touched an hour ago, but one record on each side just now
    an_hour_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)
    for lk, rk in env.couplings().items():
        env.update("left", "customer", lk, last_modified=an_hour_ago)
        env.update("right", "account", rk, modifiedon=an_hour_ago)
    env.update("left", "customer", "C00001", city="Recent")
    env.update("right", "account", env.partner("C00010"), city="Recent too")
    assert env.job().counts.modified == 2
    # a bulk SQL update that does not touch the modified column
    env.update("left", "customer", "C00004", stamp=False, city="Stealth")
    r = env.job()
    assert r.counts.modified == 0
    assert r.counts.unchanged < 10  # the unchanged records were not even compared
    r = env.job(full=True)
    assert r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00004")]["city"] == "Stealth"


def test_modified_run_catches_a_late_commit(env: Env) -> None:
    env.customers(3)
    env.job()
    # a long transaction in the ERP stamps the record now and commits after the next job
    with env.held_update("left", "customer", "C00002", city="Late"):
        r = env.job()
        assert r.status == "succeeded" and r.counts.modified == 0  # not committed yet
    # committed now, stamped before the job that just ran: the next job still finds it
    r = env.job()
    assert r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Late"
    r = env.job()
    assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_a_late_commit_stamped_before_the_recheck_window_is_caught(env: Env) -> None:
    """A transaction that stamped its row half a minute before the job and committed
    after it: older than the few seconds every job reads again, so only the late-commit
    check (a writer was at work at the scan) makes the next job read back that far."""
    import datetime as dt

    env.customers(3)
    an_hour_ago = now() - dt.timedelta(hours=1)
    for key in ("C00001", "C00002", "C00003"):
        env.update("left", "customer", key, last_modified=an_hour_ago)
    env.job()
    for rk in env.couplings().values():
        env.update("right", "account", rk, modifiedon=an_hour_ago)
    env.job(full=True)  # every stamp an hour old, and remembered so: no window holds them
    # an edit committed now moves the next job's anchor to now (its newest stamp)...
    env.update("left", "customer", "C00003", city="Early")
    # ...while a transaction that began half a minute ago has not committed yet
    half_a_minute_ago = now() - dt.timedelta(seconds=30)
    with env.held_update(
        "left", "customer", "C00002", city="Late", last_modified=half_a_minute_ago
    ):
        r = env.job()
        assert r.status == "succeeded" and r.counts.modified == 1  # C00003; C00002 not yet
    r = env.job()
    assert r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Late"
    r = env.job()
    assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_synchronize_now_on_one_record(env: Env) -> None:
    env.customers(3)
    results = env.sync(mappings=["CUSTOMER"], record=("left", "C00002"))
    [r] = results
    assert r.counts.inserted == 1 and r.trigger == "manual"
    assert list(env.couplings()) == ["C00002"]
    env.update("left", "customer", "C00002", city="Zele")
    env.update("left", "customer", "C00001", city="Not now")
    [r] = env.sync(mappings=["CUSTOMER"], record=("left", "C00002"))
    assert r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Zele"
    assert len(env.rows("right", "account")) == 1


def test_cancel_stops_between_batches_and_leaves_nothing_half_written(env: Env) -> None:
    from syncdesk.sync.engine import CancelToken, Progress, run_sync

    env.customers(50)
    token = CancelToken()
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.phase == "new" and p.done >= 20:
            token.cancel()

    with env.open() as integration:
        [r] = run_sync(integration, ["CUSTOMER"], cancel=token, progress=progress, batch=10)
    assert r.status == "cancelled"
    assert 20 <= r.counts.inserted < 50
    # every inserted record is coupled: nothing half-written
    assert len(env.rows("right", "account")) == len(env.couplings()) == r.counts.inserted
    r2 = env.job()
    assert r2.counts.inserted == 50 - r.counts.inserted
    assert any(p.phase == "scan" for p in seen)


def test_a_modified_run_compares_only_records_whose_stamp_moved(env: Env) -> None:
    import datetime as dt

    env.customers(20)
    an_hour_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)

    def stamp(i: int) -> dt.datetime:  # ten minutes apart, the newest an hour ago
        return an_hour_ago - dt.timedelta(minutes=10 * (i - 1))

    for i in range(1, 21):
        env.update("left", "customer", f"C{i:05d}", last_modified=stamp(i))
    env.job()  # into an empty CRM: every account is new, stamped by the CRM itself
    for lk, rk in env.couplings().items():
        env.update("right", "account", rk, modifiedon=stamp(int(lk[1:])))
    env.job(full=True)  # remembers the stamps as they are now
    # a late commit: stamped before a job ran, committed after it...
    with env.held_update("left", "customer", "C00007", city="Late commit"):
        assert env.job().counts.modified == 0
    r = env.job()
    # ...is caught, because its stamp is not the one remembered
    assert r.counts.modified == 1
    # and nothing else was compared: only rows stamped since the previous job (minus the
    # look-back) were read, and their stamps were the ones remembered
    assert r.counts.unchanged == 0
    assert env.rows("right", "account")[env.partner("C00007")]["city"] == "Late commit"
    # a record an app stamps with a time long past (a bulk import that keeps the old
    # dates) is for a full synchronization to find
    env.update("left", "customer", "C00009", city="Very late", last_modified=stamp(20))
    assert env.job().counts.modified == 0
    assert env.job(full=True).counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00009")]["city"] == "Very late"


def test_a_job_compares_by_value_only_what_a_coarse_stamp_may_hide(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stamp of whole seconds may hide an edit made in its second, so the next job
    compares such a record once more by value; a stamp with milliseconds may hide one for
    only its millisecond, and a record stamped a good while before the scan ended is
    left alone (a job right after a bulk load does not read its predecessor's writes)."""
    import datetime as dt

    from syncdesk.sync import watermark

    # a generous look-back, so that a slow machine cannot make the test pass or fail
    monkeypatch.setattr(watermark, "SETTLE", dt.timedelta(minutes=10))
    env.customers(6)
    env.job()
    half_a_minute_ago = now() - dt.timedelta(seconds=30)
    for i in range(1, 7):
        grain = 123_000 if i <= 3 else 0  # milliseconds, or whole seconds
        stamp = half_a_minute_ago.replace(microsecond=grain)
        env.update("left", "customer", f"C{i:05d}", city=f"City {i}", last_modified=stamp)
    for rk in env.couplings().values():  # the CRM's stamps have milliseconds
        env.update("right", "account", rk, modifiedon=half_a_minute_ago.replace(microsecond=1000))
    assert env.job(full=True).counts.modified == 6
    r = env.job()
    assert (r.counts.modified, r.counts.unchanged) == (0, 3)  # C00004-6 compared again
    assert watermark.settle_span(half_a_minute_ago.replace(microsecond=0)) == watermark.SETTLE
    assert watermark.settle_span(half_a_minute_ago.replace(microsecond=500_000)) == (
        dt.timedelta(milliseconds=200)
    )
    assert watermark.settle_span(half_a_minute_ago.replace(microsecond=123_000)) == (
        watermark.SETTLE_FINE
    )


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys change detection looks up among the couplings one by one."""
    from syncdesk.sync import detect

    keys: list[str] = []
    original = detect.Detector._couplings

    def counted(self: detect.Detector, some: list[str]) -> Any:
        keys.extend(some)
        return original(self, some)

    monkeypatch.setattr(detect.Detector, "_couplings", counted)
    return keys


def test_rows_stamped_before_a_settled_anchor_are_read_once_and_then_no_more(
    env: Env, monkeypatch: pytest.MonkeyPatch, looked_up: list[str]
) -> None:
    """Every job reads again the rows stamped a moment (RECHECK) before where the previous
    one left off: a transaction may commit a little after its stamp. Once a scan has run
    that long after the anchor was taken, nothing stamped before it can still commit, and
    later jobs read none of them (a job after a bulk load does not read its last seconds
    again and again)."""
    import datetime as dt
    import time

    from syncdesk.sync import watermark
    from syncdesk.sync.engine import JobResult

    monkeypatch.setattr(watermark, "RECHECK", dt.timedelta(milliseconds=300))
    # the look-back's digest (the next tests) left out: each row is looked up until settled
    monkeypatch.setattr(watermark.Zone, "parse", staticmethod(lambda text: None))
    env.customers(4)
    env.job()
    anchor = (now() - dt.timedelta(minutes=1)).replace(microsecond=250_000)
    for i, back in ((1, 0), (2, 100), (3, 5000), (4, 5000)):
        stamp = anchor - dt.timedelta(milliseconds=back)
        env.update("left", "customer", f"C{i:05d}", last_modified=stamp)
    for rk in env.couplings().values():
        env.update("right", "account", rk, modifiedon=anchor - dt.timedelta(minutes=10))

    def scanned(**kwargs: Any) -> tuple[int, JobResult]:
        """The rows the job looked at to find what changed, and its result."""
        looked_up.clear()
        r = env.job(**kwargs)
        return len(looked_up), r

    scanned(full=True)  # the anchor: C00001's stamp, its newest
    time.sleep(0.5)
    rows, r = scanned()
    assert rows == 2 + 4  # C00001-2 in the look-back, and the CRM's four at its anchor
    rows, r = scanned()
    assert rows == 0 and r.counts.modified == 0
    env.update("left", "customer", "C00003", city="Now")
    rows, r = scanned()
    assert rows == 1 and r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00003")]["city"] == "Now"


def _stamped_customers(env: Env, n: int) -> list[Any]:
    """``n`` customers synced, the ERP's stamped a tenth of a second apart a minute ago
    and the CRM's ten minutes before, each as a full job remembered them."""
    import datetime as dt

    env.customers(n)
    env.job()
    base = (now() - dt.timedelta(minutes=1)).replace(microsecond=0)
    stamps = [base + dt.timedelta(milliseconds=100 * i + 1) for i in range(1, n + 1)]
    for i, stamp in enumerate(stamps, start=1):
        env.update("left", "customer", f"C{i:05d}", last_modified=stamp)
    for rk in env.couplings().values():
        env.update("right", "account", rk, modifiedon=base - dt.timedelta(minutes=10))
    env.job(full=True)  # the ERP's anchor: the newest stamp; its look-back holds them all
    return stamps


def test_a_look_back_that_holds_what_the_previous_scan_read_is_not_looked_up_again(
    env: Env, looked_up: list[str]
) -> None:
    """The rows of the look-back before the anchor are read again by the next job (a
    transaction may commit a little after its stamp); when their count and digest are what
    the previous scan read, none of them is looked up among the couplings."""
    _stamped_customers(env, 5)
    looked_up.clear()
    r = env.job()
    assert (r.counts.modified, r.counts.inserted) == (0, 0)
    assert [k for k in looked_up if k.startswith("C")] == []


def test_a_late_commit_in_the_look_back_is_still_caught(env: Env, looked_up: list[str]) -> None:
    """A change committed since the previous scan, stamped before its anchor, changes the
    look-back's digest: every row of it is looked up, and the change is synced. A new
    record there changes its count (and the table's)."""
    import datetime as dt

    stamps = _stamped_customers(env, 5)
    looked_up.clear()
    late = stamps[1] + dt.timedelta(milliseconds=1)
    env.update("left", "customer", "C00002", city="Late", last_modified=late)
    r = env.job()
    assert (r.counts.modified, r.counts.inserted) == (1, 0)
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Late"
    assert sorted(k for k in looked_up if k.startswith("C")) == [f"C0000{i}" for i in range(1, 6)]
    env.insert("left", "customer", no="C00009", name="Late too", last_modified=stamps[2])
    r = env.job()
    assert (r.counts.modified, r.counts.inserted) == (0, 1)
    assert env.rows("right", "account")[env.partner("C00009")]["name"] == "Late too"
