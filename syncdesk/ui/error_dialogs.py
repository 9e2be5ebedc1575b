"""Synchronize… on the Sync Errors page: the dialog that fits the selected errors.

Conflicts open the conflict dialog (:mod:`syncdesk.ui.conflict_dialog`): both versions side
by side, a value per field. One **failed** error opens the fix dialog
(:mod:`syncdesk.ui.fix_dialog`): the value the target app refused, mended where it came
from. One dialog at a time; the page is told when one applied something and when it closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ErrorRow
from syncdesk.ui.conflict_dialog import ConflictDialog
from syncdesk.ui.fix_dialog import FixDialog
from syncdesk.ui.worker import TaskRunner


def synchronize_fits(rows: Sequence[ErrorRow]) -> bool:
    """Synchronize… applies to conflicts (one or more), or to one failed error."""
    kinds = {r.kind for r in rows}
    return kinds == {"conflict"} or (len(rows) == 1 and kinds == {"failed"})


class ErrorDialogs(QObject):
    """Opens Synchronize…'s dialog for a page and reports what it did."""

    applied = Signal(object)
    """A dialog applied something: an ``ActionResult`` or a ``tasks.FixOutcome`` (``None``
    when it was refused)."""
    closed = Signal(str)
    """A dialog closed; the text says what it did, for the status bar ("" for nothing)."""

    def __init__(self, runner: TaskRunner, page: QWidget) -> None:
        super().__init__(page)
        self.runner = runner
        self.page = page
        self.conflict_dialog: ConflictDialog | None = None
        self.fix_dialog: FixDialog | None = None

    @property
    def open(self) -> bool:
        return self.conflict_dialog is not None or self.fix_dialog is not None

    def synchronize(
        self, integration: Integration, rows: Sequence[ErrorRow], reason: Callable[[], str | None]
    ) -> None:
        """Open the dialog for ``rows``: their conflicts side by side, or a failed one's fix."""
        if self.open or not synchronize_fits(rows):
            return
        if rows[0].kind == "failed":
            fix = FixDialog(self.runner, integration, rows[0], self.page, reason=reason())
            fix.applied.connect(self.applied)
            fix.finished.connect(self._on_fix_finished)
            self.fix_dialog = fix
            fix.open()
            return
        dialog = ConflictDialog(self.runner, integration, list(rows), self.page)
        dialog.applied.connect(self.applied)
        dialog.finished.connect(self._on_conflict_finished)
        self.conflict_dialog = dialog
        dialog.open()

    def close_all(self) -> None:
        for dialog in (self.conflict_dialog, self.fix_dialog):
            if dialog is not None:
                dialog.reject()

    def _on_conflict_finished(self, _code: int) -> None:
        dialog, self.conflict_dialog = self.conflict_dialog, None
        text = ""
        if dialog is not None:
            if dialog.resolved_count:
                text = self.tr("Synchronize: %Ln conflict(s) resolved", "", dialog.resolved_count)
            dialog.deleteLater()
        self.closed.emit(text)

    def _on_fix_finished(self, _code: int) -> None:
        dialog, self.fix_dialog = self.fix_dialog, None
        text = ""
        if dialog is not None:
            if dialog.outcome is not None and dialog.outcome.result.resolved:
                text = self.tr("Fix in place: {mapping} {key} resolved").format(
                    mapping=dialog.row.mapping, key=dialog.row.left_key or dialog.row.right_key
                )
            dialog.deleteLater()
        self.closed.emit(text)


__all__ = ["ErrorDialogs", "synchronize_fits"]
