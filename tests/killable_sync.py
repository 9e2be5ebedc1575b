"""Run one sync of a workspace in small batches, so that a test can kill it part-way.

    python tests/killable_sync.py WORKSPACE [BATCH] [--full]

The tests start this as a subprocess, with ``SYNCDESK_FAULT`` set (the process kills
itself at a fault point) or not (the test kills it after a random delay). It prints
one line per job and exits 0 when every job ran to the end.
"""

from __future__ import annotations

import sys

from syncdesk.sync.engine import run_sync
from syncdesk.sync.integration import open_integration


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    workspace = args[0]
    batch = int(args[1]) if len(args) > 1 else 20
    with open_integration(workspace) as integration:
        print("go", flush=True)  # the job starts now: a random kill is timed from here
        results = run_sync(integration, full="--full" in argv, batch=batch)
    for r in results:
        print(r.mapping, r.status, r.counts, flush=True)
    return 0 if all(r.status == "succeeded" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
