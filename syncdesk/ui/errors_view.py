"""The Sync Errors page: every open sync error, the record log of the one selected, and the
actions that resolve them (Business Central's "Coupled Data Synchronization Errors").

A summary per kind (each a link that shows, or stops showing, only that kind), filters and
a search (keys, mappings, messages and the records' names), the paged error table, the
record log panel below it, and the actions: Synchronize Now, Retry, Retry Now,
Synchronize…, Use Left/Right Version, Restore, Delete and Remove Coupling — on the
selected errors, or on every error matching the filter. Every read and write runs in the
window's :class:`~syncdesk.ui.worker.TaskRunner`; what a synchronization by hand did is
always said in the outcome bar above the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QSplitter, QVBoxLayout, QWidget

from syncdesk.sync.actions import APPLIES, ActionResult
from syncdesk.sync.integration import Integration
from syncdesk.sync.queries import ERROR_KINDS, ErrorFilter, ErrorRow
from syncdesk.ui import tasks
from syncdesk.ui.column_menu import ColumnChooser
from syncdesk.ui.conflict_dialog import ConflictDialog
from syncdesk.ui.error_actions import ErrorCommands, ErrorQuestions, message_box, record_words
from syncdesk.ui.error_dialogs import ErrorDialogs, synchronize_fits
from syncdesk.ui.error_export import ErrorExport, export_name
from syncdesk.ui.error_table import ErrorTablePanel
from syncdesk.ui.error_table_model import ErrorColumn, ErrorTableModel
from syncdesk.ui.errors_listing import ErrorsListing, error_record
from syncdesk.ui.fix_dialog import FixDialog
from syncdesk.ui.messages import engine_text
from syncdesk.ui.outcome import SyncRun, tell
from syncdesk.ui.record_log import RecordLogPanel, short_key
from syncdesk.ui.worker import Task, TaskRunner
from syncdesk.workspace import Side

#: how long the search field waits for more typing before it queries again (ms)
SEARCH_DELAY_MS = 250
#: an action's problems are listed one per line, up to this many
#: Retry Now runs one job per record: at most this many at once
RETRY_NOW_LIMIT = 100


class ErrorsView(ErrorsListing):
    """The open sync errors of the workspace, and the actions that resolve them."""

    title = "Sync Errors"

    recordLogLoaded = Signal()
    """The record log panel shows the log of the selected error's record."""
    actionEnded = Signal(object)
    """An action on sync errors ended: its ``ActionResult`` (``None`` if it was refused)."""
    syncEnded = Signal(object)
    """Synchronize Now or Retry Now ended: its ``SyncRun`` (``None`` if it could not run)."""
    errorsExported = Signal(object)
    """An export ended: its ``tasks.ExportResult`` (``None`` if it failed)."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("ErrorsView")
        self._titles: dict[str, str] = {"left": self.tr("Left"), "right": self.tr("Right")}
        self._totals: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the errors matching the filter shown, per kind (for actions on all of them)
        self._matching: dict[str, int] = dict.fromkeys(ERROR_KINDS, 0)
        #: the filter and order of the rows shown (the next page must match them)
        self._shown_query: tuple[ErrorFilter, str, bool] = (ErrorFilter(), "id", False)
        self._acting = False
        #: the error to select once the rows it is in are shown (Show Sync Error)
        self._select_after: int | None = None
        self._sort_column = int(ErrorColumn.FIRST_SEEN)
        #: the table's column widths came from the settings (the person's own)
        self._header_restored = False
        #: Synchronize…'s dialogs (conflicts, or a failed error's fix) while one is open
        self.dialogs = ErrorDialogs(runner, self)
        self.questions = ErrorQuestions(self, self._titles)

        self.errors_model = ErrorTableModel(self)
        self.exporter = ErrorExport(runner, self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._build_actions()
        self._build()
        # the columns shown are kept with the header's state (save_state)
        self.columns = ColumnChooser(self.error_view, None)
        self._connect_signals()
        self._update_actions()

    # == building ===========================================================================

    def _build_actions(self) -> None:
        """The page's commands (:class:`ErrorCommands`), under the page's own names."""
        c = ErrorCommands(self)
        self.commands = c
        self.sync_now_action = c.sync_now
        self.retry_now_action = c.retry_now
        self.synchronize_action = c.synchronize
        self.export_action = c.export
        self.all_matching_action = c.all_matching
        self.show_log_action = c.show_log
        self.error_specs = c.specs
        self.error_actions = c.errors
        c.sync_now.triggered.connect(self._on_sync_now)
        c.retry_now.triggered.connect(self._on_retry_now)
        c.synchronize.triggered.connect(self._on_synchronize)
        c.export.triggered.connect(self._on_export_requested)
        for name, action in c.errors.items():
            action.triggered.connect(partial(self._on_resolve, name))

    def menu_actions(self) -> list[QAction | None]:
        """The Errors menu, in order (``None``: a separator)."""
        return self.commands.menu_actions()

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_errors_panel())
        self.log_panel = RecordLogPanel(self.runner)
        self.log_panel.show_record(
            None, self.tr("Select a sync error to see the log of its record.")
        )
        self.splitter.addWidget(self.log_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([470, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _build_errors_panel(self) -> QWidget:
        """The upper half (:class:`ErrorTablePanel`); its parts are the page's own names."""
        panel = ErrorTablePanel(self.errors_model)
        self.table_panel = panel
        self.summary_label = panel.summary_label
        self.showing_label = panel.showing_label
        self.mapping_combo = panel.mapping_combo
        self.kind_combo = panel.kind_combo
        self.search_edit = panel.search_edit
        self.clear_search_action = panel.clear_search_action
        self.reason_edit = panel.reason_edit
        self.all_matching_check = panel.all_matching_check
        self.outcome_bar = panel.outcome_bar
        self.targeted_label = panel.targeted_label
        self.error_view = panel.error_view
        self.errors_placeholder = panel.errors_placeholder
        self.errors_stack = panel.errors_stack
        return panel

    def size_columns(self) -> None:
        self.table_panel.set_titles(self._titles)
        self.table_panel.size_columns()

    def _connect_signals(self) -> None:
        self.summary_label.linkActivated.connect(self._on_summary_link)
        self.mapping_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._on_filter_changed)
        self.clear_search_action.triggered.connect(self.search_edit.clear)
        self._search_timer.timeout.connect(self._on_filter_changed)
        self.errors_model.sortRequested.connect(self._on_sort_requested)
        self.errors_model.pageRequested.connect(self._on_page_requested)
        header = self.error_view.horizontalHeader()
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.all_matching_check.toggled.connect(self.all_matching_action.setChecked)
        self.all_matching_action.toggled.connect(self.all_matching_check.setChecked)
        self.all_matching_action.toggled.connect(self._on_all_matching_toggled)
        self.error_view.selectionModel().selectionChanged.connect(self._on_error_selection)
        self.error_view.customContextMenuRequested.connect(self._on_error_context_menu)
        self.error_view.doubleClicked.connect(self._on_error_double_clicked)
        self.log_panel.loaded.connect(self.recordLogLoaded)
        self.log_panel.undone.connect(self._on_undone)
        self.log_panel.outcome_bar.jobRequested.connect(self.jobRequested)
        self.log_panel.reason_source = self.reason
        self.show_log_action.toggled.connect(self._on_show_log)
        self.outcome_bar.errorRequested.connect(self.show_error)
        self.outcome_bar.jobRequested.connect(self.jobRequested)
        self.exporter.exported.connect(self.errorsExported)
        self.exporter.statusMessage.connect(self.statusMessage)
        self.exporter.busyChanged.connect(lambda _busy: self._update_actions())
        self.dialogs.applied.connect(self._on_dialog_applied)
        self.dialogs.closed.connect(self._on_dialog_closed)

    # == the WorkspaceView hooks ============================================================

    def open_workspace(self, integration: Integration) -> None:
        super().open_workspace(integration)
        ws = integration.workspace
        left, right = ws.apps["left"].title, ws.apps["right"].title
        self._titles.update({"left": left, "right": right})
        self.questions.titles = dict(self._titles)
        self.errors_model.set_titles(left, right)
        self.log_panel.open_workspace(integration)
        for name, side in (("use-left", left), ("use-right", right)):
            act = self.error_actions[name]
            act.setText(self.tr("Use {app} Version").format(app=side))
            act.setIconText(QCoreApplication.translate("MainToolbar", "Use {app}").format(app=side))
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = self.tr(
                "Resolve the selected conflicts with the values in {app}, in both apps"
            ).format(app=side)
            act.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys))
            act.setStatusTip(tip)
        self._fill_filters()
        self.table_panel.set_titles(self._titles)
        if not self._header_restored:  # the person's own widths stay as they left them
            self.table_panel.size_columns()
        self.log_panel.show_record(
            None, self.tr("Select a sync error to see the log of its record.")
        )
        self.outcome_bar.dismiss()
        self._update_actions()
        self.refresh()

    def close_workspace(self) -> None:
        super().close_workspace()
        self._search_timer.stop()
        for channel in ("errors", "error-page", "export"):
            self.runner.invalidate(channel)
        self.dialogs.close_all()
        self._acting = False
        self._select_after = None
        self._matching = dict.fromkeys(ERROR_KINDS, 0)
        self.all_matching_action.setChecked(False)
        self.errors_model.clear()
        self.log_panel.close_workspace()
        self.outcome_bar.dismiss()
        self._update_actions()

    def refresh(self) -> None:
        """Query the sync errors again (in a worker), and the log of the selected record.

        The rows read so far are read again (up to ``REFRESH_KEEP_ROWS``), so the selection
        and the scroll position stay where they were.
        """
        self._query_errors(keep=True)

    def set_current(self, current: bool) -> None:
        super().set_current(current)
        self._update_actions()
        if current:
            self.log_panel.ensure_loaded()

    def shutdown(self) -> None:
        self._search_timer.stop()

    # == settings ===========================================================================

    def save_state(self) -> dict[str, object]:
        return {
            "splitter": self.splitter.saveState(),
            "logSplitter": self.log_panel.splitter.saveState(),
            "logHeader": self.log_panel.log_view.horizontalHeader().saveState(),
            # column widths, order and the sort (the model follows the sort indicator)
            "errorHeader2": self.error_view.horizontalHeader().saveState(),
            "showLog": self.show_log_action.isChecked(),
        }

    def restore_state(self, values: dict[str, Any]) -> None:
        for key, restore in (
            ("splitter", self.splitter.restoreState),
            ("logSplitter", self.log_panel.splitter.restoreState),
            ("logHeader", self.log_panel.log_view.horizontalHeader().restoreState),
            ("errorHeader2", self.error_view.horizontalHeader().restoreState),
        ):
            value = values.get(key)
            if value is not None and not value.isEmpty():
                restore(value)
        self.show_log_action.setChecked(bool(values.get("showLog", True)))
        header = self.error_view.horizontalHeader()
        self._sort_column = header.sortIndicatorSection()
        saved = values.get("errorHeader2")
        self._header_restored = saved is not None and not saved.isEmpty()

    @Slot(bool)
    def _on_show_log(self, shown: bool) -> None:
        self.log_panel.setVisible(shown)
        if shown:
            self.log_panel.ensure_loaded()

    # == the summary ========================================================================

    def _update_summary(self, snap: tasks.ErrorsSnapshot) -> None:
        self.table_panel.show_summary(snap)
        self.all_matching_action.setText(
            self.tr("Apply to &All %Ln Matching Error(s)", "", snap.total)
        )
        self._show_targeted()

    def _update_actions(self) -> None:
        open_ = self.integration is not None
        here = open_ and self.is_current
        rows = self.selected_errors() if here else []
        kinds = {r.kind for r in rows}
        # on all matching errors: an action applies if it fits every kind the filter holds
        matching_kinds = {kind for kind, n in self._matching.items() if n}
        all_matching = self.all_matching_action.isChecked()
        for name, act in self.error_actions.items():
            targets = matching_kinds if all_matching else kinds
            fits = bool(targets) and targets <= set(APPLIES[name])
            act.setEnabled(here and fits and not self._acting)
        self.sync_now_action.setEnabled(here and bool(rows) and not all_matching)
        self.retry_now_action.setEnabled(
            here and bool(rows) and not all_matching and not self._acting
        )
        can_all = here and (bool(matching_kinds) or all_matching)
        self.all_matching_action.setEnabled(can_all)
        self.all_matching_check.setEnabled(can_all)
        self.export_action.setEnabled(open_ and not self.exporter.busy)
        self.synchronize_action.setEnabled(
            here and synchronize_fits(rows) and not self._acting and not all_matching
        )
        for widget in (self.mapping_combo, self.reason_edit, self.kind_combo, self.search_edit):
            widget.setEnabled(open_)

    @Slot(bool)
    def _on_all_matching_toggled(self, checked: bool) -> None:
        self.errors_model.set_all_targeted(checked)
        self._show_targeted()
        self._update_actions()

    def _show_targeted(self) -> None:
        """While "Apply to all matching" is ticked, say that every matching row is a target."""
        on = self.all_matching_action.isChecked()
        n = sum(self._matching.values())
        self.targeted_label.setText(
            self.tr(
                "The next action applies to all %Ln sync error(s) matching the filter, not "
                "only to the selected ones.",
                "",
                n,
            )
        )
        self.targeted_label.setVisible(on)

    def _reset_targets(self) -> None:
        """After every action the next one applies to the selected errors again."""
        self.all_matching_action.setChecked(False)

    def reason(self) -> str | None:
        """The reason typed for the next action (None when empty)."""
        return self.reason_edit.text().strip() or None

    # == synchronizing now ==================================================================

    def _records(self, rows: Sequence[ErrorRow]) -> list[tuple[str, Side, str]]:
        return [(r.mapping, *where) for r in rows if (where := error_record(r)) is not None]

    def _sync_label(self, rows: Sequence[ErrorRow]) -> str:
        if len(rows) == 1:
            return self.tr("Synchronize {record}").format(record=record_words(rows[0]))
        return self.tr("Synchronize %Ln record(s)", "", len(rows))

    @Slot()
    def _on_sync_now(self) -> None:
        rows = self.selected_errors()
        if self.integration is None or not rows or not self.sync_now_action.isEnabled():
            return
        label = self._sync_label(rows)
        self._run_sync(
            label, partial(tasks.synchronize_records, self.integration, self._records(rows))
        )

    @Slot()
    def _on_retry_now(self) -> None:
        """Retry the selected errors and run a one-record job for each at once."""
        rows = self.selected_errors()[:RETRY_NOW_LIMIT]
        if self.integration is None or not rows or self._acting:
            return
        label = (
            self.tr("Retry {record} now").format(record=record_words(rows[0]))
            if len(rows) == 1
            else self.tr("Retry %Ln record(s) now", "", len(rows))
        )
        self._acting = True
        self._update_actions()
        self._run_sync(
            label,
            partial(
                tasks.retry_now,
                self.integration,
                [r.id for r in rows],
                {r.id: r.version for r in rows},
                self._records(rows),
                reason=self.reason(),
            ),
        )

    def _run_sync(self, label: str, fn: Callable[[Any], object]) -> None:
        self.outcome_bar.show_text("info", self.tr("{task}…").format(task=label))
        self.runner.submit(
            Task(
                label,
                fn,
                writes=True,
                cancellable=True,
                on_done=partial(self._on_sync_done, label),
                on_failed=partial(self._on_sync_failed, label),
            )
        )
        if self.runner.queued_writes():
            self.outcome_bar.show_text(
                "info",
                self.tr("{task}: queued — runs when the running task ends").format(task=label),
            )

    def _on_sync_done(self, label: str, value: object) -> None:
        assert isinstance(value, SyncRun)
        self._acting = False
        if value.retried:
            self.reason_edit.clear()  # it was said for this action
        told = tell(value, self._titles, label)
        self.outcome_bar.show_told(told)
        self.statusMessage.emit(told.text, 15000)
        self._reset_targets()
        self._update_actions()
        self.syncEnded.emit(value)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()

    def _on_sync_failed(self, label: str, message: str) -> None:
        self._acting = False
        text = self.tr("{task}: not done: {message}").format(
            task=label, message=engine_text(message)
        )
        self.outcome_bar.show_text("error", text)
        self.statusMessage.emit(text, 15000)
        self._reset_targets()
        self._update_actions()
        self.syncEnded.emit(None)
        self.refresh()

    # == actions on sync errors =============================================================

    @Slot()
    def _on_synchronize(self) -> None:
        """Synchronize…: the selected conflicts side by side, one after another; or one
        failed error's value, mended where it came from (:mod:`syncdesk.ui.error_dialogs`)."""
        rows = self.selected_errors()
        if self.integration is None or not rows or self._acting:
            return
        self.dialogs.synchronize(self.integration, rows, self.reason)

    @property
    def conflict_dialog(self) -> ConflictDialog | None:
        """The Synchronize dialog of conflicts, while it is open."""
        return self.dialogs.conflict_dialog

    @property
    def fix_dialog(self) -> FixDialog | None:
        """The fix dialog of a failed error, while it is open."""
        return self.dialogs.fix_dialog

    def _on_dialog_applied(self, result: object) -> None:
        self.actionEnded.emit(result)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()

    def _on_undone(self, result: object) -> None:
        """Undo in the record log ended: the errors (an undo may make a conflict) again."""
        if result is not None:
            self.reason_edit.clear()  # it was said for this action
        self.changed.emit()
        self.refresh()

    def _on_dialog_closed(self, text: str) -> None:
        if text:
            self.statusMessage.emit(text, 0)
        self._reset_targets()
        self.refresh()

    def _action_label(self, action: str) -> str:
        return self.error_actions[action].text().replace("&", "").rstrip("…")

    def _on_resolve(self, action: str) -> None:
        if self.all_matching_action.isChecked():
            self._resolve_matching(action)
            return
        rows = self.selected_errors()
        if self.integration is None or not rows or self._acting:
            return
        if not all(r.kind in APPLIES[action] for r in rows):
            return
        if action == "delete" and not self.questions.delete(rows):
            return
        if action == "remove-coupling" and not self.questions.remove_coupling(rows):
            return
        if action in ("use-left", "use-right") and not self.questions.overwrite(action, rows):
            return
        label = self._action_label(action)
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_errors,
                    self.integration,
                    [r.id for r in rows],
                    action,
                    {r.id: r.version for r in rows},
                    reason=self.reason(),
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, action, label, rows),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _resolve_matching(self, action: str) -> None:
        """The action on every error matching the filter shown, after a confirmation.

        The ids are read in the worker; the confirmed count bounds them there.
        """
        counts = dict(self._matching)
        n = sum(counts.values())
        kinds = {kind for kind, c in counts.items() if c}
        if self.integration is None or self._acting or not n:
            return
        if not kinds <= set(APPLIES[action]):
            return
        flt = self._shown_query[0]
        label = self._action_label(action)
        if not self.questions.matching(action, label, flt, counts):
            return
        self._acting = True
        self._update_actions()
        self.runner.submit(
            Task(
                label,
                partial(
                    tasks.resolve_matching, self.integration, flt, action, n, reason=self.reason()
                ),
                writes=True,
                on_done=partial(self._on_resolve_done, action, label, []),
                on_failed=partial(self._on_resolve_failed, label),
            )
        )

    def _on_resolve_done(
        self, action: str, label: str, rows: list[ErrorRow], value: object
    ) -> None:
        self._acting = False
        assert isinstance(value, ActionResult)
        result = value
        if result.done:
            self.reason_edit.clear()  # it was said for this action
        by_id = {r.id: r for r in rows}
        done_rows = [by_id[i] for i in result.done if i in by_id]
        if result.done:
            self.statusMessage.emit(
                self.tr("{action}: {done}").format(
                    action=label, done=self.questions.done(action, done_rows, len(result.done))
                ),
                0,
            )
        if result.problems:
            self.statusMessage.emit(self.questions.problems(label, result, rows), 0)
        self._reset_targets()
        self._update_actions()
        self.actionEnded.emit(result)
        self.changed.emit()
        self.refresh()
        self.log_panel.reload()

    def _on_resolve_failed(self, label: str, message: str) -> None:
        self._acting = False
        self._reset_targets()
        self._update_actions()
        self.statusMessage.emit(self.tr("{action}: nothing done").format(action=label), 0)
        message_box(
            self,
            QMessageBox.Icon.Warning,
            label,
            self.tr("{action}: nothing was done.").format(action=label),
            engine_text(message),
        ).exec()
        self.actionEnded.emit(None)
        self.refresh()

    # == export =============================================================================

    @Slot()
    def _on_export_requested(self) -> None:
        """Export Errors to CSV: every error matching the filter, in the table's order."""
        if self.integration is not None and not self.exporter.busy:
            self.exporter.start(self.integration, self._shown_query, dict(self._titles))

    # == the table's menu ===================================================================

    def _on_error_context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.sync_now_action)
        menu.addAction(self.retry_now_action)
        menu.addAction(self.synchronize_action)
        menu.addSeparator()
        for name in ("retry", "use-left", "use-right", "restore", "delete", "remove-coupling"):
            menu.addAction(self.error_actions[name])
        menu.exec(self.error_view.viewport().mapToGlobal(pos))

    def _on_error_double_clicked(self, _index: QModelIndex) -> None:
        self.log_panel.log_view.setFocus()


__all__ = ["ErrorsView", "export_name", "short_key"]
