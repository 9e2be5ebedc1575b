"""Render the window offscreen into docs/screenshots/: every page, in English and Dutch.

The window opens the demo workspace (written into a temporary folder), selects a sync
error so the record log is filled, waits for every worker to finish, and saves 1280×800
pictures: the main window, the conflict dialog and each sidebar page in English
(``docs/screenshots/*.png``) and in Dutch (``docs/screenshots/nl/*.png``), and the main
window in the dark palette (``main-window-dark.png``).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1280, 800)


def make_workspace(folder: Path) -> Path:
    from syncdesk.demo import write_demo

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

        from syncdesk.ui import i18n, theme
        from syncdesk.ui.app import application
        from syncdesk.ui.main_window import MainWindow

        app = application()

        def wait(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
            deadline = time.monotonic() + seconds
            while not condition():
                if time.monotonic() > deadline:
                    raise SystemExit(f"screenshots: timed out waiting for {what}")
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

        follower = theme.follower()
        for language, dark, out in (
            ("en", False, args.out),
            ("nl", False, args.out / "nl"),
            ("en", True, args.out),
        ):
            i18n.install(language)
            follower.apply("dark" if dark else "light")
            window = MainWindow()
            try:
                shots = window_shots(
                    window, workspace, wait, app, out, suffix="-dark" if dark else ""
                )
            finally:
                window.close()
            for target in shots:
                print(
                    f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"
                )
    return 0


def window_shots(
    window: Any,
    workspace: Path,
    wait: Callable[[Callable[[], bool], str], None],
    app: Any,
    out: Path,
    *,
    suffix: str = "",
) -> list[Path]:
    """The main window on a conflict with history, then (without a ``suffix``, which marks
    a variant such as "-dark") the conflict dialog and every page."""
    window.resize(*SIZE)
    window.show()
    window.open_workspace(workspace)
    wait(lambda: window.integration is not None and window.runner.is_idle(), "the workspace")
    rows = window.errors_page.errors_model.rows()
    if not rows:
        raise SystemExit("screenshots: the workspace has no sync errors to show")
    # a conflict whose record has some history, so the log panel has something to say
    pick = next((i for i, r in enumerate(rows) if r.kind == "conflict"), 0)
    window.errors_page.error_view.selectRow(pick)
    wait(lambda: window.errors_page.log_panel.log_model.rowCount() > 0 and window.runner.is_idle(), "the log")
    log_rows = window.errors_page.log_panel.log_model.rows()
    with_changes = [i for i, e in enumerate(log_rows) if e.changes]
    if with_changes:
        window.errors_page.log_panel.log_view.selectRow(with_changes[-1])
    for _ in range(5):
        app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"main-window{suffix}.png"
    if not window.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    if suffix:
        return [target]
    return [target, conflict_dialog_shot(window, wait, out), *page_shots(window, wait, app, out)]


def page_shots(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> list[Path]:
    """One picture per sidebar page (Jobs, Records, Job Queue, Mappings), first row selected."""
    from PySide6.QtWidgets import QAbstractItemView

    written = []
    for row, view in enumerate(window.views, start=1):
        window.nav.setCurrentRow(row)
        wait(window.runner.is_idle, f"the {view.title} page")
        tables = [
            t
            for t in view.findChildren(QAbstractItemView)
            if t.isVisible() and t.model() is not None and t.model().rowCount() > 0
        ]
        if tables:
            tables[0].selectRow(0) if hasattr(tables[0], "selectRow") else None
        wait(window.runner.is_idle, f"the {view.title} page's details")
        for _ in range(10):
            app.processEvents()
        slug = view.title.lower().replace(" ", "-")
        target = out / f"{slug}.png"
        if not window.grab().save(str(target)):
            raise SystemExit(f"screenshots: could not write {target}")
        written.append(target)
    window.nav.setCurrentRow(0)
    return written


def conflict_dialog_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], out: Path
) -> Path:
    """Render the Synchronize dialog on the window's first conflicts: conflict-dialog.png.

    Up to three conflicts are selected, so the dialog steps through several; on the first
    one the first conflicting field gets a choice and any other stays undecided, so the
    picture shows a chosen value, the warning colour, the hint and the preview at once.
    """
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from syncdesk.ui.conflict_dialog import FieldColumn, FieldRole

    model = window.errors_page.errors_model
    conflicts = [i for i, r in enumerate(model.rows()) if r.kind == "conflict"]
    # start on a conflict in two fields (a city and its post code), when there is one
    first = next((n for n, i in enumerate(conflicts) if "city" in model.row_at(i).message), 0)
    conflicts = conflicts[first : first + 3]
    if not conflicts:
        raise SystemExit("screenshots: the workspace has no conflict to show")
    selection = QItemSelection()
    for row in conflicts:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    window.errors_page.error_view.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    wait(window.runner.is_idle, "the selection")
    window.errors_page.synchronize_action.trigger()
    dialog = window.errors_page.conflict_dialog
    if dialog is None:
        raise SystemExit("screenshots: Synchronize did not open its dialog")
    wait(lambda: dialog.model.rowCount() > 0 and window.runner.is_idle(), "the conflict")
    fields = dialog.model
    undecided = [
        r
        for r in range(fields.rowCount())
        if fields.index(r, FieldColumn.FIELD).data(FieldRole.CONFLICT)
    ]
    if undecided:
        fields.set_choice(undecided[0], "right")
        dialog.table.selectRow(undecided[-1])
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    target = out / "conflict-dialog.png"
    if not dialog.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    dialog.reject()
    wait(window.runner.is_idle, "the dialog to close")
    return target


if __name__ == "__main__":
    sys.exit(main())
