"""A mapping renamed in the workspace file: before, its first job under the new name found
no coupling and created every record again in both apps (2 customers became 4 in each).
Now the job is refused, saying so, until the administrator carries the mapping's state over
(``mappings --rename``) or drops it (``mappings --forget``)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import Env, sqlite_env

from syncdesk.cli import run as cli_run


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = sqlite_env(tmp_path)
    yield e
    e.dispose()


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def rename_in_file(env: Env, old: str, new: str) -> None:
    text = env.workspace.read_text(encoding="utf-8")
    for setting in ("name", "lookup"):  # CONTACT looks its company up in CUSTOMER
        text = text.replace(f'{setting} = "{old}"', f'{setting} = "{new}"')
    env.workspace.write_text(text, "utf-8")


def counts(env: Env) -> tuple[int, int]:
    return len(env.rows("left", "customer")), len(env.rows("right", "account"))


def test_a_renamed_mapping_is_refused_until_its_state_is_carried_over(env: Env) -> None:
    env.customers(2)
    env.job()
    env.update("left", "customer", "C00001", city="Leuven")
    env.update("right", "account", env.partner("C00001"), city="Namen")
    assert env.job().counts.conflicts == 1
    rename_in_file(env, "CUSTOMER", "CLIENT")
    ws = str(env.workspace)
    assert counts(env) == (2, 2)

    code, out, err = cli("sync", "-w", ws, "-m", "CLIENT", "--json")
    [job] = json.loads(out)
    assert code == 3 and job["status"] == "failed"
    assert (
        "mapping CLIENT has no couplings, but the records of its tables are coupled "
        "under CUSTOMER, a mapping the workspace no longer has (renamed?): a job would create "
        "each of them again in the other app. Carry them over with: syncdesk mappings -w "
        f"{ws} --rename CUSTOMER CLIENT (or --forget CUSTOMER, if it synced other records)"
    ) in job["message"]
    assert counts(env) == (2, 2)  # nothing written
    code, out, err = cli("sync", "-w", ws, "-m", "CLIENT", "--preview")
    assert code == 2 and "--rename CUSTOMER CLIENT" in err
    code, out, err = cli("sync", "-w", ws, "-m", "CLIENT", "--record", "left:C00002")
    assert code == 3 and counts(env) == (2, 2)

    # what --rename refuses
    for argv, words in (
        (["--rename", "CUSTOMER", "NOPE"], "the workspace has no mapping NOPE"),
        (["--rename", "CONTACT", "CLIENT"], "CONTACT is still a mapping of the workspace"),
        (["--rename", "GHOST", "CLIENT"], "SyncDesk keeps no couplings of a mapping GHOST"),
    ):
        code, out, err = cli("mappings", "-w", ws, *argv)
        assert (code, out) == (2, "") and words in err, (argv, err)

    code, out, err = cli("mappings", "-w", ws, "--rename", "CUSTOMER", "CLIENT")
    assert (code, out, err) == (
        0,
        "CUSTOMER is now CLIENT: 2 couplings, with their errors, log and jobs\n",
        "",
    )
    job = env.job("CLIENT")
    assert (job.status, job.counts.inserted, job.counts.unchanged) == ("succeeded", 0, 1)
    assert counts(env) == (2, 2)
    [conflict] = env.errors()
    assert (conflict.mapping, conflict.kind, conflict.left_key) == ("CLIENT", "conflict", "C00001")
    assert [e.action for e in env.log("left", "C00002", "CLIENT")] == ["insert"]
    assert env.couplings("CUSTOMER") == {}
    code, out, err = cli("mappings", "-w", ws, "--rename", "CUSTOMER", "CLIENT")
    assert code == 2 and "CLIENT has couplings of its own" in err


def test_forget_drops_a_gone_mappings_couplings_and_the_new_one_starts_afresh(
    env: Env,
) -> None:
    env.customers(2)
    env.job()
    rename_in_file(env, "CUSTOMER", "CLIENT")
    ws = str(env.workspace)
    code, out, err = cli("mappings", "-w", ws, "--forget", "CONTACT")
    assert code == 2 and "CONTACT is a mapping of the workspace" in err
    code, out, err = cli("mappings", "-w", ws, "--forget", "CUSTOMER", "--json")
    assert code == 0 and json.loads(out) == {"forgotten": "CUSTOMER", "couplings": 2}
    assert env.couplings("CUSTOMER") == {}
    # the administrator's word: the records are new to CLIENT, each created in the other app
    job = env.job("CLIENT")
    assert (job.status, job.counts.inserted) == ("succeeded", 4)
    assert counts(env) == (4, 4)
    assert [e.action for e in env.log("left", "C00001", "CUSTOMER")] == ["insert"]


def test_a_new_mapping_of_other_records_is_not_taken_for_a_renamed_one(env: Env) -> None:
    """CUSTOMER gone from the file; CLIENT couples other records (none of the gone
    mapping's keys are its records): it runs as a new mapping does."""
    env.customers(2)
    env.job()
    rename_in_file(env, "CUSTOMER", "CLIENT")
    env.delete("left", "customer", "C00001")
    env.delete("left", "customer", "C00002")
    for key in list(env.rows("right", "account")):
        env.delete("right", "account", key)
    env.insert("left", "customer", no="X1", name="Other", city="Gent")
    job = env.job("CLIENT")
    assert (job.status, job.counts.inserted) == ("succeeded", 1)


def test_a_renamed_workspace_file_does_not_start_a_new_state_beside_its_old_one(
    env: Env,
) -> None:
    """The state is ``<file name>.state.db`` unless the file says otherwise: renamed, the
    file would have started afresh and copied every record into the other app again."""
    folder = env.workspace.parent
    text = "\n".join(
        line
        for line in env.workspace.read_text("utf-8").splitlines()
        if not line.startswith("state")
    )
    first = folder / "contoso.toml"
    first.write_text(text, "utf-8")
    env.customers(2)
    code, out, err = cli("sync", "-w", str(first), "-m", "CUSTOMER")
    assert code == 0 and (folder / "contoso.state.db").exists()
    renamed = folder / "contoso-live.toml"
    first.rename(renamed)
    code, out, err = cli("sync", "-w", str(renamed), "-m", "CUSTOMER")
    assert (code, out) == (2, "")
    assert err == (
        f"syncdesk: {renamed}: its state database contoso-live.state.db does not exist yet, "
        "but contoso.state.db beside it holds couplings of its mappings (CUSTOMER): a new "
        "state would copy every record into the other app again. If this file was renamed, "
        "rename contoso.state.db to contoso-live.state.db too, or set state = "
        '"sqlite:///contoso.state.db" in [workspace]; to start afresh on purpose, set state '
        "to a new file there\n"
    )
    assert not (folder / "contoso-live.state.db").exists() and counts(env) == (2, 2)
    (folder / "contoso.state.db").rename(folder / "contoso-live.state.db")
    code, out, err = cli("sync", "-w", str(renamed), "-m", "CUSTOMER", "--json")
    assert code == 0 and json.loads(out)[0]["inserted"] == 0 and counts(env) == (2, 2)
    # a state set in the file is the administrator's choice, even a new one
    fresh = text.replace("[workspace]\n", '[workspace]\nstate = "sqlite:///fresh.db"\n', 1)
    assert fresh != text
    renamed.write_text(fresh, "utf-8")
    code, out, err = cli("mappings", "-w", str(renamed))
    assert code == 0, err


@pytest.mark.postgres
def test_on_a_postgresql_state_rename_and_forget_set_the_count_triggers_aside(
    tmp_path: Path, pg_url_factory: Any
) -> None:
    """--rename and --forget write every coupling of a mapping in one statement. On a
    PostgreSQL state the count triggers, run per row, made that quadratic (20,000
    couplings deleted in 12.9 s, 40,000 in 51 s): they are disabled for it, enabled
    again after, and the next job counts the couplings anew."""
    from sqlalchemy import event, func, select, text
    from sqlalchemy.engine import Engine

    from syncdesk.models import Coupling, CouplingCount

    env = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), pg_url_factory("state"))
    sent: list[str] = []

    def note(_c: Any, _cur: Any, stmt: str, _p: Any, _ctx: Any, _many: bool) -> None:
        if "TRIGGER coupling_count" in stmt:
            sent.append(stmt)

    def kept_and_counted(mapping: str) -> tuple[Any, int]:
        with env.open() as integration, integration.state.read() as s:
            kept = s.scalar(
                select(CouplingCount.n).where(
                    CouplingCount.mapping == mapping, CouplingCount.side == "left"
                )
            )
            counted = s.scalar(select(func.count()).where(Coupling.mapping == mapping))
            enabled = set(
                s.execute(
                    text(
                        "SELECT tgenabled FROM pg_trigger WHERE tgname LIKE 'coupling_count%' "
                        "AND tgrelid = to_regclass('coupling')"
                    )
                ).scalars()
            )
        assert enabled == {"O"}
        return kept, int(counted or 0)

    try:
        env.customers(3)
        env.job()
        rename_in_file(env, "CUSTOMER", "CLIENT")
        ws = str(env.workspace)
        event.listen(Engine, "before_cursor_execute", note)
        try:
            assert cli("mappings", "-w", ws, "--rename", "CUSTOMER", "CLIENT")[0] == 0
        finally:
            event.remove(Engine, "before_cursor_execute", note)
        assert sent == [
            f"ALTER TABLE coupling {what} TRIGGER {name}"
            for what in ("DISABLE", "ENABLE")
            for name in ("coupling_count_insert", "coupling_count_update")
        ]
        job = env.job("CLIENT")
        assert (job.status, job.counts.inserted, job.counts.unchanged) == ("succeeded", 0, 0)
        assert kept_and_counted("CLIENT") == (3, 3)
        assert kept_and_counted("CUSTOMER") == (None, 0)
        rename_in_file(env, "CLIENT", "CUSTOMER")
        sent.clear()
        event.listen(Engine, "before_cursor_execute", note)
        try:
            assert cli("mappings", "-w", ws, "--forget", "CLIENT")[0] == 0
        finally:
            event.remove(Engine, "before_cursor_execute", note)
        assert len(sent) == 4
        assert kept_and_counted("CLIENT") == (None, 0)
        assert env.job("CUSTOMER").counts.inserted == 6  # the administrator's word
        assert kept_and_counted("CUSTOMER") == (6, 6)
    finally:
        env.dispose()
