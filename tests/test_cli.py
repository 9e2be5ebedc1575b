"""The command line: exit statuses, one-line errors and the JSON field names of PRODUCT.md."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import Env

from syncdesk.cli import run

SYNC_FIELDS = {
    "job",
    "mapping",
    "status",
    "inserted",
    "modified",
    "deleted",
    "unchanged",
    "skipped",
    "failed",
    "conflicts",
}


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def cli_json(*argv: str) -> tuple[int, Any]:
    code, out, err = cli(*argv, "--json")
    assert err == "", err
    return code, json.loads(out)


def test_sync_json_and_exit_status(lite: Env) -> None:
    lite.customers(3)
    ws = str(lite.workspace)
    code, jobs = cli_json("sync", "-w", ws)
    assert code == 0
    assert [j["mapping"] for j in jobs] == ["CUSTOMER", "CONTACT"]
    assert set(jobs[0]) >= SYNC_FIELDS
    assert jobs[0]["inserted"] == 3 and jobs[0]["status"] == "succeeded"
    # a conflict: exit 1, and the error is listed
    rk = lite.partner("C00001")
    lite.update("left", "customer", "C00001", city="A")
    lite.update("right", "account", rk, city="B")
    code, jobs = cli_json("sync", "-w", ws, "--mapping", "CUSTOMER")
    assert code == 1 and jobs[0]["conflicts"] == 1
    code, errors = cli_json("errors", "-w", ws)
    assert code == 1
    [e] = errors
    assert {"id", "mapping", "kind", "left_key", "right_key", "message"} <= set(e)
    assert (e["kind"], e["left_key"], e["right_key"]) == ("conflict", "C00001", rk)
    # resolve it: exit 0, errors empty
    code, result = cli_json("resolve", "-w", ws, str(e["id"]), "--action", "use-right")
    assert code == 0 and result["done"] == [e["id"]]
    code, errors = cli_json("errors", "-w", ws)
    assert code == 0 and errors == []
    assert lite.rows("left", "customer")["C00001"]["city"] == "B"


def test_a_command_reads_its_workspace_file_once(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the warnings were about is what is opened: one reading of the file a command."""
    lite.customers(2)
    reads: list[Path] = []
    path_open = Path.open

    def counted(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == lite.workspace.name:
            reads.append(self)
        return path_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counted)
    code, jobs = cli_json("sync", "-w", str(lite.workspace))
    assert code == 0 and jobs[0]["inserted"] == 2
    assert len(reads) == 1
    code, _errors = cli_json("errors", "-w", str(lite.workspace))
    assert code == 0 and len(reads) == 2


def test_log_and_jobs_json(lite: Env) -> None:
    lite.customers(1)
    ws = str(lite.workspace)
    cli("sync", "-w", ws)
    lite.update("left", "customer", "C00001", city="Brugge")
    cli("sync", "-w", ws)
    code, log = cli_json("log", "-w", ws, "--record", "left:C00001")
    assert code == 0
    assert [(e["action"], e["direction"], e["result"]) for e in log] == [
        ("insert", "to-right", "ok"),
        ("modify", "to-right", "ok"),
    ]
    assert set(log[0]) >= {"at", "job", "action", "direction", "result", "message", "changes"}
    assert log[1]["changes"] == {"city": ["Gent", "Brugge"]}
    rk = lite.partner("C00001")
    code, by_right = cli_json("log", "-w", ws, "--record", f"right:{rk}", "--mapping", "CUSTOMER")
    assert [e["job"] for e in by_right] == [e["job"] for e in log]
    code, jobs = cli_json("jobs", "-w", ws)
    assert code == 0
    assert SYNC_FIELDS | {"trigger", "started", "finished"} <= set(jobs[0])
    assert [j["job"] for j in jobs] == sorted((j["job"] for j in jobs), reverse=True)
    assert jobs[0]["trigger"] == "manual"
    code, jobs = cli_json("jobs", "-w", ws, "--limit", "1")
    assert len(jobs) == 1


def test_sync_one_record(lite: Env) -> None:
    lite.customers(3)
    ws = str(lite.workspace)
    code, out, err = cli("sync", "-w", ws, "--record", "left:C00002")
    assert code == 2 and "--record needs --mapping" in err and out == ""
    code, jobs = cli_json("sync", "-w", ws, "--record", "left:C00002", "--mapping", "CUSTOMER")
    assert code == 0 and jobs[0]["inserted"] == 1
    assert list(lite.couplings()) == ["C00002"]
    code, out, err = cli("sync", "-w", ws, "--record", "left:NOPE", "-m", "CUSTOMER")
    assert code == 2 and "has no CUSTOMER record NOPE" in err
    # a key that names nothing is a typing mistake, not a job in the history
    code, jobs = cli_json("jobs", "-w", ws)
    assert [j["record"] for j in jobs] == ["left:C00002"]
    # a key pasted by mistake a hundred thousand characters long: one line still, cut short
    code, out, err = cli("sync", "-w", ws, "--record", "left:" + "x" * 100_000, "-m", "CUSTOMER")
    assert code == 2 and err.count("\n") == 1 and len(err) < 1100
    assert err.startswith("syncdesk: ") and "has no CUSTOMER record xxx" in err
    assert err.endswith("… (99,040 more characters)\n"), err[-60:]
    # a whole-number key typed with leading zeros names the record it counts
    made = lite.insert("right", "contact", fullname="Typed By Hand")
    code, jobs = cli_json("sync", "-w", ws, "--record", f"right:000{made}", "-m", "CONTACT")
    assert code == 0 and jobs[0]["inserted"] == 1
    assert list(lite.couplings("CONTACT").values()) == [made]


def test_a_chosen_record_deleted_as_its_job_starts_fails_that_job_with_the_reason(
    lite: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gone between the check and the job's own read: the job ends failed and says why
    (not left running, to be called interrupted by the next job)."""
    from syncdesk.sync.engine import JobRunner

    lite.customers(2)
    ws = str(lite.workspace)
    checked = JobRunner._chosen_key

    def check_then_delete(self: JobRunner, side: Any, key: str) -> str:
        key = checked(self, side, key)
        lite.delete("left", "customer", key)
        return key

    monkeypatch.setattr(JobRunner, "_chosen_key", check_then_delete)
    code, out, err = cli("sync", "-w", ws, "--record", "left:C00001", "-m", "CUSTOMER")
    assert code == 2 and err == "syncdesk: Business Central has no CUSTOMER record C00001\n"
    monkeypatch.undo()
    code, jobs = cli_json("jobs", "-w", ws)
    assert [(j["status"], j["message"]) for j in jobs] == [
        ("failed", "Business Central has no CUSTOMER record C00001")
    ]
    code, jobs = cli_json("sync", "-w", ws, "-m", "CUSTOMER")
    assert code == 0 and (jobs[0]["status"], jobs[0]["inserted"]) == ("succeeded", 1)
    code, jobs = cli_json("jobs", "-w", ws)
    assert [(j["status"], j["message"]) for j in jobs][1:] == [
        ("failed", "Business Central has no CUSTOMER record C00001")
    ]


def test_sync_one_record_says_why_it_passed_the_record_over(lite: Env) -> None:
    """``sync --record`` of a record an open sync error holds back: the counts say only
    "skipped 1"; a line on stderr says why, and what it waits for."""
    ws, e = _a_conflict_on_c00001(lite, customers=2)
    code, out, err = cli("sync", "-w", ws, "--record", "left:C00001", "-m", "CUSTOMER")
    assert code == 1 and "skipped" in out
    job = out.splitlines()[1].split()[0]
    assert err == (
        f"syncdesk: job {job} (CUSTOMER): left:C00001 was passed over: sync error {e.id} is "
        "open; it waits for a person\n"
    )
    # a record synced as asked: nothing more to say
    lite.update("left", "customer", "C00002", city="C")
    code, out, err = cli("sync", "-w", ws, "--record", "left:C00002", "-m", "CUSTOMER")
    assert code == 1 and err == ""
    assert lite.rows("right", "account")[lite.partner("C00002")]["city"] == "C"


def _a_conflict_on_c00001(lite: Env, customers: int = 1) -> tuple[str, Any]:
    """The workspace (synced) and its one sync error: C00001's city changed in both apps."""
    lite.customers(customers)
    ws = str(lite.workspace)
    cli("sync", "-w", ws)
    lite.update("left", "customer", "C00001", city="A")
    lite.update("right", "account", lite.partner("C00001"), city="B")
    cli("sync", "-w", ws)
    [e] = lite.errors()
    return ws, e


def test_resolve_refuses_an_action_that_does_not_apply(lite: Env) -> None:
    ws, e = _a_conflict_on_c00001(lite)
    code, _out, err = cli("resolve", "-w", ws, str(e.id), "--action", "restore")
    assert code == 2
    assert err.count("\n") == 1 and "restore does not apply" in err
    assert lite.errors()[0].status == "open"
    # Retry marks the pair for the next job, and says so (not "done")
    code, out, err = cli("resolve", "-w", ws, str(e.id), "--action", "retry")
    assert (code, out, err) == (0, f"retry: sync error {e.id} included in the next job\n", "")


def test_couple_uncouple_and_queue(lite: Env) -> None:
    lite.customers(1)
    ws = str(lite.workspace)
    cli("sync", "-w", ws)
    rk = lite.partner("C00001")
    assert cli("uncouple", "-w", ws, "-m", "CUSTOMER", "left:C00001", f"right:{rk}")[0] == 0
    assert lite.couplings() == {}
    code, out, err = cli("couple", "-w", ws, "-m", "CUSTOMER", f"right:{rk}", "left:C00001")
    assert code == 2 and "expected left:KEY" in err
    assert cli("couple", "-w", ws, "-m", "CUSTOMER", "left:C00001", f"right:{rk}")[0] == 0
    assert lite.couplings() == {"C00001": rk}
    code, entries = cli_json("queue", "-w", ws)
    assert {e["mapping"] for e in entries} == {"CUSTOMER", "CONTACT"}
    assert all(e["every_minutes"] == 30 and e["enabled"] for e in entries)
    code, entries = cli_json("queue", "-w", ws, "-m", "customer", "--every", "5")
    assert entries[0]["every_minutes"] == 5
    code, entries = cli_json("queue", "-w", ws, "-m", "CUSTOMER", "--hold")
    assert entries[0]["enabled"] is False
    code, entries = cli_json("queue", "-w", ws, "-m", "CUSTOMER", "--resume")
    assert entries[0]["enabled"] is True
    code, _out, err = cli("queue", "-w", ws, "--hold")
    assert code == 2 and "need --mapping" in err


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["sync"], 2, "required: --workspace"),
        (["sync", "-w", "/no/such/file.toml"], 2, "no such workspace file"),
        (["frobnicate"], 2, "invalid choice"),
        (["resolve", "-w", "x.toml", "1", "--action", "explode"], 2, "invalid choice"),
        (["log", "-w", "x.toml", "--record", "middle:1"], 2, ""),
    ],
)
def test_bad_usage_is_one_line_with_status_2(
    argv: list[str], code: int, text: str, tmp_path: Path
) -> None:
    got, _out, err = cli(*argv)
    assert got == code
    assert err.startswith("syncdesk: ") and err.count("\n") == 1
    assert text in err


def test_unknown_mapping_and_bad_record_spec(lite: Env) -> None:
    ws = str(lite.workspace)
    code, out, err = cli("sync", "-w", ws, "--mapping", "VENDOR")
    assert code == 2 and "no mapping named 'VENDOR'" in err and "CUSTOMER" in err
    code, _out, err = cli("log", "-w", ws, "--record", "middle:1")
    assert code == 2 and "left:KEY or right:KEY" in err


def test_demo_then_errors_lists_every_kind(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    code, out, err = cli("demo", str(folder), "--records", "40")
    assert code == 0, err
    code, errors = cli_json("errors", "-w", str(folder / "syncdesk.toml"))
    assert code == 1
    assert {e["kind"] for e in errors} == {"conflict", "deleted-left", "deleted-right", "failed"}
    code, _out, err = cli("demo", str(folder))
    assert code == 2 and err.count("\n") == 1


def test_real_process_prints_no_traceback(lite: Env) -> None:
    lite.customers(2)
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", "sync", "-w", str(lite.workspace), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["inserted"] == 2
    (lite.folder / "bad.toml").write_text("[workspace\nname=", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", "errors", "-w", str(lite.folder / "bad.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not valid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_program_imports_with_the_collector_at_rest_and_runs_with_it_after() -> None:
    """``syncdesk`` imports its command line with the cyclic garbage collector off (a
    tenth of the start-up time); afterwards it runs again, or a long session in the
    window would keep every cycle of objects it ever made."""
    program = (
        "import gc, sys\n"
        "import syncdesk.__main__ as m\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: seen.append(phase))\n"
        "m._import_resting()\n"
        "assert 'syncdesk.cli' in sys.modules\n"
        "print(gc.isenabled(), len(seen), gc.get_freeze_count() > 10000)\n"
        "gc.collect()\n"
        "print(len(seen) > 0)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.split() == ["True", "0", "True", "True"], proc.stderr


def test_a_headless_command_leaves_with_its_output_whole_and_its_exit_hooks_run(
    tmp_path: Path,
) -> None:
    """A command ends without Python's teardown (``__main__.leave``): what it wrote but
    had not flushed still reaches the pipe, its exit status stays, exit hooks still run,
    and a reader gone away gets no traceback."""
    hook = tmp_path / "hook.txt"
    # output buffered as it is when nothing asks otherwise
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    program = (
        "import atexit, pathlib, sys\n"
        "from syncdesk.__main__ import leave\n"
        f"atexit.register(pathlib.Path({str(hook)!r}).write_text, 'ran')\n"
        "for _ in range(1000):\n"
        "    sys.stdout.write('x' * 100)\n"
        "sys.stderr.write('said')\n"
        "leave(3)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, env=buffered
    )
    assert proc.returncode == 3
    assert proc.stdout == "x" * 100_000
    assert proc.stderr == "said"
    assert hook.read_text(encoding="utf-8") == "ran"
    # the reader goes away before the last of it is flushed: let be, with no traceback
    script = tmp_path / "leave.py"
    script.write_text(
        "import sys, time\n"
        "from syncdesk.__main__ import leave\n"
        "sys.stdout.write('x' * 10)\n"
        "sys.stdout.flush()\n"
        "time.sleep(1)\n"
        "sys.stdout.write('y' * 100)\n"
        "leave(0)\n",
        encoding="utf-8",
    )
    head = subprocess.run(
        f"'{sys.executable}' '{script}' | head -c 10",
        shell=True,
        env=buffered,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert head.stdout == "x" * 10
    assert "Traceback" not in head.stderr and "BrokenPipe" not in head.stderr
    # under a profiler the program returns the usual way, so the profile is written
    profile = tmp_path / "errors.prof"
    missing = tmp_path / "missing.toml"
    profiled = ["-m", "cProfile", "-o", str(profile), "-m", "syncdesk"]
    proc = subprocess.run(
        [sys.executable, *profiled, "errors", "-w", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "no such workspace file" in proc.stderr
    assert profile.stat().st_size > 0


def test_cleanup_deletes_old_jobs_but_keeps_an_open_errors_history(lite: Env) -> None:
    import datetime as dt

    from sqlalchemy import create_engine, text

    lite.customers(2)
    ws = str(lite.workspace)
    cli("sync", "-w", ws)
    lite.update("left", "customer", "C00001", city="A")
    lite.update("right", "account", lite.partner("C00001"), city="B")
    cli("sync", "-w", ws)  # a conflict: its record's history must stay
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=30)
    engine = create_engine(lite.urls["state"])
    with engine.begin() as conn:
        conn.execute(text("UPDATE job SET started = :t, finished = :t"), {"t": old})
        conn.execute(text("UPDATE log_entry SET at = :t"), {"t": old})
    engine.dispose()
    code, result = cli_json("cleanup", "-w", ws, "--days", "7")
    assert code == 0 and result["jobs"] >= 1
    # the jobs behind the open conflict's history stay, with their entries
    assert [e.action for e in lite.log("left", "C00001")] == ["insert", "conflict"]
    code, jobs = cli_json("jobs", "-w", ws)
    assert {j["mapping"] for j in jobs} == {"CUSTOMER"}  # the CONTACT jobs went
    code, _out, err = cli("cleanup", "-w", ws, "--days", "-1")
    assert code == 2 and "--days" in err


def test_every_option_and_argument_of_every_command_says_what_it_is_for() -> None:
    """``syncdesk COMMAND -h`` explains each option (before: --json, --limit, --every,
    --hold, --days and others stood there bare)."""
    import argparse

    from syncdesk.cli import build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    bare = [
        f"{name} {action.dest}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if not action.help and not isinstance(action, argparse._HelpAction)
    ]
    assert len(commands.choices) >= 15
    assert bare == []
