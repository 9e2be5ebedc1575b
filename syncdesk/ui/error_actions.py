"""The actions on sync errors as the Sync Errors page offers them: their words, and the
questions asked before one changes an app.

Each confirmation says what is true of the selection (a record already deleted in one app
is not "kept in both apps"; a failed insert has no partner), names the counts, and says
when SyncDesk cannot undo what follows. The dialogs are plain text: keys and names are data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from syncdesk.sync.actions import ActionResult
from syncdesk.sync.queries import ErrorFilter, ErrorRow
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import field_label, kind_text
from syncdesk.ui.record_log import short_key

#: at most this many records are named one by one in a question
NAMED = 5
#: at most this many records are named with why an action could not do them
PROBLEM_LINES = 20


@dataclass(frozen=True)
class ErrorAction:
    """How one action on sync errors appears: its menu text, shortcut and tip (translated)."""

    action: str
    text: str
    shortcut: str
    tip: str


def message_box(
    parent: QWidget,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box that shows its texts as plain text (they hold keys, names, messages)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(informative)
    return box


def record_words(r: ErrorRow) -> str:
    """A sync error's record as a person reads it: ``CUSTOMER C00004 (Alpha)``."""
    key = short_key(r.left_key or r.right_key, 24)
    return f"{r.mapping} {key} ({r.title})" if r.title else f"{r.mapping} {key}"


class ErrorCommands(QObject):
    """The Sync Errors page's commands, as the menus, the toolbar and the table's menu show
    them; the page connects what they do."""

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | str,
        tip: str,
    ) -> QAction:
        action = QAction(text, self)
        seq = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        action.setShortcut(seq)
        keys = seq.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(self.tr("{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip)
        action.setStatusTip(tip)
        return action

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.sync_now = self._action(
            self.tr("Synchronize &Now"),
            "Ctrl+F9",
            self.tr("Synchronize the records of the selected sync errors now"),
        )
        self.specs = {
            "retry": ErrorAction(
                "retry",
                self.tr("&Retry"),
                "Ctrl+R",
                self.tr("Include the selected records in the next job again"),
            ),
            "use-left": ErrorAction(
                "use-left",
                self.tr("Use &Left Version"),
                "Ctrl+Shift+L",
                self.tr("Resolve the selected conflicts with the left app's values, in both apps"),
            ),
            "use-right": ErrorAction(
                "use-right",
                self.tr("Use R&ight Version"),
                "Ctrl+Shift+R",
                self.tr("Resolve the selected conflicts with the right app's values, in both apps"),
            ),
            "restore": ErrorAction(
                "restore",
                self.tr("Re&store Records"),
                "Ctrl+Shift+T",
                self.tr(
                    "Re-create the selected deleted records from the other app and couple them"
                ),
            ),
            "delete": ErrorAction(
                "delete",
                self.tr("&Delete Records…"),
                "Shift+Del",
                self.tr(
                    "Delete the selected records in the app where they still exist, and uncouple"
                ),
            ),
            "remove-coupling": ErrorAction(
                "remove-coupling",
                self.tr("Remove &Coupling…"),
                "Ctrl+U",
                self.tr("Uncouple the selected records; neither syncs again until coupled again"),
            ),
        }
        self.errors: dict[str, QAction] = {
            name: self._action(spec.text, spec.shortcut, spec.tip)
            for name, spec in self.specs.items()
        }
        # the toolbar's short words: a context of their own (shorter there)
        self.errors["restore"].setIconText(QCoreApplication.translate("MainToolbar", "Restore"))
        self.errors["delete"].setIconText(QCoreApplication.translate("MainToolbar", "Delete"))
        self.errors["remove-coupling"].setIconText(
            QCoreApplication.translate("MainToolbar", "Remove Coupling")
        )
        self.retry_now = self._action(
            self.tr("Retry N&ow"),
            "Ctrl+Alt+R",
            self.tr("Retry the selected records now: a job for each, and what it did"),
        )
        self.synchronize = self._action(
            self.tr("S&ynchronize…"),
            "Ctrl+Shift+Y",
            self.tr(
                "Compare the selected conflicts side by side and choose a value per field, or "
                "mend the value an app refused (one failed error)"
            ),
        )
        self.export = self._action(
            self.tr("&Export Errors to CSV…"),
            "Ctrl+E",
            self.tr("Write every sync error matching the filter to a CSV file (opens in Excel)"),
        )
        self.all_matching = QAction(self.tr("Apply to &All Matching Errors"), self)
        self.all_matching.setCheckable(True)
        self.all_matching.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.all_matching.setStatusTip(
            self.tr(
                "Let the next action apply to every sync error matching the filter, not only "
                "the selected ones"
            )
        )
        self.all_matching.setToolTip(
            self.tr("Apply the next action to every sync error matching the filter (Ctrl+Shift+A)")
        )
        self.show_log = QAction(self.tr("Record &Log"), self)
        self.show_log.setCheckable(True)
        self.show_log.setChecked(True)
        self.show_log.setShortcut(QKeySequence("Ctrl+L"))
        self.show_log.setToolTip(self.tr("Show or hide the record log panel (Ctrl+L)"))

    def menu_actions(self) -> list[QAction | None]:
        """The Errors menu, in order (``None``: a separator)."""
        a = self.errors
        return [
            a["retry"],
            self.retry_now,
            self.synchronize,
            a["use-left"],
            a["use-right"],
            a["restore"],
            None,
            a["delete"],
            a["remove-coupling"],
            None,
            self.all_matching,
        ]


class ErrorQuestions(QObject):
    """The questions before an action, and the words after it (context "ErrorQuestions")."""

    def __init__(self, parent: QWidget, titles: Mapping[str, str]) -> None:
        super().__init__(parent)
        self.widget = parent
        self.titles = dict(titles)

    # -- asking -------------------------------------------------------------------------

    def confirm(
        self, title: str, text: str, informative: str, accept: str, *, destructive: bool
    ) -> bool:
        box = message_box(
            self.widget,
            QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
            title,
            text,
            informative,
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(accept)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return bool(box.exec() == QMessageBox.StandardButton.Ok)

    def describe_filter(self, flt: ErrorFilter) -> str:
        parts = []
        if flt.mappings:
            parts.append(self.tr("mapping {names}").format(names=", ".join(flt.mappings)))
        if flt.kinds:
            parts.append(", ".join(kind_text(k, self.titles) for k in flt.kinds))
        if flt.search:
            parts.append(self.tr("“{text}”").format(text=flt.search))
        if not parts:
            return self.tr("These are all the open sync errors (no filter is set).")
        return self.tr("These are the open sync errors matching the filter: {filter}.").format(
            filter="; ".join(parts)
        )

    def delete(self, rows: Sequence[ErrorRow]) -> bool:
        # deleted in the left app → the record still exists in the right one, and vice versa
        in_right = sum(1 for r in rows if r.kind == "deleted-left")
        return self.delete_counts(len(rows) - in_right, in_right)

    def delete_counts(self, in_left: int, in_right: int, lead: str = "") -> bool:
        """Ask before deleting ``in_left`` records in the left app and ``in_right`` in the right."""
        left, right = self.titles["left"], self.titles["right"]
        n = in_left + in_right
        if in_left and in_right:
            question = self.tr("Delete {left} and {right}, and uncouple them?").format(
                left=self.tr("%Ln record(s) in {app}", "", in_left).format(app=left),
                right=self.tr("%Ln record(s) in {app}", "", in_right).format(app=right),
            )
        else:
            question = self.tr("Delete %Ln record(s) in {app} and uncouple them?", "", n).format(
                app=left if in_left else right
            )
        effect = self.tr(
            "These records were deleted in the other app; deleting here makes both apps agree. "
            "SyncDesk cannot undo a delete.",
            "",
            n,
        )
        return self.confirm(
            self.tr("Delete Records"),
            question,
            self.tr("{lead} {effect}").format(lead=lead, effect=effect) if lead else effect,
            self.tr("Delete Records"),
            destructive=True,
        )

    def remove_coupling(self, rows: Sequence[ErrorRow]) -> bool:
        """Remove Coupling, worded from what is true of each selected record."""
        if len(rows) == 1:
            r = rows[0]
            question = self.tr("Remove the coupling of {record}?").format(record=record_words(r))
        else:
            question = self.tr("Remove the coupling of %Ln record pair(s)?", "", len(rows))
        both = [r for r in rows if r.kind in ("conflict", "failed") and r.left_key and r.right_key]
        gone = {
            side: [r for r in rows if r.kind == f"deleted-{side}"] for side in ("left", "right")
        }
        alone = [r for r in rows if r.kind == "failed" and not (r.left_key and r.right_key)]
        return self.confirm(
            self.tr("Remove Coupling"),
            question,
            self._uncouple_effect(len(both), {s: len(v) for s, v in gone.items()}, alone),
            self.tr("Remove Coupling"),
            destructive=True,
        )

    def _uncouple_effect(
        self, both: int, gone: Mapping[str, int], alone: Sequence[ErrorRow] | int
    ) -> str:
        left, right = self.titles["left"], self.titles["right"]
        lines = [self.tr("Nothing is deleted.")]
        if both:
            lines.append(
                self.tr(
                    "%Ln pair(s) stay in {left} and {right}, uncoupled: they no longer "
                    "synchronize, and are not created again on the other side.",
                    "",
                    both,
                ).format(left=left, right=right)
            )
        for side, other in (("left", right), ("right", left)):
            if gone.get(side):
                lines.append(
                    self.tr(
                        "%Ln record(s) already deleted in {gone}: the one in {kept} stays "
                        "there and is not created again in {gone}.",
                        "",
                        gone[side],
                    ).format(gone=self.titles[side], kept=other)
                )
        if isinstance(alone, int):
            if alone:
                lines.append(
                    self.tr(
                        "%Ln failed write(s): their records stay where they are and are not "
                        "tried again.",
                        "",
                        alone,
                    )
                )
        else:
            for side, other in (("left", right), ("right", left)):
                n = sum(1 for r in alone if (r.left_key if side == "left" else r.right_key))
                if n:
                    lines.append(
                        self.tr(
                            "%Ln record(s) that never reached {other} stay in {app} only, and "
                            "are not created in {other}.",
                            "",
                            n,
                        ).format(app=self.titles[side], other=other)
                    )
        lines.append(self.tr("Couple them again on the Records page to synchronize them."))
        return " ".join(lines)

    def overwrite(self, action: str, rows: Sequence[ErrorRow]) -> bool:
        """Use Left/Right Version: ask when more than one record or field is overwritten."""
        source: str = "left" if action == "use-left" else "right"
        target = "right" if source == "left" else "left"
        fields = {r.id: list(r.detail.get("fields") or []) for r in rows}
        n_fields = sum(max(len(f), 1) for f in fields.values())
        if len(rows) <= 1 and n_fields <= 1:
            return True
        src, dst = self.titles[source], self.titles[target]
        question = self.tr(
            "Overwrite %Ln field value(s) in {target} with the values in {source}?", "", n_fields
        ).format(target=dst, source=src)
        named = [
            self.tr("• {record}: {fields}").format(
                record=record_words(r),
                fields=", ".join(field_label(f) for f in fields[r.id]) or "—",
            )
            for r in rows[:NAMED]
        ]
        if len(rows) > NAMED:
            named.append(self.tr("… and %Ln more record(s)", "", len(rows) - NAMED))
        effect = self.tr(
            "%Ln record(s) in {target} take the values in {source}. SyncDesk cannot undo this: "
            "the values they hold in {target} now are overwritten.",
            "",
            len(rows),
        ).format(target=dst, source=src)
        return self.confirm(
            self.tr("Use {app} Version").format(app=src),
            question,
            "\n".join([*named, "", effect]),
            self.tr("Overwrite in {app}").format(app=dst),
            destructive=True,
        )

    def matching(
        self, action: str, label: str, flt: ErrorFilter, counts: Mapping[str, int]
    ) -> bool:
        """An action on every error matching the filter: its count, what it does, confirmed."""
        n = sum(counts.values())
        where = self.describe_filter(flt)
        left, right = self.titles["left"], self.titles["right"]
        if action == "delete":
            # deleted in the left app → the record still exists in the right one
            return self.delete_counts(
                counts.get("deleted-right", 0),
                counts.get("deleted-left", 0),
                self.tr("All %Ln matching sync error(s). {where}", "", n).format(where=where),
            )
        if action == "remove-coupling":
            gone = {"left": counts.get("deleted-left", 0), "right": counts.get("deleted-right", 0)}
            effect = self._uncouple_effect(counts.get("conflict", 0), gone, counts.get("failed", 0))
            return self.confirm(
                label,
                self.tr("Remove the coupling of all %Ln matching record pair(s)?", "", n),
                self.tr("{where} {effect}").format(where=where, effect=effect),
                label,
                destructive=True,
            )
        questions = {
            "retry": (
                self.tr("Retry all %Ln matching sync error(s)?", "", n),
                self.tr("The next job includes them again."),
            ),
            "use-left": (
                self.tr(
                    "Resolve all %Ln matching conflict(s) with the values in {app}?", "", n
                ).format(app=left),
                self.tr(
                    "The values in {source} are written to {target} for each of them. SyncDesk "
                    "cannot undo this."
                ).format(source=left, target=right),
            ),
            "use-right": (
                self.tr(
                    "Resolve all %Ln matching conflict(s) with the values in {app}?", "", n
                ).format(app=right),
                self.tr(
                    "The values in {source} are written to {target} for each of them. SyncDesk "
                    "cannot undo this."
                ).format(source=right, target=left),
            ),
            "restore": (
                self.tr("Restore all %Ln matching deleted record(s)?", "", n),
                self.tr("Each is created again from the other app and coupled."),
            ),
        }
        question, effect = questions.get(
            action,
            (self.tr("{action}: all %Ln sync error(s)?", "", n).format(action=label), ""),
        )
        return self.confirm(
            label,
            question,
            self.tr("{where} {effect}").format(where=where, effect=effect).strip(),
            label,
            destructive=action != "retry",
        )

    # -- telling ------------------------------------------------------------------------

    def done(self, action: str, rows: Sequence[ErrorRow], n: int) -> str:
        """What an action did, for the status bar: the records, not "sync errors deleted"."""
        if action == "retry":
            return self.tr("%Ln record(s) wait for the next job", "", n)
        if action in ("use-left", "use-right", "choose"):
            if action == "choose":
                return self.tr("%Ln conflict(s) resolved", "", n)
            app = self.titles["left" if action == "use-left" else "right"]
            return self.tr("%Ln conflict(s) resolved with the values in {app}", "", n).format(
                app=app
            )
        kinds = {r.kind for r in rows}
        if action == "restore":
            if kinds in ({"deleted-left"}, {"deleted-right"}):
                app = self.titles["left" if kinds == {"deleted-left"} else "right"]
                return self.tr("%Ln record(s) restored in {app}", "", n).format(app=app)
            return self.tr("%Ln record(s) restored", "", n)
        if action == "delete":
            if kinds in ({"deleted-left"}, {"deleted-right"}):
                # deleted in the left app: the record went in the right one
                app = self.titles["right" if kinds == {"deleted-left"} else "left"]
                return self.tr("%Ln record(s) deleted in {app}", "", n).format(app=app)
            return self.tr("%Ln record(s) deleted", "", n)
        if action == "remove-coupling":
            return self.tr("%Ln record(s) uncoupled", "", n)
        return fmt_int(n)

    def problems(self, label: str, result: ActionResult, rows: Sequence[ErrorRow]) -> str:
        """Say which records an action could not do, and why (a box); the status line."""
        by_id = {r.id: r for r in rows}
        lines = []
        for error_id, problem in list(result.problems.items())[:PROBLEM_LINES]:
            r = by_id.get(error_id)
            what = record_words(r) if r else self.tr("sync error {id}").format(id=error_id)
            lines.append(
                self.tr("• {what}: {problem}").format(what=what, problem=engine_text(problem))
            )
        if len(result.problems) > PROBLEM_LINES:
            lines.append(self.tr("… and %Ln more", "", len(result.problems) - PROBLEM_LINES))
        n_all = len(result.done) + len(result.problems)
        message_box(
            self.widget,
            QMessageBox.Icon.Warning,
            label,
            self.tr(
                "{count} of %Ln record(s) could not be done; they stay in the list.", "", n_all
            ).format(count=fmt_int(len(result.problems))),
            "\n".join(lines),
        ).exec()
        return self.tr("{action}: {count} of %Ln record(s) done", "", n_all).format(
            action=label, count=fmt_int(len(result.done))
        )
