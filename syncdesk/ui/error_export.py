"""Export Errors to CSV: every sync error matching the page's filter, in its order, into a
file the person chooses (written in the window's task runner; see
:func:`syncdesk.ui.tasks.export_errors_csv` for what the file holds).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorFilter
from syncdesk.ui import tasks
from syncdesk.ui.error_actions import message_box
from syncdesk.ui.i18n import fmt_int, settings
from syncdesk.ui.messages import engine_text
from syncdesk.ui.worker import Task, TaskRunner


def export_name(workspace_name: str) -> str:
    """A file name for an export: the workspace's name as written, less what a file name
    cannot hold (``/ \\ : * ? " < > |`` and control characters)."""
    kept = "".join(c for c in workspace_name if c not in '/\\:*?"<>|' and c.isprintable())
    return " ".join(kept.split()).strip(" .")


class ErrorExport(QObject):
    """Asks where to write, writes in a worker, and says how it went."""

    exported = Signal(object)
    """An export ended: its ``tasks.ExportResult`` (``None`` if it failed)."""
    statusMessage = Signal(str, int)
    """A line for the status bar, and for how long (ms)."""
    busyChanged = Signal(bool)
    """An export started (True) or ended (False)."""

    def __init__(self, runner: TaskRunner, widget: QWidget) -> None:
        super().__init__(widget)
        self.runner = runner
        self.widget = widget
        self.busy = False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)

    def start(
        self,
        integration: Integration,
        shown: tuple[ErrorFilter, str, bool],
        titles: dict[str, str],
    ) -> None:
        """Ask for the file, then write every error ``shown`` matches (in a worker)."""
        ws = integration.workspace
        folder = settings().value("export/folder", "")
        start = Path(str(folder)) if folder else Path(ws.path).parent
        name = export_name(ws.name) or "SyncDesk"
        suggested = start / self.tr("{name} sync errors.csv").format(name=name)
        path, _ = QFileDialog.getSaveFileName(
            self.widget,
            self.tr("Export Sync Errors"),
            str(suggested),
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        settings().setValue("export/folder", str(target.parent))
        flt, sort, descending = shown
        self._set_busy(True)
        self.statusMessage.emit(
            self.tr("Exporting sync errors to {file}…").format(file=target.name), 0
        )
        self.runner.submit(
            Task(
                self.tr("Export sync errors"),
                partial(
                    tasks.export_errors_csv,
                    integration,
                    flt,
                    sort,
                    descending,
                    target,
                    titles,
                ),
                channel="export",
                on_done=self._on_export_done,
                on_failed=partial(self._on_export_failed, target),
                on_progress=partial(self._on_export_progress, target),
            )
        )

    def _on_export_progress(self, target: Path, value: object) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            done, total = value
            self.statusMessage.emit(
                self.tr("Exporting sync errors to {file}… {done} of {total}").format(
                    file=target.name, done=fmt_int(done), total=fmt_int(total)
                ),
                0,
            )

    def _on_export_done(self, value: object) -> None:
        assert isinstance(value, tasks.ExportResult)
        self._set_busy(False)
        self.statusMessage.emit(
            self.tr("Exported %Ln sync error(s) to {path}", "", value.rows).format(path=value.path),
            15000,
        )
        self.exported.emit(value)

    def _on_export_failed(self, target: Path, message: str) -> None:
        self._set_busy(False)
        self.statusMessage.emit(self.tr("Export: nothing written"), 0)
        message_box(
            self.widget,
            QMessageBox.Icon.Warning,
            self.tr("Export Sync Errors"),
            self.tr("The sync errors could not be exported to {file}.").format(file=target.name),
            engine_text(message),
        ).exec()
        self.exported.emit(None)
