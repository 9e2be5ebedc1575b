"""The demo workspace: two made-up apps and a sync history with every kind of sync error.

:func:`write_demo` writes, into one folder:

- ``erp.db``: an ERP in the manner of Business Central (``customer``, ``contact``,
  ``item``, ``salesperson``);
- ``crm.db``: a CRM in the manner of Dynamics 365 Sales, with its own table and column
  names (``account``, ``contact``, ``product``, ``systemuser``) and its own limits
  (an account name of at most 60 characters, a product name of at most 40, no negative
  price);
- ``syncdesk.toml``: the workspace file, mappings listed out of dependency order;
- ``syncdesk.state.db``: the history, made by really running the engine and editing both
  databases in between the way people would: an initial sync, then records changed on one
  side or on both, deleted on one side, and items the CRM refuses, then two more syncs.

Everything made up comes from ``random.Random(seed)`` only, so a seed always gives the
same companies, people, products and edits (not the same keys for the records the sync
creates, nor the same timestamps). The folder is built in a hidden subfolder and moved into
place at the end, so a demo that fails half-way leaves nothing behind.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from syncdesk.demo.apps import _write_crm, _write_erp
from syncdesk.demo.history import _history
from syncdesk.demo.plan import MIN_RECORDS, DemoPlan, demo_plan
from syncdesk.demo.schemas import CRM_DB, DEMO_FILES, ERP_DB, WORKSPACE_FILE, WORKSPACE_TOML
from syncdesk.demo.world import _world
from syncdesk.errors import UsageError


def _refuse_existing(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder; choose a folder for the demo")
    for name in DEMO_FILES:
        if (folder / name).exists():
            what = "a workspace" if name == WORKSPACE_FILE else "a database"
            raise UsageError(
                f"{folder} already holds {what} ({name}); choose an empty folder for the demo"
            )


def write_demo(folder: Path, records: int = 200, *, seed: int = 7) -> Path:
    """Write a demo workspace into ``folder``; returns the path of its ``syncdesk.toml``.

    ``records`` is the number of customers. Refuses (:class:`UsageError`) a folder that
    already holds a workspace file or one of the demo's databases.
    """
    folder = Path(folder).expanduser()
    plan = demo_plan(records)
    _refuse_existing(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".syncdesk-demo-", dir=folder))
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the demo here ({exc.strerror})") from None
    try:
        rng = random.Random(seed)
        world = _world(plan, rng)
        _write_erp(build / ERP_DB, world)
        _write_crm(build / CRM_DB, world)
        (build / WORKSPACE_FILE).write_text(WORKSPACE_TOML, encoding="utf-8")
        _history(build, plan, world, rng)
        _refuse_existing(folder)  # nobody put a workspace there meanwhile
        for path in sorted(build.iterdir()):
            if path.name != WORKSPACE_FILE and not path.name.endswith(".lock"):
                os.replace(path, folder / path.name)
        os.replace(build / WORKSPACE_FILE, folder / WORKSPACE_FILE)  # the last: it is done
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return folder / WORKSPACE_FILE


def reset_demo(folder: Path, records: int = 200, *, seed: int = 7) -> Path:
    """Write the demo in ``folder`` anew: its files go (and only those), then :func:`write_demo`.

    Refuses a folder that holds anything but a demo's files (with their SQLite companions:
    ``-wal``, ``-shm``, ``-journal``, ``.lock``), so it never deletes what is not the demo's.
    """
    folder = Path(folder).expanduser()
    demo_plan(records)  # a bad number is refused before anything goes
    if folder.exists():
        if not folder.is_dir():
            raise UsageError(f"{folder} is a file, not a folder; choose a folder for the demo")
        ours = {
            f"{name}{suffix}"
            for name in DEMO_FILES
            for suffix in ("", "-wal", "-shm", "-journal", ".lock")
        }
        others = sorted(
            p.name
            for p in folder.iterdir()
            if p.name not in ours and not p.name.startswith(".syncdesk-demo-")
        )
        if others:
            raise UsageError(f"{folder} holds more than a demo ({others[0]}); nothing was deleted")
        # the workspace file first: a reset stopped half-way leaves no workspace that
        # names missing databases
        for name in sorted(ours, key=lambda n: n != WORKSPACE_FILE):
            (folder / name).unlink(missing_ok=True)
    return write_demo(folder, records, seed=seed)


__all__ = [
    "DEMO_FILES",
    "MIN_RECORDS",
    "DemoPlan",
    "demo_plan",
    "reset_demo",
    "write_demo",
]
