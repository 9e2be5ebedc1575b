"""`syncdesk records` and `syncdesk mappings`: the Records and Mappings pages, headless."""

from __future__ import annotations

import json
from typing import Any

from builders import Env
from test_cli import cli, cli_json


def _by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in rows}


def test_records_show_the_status_the_databases_have(env: Env) -> None:
    env.customers(3)
    ws = str(env.workspace)
    assert cli("sync", "-w", ws)[0] == 0
    env.update("left", "customer", "C00002", city="Brugge")  # changed on one side, not synced
    env.insert("left", "customer", no="C00009", name="Newcomer", city="Gent")  # never synced
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER")
    assert code == 0
    got = _by_key(rows)
    assert list(got) == ["C00001", "C00002", "C00003", "C00009"]
    assert {k: r["status"] for k, r in got.items()} == {
        "C00001": "in sync",
        "C00002": "differs",
        "C00003": "in sync",
        "C00009": "not coupled",
    }
    couplings = env.couplings()
    for key, r in got.items():
        assert {"mapping", "app", "key", "status", "partner_key", "values"} <= set(r)
        assert r["app"] == "left" and r["left_key"] == key
        assert r["partner_key"] == couplings.get(key)
    db = env.rows("left", "customer")
    assert got["C00002"]["values"]["city"] == db["C00002"]["city"] == "Brugge"
    assert got["C00009"]["values"]["name"] == "Newcomer"
    # the other app: its keys, each coupled back
    code, right = cli_json("records", "-w", ws, "-m", "customer", "--app", "right")
    assert code == 0
    assert sorted(r["key"] for r in right) == sorted(env.rows("right", "account"))
    assert {r["partner_key"]: r["key"] for r in right} == couplings
    assert {r["status"] for r in right if r["partner_key"] == "C00002"} == {"differs"}
    # the table says the same in words
    code, out, err = cli("records", "-w", ws, "-m", "CUSTOMER")
    assert code == 0 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "differs" in lines["C00002"] and "Brugge" in lines["C00002"]
    assert "not coupled" in lines["C00009"]
    assert out.splitlines()[0].startswith("Business Central")


def test_records_search_status_and_limit_narrow(lite: Env) -> None:
    lite.customers(12)
    ws = str(lite.workspace)
    cli("sync", "-w", ws)
    lite.update("right", "account", lite.partner("C00011"), city="Antwerpen")
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--search", "customer 1")
    assert [r["key"] for r in rows] == ["C00001", "C00010", "C00011", "C00012"]
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--search", "c00005")
    assert [r["key"] for r in rows] == ["C00005"]  # by key too
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--search", "antwerpen")
    assert rows == []  # the left record still says Gent
    code, rows = cli_json(
        "records", "-w", ws, "-m", "CUSTOMER", "--app", "right", "--search", "antwerpen"
    )
    assert [r["partner_key"] for r in rows] == ["C00011"]
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--status", "differs")
    assert [(r["key"], r["status"]) for r in rows] == [("C00011", "differs")]
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--status", "in-sync")
    assert len(rows) == 11
    code, rows = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--limit", "5")
    assert [r["key"] for r in rows] == [f"C{i:05d}" for i in range(1, 6)]
    code, rows = cli_json(
        "records", "-w", ws, "-m", "CUSTOMER", "--status", "in sync", "--limit", "2"
    )
    assert [r["key"] for r in rows] == ["C00001", "C00002"]


def test_record_side_by_side(env: Env) -> None:
    env.customers(2)
    ws = str(env.workspace)
    cli("sync", "-w", ws)
    rk = env.partner("C00001")
    env.update("right", "account", rk, telephone1="+32 9 999")
    code, pair = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--record", "left:C00001")
    assert code == 0
    assert (pair["key"], pair["partner_key"], pair["status"]) == ("C00001", rk, "differs")
    fields = {f["field"]: f for f in pair["fields"]}
    assert fields["phone"]["left"] == env.rows("left", "customer")["C00001"]["phone"]
    assert fields["phone"]["right"] == "+32 9 999"
    assert fields["phone"]["right_column"] == "telephone1" and fields["phone"]["differs"]
    assert not fields["city"]["differs"] and fields["city"]["left"] == "Gent"
    # asked from the right: the same pair, left still on the left
    code, again = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--record", f"right:{rk}")
    assert again["fields"] == pair["fields"] and again["app"] == "right"
    code, out, err = cli("records", "-w", ws, "-m", "CUSTOMER", "--record", "left:C00001")
    assert code == 0 and err == ""
    phone = next(line for line in out.splitlines() if line.startswith("phone"))
    assert "+32 9 999" in phone and "differs" in phone
    city = next(line for line in out.splitlines() if line.startswith("city"))
    assert "differs" not in city
    # an uncoupled record: its values, no partner
    env.insert("left", "customer", no="C00077", name="Alone", city="Gent")
    code, pair = cli_json("records", "-w", ws, "-m", "CUSTOMER", "--record", "left:C00077")
    assert pair["status"] == "not coupled" and pair["partner_exists"] is False
    assert {f["field"]: f["right"] for f in pair["fields"]}["name"] is None


def test_records_errors_are_one_line(lite: Env) -> None:
    lite.customers(1)
    ws = str(lite.workspace)
    for argv, text in [
        (["-m", "VENDOR"], "no mapping named 'VENDOR'"),
        (["-m", "CUSTOMER", "--record", "middle:1"], "left:KEY or right:KEY"),
        (["-m", "CUSTOMER", "--record", "left:NOPE"], "has no CUSTOMER record NOPE"),
        (["-m", "CUSTOMER", "--status", "happy"], "--status takes one of"),
        (["-m", "CUSTOMER", "--limit", "0"], "--limit"),
        (["-m", "CUSTOMER", "--record", "left:C00001", "--search", "x"], "--record"),
        (["-m", "CUSTOMER", "--record", "left:C00001", "--app", "right"], "expected right:KEY"),
        ([], "required: --mapping"),
    ]:
        code, out, err = cli("records", "-w", ws, *argv)
        assert code == 2, (argv, err)
        assert err.startswith("syncdesk: ") and err.count("\n") == 1 and text in err, err
        assert out == ""


def test_mappings_in_dependency_order_with_warnings(env: Env) -> None:
    ws = str(env.workspace)
    code, out, err = cli("mappings", "-w", ws)
    assert code == 0 and err == ""  # warnings are advice, not a failure
    lines = out.splitlines()
    assert lines[0].startswith("1. CUSTOMER: Business Central customer (key no)")
    second = next(i for i, line in enumerate(lines) if line.startswith("2. CONTACT"))
    assert "runs after: CUSTOMER" in "\n".join(lines[second:])
    assert any("company_no" in line and "lookup CUSTOMER" in line for line in lines)
    warning = next(line for line in lines if "warning:" in line)
    assert "Dynamics 365 Sales name takes at most 40 characters" in warning
    code, infos = cli_json("mappings", "-w", ws)
    assert code == 0
    assert [m["name"] for m in infos] == ["CUSTOMER", "CONTACT"]
    customer, contact = infos
    assert customer["needed_by"] == ["CONTACT"] and contact["runs_after"] == ["CUSTOMER"]
    assert customer["left"]["table"] == "customer" and customer["right"]["key"] == "accountid"
    assert (customer["direction"], customer["on_conflict"], customer["on_delete"]) == (
        "bidirectional",
        "ask",
        "ask",
    )
    fields = {f["left"]["name"]: f for f in customer["fields"] if f["mapped"]}
    assert fields["phone"]["right"]["name"] == "telephone1"
    assert {f["left"]["name"]: f["lookup"] for f in contact["fields"]}["company_no"] == "CUSTOMER"
    [w] = [w for w in customer["warnings"] if w["code"].startswith("length")]
    assert w["app"] == "right" and w["params"]["column"] == "name"
    assert w["params"]["length"] == "40"
    if env.urls["left"].startswith("sqlite"):  # SQLite holds no text to its declared length
        assert w["code"] == "length-unlimited"
    else:
        assert w["code"] == "length" and w["params"]["source_length"] == "100"
    assert w["message"].startswith("Dynamics 365 Sales name takes at most 40 characters")
    json.dumps(infos)  # plain JSON all the way down


def test_mappings_show_a_narrower_field_direction(lite: Env) -> None:
    lite.write_workspace(phone_direction="to-right")
    code, out, _err = cli("mappings", "-w", str(lite.workspace))
    assert code == 0
    phone = next(line for line in out.splitlines() if line.split()[:1] == ["phone"])
    assert "→" in phone and "telephone1" in phone
    code, infos = cli_json("mappings", "-w", str(lite.workspace))
    [phone_field] = [f for f in infos[0]["fields"] if f["left"]["name"] == "phone"]
    assert phone_field["direction"] == "to-right"


def test_mappings_bad_workspace_is_status_2(tmp_path: Any) -> None:
    code, out, err = cli("mappings", "-w", str(tmp_path / "none.toml"))
    assert code == 2 and err.count("\n") == 1 and out == ""


def test_mappings_name_an_unindexed_modified_column_as_such_not_as_required(lite: Env) -> None:
    """A column no field maps is listed for its warning: a required column as required,
    the 'modified' column with no index as the modified column (it is neither required
    nor meant to be mapped)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(lite.folder / "erp.db")) as conn:
        [(index,)] = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer' "
            "AND sql LIKE '%last_modified%'"
        ).fetchall()
        conn.execute(f"DROP INDEX {index}")
        conn.commit()
    code, out, _err = cli("mappings", "-w", str(lite.workspace))
    assert code == 0
    [row] = [line for line in out.splitlines() if line.split()[:1] == ["last_modified"]]
    assert row.rstrip().endswith("modified column") and "required" not in row, row
    assert "warning: Business Central customer.last_modified (modified) has no index" in out
