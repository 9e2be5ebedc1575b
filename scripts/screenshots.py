"""Render the window offscreen into docs/screenshots/: every page, in English and Dutch.

The window opens the demo workspace (written into a temporary folder, a fresh copy for each
language and palette), selects a sync error so the record log is filled, waits for every
worker to finish, and saves 1280×800 pictures: the main window, the conflict dialog and each
sidebar page; a conflict entry in the record log (``record-log-conflict.png``); a manual
synchronization that the CRM refuses, as the Records page says it (``manual-sync-failed.png``);
and the window as it first opens on a 1366×768 screen, with a job running
(``window-1366x768.png``); fix in place of a value the CRM refused, typed too long
(``fix-dialog.png``); the conflict dialog with a value of one's own (``conflict-edited.png``);
the record log's Undo, asked and done (``undo-confirm.png``, ``record-log-undo.png``); and
Preview Synchronization of a few changes (``preview-window.png``) — in English
(``docs/screenshots/*.png``) and in Dutch (``docs/screenshots/nl/*.png``); the main window
and the conflict dialog also in the dark palette (``*-dark.png``).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
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
        for number, (language, dark, out) in enumerate(
            (
                ("en", False, args.out),
                ("nl", False, args.out / "nl"),
                ("en", True, args.out),
            )
        ):
            # a fresh copy each time: the pictures change the demo's state (a refused write)
            copy = folder / f"demo-{number}"
            shutil.copytree(workspace.parent, copy)
            # settings of its own too: each picture shows a first start's layout
            for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
                os.environ[var] = str(folder / f"xdg-{number}" / var.lower())
            i18n.install(language)
            follower.apply("dark" if dark else "light")
            window = MainWindow()
            try:
                shots = window_shots(
                    window, copy / workspace.name, wait, app, out, suffix="-dark" if dark else ""
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
    wait(
        lambda: window.errors_page.log_panel.log_model.rowCount() > 0 and window.runner.is_idle(),
        "the log",
    )
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
        return [target, conflict_dialog_shot(window, wait, out, suffix)]
    return [
        target,
        conflict_log_shot(window, wait, app, out),
        conflict_dialog_shot(window, wait, out),
        *page_shots(window, wait, app, out),
        manual_sync_shot(window, wait, app, out),
        small_screen_shot(window, wait, app, out),
        fix_dialog_shot(window, wait, app, out),
        conflict_edited_shot(window, wait, app, out),
        *undo_shots(window, workspace, wait, app, out),
        preview_shot(window, workspace, wait, app, out),
    ]


def conflict_log_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> Path:
    """The record log of a conflict, its conflict entry selected: both apps' values and the
    base in the changes panel (record-log-conflict.png)."""
    panel = window.errors_page.log_panel
    entries = panel.log_model.rows()
    row = next((i for i, e in enumerate(entries) if e.action == "conflict"), None)
    if row is None:
        raise SystemExit("screenshots: the selected conflict has no conflict entry")
    panel.log_view.selectRow(row)
    for _ in range(5):
        app.processEvents()
    target = out / "record-log-conflict.png"
    if not window.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    return target


def manual_sync_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> Path:
    """Records › ITEM: a coupled item whose new description the CRM refuses, copied by
    hand to the CRM; the outcome bar says so (manual-sync-failed.png)."""
    from syncdesk.sync.records import ERROR
    from syncdesk.ui.records_view import RecordsView

    view = next(v for v in window.views if isinstance(v, RecordsView))
    window.nav.setCurrentRow(window.all_views.index(view))
    wait(window.runner.is_idle, "the Records page")
    view.mapping_combo.setCurrentIndex(view.mapping_combo.findData("ITEM"))
    wait(window.runner.is_idle, "the items")
    view.status_combo.setCurrentIndex(view.status_combo.findData(ERROR))
    wait(window.runner.is_idle, "the items in error")
    coupled = [r for r in view.model.rows() if r.partner is not None and r.error == "failed"]
    if not coupled:
        raise SystemExit("screenshots: no coupled item in error to synchronize by hand")
    view.select_key(coupled[0].key)
    wait(window.runner.is_idle, "the item")
    view.to_right_action.trigger()
    wait(
        lambda: (
            window.runner.is_idle()
            and view.outcome_bar.told is not None
            and view.outcome_bar.told.level != "info"
        ),
        "the outcome",
    )
    for _ in range(10):
        app.processEvents()
    target = out / "manual-sync-failed.png"
    if not window.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    return target


def small_screen_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> Path:
    """The window as it first opens on a 1366×768 screen (its free space less a task bar),
    on the sync errors, with a job running in the status bar (window-1366x768.png)."""
    from PySide6.QtCore import QRect

    from syncdesk.ui.main_window_layout import first_geometry

    window.nav.setCurrentRow(0)
    wait(window.runner.is_idle, "the sync errors")
    window.setGeometry(first_geometry(QRect(0, 0, 1366, 728)))
    status = window.job_status
    status.show()
    status.label.setText(
        window.tr("Job {job} {mapping} — {phase}").format(
            job=14, mapping="CUSTOMER", phase=status.tr("comparing coupled records")
        )
    )
    status.progress.setRange(0, 200)
    status.progress.setValue(122)
    status.progress.setFormat("61%  122/200")
    for _ in range(10):
        app.processEvents()
    target = out / "window-1366x768.png"
    if not window.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    status.hide()
    window.resize(*SIZE)
    return target


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
    window: Any, wait: Callable[[Callable[[], bool], str], None], out: Path, suffix: str = ""
) -> Path:
    """Render the Synchronize dialog on the window's first conflicts: conflict-dialog.png.

    Up to three conflicts are selected, so the dialog steps through several; on the first
    one the first conflicting field gets a choice and any other stays undecided, so the
    picture shows a chosen value, the warning colour, the hint and the preview at once.
    """
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from syncdesk.ui.conflict_fields import FieldColumn, FieldRole

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
    target = out / f"conflict-dialog{suffix}.png"
    if not dialog.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    dialog.reject()
    wait(window.runner.is_idle, "the dialog to close")
    return target


def _select_error(window: Any, wait: Callable[[Callable[[], bool], str], None], pick: Any) -> Any:
    """Select the first sync error for which ``pick(row)`` holds; return its row."""
    window.nav.setCurrentRow(0)
    wait(window.runner.is_idle, "the sync errors")
    model = window.errors_page.errors_model
    row = next((i for i, r in enumerate(model.rows()) if pick(r)), None)
    if row is None:
        raise SystemExit("screenshots: the demo has no such sync error")
    window.errors_page.error_view.selectRow(row)
    wait(window.runner.is_idle, "the selection")
    return model.row_at(row)


def _save(widget: Any, app: Any, target: Path) -> Path:
    for _ in range(10):
        app.processEvents()
    if not widget.grab().save(str(target)):
        raise SystemExit(f"screenshots: could not write {target}")
    return target


def fix_dialog_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> Path:
    """Synchronize… on an item whose description the CRM refused: the value, the limits,
    the database's words, and a shorter value typed that is still too long (fix-dialog.png)."""
    _select_error(window, wait, lambda r: r.kind == "failed" and r.right_key)
    window.errors_page.synchronize_action.trigger()
    dialog = window.errors_page.fix_dialog
    if dialog is None:
        raise SystemExit("screenshots: Synchronize did not open the fix dialog")
    wait(lambda: dialog.state == "ready" and window.runner.is_idle(), "the fix dialog")
    refused = [f for f in dialog.view.fields if f.problems] if dialog.view else []
    if refused:
        editor = dialog.editors[refused[0].field]
        limit = min(x.length for x in editor.limits if x.length is not None)
        words = str(refused[0].value).split()
        text = ""
        for word in words:  # whole words, a little too long still
            text = f"{text} {word}".strip()
            if len(text) > limit:
                break
        editor.edit.setText(text)
        editor.edit.setFocus()
    dialog.resize(860, 640)
    target = _save(dialog, app, out / "fix-dialog.png")
    dialog.reject()
    wait(window.runner.is_idle, "the fix dialog to close")
    return target


def conflict_edited_shot(
    window: Any, wait: Callable[[Callable[[], bool], str], None], app: Any, out: Path
) -> Path:
    """The conflict dialog with a value typed for the city (Edit…): both apps receive it
    (conflict-edited.png)."""
    from syncdesk.ui.conflict_fields import FieldRole

    _select_error(window, wait, lambda r: r.kind == "conflict" and "city" in r.message)
    window.errors_page.synchronize_action.trigger()
    dialog = window.errors_page.conflict_dialog
    if dialog is None:
        raise SystemExit("screenshots: Synchronize did not open its dialog")
    wait(lambda: dialog.model.rowCount() > 0 and window.runner.is_idle(), "the conflict")
    fields = dialog.model
    row = next(
        r
        for r in range(fields.rowCount())
        if fields.index(r, 0).data(FieldRole.CONFLICT) and fields.field_at(r).editable
    )
    dialog.table.selectRow(row)
    dialog.edit_value()
    value_dialog = dialog.value_dialog
    if value_dialog is None:
        raise SystemExit("screenshots: Edit… did not open")
    f = fields.field_at(row)
    value_dialog.editor.edit.setText(f"{f.left} (centrum)")
    _save(value_dialog, app, out / "value-dialog.png")
    value_dialog.accept()
    wait(lambda: dialog.value_dialog is None, "the value")
    dialog.table.selectRow(row)
    target = _save(dialog, app, out / "conflict-edited.png")
    dialog.reject()
    wait(window.runner.is_idle, "the dialog to close")
    return target


def _erp(workspace: Path, sql: str, *args: Any) -> None:
    import sqlite3

    conn = sqlite3.connect(workspace.parent / "erp.db")
    try:
        with conn:
            conn.execute(sql, args)
    finally:
        conn.close()


def undo_shots(
    window: Any,
    workspace: Path,
    wait: Callable[[Callable[[], bool], str], None],
    app: Any,
    out: Path,
) -> list[Path]:
    """A customer's city changed in the ERP and synchronized; on the Records page its log
    entry is undone: the question (undo-confirm.png), then the log with the undo and what
    it did (record-log-undo.png)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from syncdesk.ui.records_view import RecordsView

    _erp(workspace, "UPDATE customer SET city = 'Brugge' WHERE no = 'C00010'")
    window.sync_action.trigger()
    wait(window.runner.is_idle, "the synchronization")
    view = next(v for v in window.views if isinstance(v, RecordsView))
    window.nav.setCurrentRow(window.all_views.index(view))
    wait(window.runner.is_idle, "the Records page")
    view.mapping_combo.setCurrentIndex(view.mapping_combo.findData("CUSTOMER"))
    view.side_combo.setCurrentIndex(view.side_combo.findData("left"))
    view.status_combo.setCurrentIndex(0)  # every record (the picture before chose one status)
    view.search_edit.clear()
    wait(window.runner.is_idle, "the customers")
    if not view.select_key("C00010"):
        raise SystemExit("screenshots: no customer C00010")
    wait(window.runner.is_idle, "the customer")
    view.show_record_log()
    panel = view.log_panel
    wait(lambda: panel.log_model.rowCount() > 0 and window.runner.is_idle(), "the record log")
    rows = panel.log_model.rows()
    row = max(i for i, e in enumerate(rows) if e.action == "modify")
    panel.select_entry(row)
    asked: list[Path] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        asked.append(_save(box, app, out / "undo-confirm.png"))
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    panel.undo_selected()
    wait(lambda: bool(asked) and window.runner.is_idle(), "the undo")
    wait(lambda: panel.outcome_bar.isVisible() and window.runner.is_idle(), "the undo's outcome")
    panel.select_entry(panel.log_model.rowCount() - 1)
    return [*asked, _save(window, app, out / "record-log-undo.png")]


def preview_shot(
    window: Any,
    workspace: Path,
    wait: Callable[[Callable[[], bool], str], None],
    app: Any,
    out: Path,
) -> Path:
    """Sync › Preview Synchronization… after a few changes in the ERP: the counts per
    mapping, the records grouped by action and one record's field changes
    (preview-window.png)."""
    for no, city in (("C00011", "Leuven"), ("C00012", "Hasselt"), ("C00013", "Aalst")):
        _erp(workspace, "UPDATE customer SET city = ? WHERE no = ?", city, no)
    _erp(
        workspace,
        "INSERT INTO customer(no, name, address, city, post_code) VALUES "
        "('C09001', 'Bakkerij Peeters BV', 'Markt 3', 'Tienen', '3300')",
    )
    _erp(
        workspace,
        "UPDATE item SET description = 'Draadloze muis ergonomisch, oplaadbaar, met extra "
        "knoppen' WHERE no = (SELECT min(no) FROM item)",
    )
    window.nav.setCurrentRow(0)
    wait(window.runner.is_idle, "the sync errors")
    window.preview_action.trigger()
    dialog = window.sync_runs.preview_dialog
    if dialog is None:
        raise SystemExit("screenshots: Preview Synchronization did not open")
    wait(lambda: dialog.run is not None and window.runner.is_idle(), "the preview")
    model = dialog.tree_model
    # the first record of the Modify group: a copy with its field changes
    from syncdesk.ui.preview_models import PreviewRole

    group = next(
        (
            model.index(r, 0)
            for r in range(model.rowCount())
            if model.index(r, 0).data(PreviewRole.GROUP) == "modify"
        ),
        None,
    )
    if group is not None and model.rowCount(group):
        dialog.tree.setCurrentIndex(model.index(0, 0, group))
    target = _save(dialog, app, out / "preview-window.png")
    dialog.reject()
    wait(window.runner.is_idle, "the preview to close")
    return target


if __name__ == "__main__":
    sys.exit(main())
