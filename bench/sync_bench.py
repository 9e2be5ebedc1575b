"""SyncDesk sync benchmark: each sync is the whole ``syncdesk sync`` process, as a user meets
it, beside a raw copy of the same rows measured in the same run.

Usage::

    .venv/bin/python bench/sync_bench.py [--records 100000] [--records 1000000]
        [--right sqlite|postgres] [--simulated-clock] [--out FILE] [--profile PHASE]
        [--keep] [--tmp DIR]

For each N, in a fresh temporary folder: a Business Central-like ``customer`` table (left,
SQLite, N rows, text key) and a Dataverse-like ``account`` table (right: SQLite with UUID
text keys, or PostgreSQL with ``--right postgres``, a throwaway server started for the run
from Debian's ``postgresql``), triggers that stamp the modified columns, and a workspace.

Phases, in order, each in a process of its own:

``baseline``   a raw copy of the N rows into an empty copy of the right table (stdlib
               ``sqlite3`` or ``psycopg`` ``executemany``, one transaction): the ceiling;
               made three times, each into an empty table again, and the fastest counts
``initial``    ``syncdesk sync -w W --json``: N inserts and couplings
``nochange0``  the same command right after, nothing changed
``change1``    1% of the rows edited on the left, a different 1% on the right: UPDATEs by
               key with stdlib ``sqlite3`` or ``psycopg``, as a 1%+1% sync writes them; the
               writes and their commits are timed, the floor of the sync that follows
``incr1``      ``syncdesk sync``: the first incremental sync
``nochange1``  again, nothing changed
``change2``, ``incr2``, ``nochange2``: another 1% + 1%, the steady state
``preview``    ``syncdesk sync --preview``, nothing changed (issue 13: about a no-change job)
``record``     ``syncdesk sync --record left:KEY -m CUSTOMER`` (Synchronize Now of one record)
``full``       ``syncdesk sync --full``, nothing changed

A sync's time is the real clock from starting the process to its exit (Python's start,
imports, opening the workspace, the job); its peak memory is the child's own
``ru_maxrss`` from ``os.wait4``. The apps' triggers stamp with the database's own clock
(``--simulated-clock`` moves a fake clock 30 minutes between jobs instead). Every figure is
printed beside the raw copy of the same run: benchmarks print figures, tests never assert
times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
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
sys.path.insert(0, str(ROOT / "tests"))

CITIES = ("Antwerpen", "Brugge", "Brussel", "Gent", "Hasselt", "Leuven", "Liège", "Mechelen")
T0 = dt.datetime(2025, 1, 1, 8, 0, 0)
#: the raw copy is made this many times, each into an empty table; the fastest counts
COPY_TRIES = 3
STAMP = "COALESCE((SELECT now FROM bench_clock LIMIT 1), strftime('%Y-%m-%d %H:%M:%f', 'now'))"

LEFT_DDL = f"""
CREATE TABLE customer (
    no TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT, phone TEXT, credit NUMERIC,
    last_modified TEXT
);
CREATE INDEX customer_modified ON customer (last_modified);
CREATE TABLE bench_clock (now TEXT);
CREATE TRIGGER customer_touch AFTER UPDATE ON customer
FOR EACH ROW WHEN NEW.last_modified IS OLD.last_modified
BEGIN UPDATE customer SET last_modified = {STAMP} WHERE no = NEW.no; END;
CREATE TRIGGER customer_stamp AFTER INSERT ON customer
FOR EACH ROW WHEN NEW.last_modified IS NULL
BEGIN UPDATE customer SET last_modified = {STAMP} WHERE no = NEW.no; END;
"""

RIGHT_DDL_SQLITE = f"""
CREATE TABLE account (
    accountid TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT, telephone1 TEXT,
    creditlimit REAL, modifiedon TEXT
);
CREATE INDEX account_modified ON account (modifiedon);
CREATE TABLE bench_clock (now TEXT);
CREATE TRIGGER account_touch AFTER UPDATE ON account
FOR EACH ROW WHEN NEW.modifiedon IS OLD.modifiedon
BEGIN UPDATE account SET modifiedon = {STAMP} WHERE accountid = NEW.accountid; END;
CREATE TRIGGER account_stamp AFTER INSERT ON account
FOR EACH ROW WHEN NEW.modifiedon IS NULL
BEGIN UPDATE account SET modifiedon = {STAMP} WHERE accountid = NEW.accountid; END;
"""

RIGHT_DDL_PG = """
CREATE TABLE account (
    accountid UUID PRIMARY KEY DEFAULT gen_random_uuid(), name VARCHAR(160) NOT NULL,
    city VARCHAR(80), telephone1 VARCHAR(50), creditlimit NUMERIC(19, 4),
    modifiedon TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX account_modified ON account (modifiedon);
CREATE TABLE bench_clock (now TIMESTAMPTZ);
CREATE FUNCTION account_touch() RETURNS trigger AS $$
BEGIN
    NEW.modifiedon := COALESCE((SELECT now FROM bench_clock LIMIT 1), clock_timestamp());
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER account_touch BEFORE INSERT OR UPDATE ON account
FOR EACH ROW EXECUTE FUNCTION account_touch();
"""

WORKSPACE_TOML = """\
[workspace]
name = "Bench"

[apps.left]
title = "Business Central"
url = "sqlite:///left.db"

[apps.right]
title = "Dynamics 365 Sales"
url = "{right}"

[[mappings]]
name = "CUSTOMER"
left  = {{ table = "customer", key = "no", modified = "last_modified" }}
right = {{ table = "account", key = "accountid", modified = "modifiedon" }}
fields = [
  {{ left = "name", right = "name" }},
  {{ left = "city", right = "city" }},
  {{ left = "phone", right = "telephone1" }},
  {{ left = "credit", right = "creditlimit" }},
]
"""

#: phase, simulated minutes after T0 (with --simulated-clock), kind
SEQUENCE: list[tuple[str, int, str]] = [
    ("baseline", 0, "copy"),
    ("initial", 0, "sync"),
    ("nochange0", 1, "sync"),
    ("change1", 30, "change"),
    ("incr1", 31, "sync"),
    ("nochange1", 60, "sync"),
    ("change2", 90, "change"),
    ("incr2", 91, "sync"),
    ("nochange2", 120, "sync"),
    ("preview", 120, "sync"),
    ("record", 121, "sync"),
    ("full", 150, "sync"),
]
CHANGE_OFFSETS = {"change1": (0, 50), "change2": (25, 75)}
LABELS = {
    "baseline": "raw copy (ceiling)",
    "initial": "initial sync",
    "nochange0": "no change, right after",
    "incr1": "1%+1% (first)",
    "nochange1": "no change",
    "incr2": "1%+1% (steady)",
    "nochange2": "no change (steady)",
    "preview": "sync --preview, no change",
    "record": "sync --record",
    "full": "--full, no change",
}


def customer_row(i: int) -> tuple[Any, ...]:
    stamp = (dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i)).isoformat(sep=" ")
    return (
        f"C{i:07d}",
        f"Customer {i:07d}",
        CITIES[i % len(CITIES)],
        f"+32 {i:09d}",
        (i * 7919) % 50000 + (i % 4) * 0.25,
        stamp,
    )


class Right:
    """The right app: a SQLite file in the folder, or a database on a PostgreSQL server."""

    def __init__(self, kind: str, folder: Path, server: Any) -> None:
        self.kind = kind
        self.folder = folder
        self.server = server
        self.url = "sqlite:///right.db"
        self.dsn = ""
        if kind == "postgres":
            name = f"bench_{os.getpid()}_{int(time.time())}"
            self.url = server.create_database(name)
            base = server.create_database(name + "_base")
            self.dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
            self.base_dsn = base.replace("postgresql+psycopg://", "postgresql://")

    def create(self) -> None:
        if self.kind == "sqlite":
            for name in ("right.db", "right_baseline.db"):
                con = sqlite3.connect(self.folder / name)
                con.executescript(RIGHT_DDL_SQLITE)
                con.close()
            return
        import psycopg

        for dsn in (self.dsn, self.base_dsn):
            with psycopg.connect(dsn, autocommit=True) as con:
                con.execute(RIGHT_DDL_PG)

    def set_clock(self, when: dt.datetime | None) -> None:
        if self.kind == "sqlite":
            with sqlite3.connect(self.folder / "right.db") as con:
                con.execute("DELETE FROM bench_clock")
                if when is not None:
                    con.execute(
                        "INSERT INTO bench_clock VALUES (?)",
                        (when.isoformat(sep=" ", timespec="milliseconds"),),
                    )
            con.close()
            return
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as con:
            con.execute("DELETE FROM bench_clock")
            if when is not None:
                con.execute("INSERT INTO bench_clock VALUES (%s)", (when.replace(tzinfo=dt.UTC),))

    def empty_baseline(self) -> None:
        """The baseline's table empty again, as new: for the next try of the copy."""
        if self.kind == "sqlite":
            path = self.folder / "right_baseline.db"
            path.unlink()
            con = sqlite3.connect(path)
            con.executescript(RIGHT_DDL_SQLITE)
            con.close()
            return
        import psycopg

        with psycopg.connect(self.base_dsn, autocommit=True) as con:
            con.execute("DROP SCHEMA public CASCADE")
            con.execute("CREATE SCHEMA public")
            con.execute(RIGHT_DDL_PG)

    def copy(self) -> int:
        """The ceiling: the same rows, one transaction, executemany."""
        src = sqlite3.connect(self.folder / "left.db")
        rows = src.execute("SELECT no, name, city, phone, credit FROM customer")
        if self.kind == "sqlite":
            dst = sqlite3.connect(self.folder / "right_baseline.db")
            with dst:
                cur = dst.executemany(
                    "INSERT INTO account (accountid, name, city, telephone1, creditlimit) "
                    "VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
                copied = cur.rowcount
            dst.close()
        else:
            import uuid

            import psycopg

            with psycopg.connect(self.base_dsn) as dst, dst.cursor() as cur:
                cur.executemany(
                    "INSERT INTO account (accountid, name, city, telephone1, creditlimit) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    ((uuid.uuid4(), *r[1:]) for r in rows),
                )
                copied = cur.rowcount
        src.close()
        return copied

    def edit(self, offset: int, tag: str) -> tuple[int, float]:
        """1% of the rows changed, one transaction of UPDATEs by key as the sync writes
        them; returns how many and the seconds of the writes and their commit alone."""
        name, city = f" R{tag}", f"Rightville {tag}"
        if self.kind == "sqlite":
            con = sqlite3.connect(self.folder / "right.db")
            rows = [
                (name, city, k)
                for k, old in con.execute("SELECT accountid, name FROM account")
                if int(old[9:16]) % 100 == offset
            ]
            t = time.perf_counter()
            with con:
                cur = con.executemany(
                    "UPDATE account SET name = name || ?, city = ? WHERE accountid = ?", rows
                )
            seconds = time.perf_counter() - t
            con.close()
            return cur.rowcount, seconds
        import psycopg

        with psycopg.connect(self.dsn) as pg:
            keys = pg.execute(
                "SELECT accountid FROM account "
                "WHERE CAST(substr(name, 10, 7) AS integer) %% 100 = %s",
                (offset,),
            ).fetchall()
            pg.commit()
            t = time.perf_counter()
            with pg.cursor() as pg_cur:
                pg_cur.executemany(
                    "UPDATE account SET name = name || %s, city = %s WHERE accountid = %s",
                    [(name, city, k) for (k,) in keys],
                )
            pg.commit()
            return len(keys), time.perf_counter() - t

    def count(self) -> int:
        if self.kind == "sqlite":
            con = sqlite3.connect(self.folder / "right.db")
            n = con.execute("SELECT count(*) FROM account").fetchone()[0]
            con.close()
            return int(n)
        import psycopg

        with psycopg.connect(self.dsn) as con:
            return int(con.execute("SELECT count(*) FROM account").fetchone()[0])


def set_left_clock(folder: Path, when: dt.datetime | None) -> None:
    with sqlite3.connect(folder / "left.db") as con:
        con.execute("DELETE FROM bench_clock")
        if when is not None:
            con.execute(
                "INSERT INTO bench_clock VALUES (?)",
                (when.isoformat(sep=" ", timespec="milliseconds"),),
            )
    con.close()


def generate(folder: Path, n: int, right: Right) -> None:
    con = sqlite3.connect(folder / "left.db")
    con.executescript(LEFT_DDL)
    with con:
        con.executemany(
            "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?)", (customer_row(i) for i in range(n))
        )
    con.close()
    right.create()
    (folder / "syncdesk.toml").write_text(WORKSPACE_TOML.format(right=right.url), encoding="utf-8")


def edit_left(folder: Path, n: int, offset: int, tag: str) -> tuple[int, float]:
    """As :meth:`Right.edit`, on the left: how many, and the seconds of the writes."""
    con = sqlite3.connect(folder / "left.db")
    t = time.perf_counter()
    with con:
        cur = con.executemany(
            "UPDATE customer SET name = name || ?, city = ? WHERE no = ?",
            ((f" L{tag}", f"Leftville {tag}", f"C{i:07d}") for i in range(offset, n, 100)),
        )
    seconds = time.perf_counter() - t
    con.close()
    return cur.rowcount, seconds


def timed_child(cmd: list[str], cwd: Path) -> tuple[float, float, str, str, int]:
    """Run ``cmd``; its wall time, its own peak RSS (MiB, from wait4), output, status.

    The child's CPU time (user + system, from the same wait4) is kept in ``LAST_CPU``.
    """
    out_path, err_path = cwd / "child.out", cwd / "child.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    return (
        seconds,
        usage.ru_maxrss / 1024,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        code,
    )


LAST_CPU = [0.0]


def syncdesk_cmd(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("syncdesk")), *args]


def run_sync(folder: Path, phase: str, n: int, profile: bool) -> dict[str, Any]:
    args = ["sync", "-w", "syncdesk.toml", "--json"]
    if phase == "full":
        args.append("--full")
    if phase == "record":
        args += ["--record", f"left:C{n // 2:07d}", "--mapping", "CUSTOMER"]
    if phase == "preview":
        args.append("--preview")
    cmd = syncdesk_cmd(*args)
    if profile:
        cmd = [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(folder / f"{phase}.prof"),
            "-m",
            "syncdesk",
            *args,
        ]
    seconds, peak, out, err, code = timed_child(cmd, folder)
    if code not in (0, 1):
        raise SystemExit(f"{phase}: syncdesk exited {code}: {err.strip()}")
    jobs = json.loads(out)
    counts: dict[str, Any] = {"status": [j["status"] for j in jobs]}
    for j in jobs:
        for k in ("inserted", "modified", "deleted", "unchanged", "skipped", "failed", "conflicts"):
            counts[k] = counts.get(k, 0) + j[k]
    return {"seconds": seconds, "cpu": LAST_CPU[0], "peak_mib": peak, **counts}


def run_copy(folder: Path, right: Right) -> dict[str, Any]:
    """The raw copy in a child of its own, timed inside (the copy alone, not Python's start)."""
    code = (
        "import sys, time, json; sys.path.insert(0, {bench!r}); import sync_bench as b;"
        "from pathlib import Path; r = b.Right.__new__(b.Right);"
        "r.kind, r.folder, r.base_dsn = {kind!r}, Path({folder!r}), {dsn!r};"
        "t = time.perf_counter(); n = r.copy(); s = time.perf_counter() - t;"
        "print(json.dumps({{'seconds': s, 'rows': n}}))"
    ).format(
        bench=str(HERE.parent),
        kind=right.kind,
        folder=str(folder),
        dsn=getattr(right, "base_dsn", ""),
    )
    _wall, peak, out, err, status = timed_child([sys.executable, "-c", code], folder)
    if status != 0:
        raise SystemExit(f"baseline failed: {err}")
    return {**json.loads(out), "peak_mib": peak}


def expected(phase: str, n: int) -> dict[str, int]:
    if phase == "initial":
        return {"inserted": n, "modified": 0, "conflicts": 0, "failed": 0}
    if phase in ("incr1", "incr2"):
        return {"inserted": 0, "modified": 2 * len(range(0, n, 100)), "conflicts": 0, "failed": 0}
    return {"inserted": 0, "modified": 0, "conflicts": 0, "failed": 0}


def check(phase: str, n: int, r: dict[str, Any]) -> str:
    bad = [f"{k}={r.get(k)} (want {v})" for k, v in expected(phase, n).items() if r.get(k) != v]
    want = "preview" if phase == "preview" else "succeeded"
    if any(s != want for s in r.get("status", [])):
        bad.append(f"status {r['status']}")
    return "ok" if not bad else "MISMATCH " + ", ".join(bad)


def bench_n(n: int, args: argparse.Namespace, server: Any) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix=f"syncdesk-bench-{n}-", dir=args.tmp))
    right = Right(args.right, folder, server)
    rows: list[dict[str, Any]] = []
    try:
        generate(folder, n, right)
        for phase, minutes, kind in SEQUENCE:
            when = T0 + dt.timedelta(minutes=minutes) if args.simulated_clock else None
            set_left_clock(folder, when)
            right.set_clock(when)
            if kind == "copy":
                tries = []
                for i in range(COPY_TRIES):
                    if i:
                        right.empty_baseline()
                    tries.append(run_copy(folder, right))
                r = {
                    **min(tries, key=lambda t: t["seconds"]),
                    "tries": [t["seconds"] for t in tries],
                }
            elif kind == "change":
                left_off, right_off = CHANGE_OFFSETS[phase]
                left_changed, left_s = edit_left(folder, n, left_off, phase[-1])
                right_changed, right_s = right.edit(right_off, phase[-1])
                # the same writes a 1%+1% sync makes, made raw: the floor of that sync
                r = {
                    "seconds": left_s + right_s,
                    "peak_mib": 0.0,
                    "left_changed": left_changed,
                    "right_changed": right_changed,
                }
            else:
                r = run_sync(folder, phase, n, args.profile == phase)
                r["check"] = check(phase, n, r)
            r.update(phase=phase, kind=kind, records=n, right=args.right)
            rows.append(r)
            note = f"  {r['check']}" if kind == "sync" else ""
            print(
                f"  N={n:,} {phase:<10} {r['seconds']:8.2f} s  peak {r['peak_mib']:6.1f} MiB{note}"
            )
            sys.stdout.flush()
        if args.profile:
            show_profile(folder / f"{args.profile}.prof")
    finally:
        if args.keep:
            print(f"  kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def show_profile(path: Path) -> None:
    import pstats

    if not path.exists():
        return
    print(f"\ncProfile of {path.stem} (top 20 by own time):")
    pstats.Stats(str(path)).sort_stats("tottime").print_stats(20)


#: measure -> (phase, must, aim, "ratio" or "throughput" or "seconds", the N it is set for:
#: "100k" for N below a million, "1M" from a million on)
GOALS = [
    ("initial sync throughput ÷ raw copy", "initial", 0.15, 0.30, "throughput", "100k"),
    ("no-change right after initial ÷ raw copy time", "nochange0", 1.0, 0.3, "ratio", "100k"),
    ("1%+1% incremental (steady) ÷ raw copy time", "incr2", 1.0, 0.3, "ratio", "100k"),
    ("no-change (steady) ÷ raw copy time", "nochange2", 0.10, 0.03, "ratio", "1M"),
    ("1%+1% incremental (steady) ÷ raw copy time", "incr2", 0.15, 0.05, "ratio", "1M"),
    ("Synchronize Now of one record, whole process", "record", 1.0, 0.3, "seconds", "1M"),
]


def report(rows: list[dict[str, Any]]) -> str:
    lines = []
    by_n: dict[int, dict[str, dict[str, Any]]] = {}
    for r in rows:
        by_n.setdefault(r["records"], {})[r["phase"]] = r
    for n, by in by_n.items():
        base = by["baseline"]["seconds"]
        right = by["baseline"]["right"]
        tries = ", ".join(f"{t:.2f}" for t in by["baseline"].get("tries", []))
        lines.append(
            f"N={n:,}, right app {right}: raw copy {base:.2f} s ({n / base:,.0f} rows/s; "
            f"best of {tries})"
        )
        head = (
            f"  {'phase':<10} {'what':<24} {'seconds':>8} {'÷ copy':>7} {'cpu s':>6} "
            f"{'peak MiB':>9}  counts"
        )
        lines.append(head)
        for r in by.values():
            if r["kind"] == "change":
                lines.append(
                    f"  {r['phase']:<10} {'the same writes, raw':<24} {r['seconds']:>8.2f} "
                    f"{r['seconds'] / base:>7.2f} {'':>6} {'':>9}  changed "
                    f"left={r['left_changed']} right={r['right_changed']}"
                )
                continue
            counts = ""
            if r["kind"] == "sync":
                counts = " ".join(
                    f"{k[:3]}={r[k]}"
                    for k in ("inserted", "modified", "unchanged", "skipped", "failed", "conflicts")
                )
                counts += f"  [{r['check']}]"
            lines.append(
                f"  {r['phase']:<10} {LABELS.get(r['phase'], ''):<24} {r['seconds']:>8.2f} "
                f"{r['seconds'] / base:>7.2f} {r.get('cpu', 0.0):>6.2f} {r['peak_mib']:>9.1f}  "
                f"{counts}"
            )
        scale = "1M" if n >= 1_000_000 else "100k"
        lines.append(f"  goals (issue 10, those set for {scale}):")
        for what, phase, must, aim, how, at in GOALS:
            if at != scale:
                continue
            r = by[phase]
            if how == "throughput":
                value = base / r["seconds"]
                ok = value >= must
                shown = f"{value:.3f} (must ≥ {must}, aim ≥ {aim})"
            elif how == "seconds":
                value = r["seconds"]
                ok = value <= must
                shown = f"{value:.2f} s (must ≤ {must} s, aim ≤ {aim} s)"
            else:
                value = r["seconds"] / base
                ok = value <= must
                shown = f"{value:.3f} (must ≤ {must}, aim ≤ {aim})"
            lines.append(f"    {what:<48} {shown}  {'met' if ok else 'NOT MET'}")
        if "change2" in by:
            floor = by["change2"]["seconds"] / base
            lines.append(f"    {'(floor: the 1%+1% writes alone, raw, ÷ copy)':<48} {floor:.3f}")
        peaks = [r["peak_mib"] for r in by.values() if r["kind"] == "sync"]
        lines.append(
            f"    {'peak RSS of a sync process':<48} {max(peaks):.0f} MiB "
            "(must ≤ 200, aim ≤ 120, flat in N)"
        )
        if "preview" in by and "nochange2" in by:
            ratio = by["preview"]["seconds"] / by["nochange2"]["seconds"]
            lines.append(f"    {'preview ÷ no-change job (issue 13: about 1)':<48} {ratio:.2f}")
    return "\n".join(lines)


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--records", type=int, action="append", help="N; repeat for several")
    parser.add_argument("--right", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--simulated-clock",
        action="store_true",
        help="stamp from a clock moved 30 minutes between jobs (default: the real clock)",
    )
    parser.add_argument("--profile", metavar="PHASE", help="run PHASE under cProfile and show it")
    parser.add_argument("--out", help="write the figures as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--tmp", help="where the temporary folders go (default: system temp)")
    args = parser.parse_args(argv)
    if args.tmp:
        Path(args.tmp).mkdir(parents=True, exist_ok=True)
    records = args.records or [100_000]
    started = dt.datetime.now().astimezone()
    print(f"SyncDesk sync benchmark, {started:%Y-%m-%d %H:%M %Z}, {machine()}")
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"code: {ROOT} at {head}; clock: {'simulated' if args.simulated_clock else 'real'}")
    # byte code as an installed program has it (pip compiles what it installs; this
    # environment may say PYTHONDONTWRITEBYTECODE, and then every start compiles again)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "syncdesk")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    server = None
    if args.right == "postgres":
        from pgserver import PgServer

        server = PgServer().start()
    try:
        rows: list[dict[str, Any]] = []
        for n in records:
            rows += bench_n(n, args, server)
    finally:
        if server is not None:
            server.stop()
    print()
    print(report(rows))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps(
                {"date": started.isoformat(), "machine": machine(), "results": rows}, indent=2
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
