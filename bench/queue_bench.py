"""Job queue benchmark: jobs per minute claimed and finished by 1, 2 and 4 worker processes.

Usage::

    .venv/bin/python bench/queue_bench.py [--entries 40] [--rows 20] [--workers 1 2 4]
        [--rounds 1]

Everything runs on a throwaway PostgreSQL server started the way the tests start one
(``tests/pgserver.py``: Debian's binaries, 127.0.0.1, a free port; or the server in
``SYNCDESK_TEST_PG_URL``). For each line of the table, fresh databases: a left and a
right app with ``--entries`` small mappings (one pair of tables each, ``--rows`` rows on
the left, none on the right) and a state database whose ``--entries`` job queue entries
are all due. Then K processes start at once:

``claim``  the baseline: each process claims one due entry and gives it back (no sync
           work), again and again until none is due. Measures the claim machinery alone
           (``SELECT ... FOR UPDATE SKIP LOCKED``, the lease, the release).
``worker`` real ``syncdesk worker --once`` processes: each job copies ``--rows`` rows
           to the right and couples them.

Columns: ``span s`` is from the first claim (or job start) to the last release (or job
end), taken from the children's own clocks or the job table, so process start-up is left
out; ``wall s`` (workers only) includes it. ``per min`` is entries / span x 60.
``split`` is how many entries each process took. Jobs on one workspace run one at a
time (``StateStore.job_lock``), so more workers add failover and keep claiming fair, not
throughput; the ``claim`` lines show what the claims alone would allow. Benchmarks print
figures; never timed assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def build(folder: Path, urls: dict[str, str], entries: int, rows: int) -> Path:
    """Two apps with ``entries`` small mappings, a workspace file, and a migrated state."""
    from builders import many_mappings

    from syncdesk.sync.integration import open_integration

    path = many_mappings(
        folder, urls["left"], urls["right"], urls["state"], count=entries, rows=rows
    )
    with open_integration(path):  # migrate, and make every entry due
        pass
    return path


def child_claim(workspace: str, at: float) -> None:
    """Claim one due entry and give it back until none is due; print what was done."""
    from syncdesk.sync import queue
    from syncdesk.sync.integration import open_integration

    with open_integration(workspace) as integration:
        runner = queue.new_runner_id()
        time.sleep(max(0.0, at - time.time()))
        start = time.time()
        taken = 0
        while True:
            claims = queue.claim(integration, runner, limit=1)
            if not claims:
                break
            queue.release(integration, claims)
            taken += 1
        end = time.time()
    print(json.dumps({"start": start, "end": end, "taken": taken, "pid": os.getpid()}))


def run_claims(workspace: Path, k: int) -> dict[str, Any]:
    at = time.time() + 4.0  # every child has opened the workspace by then
    procs = [
        subprocess.Popen(
            [sys.executable, str(HERE), "--child-claim", str(workspace), str(at)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(k)
    ]
    outs = [json.loads(p.communicate()[0]) for p in procs]
    span = max(o["end"] for o in outs) - min(o["start"] for o in outs)
    return {
        "done": sum(o["taken"] for o in outs),
        "span": span,
        "wall": None,  # the children wait for a common start
        "split": sorted((o["taken"] for o in outs), reverse=True),
    }


def run_workers(workspace: Path, state_url: str, k: int, folder: Path) -> dict[str, Any]:
    from sqlalchemy import create_engine, select
    from sqlalchemy.pool import NullPool

    from syncdesk.models import Job

    wall0 = time.monotonic()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "syncdesk",
                "worker",
                "-w",
                str(workspace),
                "--once",
                "--log-file",
                str(folder / f"worker{i}.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for i in range(k)
    ]
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"worker failed ({p.returncode}): {err}")
    wall = time.monotonic() - wall0
    engine = create_engine(state_url, poolclass=NullPool)
    with engine.connect() as c:
        jobs = c.execute(
            select(Job.started, Job.finished, Job.pid, Job.status, Job.inserted).where(
                Job.trigger == "queue"
            )
        ).all()
    engine.dispose()
    bad = [j for j in jobs if j.status != "succeeded"]
    if bad:
        raise SystemExit(f"{len(bad)} jobs did not succeed")
    span = (max(j.finished for j in jobs) - min(j.started for j in jobs)).total_seconds()
    return {
        "done": len(jobs),
        "span": span,
        "wall": wall,
        "split": sorted(Counter(j.pid for j in jobs).values(), reverse=True),
        "inserted": sum(j.inserted for j in jobs),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child-claim"]:
        child_claim(argv[1], float(argv[2]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--entries", type=int, default=40, help="due job queue entries (mappings)")
    p.add_argument("--rows", type=int, default=20, help="rows per mapping to copy")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--rounds", type=int, default=1, help="repeat each line (the best is shown)")
    args = p.parse_args(argv)

    from pgserver import PgServer

    from syncdesk import __version__

    server = PgServer().start()
    counter = iter(range(10**6))
    lines: list[tuple[str, int, dict[str, Any]]] = []
    try:
        for mode in ("claim", "worker"):
            for k in args.workers:
                best: dict[str, Any] | None = None
                for _ in range(args.rounds):
                    n = next(counter)
                    urls = {
                        side: server.create_database(f"qb_{side}_{n}")
                        for side in ("left", "right", "state")
                    }
                    with tempfile.TemporaryDirectory(prefix="syncdesk-qbench-") as tmp:
                        folder = Path(tmp)
                        ws = build(folder, urls, args.entries, args.rows)
                        if mode == "claim":
                            r = run_claims(ws, k)
                        else:
                            r = run_workers(ws, urls["state"], k, folder)
                    for side in ("left", "right", "state"):
                        server.drop_database(f"qb_{side}_{n}")
                    if r["done"] != args.entries:
                        raise SystemExit(f"{mode} x{k}: {r['done']} of {args.entries} entries")
                    if best is None or r["span"] < best["span"]:
                        best = r
                assert best is not None
                lines.append((mode, k, best))
                print(f"  {mode} x{k}: {best['span']:.2f} s", file=sys.stderr, flush=True)
    finally:
        server.stop()

    print(
        f"\nSyncDesk {__version__} job queue on PostgreSQL; {args.entries} due entries, "
        f"{args.rows} rows each; {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    header = (
        f"{'mode':8} {'procs':>5} {'done':>5} {'span s':>8} {'per min':>9} {'wall s':>8}  split"
    )
    print(header)
    print("-" * len(header))
    for mode, k, r in lines:
        per_min = r["done"] / r["span"] * 60 if r["span"] > 0 else float("inf")
        split = "/".join(str(x) for x in r["split"])
        wall = "-" if r["wall"] is None else f"{r['wall']:.2f}"
        print(
            f"{mode:8} {k:>5} {r['done']:>5} {r['span']:>8.2f} {per_min:>9.0f} {wall:>8}  {split}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
