"""Fix in place (``resolve --action edit``) and Undo (``syncdesk undo``): values in both
apps afterwards, the record log, and what the next job does."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from builders import Env

from syncdesk.errors import ConflictingUpdateError, UsageError
from syncdesk.sync.actions import resolve
from syncdesk.sync.fixing import fix
from syncdesk.sync.undo import undo


def cli(*argv: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", *argv], capture_output=True, text=True, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


def refused(env: Env) -> int:
    """The CRM refuses a name longer than 40 characters: a failed sync error."""
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", name="N" * 50)
    r = env.job()
    assert r.counts.failed == 1
    [err] = env.errors()
    assert err.kind == "failed"
    return err.id


def last_log(env: Env, key: str = "C00001") -> Any:
    return env.log("left", key)[-1]


# ----------------------------------------------------------------------------------------
# fix in place
# ----------------------------------------------------------------------------------------


def test_a_fixed_value_that_still_breaks_the_limit_writes_nothing(env: Env) -> None:
    error_id = refused(env)
    before = env.rows("left", "customer")
    with env.open() as integration, pytest.raises(UsageError) as caught:
        fix(integration, error_id, {"name": "M" * 41})
    assert "takes at most 40 characters; the value has 41" in str(caught.value)
    assert "nothing written" in str(caught.value)
    assert env.rows("left", "customer") == before
    with env.open() as integration, pytest.raises(UsageError, match="not a number"):
        fix(integration, error_id, {"credit": "lots"})
    assert [e.id for e in env.errors()] == [error_id]


def test_a_fixed_value_is_written_where_it_came_from_and_the_record_syncs_at_once(
    env: Env,
) -> None:
    error_id = refused(env)
    with env.open() as integration:
        result = fix(integration, error_id, {"name": "Short Name"}, reason="typo")
    assert result.resolved and result.retry.counts.modified == 1
    assert env.rows("left", "customer")["C00001"]["name"] == "Short Name"
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == "Short Name"
    assert env.errors() == []
    entries = env.log("left", "C00001")
    edit = next(e for e in entries if e.action == "edit")
    assert edit.direction == "to-left" and edit.changes == {"name": ["N" * 50, "Short Name"]}
    assert edit.user and "(typo)" in edit.message
    assert entries[-1].action == "modify" and entries[-1].direction == "to-right"


def test_a_fix_refused_when_the_record_changed_meanwhile(env: Env, monkeypatch: Any) -> None:
    from syncdesk.sync import apply

    error_id = refused(env)
    original = apply._write_side

    def someone_else_first(integration: Any, table: Any, ops: Any, floor: Any) -> None:
        env.update("left", "customer", "C00001", city="Changed Meanwhile")
        original(integration, table, ops, floor)

    monkeypatch.setattr(apply, "_write_side", someone_else_first)
    with env.open() as integration, pytest.raises(ConflictingUpdateError, match="meanwhile"):
        fix(integration, error_id, {"name": "Short Name"})
    monkeypatch.setattr(apply, "_write_side", original)
    assert env.rows("left", "customer")["C00001"]["name"] == "N" * 50


def test_fix_in_place_on_the_command_line(env: Env) -> None:
    error_id = refused(env)
    ws = str(env.workspace)
    code, out, err = cli(
        "resolve", "-w", ws, str(error_id), "--action", "edit", "--set", "name=" + "X" * 45
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "takes at most 40 characters" in err
    code, out, err = cli("resolve", "-w", ws, str(error_id), "--action", "edit")
    assert code == 2 and "needs --set" in err
    code, out, err = cli(
        "resolve", "-w", ws, str(error_id), "--action", "edit", "--set", "name=Fine", "--json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["resolved"] is True and data["retry"]["modified"] == 1
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == "Fine"


# ----------------------------------------------------------------------------------------
# undo
# ----------------------------------------------------------------------------------------


def test_undo_of_a_copy_puts_the_value_back_and_can_itself_be_undone(env: Env) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    copy = last_log(env)
    assert (copy.action, copy.direction, copy.changes) == (
        "modify",
        "to-right",
        {"city": ["Gent", "Leuven"]},
    )
    with env.open() as integration:
        result = undo(integration, copy.id)
    assert result.done
    assert env.rows("right", "account")[rk]["city"] == "Gent"  # as before the copy
    assert env.rows("left", "customer")["C00001"]["city"] == "Leuven"  # the source as it is
    entry = last_log(env)
    assert (entry.action, entry.direction, entry.changes) == (
        "undo",
        "to-right",
        {"city": ["Leuven", "Gent"]},
    )
    assert entry.user
    # an undo is an entry like any other: undone, the copy is back
    with env.open() as integration:
        assert undo(integration, entry.id).done
    assert env.rows("right", "account")[rk]["city"] == "Leuven"
    with env.open() as integration, pytest.raises(UsageError, match="undone already"):
        undo(integration, copy.id)


def test_undo_after_the_app_changed_the_record_writes_nothing_and_makes_a_conflict(
    env: Env,
) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    copy = last_log(env)
    env.update("right", "account", rk, city="Mons")  # a CRM user changed it since
    with env.open() as integration:
        result = undo(integration, copy.id)
    assert not result.done and result.conflict
    assert env.rows("right", "account")[rk]["city"] == "Mons"
    [err] = env.errors()
    assert err.kind == "conflict" and "changed city since" in err.message


def test_undo_of_an_insert_deletes_the_record_and_keeps_the_source_out(env: Env) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00002")
    insert = next(e for e in env.log("left", "C00002") if e.action == "insert")
    with env.open() as integration:
        result = undo(integration, insert.id)
    assert result.done and "excluded" in result.message
    assert rk not in env.rows("right", "account")
    assert "C00002" not in env.couplings()
    assert env.job(full=True).counts.inserted == 0  # not created again
    # undo the undo: made again and coupled
    entry = next(e for e in reversed(env.log("left", "C00002")) if e.action == "undo")
    with env.open() as integration:
        assert undo(integration, entry.id).done
    assert "C00002" in env.couplings()
    assert env.rows("right", "account")[env.partner("C00002")]["name"] == "Customer 2"


def test_undo_of_delete_records_makes_the_record_again_from_what_was_logged(env: Env) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("right", "account", rk, telephone1="0470 99")
    env.job()
    env.delete("left", "customer", "C00001")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        assert resolve(integration, [err.id], "delete").done == [err.id]
    assert rk not in env.rows("right", "account")
    deletion = next(e for e in reversed(env.log("right", rk)) if e.action == "delete")
    assert deletion.changes["phone"] == ["0470 99", None]
    with env.open() as integration:
        assert undo(integration, deletion.id).done
    # the CRM's record is made again from what was logged, and the pair is the deletion
    # in the ERP that it was before Delete Records
    [again] = [r for r in env.rows("right", "account").values() if r["telephone1"] == "0470 99"]
    assert again["name"] == "Customer 1"
    assert env.couplings()["C00001"] == again["accountid"]
    [err] = env.errors()
    assert (err.kind, err.left_key) == ("deleted-left", "C00001")


def test_undo_of_remove_coupling_couples_again(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Mons")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        resolve(integration, [err.id], "remove-coupling")
    entry = last_log(env)
    assert entry.action == "remove-coupling"
    with env.open() as integration:
        assert undo(integration, entry.id).done
    assert env.couplings() == {"C00001": rk}


def test_undo_of_a_choice_brings_the_conflict_back(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Mons")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        resolve(integration, [err.id], "use-left")
    assert env.rows("right", "account")[rk]["city"] == "Leuven"
    choice = next(e for e in reversed(env.log("left", "C00001")) if e.action == "resolve")
    with env.open() as integration:
        assert undo(integration, choice.id).done
    assert env.rows("right", "account")[rk]["city"] == "Mons"
    r = env.job()
    assert r.counts.conflicts == 1  # as before the choice
    assert [e.kind for e in env.errors()] == ["conflict"]


def test_an_entry_that_wrote_nothing_cannot_be_undone(env: Env) -> None:
    env.customers(1)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", env.partner("C00001"), city="Mons")
    env.job()
    conflict = last_log(env)
    assert conflict.action == "conflict"
    with env.open() as integration, pytest.raises(UsageError, match="nothing to undo"):
        undo(integration, conflict.id)
    with env.open() as integration, pytest.raises(UsageError, match="no record log entry"):
        undo(integration, 999_999)


def test_undo_on_the_command_line(env: Env) -> None:
    env.customers(1)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.job()
    ws = str(env.workspace)
    code, out, _err = cli("log", "-w", ws, "--record", "left:C00001", "--json")
    entries = json.loads(out)
    copy = entries[-1]
    assert copy["action"] == "modify" and copy["id"] and "by" in copy
    code, out, err = cli("undo", "-w", ws, str(copy["id"]), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["done"] is True
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Gent"
    code, out, err = cli("undo", "-w", ws, str(copy["id"]))
    assert code == 2 and "undone already" in err and err.count("\n") == 1


def test_undo_of_a_restore_deletes_the_record_made_again_and_the_deletion_is_back(
    env: Env,
) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.delete("left", "customer", "C00001")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        assert resolve(integration, [err.id], "restore").done == [err.id]
    restored = env.rows("left", "customer")
    [new_key] = [k for k, r in restored.items() if r["name"] == "Customer 1"]
    assert env.couplings()[new_key] == rk
    entry = next(e for e in reversed(env.log("right", rk)) if e.action == "restore")
    with env.open() as integration:
        assert undo(integration, entry.id).done
    # the record Restore made is gone again, the CRM's record stays, and the next job does
    # not make the ERP's record once more: it is left to a person, as before the restore
    assert not [r for r in env.rows("left", "customer").values() if r["name"] == "Customer 1"]
    assert rk in env.rows("right", "account")
    r = env.job(full=True)
    assert r.counts.inserted == 0
    assert not [r for r in env.rows("left", "customer").values() if r["name"] == "Customer 1"]


def test_undo_of_a_fix_in_place_puts_the_refused_value_back(env: Env) -> None:
    error_id = refused(env)
    with env.open() as integration:
        assert fix(integration, error_id, {"name": "Short Name"}).resolved
    edit = next(e for e in env.log("left", "C00001") if e.action == "edit")
    copy = env.log("left", "C00001")[-1]
    assert copy.action == "modify"
    # the copy the fix caused comes first (last in, first out), then the fix itself
    with env.open() as integration:
        assert undo(integration, copy.id).done
        assert undo(integration, edit.id).done
    assert env.rows("left", "customer")["C00001"]["name"] == "N" * 50
    assert env.rows("right", "account")[env.partner("C00001")]["name"] == "Customer 1"
    last = last_log(env)
    assert last.action == "undo" and last.changes == {"name": ["Short Name", "N" * 50]}


def test_undo_of_a_coupling_by_hand_and_of_an_uncoupling(env: Env) -> None:
    from syncdesk.sync.actions import couple, uncouple

    env.write_workspace(extra="sync_only_coupled = true")
    env.insert("left", "customer", no="C9", name="Acme", city="Gent")
    rk = env.insert("right", "account", accountid="A-9", name="Acme", city="Gent")
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C9", rk)
    assert env.couplings() == {"C9": rk}
    coupling = last_log(env, "C9")
    with env.open() as integration:
        assert undo(integration, coupling.id).done
    assert env.couplings() == {}
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C9", rk)
        uncouple(integration, "CUSTOMER", "C9", rk)
    assert env.couplings() == {}
    uncoupling = last_log(env, "C9")
    with env.open() as integration:
        assert undo(integration, uncoupling.id).done
    assert env.couplings() == {"C9": rk}
    # both records as they were all along: nothing written to either app
    assert env.rows("left", "customer")["C9"]["name"] == "Acme"
    assert env.rows("right", "account")[rk]["name"] == "Acme"
