"""What the command line's progress line costs: ``syncdesk sync`` with stderr on a terminal
(the line drawn) against the same sync with stderr to a pipe (nothing drawn).

Usage::

    .venv/bin/python bench/progress_bench.py [--records 100000] [--rounds 3] [--tmp DIR]

Each round makes two fresh workspaces of N customers in the ERP and an empty CRM (SQLite,
tests/builders.py), then times, in alternating order, the whole ``syncdesk sync`` process
on each: once with stderr on a pseudo-terminal (read by this script as a terminal would),
once with stderr to a pipe. Then, on the synced workspaces, the same for ``sync --full``
(every pair compared, nothing changed). Times are the real clock from starting the process
to its exit; the apps stamp rows with the real clock too.

It also counts the progress line's redraws (each is an erase-line sequence on the terminal)
and prints the most seen within any one second, and on average per second of the sync.
Last, in this process, the CPU time that drawing takes (rich's thread and the engine's
callback) beside the sync's: the cost itself, which a busy machine does not blur.
Benchmarks print figures: tests never assert times.
"""

from __future__ import annotations

import argparse
import os
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from builders import customer, now, sqlite_env  # noqa: E402
from sqlalchemy import insert  # noqa: E402

ERASE_LINE = b"\x1b[2K"
HIDE_CURSOR = b"\x1b[?25l"  # a job's line starts


def make_workspace(folder: Path, records: int) -> Path:
    folder.mkdir(parents=True)
    env = sqlite_env(folder)
    stamp = now()
    rows = [
        {
            "no": f"C{i:07d}",
            "name": f"Customer {i}",
            "city": "Gent",
            "phone": f"09 {i:06d}",
            "credit": 1000 + i,
            "last_modified": stamp,
        }
        for i in range(1, records + 1)
    ]
    with env.engines["left"].begin() as c:
        for i in range(0, records, 10_000):
            c.execute(insert(customer), rows[i : i + 10_000])
    env.dispose()
    return env.workspace


def sync_on_pipe(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", "sync", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    took = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b"", proc.stderr
    return took


def sync_on_terminal(args: list[str]) -> tuple[float, list[float]]:
    """The sync's time, and the moments (from its start) of each redraw of the line."""
    master, slave = os.openpty()
    environ = dict(os.environ, TERM="xterm-256color", COLUMNS="120")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "syncdesk", "sync", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=environ,
    )
    os.close(slave)
    redraws: list[float] = []
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        at = time.perf_counter() - start
        shown += chunk
        redraws += [at] * (chunk.count(ERASE_LINE) + chunk.count(HIDE_CURSOR))
    code = proc.wait()
    took = time.perf_counter() - start
    os.close(master)
    assert code == 0, shown.decode("utf-8", "replace")
    assert b"done in" in shown, shown.decode("utf-8", "replace")
    return took, redraws


def cpu_of_children() -> float:
    """User and system seconds of this script's children that have ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def most_in_a_second(moments: list[float]) -> int:
    best, j = 0, 0
    for i, t in enumerate(moments):
        while moments[j] < t - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def drawing_cost(folder: Path, records: int) -> None:
    """In this process: the CPU that rich's drawing thread and the engine's callback take,
    beside the whole sync's (the same 100,000-record initial and full syncs, the line on a
    pseudo-terminal that ``cat`` drains). Unlike the wall clock above, this is not
    disturbed by what else runs on the machine."""
    from rich import live as rich_live

    from syncdesk import cli_progress
    from syncdesk.sync.engine import run_sync
    from syncdesk.sync.integration import open_integration

    master, slave = os.openpty()
    drain = subprocess.Popen(["cat"], stdin=master, stdout=subprocess.DEVNULL)
    stream = os.fdopen(slave, "w", encoding="utf-8")
    drawing: list[float] = []
    callback = [0, 0.0]
    run_thread = rich_live._RefreshThread.run
    call = cli_progress.ProgressLine.__call__

    def timed_run(self: rich_live._RefreshThread) -> None:
        try:
            run_thread(self)
        finally:
            drawing.append(time.thread_time())

    def timed_call(self: cli_progress.ProgressLine, p: object) -> None:
        t = time.thread_time()
        call(self, p)  # type: ignore[arg-type]
        callback[0] += 1
        callback[1] += time.thread_time() - t

    rich_live._RefreshThread.run = timed_run  # type: ignore[method-assign]
    cli_progress.ProgressLine.__call__ = timed_call  # type: ignore[method-assign]
    try:
        workspace = make_workspace(folder, records)
        for what, full in (("initial", False), ("full, no change", True)):
            drawing.clear()
            callback[:] = [0, 0.0]
            line = cli_progress.ProgressLine(stream, names=["CUSTOMER", "CONTACT"])
            wall, cpu = time.perf_counter(), time.process_time()
            with open_integration(workspace) as integration:
                run_sync(integration, progress=line, full=full)
            line.close()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            spent = sum(drawing) + callback[1]
            print(
                f"{what:16} sync {wall:6.2f} s, cpu {cpu:6.2f} s; "
                f"drawing {1000 * sum(drawing):4.0f} ms + "
                f"callback {1000 * callback[1]:4.1f} ms ({callback[0]} calls)"
                f" = {100 * spent / cpu:.2f}% of the sync's cpu"
            )
    finally:
        rich_live._RefreshThread.run = run_thread  # type: ignore[method-assign]
        cli_progress.ProgressLine.__call__ = call  # type: ignore[method-assign]
        drain.kill()
        drain.wait()
        stream.close()
        os.close(master)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=4, help="even: each goes first as often")
    ap.add_argument("--tmp", type=Path, default=None)
    opts = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="progress-bench-", dir=opts.tmp))
    print(f"{opts.records:,} records, {opts.rounds} rounds, in {base}")
    times: dict[tuple[str, str], list[float]] = {}
    cpus: dict[tuple[str, str], list[float]] = {}
    peak, rates = 0, []
    for r in range(opts.rounds):
        spaces = {
            how: make_workspace(base / f"r{r}-{how}", opts.records) for how in ("tty", "pipe")
        }
        os.sync()  # the new files on disk first: else the first sync of a round pays for it
        for what, extra in (("initial", []), ("full, no change", ["--full"])):
            order = ("tty", "pipe") if r % 2 == 0 else ("pipe", "tty")
            for how in order:
                args = ["-w", str(spaces[how]), *extra]
                before = cpu_of_children()
                if how == "pipe":
                    took = sync_on_pipe(args)
                else:
                    took, redraws = sync_on_terminal(args)
                    peak = max(peak, most_in_a_second(redraws))
                    rates.append(len(redraws) / took)
                cpu = cpu_of_children() - before
                times.setdefault((what, how), []).append(took)
                cpus.setdefault((what, how), []).append(cpu)
                print(
                    f"round {r + 1}  {what:16} stderr {how:4}  {took:6.2f} s  cpu {cpu:6.2f} s",
                    flush=True,
                )
    print()
    print(
        f"{'medians':16} {'terminal s':>11} {'pipe s':>8} {'cost':>7}   "
        f"{'cpu: tty':>9} {'pipe':>6} {'cost':>7}"
    )
    for what in ("initial", "full, no change"):
        tty = statistics.median(times[(what, "tty")])
        pipe = statistics.median(times[(what, "pipe")])
        ctty = statistics.median(cpus[(what, "tty")])
        cpipe = statistics.median(cpus[(what, "pipe")])
        print(
            f"{what:16} {tty:11.2f} {pipe:8.2f} {100 * (tty - pipe) / pipe:+6.1f}%"
            f"   {ctty:9.2f} {cpipe:6.2f} {100 * (ctty - cpipe) / cpipe:+6.1f}%"
        )
    print(
        f"redraws of the line: at most {peak} within one second; "
        f"{statistics.mean(rates):.1f} per second on average"
    )
    print()
    drawing_cost(base / "in-process", opts.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
