"""Real data, real schemas: nothing overwritten, nothing duplicated, nothing silently skipped.

Each test sets up what a red-team pass of real data found (issue 9), drives the engine as
the command line and the window do, and asserts on the raw rows of both databases, the
job's counts, the sync errors and the record log.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import uuid
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builders import Env
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from syncdesk.cli import run as cli_run
from syncdesk.errors import WorkspaceError
from syncdesk.sync.actions import couple, resolve, uncouple
from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import open_integration
from syncdesk.sync.mapping_info import mapping_info
from syncdesk.sync.queries import list_errors, record_log

# ----------------------------------------------------------------------------------------
# small apps of their own, on SQLite files (and the CRM on PostgreSQL where a test says)
# ----------------------------------------------------------------------------------------


def sqlite_db(path: Path, ddl: str, rows: dict[str, list[tuple[Any, ...]]] | None = None) -> str:
    with closing(sqlite3.connect(path)) as con, con:
        con.executescript(ddl)
        for table, values in (rows or {}).items():
            if values:
                marks = ", ".join("?" * len(values[0]))
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    return f"sqlite:///{path}"


def raw(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as con:
        return con.execute(sql, params).fetchall()


def run(path: Path, sql: str, *params: Any) -> None:
    with closing(sqlite3.connect(path)) as con, con:
        con.execute(sql, params)


def workspace(folder: Path, left: str, right: str, mappings: str) -> Path:
    path = folder / "syncdesk.toml"
    path.write_text(
        f'[workspace]\nname = "Real"\nstate = "sqlite:///{folder / "state.db"}"\n'
        f'[apps.left]\ntitle = "ERP"\nurl = "{left}"\n'
        f'[apps.right]\ntitle = "CRM"\nurl = "{right}"\n' + mappings,
        encoding="utf-8",
    )
    return path


def one_mapping(
    name: str, left: str, right: str, fields: str, more: str = "", left_more: str = ""
) -> str:
    """The TOML of one mapping: ``left`` and ``right`` each "table key" (a 'modified' column
    named modified on both), ``fields`` the inside of its fields list, ``more`` lines after,
    ``left_more`` more settings of the left table."""
    (lt, lk), (rt, rk) = left.split(" ", 1), right.split(" ", 1)
    return (
        f'\n[[mappings]]\nname = "{name}"\n'
        f'left = {{ table = "{lt}", key = "{lk}", modified = "modified"{left_more} }}\n'
        f'right = {{ table = "{rt}", key = "{rk}", modified = "modified" }}\n'
        f"fields = [{fields}]\n{more}"
    )


def pg_run(url: str, *statements: str) -> Any:
    """Run ``statements`` on a PostgreSQL database in one transaction; its engine (to
    dispose of) back."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))
    return engine


def same_names(*columns: str) -> str:
    """The inside of a fields list: each column mapped to the column of its name."""
    return ", ".join(f'{{ left = "{c}", right = "{c}" }}' for c in columns)


def sync(ws: Path, **kwargs: Any) -> list[Any]:
    with open_integration(ws) as integration:
        return run_sync(integration, **kwargs)


def errors(ws: Path) -> list[Any]:
    with open_integration(ws) as integration:
        return list_errors(integration.state)


def couplings(ws: Path, mapping: str) -> dict[str | None, str | None]:
    with closing(sqlite3.connect(ws.parent / "state.db")) as con:
        return dict(
            con.execute(
                "SELECT left_key, right_key FROM coupling WHERE mapping = ?", (mapping,)
            ).fetchall()
        )


# ----------------------------------------------------------------------------------------
# 1. Restore Records keeps a one-way field of the kept side
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["action", "policy"])
def test_a_restore_never_blanks_a_one_way_field_of_the_kept_side(env: Env, how: str) -> None:
    extra = 'on_delete = "restore"' if how == "policy" else ""
    env.write_workspace(extra=extra, phone_direction="to-right")
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    assert env.rows("right", "account")[rk]["telephone1"] == "09 000000"
    env.delete("left", "customer", "C00001")
    r = env.job()
    if how == "action":
        [err] = env.errors()
        assert err.kind == "deleted-left"
        with env.open() as integration:
            assert resolve(integration, [err.id], "restore").done == [err.id]
    else:
        assert r.counts.inserted == 1
    [(new_key, partner)] = [(k, v) for k, v in env.couplings().items() if v == rk]
    restored = env.rows("left", "customer")[new_key]
    assert restored["name"] == "Customer 1" and restored["phone"] is None
    # the phone flows to the CRM only: the restored ERP record's empty phone is its own,
    # not a change; the CRM keeps its fax of the phone, also after a full job
    for full in (False, True):
        job = env.job(full=full)
        assert (job.counts.modified, job.counts.conflicts) == (0, 0)
    assert env.rows("right", "account")[rk]["telephone1"] == "09 000000"
    # and a real change of the phone in the ERP still reaches the CRM
    env.update("left", "customer", new_key, phone="016 77")
    assert env.job().counts.modified == 1
    assert env.rows("right", "account")[rk]["telephone1"] == "016 77"


# ----------------------------------------------------------------------------------------
# 2. An insert never lands under a key a coupling still holds
# ----------------------------------------------------------------------------------------

EMP_LEFT = """
CREATE TABLE emp (no TEXT PRIMARY KEY, name TEXT NOT NULL, modified DATETIME);
"""
EMP_RIGHT = """
CREATE TABLE person (id INTEGER PRIMARY KEY, fullname TEXT NOT NULL, modified DATETIME);
"""
EMP_MAPPING = """
[[mappings]]
name = "EMP"
left = { table = "emp", key = "no", modified = "modified" }
right = { table = "person", key = "id", modified = "modified" }
fields = [{ left = "name", right = "fullname" }]
"""


def test_an_insert_never_takes_the_key_of_a_deleted_coupled_record(tmp_path: Path) -> None:
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db", EMP_LEFT, {"emp": [("E1", "Ann", stamp), ("E2", "Bob", stamp)]}
    )
    right = sqlite_db(tmp_path / "crm.db", EMP_RIGHT)
    ws = workspace(tmp_path, left, right, EMP_MAPPING)
    sync(ws)
    assert couplings(ws, "EMP") == {"E1": "1", "E2": "2"}
    # the CRM's newest person is deleted: SQLite would give key 2 to the next new row
    run(tmp_path / "crm.db", "DELETE FROM person WHERE id = 2")
    run(tmp_path / "erp.db", "INSERT INTO emp VALUES ('E3', 'Cas', datetime('now'))")
    [r] = sync(ws)
    assert r.status == "succeeded" and r.counts.inserted == 1
    people = dict(raw(tmp_path / "crm.db", "SELECT id, fullname FROM person"))
    assert people == {1: "Ann", 3: "Cas"}
    assert couplings(ws, "EMP") == {"E1": "1", "E2": "2", "E3": "3"}
    [err] = errors(ws)
    assert (err.kind, err.left_key, err.right_key) == ("deleted-right", "E2", "2")
    # Restore re-creates Bob under a key no coupling holds, and touches no one else
    with open_integration(ws) as integration:
        assert resolve(integration, [err.id], "restore").done == [err.id]
    people = dict(raw(tmp_path / "crm.db", "SELECT id, fullname FROM person"))
    assert people == {1: "Ann", 3: "Cas", 4: "Bob"}
    assert couplings(ws, "EMP") == {"E1": "1", "E2": "4", "E3": "3"}
    [again] = sync(ws, full=True)
    assert (again.counts.inserted, again.counts.modified, again.counts.failed) == (0, 0, 0)
    assert errors(ws) == []


def test_a_restore_into_the_erp_never_takes_a_key_another_coupling_holds(
    tmp_path: Path,
) -> None:
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        RESTORE_LEFT,
        {"emp": [(1, "Ann", stamp), (2, "Bob", stamp), (3, "Cas", stamp)]},
    )
    right = sqlite_db(tmp_path / "crm.db", RESTORE_RIGHT)
    ws = workspace(tmp_path, left, right, RESTORE_MAPPING)
    sync(ws)
    crm_before = dict(raw(tmp_path / "crm.db", "SELECT personid, fullname FROM person"))
    held = couplings(ws, "EMP")
    assert set(held) == {"1", "2", "3"}
    # the ERP's two newest go: SQLite would hand out key 2 to the next row
    run(tmp_path / "erp.db", "DELETE FROM emp WHERE id IN (2, 3)")
    sync(ws)
    by_key = {e.left_key: e for e in errors(ws)}
    assert {e.kind for e in by_key.values()} == {"deleted-left"} and set(by_key) == {"2", "3"}
    # Cas comes back first: under a key that Bob's coupling does not hold
    with open_integration(ws) as integration:
        assert resolve(integration, [by_key["3"].id], "restore").done == [by_key["3"].id]
    erp = dict(raw(tmp_path / "erp.db", "SELECT id, name FROM emp"))
    [cas_key] = [k for k, name in erp.items() if name == "Cas"]
    assert cas_key not in (1, 2)
    now = couplings(ws, "EMP")
    assert now["2"] == held["2"] and now[str(cas_key)] == held["3"]
    # then Bob, and the job after: no one's CRM record was written over
    with open_integration(ws) as integration:
        assert resolve(integration, [by_key["2"].id], "restore").done == [by_key["2"].id]
    [again] = sync(ws, full=True)
    assert (again.counts.inserted, again.counts.modified, again.counts.failed) == (0, 0, 0)
    assert errors(ws) == []
    assert dict(raw(tmp_path / "crm.db", "SELECT personid, fullname FROM person")) == crm_before
    erp = dict(raw(tmp_path / "erp.db", "SELECT id, name FROM emp"))
    assert sorted(erp.values()) == ["Ann", "Bob", "Cas"] and len(erp) == 3
    final = couplings(ws, "EMP")
    assert {erp[int(k)]: crm_before[v] for k, v in final.items()} == {
        "Ann": "Ann",
        "Bob": "Bob",
        "Cas": "Cas",
    }


def test_a_key_the_database_hands_out_that_a_coupling_holds_is_refused(tmp_path: Path) -> None:
    """The database picks the key (AUTOINCREMENT) and its counter was set back (a restored
    backup): the key it hands out still names a deleted, coupled record. The insert is
    refused as a failed error; nothing is overwritten and the job ends normally."""
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        EMP_LEFT,
        {"emp": [("E1", "Ann", stamp), ("E2", "Bob", stamp), ("E3", "Cas", stamp)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "fullname TEXT NOT NULL, modified DATETIME);",
    )
    ws = workspace(tmp_path, left, right, EMP_MAPPING)
    sync(ws)
    assert couplings(ws, "EMP") == {"E1": "1", "E2": "2", "E3": "3"}
    run(tmp_path / "crm.db", "DELETE FROM person WHERE id = 3")
    run(tmp_path / "crm.db", "UPDATE sqlite_sequence SET seq = 2 WHERE name = 'person'")
    run(tmp_path / "erp.db", "INSERT INTO emp VALUES ('E4', 'Dirk', datetime('now'))")
    [r] = sync(ws)
    assert r.status == "succeeded" and (r.counts.inserted, r.counts.failed) == (0, 1)
    people = dict(raw(tmp_path / "crm.db", "SELECT id, fullname FROM person"))
    assert people == {1: "Ann", 2: "Bob"}
    assert couplings(ws, "EMP") == {"E1": "1", "E2": "2", "E3": "3"}
    found = {e.left_key: e for e in errors(ws)}
    assert found["E3"].kind == "deleted-right"
    assert found["E4"].kind == "failed"
    assert "key 3, which still names a coupled or excluded record" in found["E4"].message


@pytest.mark.postgres
def test_a_uuid_key_the_crm_would_make_is_given_by_syncdesk_time_ordered(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """A CRM whose key is ``UUID DEFAULT gen_random_uuid()``, as Dataverse's record ids:
    SyncDesk gives each new record a time-ordered UUID itself (a batch then goes in as one
    pipelined statement, where keys the database makes come back a row at a time). The
    couplings hold the keys the rows have; the CRM's own records keep theirs."""
    crm = pg_url_factory("crm")
    engine = create_engine(crm, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE person (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                "fullname TEXT NOT NULL, modified TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
            )
        )
        own = str(
            conn.execute(
                text("INSERT INTO person (fullname) VALUES ('Made in the CRM') RETURNING id")
            ).scalar_one()
        )
    stamp = "2024-01-01 10:00:00"
    erp = sqlite_db(
        tmp_path / "erp.db",
        EMP_LEFT,
        {"emp": [(f"E{i}", f"Person {i}", stamp) for i in range(1, 6)]},
    )
    ws = workspace(tmp_path, erp, crm, EMP_MAPPING)
    [r] = sync(ws)
    assert r.status == "succeeded" and (r.counts.inserted, r.counts.failed) == (6, 0)
    with engine.connect() as conn:
        people = {str(k): n for k, n in conn.execute(text("SELECT id, fullname FROM person")).all()}
    engine.dispose()
    c = couplings(ws, "EMP")
    made = [str(c[f"E{i}"]) for i in range(1, 6)]
    assert [people[k] for k in made] == [f"Person {i}" for i in range(1, 6)]
    assert [uuid.UUID(k).version for k in made] == [7] * 5 and made == sorted(made)
    assert len(people) == 6 and people[own] == "Made in the CRM"
    [erp_key] = [k for k, v in c.items() if v == own]
    assert raw(tmp_path / "erp.db", "SELECT name FROM emp WHERE no = ?", erp_key) == [
        ("Made in the CRM",)
    ]
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.modified, r.counts.failed) == (0, 0, 0)
    # and the Mappings page says who makes the key
    with open_integration(ws) as integration:
        [info] = mapping_info(integration)
    assert (info.left.key_generated, info.right.key_generated) == (False, False)
    # a key typed by hand that a UUID column cannot hold is named as such, not a crash;
    # one it can hold but no record has is said so too
    for key, words in (
        ("not-a-uuid", "'not-a-uuid' is not a key of CRM person (a UUID)"),
        (made[0][:-1] + "g", f"'{made[0][:-1]}g' is not a key of CRM person (a UUID)"),
        (str(uuid.UUID(int=1)), f"CRM has no EMP record {uuid.UUID(int=1)}"),
    ):
        out, err = io.StringIO(), io.StringIO()
        code = cli_run(["sync", "-w", str(ws), "--record", f"right:{key}"], out=out, err=err)
        assert (code, err.getvalue()) == (2, f"syncdesk: {words}\n")
    # a UUID as another app shows it (capitals, braces, no hyphens) names the same record
    for typed in (made[0].upper(), "{" + made[0] + "}", made[0].replace("-", "")):
        out, err = io.StringIO(), io.StringIO()
        code = cli_run(["sync", "-w", str(ws), "--record", f"right:{typed}"], out=out, err=err)
        assert (code, err.getvalue()) == (0, ""), typed
        assert out.getvalue().splitlines()[1].split()[2:10] == ["succeeded", *"0001000"]
    # the record log and Uncouple, which read SyncDesk's state alone, take it so too
    out, err = io.StringIO(), io.StringIO()
    code = cli_run(["log", "-w", str(ws), "--record", f"right:{made[1].upper()}"], out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert [line.split()[6:9] for line in out.getvalue().splitlines()] == [
        ["EMP", "insert", "to-right"]
    ]
    out, err = io.StringIO(), io.StringIO()
    argv = ["uncouple", "-w", str(ws), "-m", "EMP", "left:E2", f"right:{made[1].upper()}"]
    assert (cli_run(argv, out=out, err=err), err.getvalue()) == (0, "")
    assert "E2" not in couplings(ws, "EMP")
    # a coupling whose CRM key no UUID column can hold (a state edited by hand) names no
    # record there: the job goes on, and the coupling is an error, not the whole job
    run(ws.parent / "state.db", "UPDATE coupling SET right_key = 'x' WHERE left_key = 'E1'")
    [r] = sync(ws, full=True)
    assert (r.status, r.message) == ("succeeded", "")
    assert [(e.kind, e.left_key, e.right_key) for e in errors(ws)] == [("deleted-right", "E1", "x")]


def test_an_app_that_sets_its_own_keys_over_the_given_ones_fails_the_job_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """A CRM whose trigger replaces the key SyncDesk gives a new record: the couplings
    would name records that do not exist, and the next job would copy the CRM's records
    back as new ones. The job fails saying so; nothing is written to either app."""
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db", EMP_LEFT, {"emp": [("E1", "Ann", stamp), ("E2", "Bob", stamp)]}
    )
    rekey = (
        "CREATE TRIGGER rekey AFTER INSERT ON person BEGIN "
        "UPDATE person SET personid = 'CRM-' || NEW.personid WHERE rowid = NEW.rowid; END;"
    )
    right = sqlite_db(tmp_path / "crm.db", RESTORE_RIGHT + rekey)
    ws = workspace(tmp_path, left, right, RESTORE_MAPPING.replace('"id"', '"no"'))
    for _ in range(2):
        [r] = sync(ws)
        assert r.status == "failed", r
        assert "did not keep the key SyncDesk gave a new record" in r.message
        assert "a trigger or rule" in r.message and "the next job tries again" in r.message
        assert raw(tmp_path / "crm.db", "SELECT count(*) FROM person") == [(0,)]
        assert raw(tmp_path / "erp.db", "SELECT no, name FROM emp ORDER BY no") == [
            ("E1", "Ann"),
            ("E2", "Bob"),
        ]
        assert couplings(ws, "EMP") == {}


RESTORE_LEFT = """
CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT NOT NULL, modified DATETIME);
"""
RESTORE_RIGHT = """
CREATE TABLE person (personid TEXT PRIMARY KEY, fullname TEXT NOT NULL, modified DATETIME);
"""
RESTORE_MAPPING = """
[[mappings]]
name = "EMP"
left = { table = "emp", key = "id", modified = "modified" }
right = { table = "person", key = "personid", modified = "modified" }
fields = [{ left = "name", right = "fullname" }]
"""


# ----------------------------------------------------------------------------------------
# 3. A key the app gives out again: the identity column tells the records apart
# ----------------------------------------------------------------------------------------

ID_LEFT = """
CREATE TABLE emp (id INTEGER PRIMARY KEY, sysid TEXT NOT NULL, name TEXT NOT NULL,
                  modified DATETIME);
"""
ID_RIGHT = """
CREATE TABLE person (personid TEXT PRIMARY KEY, fullname TEXT NOT NULL, modified DATETIME);
"""


def _identity_ws(tmp_path: Path, identity: bool) -> Path:
    ident = ', identity = "sysid"' if identity else ""
    left = sqlite_db(tmp_path / "erp.db", ID_LEFT)
    right = sqlite_db(tmp_path / "crm.db", ID_RIGHT)
    return workspace(
        tmp_path,
        left,
        right,
        f"""
[[mappings]]
name = "EMP"
left = {{ table = "emp", key = "id", modified = "modified"{ident} }}
right = {{ table = "person", key = "personid", modified = "modified" }}
fields = [{{ left = "name", right = "fullname" }}]
""",
    )


def test_a_key_the_app_gives_again_is_a_deletion_and_a_new_record(tmp_path: Path) -> None:
    ws = _identity_ws(tmp_path, identity=True)
    erp = tmp_path / "erp.db"
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-1', 'Ann', datetime('now'))")
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-2', 'Bob', datetime('now'))")
    sync(ws)
    bob_account = couplings(ws, "EMP")["2"]
    # Bob (the newest) leaves; Cas is entered and SQLite gives her Bob's key
    run(erp, "DELETE FROM emp WHERE id = 2")
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-3', 'Cas', datetime('now'))")
    assert raw(erp, "SELECT id, name FROM emp ORDER BY id") == [(1, "Ann"), (2, "Cas")]
    [r] = sync(ws)
    assert r.counts.inserted == 1
    people = dict(raw(tmp_path / "crm.db", "SELECT personid, fullname FROM person"))
    # Bob's CRM record is not overwritten with Cas: it waits for a person's decision
    assert people[bob_account] == "Bob"
    assert sorted(people.values()) == ["Ann", "Bob", "Cas"]
    cas_account = couplings(ws, "EMP")["2"]
    assert cas_account != bob_account and people[cas_account] == "Cas"
    [err] = errors(ws)
    assert err.kind == "deleted-left" and err.right_key == bob_account
    assert "EMP 2 was deleted in ERP (its key now names another record)" in err.message
    # Delete Records takes Bob out of the CRM too; Cas stays coupled
    with open_integration(ws) as integration:
        assert resolve(integration, [err.id], "delete").done == [err.id]
    people = dict(raw(tmp_path / "crm.db", "SELECT personid, fullname FROM person"))
    assert sorted(people.values()) == ["Ann", "Cas"]
    [again] = sync(ws, full=True)
    assert (again.counts.inserted, again.counts.modified, again.counts.failed) == (0, 0, 0)
    assert errors(ws) == [] and couplings(ws, "EMP")["2"] == cas_account


def test_without_an_identity_a_reused_key_is_taken_for_the_old_record(tmp_path: Path) -> None:
    """What the identity setting is for: without it SyncDesk cannot tell (and the
    Mappings page warns), so the new record is synced as the old one changed."""
    ws = _identity_ws(tmp_path, identity=False)
    erp = tmp_path / "erp.db"
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-1', 'Ann', datetime('now'))")
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-2', 'Bob', datetime('now'))")
    sync(ws)
    run(erp, "DELETE FROM emp WHERE id = 2")
    run(erp, "INSERT INTO emp (sysid, name, modified) VALUES ('g-3', 'Cas', datetime('now'))")
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.modified) == (0, 1)
    with open_integration(ws) as integration:
        table = integration.tables["EMP"].left
        assert table.key_reused and table.identity is None


# ----------------------------------------------------------------------------------------
# 4, 5. couple_by: full Unicode case folding; an ambiguous match is an error
# ----------------------------------------------------------------------------------------

NAMES = [
    ("Müller GmbH", "MÜLLER GMBH"),
    ("Straße 1", "STRASSE 1"),
    ("ǅemal d.o.o.", "ǆEMAL D.O.O."),
    ("Ærø ApS", "ærø aps"),
    ("Plain Ltd", "PLAIN LTD"),
]


def test_couple_by_matches_names_that_differ_only_in_unicode_case(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name"]')
    for i, (left_name, right_name) in enumerate(NAMES, 1):
        env.insert("left", "customer", no=f"C{i}", name=left_name, city="Gent")
        env.insert("right", "account", accountid=f"A-{i}", name=right_name, city="Gent")
    r = env.job()
    assert (r.counts.inserted, r.counts.failed) == (0, 0)
    assert env.couplings() == {f"C{i}": f"A-{i}" for i in range(1, len(NAMES) + 1)}
    # no duplicate in either app: the left name (couple_prefer = left) went to the CRM
    assert len(env.rows("left", "customer")) == len(env.rows("right", "account")) == len(NAMES)
    assert env.rows("right", "account")["A-1"]["name"] == "Müller GmbH"


def test_couple_by_never_couples_an_ambiguous_match(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name"]')
    env.insert("left", "customer", no="C1", name="Acme", city="Gent")
    env.insert("right", "account", accountid="A-1", name="ACME", city="Mons")
    env.insert("right", "account", accountid="A-2", name="acme ", city="Namur")
    env.insert("left", "customer", no="C2", name="Twin", city="Gent")
    env.insert("left", "customer", no="C3", name="twin", city="Aalst")
    env.insert("right", "account", accountid="A-3", name="TWIN", city="Mons")
    env.insert("left", "customer", no="C4", name="Solo", city="Gent")
    r = env.job()
    # nothing created, nothing coupled for the ambiguous ones (on either side: the CRM's
    # records cannot be created in the ERP either); Solo is simply new
    assert env.couplings() == {"C4": env.partner("C4")}
    assert (r.counts.inserted, r.counts.failed) == (1, 6)
    assert len(env.rows("right", "account")) == 4 and len(env.rows("left", "customer")) == 4
    found = {e.left_key or e.right_key: e for e in env.errors()}
    assert set(found) == {"C1", "C2", "C3", "A-1", "A-2", "A-3"}
    assert all(e.kind == "failed" for e in found.values())
    assert "A-1" in found["C1"].message and "A-2" in found["C1"].message
    assert "ambiguous" in found["C1"].message
    assert "C2" in found["C3"].message and "A-3" in found["C3"].message
    assert "C2" in found["A-3"].message and "C3" in found["A-3"].message
    # the next job adds nothing either
    r = env.job()
    assert r.counts.inserted == 0 and len(env.rows("right", "account")) == 4


def test_couple_by_passes_over_an_excluded_record(env: Env) -> None:
    env.write_workspace(extra='couple_by = ["name"]')
    env.insert("left", "customer", no="C1", name="Acme", city="Gent")
    env.job()
    rk = env.partner("C1")
    with env.open() as integration:
        uncouple(integration, "CUSTOMER", "C1", rk)
    # a new ERP record with the excluded CRM record's name is not coupled to it
    env.insert("left", "customer", no="C2", name="ACME", city="Gent")
    r = env.job()
    assert r.counts.inserted == 1
    assert rk not in env.couplings().values() and "C1" not in env.couplings()
    assert len(env.rows("right", "account")) == 2


# ----------------------------------------------------------------------------------------
# 7. A child whose parent is excluded or deleted is a failed error that says so
# ----------------------------------------------------------------------------------------


def test_a_child_of_an_excluded_parent_is_a_failed_error(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Parent", city="Gent")
    env.job()
    rk = env.partner("C1")
    with env.open() as integration:
        uncouple(integration, "CUSTOMER", "C1", rk)
    env.insert("left", "contact", no="K1", name="Kid", company_no="C1")
    results = env.sync()
    contact = next(r for r in results if r.mapping == "CONTACT")
    assert (contact.counts.failed, contact.counts.inserted) == (1, 0)
    [err] = env.errors()
    assert (err.mapping, err.kind, err.left_key) == ("CONTACT", "failed", "K1")
    assert "CUSTOMER C1 is excluded from the sync" in err.message
    assert env.rows("right", "contact") == {}


def test_a_conflict_on_a_child_of_an_excluded_parent_can_be_decided(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Parent", city="Gent")
    env.insert("left", "contact", no="K1", name="Kid", company_no="C1")
    env.sync()
    rk, kid = env.partner("C1"), env.partner("K1", "CONTACT")
    with env.open() as integration:
        uncouple(integration, "CUSTOMER", "C1", rk)
    env.update("left", "contact", "K1", name="Kid in the ERP")
    env.update("right", "contact", kid, fullname="Kid in the CRM")
    env.sync()
    # while its company is excluded, the contact is a failed error that says so
    [err] = [e for e in env.errors() if e.mapping == "CONTACT"]
    assert err.kind == "failed" and f"CUSTOMER {rk} is excluded from the sync" in err.message
    assert env.rows("right", "contact")[kid]["fullname"] == "Kid in the CRM"
    assert env.rows("left", "contact")["K1"]["name"] == "Kid in the ERP"
    # the company coupled again, the next job finds the conflict, and it can be decided
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C1", rk)
    env.sync()
    [err] = [e for e in env.errors() if e.mapping == "CONTACT"]
    assert err.kind == "conflict" and err.left_key == "K1"
    with env.open() as integration:
        outcome = resolve(integration, [err.id], "use-left")
    assert outcome.done == [err.id], outcome
    assert env.rows("right", "contact")[kid]["fullname"] == "Kid in the ERP"
    assert env.rows("left", "contact")["K1"]["name"] == "Kid in the ERP"
    assert [e for e in env.errors() if e.mapping == "CONTACT"] == []


def test_a_child_of_a_deleted_parent_is_a_failed_error(env: Env) -> None:
    env.insert("left", "customer", no="C1", name="Parent", city="Gent")
    env.insert("left", "contact", no="K1", name="Kid", company_no="C1")
    env.sync()
    rk = env.partner("C1")
    env.delete("left", "customer", "C1")
    env.sync()  # the parent's deletion is a sync error; it is known gone
    # a new contact in the CRM, of the company deleted in the ERP
    env.insert("right", "contact", fullname="New Kid", parentcustomerid=rk)
    results = env.sync()
    contact = next(r for r in results if r.mapping == "CONTACT")
    assert (contact.counts.failed, contact.counts.inserted) == (1, 0)
    found = {(e.mapping, e.kind) for e in env.errors()}
    assert found == {("CUSTOMER", "deleted-left"), ("CONTACT", "failed")}
    [child_error] = [e for e in env.errors() if e.mapping == "CONTACT"]
    assert "CUSTOMER record C1 was deleted in Business Central" in child_error.message
    assert set(env.rows("left", "contact")) == {"K1"}


# ----------------------------------------------------------------------------------------
# 8. One bad key never stalls the mapping
# ----------------------------------------------------------------------------------------

NOKEY_LEFT = """
CREATE TABLE item (no TEXT, name TEXT, modified DATETIME);
CREATE TABLE thing (id INTEGER, label TEXT);
"""
NOKEY_RIGHT = """
CREATE TABLE product (productid TEXT PRIMARY KEY, name TEXT, modified DATETIME);
CREATE TABLE gadget (gadgetid TEXT PRIMARY KEY, label TEXT);
"""


def test_bad_keys_are_failed_errors_and_the_rest_syncs(tmp_path: Path) -> None:
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        NOKEY_LEFT,
        {
            "item": [
                ("A", "Alpha", stamp),
                ("B", "Beta", stamp),
                ("B", "Beta again", stamp),
                (None, "No key", stamp),
                (None, "No key either", stamp),
                ("  ", "Blank key", stamp),
                ("D\x00E", "NUL in the key", stamp),
                ("C", "Gamma", None),
            ],
            "thing": [(1, "one"), ("1", "one as text"), ("abc", "text key"), (2, "two")],
        },
    )
    right = sqlite_db(tmp_path / "crm.db", NOKEY_RIGHT)
    ws = workspace(
        tmp_path,
        left,
        right,
        """
[[mappings]]
name = "ITEM"
left = { table = "item", key = "no", modified = "modified" }
right = { table = "product", key = "productid", modified = "modified" }
fields = [{ left = "name", right = "name" }]

[[mappings]]
name = "THING"
left = { table = "thing", key = "id" }
right = { table = "gadget", key = "gadgetid" }
fields = [{ left = "label", right = "label" }]
""",
    )
    for _ in range(2):
        item, thing = sync(ws)
        assert item.status == thing.status == "succeeded"
    names = sorted(n for (n,) in raw(tmp_path / "crm.db", "SELECT name FROM product"))
    assert names == ["Alpha", "Gamma"]
    labels = sorted(n for (n,) in raw(tmp_path / "crm.db", "SELECT label FROM gadget"))
    assert labels == ["two"]
    found = {(e.mapping, e.left_key): e.message for e in errors(ws)}
    assert "several records in ERP item have key 'B'" in found[("ITEM", "B")]
    assert "has no key" in found[("ITEM", "")]
    assert "several records in ERP thing have key '1'" in found[("THING", "1")]
    assert "'abc', which is not a whole number" in found[("THING", "abc")]
    # a NUL character: a key no state can keep (PostgreSQL text cannot), shown with \0
    assert found[("ITEM", "D\\0E")] == (
        "a record in ERP item has key 'D\\x00E', which holds a NUL character: SyncDesk "
        "cannot keep such a key (PostgreSQL text cannot hold one); change it in the app"
    )
    # the duplicate is mended in the ERP: its error goes, the record syncs
    run(tmp_path / "erp.db", "DELETE FROM item WHERE name = 'Beta again'")
    # and so is the key with a NUL
    run(tmp_path / "erp.db", "UPDATE item SET no = 'DE' WHERE name = 'NUL in the key'")
    sync(ws)
    names = sorted(n for (n,) in raw(tmp_path / "crm.db", "SELECT name FROM product"))
    assert names == ["Alpha", "Beta", "Gamma", "NUL in the key"]
    still = {(e.mapping, e.left_key) for e in errors(ws)}
    assert ("ITEM", "B") not in still and ("ITEM", "D\\0E") not in still


def test_a_key_column_of_bytes_is_refused_as_the_workspace_opens(tmp_path: Path) -> None:
    """Keys are kept, shown and typed as text: a BLOB key column (holding text in one row
    and bytes in another) is refused at open, naming it. Before, the job crashed when it
    looked the text key up through the column's bytes type ("unexpected TypeError"), left
    its job "running", and so did ``syncdesk errors`` from then on."""
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE b (no BLOB PRIMARY KEY, name TEXT, modified TEXT);",
        {"b": [(b"\x01\x02", "bytes", stamp), ("text", "text key", stamp)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db", "CREATE TABLE bb (id TEXT PRIMARY KEY, name TEXT, modified TEXT);"
    )
    ws = workspace(
        tmp_path,
        left,
        right,
        one_mapping("B", "b no", "bb id", '{ left = "name", right = "name" }'),
    )
    for command in ("sync", "errors"):
        out, err = io.StringIO(), io.StringIO()
        assert cli_run([command, "-w", str(ws)], out=out, err=err) == 2
        assert err.getvalue() == (
            f"syncdesk: {ws}: mapping B: ERP table 'b': key column 'no' holds bytes (BLOB); "
            "SyncDesk needs a key of text or numbers\n"
        )
    assert raw(tmp_path / "crm.db", "SELECT * FROM bb") == []


@pytest.mark.postgres
def test_a_postgresql_column_of_many_values_is_refused_naming_the_field(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """A PostgreSQL list, JSON document or range comes from the driver as a Python list,
    dict or range, which no text, number or date stands for. Before, such a field was
    mangled both ways without a word: ERP text '["x"]' became the CRM list
    {"[",'"',"x",'"',"]"}, the CRM's list became the ERP text "['a', 'b']", JSON became
    a JSON string. Now the workspace is refused as it opens, naming the field; SQLite's
    JSON (text) still syncs as the text it is."""
    crm = pg_url_factory("crm")
    with closing(create_engine(crm, poolclass=NullPool).connect()) as conn, conn.begin():
        columns = "tags TEXT[], data JSONB, doc JSON, span INT4RANGE"
        conn.execute(
            text(
                f"CREATE TABLE person (id SERIAL PRIMARY KEY, fullname TEXT, {columns}, "
                "modified TIMESTAMP DEFAULT now())"
            )
        )
        conn.execute(text("INSERT INTO person (fullname, tags) VALUES ('CRM', ARRAY['a'])"))
    stamp = "2024-01-01 10:00:00"
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE emp (no TEXT PRIMARY KEY, name TEXT, extra JSON, modified DATETIME);",
        {"emp": [("E1", "Erp", '["x"]', stamp)]},
    )
    what = {"tags": "a list (TEXT[])", "data": "a JSON document (JSONB)"}
    what |= {"doc": "a JSON document (JSON)", "span": "a range (INT4RANGE)"}
    mapping = EMP_MAPPING.replace('{ left = "name", right = "fullname" }', "{fields}")
    pair = '{{ left = "name", right = "fullname" }}, {{ left = "extra", right = "{}" }}'
    for column, words in what.items():
        ws = workspace(tmp_path, erp, crm, mapping.replace("{fields}", pair.format(column)))
        out, err = io.StringIO(), io.StringIO()
        assert cli_run(["sync", "-w", str(ws)], out=out, err=err) == 2
        assert err.getvalue() == (
            f"syncdesk: {ws}: mapping EMP: field 'extra': CRM column {column!r} holds {words}, "
            "not one value: SyncDesk syncs text, numbers, dates, yes/no and bytes (leave the "
            "column out, or map a text column that the app fills from it)\n"
        )
    with closing(create_engine(crm, poolclass=NullPool).connect()) as conn:
        assert conn.execute(text("SELECT fullname, tags FROM person")).all() == [("CRM", ["a"])]
    # SQLite's JSON is text: to a text column, as it is
    only = '{ left = "extra", right = "fullname" }'
    ws = workspace(tmp_path, erp, crm, mapping.replace("{fields}", only))
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted) == ("succeeded", 2)
    with closing(create_engine(crm, poolclass=NullPool).connect()) as conn:
        names = sorted(n for (n,) in conn.execute(text("SELECT fullname FROM person")))
    assert names == ["CRM", '["x"]']


def test_a_yes_no_goes_to_a_column_of_whole_numbers_as_1_or_0(tmp_path: Path) -> None:
    """An ERP that keeps yes/no as INTEGER 0/1 (SQLite has no boolean) beside a CRM with a
    BOOLEAN: the CRM's true is written as 1 (before: "True is not a whole number", a failed
    record, every time), and the pair settles."""
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE item (no TEXT PRIMARY KEY, blocked INTEGER, price NUMERIC, modified TEXT);",
        {"item": [("I1", 0, 1, stamp)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE product (productid TEXT PRIMARY KEY, blocked BOOLEAN, "
        "flag BOOLEAN, modified TEXT);",
        {"product": [("P1", True, False, stamp)]},
    )
    fields = '{ left = "blocked", right = "blocked" }, { left = "price", right = "flag" }'
    ws = workspace(
        tmp_path, left, right, one_mapping("ITEM", "item no", "product productid", fields)
    )
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted, job.counts.failed) == ("succeeded", 2, 0)
    erp = raw(tmp_path / "erp.db", "SELECT blocked, price FROM item ORDER BY no = 'I1'")
    assert erp == [(1, 0), (0, 1)]
    crm = raw(tmp_path / "crm.db", "SELECT blocked, flag FROM product ORDER BY productid = 'P1'")
    assert crm == [(0, 1), (1, 0)]
    (job,) = sync(ws)
    assert (job.counts.inserted, job.counts.modified, job.counts.failed) == (0, 0, 0)


def test_dates_copied_into_an_empty_table_read_as_the_source_wrote_them(tmp_path: Path) -> None:
    """SQLite keeps a DATETIME as text, in whatever form the app wrote it. A copy into an
    empty table (no date of its own to follow) takes the source's form: before, Chinook's
    '1962-02-18 00:00:00' became '1962-02-18 00:00:00.000000', SQLAlchemy's own form."""
    forms = ["1962-02-18 00:00:00", "1973-08-29T09:30:00.5", "2009-01-01 10:00:00.123456"]
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE emp (no TEXT PRIMARY KEY, born DATETIME, modified TEXT);",
        {"emp": [(f"E{i}", form, "2024-01-01 10:00:00") for i, form in enumerate(forms)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE person (id TEXT PRIMARY KEY, born DATETIME, modified TEXT);",
    )
    fields = '{ left = "born", right = "born" }'
    ws = workspace(tmp_path, left, right, one_mapping("EMP", "emp no", "person id", fields))
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted) == ("succeeded", 3)
    born = sorted(b for (b,) in raw(tmp_path / "crm.db", "SELECT born FROM person"))
    assert born == sorted(forms)
    (job,) = sync(ws)
    assert (job.counts.inserted, job.counts.modified) == (0, 0)


@pytest.mark.postgres
def test_postgresql_times_copied_into_an_empty_sqlite_table_read_as_iso_8601(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """A PostgreSQL timestamp has no text form to follow: an empty SQLite DATETIME column
    gets ISO 8601 with a fraction only where there is one (before: SQLAlchemy's own
    '1962-02-18 00:00:00.000000'); a later record follows what the column then holds."""
    erp = pg_url_factory("erp")
    admin = pg_run(
        erp,
        "CREATE TABLE emp (no text PRIMARY KEY, born timestamp, met timestamptz, day date, "
        "modified timestamp)",
        "INSERT INTO emp VALUES "
        "('E1', '1962-02-18 00:00:00', '1962-02-18 00:00:00+00', '1962-02-18', now()),"
        "('E2', '1973-08-29 09:30:00.5', '1973-08-29 09:30:00.25+02', '1973-08-29', now()),"
        "('E3', '2009-01-01 10:00:00.123456', NULL, NULL, now())",
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE person (id TEXT PRIMARY KEY, born DATETIME, met DATETIME, day DATE, "
        "modified TEXT);",
    )
    mapping = one_mapping("EMP", "emp no", "person id", same_names("born", "met", "day"))
    ws = workspace(tmp_path, erp, right, mapping)
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted) == ("succeeded", 3)
    assert sorted(raw(tmp_path / "crm.db", "SELECT born, met, day FROM person")) == [
        ("1962-02-18 00:00:00", "1962-02-18 00:00:00", "1962-02-18"),
        ("1973-08-29 09:30:00.5", "1973-08-29 07:30:00.25", "1973-08-29"),
        ("2009-01-01 10:00:00.123456", None, None),
    ]
    (job,) = sync(ws, full=True)
    assert (job.counts.inserted, job.counts.modified, job.counts.failed) == (0, 0, 0)
    with admin.begin() as conn:
        conn.execute(
            text("INSERT INTO emp VALUES ('E4', '2020-05-05 05:05:05', NULL, NULL, now())")
        )
    admin.dispose()
    (job,) = sync(ws)
    assert job.counts.inserted == 1
    assert raw(tmp_path / "crm.db", "SELECT born FROM person WHERE born LIKE '2020%'") == [
        ("2020-05-05 05:05:05",)
    ]


def test_text_that_is_not_utf8_fails_its_record_and_the_rest_syncs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite keeps whatever bytes it is given as text. A value or a key that is not valid
    UTF-8 fails its own record, with a message that says which and where; every other
    record syncs (before, the first such value stopped the mapping's every job). Pages
    and lookups of two rows put the bad rows in the middle of a read."""
    import syncdesk.models.driver as driver
    import syncdesk.sync.endpoint as endpoint

    monkeypatch.setattr(endpoint, "PAGE", 2)
    monkeypatch.setattr(driver, "IN_SIZE", 2)
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE item (no TEXT PRIMARY KEY, name TEXT, modified TEXT);",
        {"item": [(f"I{i}", f"Item {i}", stamp) for i in range(1, 8)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE product (productid TEXT PRIMARY KEY, name TEXT, modified TEXT);",
    )
    fields = '{ left = "name", right = "name" }'
    ws = workspace(
        tmp_path, left, right, one_mapping("ITEM", "item no", "product productid", fields)
    )
    erp = tmp_path / "erp.db"
    run(erp, "UPDATE item SET name = CAST(x'48ff6c6c6f' AS TEXT) WHERE no = 'I3'")
    run(erp, "UPDATE item SET no = CAST(x'49ff' AS TEXT) WHERE no = 'I5'")
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted, job.counts.failed) == ("succeeded", 5, 2)
    names = sorted(n for (n,) in raw(tmp_path / "crm.db", "SELECT name FROM product"))
    assert names == ["Item 1", "Item 2", "Item 4", "Item 6", "Item 7"]
    found = {e.left_key: e.message for e in errors(ws)}
    assert found == {
        "I3": "name: the value in ERP is not valid UTF-8 text ('H\ufffdllo', its bad bytes "
        "shown as \ufffd); correct it there",
        "I\ufffd": "a record in ERP item has key 'I\ufffd', which is not valid UTF-8 text (its "
        "bad bytes shown as \ufffd): SyncDesk cannot keep such a key; change it in the app",
    }
    # a coupled record's value goes bad in the ERP, another record changes beside it: the
    # CRM keeps the first as it was, the second is copied
    run(erp, "UPDATE item SET name = CAST(x'4f6bff' AS TEXT), modified = ? WHERE no = 'I4'", now())
    run(erp, "UPDATE item SET name = 'Item 6 renamed', modified = ? WHERE no = 'I6'", now())
    (job,) = sync(ws)
    assert (job.status, job.counts.modified, job.counts.failed) == ("succeeded", 1, 3)
    products = dict(raw(tmp_path / "crm.db", "SELECT name, productid FROM product"))
    assert set(products) == {"Item 1", "Item 2", "Item 4", "Item 6 renamed", "Item 7"}
    assert (
        "name: the value in ERP is not valid UTF-8 text ('Ok\ufffd'"
        in {e.left_key: e.message for e in errors(ws)}["I4"]
    )
    # all mended in the ERP: every error closes, every record syncs (I3, refused twice,
    # waits for Retry, as any record refused twice does)
    run(erp, "UPDATE item SET name = 'Hello', modified = ? WHERE no = 'I3'", now())
    run(erp, "UPDATE item SET name = 'Ok', modified = ? WHERE no = 'I4'", now())
    run(erp, "UPDATE item SET no = 'I5', modified = ? WHERE no = CAST(x'49ff' AS TEXT)", now())
    with open_integration(ws) as integration:
        (twice,) = [e for e in list_errors(integration.state) if e.left_key == "I3"]
        resolve(integration, [twice.id], "retry")
    (job,) = sync(ws)
    assert job.counts.failed == 0
    names = sorted(n for (n,) in raw(tmp_path / "crm.db", "SELECT name FROM product"))
    assert names == ["Hello", "Item 1", "Item 2", "Item 5", "Item 6 renamed", "Item 7", "Ok"]
    assert errors(ws) == []


def test_matching_by_couple_by_reads_past_text_that_is_not_utf8(tmp_path: Path) -> None:
    """Matching new records by name reads every CRM row whose name holds a character
    outside plain ASCII (only Python folds those): one that is not valid UTF-8 stopped the
    job before ("Could not decode to UTF-8"). It matches nothing; the rest couple."""
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE item (no TEXT PRIMARY KEY, name TEXT, modified TEXT);",
        {"item": [("I1", "Müller", stamp), ("I2", "Plain", stamp), ("I3", "New", stamp)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE product (productid TEXT PRIMARY KEY, name TEXT, modified TEXT);",
        {"product": [("P1", "MÜLLER", stamp), ("P2", "plain", stamp), ("P3", "x", stamp)]},
    )
    run(
        tmp_path / "crm.db",
        "UPDATE product SET name = CAST(x'48ff6c6c6f' AS TEXT) WHERE productid = 'P3'",
    )
    fields = '{ left = "name", right = "name" }'
    more = 'couple_by = ["name"]\n'
    ws = workspace(
        tmp_path, left, right, one_mapping("ITEM", "item no", "product productid", fields, more)
    )
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted, job.counts.failed) == ("succeeded", 1, 1)
    assert couplings(ws, "ITEM") == {"I1": "P1", "I2": "P2", "I3": couplings(ws, "ITEM")["I3"]}
    rows = dict(raw(tmp_path / "crm.db", "SELECT productid, CAST(name AS BLOB) FROM product"))
    assert rows["P3"] == b"H\xffllo"  # left as it was
    assert rows[couplings(ws, "ITEM")["I3"]] == b"New"
    (bad,) = errors(ws)
    assert bad.right_key == "P3" and "not valid UTF-8 text" in bad.message


def test_columns_named_as_syncdesk_names_what_it_reads_sync_as_themselves(tmp_path: Path) -> None:
    """A table may have columns named "k", "__modified" or "__identity" (the names SyncDesk
    once gave the key, stamp and identity it reads beside the fields). Before, such a field
    got the stamp's value in both apps without a word, and matching by it (couple_by)
    stopped the job ("Ambiguous column name 'k'")."""
    ddl = (
        "CREATE TABLE {t} ({key} TEXT PRIMARY KEY, k TEXT, __modified TEXT, modified TEXT, "
        '__identity TEXT, "K_" TEXT);'
    )
    stamp = "2024-01-01 10:00:00"
    left = sqlite_db(
        tmp_path / "erp.db",
        ddl.format(t="item", key="no"),
        {"item": [("I1", "one", "x", stamp, "a", "p"), ("I2", "two", "y", stamp, "b", "q")]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        ddl.format(t="product", key="productid"),
        {"product": [("P1", "one", "z", stamp, "c", "r")]},
    )
    fields = (
        '{ left = "k", right = "k" }, { left = "__modified", right = "__modified" }, '
        '{ left = "K_", right = "K_", direction = "to-left" }'
    )
    mapping = one_mapping(
        "ITEM",
        "item no",
        "product productid",
        fields,
        more='couple_by = ["k"]\n',
        left_more=', identity = "__identity"',
    )
    ws = workspace(tmp_path, left, right, mapping)
    (job,) = sync(ws)
    # I1 matched P1: its __modified to the CRM, the CRM's K_ to the ERP (a write to each)
    assert (job.status, job.counts.inserted, job.counts.modified) == ("succeeded", 1, 2)
    assert couplings(ws, "ITEM")["I1"] == "P1"
    crm = raw(tmp_path / "crm.db", "SELECT productid, k, __modified, K_ FROM product ORDER BY k")
    assert [r[1:] for r in crm] == [("one", "x", "r"), ("two", "y", None)]
    erp = raw(tmp_path / "erp.db", "SELECT no, k, __modified, K_ FROM item ORDER BY no")
    assert erp == [("I1", "one", "x", "r"), ("I2", "two", "y", "q")]
    # an edit of such a column is seen and copied as itself, the stamp kept apart
    erp_db = tmp_path / "erp.db"
    run(erp_db, "UPDATE item SET __modified = 'w', modified = ? WHERE no = 'I2'", now())
    (job,) = sync(ws)
    assert job.counts.modified == 1
    assert raw(tmp_path / "crm.db", "SELECT __modified FROM product WHERE k = 'two'") == [("w",)]


@pytest.mark.parametrize("crm", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_names_with_spaces_dots_and_quotes_sync_both_ways(
    tmp_path: Path, crm: str, request: pytest.FixtureRequest
) -> None:
    """Tables and columns as people name them: "Account Id", "No.", "Na""me", a table in
    a PostgreSQL schema. Before, every write into PostgreSQL failed its record with 'query
    parameter missing: _v_Account_Id' (SQLAlchemy writes such a parameter's name escaped)."""
    erp = sqlite_db(
        tmp_path / "erp.db",
        'CREATE TABLE "Cust Omer" ("No." TEXT PRIMARY KEY, "Na""me" TEXT, '
        '"Last Modified" TEXT, "Credit Limit" REAL) WITHOUT ROWID;'
        "INSERT INTO \"Cust Omer\" VALUES ('C1', 'Alpha \"quoted\"', '2024-01-01', 12.5);",
    )
    ddl = (
        '"Account Table" ("Account Id" TEXT PRIMARY KEY, "Full Name" TEXT NOT NULL, '
        '"Modified On" TEXT, "Credit" NUMERIC(12,2))'
    )
    if crm == "sqlite":
        url, table = sqlite_db(tmp_path / "crm.db", f"CREATE TABLE {ddl};"), "Account Table"

        def crm_sql(sql: str, *params: Any) -> list[tuple[Any, ...]]:
            with closing(sqlite3.connect(tmp_path / "crm.db")) as con, con:
                return con.execute(sql, params).fetchall()
    else:
        url, table = request.getfixturevalue("pg_url_factory")("crm"), "sales.Account Table"
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA sales; CREATE TABLE sales.{ddl}"))

        def crm_sql(sql: str, *params: Any) -> list[tuple[Any, ...]]:
            with engine.begin() as conn:
                result = conn.exec_driver_sql(sql, params)
                return [tuple(r) for r in result] if result.returns_rows else []

    schema = "" if crm == "sqlite" else "sales."
    mapping = (
        '[[mappings]]\nname = "CUST"\n'
        'left = { table = "Cust Omer", key = "No.", modified = "Last Modified" }\n'
        f'right = {{ table = "{table}", key = "Account Id", modified = "Modified On" }}\n'
        'fields = [ { left = "Na\\"me", right = "Full Name" }, '
        '{ left = "Credit Limit", right = "Credit" } ]\n'
    )
    ws = workspace(tmp_path, erp, url, mapping)
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted, job.counts.failed) == ("succeeded", 1, 0)
    key = couplings(ws, "CUST")["C1"]
    marks = "?" if crm == "sqlite" else "%s"
    one = f'SELECT "Full Name", "Credit" FROM {schema}"Account Table" WHERE "Account Id" = {marks}'
    assert crm_sql(one, key) == [('Alpha "quoted"', 12.5 if crm == "sqlite" else Decimal("12.50"))]
    # an edit in each app, and a record new in the CRM, go the other way
    crm_sql(
        f'UPDATE {schema}"Account Table" SET "Credit" = 20, "Modified On" = {marks} '
        f'WHERE "Account Id" = {marks}',
        now(),
        key,
    )
    crm_sql(
        f'INSERT INTO {schema}"Account Table" VALUES ({marks}, {marks}, {marks}, {marks})',
        "A2",
        "Béta",
        now(),
        3.25,
    )
    run(
        tmp_path / "erp.db",
        'UPDATE "Cust Omer" SET "Na""me" = \'Alpha\', "Last Modified" = ?',
        now(),
    )
    (job,) = sync(ws)
    assert (job.counts.inserted, job.counts.modified, job.counts.failed) == (1, 2, 0), job
    assert sorted(raw(tmp_path / "erp.db", 'SELECT "Na""me", "Credit Limit" FROM "Cust Omer"')) == [
        ("Alpha", 20.0),
        ("Béta", 3.25),
    ]
    assert crm_sql(one, key)[0][0] == "Alpha"
    if crm != "sqlite":
        engine.dispose()


def test_a_field_into_a_column_the_database_computes_is_refused_naming_its_direction(
    tmp_path: Path,
) -> None:
    """Before, a field mapped both ways onto a GENERATED column opened without a word, and
    every record new in the CRM failed with 'cannot INSERT into generated column'."""
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE c (no TEXT PRIMARY KEY, name TEXT, "
        "up TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL, modified TEXT);"
        "INSERT INTO c (no, name, modified) VALUES ('C1', 'alpha', '2024-01-01');",
    )
    crm = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE a (k TEXT PRIMARY KEY, name TEXT, up TEXT, "
        "low TEXT GENERATED ALWAYS AS (lower(name)) STORED, modified TEXT);"
        "INSERT INTO a (k, name, up, modified) VALUES ('A1', 'Beta', 'x', '2024-01-01');",
    )

    def opened(fields: str) -> str:
        ws = workspace(tmp_path, erp, crm, one_mapping("C", "c no", "a k", fields))
        try:
            with open_integration(ws):
                return ""
        except WorkspaceError as exc:
            return str(exc)

    name = '{ left = "name", right = "name" }'
    assert opened(f'{name}, {{ left = "up", right = "up" }}').endswith(
        "mapping C: field 'up': ERP column 'up' is computed by the database (GENERATED "
        'ALWAYS AS), which refuses every write to it: give the field direction = "to-right"'
    )
    assert opened(f'{name}, {{ left = "up", right = "low" }}').endswith(
        "which refuses every write to it: leave the field out"
    )
    assert opened(f'{name}, {{ left = "up", right = "low", direction = "to-left" }}').endswith(
        "field 'up': ERP column 'up' is computed by the database (GENERATED ALWAYS AS), "
        "which refuses every write to it: leave the field out"
    )
    assert opened(f'{name}, {{ left = "up", right = "up", direction = "to-right" }}') == ""
    ws = tmp_path / "syncdesk.toml"
    (job,) = sync(ws)
    assert (job.status, job.counts.inserted, job.counts.failed) == ("succeeded", 2, 0)
    assert sorted(raw(tmp_path / "crm.db", "SELECT name, up FROM a")) == [
        ("Beta", "x"),
        ("alpha", "ALPHA"),
    ]
    assert sorted(raw(tmp_path / "erp.db", "SELECT name, up FROM c")) == [
        ("Beta", "BETA"),
        ("alpha", "ALPHA"),
    ]


def test_a_sqlite_table_named_in_another_case_is_read_as_it_was_made(tmp_path: Path) -> None:
    """SQLite finds "Customer" as customer, but its primary key and checks are read from the
    CREATE statement stored under the exact name: before, named in lower case, its INTEGER
    PRIMARY KEY was taken as not unique and its CHECK on length was not seen."""
    erp = sqlite_db(
        tmp_path / "erp.db",
        'CREATE TABLE "Customer" ("CustomerId" INTEGER PRIMARY KEY AUTOINCREMENT, '
        '"FirstName" TEXT CHECK (length("FirstName") <= 10), "LastUpdate" TEXT);'
        'CREATE INDEX ix_upd ON "Customer" ("LastUpdate");'
        "INSERT INTO \"Customer\" VALUES (1, 'Luís', '2024-01-01 00:00:00');",
    )
    crm = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE contact (id TEXT PRIMARY KEY, firstname TEXT, modified TEXT);"
        "CREATE INDEX ix_mod ON contact (modified);"
        "INSERT INTO contact VALUES ('X1', 'A name far too long', '2024-01-01 00:00:00');",
    )
    mapping = (
        '[[mappings]]\nname = "CUST"\n'
        'left = { table = "customer", key = "CustomerId", modified = "LastUpdate" }\n'
        'right = { table = "contact", key = "id", modified = "modified" }\n'
        'fields = [ { left = "FirstName", right = "firstname" } ]\n'
    )
    ws = workspace(tmp_path, erp, crm, mapping)
    out, err = io.StringIO(), io.StringIO()
    assert cli_run(["mappings", "-w", str(ws)], out=out, err=err) == 0, err.getvalue()
    warnings = [line.strip() for line in out.getvalue().splitlines() if "warning" in line]
    assert warnings == [
        "warning: ERP FirstName takes at most 10 characters, CRM's has no limit: longer "
        "values will be refused"
    ]
    assert "ERP Customer (key CustomerId)" in out.getvalue()
    (job,) = sync(ws)
    assert (job.counts.inserted, job.counts.failed) == (1, 1)
    assert raw(tmp_path / "erp.db", 'SELECT "CustomerId", "FirstName" FROM "Customer"') == [
        (1, "Luís")
    ]


@pytest.mark.postgres
@pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")
def test_postgresql_types_sqlalchemy_does_not_know_sync_as_text_without_a_word_on_stderr(
    pg_url_factory: Any, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """xml and point columns, and an index on an expression: before, every command wrote
    SQLAlchemy's warnings with a line of its source to stderr, and the Mappings page named
    such a type NULL."""
    crm = pg_url_factory("crm")
    engine = pg_run(
        crm,
        "CREATE TABLE t (k serial PRIMARY KEY, x xml, pt point, name text, "
        "modified timestamp DEFAULT now())",
        "CREATE INDEX ix_low ON t (lower(name))",
        "INSERT INTO t (x, pt, name) VALUES ('<a>1</a>', '(1,2)', 'One')",
    )
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE t (no INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT, pt TEXT, name TEXT, "
        "modified TEXT);",
    )
    ws = workspace(
        tmp_path, erp, crm, one_mapping("T", "t no", "t k", same_names("x", "pt", "name"))
    )
    out, err = io.StringIO(), io.StringIO()
    capfd.readouterr()
    assert cli_run(["mappings", "-w", str(ws)], out=out, err=err) == 0
    assert err.getvalue() == "" and capfd.readouterr().err == ""
    rows = [line.split() for line in out.getvalue().splitlines() if line.startswith("   x ")]
    assert rows == [["x", "↔", "x", "TEXT", "XML"]]
    assert "warning: CRM pt is POINT, ERP's pt is TEXT: values may not fit" in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert cli_run(["sync", "-w", str(ws)], out=out, err=err) == 0
    assert err.getvalue() == "" and capfd.readouterr().err == ""
    assert raw(tmp_path / "erp.db", "SELECT x, pt, name FROM t") == [("<a>1</a>", "(1,2)", "One")]
    run(tmp_path / "erp.db", "UPDATE t SET x = '<b/>', pt = '(3,4)', modified = ?", now())
    (job,) = sync(ws)
    assert (job.counts.modified, job.counts.failed) == (1, 0)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x::text, pt::text FROM t")).all() == [("<b/>", "(3,4)")]
    engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_domain_column_is_read_and_written_as_its_base_type(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """Pagila's release_year is a domain over integer. Before, it was of no kind SyncDesk
    knew: the Mappings page warned "values may not fit" both ways for an integer mapped
    onto an integer. Its check still refuses what it refuses, record by record."""
    crm = pg_url_factory("crm")
    engine = pg_run(
        crm,
        "CREATE DOMAIN year AS integer CHECK (VALUE >= 1901 AND VALUE <= 2155)",
        "CREATE TABLE film (film_id serial PRIMARY KEY, title text, release_year year, "
        "modified timestamp DEFAULT now())",
        "INSERT INTO film (title, release_year) VALUES ('ACADEMY DINOSAUR', 2006)",
    )
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE film (no INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT, "
        "release_year INTEGER, modified TEXT);"
        "INSERT INTO film (title, release_year, modified) VALUES ('OLD', 1800, '2024-01-01');",
    )
    mapping = one_mapping("FILM", "film no", "film film_id", same_names("title", "release_year"))
    ws = workspace(tmp_path, erp, crm, mapping)
    out, err = io.StringIO(), io.StringIO()
    assert cli_run(["mappings", "-w", str(ws)], out=out, err=err) == 0
    rows = [line.split() for line in out.getvalue().splitlines() if "release_year" in line]
    assert rows == [["release_year", "↔", "release_year", "INTEGER", "YEAR", "(INTEGER)"]]
    assert "may not fit" not in out.getvalue()
    (job,) = sync(ws)
    assert (job.counts.inserted, job.counts.failed) == (1, 1)
    assert raw(tmp_path / "erp.db", "SELECT release_year FROM film WHERE title LIKE 'ACA%'") == [
        (2006,)
    ]
    [refused] = errors(ws)
    assert "value for domain year violates check constraint" in refused.message
    with engine.begin() as conn:
        conn.execute(text("UPDATE film SET release_year = 2010, modified = now()"))
    (job,) = sync(ws)
    assert job.counts.modified == 1
    assert raw(tmp_path / "erp.db", "SELECT release_year FROM film WHERE title LIKE 'ACA%'") == [
        (2010,)
    ]
    engine.dispose()


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


# ----------------------------------------------------------------------------------------
# 9. Bytes round-trip, or the workspace is refused naming the field
# ----------------------------------------------------------------------------------------

BLOBS = [b"\x00\x01\xff", b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), None]


def _blob_apps(tmp_path: Path, right_url: str | None) -> Path:
    left = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE doc (no TEXT PRIMARY KEY, body BLOB, modified DATETIME);",
        {"doc": [(f"D{i}", b, "2024-01-01 10:00:00") for i, b in enumerate(BLOBS)]},
    )
    right = right_url or sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE file (fileid TEXT PRIMARY KEY, body BLOB, modified DATETIME);",
    )
    return workspace(
        tmp_path,
        left,
        right,
        """
[[mappings]]
name = "DOC"
left = { table = "doc", key = "no", modified = "modified" }
right = { table = "file", key = "fileid", modified = "modified" }
fields = [{ left = "body", right = "body" }]
""",
    )


def _right_blobs(url: str, ws: Path) -> dict[str, Any]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT fileid, body FROM file")).all())
    engine.dispose()
    return {
        lk: (bytes(rows[rk]) if rows[rk] is not None else None)
        for lk, rk in couplings(ws, "DOC").items()
    }


@pytest.mark.parametrize("crm", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_bytes_round_trip_exactly(tmp_path: Path, crm: str, request: pytest.FixtureRequest) -> None:
    right_url = None
    if crm == "postgres":
        right_url = request.getfixturevalue("pg_url_factory")("crm")
        engine = create_engine(right_url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.execute(
                text("CREATE TABLE file (fileid TEXT PRIMARY KEY, body BYTEA, modified TIMESTAMP)")
            )
        engine.dispose()
    ws = _blob_apps(tmp_path, right_url)
    url = right_url or f"sqlite:///{tmp_path / 'crm.db'}"
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.failed) == (len(BLOBS), 0)
    assert _right_blobs(url, ws) == {f"D{i}": b for i, b in enumerate(BLOBS)}
    # and back: a change in the CRM reaches the ERP as the same bytes
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE file SET body = :b, modified = CURRENT_TIMESTAMP WHERE fileid = :k"),
            {"b": b"\x00changed\xff", "k": couplings(ws, "DOC")["D0"]},
        )
    engine.dispose()
    [r] = sync(ws)
    assert r.counts.modified == 1
    assert raw(tmp_path / "erp.db", "SELECT body FROM doc WHERE no = 'D0'") == [
        (b"\x00changed\xff",)
    ]
    for full in (False, True):
        [r] = sync(ws, full=full)
        assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_bytes_to_text_is_refused_at_open_naming_the_field(tmp_path: Path) -> None:
    right = sqlite_db(
        tmp_path / "crm.db",
        "CREATE TABLE file (fileid TEXT PRIMARY KEY, body TEXT, modified DATETIME);",
    )
    ws = _blob_apps(tmp_path, right)
    with pytest.raises(WorkspaceError) as caught:
        open_integration(ws).close()
    message = str(caught.value)
    assert "mapping DOC: field 'body'" in message and "holds bytes" in message
    assert raw(tmp_path / "crm.db", "SELECT count(*) FROM file") == [(0,)]


# ----------------------------------------------------------------------------------------
# 10. An app that refuses every write fails the job, not every record
# ----------------------------------------------------------------------------------------


def test_a_read_only_app_fails_the_job_and_the_first_job_after_the_cure_syncs(
    lite: Env,
) -> None:
    env = lite
    env.customers(3)
    crm = env.folder / "crm.db"
    read_only = f"sqlite:///file:{crm}?mode=ro&uri=true"
    text_ = env.workspace.read_text(encoding="utf-8")
    env.workspace.write_text(text_.replace(env.urls["right"], read_only), encoding="utf-8")
    for _ in range(3):
        r = env.job()
        assert r.status == "failed"
        assert "readonly" in r.message and "the next job tries again" in r.message
        assert r.counts.failed == 0
    assert env.errors() == [] and env.rows("right", "account") == {}
    env.workspace.write_text(text_, encoding="utf-8")
    r = env.job()
    assert (r.status, r.counts.inserted) == ("succeeded", 3)
    assert env.errors() == []


@pytest.mark.postgres
def test_a_read_only_postgres_app_fails_the_job(pg_url_factory: Any, tmp_path: Path) -> None:
    env = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), f"sqlite:///{tmp_path}/s.db")
    try:
        env.customers(2)
        db = env.urls["right"].rsplit("/", 1)[1]
        admin = create_engine(env.urls["right"], poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{db}" SET default_transaction_read_only = on'))
        r = env.job()
        assert r.status == "failed" and "read-only" in r.message
        assert env.errors() == []
        with admin.connect() as conn:
            conn.execute(text("SET default_transaction_read_only = off"))
            conn.execute(text(f'ALTER DATABASE "{db}" SET default_transaction_read_only = off'))
        admin.dispose()
        r = env.job()
        assert (r.status, r.counts.inserted) == ("succeeded", 2)
    finally:
        env.dispose()


def test_a_key_typed_as_the_database_takes_it_names_the_record_it_finds(tmp_path: Path) -> None:
    """A REAL key 2.0 is kept and shown as 2.0; the database finds it under 2 and 02.50
    under 2.5 as well, and so do sync --record, log --record and couple (before: 'has no
    record 2' and 'no log entries')."""
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE t (k REAL PRIMARY KEY, name TEXT, modified TEXT);",
        {"t": [(2.0, "two", "2024-01-01 00:00:00"), (2.5, "two and a half", "2024-01-01")]},
    )
    crm = sqlite_db(
        tmp_path / "crm.db", "CREATE TABLE u (id TEXT PRIMARY KEY, name TEXT, modified TEXT);"
    )
    ws = workspace(
        tmp_path, erp, crm, one_mapping("T", "t k", "u id", '{ left = "name", right = "name" }')
    )

    def cli(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = cli_run([argv[0], "-w", str(ws), *argv[1:]], out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    code, out, err = cli("sync", "--record", "left:2", "--json")
    assert (code, err) == (0, "") and '"inserted": 1' in out
    assert couplings(ws, "T").keys() == {"2.0"}
    code, out, err = cli("jobs", "--json")
    assert '"record": "left:2.0"' in out
    code, out, err = cli("log", "--record", "left:2")
    assert code == 0 and out.split()[6:9] == ["T", "insert", "to-right"], out
    code, out, err = cli("log", "--record", "left:3")
    assert out == "no log entries for left:3\n"
    code, out, err = cli("sync", "--record", "left:3")
    assert (code, err) == (2, "syncdesk: ERP has no T record 3\n")
    run(tmp_path / "crm.db", "INSERT INTO u VALUES ('x', 'two and a half', '2024-01-01')")
    code, out, err = cli("couple", "-m", "T", "left:02.50", "right:x")
    assert (code, err) == (0, ""), err
    assert couplings(ws, "T") == {"2.0": couplings(ws, "T")["2.0"], "2.5": "x"}


def test_a_coupled_key_names_its_own_record_not_one_the_collation_takes_for_it(
    tmp_path: Path,
) -> None:
    """A NOCASE key column finds 'ABC' under 'abc'. A person's typing may lean on that; a
    coupling's key may not: the coupled record 'abc' deleted and a new 'ABC' made, Sync
    Now of 'abc' is the deletion of 'abc', and 'ABC' stays a record of its own."""
    erp = sqlite_db(
        tmp_path / "erp.db",
        "CREATE TABLE t (k TEXT PRIMARY KEY COLLATE NOCASE, name TEXT, modified TEXT);"
        "INSERT INTO t VALUES ('abc', 'Old', '2024-01-01');",
    )
    crm = sqlite_db(
        tmp_path / "crm.db", "CREATE TABLE u (id TEXT PRIMARY KEY, name TEXT, modified TEXT);"
    )
    ws = workspace(
        tmp_path, erp, crm, one_mapping("T", "t k", "u id", '{ left = "name", right = "name" }')
    )
    (job,) = sync(ws)
    assert job.counts.inserted == 1
    run(tmp_path / "erp.db", "DELETE FROM t")
    run(tmp_path / "erp.db", "INSERT INTO t VALUES ('ABC', 'New', '2024-01-01')")
    (job,) = sync(ws, record=("left", "abc"))
    assert (job.status, job.counts.inserted, job.counts.modified) == ("succeeded", 0, 0)
    [err] = errors(ws)
    assert (err.kind, err.left_key) == ("deleted-left", "abc")
    assert raw(tmp_path / "crm.db", "SELECT name FROM u") == [("Old",)]
    # typed by a person, 'abc' names the record the database finds: 'ABC', new, synced
    assert couplings(ws, "T").keys() == {"abc"}
    (job,) = sync(ws, record=("left", "aBc"))
    assert job.counts.inserted == 1 and set(couplings(ws, "T")) == {"abc", "ABC"}


@pytest.mark.postgres
def test_a_typed_key_a_postgresql_column_type_refuses_names_no_record(
    pg_url_factory: Any, tmp_path: Path
) -> None:
    """An enum, inet or domain key column: only the database knows which text it takes.
    A key it refuses is a mistake in what was typed (exit 2, the database's words), and
    no job is made of it; a typed key that is fine still syncs its record."""
    crm = pg_url_factory("crm")
    pg_run(
        crm,
        "CREATE TYPE color AS ENUM ('red', 'green')",
        "CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z]+$')",
        *(
            f"CREATE TABLE {table} (k {key} PRIMARY KEY, name text, modified timestamp)"
            for table, key in (("paint", "color"), ("host", "inet"), ("code_t", "code"))
        ),
        "INSERT INTO paint VALUES ('red', 'Red', now())",
    ).dispose()
    erp = sqlite_db(
        tmp_path / "erp.db",
        "".join(
            f"CREATE TABLE {t} (no TEXT PRIMARY KEY, name TEXT, modified TEXT);"
            for t in ("paint", "host", "code_t")
        ),
    )
    ws = workspace(
        tmp_path,
        erp,
        crm,
        "".join(
            one_mapping(m, f"{t} no", f"{t} k", '{ left = "name", right = "name" }')
            for m, t in (("PAINT", "paint"), ("HOST", "host"), ("CODE", "code_t"))
        ),
    )
    for mapping, key, words in (
        ("PAINT", "blue", "paint.k cannot hold that value (invalid input value for enum color"),
        ("HOST", "blue", "host.k cannot hold that value (invalid input syntax for type inet"),
        # a domain is read as its base type (text): 'blue' is a text no record has
        ("CODE", "blue", None),
        ("HOST", "10.0.0.9", None),
    ):
        out, err = io.StringIO(), io.StringIO()
        argv = ["sync", "-w", str(ws), "--record", f"right:{key}", "-m", mapping]
        code = cli_run(argv, out=out, err=err)
        lines = err.getvalue().splitlines()
        assert code == 2 and out.getvalue() == "" and len(lines) == 1, err.getvalue()
        assert lines[0].startswith(f"syncdesk: CRM has no {mapping} record {key}"), lines
        assert words is None or words in lines[0], lines
    # the couple command reads the record the same way
    out, err = io.StringIO(), io.StringIO()
    argv = ["couple", "-w", str(ws), "-m", "PAINT", "left:x", "right:blue"]
    run(tmp_path / "erp.db", "INSERT INTO paint VALUES ('x', 'X', '2024-01-01 00:00:00')")
    assert cli_run(argv, out=out, err=err) == 2
    assert "CRM has no PAINT record blue: its key column paint.k" in err.getvalue()
    # none of those mistakes is a job; a key the column holds syncs as ever
    assert raw(tmp_path / "state.db", "SELECT count(*) FROM job") == [(0,)]
    out, err = io.StringIO(), io.StringIO()
    argv = ["sync", "-w", str(ws), "--record", "right:red", "-m", "PAINT", "--json"]
    assert (cli_run(argv, out=out, err=err), err.getvalue()) == (0, "")
    assert '"inserted": 1' in out.getvalue()
    assert raw(tmp_path / "erp.db", "SELECT name FROM paint WHERE name = 'Red'") == [("Red",)]


# ----------------------------------------------------------------------------------------
# 11. A mapping looks itself up: an org hierarchy, parents before children
# ----------------------------------------------------------------------------------------

ORG_LEFT = """
CREATE TABLE employee (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
                       reports_to INTEGER REFERENCES employee(id), modified DATETIME);
"""
ORG_RIGHT = """
CREATE TABLE systemuser (userid TEXT PRIMARY KEY, fullname TEXT NOT NULL,
                         parentuserid TEXT REFERENCES systemuser(userid), modified DATETIME);
"""
ORG_MAPPING = """
[[mappings]]
name = "EMPLOYEE"
left = { table = "employee", key = "id", modified = "modified" }
right = { table = "systemuser", key = "userid", modified = "modified" }
fields = [
  { left = "name", right = "fullname" },
  { left = "reports_to", right = "parentuserid", lookup = "EMPLOYEE" },
]
"""


def _managers(crm: Path) -> dict[str, str | None]:
    rows = raw(
        crm,
        "SELECT u.fullname, p.fullname FROM systemuser u "
        "LEFT JOIN systemuser p ON p.userid = u.parentuserid",
    )
    return dict(rows)


def test_an_org_hierarchy_syncs_parents_before_children(tmp_path: Path) -> None:
    erp, crm = tmp_path / "erp.db", tmp_path / "crm.db"
    # children entered before their managers (keys out of order on purpose)
    left = sqlite_db(
        erp,
        ORG_LEFT,
        {
            "employee": [
                (1, "Ivy", 3, None),
                (2, "Jan", 3, None),
                (3, "Kim", 4, None),
                (4, "Lea", None, None),
            ]
        },
    )
    right = sqlite_db(crm, ORG_RIGHT)
    ws = workspace(tmp_path, left, right, ORG_MAPPING)
    [r] = sync(ws)
    assert (r.status, r.counts.inserted, r.counts.failed, r.counts.skipped) == (
        "succeeded",
        4,
        0,
        0,
    )
    assert _managers(crm) == {"Ivy": "Kim", "Jan": "Kim", "Kim": "Lea", "Lea": None}
    # a new manager in the CRM, and Jan moved under her: both reach the ERP
    cid = couplings(ws, "EMPLOYEE")["4"]
    run(crm, "INSERT INTO systemuser VALUES ('u-9', 'Max', ?, datetime('now'))", cid)
    run(
        crm,
        "UPDATE systemuser SET parentuserid = 'u-9', modified = datetime('now') "
        "WHERE fullname = 'Jan'",
    )
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.modified, r.counts.failed) == (1, 1, 0)
    erp_rows = {
        n: m
        for n, m in raw(
            erp, "SELECT e.name, p.name FROM employee e LEFT JOIN employee p ON p.id = e.reports_to"
        )
    }
    assert erp_rows == {"Ivy": "Kim", "Jan": "Max", "Kim": "Lea", "Lea": None, "Max": "Lea"}
    assert errors(ws) == []


def test_records_that_refer_to_each_other_go_in_and_are_linked_by_the_next_job(
    tmp_path: Path,
) -> None:
    erp, crm = tmp_path / "erp.db", tmp_path / "crm.db"
    with closing(sqlite3.connect(erp)) as con, con:
        con.executescript(ORG_LEFT)
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("INSERT INTO employee VALUES (1, 'Ann', 2, NULL)")
        con.execute("INSERT INTO employee VALUES (2, 'Ben', 1, NULL)")
    ws = workspace(tmp_path, f"sqlite:///{erp}", sqlite_db(crm, ORG_RIGHT), ORG_MAPPING)
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.failed) == (2, 0)
    assert _managers(crm) == {"Ann": None, "Ben": None}
    [r] = sync(ws)
    assert r.counts.modified == 2
    assert _managers(crm) == {"Ann": "Ben", "Ben": "Ann"}
    [r] = sync(ws, full=True)
    assert (r.counts.modified, r.counts.conflicts) == (0, 0)


# ----------------------------------------------------------------------------------------
# 12, 14. Text dates written as the column holds them; a foreign key refusal says where
# ----------------------------------------------------------------------------------------


def test_text_datetimes_are_written_in_the_columns_own_format(tmp_path: Path) -> None:
    erp, crm = tmp_path / "erp.db", tmp_path / "crm.db"
    left = sqlite_db(
        erp,
        "CREATE TABLE invoice (no TEXT PRIMARY KEY, issued DATETIME, due DATE, modified DATETIME);",
        {"invoice": [("I1", "2009-01-01 00:00:00", "2009-02-01", "2009-01-01 00:00:00")]},
    )
    right = sqlite_db(
        crm,
        "CREATE TABLE bill (billid TEXT PRIMARY KEY, issued TEXT, due TEXT, modified DATETIME);",
        {"bill": [("B1", "2024-03-01T04:30:00.5Z", "2024-04-01", "2024-03-01 05:00:00")]},
    )
    ws = workspace(
        tmp_path,
        left,
        right,
        """
[[mappings]]
name = "INVOICE"
left = { table = "invoice", key = "no", modified = "modified" }
right = { table = "bill", key = "billid", modified = "modified" }
fields = [{ left = "issued", right = "issued" }, { left = "due", right = "due" }]
""",
    )
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.failed) == (2, 0)
    erp_rows = dict((n, (i, d)) for n, i, d in raw(erp, "SELECT no, issued, due FROM invoice"))
    new_left = couplings(ws, "INVOICE")
    b1 = next(k for k, v in new_left.items() if v == "B1")
    # the ERP keeps '2009-01-01 00:00:00': the new record is written the same way, with
    # the fraction of a second only because the value has one
    assert erp_rows[b1] == ("2024-03-01 04:30:00.5", "2024-04-01")
    crm_rows = dict((n, (i, d)) for n, i, d in raw(crm, "SELECT billid, issued, due FROM bill"))
    assert crm_rows[new_left["I1"]] == ("2009-01-01T00:00:00Z", "2009-02-01")
    for full in (False, True):
        [r] = sync(ws, full=full)
        assert (r.counts.modified, r.counts.conflicts) == (0, 0)


def test_a_foreign_key_refusal_names_the_field_and_the_table_it_refers_to(
    tmp_path: Path,
) -> None:
    erp, crm = tmp_path / "erp.db", tmp_path / "crm.db"
    left = sqlite_db(
        erp,
        "CREATE TABLE customer (no TEXT PRIMARY KEY, name TEXT);"
        "CREATE TABLE contact (no TEXT PRIMARY KEY, name TEXT,"
        " company_no TEXT REFERENCES customer(no), modified DATETIME);",
        {"customer": [("C1", "Acme")]},
    )
    right = sqlite_db(
        crm,
        "CREATE TABLE person (personid TEXT PRIMARY KEY, fullname TEXT, company TEXT,"
        " modified DATETIME);",
        {"person": [("P1", "Ann", "C1", None), ("P2", "Ben", "NOPE", None)]},
    )
    ws = workspace(
        tmp_path,
        left,
        right,
        """
[[mappings]]
name = "CONTACT"
left = { table = "contact", key = "no", modified = "modified" }
right = { table = "person", key = "personid", modified = "modified" }
fields = [{ left = "name", right = "fullname" }, { left = "company_no", right = "company" }]
""",
    )
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.failed) == (1, 1)
    [err] = errors(ws)
    assert err.right_key == "P2"
    assert "FOREIGN KEY constraint failed" in err.message
    assert "contact.company_no = 'NOPE' refers to customer.no, which has no such record" in (
        err.message
    )


# ----------------------------------------------------------------------------------------
# tests the mutation probe asked for
# ----------------------------------------------------------------------------------------


def test_a_field_null_when_read_and_set_by_the_app_meanwhile_is_not_overwritten(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk.sync import apply

    env.insert("left", "customer", no="C1", name="Acme", city=None)
    env.job()
    rk = env.partner("C1")
    env.update("left", "customer", "C1", name="Acme NV")
    original = apply._write_side

    def crm_first(integration: Any, table: Any, ops: list[Any], floor: Any) -> None:
        if table.side == "right":  # the CRM user fills in the city that was empty
            env.update("right", "account", rk, city="Mons")
        original(integration, table, ops, floor)

    monkeypatch.setattr(apply, "_write_side", crm_first)
    r = env.job()
    monkeypatch.setattr(apply, "_write_side", original)
    assert r.counts.modified == 0
    assert env.rows("right", "account")[rk]["city"] == "Mons"
    r = env.job()
    assert r.counts.modified == 2
    assert env.rows("right", "account")[rk]["name"] == "Acme NV"
    assert env.rows("left", "customer")["C1"]["city"] == "Mons"


def test_a_same_stamp_edit_after_the_scan_is_caught_by_the_look_back(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app whose stamps have whole seconds: an edit in the same second as the one the
    job read leaves the stamp as it was. The record is compared again by value."""
    import datetime as dt

    from syncdesk.sync import watermark

    env = lite
    # a generous look-back, so that a slow machine cannot make the test pass or fail
    monkeypatch.setattr(watermark, "SETTLE", dt.timedelta(minutes=10))
    env.customers(2)
    env.job()
    second = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    env.update("left", "customer", "C00001", city="First", last_modified=second)
    env.job()
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "First"
    # the same second, a moment later: the stamp does not move
    env.update("left", "customer", "C00001", city="Second", last_modified=second)
    r = env.job()
    assert r.counts.modified == 1
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Second"
    # with no look-back the edit would have been lost: the test can fail
    env.update("left", "customer", "C00002", city="Third", last_modified=second)
    env.job()
    monkeypatch.setattr(watermark, "SETTLE", dt.timedelta(0))
    env.update("left", "customer", "C00002", city="Fourth", last_modified=second)
    assert env.job().counts.modified == 0
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Third"


def test_a_refused_merge_is_tried_again_without_a_stamp_change(env: Env) -> None:
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    # the CRM refuses the ERP's name (longer than its CHECK allows); the ERP gets the city
    env.update("left", "customer", "C00001", name="N" * 60)
    env.update("right", "account", rk, city="Mons")
    r = env.job()
    assert (r.counts.modified, r.counts.failed) == (1, 1)
    assert env.rows("left", "customer")["C00001"]["city"] == "Mons"
    [err] = env.errors()
    assert err.kind == "failed"
    # mended in the ERP without its stamp moving: the failed pair is tried again anyway
    env.update("left", "customer", "C00001", stamp=False, name="Short Name")
    r = env.job()
    assert (r.counts.modified, r.counts.failed) == (1, 0)
    assert env.rows("right", "account")[rk]["name"] == "Short Name"
    assert env.errors() == []


def test_a_record_deleted_in_both_apps_is_uncoupled_once_with_no_error(env: Env) -> None:
    env.customers(2)
    env.job()
    rk = env.partner("C00001")
    env.delete("left", "customer", "C00001")
    env.delete("right", "account", rk)
    r = env.job()
    assert r.counts.skipped == 0 and env.errors() == []
    assert "C00001" not in env.couplings()
    [entry] = [e for e in env.log("left", "C00001") if e.action == "uncouple"]
    assert entry.message == "deleted in both apps"
    r = env.job(full=True)
    assert (r.counts.inserted, r.counts.deleted, r.counts.failed) == (0, 0, 0)
    assert len([e for e in env.log("left", "C00001") if e.action == "uncouple"]) == 1


def test_a_to_right_mapping_never_writes_or_inserts_on_the_left(env: Env) -> None:
    text_ = env.workspace.read_text(encoding="utf-8")
    marker = 'name = "CUSTOMER"\n'
    env.workspace.write_text(
        text_.replace(marker, marker + 'direction = "to-right"\n'), encoding="utf-8"
    )
    env.customers(2)
    env.insert("right", "account", accountid="A-9", name="Only In Sales")
    env.job()
    rk = env.partner("C00001")
    env.update("right", "account", rk, city="Mons", telephone1="0470")
    env.update("left", "customer", "C00002", city="Brugge")
    for full in (False, True):
        r = env.job(full=full)
        assert r.counts.conflicts == 0
    customers = env.rows("left", "customer")
    assert set(customers) == {"C00001", "C00002"}
    assert customers["C00001"]["city"] == "Gent" and customers["C00001"]["phone"] == "09 000000"
    assert env.rows("right", "account")[env.partner("C00002")]["city"] == "Brugge"
    assert env.errors() == []


def test_a_one_way_field_is_never_a_conflict(env: Env) -> None:
    env.write_workspace(phone_direction="to-right")
    env.customers(1)
    env.job()
    rk = env.partner("C00001")
    env.update("left", "customer", "C00001", phone="016 11")
    env.update("right", "account", rk, telephone1="0470 22")
    r = env.job()
    assert (r.counts.conflicts, r.counts.modified) == (0, 1)
    assert env.rows("right", "account")[rk]["telephone1"] == "016 11"
    assert env.errors() == []


def test_log_shows_who_copied_a_record_by_hand(lite: Env) -> None:
    env = lite
    env.customers(1)
    env.sync(mappings=["CUSTOMER"], record=("left", "C00001"))
    [entry] = env.log("left", "C00001")
    assert entry.action == "insert" and entry.trigger == "manual"
    with env.open() as integration:
        [row] = record_log(integration.state, "left", "C00001")
    assert row.user  # a copy made by hand says who asked for it


# ----------------------------------------------------------------------------------------
# recovery: a job killed among identical inserts couples each record once
# ----------------------------------------------------------------------------------------

TWIN_LEFT = "CREATE TABLE item (no TEXT PRIMARY KEY, name TEXT NOT NULL, modified DATETIME);"
TWIN_RIGHT_KINDS = {
    "rowid": "CREATE TABLE thing (id INTEGER PRIMARY KEY, label TEXT NOT NULL, modified DATETIME);",
    "autoincrement": "CREATE TABLE thing (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "label TEXT NOT NULL, modified DATETIME);",
}


@pytest.mark.parametrize("right_key", sorted(TWIN_RIGHT_KINDS))
@pytest.mark.parametrize("fault", ["after-app-write:1", "before-state-commit:1"])
def test_a_job_killed_among_identical_inserts_couples_each_record_once(
    tmp_path: Path, right_key: str, fault: str
) -> None:
    import os
    import signal
    import subprocess
    import sys

    left = sqlite_db(
        tmp_path / "erp.db",
        TWIN_LEFT,
        {"item": [(f"I{i}", "Same", "2024-01-01 10:00:00") for i in range(1, 6)]},
    )
    right = sqlite_db(
        tmp_path / "crm.db",
        TWIN_RIGHT_KINDS[right_key],
        {"thing": [(7, "Older", "2024-01-01 09:00:00")]},
    )
    ws = workspace(
        tmp_path,
        left,
        right,
        """
[[mappings]]
name = "ITEM"
left = { table = "item", key = "no", modified = "modified" }
right = { table = "thing", key = "id", modified = "modified" }
fields = [{ left = "name", right = "label" }]
""",
    )
    killable = Path(__file__).with_name("killable_sync.py")
    proc = subprocess.run(
        [sys.executable, str(killable), str(ws), "20"],
        env={**os.environ, "SYNCDESK_FAULT": fault},
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    labels = raw(tmp_path / "crm.db", "SELECT id, label FROM thing ORDER BY id")
    assert len(labels) == 1 + 5  # the CRM's own "Older", and the five twins landed
    [r] = sync(ws)
    # the twins are finished by recovery; only "Older" is new (to the ERP)
    assert r.status == "succeeded" and r.counts.inserted == 1
    found = couplings(ws, "ITEM")
    twins = {k: v for k, v in found.items() if k and k.startswith("I")}
    assert sorted(twins) == [f"I{i}" for i in range(1, 6)]
    assert len(set(twins.values())) == 5  # each coupled to a record of its own
    assert raw(tmp_path / "crm.db", "SELECT count(*) FROM thing") == [(6,)]
    log_lines = raw(
        tmp_path / "state.db",
        "SELECT count(*) FROM log_entry WHERE action = 'insert' AND result = 'ok' "
        "AND message = 'finished after an interruption'",
    )
    assert log_lines == [(5,)]


# ----------------------------------------------------------------------------------------
# every kind of value, as the databases hold it
# ----------------------------------------------------------------------------------------

KINDS_LEFT = """
CREATE TABLE rec (no TEXT PRIMARY KEY, label TEXT, qty INTEGER, price NUMERIC(10, 2),
                  ratio REAL, day DATE, at DATETIME, flag BOOLEAN, body BLOB, modified DATETIME);
"""
KINDS_RIGHT_SQLITE = KINDS_LEFT.replace("rec (no TEXT", "rec (id TEXT")
KINDS_RIGHT_PG = """
CREATE TABLE rec (id TEXT PRIMARY KEY, label TEXT, qty BIGINT, price NUMERIC(10, 2),
                  ratio DOUBLE PRECISION, day DATE, at TIMESTAMP, flag BOOLEAN, body BYTEA,
                  modified TIMESTAMP);
"""
KINDS_FIELDS = ("label", "qty", "price", "ratio", "day", "at", "flag", "body")
KIND_VALUES = [
    ("  leading spaces", 0, "0.10", 0.1 + 0.2, "2024-02-29", "2024-03-01 04:30:00", 1, b"\x00"),
    ("tab\there, new\nline", -7, "12.50", 1e-9, "1999-12-31", "2024-03-01 23:59:59", 0, b""),
    ("Ærø ǅemal Straße ✓", 2**40, "-99.99", -0.5, None, None, None, None),
]


def _pg_raw(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(sql)).all()]
    engine.dispose()
    return rows


@pytest.mark.parametrize("crm", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_value_kind_round_trips_as_the_databases_hold_it(
    tmp_path: Path, crm: str, request: pytest.FixtureRequest
) -> None:
    import datetime as dt
    from decimal import Decimal

    left = sqlite_db(
        tmp_path / "erp.db",
        KINDS_LEFT,
        {"rec": [(f"R{i}", *v, "2024-01-01 10:00:00") for i, v in enumerate(KIND_VALUES)]},
    )
    if crm == "postgres":
        right = request.getfixturevalue("pg_url_factory")("crm")
        eng = create_engine(right, poolclass=NullPool)
        with eng.begin() as conn:
            conn.execute(text(KINDS_RIGHT_PG))
        eng.dispose()
    else:
        right = sqlite_db(tmp_path / "crm.db", KINDS_RIGHT_SQLITE)
    fields = same_names(*KINDS_FIELDS)
    ws = workspace(
        tmp_path,
        left,
        right,
        f"""
[[mappings]]
name = "REC"
left = {{ table = "rec", key = "no", modified = "modified" }}
right = {{ table = "rec", key = "id", modified = "modified" }}
fields = [{fields}]
""",
    )
    [r] = sync(ws)
    assert (r.counts.inserted, r.counts.failed) == (3, 0), [e.message for e in errors(ws)]
    cols = ", ".join(KINDS_FIELDS)
    if crm == "postgres":
        got = {k: v for k, *v in _pg_raw(right, f"SELECT id, {cols} FROM rec")}
    else:
        got = {k: v for k, *v in raw(tmp_path / "crm.db", f"SELECT id, {cols} FROM rec")}
    pairs = couplings(ws, "REC")

    def moment(v: Any) -> Any:
        if isinstance(v, str):
            return dt.datetime.fromisoformat(v) if len(v) > 10 else dt.date.fromisoformat(v)
        return v

    for i, want in enumerate(KIND_VALUES):
        have = got[pairs[f"R{i}"]]
        label, qty, price, ratio, day, at, flag, body = have
        assert label == want[0]  # byte for byte, leading spaces and all
        assert qty == want[1]
        assert Decimal(str(price)) == Decimal(want[2])
        assert ratio == want[3]
        assert moment(day) == moment(want[4])
        assert moment(at) == moment(want[5])
        assert (None if flag is None else bool(flag)) == (
            None if want[6] is None else bool(want[6])
        )
        assert (None if body is None else bytes(body)) == want[7]
    # nothing travels back, however often the jobs run
    for full in (False, True):
        [r] = sync(ws, full=full)
        assert (r.counts.modified, r.counts.conflicts) == (0, 0)
    left_rows = raw(tmp_path / "erp.db", f"SELECT no, {cols} FROM rec ORDER BY no")
    assert [tuple(r[1:]) for r in left_rows] == [
        (v[0], v[1], float(v[2]), v[3], v[4], v[5], v[6], v[7]) for v in KIND_VALUES
    ]
