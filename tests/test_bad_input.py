"""Bad input: a wrong workspace file, broken or locked databases, values an app refuses.

Each test checks what a person sees (the exit status and the one line on stderr, or the
job and its sync errors) and that nothing was lost: the apps hold what they held, or
every record that could be synced was.
"""

from __future__ import annotations

import functools
import io
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from builders import Env, damage_table
from sqlalchemy import create_engine, select
from sqlalchemy.pool import NullPool

from syncdesk.cli import run
from syncdesk.models import Job
from syncdesk.sync import integration as integration_module
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import open_integration
from syncdesk.sync.queries import list_errors

TABLES = (("left", "customer"), ("left", "contact"), ("right", "account"), ("right", "contact"))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    """stderr holds exactly one line, and no traceback."""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


def snapshot(env: Env) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    return {(side, table): env.rows(side, table) for side, table in TABLES}


def _path(env: Env, side: str) -> Path:
    return Path(env.urls[side].removeprefix("sqlite:///"))


# ----------------------------------------------------------------------------------------
# the workspace file names something that does not exist, or is not allowed
# ----------------------------------------------------------------------------------------

BAD_WORKSPACES = {
    "unknown table": (
        'left  = {{ table = "customer"',
        'left  = {{ table = "customers"',
        "mapping CUSTOMER: Business Central has no table 'customers' (tables: contact, customer)",
    ),
    "SQL in a table name": (
        'left  = {{ table = "customer"',
        'left  = {{ table = "customer; DROP TABLE customer"',
        "mapping CUSTOMER: Business Central has no table 'customer; DROP TABLE customer'",
    ),
    "unknown column": (
        '{{ left = "city", right = "city" }}',
        '{{ left = "city", right = "town" }}',
        "mapping CUSTOMER: Dynamics 365 Sales table 'account' has no field column 'town'",
    ),
    "SQL in a column name": (
        '{{ left = "city", right = "city" }}',
        '{{ left = "city\\" FROM customer; DROP TABLE customer; --", right = "city" }}',
        "mapping CUSTOMER: Business Central table 'customer' has no field column "
        "'city\" FROM customer; DROP TABLE customer; --'",
    ),
    "unknown key column": (
        'key = "accountid"',
        'key = "id"',
        "mapping CUSTOMER: Dynamics 365 Sales table 'account' has no key column 'id'",
    ),
    "unknown lookup mapping": (
        'lookup = "CUSTOMER"',
        'lookup = "CUSTOMERS"',
        "mapping CONTACT: field 'company_no' looks up unknown mapping 'CUSTOMERS'",
    ),
    "bad direction": (
        "{extra}",
        'direction = "both"',
        "mapping CUSTOMER: unknown direction 'both' "
        "(expected one of bidirectional, to-right, to-left)",
    ),
    "bad field direction": (
        '{{ left = "city", right = "city" }}',
        '{{ left = "city", right = "city", direction = "sideways" }}',
        "mapping CUSTOMER: field #2: unknown direction 'sideways'",
    ),
    "bad delete policy": (
        "{extra}",
        'on_delete = "purge"',
        "mapping CUSTOMER: unknown on_delete 'purge' "
        "(expected one of ask, restore, delete, remove-coupling)",
    ),
    "bad conflict policy": (
        "{extra}",
        'on_conflict = "latest"',
        "mapping CUSTOMER: unknown on_conflict 'latest'",
    ),
    "both apps one table": (
        'url = "{right}"',
        'url = "{left}"',
        "mapping CONTACT: both apps are table 'contact' of one database: a job would copy "
        "each of its records into itself, again every time (give each app its own database "
        "or table)",
    ),
    "two mappings of one table pair": (
        '  {{ left = "credit", right = "creditlimit" }},\n]\n',
        '  {{ left = "credit", right = "creditlimit" }},\n]\n'
        '\n[[mappings]]\nname = "CITIES"\n'
        'left  = {{ table = "Customer", key = "no" }}\n'
        'right = {{ table = "ACCOUNT", key = "accountid" }}\n'
        'fields = [{{ left = "city", right = "city" }}]\n',
        "mappings CUSTOMER and CITIES both couple 'Customer' with 'ACCOUNT': each would make "
        "the other's records again, every job (put their fields in one mapping)",
    ),
    "a field wider than its mapping": (
        '{extra}\nfields = [\n  {{ left = "name", right = "name" }},',
        'direction = "to-right"\nfields = [\n  {{ left = "name", right = "name", '
        'direction = "to-left" }},',
        "mapping CUSTOMER: field 'name': direction 'to-left' is wider than the mapping's "
        "'to-right'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_WORKSPACES))
def test_a_bad_workspace_file_is_one_clear_line_and_changes_nothing(lite: Env, case: str) -> None:
    from builders import WORKSPACE

    env = lite
    env.customers(3)
    env.insert("right", "account", accountid="A-1", name="Sales Only")
    env.job()
    before = snapshot(env)
    old, new, message = BAD_WORKSPACES[case]
    assert old in WORKSPACE
    template = WORKSPACE.replace(old, new, 1)
    env.workspace.write_text(
        template.format(
            state=env.urls["state"],
            left=env.urls["left"],
            right=env.urls["right"],
            extra="",
            phone_dir="",
        ),
        encoding="utf-8",
    )
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert code == 2 and out == ""
    line = one_line(err)
    # names the file, the mapping and the wrong name
    assert line.startswith(f"syncdesk: {env.workspace}: {message}")
    assert snapshot(env) == before  # every table still there, every row as it was
    env.write_workspace()
    assert len(_jobs(env)) == 1  # no job ran for the bad file
    assert env.job().status == "succeeded"


def test_both_apps_one_table_is_refused_through_a_link_and_another_case(lite: Env) -> None:
    """The same file reached by a symbolic link, its table named in other capitals: still
    one table, which a job would copy into itself again every time."""
    from builders import WORKSPACE

    env = lite
    env.customers(2)
    before = snapshot(env)
    link = env.workspace.parent / "same-erp.db"
    link.symlink_to(_path(env, "left"))
    template = WORKSPACE.replace('right = {{ table = "contact"', 'right = {{ table = "CONTACT"', 1)
    env.workspace.write_text(
        template.format(
            state=env.urls["state"],
            left=env.urls["left"],
            right=f"sqlite:///{link}",
            extra="",
            phone_dir="",
        ),
        encoding="utf-8",
    )
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(
        f"syncdesk: {env.workspace}: mapping CONTACT: both apps are table 'contact' of one database"
    )
    assert snapshot(env) == before


def test_both_apps_one_postgresql_table_is_refused_before_any_connection(tmp_path: Path) -> None:
    """One server and database (the default port written out on one side only) and one
    table: refused as the file is read, so no server is even asked."""
    ws = tmp_path / "same.toml"
    ws.write_text(
        '[apps.left]\nurl = "postgresql+psycopg://erp@db.example.invalid/crm"\n'
        '[apps.right]\nurl = "postgresql+psycopg://crm@db.example.invalid:5432/crm"\n'
        '[[mappings]]\nname = "ACCOUNT"\n'
        'left = { table = "account", key = "id" }\n'
        'right = { table = "account", key = "id" }\n'
        'fields = [{ left = "name", right = "name" }]\n',
        encoding="utf-8",
    )
    code, out, err = cli("sync", "-w", str(ws))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(
        f"syncdesk: {ws}: mapping ACCOUNT: both apps are table 'account' of one database"
    )
    other = ws.read_text(encoding="utf-8").replace(":5432/crm", ":5433/crm")
    ws.write_text(other, encoding="utf-8")  # another server: the file is fine (none answers)
    code, out, err = cli("sync", "-w", str(ws))
    assert code == 3 and "both apps" not in err


@pytest.mark.postgres
def test_both_apps_one_postgresql_table_by_other_names_is_refused_by_asking_the_server(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """localhost and 127.0.0.1, t and public.t: the file cannot tell they are one table;
    the server can. Before, each job copied every record into the table once more."""
    from sqlalchemy import text

    url = pg_url_factory("one")
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (k text PRIMARY KEY, name text, modified timestamp)"))
        conn.execute(text("CREATE TABLE t2 (k text PRIMARY KEY, name text, modified timestamp)"))
        conn.execute(text("INSERT INTO t VALUES ('A', 'a', now())"))
    other = url.replace("@127.0.0.1:", "@localhost:")
    assert other != url
    ws = tmp_path / "same.toml"

    def write(right_table: str) -> None:
        ws.write_text(
            f'[workspace]\nstate = "sqlite:///{tmp_path / "s.db"}"\n'
            f'[apps.left]\nurl = "{url}"\n[apps.right]\nurl = "{other}"\n'
            '[[mappings]]\nname = "T"\n'
            'left = { table = "t", key = "k", modified = "modified" }\n'
            f'right = {{ table = "{right_table}", key = "k", modified = "modified" }}\n'
            'fields = [{ left = "name", right = "name" }]\n',
            encoding="utf-8",
        )

    write("public.t")
    code, out, err = cli("sync", "-w", str(ws))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(
        f"syncdesk: {ws}: mapping T: both apps are table 't' of one database"
    )
    write("public.t2")  # another table of that database: fine
    code, out, err = cli("sync", "-w", str(ws))
    assert code == 0, err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1
        assert conn.execute(text("SELECT name FROM t2")).scalars().all() == ["a"]
    engine.dispose()


def _jobs(env: Env) -> list[Job]:
    with env.open() as integration, integration.state.read() as s:
        return list(s.scalars(select(Job)))


def test_an_unknown_mapping_on_the_command_line_is_one_clear_line(lite: Env) -> None:
    env = lite
    env.customers(2)
    code, out, err = cli("sync", "-w", str(env.workspace), "--mapping", "CUSTOMERS")
    assert code == 2 and out == ""
    assert one_line(err) == (
        f"syncdesk: {env.workspace}: no mapping named 'CUSTOMERS' (mappings: CONTACT, CUSTOMER)"
    )
    assert _jobs(env) == [] and env.rows("right", "account") == {}
    # the mapping names are not case sensitive
    code, _, err = cli("sync", "-w", str(env.workspace), "--mapping", "customer")
    assert (code, err) == (0, "")
    assert len(env.rows("right", "account")) == 2


# ----------------------------------------------------------------------------------------
# a database that is corrupt, missing or locked
# ----------------------------------------------------------------------------------------


def test_a_corrupt_app_database_is_exit_3_with_one_line(lite: Env) -> None:
    env = lite
    env.customers(2)
    garbage = b"SQLite format 2\x00" + bytes(range(256)) * 16
    _path(env, "left").write_bytes(garbage)
    before = env.rows("right", "account")
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert code == 3 and out == ""
    line = one_line(err)
    assert line.startswith(f"syncdesk: Business Central (sqlite:///{_path(env, 'left')}): ")
    assert "not a database" in line
    assert _path(env, "left").read_bytes() == garbage  # left as it was
    assert env.rows("right", "account") == before


@pytest.mark.parametrize("damaged", ["customer", "ix_customer_last_modified"])
def test_an_app_table_damaged_inside_fails_its_job_with_the_databases_words(
    lite: Env, damaged: str
) -> None:
    """Damage inside a table (two leaf pages: the file opens, and counts through an index,
    so only reading the rows meets it), or inside that index, fails the job with SQLite's
    words: exit 3, one line, the job "failed" in the jobs list and not left running,
    nothing written from it. A preview says it could not run, in the same words. Both
    name the app."""
    env = lite
    env.customers(1500)
    damage_table(_path(env, "left"), damaged)
    words = f"Business Central (sqlite:///{_path(env, 'left')}): database disk image is malformed"
    code, out, err = cli("sync", "-w", str(env.workspace), "--preview")
    assert (code, out) == (3, "")
    assert one_line(err) == f"syncdesk: the preview could not run: {words}"
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert code == 3
    assert one_line(err) == f"syncdesk: job 1 (CUSTOMER): stopped by an error: {words}"
    jobs = {j.mapping: (j.status, j.message) for j in _jobs(env)}
    assert jobs["CUSTOMER"] == ("failed", f"stopped by an error: {words}")
    # a search reads every row of the table (not its index): it meets the table's damage
    code, out, err = cli("records", "-w", str(env.workspace), "-m", "CUSTOMER", "--search", "none")
    assert (code, err) == {
        "customer": (3, f"syncdesk: {words}\n"),
        "ix_customer_last_modified": (0, ""),
    }[damaged]
    assert env.rows("right", "account") == {}


def test_a_state_damaged_inside_its_couplings_is_named_by_a_job_and_the_log(
    lite: Env,
) -> None:
    env = lite
    env.customers(1500)
    env.job()
    before = snapshot(env)
    state = _path(env, "state")
    damage_table(state, "coupling")
    words = f"state database sqlite:///{state}: database disk image is malformed"
    code, out, err = cli("sync", "-w", str(env.workspace), "-m", "CUSTOMER")
    assert code == 3
    assert one_line(err) == f"syncdesk: job 2 (CUSTOMER): stopped by an error: {words}"
    code, out, err = cli("log", "-w", str(env.workspace), "--record", "left:C00007")
    assert (code, out, one_line(err)) == (3, "", f"syncdesk: {words}")
    assert snapshot(env) == before


def test_a_missing_app_database_is_exit_3_and_no_empty_file_is_made(lite: Env) -> None:
    env = lite
    env.customers(2)
    crm = _path(env, "right")
    crm.unlink()
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert code == 3 and out == ""
    assert one_line(err) == (
        f"syncdesk: Dynamics 365 Sales (sqlite:///{crm}): {crm} does not exist"
    )
    assert not crm.exists()
    assert len(env.rows("left", "customer")) == 2


def test_a_folder_or_device_named_as_a_database_is_exit_3_saying_what_it_is(lite: Env) -> None:
    """An app's or the state's SQLite URL that names a folder: said so, not 'cannot open
    the database file (missing folder or no permission)', and nothing is written."""
    env = lite
    env.customers(2)
    text = env.workspace.read_text(encoding="utf-8")
    state = env.folder / "state-folder"
    state.mkdir()
    env.workspace.write_text(
        re.sub(r'(?m)^state = ".*"$', f'state = "sqlite:///{state}"', text), encoding="utf-8"
    )
    code, out, err = cli("errors", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    assert one_line(err) == (
        f"syncdesk: state database sqlite:///{state}: {state} is a folder, not a database file"
    )
    assert list(state.iterdir()) == []
    env.workspace.write_text(text, encoding="utf-8")
    crm = _path(env, "right")
    crm.unlink()
    crm.mkdir()
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    assert one_line(err) == (
        f"syncdesk: Dynamics 365 Sales (sqlite:///{crm}): {crm} is a folder, not a database file"
    )
    assert list(crm.iterdir()) == []
    assert len(env.rows("left", "customer")) == 2
    # a device (or a named pipe) is named as such too, not 'disk I/O error'
    env.workspace.write_text(text.replace(str(crm), "/dev/zero"), encoding="utf-8")
    code, out, err = cli("sync", "-w", str(env.workspace))
    assert (code, out) == (3, "")
    assert one_line(err) == (
        "syncdesk: Dynamics 365 Sales (sqlite:////dev/zero): /dev/zero is a device, "
        "not a database file"
    )


def test_a_corrupt_state_database_is_exit_3_with_one_line(lite: Env) -> None:
    env = lite
    env.customers(2)
    env.job()
    before = snapshot(env)
    state = _path(env, "state")
    for leftover in state.parent.glob("state.db-*"):
        leftover.unlink()
    garbage = b"this is not a database, it is a note\n" * 200
    state.write_bytes(garbage)
    for command in (["sync"], ["errors"], ["jobs"]):
        code, out, err = cli(*command, "-w", str(env.workspace))
        assert code == 3 and out == ""
        line = one_line(err)
        assert line.startswith(f"syncdesk: state database sqlite:///{state}: ")
        assert "not a database" in line
    assert state.read_bytes() == garbage
    assert snapshot(env) == before


def test_no_traceback_reaches_stderr_of_the_real_program(lite: Env) -> None:
    env = lite
    env.customers(2)
    _path(env, "right").write_bytes(b"\x00garbage\xff" * 500)
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", "sync", "-w", str(env.workspace)],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "SYNCDESK_FAULT"},
    )
    assert proc.returncode == 3 and proc.stdout == ""
    line = one_line(proc.stderr)
    assert line.startswith("syncdesk: Dynamics 365 Sales") and "not a database" in line
    # and a bad workspace file: exit 2, one line
    env.workspace.write_text("[workspace\nname = ", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", "sync", "-w", str(env.workspace)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert one_line(proc.stderr).startswith(f"syncdesk: {env.workspace}: not valid TOML")


def _pending_work(env: Env) -> None:
    env.customers(20)
    for i in range(5):
        env.insert("right", "account", accountid=f"A-{i}", name=f"Sales {i}")


def _assert_all_synced(env: Env) -> None:
    customers, accounts = env.rows("left", "customer"), env.rows("right", "account")
    assert len(customers) == len(accounts) == 25
    names = sorted(c["name"] for c in customers.values())
    assert names == sorted(a["name"] for a in accounts.values())
    assert len(set(names)) == 25
    couplings = env.couplings()
    assert set(couplings) == set(customers) and sorted(couplings.values()) == sorted(accounts)
    assert env.errors() == []


def test_a_database_locked_by_another_program_fails_the_job_after_a_bounded_wait(
    lite: Env,
) -> None:
    env = lite
    _pending_work(env)
    before = snapshot(env)
    with open_integration(env.workspace, lock_wait=1) as integration:
        con = sqlite3.connect(_path(env, "right"), isolation_level=None)
        with closing(con):
            con.execute("BEGIN EXCLUSIVE")
            results = run_sync(integration)
            con.execute("ROLLBACK")
        assert [r.status for r in results] == ["failed", "failed"]
        for r in results:
            assert "database is locked" in r.message
        with integration.state.read() as s:
            assert {j.status for j in s.scalars(select(Job))} == {"failed"}
        assert snapshot(env) == before  # nothing written
        # released: the next job finishes everything
        results = run_sync(integration)
    assert [r.status for r in results] == ["succeeded", "succeeded"]
    assert results[0].counts.inserted == 25
    _assert_all_synced(env)


def test_a_locked_database_on_the_command_line_is_exit_3_with_one_line(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line has no lock wait option: the test shortens the wait to 1 s."""
    env = lite
    _pending_work(env)
    monkeypatch.setattr(
        integration_module,
        "open_integration",
        functools.partial(integration_module.open_integration, lock_wait=1),
    )
    with closing(sqlite3.connect(_path(env, "right"), isolation_level=None)) as con:
        con.execute("BEGIN EXCLUSIVE")  # another program, writing the CRM
        code, out, err = cli("sync", "-w", str(env.workspace))
        con.execute("ROLLBACK")
    assert code == 3 and out == ""
    line = one_line(err)
    assert line.startswith("syncdesk: Dynamics 365 Sales") and "database is locked" in line
    code, _, err = cli("sync", "-w", str(env.workspace))
    assert (code, err) == (0, "")
    _assert_all_synced(env)


def test_an_app_locked_while_the_other_was_written_loses_and_doubles_nothing(lite: Env) -> None:
    """The ERP is locked for writing (BEGIN IMMEDIATE elsewhere) after the CRM got its
    new records in the same batch: the job fails as a passing fault; the next job finds
    what the CRM got, couples it, and writes the ERP."""
    env = lite
    _pending_work(env)
    holder = sqlite3.connect(_path(env, "left"), isolation_level=None)
    with open_integration(env.workspace, lock_wait=1) as integration:
        with closing(holder):
            holder.execute("BEGIN IMMEDIATE")
            [r] = run_sync(integration, ["CUSTOMER"])
            holder.execute("ROLLBACK")
        assert r.status == "failed"
        assert "database is locked" in r.message and "the next job tries again" in r.message
        assert len(env.rows("right", "account")) == 25  # the CRM got the ERP's records...
        assert len(env.rows("left", "customer")) == 20  # ...the ERP not yet the CRM's
        results = run_sync(integration)
    assert [x.status for x in results] == ["succeeded", "succeeded"]
    assert results[0].counts.inserted == 5  # only what was missing
    _assert_all_synced(env)


# ----------------------------------------------------------------------------------------
# values the target refuses
# ----------------------------------------------------------------------------------------

REFUSING = {
    "sqlite": (
        "CREATE TABLE item (no VARCHAR(20) PRIMARY KEY, name VARCHAR(100), qty VARCHAR(20),"
        " price VARCHAR(20), code VARCHAR(20), ref VARCHAR(40))",
        "CREATE TABLE product (productid VARCHAR(40) PRIMARY KEY,"
        " name VARCHAR(40) NOT NULL CHECK (length(name) <= 40), qty INTEGER NOT NULL,"
        " price REAL, code VARCHAR(20) CHECK (code <> 'BAD'), ref VARCHAR(40))",
    ),
    "postgres": (
        "CREATE TABLE item (no VARCHAR(20) PRIMARY KEY, name VARCHAR(100), qty VARCHAR(20),"
        " price VARCHAR(20), code VARCHAR(20), ref VARCHAR(40))",
        "CREATE TABLE product (productid VARCHAR(40) PRIMARY KEY, name VARCHAR(40) NOT NULL,"
        " qty INTEGER NOT NULL, price DOUBLE PRECISION,"
        " code VARCHAR(20) CONSTRAINT code_ok CHECK (code <> 'BAD'), ref UUID)",
    ),
}
REFUSING_WS = """
[workspace]
state = "{state}"
[apps.left]
title = "Business Central"
url = "{left}"
[apps.right]
title = "Dynamics 365 Sales"
url = "{right}"
[[mappings]]
name = "ITEM"
left  = {{ table = "item", key = "no" }}
right = {{ table = "product", key = "productid" }}
fields = [
  {{ left = "name", right = "name" }},
  {{ left = "qty", right = "qty" }},
  {{ left = "price", right = "price" }},
  {{ left = "code", right = "code" }},
  {{ left = "ref", right = "ref" }},
]
"""
UUID = "6f1c2b3a-0d4e-4f5a-9b8c-7d6e5f4a3b2c"
GOOD = {"name": "Good", "qty": "3", "price": "9.95", "code": "OK", "ref": UUID}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def refusing(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path, Any]]:
    """An ERP of free-text items and a CRM whose product table refuses bad values."""
    backend = request.param
    if backend == "sqlite":
        urls = {s: f"sqlite:///{tmp_path / s}.db" for s in ("left", "right", "state")}
    else:
        make = request.getfixturevalue("pg_url_factory")
        urls = {s: make(s) for s in ("left", "right", "state")}
    engines = {s: create_engine(urls[s], poolclass=NullPool) for s in ("left", "right")}
    for side, ddl in zip(("left", "right"), REFUSING[backend], strict=True):
        with engines[side].begin() as c:
            c.exec_driver_sql(ddl)
    workspace = tmp_path / "syncdesk.toml"
    workspace.write_text(REFUSING_WS.format(**urls), encoding="utf-8")
    yield backend, workspace, engines
    for e in engines.values():
        e.dispose()


def _rows(engine: Any, table: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as c:
        result = c.exec_driver_sql(f"SELECT * FROM {table}").mappings()
        return {str(r["no" if table == "item" else "productid"]): dict(r) for r in result}


def test_values_the_target_refuses_fail_their_record_only(
    refusing: tuple[str, Path, Any],
) -> None:
    backend, workspace, engines = refusing
    pg = backend == "postgres"
    bad = {
        "I-null": ({"qty": None}, "NOT NULL constraint failed: product.qty"),
        "I-check": ({"code": "BAD"}, "CHECK constraint failed"),
        "I-long": ({"name": "N" * 60}, "CHECK constraint failed"),
        "I-text": ({"price": "cheap"}, "field price: 'cheap' is not a number"),
        "I-half": ({"qty": "2.5"}, "field qty: 2.5 is not a whole number"),
    }
    if pg:
        bad["I-null"] = ({"qty": None}, 'null value in column "qty"')
        bad["I-check"] = ({"code": "BAD"}, 'violates check constraint "code_ok"')
        bad["I-long"] = ({"name": "N" * 60}, "value too long for type character varying(40)")
        bad["I-uuid"] = ({"ref": "not-a-uuid"}, "invalid input syntax for type uuid")
    items = {f"I-ok{i}": {**GOOD, "name": f"Good {i}"} for i in range(4)}
    items.update({k: {**GOOD, "name": k, **v} for k, (v, _) in bad.items()})
    with engines["left"].begin() as c:
        for no, values in items.items():
            c.exec_driver_sql(
                "INSERT INTO item (no, name, qty, price, code, ref) VALUES "
                + (
                    "(%(no)s, %(name)s, %(qty)s, %(price)s, %(code)s, %(ref)s)"
                    if pg
                    else "(:no, :name, :qty, :price, :code, :ref)"
                ),
                {"no": no, **values},
            )
    left_before = _rows(engines["left"], "item")
    with open_integration(workspace) as integration:
        [r] = run_sync(integration)
        assert r.status == "succeeded"
        assert (r.counts.inserted, r.counts.failed) == (4, len(bad))
        errors = {e.left_key: e for e in list_errors(integration.state)}
        assert set(errors) == set(bad)
        for key, (_, message) in bad.items():
            err = errors[key]
            assert (err.kind, err.right_key) == ("failed", None)
            assert err.message.startswith("Dynamics 365 Sales")
            assert message in err.message, err.message
            assert "\n" not in err.message
        # the good records went across; the refused ones are nowhere half-written
        products = _rows(engines["right"], "product")
        assert sorted(p["name"] for p in products.values()) == [f"Good {i}" for i in range(4)]
        assert _rows(engines["left"], "item") == left_before  # nothing lost at the source
        # a refused update leaves the whole record as it was, not some of its fields
        with engines["left"].begin() as c:
            c.exec_driver_sql("UPDATE item SET name = 'Renamed', code = 'BAD' WHERE no = 'I-ok0'")
        [r] = run_sync(integration)
        assert (r.counts.modified, r.counts.failed) == (0, len(bad) + 1)
        products_after = _rows(engines["right"], "product")
        assert products_after == products
        err = next(e for e in list_errors(integration.state) if e.left_key == "I-ok0")
        assert err.kind == "failed" and err.right_key is not None
        assert ("code_ok" if pg else "CHECK constraint failed") in err.message
