"""SyncDesk window benchmark: the error table on 100,000 sync errors, and the event loop
while a 100,000-record job runs.

Usage::

    .venv/bin/python bench/ui_bench.py [--errors 100000] [--records 100000] [--repeat 5]
        [--no-job] [--diagnose] [--keep]

In a fresh temporary folder it makes the two app databases of ``bench/sync_bench.py`` (its
generator: ``customer`` with ``--records`` rows on the left, an empty ``account`` on the
right) plus two small empty mappings, and a state database holding ``--errors`` open sync
errors (bulk insert: a mix of kinds, mappings, messages and times, one log entry each).
Then, offscreen, in one process:

``first paint``   from ``MainWindow()`` until the error table has painted its first rows
                  (the workspace opens in a worker, the first page is read in a worker)
``filter``        kind filter changed until the new first page has been painted
``sort``          column sorted (by message) until the new first page has been painted
``scroll``        ``fetchMore`` at the end of the table until the next page is painted
``stall``         the longest gap between ticks of a 5 ms heartbeat timer while
                  Synchronize Modified Records runs over ``--records`` new records through
                  the window's worker, with a sync error selected (its record log follows)

Baselines measured in the same run: plain ``sqlite3`` reading the same first page (and the
filtered and sorted one) straight from the state database, and the heartbeat's longest
gap in an idle event loop. ``--diagnose`` samples the GUI thread's Python stack whenever
the heartbeat is late and prints where the stalls were.

Benchmarks print figures; they are never timed assertions in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(ROOT))

import sync_bench  # noqa: E402  (bench/sync_bench.py: the app databases' generator)

#: the aims of the issue, in milliseconds
AIM_FIRST_PAINT = 300.0
AIM_FILTER_SORT = 200.0
AIM_STALL = 50.0
HEARTBEAT_MS = 5

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
left  = { table = "customer", key = "no", modified = "last_modified" }
right = { table = "account", key = "accountid", modified = "modifiedon" }
fields = [
  { left = "name", right = "name" },
  { left = "city", right = "city" },
  { left = "phone", right = "telephone1" },
  { left = "credit", right = "creditlimit" },
]

[[mappings]]
name = "CONTACT"
left  = { table = "contact", key = "no", modified = "last_modified" }
right = { table = "contact", key = "contactid", modified = "modifiedon" }
fields = [{ left = "name", right = "fullname" }, { left = "email", right = "emailaddress1" }]

[[mappings]]
name = "ITEM"
left  = { table = "item", key = "no", modified = "last_modified" }
right = { table = "product", key = "productid", modified = "modifiedon" }
fields = [{ left = "description", right = "name" }, { left = "unit_price", right = "price" }]
"""

EXTRA_LEFT = """
CREATE TABLE contact (no TEXT PRIMARY KEY, name TEXT, email TEXT, last_modified TEXT);
CREATE TABLE item (no TEXT PRIMARY KEY, description TEXT, unit_price NUMERIC, last_modified TEXT);
"""
EXTRA_RIGHT = """
CREATE TABLE contact (contactid TEXT PRIMARY KEY, fullname TEXT, emailaddress1 TEXT,
                      modifiedon TEXT);
CREATE TABLE product (productid TEXT PRIMARY KEY, name TEXT, price REAL, modifiedon TEXT);
"""

#: (mapping, share, left key prefix, fields that conflict)
MAPPINGS = (
    ("CUSTOMER", 70, "C", ("name", "city", "phone", "credit")),
    ("CONTACT", 20, "CT", ("name", "email")),
    ("ITEM", 10, "I", ("description", "unit_price")),
)
#: (kind, share)
KINDS = (("conflict", 45), ("failed", 20), ("deleted-right", 20), ("deleted-left", 15))
CITIES = sync_bench.CITIES
REFUSALS = (
    "CHECK constraint failed: name_length",
    "value too long for type character varying(40)",
    "NOT NULL constraint failed: account.name",
    "FOREIGN KEY constraint failed",
)


# -- the data -------------------------------------------------------------------------------


def _pick(i: int, table: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    """Row ``i``'s entry of a (value, share %) table, spread evenly over the rows."""
    slot = (i * 37) % 100
    for entry in table:
        slot -= entry[1]
        if slot < 0:
            return entry
    return table[-1]


def error_row(i: int, t0: dt.datetime) -> dict[str, Any]:
    mapping, _share, prefix, fields = _pick(i, MAPPINGS)
    kind = _pick(i * 7 + 3, KINDS)[0]
    left_key = f"{prefix}E{i:07d}"
    right_key = f"{(i * 2654435761) % 2**32:08x}-{i:04x}-4e1f-9a3b-{i:012x}"
    if kind == "conflict":
        field = fields[i % len(fields)]
        message = (
            f"{field}: both changed (Business Central: {CITIES[i % 10]} {i % 97}, "
            f"Dynamics 365 Sales: {CITIES[(i + 3) % 10]} {i % 89})"
        )
    elif kind == "deleted-left":
        message = f"{mapping} {left_key} was deleted in Business Central"
    elif kind == "deleted-right":
        message = f"{mapping} {right_key} was deleted in Dynamics 365 Sales"
    else:
        message = f"Dynamics 365 Sales refused the write: {REFUSALS[i % len(REFUSALS)]}"
    first = t0 + dt.timedelta(seconds=(i * 7919) % (30 * 86400))
    attempts = 1 + (i % 5 if kind == "failed" else i % 2)
    return {
        "mapping": mapping,
        "kind": kind,
        "status": "open",
        "left_key": None if kind == "failed" and i % 11 == 0 else left_key,
        "right_key": right_key,
        "side": "right" if kind == "failed" else None,
        "message": message,
        "detail": {},
        "first_seen": first,
        "last_seen": first + dt.timedelta(minutes=30 * (attempts - 1)),
        "attempts": attempts,
        "skip": kind != "failed" or attempts > 1,
        "version": attempts,
    }


def build(folder: Path, records: int, errors: int) -> dict[str, float]:
    """The app databases, the workspace file and a state database with ``errors`` errors."""
    from sqlalchemy import insert

    from syncdesk.models import LogEntry, SyncError
    from syncdesk.sync.integration import open_integration

    timings: dict[str, float] = {}
    t = time.perf_counter()
    sync_bench.generate(folder, records)
    for db, ddl in (("left.db", EXTRA_LEFT), ("right.db", EXTRA_RIGHT)):
        conn = sqlite3.connect(folder / db)
        conn.executescript(ddl)
        conn.close()
    (folder / "syncdesk.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    timings["apps"] = time.perf_counter() - t

    t = time.perf_counter()
    t0 = dt.datetime(2026, 10, 1, 6, 0, 0)
    with open_integration(folder / "syncdesk.toml") as integration:
        chunk = 20_000
        for start in range(0, errors, chunk):
            rows = [error_row(i, t0) for i in range(start, min(errors, start + chunk))]
            with integration.state.write() as s:
                s.execute(insert(SyncError), rows)
                s.execute(
                    insert(LogEntry),
                    [
                        {
                            "at": r["first_seen"],
                            "job_id": None,
                            "mapping": r["mapping"],
                            "left_key": r["left_key"],
                            "right_key": r["right_key"],
                            "action": "conflict" if r["kind"] == "conflict" else "error",
                            "direction": None,
                            "result": "skipped" if r["skip"] else "error",
                            "message": r["message"],
                            "changes": {},
                            "detail": None,
                            "user": None,
                        }
                        for r in rows
                    ],
                )
    timings["state"] = time.perf_counter() - t
    return timings


# -- baselines ----------------------------------------------------------------------------------


def sqlite_baseline(state: Path) -> dict[str, float]:
    """Plain sqlite3 on the same table: the first 200 rows, as the window asks for them."""
    columns = (
        "id, mapping, kind, left_key, right_key, message, first_seen, last_seen, attempts, "
        "skip, status, version, detail"
    )
    queries = {
        "first page": f"SELECT {columns} FROM sync_error WHERE status = 'open' "
        "ORDER BY first_seen, id LIMIT 200",
        "filtered page": f"SELECT {columns} FROM sync_error WHERE status = 'open' "
        "AND kind = 'conflict' ORDER BY first_seen, id LIMIT 200",
        "sorted page": f"SELECT {columns} FROM sync_error WHERE status = 'open' "
        "AND kind = 'conflict' ORDER BY message, id LIMIT 200",
        "count per kind": "SELECT kind, count(*) FROM sync_error WHERE status = 'open' "
        "GROUP BY kind",
    }
    out: dict[str, float] = {}
    conn = sqlite3.connect(state)
    try:
        for name, sql in queries.items():
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                conn.execute(sql).fetchall()
                best = min(best, time.perf_counter() - t)
            out[name] = best * 1000
    finally:
        conn.close()
    return out


# -- the window -------------------------------------------------------------------------------


class Bench:
    """One window, driven and timed from the GUI thread."""

    def __init__(self, workspace: Path, diagnose: bool) -> None:
        from PySide6.QtCore import QEvent, QObject, Qt, QTimer, qInstallMessageHandler

        from syncdesk.ui.app import application
        from syncdesk.ui.main_window import MainWindow

        self.app = application()
        qInstallMessageHandler(_quiet)
        self.workspace = workspace
        self.diagnose = diagnose
        self.paints: list[float] = []
        self.refreshed: list[float] = []
        self._MainWindow = MainWindow

        bench = self

        class PaintSpy(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                model = bench.window.errors_page.errors_model
                if event.type() == QEvent.Type.Paint and model.rowCount():
                    bench.paints.append(time.perf_counter())
                return False

        self._spy = PaintSpy()
        self.beats: list[float] = []
        self.heartbeat = QTimer()
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(lambda: self.beats.append(time.perf_counter()))
        self.window: Any = None

    def pump(self, until: Callable[[], bool], what: str, seconds: float = 60) -> None:
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + seconds
        while not until():
            if time.monotonic() > deadline:
                raise SystemExit(f"ui_bench: timed out waiting for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def painted_since(self, t: float) -> bool:
        return any(p >= t for p in self.paints)

    def first_paint(self) -> dict[str, float]:
        t0 = time.perf_counter()
        self.window = window = self._MainWindow()
        window.errors_page.error_view.viewport().installEventFilter(self._spy)
        page = window.errors_page
        page.errorsRefreshed.connect(lambda: self.refreshed.append(time.perf_counter()))
        window.resize(1280, 800)
        window.show()
        window.open_workspace(self.workspace)
        self.pump(lambda: bool(self.refreshed), "the first page")
        self.pump(lambda: self.painted_since(self.refreshed[0]), "the first paint")
        t_paint = next(p for p in self.paints if p >= self.refreshed[0])
        self.pump(window.runner.is_idle, "the window to settle")
        return {
            "first page in the model": (self.refreshed[0] - t0) * 1000,
            "first paint with rows": (t_paint - t0) * 1000,
        }

    def until_shown(self, change: Callable[[], None]) -> float:
        """Milliseconds from ``change()`` until the new first page has been painted."""
        window = self.window
        n = len(self.refreshed)
        t0 = time.perf_counter()
        change()
        self.pump(lambda: len(self.refreshed) > n, "the new first page")
        t_ref = self.refreshed[n]
        self.pump(lambda: self.painted_since(t_ref), "the paint")
        t_paint = next(p for p in self.paints if p >= t_ref)
        self.pump(window.runner.is_idle, "the window to settle")
        return (t_paint - t0) * 1000

    def filters_and_sorts(self, repeat: int) -> dict[str, list[float]]:
        from PySide6.QtCore import QModelIndex, Qt

        from syncdesk.ui.error_table_model import ErrorColumn

        window = self.window
        combo = window.errors_page.kind_combo
        out: dict[str, list[float]] = {"filter": [], "sort": [], "scroll": []}
        kinds = ["conflict", "failed", "deleted-right", None]
        for n in range(repeat):
            kind = kinds[n % len(kinds)]
            index = combo.findData(kind) if kind else 0
            out["filter"].append(self.until_shown(partial(combo.setCurrentIndex, index)))
        # sort the conflicts by message, as the issue asks (both directions in turn)
        combo.setCurrentIndex(combo.findData("conflict"))
        self.pump(lambda: window.runner.is_idle() and bool(self.refreshed), "the filter")
        for n in range(repeat):
            order = Qt.SortOrder.AscendingOrder if n % 2 == 0 else Qt.SortOrder.DescendingOrder
            sort = partial(window.errors_page.error_view.sortByColumn, ErrorColumn.MESSAGE, order)
            out["sort"].append(self.until_shown(sort))
        model = window.errors_page.errors_model
        for _ in range(repeat):
            # at the end of the rows read: fetch the next page, then show its rows
            window.errors_page.error_view.scrollToBottom()
            self.pump(window.runner.is_idle, "the window to settle")
            rows = model.rowCount()
            t0 = time.perf_counter()
            model.fetchMore(QModelIndex())
            self.pump(partial(more_rows, model, rows), "the next page")
            t_rows = time.perf_counter()
            window.errors_page.error_view.scrollToBottom()
            self.pump(partial(self.painted_since, t_rows), "the paint")
            out["scroll"].append((time.perf_counter() - t0) * 1000)
            self.pump(window.runner.is_idle, "the window to settle")
        return out

    def idle_heartbeat(self, seconds: float = 2.0) -> list[float]:
        self.beats.clear()
        self.heartbeat.start()
        end = time.monotonic() + seconds
        self.pump(lambda: time.monotonic() > end, "the idle heartbeat")
        self.heartbeat.stop()
        return gaps(self.beats)

    def job_heartbeat(self) -> dict[str, Any]:
        """Synchronize Modified Records through the window, beating every 5 ms meanwhile."""
        window = self.window
        window.errors_page.kind_combo.setCurrentIndex(0)
        self.pump(lambda: window.runner.is_idle(), "the filter")
        window.errors_page.error_view.selectRow(0)  # its record log follows the job
        self.pump(window.runner.is_idle, "the record log")
        ended: list[object] = []
        window.jobEnded.connect(ended.append)
        progress: list[float] = []

        def count_progress(handle: Any) -> None:
            # wrap the job's progress callback to count what reaches the GUI thread
            handle.task.on_progress = _counting(handle.task.on_progress, progress)

        window.runner.writeStarted.connect(count_progress)
        sampler = StallSampler() if self.diagnose else None
        self.beats.clear()
        self.heartbeat.start()
        if sampler:
            sampler.start(self.beats)
        t0 = time.perf_counter()
        window.sync_action.trigger()
        self.pump(lambda: bool(ended), "the job")
        t_job = time.perf_counter() - t0
        self.pump(window.runner.is_idle, "the refresh after the job")
        self.heartbeat.stop()
        if sampler:
            sampler.stop()
        results = ended[0] if isinstance(ended[0], list) else []
        counts = Counter[str]()
        for r in results:
            for k, v in vars(r.counts).items():
                counts[k] += v
        return {
            "gaps": gaps(self.beats),
            "seconds": t_job,
            "progress": len(progress),
            "counts": dict(counts),
            "status": sorted({r.status for r in results}),
            "sampler": sampler,
        }

    def close(self) -> None:
        if self.window is not None:
            self.window.close()


def _quiet(mode: Any, context: Any, message: str) -> None:
    """Qt's messages, but for the offscreen platform's word on size hints (said per window)."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"{message}\n")


def _counting(fn: Callable[[object], None] | None, into: list[float]) -> Callable[[object], None]:
    def counted(value: object) -> None:
        into.append(time.perf_counter())
        if fn is not None:
            fn(value)

    return counted


def gaps(beats: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in itertools.pairwise(beats)]


def more_rows(model: Any, than: int) -> bool:
    return bool(model.rowCount() > than)


class StallSampler:
    """Samples the GUI thread's Python stack while the heartbeat is late (``--diagnose``)."""

    def __init__(self) -> None:
        self.samples: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        self._main = threading.main_thread().ident
        self._beats: list[float] = []

    def start(self, beats: list[float]) -> None:
        self._beats = beats
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            if not self._beats or time.perf_counter() - self._beats[-1] < AIM_STALL / 2000:
                continue
            frame = sys._current_frames().get(self._main or 0)
            if frame is not None:
                stack = traceback.extract_stack(frame)[-6:]
                self.samples[" <- ".join(f"{f.name}:{f.lineno}" for f in reversed(stack))] += 1


# -- report -------------------------------------------------------------------------------------


def step(what: str) -> None:
    print(f"  … {what}", file=sys.stderr, flush=True)


def verdict(value: float, aim: float) -> str:
    return "ok" if value < aim else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-job", action="store_true", help="skip the stall measurement")
    parser.add_argument("--diagnose", action="store_true", help="sample the GUI thread's stack")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="syncdesk-ui-bench-"))
    # settings of their own: no saved window state of the user's, and theirs stay untouched
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(tmp / "xdg" / var.lower())
    folder = tmp / "ws"
    folder.mkdir(parents=True)
    try:
        print(
            f"SyncDesk UI benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
        )
        built = build(folder, args.records, args.errors)
        print(
            f"data: {args.errors:,} open sync errors (+ one log entry each) in "
            f"{built['state']:.1f} s; apps with {args.records:,} customers in "
            f"{built['apps']:.1f} s"
        )
        base = sqlite_baseline(folder / "syncdesk.state.db")

        bench = Bench(folder / "syncdesk.toml", args.diagnose)
        try:
            step("first paint")
            first = bench.first_paint()
            step("filter, sort and scroll")
            timed = bench.filters_and_sorts(args.repeat)
            step("idle heartbeat")
            idle = bench.idle_heartbeat()
            if not args.no_job:
                step(f"heartbeat while syncing {args.records:,} records")
            job = None if args.no_job else bench.job_heartbeat()
        finally:
            bench.close()

        med = statistics.median
        rows = [
            ("first page in the model", first["first page in the model"], None, None),
            (
                "first paint with rows",
                first["first paint with rows"],
                AIM_FIRST_PAINT,
                base["first page"],
            ),
            (
                f"filter by kind (median of {args.repeat})",
                med(timed["filter"]),
                AIM_FILTER_SORT,
                base["filtered page"] + base["count per kind"],
            ),
            ("filter by kind (slowest)", max(timed["filter"]), AIM_FILTER_SORT, None),
            (
                f"sort by message (median of {args.repeat})",
                med(timed["sort"]),
                AIM_FILTER_SORT,
                base["sorted page"] + base["count per kind"],
            ),
            ("sort by message (slowest)", max(timed["sort"]), AIM_FILTER_SORT, None),
            (f"next page at the end (median of {args.repeat})", med(timed["scroll"]), None, None),
        ]
        print()
        print(f"{'measure':<44}{'ms':>9}  {'aim':>9}  {'':<7}{'sqlite3 baseline ms':>20}")
        print("-" * 92)
        for name, value, aim, baseline in rows:
            aim_text = f"< {aim:.0f}" if aim else ""
            mark = verdict(value, aim) if aim else ""
            base_text = f"{baseline:.1f}" if baseline is not None else ""
            print(f"{name:<44}{value:>9.1f}  {aim_text:>9}  {mark:<7}{base_text:>20}")
        print(
            f"{'heartbeat, idle event loop: longest gap':<44}{max(idle):>9.1f}  "
            f"{'':>9}  {'':<7}{'(timer jitter)':>20}"
        )
        if job is not None:
            g = job["gaps"]
            worst = max(g) if g else 0.0
            print(
                f"{'heartbeat during the job: longest gap':<44}{worst:>9.1f}  "
                f"{'< ' + format(AIM_STALL, '.0f'):>9}  {verdict(worst, AIM_STALL):<7}"
            )
            if len(g) > 100:
                p99 = statistics.quantiles(g, n=100)[98]
                print(f"{'   99th percentile gap':<44}{p99:>9.1f}")
            print(f"{'   gaps over 50 ms':<44}{sum(x > AIM_STALL for x in g):>9}")
            print(f"{'   gaps over 20 ms':<44}{sum(x > 20 for x in g):>9}")
            print(
                f"\njob: {job['seconds']:.1f} s, status {', '.join(job['status'])}, "
                f"{job['counts'].get('inserted', 0):,} inserted; {job['progress']} progress "
                f"signals reached the window ({job['progress'] / max(job['seconds'], 1e-9):.1f}/s)"
            )
            sampler = job["sampler"]
            if sampler is not None and sampler.samples:
                print("\nGUI thread while the heartbeat was late (samples, innermost first):")
                for stack, n in sampler.samples.most_common(8):
                    print(f"  {n:4}  {stack}")
        print(
            f"\nbaselines: plain sqlite3, best of 3 — first page {base['first page']:.1f} ms, "
            f"filtered page {base['filtered page']:.1f} ms, sorted page "
            f"{base['sorted page']:.1f} ms, count per kind {base['count per kind']:.1f} ms"
        )
        if args.keep:
            print(f"kept: {tmp}")
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
