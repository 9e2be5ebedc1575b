"""The Mappings page's words and item models: the engine's descriptions of a mapping in the
window's language, the list of mappings and one mapping's fields (with their warnings).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from syncdesk.sync.mapping_info import (
    ColumnInfo,
    FieldInfo,
    MappingInfo,
    MappingWarning,
    direction_arrow,
    phrase,
)
from syncdesk.ui.i18n import fmt_int
from syncdesk.ui.models import RowsModel
from syncdesk.workspace import Side

Index = QModelIndex | QPersistentModelIndex

# the grey of what is said in passing (the order, the types, a column not mapped)
MUTED = "#7a7a7a"


def warning_icon() -> QIcon:
    """The style's warning icon (the same one a warning message box shows)."""
    style = QApplication.style()
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


# -- the engine's descriptions in the window's language -----------------------------------------

#: the warnings by code (syncdesk.sync.mapping_info.WARNING_TEMPLATES, whose English they
#: repeat word for word), translated where shown
WARNING_TEMPLATES = {
    "length": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes at most {length} characters, {source_of} up to "
        "{source_length}: longer values will be refused",
    ),
    "length-unlimited": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes at most {length} characters, {source_of} "
        "has no limit: longer values will be refused",
    ),
    "length-key": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes at most {length} characters, the {lookup} keys it "
        "holds are up to {key_length}: longer keys will be refused",
    ),
    "length-key-unlimited": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes at most {length} characters, the "
        "{lookup} keys it holds are of any length: longer keys will be refused",
    ),
    "kind-date": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} holds a date, {source_of} {source_column} a date and "
        "time: only the date is synced",
    ),
    "kind-decimals": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes whole numbers, {source_of} {source_column} may "
        "have decimals: such values will be refused",
    ),
    "kind-text": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} takes {kind_name}, {source_of} {source_column} is text: "
        "other values will be refused",
    ),
    "kind-type": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} is {type}, {source_of} {source_column} is {source_type}: "
        "values may not fit",
    ),
    "empty": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} must have a value, {source_of} {source_column} may be empty: "
        "an empty value will be refused",
    ),
    "check": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} must satisfy a check ({check}), {source_of} {source_column} "
        "has no such rule: other values will be refused",
    ),
    "key": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {column} is part of its table's primary key: writing it changes which "
        "record it is, and a value already in use will be refused",
    ),
    "required": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table}.{column} must have a value, is not mapped and has no "
        "default: creating records in {target} will fail",
    ),
    "key-reused": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table} gives a deleted record's key {column} to the next new "
        "record and no identity is set: a new record under an old key is taken for the deleted "
        "one; name a column that never changes as identity",
    ),
    "modified-index": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table}.{column} (modified) has no index: every job reads "
        "the whole table to find what changed",
    ),
    "key-not-unique": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table}.{column} (key) is not unique in its table: records "
        "that share a key cannot be told apart, and each such key is a failed sync error; name a "
        "column of unique values as key",
    ),
    "modified-kind": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table}.{column} (modified) is {type}, not a date and time: "
        "every job reads the whole table to find what changed",
    ),
    "modified-text": QT_TRANSLATE_NOOP(
        "MappingWarning",
        "{target} {table}.{column} (modified) holds no dates (its newest value "
        "is {sample}): every job reads the whole table to find what changed",
    ),
}

#: the kinds of column a warning names ("takes {kind_name}")
KIND_NAMES = {
    "int": QT_TRANSLATE_NOOP("MappingWarning", "whole numbers"),
    "number": QT_TRANSLATE_NOOP("MappingWarning", "numbers"),
    "date": QT_TRANSLATE_NOOP("MappingWarning", "dates"),
    "datetime": QT_TRANSLATE_NOOP("MappingWarning", "dates and times"),
    "bool": QT_TRANSLATE_NOOP("MappingWarning", "yes or no"),
    "text": QT_TRANSLATE_NOOP("MappingWarning", "text"),
}


def possessive_text(title: str) -> str:
    """``Business Central's`` in English; what the language writes for it elsewhere."""
    if title.endswith("s"):
        return QCoreApplication.translate("MappingsPage", "{app}'").format(app=title)
    return QCoreApplication.translate("MappingsPage", "{app}'s").format(app=title)


def warning_text(w: MappingWarning) -> str:
    """A warning in the window's language (its English ``message`` for an unknown code)."""
    template = WARNING_TEMPLATES.get(w.code)
    if template is None:
        return w.message
    kinds = {k: QCoreApplication.translate("MappingWarning", str(v)) for k, v in KIND_NAMES.items()}
    return phrase(
        QCoreApplication.translate("MappingWarning", str(template)),
        w.params,
        possessive_of=possessive_text,
        kind_names=kinds,
    )


def warning_texts(warnings: Sequence[MappingWarning]) -> list[str]:
    return [warning_text(w) for w in warnings]


def direction_text(direction: str, titles: dict[Side, str]) -> str:
    """``both ways`` or ``Business Central → Dynamics 365 Sales``."""
    if direction == "to-right":
        return f"{titles['left']} → {titles['right']}"
    if direction == "to-left":
        return f"{titles['right']} → {titles['left']}"
    return QCoreApplication.translate("MappingsPage", "both ways")


def conflict_text(policy: str, titles: dict[Side, str]) -> str:
    if policy == "ask":
        return QCoreApplication.translate(
            "MappingsPage", "ask: the pair becomes a sync error until a person chooses"
        )
    if policy == "left-wins":
        return QCoreApplication.translate("MappingsPage", "{app_of} version wins").format(
            app=titles["left"], app_of=possessive_text(titles["left"])
        )
    if policy == "right-wins":
        return QCoreApplication.translate("MappingsPage", "{app_of} version wins").format(
            app=titles["right"], app_of=possessive_text(titles["right"])
        )
    if policy == "newer-wins":
        return QCoreApplication.translate("MappingsPage", "the newer change wins")
    return policy


def delete_text(policy: str) -> str:
    texts = {
        "ask": QCoreApplication.translate(
            "MappingsPage", "ask: the pair becomes a sync error until a person chooses"
        ),
        "restore": QCoreApplication.translate(
            "MappingsPage", "restore the record from the other app"
        ),
        "delete": QCoreApplication.translate(
            "MappingsPage", "delete the record in the other app too"
        ),
        "remove-coupling": QCoreApplication.translate(
            "MappingsPage", "remove the coupling and leave the other record"
        ),
    }
    return texts.get(policy, policy)


def new_records_text(m: MappingInfo) -> str:
    sides = m.new_record_sides
    if not sides:
        return QCoreApplication.translate(
            "MappingsPage", "only coupled records sync; new records are not created"
        )
    if len(sides) == 1:
        return QCoreApplication.translate("MappingsPage", "created in {app} and coupled").format(
            app=m.table(sides[0]).title
        )
    return QCoreApplication.translate(
        "MappingsPage", "created in {first} and {second} and coupled"
    ).format(first=m.table(sides[0]).title, second=m.table(sides[1]).title)


def couple_by_text(m: MappingInfo) -> str:
    if not m.couple_by:
        return ""
    prefer = m.table(m.couple_prefer).title
    if m.couple_case_sensitive:
        text = QCoreApplication.translate(
            "MappingsPage", "{fields} (case-sensitive; on a match, {prefer_of} values win)"
        )
    else:
        text = QCoreApplication.translate(
            "MappingsPage", "{fields} (ignoring case; on a match, {prefer_of} values win)"
        )
    return text.format(
        fields=", ".join(m.couple_by), prefer=prefer, prefer_of=possessive_text(prefer)
    )


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``11th``, ... (``1e``, ``2e`` in Dutch)."""
    if 10 <= n % 100 <= 20:
        text = QCoreApplication.translate("MappingsPage", "{n}th")
    elif n % 10 == 1:
        text = QCoreApplication.translate("MappingsPage", "{n}st")
    elif n % 10 == 2:
        text = QCoreApplication.translate("MappingsPage", "{n}nd")
    elif n % 10 == 3:
        text = QCoreApplication.translate("MappingsPage", "{n}rd")
    else:
        text = QCoreApplication.translate("MappingsPage", "{n}th")
    return text.format(n=fmt_int(n))


def _tooltip(lines: Sequence[str]) -> str:
    """Rich text, so Qt wraps long lines."""
    return "<br>".join(f"⚠ {html.escape(line)}" for line in lines)


# -- the list of mappings -------------------------------------------------------------------


class MappingRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole  # the MappingInfo
    NAME = Qt.ItemDataRole.UserRole + 1  # the mapping's name
    WARNINGS = Qt.ItemDataRole.UserRole + 2  # how many warnings it has


class MappingColumn(IntEnum):
    ORDER = 0
    NAME = 1
    LEFT = 2
    RIGHT = 3
    DIRECTION = 4
    RUNS_AFTER = 5
    WARNINGS = 6


class MappingListModel(QAbstractTableModel):
    """The mappings, in the order they run; a lookup names the mapping it runs after."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappingInfo] = []
        self._titles = {"left": self.tr("Left"), "right": self.tr("Right")}

    def headers(self) -> tuple[str, ...]:
        return (
            "#",
            self.tr("Mapping"),
            self.tr("{app} table").format(app=self._titles["left"]),
            self.tr("{app} table").format(app=self._titles["right"]),
            self.tr("Direction"),
            self.tr("Order"),
            self.tr("Warnings"),
        )

    def set_rows(self, rows: Sequence[MappingInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._rows:
            first = self._rows[0]
            self._titles = {"left": first.left.title, "right": first.right.title}
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(MappingColumn) - 1)

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[MappingInfo]:
        return list(self._rows)

    def row_at(self, row: int) -> MappingInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MappingColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(MappingColumn):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers()[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == MappingColumn.ORDER:
                return self.tr(
                    "The order the mappings run in: a mapping runs after those it looks up"
                )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        col = index.column()
        count = len(m.warnings)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == MappingColumn.ORDER:
                return fmt_int(m.position)
            if col == MappingColumn.NAME:
                return m.name
            if col == MappingColumn.LEFT:
                return m.left.table
            if col == MappingColumn.RIGHT:
                return m.right.table
            if col == MappingColumn.DIRECTION:
                return direction_text(m.direction, m.titles)
            if col == MappingColumn.RUNS_AFTER:
                if not m.runs_after:
                    return ""
                return self.tr("runs after {mappings}").format(mappings=", ".join(m.runs_after))
            if col == MappingColumn.WARNINGS:
                return fmt_int(count) if count else ""
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if col == MappingColumn.WARNINGS and count:
                return warning_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            tables = f"{m.left.table} ({m.left.title}) ↔ {m.right.table} ({m.right.title})"
            lines = [html.escape(f"{m.name}: {tables}, {direction_text(m.direction, m.titles)}")]
            if m.runs_after:
                text = self.tr("Runs after {mappings}").format(mappings=", ".join(m.runs_after))
                lines.append(html.escape(text))
            if count:
                lines.append(_tooltip(warning_texts(m.warnings)))
            return "<br>".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == MappingColumn.ORDER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == MappingColumn.RUNS_AFTER:
            return QColor(MUTED)
        if role == MappingRole.INFO:
            return m
        if role == MappingRole.NAME:
            return m.name
        if role == MappingRole.WARNINGS:
            return count
        return None


# -- the fields of one mapping ----------------------------------------------------------------


class FieldRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole  # the FieldInfo
    WARNINGS = Qt.ItemDataRole.UserRole + 1  # the warnings' messages (a list of str)


class FieldColumn(IntEnum):
    LEFT = 0
    LEFT_TYPE = 1
    DIRECTION = 2
    RIGHT = 3
    RIGHT_TYPE = 4
    LOOKUP = 5


class FieldTableModel(RowsModel[FieldInfo]):
    """One mapping's field pairs, then the required columns nobody fills."""

    columns = FieldColumn

    def set_mapping(self, info: MappingInfo | None) -> None:
        self.beginResetModel()
        self._rows = list(info.fields) if info is not None else []
        if info is not None:
            self._titles = {"left": info.left.title, "right": info.right.title}
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FieldColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                FieldColumn.LEFT: self.tr("{app} field").format(app=self._titles["left"]),
                FieldColumn.LEFT_TYPE: self.tr("Type"),
                FieldColumn.DIRECTION: "",
                FieldColumn.RIGHT: self.tr("{app} field").format(app=self._titles["right"]),
                FieldColumn.RIGHT_TYPE: self.tr("Type"),
                FieldColumn.LOOKUP: self.tr("Lookup"),
            }[FieldColumn(section)]
        if role == Qt.ItemDataRole.ToolTipRole and section == FieldColumn.DIRECTION:
            return self.tr("Which way changes travel: ↔ both ways, → or ← one way")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        col = FieldColumn(index.column())
        column = {
            FieldColumn.LEFT: f.left,
            FieldColumn.LEFT_TYPE: f.left,
            FieldColumn.RIGHT: f.right,
            FieldColumn.RIGHT_TYPE: f.right,
        }.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, col, column)
        if role == Qt.ItemDataRole.DecorationRole:
            side = {FieldColumn.LEFT: "left", FieldColumn.RIGHT: "right"}.get(col)
            if side is not None and any(w.side == side for w in f.warnings):
                return warning_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(f, col, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == FieldColumn.DIRECTION:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
            not f.mapped or col in (FieldColumn.LEFT_TYPE, FieldColumn.RIGHT_TYPE)
        ):
            return QColor(MUTED)
        if role == Qt.ItemDataRole.FontRole and (not f.mapped or col == FieldColumn.DIRECTION):
            font = QFont()
            if f.mapped:
                font.setBold(True)
            else:
                font.setItalic(True)
            return font
        if role == FieldRole.INFO:
            return f
        if role == FieldRole.WARNINGS:
            return warning_texts(f.warnings)
        return None

    def _display(self, f: FieldInfo, col: FieldColumn, column: ColumnInfo | None) -> str:
        if col in (FieldColumn.LEFT, FieldColumn.RIGHT):
            if column is None:
                return "—"
            if f.couple_by:
                return self.tr("{column} (couple by)").format(column=column.name)
            return column.name
        if col in (FieldColumn.LEFT_TYPE, FieldColumn.RIGHT_TYPE):
            if column is None:
                return ""
            return column.type if column.nullable else f"{column.type} NOT NULL"
        if col == FieldColumn.DIRECTION:
            return direction_arrow(f.direction) if f.mapped else ""
        if col == FieldColumn.LOOKUP:
            if not f.mapped:
                return self.tr("not mapped")
            return f.lookup or ""
        return ""

    def _tooltip(self, f: FieldInfo, col: FieldColumn, column: ColumnInfo | None) -> str | None:
        lines: list[str] = []
        if col == FieldColumn.DIRECTION and f.mapped:
            if f.direction == "to-right":
                lines.append(
                    self.tr("Changes travel to {app} only").format(app=self._titles["right"])
                )
            elif f.direction == "to-left":
                lines.append(
                    self.tr("Changes travel to {app} only").format(app=self._titles["left"])
                )
            else:
                lines.append(self.tr("Changes travel both ways"))
        elif col == FieldColumn.LOOKUP and f.lookup:
            lines.append(
                self.tr("Holds a key of {mapping}, translated through its couplings").format(
                    mapping=f.lookup
                )
            )
        elif column is not None:
            parts = [f"{column.name}: {column.type}"]
            parts.append(
                self.tr("may be empty") if column.nullable else self.tr("must have a value")
            )
            parts.extend(self.tr("check: {check}").format(check=c) for c in column.checks)
            if f.couple_by:
                parts.append(self.tr("records are coupled when their values match"))
            lines.append(", ".join(parts))
        text = "<br>".join(html.escape(line) for line in lines)
        if f.warnings:
            text = "<br>".join(t for t in (text, _tooltip(warning_texts(f.warnings))) if t)
        return text or None


__all__ = [
    "KIND_NAMES",
    "MUTED",
    "WARNING_TEMPLATES",
    "FieldColumn",
    "FieldRole",
    "FieldTableModel",
    "MappingColumn",
    "MappingListModel",
    "MappingRole",
    "conflict_text",
    "couple_by_text",
    "delete_text",
    "direction_text",
    "new_records_text",
    "ordinal",
    "possessive_text",
    "warning_icon",
    "warning_text",
    "warning_texts",
]
