"""Undo in the record log panel: the words before and after taking back one entry.

Whether an entry can be undone, and what its undo does, were read with the log
(:func:`syncdesk.sync.undo.undo_checks`): the button says why not where it cannot. Before
an undo the person is asked, with the app named where the record is deleted (an insert
undone), made again (a deletion undone) or written back to; afterwards the panel says what
happened — done, or nothing written because the app changed the record since (a conflict
now, and why). The undo itself runs in the window's task runner
(:func:`syncdesk.ui.tasks.undo_entry`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from syncdesk.sync.queries import LogRow
from syncdesk.sync.undo import UndoCheck, UndoResult
from syncdesk.ui.i18n import TranslationContext
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import field_label, show_value
from syncdesk.ui.outcome import Told
from syncdesk.workspace import Side, other


class UndoAction(TranslationContext):
    """Only the translation context of this module's texts (see TranslationContext)."""


#: at most this many field changes are named in the question
NAMED_FIELDS = 8


def _tr(text: str) -> str:
    return UndoAction.tr(text)


def undo_tip(check: UndoCheck | None) -> str:
    """The Undo button's tooltip: what it does, or why the entry cannot be undone."""
    if check is None:
        return UndoAction.tr("Select a log entry to undo it")
    if check.reason is not None:
        return UndoAction.tr("Cannot be undone: {reason}").format(reason=engine_text(check.reason))
    return UndoAction.tr("Take back what this entry did (Ctrl+Z)")


def question(entry: LogRow, check: UndoCheck, titles: dict[str, str]) -> tuple[str, str]:
    """What an undo of ``entry`` will do, as a question and its details (plain text)."""
    side: Side = check.side or "left"
    app = titles[side]
    key = (entry.left_key if side == "left" else entry.right_key) or "—"
    if check.kind == "insert":
        if check.restore:
            text = UndoAction.tr("Delete {mapping} {key} in {app} again?").format(
                mapping=entry.mapping, key=key, app=app
            )
            detail = UndoAction.tr(
                "Restore Records made this record again in {app}. Undone, it is deleted there "
                "and the pair is a deletion again, waiting in Sync Errors.",
            ).format(app=app)
        else:
            source = titles[other(side)]
            text = UndoAction.tr("Delete {mapping} {key} in {app}, and uncouple it?").format(
                mapping=entry.mapping, key=key, app=app
            )
            detail = UndoAction.tr(
                "This entry inserted the record in {app}. Undone, it is deleted there; the "
                "record in {source} stays, and is not created again until coupled by hand. "
                "If {app} changed the record since, nothing is deleted.",
            ).format(app=app, source=source)
        return text, detail
    if check.kind == "delete":
        text = UndoAction.tr("Make {mapping} {key} again in {app}, and couple it?").format(
            mapping=entry.mapping, key=key, app=app
        )
        detail = UndoAction.tr(
            "This entry deleted the record in {app}. Undone, it is created there again from "
            "the values the log kept, and coupled to the record in {other}.",
        ).format(app=app, other=titles[other(side)])
        return text, _with_fields(detail, entry, before=True)
    if check.kind == "couple":
        text = UndoAction.tr("Uncouple {mapping} {left} and {right}?")
        detail = UndoAction.tr("Neither record is changed; they are no longer kept in step.")
    elif check.kind == "uncouple":
        text = UndoAction.tr("Couple {mapping} {left} and {right} again?")
        detail = UndoAction.tr("Neither record is changed; the next job keeps them in step again.")
    else:
        text = UndoAction.tr("Write back to {app} what it held before this entry?").format(app=app)
        detail = UndoAction.tr(
            "If {app} changed these fields since, nothing is written and the record becomes a "
            "conflict to resolve in Sync Errors.",
        ).format(app=app)
        return text, _with_fields(detail, entry, before=False)
    return (
        text.format(
            mapping=entry.mapping, left=entry.left_key or "—", right=entry.right_key or "—"
        ),
        detail,
    )


def _with_fields(detail: str, entry: LogRow, *, before: bool) -> str:
    lines = []
    for name, pair in list(entry.changes.items())[:NAMED_FIELDS]:
        was, now = [*pair, None, None][:2]
        if before:
            lines.append(f"{field_label(name)}: {show_value(was)}")
        else:
            lines.append(f"{field_label(name)}: {show_value(now)} → {show_value(was)}")
    if len(entry.changes) > NAMED_FIELDS:
        lines.append("…")
    return detail + ("\n\n" + "\n".join(lines) if lines else "")


def confirm(parent: QWidget, entry: LogRow, check: UndoCheck, titles: dict[str, str]) -> bool:
    """Ask before an undo (it writes to an app, or couples); True: go on."""
    text, detail = question(entry, check, titles)
    box = QMessageBox(
        QMessageBox.Icon.Warning if check.kind == "insert" else QMessageBox.Icon.Question,
        UndoAction.tr("Undo log entry {id}").format(id=entry.id),
        text,
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # keys and values are data
    box.setInformativeText(detail)
    box.button(QMessageBox.StandardButton.Ok).setText(UndoAction.tr("Undo"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return bool(box.exec() == QMessageBox.StandardButton.Ok)


def told(result: UndoResult) -> Told:
    """What an undo did, for the panel's outcome bar."""
    if result.done:
        return Told(
            "ok",
            UndoAction.tr("Log entry {id} undone: {message}").format(
                id=result.log_id, message=engine_text(result.message)
            ),
            job=result.job,
        )
    if result.conflict:
        return Told(
            "warning",
            UndoAction.tr("Nothing was undone: {message}. The record is a conflict now.").format(
                message=engine_text(result.message)
            ),
            job=result.job,
        )
    return Told(
        "error",
        UndoAction.tr("Log entry {id} was not undone: {message}").format(
            id=result.log_id, message=engine_text(result.message)
        ),
        job=result.job,
    )


def failed(log_id: int, message: str) -> Told:
    return Told(
        "error",
        UndoAction.tr("Log entry {id} was not undone: {message}").format(
            id=log_id, message=engine_text(message)
        ),
    )


__all__ = ["confirm", "failed", "question", "told", "undo_tip"]
