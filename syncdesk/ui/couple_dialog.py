"""The Couple dialog: choose the record of the other app to couple a record to, from
match suggestions or a search of that app (read in the window's task runner)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from syncdesk.sync.integration import Integration
from syncdesk.sync.records import (
    RecordRow,
    Suggestion,
    match_fields,
    match_suggestions,
    search_records,
)
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.models import (
    field_label,
)
from syncdesk.ui.records_models import (
    PAGE_SIZE,
    SEARCH_DELAY_MS,
    RecordColumn,
    RecordTableModel,
    elide_keys,
    fit_headers,
)
from syncdesk.ui.worker import Task, TaskContext, TaskRunner
from syncdesk.workspace import Side, other


@dataclass(frozen=True)
class Candidates:
    rows: list[RecordRow]
    suggestions: list[Suggestion]
    searched: bool


def load_candidates(
    integration: Integration,
    mapping: str,
    side: Side,
    key: str,
    text: str,
    context: TaskContext,
) -> Candidates:
    """Suggestions for ``side:key`` (no text), or the other app's records holding ``text``."""
    if text.strip():
        rows = search_records(integration, mapping, other(side), text, limit=PAGE_SIZE)
        return Candidates(rows, [], True)
    found = match_suggestions(integration, mapping, side, key)
    return Candidates([s.record for s in found], found, False)


# == the couple dialog =======================================================================


class CoupleDialog(QDialog):
    """Choose the record of the other app to couple to: suggestions, or a search."""

    candidatesLoaded = Signal()
    """The suggestions or the search results are shown."""

    def __init__(
        self,
        runner: TaskRunner,
        integration: Integration,
        record: RecordRow,
        titles: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.integration = integration
        self.record = record
        self.titles = titles
        mt = integration.mapping_tables(record.mapping)
        target = other(record.side)
        self.setWindowTitle(
            self.tr("Couple {app} {mapping} {key}").format(
                app=titles[record.side], mapping=record.mapping, key=record.key
            )
        )
        self.setObjectName("CoupleDialog")
        self.resize(760, 440)
        self._by = [field_label(n) for n in match_fields(mt)]
        self._channel = f"couple-candidates-{id(self)}"

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Couple <b>{key}</b> in {app} to a record in {other}. The next sync copies "
                "{prefer}'s values where they differ."
            ).format(
                key=html.escape(record.key),
                app=html.escape(titles[record.side]),
                other=html.escape(titles[target]),
                prefer=html.escape(titles[mt.mapping.couple_prefer]),
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Search the records of the other app"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search {app} by key or any mapped field…").format(app=titles[target])
        )
        layout.addWidget(self.search_edit)
        self.info_label = QLabel()
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label.setEnabled(False)
        layout.addWidget(self.info_label)
        self.model = RecordTableModel(self)
        self.model.set_layout(target, [f.left for f in mt.mapping.fields], titles)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move
        self.view.setObjectName("CandidateTable")
        self.view.setAccessibleName(self.tr("Records of the other app"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        elide_keys(self.view)
        widths = {RecordColumn.KEY: 150, RecordColumn.STATUS: 150, RecordColumn.PARTNER: 150}
        fit_headers(self.view, widths)
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Couple"))
        ok.setEnabled(False)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._connect_signals()
        self._load()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self._timer.timeout.connect(self._load)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.doubleClicked.connect(lambda _i: self.accept() if self.chosen_key() else None)
        self.finished.connect(self._on_finished)

    def _load(self) -> None:
        self._timer.stop()
        r = self.record
        self.info_label.setText(self.tr("Reading…"))
        self.runner.submit(
            Task(
                self.tr("Find records to couple"),
                partial(
                    load_candidates,
                    self.integration,
                    r.mapping,
                    r.side,
                    r.key,
                    self.search_edit.text(),
                ),
                channel=self._channel,
                on_done=self._on_loaded,
                on_failed=self._on_failed,
            )
        )

    def _on_loaded(self, value: object) -> None:
        assert isinstance(value, Candidates)
        self.model.set_rows(value.rows)
        target = self.titles[other(self.record.side)]
        if value.searched:
            self.model.set_extra("", {})
            self.info_label.setText(
                self.tr("%Ln record(s) in {app} hold “{text}”", "", len(value.rows)).format(
                    app=target, text=self.search_edit.text().strip()
                )
            )
        else:
            self.model.set_extra(
                self.tr("Matches"),
                {
                    s.record.key: self.tr("{matched} of {total}").format(
                        matched=fmt_int(s.matched), total=fmt_int(s.of)
                    )
                    for s in value.suggestions
                },
            )
            by = ", ".join(self._by)
            if value.suggestions:
                self.info_label.setText(
                    self.tr(
                        "Suggestions: uncoupled records in {app} whose {fields} match, best first"
                    ).format(app=target, fields=by)
                )
            else:
                self.info_label.setText(
                    self.tr(
                        "No uncoupled record in {app} matches by {fields}; search for one above"
                    ).format(app=target, fields=by)
                )
        if self.model.rowCount():
            self.view.selectRow(0)
        self.candidatesLoaded.emit()

    def _on_failed(self, message: str) -> None:
        self.info_label.setText(message)
        self.candidatesLoaded.emit()

    def _on_selection(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.chosen_key() is not None)

    def chosen_key(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return None if row.coupled else row.key

    def _on_finished(self, _result: int) -> None:
        self._timer.stop()
        self.runner.invalidate(self._channel)
