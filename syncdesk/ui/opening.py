"""Opening a workspace: in a worker, asking for the passwords the file says to ask for.

The window keeps the workspace it has open until the new one opened: :class:`WorkspaceOpener`
only says how it went (``opened``, ``failed``, ``declined``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from syncdesk.sync.integration import Integration
from syncdesk.ui import tasks
from syncdesk.ui.password_dialog import PasswordDialog
from syncdesk.ui.worker import Task, TaskRunner


class WorkspaceOpener(QObject):
    """Runs an opening (a task function giving an ``Integration`` or the passwords it needs)."""

    opened = Signal(object)
    """The workspace is open: its ``Integration`` (the receiver owns it)."""
    failed = Signal(object, str)
    """It could not be opened: the file's path and the one-line message."""
    declined = Signal(str)
    """No password was given for it (the workspace's name): nothing opened."""

    def __init__(self, runner: TaskRunner, widget: QWidget) -> None:
        super().__init__(widget)
        self.runner = runner
        self.widget = widget
        #: the dialog asking for a database password, while it is open
        self.password_dialog: PasswordDialog | None = None

    def open(self, label: str, path: Path, fn: Callable[[Any], object]) -> None:
        """Open what ``fn`` opens (in a worker); ``label`` names it in the task list."""
        self.runner.submit(
            Task(
                self.tr("Open {name}").format(name=label),
                fn,
                channel="open",
                on_done=self._on_done,
                on_failed=partial(self.failed.emit, path),
                on_dropped=self._dispose,
            )
        )

    @staticmethod
    def _dispose(value: object) -> None:
        if isinstance(value, Integration):
            value.close()

    def _on_done(self, value: object) -> None:
        if isinstance(value, tasks.PasswordsNeeded):
            self._ask_passwords(value)
            return
        self.opened.emit(value)

    def _ask_passwords(self, need: tasks.PasswordsNeeded) -> None:
        """The workspace needs passwords it cannot find: ask, then open again with them."""
        dialog = PasswordDialog(need.name, need.needed, self.widget, refused=need.refused)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog = dialog

        def answered(code: int) -> None:
            self.password_dialog = None
            if code != QDialog.DialogCode.Accepted:
                self.declined.emit(need.name)
                return
            self.open(
                need.path.name,
                need.path,
                partial(
                    tasks.open_workspace,
                    need.path,
                    passwords=dialog.passwords(),
                    save=dialog.to_save(),
                ),
            )

        dialog.finished.connect(answered)
        dialog.open()
