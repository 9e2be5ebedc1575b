"""Actions on sync errors: what both apps hold afterwards, and the record log."""

from __future__ import annotations

import pytest
from builders import Env

from syncdesk.errors import ConflictingUpdateError, UsageError
from syncdesk.sync.actions import couple, resolve, uncouple


def _conflict(env: Env) -> tuple[int, str]:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven", phone="016 00")
    env.update("right", "account", rk, city="Hasselt")
    env.job()
    [err] = env.errors()
    return err.id, rk


@pytest.mark.parametrize(("action", "city"), [("use-left", "Leuven"), ("use-right", "Hasselt")])
def test_synchronize_a_conflict_with_one_version(env: Env, action: str, city: str) -> None:
    error_id, rk = _conflict(env)
    with env.open() as integration:
        result = resolve(integration, [error_id], action)
    assert result.done == [error_id] and result.problems == {}
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert left["city"] == right["city"] == city
    # the choice decides the field in conflict; the phone, changed in Business Central
    # only, merges as a job would merge it (use-right does not revert it)
    assert left["phone"] == right["telephone1"] == "016 00"
    assert env.errors() == []
    last = env.log("left", "C00001")[-1]
    assert last.action == "resolve" and last.result == "ok" and last.trigger == "action"
    # and the next job sees them in sync
    r = env.job(full=True)
    assert (r.counts.modified, r.counts.conflicts) == (0, 0)


@pytest.mark.parametrize(("action", "city"), [("use-left", "Leuven"), ("use-right", "Hasselt")])
def test_one_version_keeps_the_other_apps_edit_to_a_field_not_in_conflict(
    env: Env, action: str, city: str
) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", rk, city="Hasselt", telephone1="+32 9 999")
    env.job()
    [err] = env.errors()
    with env.open() as integration:
        assert resolve(integration, [err.id], action).done == [err.id]
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert left["city"] == right["city"] == city
    # the phone was changed in Sales only: it reaches Business Central whichever side won
    assert left["phone"] == right["telephone1"] == "+32 9 999"
    last = env.log("left", "C00001")[-1]
    assert last.changes.get("phone") == ["09 000000", "+32 9 999"]


def test_choose_field_by_field(env: Env) -> None:
    error_id, rk = _conflict(env)
    with env.open() as integration:
        resolve(integration, [error_id], "choose", choices={"city": "right"})
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert left["city"] == right["city"] == "Hasselt"
    # phone changed on the left only: the three-way default keeps the left change
    assert left["phone"] == right["telephone1"] == "016 00"


def test_a_value_typed_for_a_conflict_goes_to_both_apps(env: Env) -> None:
    error_id, rk = _conflict(env)
    with env.open() as integration:
        resolve(integration, [error_id], "choose", typed={"city": "Genk"})
    left, right = env.rows("left", "customer")["C00001"], env.rows("right", "account")[rk]
    assert left["city"] == right["city"] == "Genk"
    assert left["phone"] == right["telephone1"] == "016 00"  # merged as a job would
    assert env.errors() == []
    last = env.log("left", "C00001")[-1]
    assert last.action == "resolve" and last.changes.get("city") == ["Leuven", "Genk"]
    r = env.job(full=True)
    assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_a_typed_value_the_app_refuses_writes_nothing(env: Env) -> None:
    error_id, rk = _conflict(env)
    before = env.rows("left", "customer"), env.rows("right", "account")
    with env.open() as integration, pytest.raises(UsageError, match="nothing written"):
        resolve(integration, [error_id], "choose", typed={"name": "N" * 41})
    with env.open() as integration, pytest.raises(UsageError, match="no field"):
        resolve(integration, [error_id], "choose", typed={"colour": "red"})
    assert (env.rows("left", "customer"), env.rows("right", "account")) == before
    assert [e.id for e in env.errors()] == [error_id]


def test_a_choice_made_on_values_that_changed_since_is_refused(env: Env) -> None:
    error_id, rk = _conflict(env)
    shown = {"city": ("Leuven", "Hasselt")}
    env.update("right", "account", rk, city="Tongeren")  # someone else, meanwhile
    with env.open() as integration, pytest.raises(ConflictingUpdateError, match="city changed"):
        resolve(integration, [error_id], "choose", choices={"city": "left"}, expected=shown)
    assert env.rows("left", "customer")["C00001"]["city"] == "Leuven"
    assert env.rows("right", "account")[rk]["city"] == "Tongeren"
    assert [e.id for e in env.errors()] == [error_id]
    # with what is there now, it goes through
    with env.open() as integration:
        resolve(
            integration,
            [error_id],
            "choose",
            choices={"city": "left"},
            expected={"city": ("Leuven", "Tongeren")},
        )
    assert env.rows("right", "account")[rk]["city"] == "Leuven"
    assert env.errors() == []


def test_remove_coupling_excludes_both_records(env: Env) -> None:
    error_id, rk = _conflict(env)
    with env.open() as integration:
        resolve(integration, [error_id], "remove-coupling", reason="duplicate")
    assert "C00001" not in env.couplings() and env.errors() == []
    r = env.job(full=True)
    assert r.counts.inserted == 0  # neither record is re-created on the other side
    assert len(env.rows("right", "account")) == 2
    last = env.log("left", "C00001")[-1]
    assert last.action == "remove-coupling" and "duplicate" in last.message
    # coupling them again brings them back into the sync
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C00001", rk)
    env.job()
    assert env.rows("right", "account")[rk]["city"] == "Leuven"


def test_retry_includes_a_conflict_in_the_next_job(env: Env) -> None:
    error_id, rk = _conflict(env)
    with env.open() as integration:
        resolve(integration, [error_id], "retry")
    env.update("right", "account", rk, city="Leuven")  # someone settled it by hand
    r = env.job()
    assert r.counts.conflicts == 0
    assert env.errors() == []


@pytest.mark.parametrize("action", ["restore", "delete"])
def test_restore_or_delete_after_a_deletion(env: Env, action: str) -> None:
    env.customers(3)
    env.job()
    r1 = env.partner("C00001")
    env.delete("right", "account", r1)
    env.delete("left", "customer", "C00002")
    r2 = env.partner("C00002")
    env.job()
    errors = {e.kind: e.id for e in env.errors()}
    with env.open() as integration:
        result = resolve(integration, [errors["deleted-right"], errors["deleted-left"]], action)
    assert sorted(result.done) == sorted(errors.values())
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    couplings = env.couplings()
    if action == "restore":
        assert accounts[couplings["C00001"]]["name"] == "Customer 1"
        restored = next(k for k, v in couplings.items() if v == r2)
        assert customers[restored]["name"] == "Customer 2"
        assert len(customers) == len(accounts) == 3
    else:
        assert "C00001" not in customers and r2 not in accounts
        assert len(customers) == len(accounts) == 1
    assert env.errors() == []
    r = env.job(full=True)
    assert (r.counts.inserted, r.counts.modified, r.counts.deleted) == (0, 0, 0)


def test_an_action_that_does_not_apply_is_refused_and_changes_nothing(env: Env) -> None:
    error_id, _rk = _conflict(env)
    before = env.rows("right", "account")
    with env.open() as integration, pytest.raises(UsageError, match="restore does not apply"):
        resolve(integration, [error_id], "restore")
    with env.open() as integration, pytest.raises(UsageError, match="no sync error 999"):
        resolve(integration, [error_id, 999], "use-left")
    assert env.rows("right", "account") == before
    assert [e.id for e in env.errors()] == [error_id]


def test_an_error_resolved_a_moment_ago_is_not_resolved_twice(env: Env) -> None:
    error_id, _ = _conflict(env)
    with env.open() as integration:
        resolve(integration, [error_id], "use-left")
        with pytest.raises(ConflictingUpdateError, match="already resolved"):
            resolve(integration, [error_id], "use-right")
    assert env.rows("left", "customer")["C00001"]["city"] == "Leuven"


def test_a_stale_version_is_refused(env: Env) -> None:
    error_id, _ = _conflict(env)
    version = env.errors()[0].version
    with env.open() as integration:
        resolve(integration, [error_id], "retry")
        with pytest.raises(ConflictingUpdateError, match="changed by someone else"):
            resolve(integration, [error_id], "use-left", expected_versions={error_id: version})


def test_uncouple_by_hand_and_couple_again(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    with env.open() as integration:
        uncouple(integration, "CUSTOMER", "C00001", rk)
        with pytest.raises(UsageError, match="not coupled"):
            uncouple(integration, "CUSTOMER", "C00001", rk)
    assert env.couplings() == {}
    assert env.job().counts.inserted == 0
    env.update("right", "account", rk, city="Brussel")
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C00001", rk)
        with pytest.raises(UsageError, match="already coupled"):
            couple(integration, "CUSTOMER", "C00001", rk)
    env.job()
    # couple_prefer is left: the left values win
    assert env.rows("right", "account")[rk]["city"] == "Gent"
    actions = [e.action for e in env.log("left", "C00001")]
    assert actions == ["insert", "uncouple", "couple", "modify"]


def test_conflict_view_and_preview(env: Env) -> None:
    from syncdesk.sync.conflicts import conflict_view

    error_id, rk = _conflict(env)
    with env.open() as integration:
        view = conflict_view(integration, error_id)
        fields = {f.field: f for f in view.fields}
        city, phone, name = fields["city"], fields["phone"], fields["name"]
        assert (city.base, city.left, city.right, city.conflict) == (
            "Gent",
            "Leuven",
            "Hasselt",
            True,
        )
        assert phone.left_changed and not phone.right_changed and phone.default() == "left"
        assert not name.differs
        assert view.undecided({}) == ["city"]
        preview = view.preview({"city": "right"})
        assert preview["left"] == {"city": ("Leuven", "Hasselt")}
        assert preview["right"] == {"phone": ("09 000000", "016 00")}
        resolve(
            integration,
            [error_id],
            "choose",
            choices={"city": "right"},
            expected_versions={error_id: view.version},
        )
    assert env.rows("right", "account")[rk]["telephone1"] == "016 00"
    assert env.rows("left", "customer")["C00001"]["city"] == "Hasselt"


def test_records_coupled_by_hand_are_synced_by_the_next_job_however_old_their_stamps(
    env: Env,
) -> None:
    """A coupling made by hand knows neither record's stamp: the next job compares the
    pair even when both records were last changed long before any window it reads."""
    import datetime as dt

    env.customers(2)
    env.job()
    long_ago = dt.datetime(2020, 1, 1)
    env.insert("left", "customer", no="C9", name="Beta", city="Gent", last_modified=long_ago)
    env.insert(
        "right", "account", accountid="R-OLD", name="Beta", city="Brugge", modifiedon=long_ago
    )
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C9", "R-OLD")
    r = env.job()
    assert (r.counts.modified, r.counts.inserted) == (1, 0)
    assert env.rows("right", "account")["R-OLD"]["city"] == "Gent"
    assert env.job().counts.modified == 0
