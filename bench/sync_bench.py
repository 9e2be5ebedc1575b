"""SyncDesk sync benchmark: generated data, measured beside a raw sqlite3 copy of the same rows.

Usage::

    .venv/bin/python bench/sync_bench.py --records 100000 [--records 1000000]
        [--out bench/out/results.json] [--profile [PHASE]] [--rev REV] [--batch N]
        [--real-clock] [--keep]

For each N, in a fresh temporary folder, the parent process runs each phase in a child
process of its own (this script re-invoked with ``--phase``), so that the peak memory a
child reports (``ru_maxrss``) belongs to that phase alone. Phases, in order:

``gen``        generate ``customer`` (left, N rows) and an empty ``account`` (right)
``baseline``   raw stdlib sqlite3 copy of the N rows into a copy of the empty right db
``initial``    ``run_sync(open_integration(ws))`` into another copy: N inserts
``change1``    1% of rows changed on the left, a different 1% on the right
``incr1``      modified-records sync, the first one after the initial sync
``nochange1``  modified-records sync with nothing changed
``change2``    another 1% + 1% (other rows)
``incr2``      modified-records sync in steady state (both watermarks known)
``nochange2``  modified-records sync with nothing changed
``full``       ``--full`` sync with nothing changed, for reference

Timestamps: the apps' triggers stamp ``last_modified``/``modifiedon`` from a one-row
``bench_clock`` table that the bench sets before each phase, 30 simulated minutes apart
(the job queue's default interval), so the engine's 5-minute look-back window sees what
it would see in production rather than a compressed timeline. ``--real-clock`` leaves
the table empty, and the triggers use SQLite's ``now``.

Benchmarks print figures; they are never timed assertions in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent

CITIES = (
    "Antwerpen",
    "Brugge",
    "Brussel",
    "Gent",
    "Hasselt",
    "Leuven",
    "Liège",
    "Mechelen",
    "Namur",
    "Oostende",
)
T0 = dt.datetime(2025, 1, 1, 8, 0, 0)
STAMP = "COALESCE((SELECT now FROM bench_clock LIMIT 1), strftime('%Y-%m-%dT%H:%M:%f', 'now'))"

LEFT_DDL = f"""
CREATE TABLE customer (
    no TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT,
    phone TEXT,
    credit NUMERIC,
    last_modified TEXT
);
CREATE TABLE bench_clock (now TEXT);
CREATE TRIGGER customer_touch AFTER UPDATE ON customer
FOR EACH ROW WHEN NEW.last_modified IS OLD.last_modified
BEGIN
    UPDATE customer SET last_modified = {STAMP} WHERE no = NEW.no;
END;
CREATE TRIGGER customer_stamp AFTER INSERT ON customer
FOR EACH ROW WHEN NEW.last_modified IS NULL
BEGIN
    UPDATE customer SET last_modified = {STAMP} WHERE no = NEW.no;
END;
"""

RIGHT_DDL = f"""
CREATE TABLE account (
    accountid TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT,
    telephone1 TEXT,
    creditlimit REAL,
    modifiedon TEXT
);
CREATE TABLE bench_clock (now TEXT);
CREATE TRIGGER account_touch AFTER UPDATE ON account
FOR EACH ROW WHEN NEW.modifiedon IS OLD.modifiedon
BEGIN
    UPDATE account SET modifiedon = {STAMP} WHERE accountid = NEW.accountid;
END;
CREATE TRIGGER account_stamp AFTER INSERT ON account
FOR EACH ROW WHEN NEW.modifiedon IS NULL
BEGIN
    UPDATE account SET modifiedon = {STAMP} WHERE accountid = NEW.accountid;
END;
"""

WORKSPACE_TOML = """\
[workspace]
name = "Bench"

[apps.left]
title = "Business Central"
url = "sqlite:///left.db"

[apps.right]
title = "Dynamics 365 Sales"
url = "sqlite:///right.db"

[[mappings]]
name = "CUSTOMER"
direction = "bidirectional"
left  = { table = "customer", key = "no", modified = "last_modified" }
right = { table = "account", key = "accountid", modified = "modifiedon" }
fields = [
  { left = "name", right = "name" },
  { left = "city", right = "city" },
  { left = "phone", right = "telephone1" },
  { left = "credit", right = "creditlimit" },
]
"""

#: (phase, simulated minutes after T0 for the app clocks, kind)
SEQUENCE: list[tuple[str, int, str]] = [
    ("gen", 0, "setup"),
    ("baseline", 0, "copy"),
    ("initial", 0, "sync"),
    ("change1", 30, "change"),
    ("incr1", 31, "sync"),
    ("nochange1", 60, "sync"),
    ("change2", 90, "change"),
    ("incr2", 91, "sync"),
    ("nochange2", 120, "sync"),
    ("full", 150, "sync"),
]
#: which rows (index modulo 100) each change phase edits on each side
CHANGE_OFFSETS = {"change1": (0, 50), "change2": (25, 75)}
LABELS = {
    "baseline": "raw sqlite3 copy",
    "initial": "initial sync",
    "incr1": "1%+1% sync (1st)",
    "nochange1": "no-change sync",
    "incr2": "1%+1% sync (steady)",
    "nochange2": "no-change sync",
    "full": "--full, no change",
}


# -- the data -----------------------------------------------------------------------------


def customer_row(i: int) -> tuple[Any, ...]:
    """Row i of the left table: deterministic, all fields filled, stamped in 2024."""
    stamp = (dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i)).isoformat(timespec="seconds")
    credit = (i * 7919) % 50000 + (i % 4) * 0.25
    return (
        f"C{i:07d}",
        f"Customer {i:07d}",
        CITIES[i % len(CITIES)],
        f"+32 {i:09d}",
        credit,
        stamp,
    )


def row_index(name: str) -> int:
    """The generator's index of a row, from its name ("Customer 0001234 ...")."""
    return int(name[9:16])


def set_clock(db: Path, minutes: int | None) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM bench_clock")
        if minutes is not None:
            value = (T0 + dt.timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
            conn.execute("INSERT INTO bench_clock VALUES (?)", (value,))
    conn.close()


def generate(folder: Path, n: int) -> dict[str, Any]:
    left = sqlite3.connect(folder / "left.db")
    left.executescript(LEFT_DDL)
    with left:
        left.executemany(
            "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?)", (customer_row(i) for i in range(n))
        )
    left.close()
    right = sqlite3.connect(folder / "right_empty.db")
    right.executescript(RIGHT_DDL)
    right.close()
    shutil.copyfile(folder / "right_empty.db", folder / "right_baseline.db")
    shutil.copyfile(folder / "right_empty.db", folder / "right.db")
    (folder / "syncdesk.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    return {"rows": n}


def raw_copy(folder: Path) -> dict[str, Any]:
    """What the engine is compared with: stdlib sqlite3, one transaction, executemany."""
    src = sqlite3.connect(folder / "left.db")
    dst = sqlite3.connect(folder / "right_baseline.db")
    with dst:
        cur = dst.executemany(
            "INSERT INTO account (accountid, name, city, telephone1, creditlimit) "
            "VALUES (?, ?, ?, ?, ?)",
            src.execute("SELECT no, name, city, phone, credit FROM customer"),
        )
        copied = cur.rowcount
    src.close()
    dst.close()
    return {"rows": copied}


def apply_changes(folder: Path, n: int, phase: str) -> dict[str, Any]:
    """Plain sqlite3 UPDATEs of name and city; the triggers bump the modified columns."""
    left_off, right_off = CHANGE_OFFSETS[phase]
    tag = phase[-1]
    left = sqlite3.connect(folder / "left.db")
    with left:
        cur = left.executemany(
            f"UPDATE customer SET name = name || ' L{tag}', city = 'Leftville {tag}' WHERE no = ?",
            ((f"C{i:07d}",) for i in range(left_off, n, 100)),
        )
        left_changed = cur.rowcount
    left.close()
    right = sqlite3.connect(folder / "right.db")
    keys = [
        (key,)
        for key, name in right.execute("SELECT accountid, name FROM account")
        if row_index(name) % 100 == right_off
    ]
    with right:
        cur = right.executemany(
            f"UPDATE account SET name = name || ' R{tag}', city = 'Rightville {tag}' "
            "WHERE accountid = ?",
            keys,
        )
        right_changed = cur.rowcount
    right.close()
    return {"left_changed": left_changed, "right_changed": right_changed}


def run_one_sync(folder: Path, full: bool, batch: int | None) -> dict[str, Any]:
    from syncdesk.sync.engine import run_sync
    from syncdesk.sync.integration import open_integration

    t0 = time.perf_counter()
    integration = open_integration(folder / "syncdesk.toml")
    t1 = time.perf_counter()
    try:
        options = {"batch": batch} if batch else {}
        results = run_sync(integration, trigger="manual", full=full, **options)
    finally:
        integration.close()
    t2 = time.perf_counter()
    counts: dict[str, int] = {}
    statuses = []
    for r in results:
        statuses.append(r.status if not r.message else f"{r.status}: {r.message}")
        for k, v in vars(r.counts).items():
            counts[k] = counts.get(k, 0) + v
    return {"open_seconds": t1 - t0, "sync_seconds": t2 - t1, "status": statuses, **counts}


# -- a child: one phase -------------------------------------------------------------------


def rss_mib() -> float:
    """Resident set size now (Linux /proc; psutil elsewhere if installed)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import psutil

        return float(psutil.Process().memory_info().rss) / 2**20


def peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def child(args: argparse.Namespace) -> None:
    folder = Path(args.dir)
    n = args.records[0]
    phase = args.phase
    kind = next(k for p, _m, k in SEQUENCE if p == phase)
    minutes = None if args.real_clock else next(m for p, m, _k in SEQUENCE if p == phase)
    if kind in ("sync", "change"):
        # imported before the start figure so that it counts the interpreter and libraries
        importlib.import_module("syncdesk.sync.engine")
        importlib.import_module("syncdesk.sync.integration")

        for db in ("left.db", "right.db"):
            set_clock(folder / db, minutes)
    start_mib = rss_mib()
    profiler = None
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    if phase == "gen":
        out = generate(folder, n)
    elif phase == "baseline":
        out = raw_copy(folder)
    elif kind == "change":
        out = apply_changes(folder, n, phase)
    else:
        out = run_one_sync(folder, full=phase == "full", batch=args.batch)
    seconds = time.perf_counter() - t0
    if profiler is not None:
        profiler.disable()
        out["profile"] = profile_text(profiler)
    if "syncdesk" in sys.modules:
        out["code"] = str(Path(sys.modules["syncdesk"].__file__ or "").parent.parent)
    out.update(
        phase=phase,
        seconds=seconds,
        start_mib=round(start_mib, 1),
        peak_mib=round(peak_mib(), 1),
        state_mib=_size_mib(folder / "syncdesk.state.db"),
    )
    print(json.dumps(out), flush=True)


def profile_text(profiler: Any) -> str:
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.strip_dirs().sort_stats("cumulative").print_stats(25)
    buf.write("\n-- the same run, by own time (tottime) --\n")
    stats.sort_stats("tottime").print_stats(15)
    return buf.getvalue()


def _size_mib(path: Path) -> float | None:
    total = 0
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            total += p.stat().st_size
    return round(total / 2**20, 1) if total else None


# -- the parent ---------------------------------------------------------------------------


def run_phase(
    folder: Path, n: int, phase: str, args: argparse.Namespace, cprofile: bool = False
) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE), "--phase", phase, "--dir", str(folder), "--records", str(n)]
    if args.real_clock:
        cmd.append("--real-clock")
    if args.batch:
        cmd += ["--batch", str(args.batch)]
    if cprofile:
        cmd.append("--cprofile")
    # every phase imports the snapshot of syncdesk/ taken at the start (see snapshot_code)
    path = [str(args.code), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"phase {phase} (N={n}) failed with exit status {proc.returncode}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def expected_counts(phase: str, n: int) -> dict[str, int] | None:
    if phase == "initial":
        return {"inserted": n, "modified": 0, "conflicts": 0, "failed": 0}
    if phase in ("incr1", "incr2"):
        per_side = len(range(0, n, 100))
        return {"inserted": 0, "modified": 2 * per_side, "conflicts": 0, "failed": 0}
    if phase in ("nochange1", "nochange2", "full"):
        return {"inserted": 0, "modified": 0, "conflicts": 0, "failed": 0}
    return None


def check(phase: str, n: int, r: dict[str, Any]) -> str:
    want = expected_counts(phase, n)
    if want is None:
        return ""
    bad = [f"{k}={r.get(k)} (want {v})" for k, v in want.items() if r.get(k) != v]
    if any(not s.startswith("succeeded") for s in r.get("status", [])):
        bad.append(f"status {r['status']}")
    return "ok" if not bad else "MISMATCH " + ", ".join(bad)


def bench_n(n: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    base = Path(args.tmp) if args.tmp else None
    folder = Path(tempfile.mkdtemp(prefix=f"syncdesk-bench-{n}-", dir=base))
    rows: list[dict[str, Any]] = []
    try:
        for phase, _minutes, kind in SEQUENCE:
            r = run_phase(folder, n, phase, args)
            r["records"] = n
            r["kind"] = kind
            rows.append(r)
            note = ""
            if kind == "sync":
                r["check"] = check(phase, n, r)
                note = f"  {r['check']}"
            print(
                f"  N={n:,} {phase:<10} {r['seconds']:8.2f} s  peak {r['peak_mib']:6.1f} MiB{note}"
            )
            sys.stdout.flush()
        derive(rows)
    finally:
        if args.keep:
            print(f"  kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def derive(rows: list[dict[str, Any]]) -> None:
    by = {r["phase"]: r for r in rows}
    n = rows[0]["records"]
    base_rate = n / by["baseline"]["seconds"]
    initial = by["initial"]["seconds"]
    for r in rows:
        if r["phase"] in ("baseline", "initial", "full"):
            r["rows_per_s"] = n / r["seconds"]
        if r["phase"] in ("initial", "full"):
            r["vs_baseline"] = r["rows_per_s"] / base_rate
        if r["kind"] == "sync" and r["phase"] != "initial":
            r["vs_initial"] = r["seconds"] / initial


def profile_run(n: int, phase: str, args: argparse.Namespace) -> str:
    """A fresh sequence up to ``phase``; only that phase runs under cProfile."""
    base = Path(args.tmp) if args.tmp else None
    folder = Path(tempfile.mkdtemp(prefix=f"syncdesk-profile-{n}-", dir=base))
    try:
        for p, _m, _k in SEQUENCE:
            if p == "baseline":
                continue
            r = run_phase(folder, n, p, args, cprofile=p == phase)
            if p == phase:
                return str(r["profile"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(f"unknown phase {phase!r}")


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'N':>9}  {'phase':<10} {'what':<20} {'seconds':>8} {'open s':>6} {'rows/s':>9} "
        f"{'x base':>6} {'x init':>6} {'peak MiB':>8} {'start MiB':>9} {'state MiB':>9}  counts"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        if r["kind"] == "setup":
            continue

        def fmt(key: str, spec: str, r: dict[str, Any] = r) -> str:
            v = r.get(key)
            return "-" if v is None else format(v, spec)

        if r["kind"] == "sync":
            counts = " ".join(
                f"{k[:3]}={r[k]}"
                for k in ("inserted", "modified", "unchanged", "skipped", "failed", "conflicts")
            )
            counts += f"  [{r['check']}]"
        elif r["kind"] == "change":
            counts = f"changed left={r['left_changed']} right={r['right_changed']}"
        else:
            counts = f"copied={r['rows']}"
        lines.append(
            f"{r['records']:>9,}  {r['phase']:<10} {LABELS.get(r['phase'], 'edit 1% + 1%'):<20} "
            f"{r['seconds']:>8.2f} {fmt('open_seconds', '.2f'):>6} {fmt('rows_per_s', ',.0f'):>9} "
            f"{fmt('vs_baseline', '.1%'):>6} {fmt('vs_initial', '.1%'):>6} "
            f"{r['peak_mib']:>8.1f} {r['start_mib']:>9.1f} {fmt('state_mib', '.1f'):>9}  {counts}"
        )
    return "\n".join(lines)


def summary(all_rows: list[dict[str, Any]]) -> str:
    out = []
    by_n: dict[int, dict[str, dict[str, Any]]] = {}
    for r in all_rows:
        by_n.setdefault(r["records"], {})[r["phase"]] = r
    for n, by in by_n.items():
        ini = by["initial"]
        sync_peak = max(r["peak_mib"] for r in by.values() if r["kind"] == "sync")
        out.append(
            f"N={n:,}: initial sync at {ini['vs_baseline']:.1%} of the raw copy's throughput "
            f"(aim >= 35%); 1%+1% sync in {by['incr1']['vs_initial']:.1%} (first) / "
            f"{by['incr2']['vs_initial']:.1%} (steady) of the initial sync's time (aim <= 10%); "
            f"no-change sync {by['nochange2']['vs_initial']:.1%}; "
            f"highest peak of a sync phase {sync_peak:.0f} MiB"
        )
    ns = sorted(by_n)
    if len(ns) > 1:
        lo, hi = by_n[ns[0]], by_n[ns[-1]]
        for phase in ("baseline", "initial", "incr1", "incr2", "full"):
            out.append(
                f"peak MiB {phase}: {lo[phase]['peak_mib']:.0f} at N={ns[0]:,} -> "
                f"{hi[phase]['peak_mib']:.0f} at N={ns[-1]:,}"
            )
    return "\n".join(out)


def git(*cmd: str) -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), *cmd], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def snapshot_code(into: Path, rev: str | None) -> str:
    """A copy of syncdesk/, so that every phase of a run measures the same code.

    Other people may commit to the engine while a long run is under way. ``rev``: a
    git revision to take it from; None: the working tree as it is now. Returns what
    was taken, for the report.
    """
    if rev is None:
        shutil.copytree(
            ROOT / "syncdesk", into / "syncdesk", ignore=shutil.ignore_patterns("__pycache__")
        )
        head = git("rev-parse", "--short", "HEAD") or "unknown"
        dirty = git("status", "--porcelain", "--", "syncdesk")
        return f"working tree at {head}{' + uncommitted changes in syncdesk/' if dirty else ''}"
    commit = git("rev-parse", "--short", f"{rev}^{{commit}}")
    if not commit:
        raise SystemExit(f"--rev {rev}: not a git revision of {ROOT}")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "syncdesk"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return f"commit {commit}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, action="append", help="N; repeat for several")
    parser.add_argument("--out", help="write the figures as JSON to this file")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="initial",
        metavar="PHASE",
        help="also run PHASE (default: initial) once under cProfile, N = 100,000 at most",
    )
    parser.add_argument(
        "--real-clock", action="store_true", help="stamp with SQLite's now, not 30-minute steps"
    )
    parser.add_argument(
        "--rev", help="measure syncdesk/ as of this git revision (default: the working tree)"
    )
    parser.add_argument(
        "--batch", type=int, help="run_sync(batch=...) (default: the engine's own, 1000)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--tmp", help="where the temporary folders go (default: system temp)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--cprofile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.records:
        args.records = [100_000]
    if args.phase:
        child(args)
        return
    started = dt.datetime.now().astimezone()
    code_dir = tempfile.mkdtemp(prefix="syncdesk-bench-code-", dir=args.tmp)
    args.code = Path(code_dir)
    try:
        rev = snapshot_code(args.code, args.rev)
        print(f"SyncDesk sync benchmark, {started:%Y-%m-%d %H:%M %Z}, {machine()}")
        print(f"code: syncdesk/ from the {rev} (copied at the start)")
        run_all(args, started, rev)
    finally:
        shutil.rmtree(code_dir, ignore_errors=True)


def run_all(args: argparse.Namespace, started: dt.datetime, rev: str) -> None:
    clock = "SQLite now" if args.real_clock else "simulated, 30 minutes between jobs"
    print(f"clock: {clock}; batch: {args.batch or 'engine default'}")
    all_rows: list[dict[str, Any]] = []
    for n in args.records:
        print(f"N={n:,}:")
        all_rows += bench_n(n, args)
    print()
    print(table(all_rows))
    print()
    print(summary(all_rows))
    profile = None
    if args.profile:
        n = min([*args.records, 100_000])
        print(f"\ncProfile of phase {args.profile}, N={n:,} (top 25 by cumulative time):")
        profile = profile_run(n, args.profile, args)
        print(profile)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "date": started.isoformat(timespec="seconds"),
            "machine": machine(),
            "revision": rev,
            "clock": "real" if args.real_clock else "simulated-30min",
            "batch": args.batch,
            "results": all_rows,
            "profile": profile,
        }
        out.write_text(json.dumps(data, indent=2), encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
