"""A preview (``syncdesk sync --preview``) shows what a job would do and writes nothing:
both apps and the state hold exactly what they held, and the job that follows reports the
counts the preview showed."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import asdict
from typing import Any

import pytest
from builders import Env
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from syncdesk.sync.preview import preview


def snapshot(url: str) -> str:
    """Every row of every table of a database, as one checksum."""
    engine = create_engine(url, poolclass=NullPool)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            digest.update(table.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    engine.dispose()
    return digest.hexdigest()


def everything(env: Env) -> dict[str, str]:
    return {name: snapshot(url) for name, url in env.urls.items()}


def scenario(env: Env) -> None:
    """A little of everything a job meets."""
    env.customers(6)
    env.insert("left", "contact", no="K1", name="Kid One", company_no="C00001")
    env.sync()
    rk2, rk3, rk4, rk5 = (env.partner(f"C0000{i}") for i in (2, 3, 4, 5))
    env.update("left", "customer", "C00001", city="Leuven")  # a copy to the CRM
    env.update("right", "account", rk2, telephone1="0470 12 34 56")  # a copy to the ERP
    env.update("left", "customer", "C00003", city="Brugge")  # a conflict
    env.update("right", "account", rk3, city="Mons")
    env.delete("right", "account", rk4)  # a deletion
    env.update("left", "customer", "C00006", name="N" * 50)  # the CRM will refuse this name
    env.insert("left", "customer", no="C00100", name="New Left", city="Gent")
    env.insert("right", "account", accountid="A-NEW", name="New Right", city="Namur")
    # a new contact of a new company: the company is created first, then the contact
    env.insert("left", "contact", no="K2", name="Kid Two", company_no="C00100")
    env.update("right", "account", rk5, name="Renamed In Sales")


def test_a_preview_writes_nothing_and_the_job_does_what_it_showed(env: Env) -> None:
    scenario(env)
    before = everything(env)
    with env.open() as integration:
        shown = {p.mapping: p for p in preview(integration)}
    assert everything(env) == before  # not a row changed anywhere: apps and state
    customer = shown["CUSTOMER"]
    actions = sorted((r.action, r.left_key or r.right_key) for r in customer.records)
    assert ("conflict", "C00003") in actions
    assert ("deleted-right", "C00004") in actions
    assert ("insert-right", "C00100") in actions
    assert ("insert-left", "A-NEW") in actions
    assert ("modify", "C00001") in actions and ("modify", "C00002") in actions
    [refused] = [r for r in customer.records if r.action == "fail"]
    assert refused.left_key == "C00006"
    assert "would refuse the write" in refused.message and "40 characters" in refused.message
    [copy] = [r for r in customer.records if r.left_key == "C00001" and r.action == "modify"]
    assert copy.direction == "to-right" and copy.changes == {"city": ("Gent", "Leuven")}
    assert copy.title == "Customer 1"
    contact = shown["CONTACT"]
    assert [(r.action, r.left_key) for r in contact.records] == [("insert-right", "K2")]
    # the job that follows reports what the preview showed
    results = {r.mapping: r for r in env.sync()}
    for name in ("CUSTOMER", "CONTACT"):
        assert asdict(results[name].counts) == asdict(shown[name].counts), name
    assert env.rows("right", "account")[env.partner("C00001")]["city"] == "Leuven"


def test_a_preview_of_nothing_to_do_lists_nothing(env: Env) -> None:
    env.customers(3)
    env.sync()
    env.sync()
    with env.open() as integration:
        shown = preview(integration)
    for p in shown:
        assert p.records == []
        c = p.counts
        assert (c.inserted, c.modified, c.deleted, c.conflicts, c.failed) == (0, 0, 0, 0, 0)


def cli(*argv: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", *argv], capture_output=True, text=True, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_the_command_line_preview_lists_records_up_to_the_limit_and_whole_counts(
    env: Env,
) -> None:
    env.customers(12)
    with env.open():  # the state database, as any earlier command would have made it
        pass
    before = everything(env)
    code, out, err = cli("sync", "-w", str(env.workspace), "--preview", "--limit", "5", "--json")
    assert (code, err) == (0, "")
    assert everything(env) == before
    data: list[dict[str, Any]] = json.loads(out)
    customer = next(p for p in data if p["mapping"] == "CUSTOMER")
    assert customer["inserted"] == 12 and customer["records_total"] == 12
    assert len(customer["records"]) == 5
    first = customer["records"][0]
    assert first["action"] == "insert-right" and first["left_key"] == "C00001"
    assert first["changes"]["name"] == [None, "Customer 1"] and first["title"] == "Customer 1"
    code, out, err = cli("sync", "-w", str(env.workspace), "--preview", "--limit", "2")
    assert code == 0 and err == ""
    assert "CUSTOMER: would insert 12" in out and "... and 10 more (--limit)" in out
    code, _out, err = cli("sync", "-w", str(env.workspace), "--preview", "--record", "left:C1")
    assert code == 2 and "takes no --record" in err and err.count("\n") == 1
    # the job after the previews inserts them all: the previews moved nothing on
    code, out, _err = cli("sync", "-w", str(env.workspace), "--json")
    assert code == 0
    assert next(j for j in json.loads(out) if j["mapping"] == "CUSTOMER")["inserted"] == 12


@pytest.mark.parametrize("full", [False, True])
def test_a_preview_of_a_full_sync_finds_a_change_that_never_touched_the_stamp(
    lite: Env, full: bool
) -> None:
    import datetime as dt

    lite.customers(3)
    an_hour_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)
    for key in ("C00001", "C00002", "C00003"):
        lite.update("left", "customer", key, last_modified=an_hour_ago)
    lite.sync()
    for rk in lite.couplings().values():
        lite.update("right", "account", rk, modifiedon=an_hour_ago)
    lite.sync(full=True)  # everything stamped long ago, and remembered so
    lite.update("left", "customer", "C00002", stamp=False, city="Stealth")
    with lite.open() as integration:
        [customer] = [p for p in preview(integration, full=full) if p.mapping == "CUSTOMER"]
    assert customer.counts.modified == (1 if full else 0)
    assert [r.left_key for r in customer.records] == (["C00002"] if full else [])
