"""Progress on the command line (issue 13, item 4), in a real terminal.

``syncdesk sync`` and ``syncdesk worker --once`` with stderr on a pseudo-terminal draw one
progress line per job (mapping, phase, done / total, records per second, time left);
with stderr to a pipe or with ``--json`` nothing of it. Ctrl+C, typed on the terminal,
cancels the job between batches, says so in one line, exits 130, and leaves the job
``cancelled`` with nothing half-written: the next run inserts the rest, each record once.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from builders import Env, customer, now
from sqlalchemy import func, insert, select, text
from terminal import Terminal, frames, plain, screen_lines

#: records in the workspaces that must take a while: twelve batches of the engine's 5,000
MANY = 60_000

#: a progress line while a phase runs: mapping, phase, bar, done/total, rate, time left
RUNNING = r"^{mapping} +{phase} +\S+ +[\d,]+/{total} +[\d,]+ rec/s +\d+:\d\d:\d\d left$"


def fill(env: Env, n: int) -> None:
    """``n`` customers in the ERP, written at once (as an import would)."""
    stamp = now()
    rows = [
        {
            "no": f"C{i:06d}",
            "name": f"Customer {i}",
            "city": "Gent",
            "phone": f"09 {i:06d}",
            "credit": 1000 + i,
            "last_modified": stamp,
        }
        for i in range(1, n + 1)
    ]
    with env.engines["left"].begin() as c:
        for i in range(0, n, 10_000):
            c.execute(insert(customer), rows[i : i + 10_000])


def count(env: Env, side: str, sql: str) -> int:
    with env.engines[side].connect() as c:
        return int(c.execute(text(sql)).scalar_one())


def couplings(env: Env) -> tuple[int, int]:
    """How many CUSTOMER couplings the state holds, and how many CRM keys they name."""
    from syncdesk.models import Coupling

    with env.open() as integration, integration.state.read() as s:
        where = Coupling.mapping == "CUSTOMER"
        return (
            int(s.scalar(select(func.count()).select_from(Coupling).where(where)) or 0),
            int(s.scalar(select(func.count(func.distinct(Coupling.right_key))).where(where)) or 0),
        )


def syncdesk(*args: str) -> subprocess.CompletedProcess[str]:
    """``syncdesk ARGS`` with stdout and stderr to pipes."""
    return subprocess.run(
        [sys.executable, "-m", "syncdesk", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def jobs(env: Env) -> list[dict[str, Any]]:
    proc = syncdesk("jobs", "-w", str(env.workspace), "--json")
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def matching(pattern: str, lines: list[str]) -> list[str]:
    import re

    regex = re.compile(pattern)
    return [line for line in lines if regex.search(line)]


# ----------------------------------------------------------------------------------------
# the line
# ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_sync_on_a_terminal_draws_one_progress_line_per_job(lite: Env) -> None:
    fill(lite, MANY)
    ws = str(lite.workspace)
    term = Terminal("sync", "-w", ws)
    # while it runs: reading the keys, then writing the new records, with a count, a
    # rate and the time left
    term.wait_for(r"CUSTOMER +reading keys +\S+ +[\d,]+/60,000")
    term.wait_for(r"CUSTOMER +writing new records +\S+ +[1-9][\d,]*/60,000")
    assert term.finish() == 0, plain(term.text)
    drawn = frames(term.text)
    assert matching(
        RUNNING.format(mapping="CUSTOMER", phase="writing new records", total="60,000"), drawn
    )
    # what stays on the screen: one line per job, saying what it did
    lines = screen_lines(term.text)
    assert len(lines) == 2, lines
    # (a job that wrote many records reads its last moments again before it ends: what it
    # compares there shows as unchanged)
    assert matching(
        r"^CUSTOMER +done in \d+:\d\d:\d\d +60,000 inserted( · [\d,]+ unchanged)?$", lines[:1]
    ), lines
    assert matching(r"^CONTACT +done in \d+:\d\d:\d\d +nothing to do$", lines[1:]), lines
    # the table on stdout, as without a terminal
    assert "CUSTOMER  succeeded  60000" in term.stdout

    # a full sync compares every coupled pair: that phase has its words too
    term = Terminal("sync", "-w", ws, "--full")
    term.wait_for(r"CUSTOMER +syncing coupled records +\S+ +[\d,]+/60,000")
    assert term.finish() == 0, plain(term.text)
    lines = screen_lines(term.text)
    assert matching(r"^CUSTOMER +done in \d+:\d\d:\d\d +60,000 unchanged$", lines), lines
    assert count(lite, "right", "SELECT count(*) FROM account") == MANY


def test_no_progress_line_when_stderr_is_a_pipe_or_the_output_is_json(lite: Env) -> None:
    fill(lite, 12_000)
    ws = str(lite.workspace)
    # stderr to a pipe (a script, a log): not a character of it
    proc = syncdesk("sync", "-w", ws)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "CUSTOMER  succeeded  12000" in proc.stdout
    # JSON asked for on a terminal: the terminal stays blank, the JSON is whole
    fill_more = [f"C{i:06d}" for i in range(12_001, 12_003)]
    with lite.engines["left"].begin() as c:
        for key in fill_more:
            c.execute(insert(customer).values(no=key, name=key, last_modified=now()))
    term = Terminal("sync", "-w", ws, "--full", "--json")
    assert term.finish() == 0, plain(term.text)
    assert term.text == ""
    result = {r["mapping"]: r for r in json.loads(term.stdout)}
    assert (result["CUSTOMER"]["inserted"], result["CUSTOMER"]["unchanged"]) == (2, 12_000)


def test_on_a_narrow_terminal_the_line_stays_one_line(lite: Env) -> None:
    fill(lite, 12_000)
    term = Terminal("sync", "-w", str(lite.workspace), columns=50)
    term.wait_for(r"CUSTOMER +[^\r\n]*[\d,]+/12,000")
    assert term.finish() == 0, plain(term.text)
    drawn = frames(term.text)
    assert drawn and all(len(f) <= 50 for f in drawn), drawn
    assert "\x1b[1A" not in term.text and "\x1b[A" not in term.text  # never a second line
    # the count stays whole; the words make room for it
    assert matching(r"^CUSTOMER +\S[^\r\n]* [\d,]+/12,000$", drawn), drawn
    lines = screen_lines(term.text)
    assert len(lines) == 2 and lines[0].startswith("CUSTOMER  done in"), lines


def test_a_line_that_cannot_be_drawn_never_stops_the_job(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in drawing (here: a column that fails) turns the line off, says so once,
    and the sync goes on as without a terminal."""
    import io
    import os
    import threading

    from syncdesk import cli_progress
    from syncdesk.cli import run

    def broken(self: object, task: object) -> str:
        raise RuntimeError("no room for the count")

    monkeypatch.setattr(cli_progress._Count, "render", broken)
    lite.customers(3)
    master, slave = os.openpty()
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out = io.StringIO()
    with open(slave, "w", encoding="utf-8", closefd=True) as err:
        code = run(["sync", "-w", str(lite.workspace)], out=out, err=err)
    reader.join(timeout=60)
    os.close(master)
    assert code == 0
    assert "CUSTOMER  succeeded  3" in out.getvalue()
    lines = screen_lines(shown.decode("utf-8"))
    assert [line for line in lines if line] == [
        "syncdesk: progress line off (RuntimeError: no room for the count); the job goes on"
    ], lines
    assert len(lite.rows("right", "account")) == 3


# ----------------------------------------------------------------------------------------
# Ctrl+C
# ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ctrl_c_cancels_a_sync_between_batches_and_the_next_sync_does_the_rest(
    env: Env,
) -> None:
    fill(env, MANY)
    ws = str(env.workspace)
    term = Terminal("sync", "-w", ws)
    # a batch of new records is written, and more are to come
    term.wait_for(r"CUSTOMER +writing new records +\S+ +[1-9][\d,]*/60,000")
    term.ctrl_c()
    term.wait_for(r"cancelling \(Ctrl\+C\)")
    term.ctrl_c()  # impatient: a second Ctrl+C while the batch under way is finished
    assert term.finish() == 130, plain(term.text)

    lines = screen_lines(term.text)
    assert matching("cancel", lines) == [
        "syncdesk: cancelling (Ctrl+C): the job stops after the batch it is writing "
        "and is recorded as cancelled"
    ], lines
    assert matching(r"^CUSTOMER +stopped after \d+:\d\d:\d\d", lines), lines
    assert not matching("CONTACT", lines)  # the jobs after it do not start
    shown = plain(term.text)
    assert "Traceback" not in shown and "interrupted" not in shown
    assert "CUSTOMER  cancelled" in term.stdout

    # the job is recorded as cancelled; what it wrote is whole: whole batches, each
    # record in the CRM coupled to its ERP record
    [job] = [j for j in jobs(env) if j["mapping"] == "CUSTOMER"]
    assert job["status"] == "cancelled"
    inserted = job["inserted"]
    assert 0 < inserted < MANY and inserted % 5_000 == 0, inserted
    assert count(env, "right", "SELECT count(*) FROM account") == inserted
    assert couplings(env) == (inserted, inserted)

    # the next sync does the rest: every record in the CRM exactly once
    proc = syncdesk("sync", "-w", ws)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert count(env, "left", "SELECT count(*) FROM customer") == MANY
    assert count(env, "right", "SELECT count(*) FROM account") == MANY
    assert count(env, "right", "SELECT count(DISTINCT name) FROM account") == MANY
    assert couplings(env) == (MANY, MANY)
    assert [j["status"] for j in jobs(env) if j["mapping"] == "CUSTOMER"] == [
        "succeeded",
        "cancelled",
    ]


@pytest.mark.slow
def test_the_worker_on_a_terminal_draws_progress_and_ctrl_c_cancels_its_job(lite: Env) -> None:
    fill(lite, 20_000)
    ws = str(lite.workspace)
    term = Terminal("worker", "-w", ws, "--once", "--batch", "1000")
    term.wait_for(r"CUSTOMER +writing new records +\S+ +[1-9][\d,]*/20,000")
    term.ctrl_c()
    term.wait_for(r"stopping \(Ctrl\+C\)")
    term.ctrl_c()
    assert term.finish() == 130, plain(term.text)

    lines = screen_lines(term.text)
    assert matching("Ctrl", lines) == [
        "syncdesk worker: stopping (Ctrl+C): a job under way stops after the batch it is "
        "writing and is recorded as cancelled"
    ], lines
    assert matching(r"^CUSTOMER +stopped after \d+:\d\d:\d\d +[\d,]+ inserted$", lines), lines
    assert "Traceback" not in plain(term.text)
    assert "CUSTOMER cancelled" in term.stdout and "worker stopped" in term.stdout
    [job] = [j for j in jobs(lite) if j["mapping"] == "CUSTOMER"]
    assert job["status"] == "cancelled"
    assert 0 < job["inserted"] < 20_000 and job["inserted"] % 1_000 == 0
    assert count(lite, "right", "SELECT count(*) FROM account") == job["inserted"]

    # its job queue entry is due again at once: the next worker does the rest
    proc = syncdesk("worker", "-w", ws, "--once")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "CUSTOMER succeeded" in proc.stdout
    assert count(lite, "right", "SELECT count(DISTINCT name) FROM account") == 20_000
    assert count(lite, "right", "SELECT count(*) FROM account") == 20_000
    assert couplings(lite) == (20_000, 20_000)
