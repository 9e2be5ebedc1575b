"""What the engine's query layer tells the window about records (issue 12).

A record's name (the mapping's ``title`` field) beside its keys, everywhere; what a job
passed over and why (behind its Skipped count); who asked for a manual job; and the
values of a conflict in its record log entry.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from builders import Env

from syncdesk.cli import run
from syncdesk.errors import WorkspaceError
from syncdesk.sync.actions import resolve
from syncdesk.sync.engine import run_sync
from syncdesk.sync.journal import current_user
from syncdesk.sync.queries import ErrorFilter, job_outcome, job_skips, list_errors
from syncdesk.sync.records import find_records, search_titles, title_field, with_titles
from syncdesk.workspace import load_workspace


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def conflict_and_deletion(env: Env) -> tuple[str, str]:
    """C00001 in conflict (city), C00002 deleted in the CRM; returns their CRM keys."""
    env.customers(3)
    env.job()
    r1, r2 = env.partner("C00001"), env.partner("C00002")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", r1, city="Mechelen")
    env.delete("right", "account", r2)
    env.job()
    return r1, r2


# -- the record's name ---------------------------------------------------------------------


def test_title_is_a_mapped_left_field_and_defaults_to_the_first_text_field(lite: Env) -> None:
    with lite.open() as integration:
        assert title_field(integration.mapping_tables("CUSTOMER")) == "name"
    lite.write_workspace(extra='title = "city"')
    with lite.open() as integration:
        assert title_field(integration.mapping_tables("CUSTOMER")) == "city"
    lite.write_workspace(extra='title = "telephone1"')
    with pytest.raises(WorkspaceError) as caught:
        load_workspace(lite.workspace)
    message = str(caught.value)
    assert "mapping CUSTOMER: title names 'telephone1', which is not a mapped left field" in message
    assert "(mapped: name, city, phone, credit)" in message
    assert str(lite.workspace) in message
    code, out, err = cli("errors", "-w", str(lite.workspace))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "title names 'telephone1'" in err


def test_errors_carry_the_record_name_from_either_app(lite: Env) -> None:
    conflict_and_deletion(lite)
    with lite.open() as integration:
        rows = with_titles(integration, list_errors(integration.state))
    assert {r.kind: r.title for r in rows} == {
        "conflict": "Customer 1",
        "deleted-right": "Customer 2",
    }
    # deleted in the ERP: the name comes from the CRM's record
    lite.update("right", "account", lite.partner("C00003"), name="Sales Three")
    lite.job()
    lite.delete("left", "customer", "C00003")
    lite.job()
    with lite.open() as integration:
        rows = with_titles(integration, list_errors(integration.state))
    assert {r.kind: r.title for r in rows}["deleted-left"] == "Sales Three"


def test_the_search_finds_an_error_by_its_record_name(lite: Env) -> None:
    conflict_and_deletion(lite)
    lite.update("left", "customer", "C00002", name="Brouwerij Maes")
    with lite.open() as integration:
        flt = search_titles(integration, ErrorFilter(search="  MAES "))
        found = list_errors(integration.state, flt)
        assert [(r.kind, r.left_key) for r in found] == [("deleted-right", "C00002")]
        # the keys and messages are still searched as before
        by_key = list_errors(
            integration.state, search_titles(integration, ErrorFilter(search="c00001"))
        )
        assert [r.left_key for r in by_key] == ["C00001"]
        # a kind filter narrows the names searched too
        none = search_titles(integration, ErrorFilter(search="maes", kinds=("conflict",)))
        assert list_errors(integration.state, none) == []


def test_cli_errors_prints_and_gives_the_name(lite: Env) -> None:
    conflict_and_deletion(lite)
    code, out, err = cli("errors", "-w", str(lite.workspace), "--json")
    assert (code, err) == (1, "")
    assert {e["left_key"]: e["title"] for e in json.loads(out)} == {
        "C00001": "Customer 1",
        "C00002": "Customer 2",
    }
    code, out, _err = cli("errors", "-w", str(lite.workspace))
    header, first, second = out.splitlines()
    assert "name" in header.split()
    assert "Customer 1" in first and "Customer 2" in second


def test_records_carry_their_name(lite: Env) -> None:
    lite.customers(2)
    lite.job()
    with lite.open() as integration:
        page = find_records(integration, "CUSTOMER", "right")
    # in key order: the CRM's keys are random UUIDs, so the names come in either order
    names = {r.key: r.title for r in page.rows}
    assert [names[k] for k in sorted(names)] == [names[k] for k in [r.key for r in page.rows]]
    assert sorted(names.values()) == ["Customer 1", "Customer 2"]
    assert names[lite.partner("C00001")] == "Customer 1"


# -- what a job passed over ----------------------------------------------------------------


def test_every_skip_is_recorded_with_its_reason_and_error(lite: Env) -> None:
    conflict_and_deletion(lite)
    with lite.open() as integration:
        errors = {e.kind: e for e in list_errors(integration.state)}
        (job,) = run_sync(integration, ["CUSTOMER"], full=True)
        assert job.counts.skipped == 2
        skips = job_skips(integration.state, job.job)
    assert len(skips) == job.counts.skipped
    by_key = {s.left_key: s for s in skips}
    conflict = by_key["C00001"]
    assert conflict.error_id == errors["conflict"].id and conflict.error_kind == "conflict"
    assert conflict.reason == f"sync error {errors['conflict'].id} is open; it waits for a person"
    deleted = by_key["C00002"]
    assert deleted.error_id == errors["deleted-right"].id
    # the job before (which found the deletion) recorded it too, with the deletion as reason
    with lite.open() as integration:
        first = job_skips(integration.state, job.job - 1)
    assert [s.reason for s in first] == [errors["deleted-right"].message]
    assert first[0].error_id == errors["deleted-right"].id


def test_a_record_excluded_by_remove_coupling_is_skipped_with_that_reason(lite: Env) -> None:
    conflict_and_deletion(lite)
    with lite.open() as integration:
        conflict = next(e for e in list_errors(integration.state) if e.kind == "conflict")
        resolve(integration, [conflict.id], "remove-coupling")
        (job,) = run_sync(integration, ["CUSTOMER"], record=("left", "C00001"))
        assert job.counts.skipped == 1
        (skip,) = job_skips(integration.state, job.job)
    assert skip.reason == "excluded by Remove Coupling; couple it again to sync it"
    assert (skip.left_key, skip.error_id) == ("C00001", None)


def test_cleanup_deletes_the_skips_with_their_job(lite: Env) -> None:
    import datetime as dt

    from syncdesk.models import JobSkip
    from syncdesk.sync.maintenance import delete_old_entries

    conflict_and_deletion(lite)
    with lite.open() as integration:
        (job,) = run_sync(integration, ["CUSTOMER"])
        conflict = next(e for e in list_errors(integration.state) if e.kind == "conflict")
        resolve(integration, [conflict.id], "remove-coupling")
        deleted = next(e for e in list_errors(integration.state))
        resolve(integration, [deleted.id], "remove-coupling")
        assert job_skips(integration.state, job.job)
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=30)
        delete_old_entries(integration.state, dt.timedelta(days=7), now=later)
        with integration.state.read() as s:
            assert s.query(JobSkip).count() == 0


# -- who asked, and what was in conflict -----------------------------------------------------


def test_a_manual_jobs_log_entries_carry_the_user_a_queued_ones_not(lite: Env) -> None:
    lite.customers(2)
    lite.job(trigger="queue")
    lite.update("left", "customer", "C00001", city="Brugge")
    lite.job(record=("left", "C00001"), trigger="manual")
    entries = lite.log("left", "C00001")
    assert [(e.action, e.trigger, e.user) for e in entries] == [
        ("insert", "queue", None),
        ("modify", "manual", current_user()),
    ]


@pytest.mark.parametrize(("trigger", "manual"), [("manual", True), ("queue", False)])
def test_what_a_manual_job_finds_carries_the_user_too(
    lite: Env, trigger: str, manual: bool
) -> None:
    lite.customers(2)
    lite.job(trigger="queue")
    rk = lite.partner("C00001")
    lite.update("left", "customer", "C00001", city="Leuven")
    lite.update("right", "account", rk, city="Mechelen")
    lite.job(trigger=trigger)
    [entry] = [e for e in lite.log("left", "C00001") if e.action == "conflict"]
    assert entry.user == (current_user() if manual else None)
    # and the entries of earlier jobs keep who they had
    assert [e.user for e in lite.log("left", "C00001") if e.action == "insert"] == [None]


def test_a_conflict_entry_keeps_both_values_and_the_base(lite: Env) -> None:
    conflict_and_deletion(lite)
    (entry,) = [e for e in lite.log("left", "C00001") if e.action == "conflict"]
    assert entry.conflict is not None
    assert entry.conflict["fields"] == ["city"]
    assert entry.conflict["base"] == {"city": "Gent"}
    assert entry.conflict["left"] == {"city": "Leuven"}
    assert entry.conflict["right"] == {"city": "Mechelen"}
    code, out, _err = cli("log", "-w", str(lite.workspace), "--record", "left:C00001", "--json")
    conflict = next(e for e in json.loads(out) if e["action"] == "conflict")
    assert conflict["conflict"]["left"] == {"city": "Leuven"}


def test_the_outcome_of_a_job_names_what_held_a_record_back(lite: Env) -> None:
    conflict_and_deletion(lite)
    with lite.open() as integration:
        (job,) = run_sync(integration, ["CUSTOMER"], record=("left", "C00001"))
        outcome = job_outcome(integration.state, job.job)
    assert outcome is not None
    assert outcome.job.skipped == 1 and outcome.log == []
    (skip,) = outcome.skips
    assert [e.id for e in outcome.errors] == [skip.error_id]
    assert outcome.errors[0].kind == "conflict"


def test_the_workspace_example_in_product_md_takes_a_title(tmp_path: Path) -> None:
    path = tmp_path / "syncdesk.toml"
    path.write_text(
        """
[apps.left]
url = "sqlite:///erp.db"
[apps.right]
url = "sqlite:///crm.db"
[[mappings]]
name = "CUSTOMER"
title = "name"
left = { table = "customer", key = "no" }
right = { table = "account", key = "accountid" }
fields = [{ left = "no2", right = "x" }, { left = "name", right = "name" }]
""",
        encoding="utf-8",
    )
    assert load_workspace(path).mappings[0].title == "name"
