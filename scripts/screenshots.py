"""Render the main window offscreen to docs/screenshots/main-window.png.

The window opens the demo workspace (written into a temporary folder; a small generated
workspace if this build has no demo writer), selects a sync error so the record log is
filled, waits for every worker to finish, and saves a 1280×800 picture.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1280, 800)


def small_workspace(folder: Path) -> Path:
    """Two tiny apps with a conflict and a deletion, when there is no demo writer."""
    from syncdesk.sync.engine import run_sync
    from syncdesk.sync.integration import open_integration

    now = "strftime('%Y-%m-%dT%H:%M:%f','now')"
    erp, crm = sqlite3.connect(folder / "erp.db"), sqlite3.connect(folder / "crm.db")
    erp.executescript(
        "CREATE TABLE customer(no TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT, "
        f"last_modified TEXT DEFAULT ({now}));"
        "INSERT INTO customer(no, name, city) VALUES ('C00001', 'Adatum', 'Gent'),"
        "('C00002', 'Fabrikam', 'Brugge'), ('C00003', 'Litware', 'Leuven');"
    )
    crm.executescript(
        "CREATE TABLE account(accountid TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT, "
        "modifiedon TEXT);"
    )
    erp.commit()
    crm.commit()
    path = folder / "syncdesk.toml"
    path.write_text(
        '[workspace]\nname = "Contoso"\n'
        '[apps.left]\ntitle = "Business Central"\nurl = "sqlite:///erp.db"\n'
        '[apps.right]\ntitle = "Dynamics 365 Sales"\nurl = "sqlite:///crm.db"\n'
        '[[mappings]]\nname = "CUSTOMER"\n'
        'left = { table = "customer", key = "no", modified = "last_modified" }\n'
        'right = { table = "account", key = "accountid", modified = "modifiedon" }\n'
        'fields = [{ left = "name", right = "name" }, { left = "city", right = "city" }]\n',
        encoding="utf-8",
    )
    with open_integration(path) as integration:
        run_sync(integration)
        erp.execute(
            f"UPDATE customer SET city = 'Aalst', last_modified = {now} WHERE no = 'C00001'"
        )
        crm.execute(f"UPDATE account SET city = 'Lier', modifiedon = {now} WHERE name = 'Adatum'")
        crm.execute("DELETE FROM account WHERE name = 'Fabrikam'")
        erp.commit()
        crm.commit()
        run_sync(integration)
    erp.close()
    crm.close()
    return path


def make_workspace(folder: Path) -> Path:
    try:
        from syncdesk.sync.demo import write_demo
    except ImportError:
        return small_workspace(folder)
    return write_demo(folder / "demo", 200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="syncdesk-shots-") as tmp:
        folder = Path(tmp)
        # settings of their own: the picture shows the defaults, and the user's stay untouched
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = str(folder / "xdg" / var.lower())
        workspace = make_workspace(folder)

        from PySide6.QtCore import QEventLoop

        from syncdesk.ui.app import application
        from syncdesk.ui.main_window import MainWindow

        app = application()

        def wait(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
            deadline = time.monotonic() + seconds
            while not condition():
                if time.monotonic() > deadline:
                    raise SystemExit(f"screenshots: timed out waiting for {what}")
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        window.open_workspace(workspace)
        wait(lambda: window.integration is not None and window.runner.is_idle(), "the workspace")
        rows = window.errors_model.rows()
        if not rows:
            raise SystemExit("screenshots: the workspace has no sync errors to show")
        # a conflict whose record has some history, so the log panel has something to say
        pick = next((i for i, r in enumerate(rows) if r.kind == "conflict"), 0)
        window.error_view.selectRow(pick)
        wait(lambda: window.log_model.rowCount() > 0 and window.runner.is_idle(), "the log")
        log_rows = window.log_model.rows()
        with_changes = [i for i, e in enumerate(log_rows) if e.changes]
        if with_changes:
            window.log_view.selectRow(with_changes[-1])
        for _ in range(5):
            app.processEvents()
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / "main-window.png"
        if not window.grab().save(str(target)):
            raise SystemExit(f"screenshots: could not write {target}")
        window.close()
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
