"""The preview window's item models: the planned records grouped by action, the counts per
mapping, and the field changes of one record (:mod:`syncdesk.ui.preview_window`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from syncdesk.sync.plan import PreviewRecord
from syncdesk.sync.preview import MappingPreview
from syncdesk.sync.values import Canonical
from syncdesk.ui.i18n import QT_TRANSLATE_NOOP, fmt_int
from syncdesk.ui.messages import engine_text
from syncdesk.ui.models import KIND_COLORS, field_label, plain_tip, show_canonical
from syncdesk.workspace import Side

Index = QModelIndex | QPersistentModelIndex

#: the groups of planned records, in the order shown: what needs a look first
GROUPS = (
    "fail",
    "conflict",
    "deleted",
    "insert-right",
    "insert-left",
    "modify",
    "delete-right",
    "delete-left",
    "couple",
    "remove-coupling",
)

GROUP_TITLES = {
    "fail": QT_TRANSLATE_NOOP("PreviewModel", "Would fail"),
    "conflict": QT_TRANSLATE_NOOP("PreviewModel", "Conflicts"),
    "deleted": QT_TRANSLATE_NOOP("PreviewModel", "Deletions found"),
    "insert-right": QT_TRANSLATE_NOOP("PreviewModel", "Insert into {right}"),
    "insert-left": QT_TRANSLATE_NOOP("PreviewModel", "Insert into {left}"),
    "modify": QT_TRANSLATE_NOOP("PreviewModel", "Modify"),
    "delete-right": QT_TRANSLATE_NOOP("PreviewModel", "Delete in {right}"),
    "delete-left": QT_TRANSLATE_NOOP("PreviewModel", "Delete in {left}"),
    "couple": QT_TRANSLATE_NOOP("PreviewModel", "Couple (matched)"),
    "remove-coupling": QT_TRANSLATE_NOOP("PreviewModel", "Remove coupling"),
}

GROUP_COLORS = {
    "fail": KIND_COLORS["failed"],
    "conflict": KIND_COLORS["conflict"],
    "deleted": KIND_COLORS["deleted-left"],
}


def group_of(action: str) -> str:
    return "deleted" if action in ("deleted-left", "deleted-right") else action


def _tr(text: str) -> str:
    return QCoreApplication.translate("PreviewModel", text)


def group_title(group: str, titles: dict[Side, str]) -> str:
    template = GROUP_TITLES.get(group)
    if template is None:
        return group
    return _tr(str(template)).format(left=titles["left"], right=titles["right"])


@dataclass(frozen=True)
class Planned:
    """One planned record, and the mapping it belongs to."""

    mapping: str
    record: PreviewRecord


@dataclass
class _Group:
    key: str
    items: list[Planned] = field(default_factory=list)


class PreviewColumn(IntEnum):
    NAME = 0
    MAPPING = 1
    LEFT = 2
    RIGHT = 3
    DETAIL = 4


class PreviewRole(IntEnum):
    PLANNED = Qt.ItemDataRole.UserRole  # the Planned of a record row (None on a group)
    GROUP = Qt.ItemDataRole.UserRole + 1  # the group's key (on a group row and its records)


class PreviewTreeModel(QAbstractItemModel):
    """The planned records, one group per action (a group row, its records below it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._titles: dict[Side, str] = {"left": "Left", "right": "Right"}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_titles(self, titles: dict[Side, str]) -> None:
        self._titles = dict(titles)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PreviewColumn) - 1)

    def set_previews(self, previews: Sequence[MappingPreview]) -> None:
        groups: dict[str, _Group] = {}
        for p in previews:
            for r in p.records:
                key = group_of(r.action)
                groups.setdefault(key, _Group(key)).items.append(Planned(p.mapping, r))
        order = {g: i for i, g in enumerate(GROUPS)}
        self.beginResetModel()
        self._groups = sorted(groups.values(), key=lambda g: (order.get(g.key, len(order)), g.key))
        self.endResetModel()

    def clear(self) -> None:
        self.set_previews([])

    def groups(self) -> list[tuple[str, int]]:
        """The groups shown: (key, how many records)."""
        return [(g.key, len(g.items)) for g in self._groups]

    def records(self, group: str) -> list[Planned]:
        return next((list(g.items) for g in self._groups if g.key == group), [])

    # -- Qt's model interface ----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index | None = None) -> Any:
        """The group row of a record row (called with no index: the owning QObject)."""
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(PreviewColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(PreviewColumn):
            return None
        return {
            PreviewColumn.NAME: self.tr("Record"),
            PreviewColumn.MAPPING: self.tr("Mapping"),
            PreviewColumn.LEFT: self._titles["left"],
            PreviewColumn.RIGHT: self._titles["right"],
            PreviewColumn.DETAIL: self.tr("What the job would do"),
        }[PreviewColumn(section)]

    def _group_at(self, index: Index) -> tuple[_Group, Planned | None] | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._groups):
                return None
            return self._groups[index.row()], None
        g = index.internalId() - 1
        if g >= len(self._groups) or index.row() >= len(self._groups[g].items):
            return None
        group = self._groups[g]
        return group, group.items[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self._group_at(index)
        if found is None:
            return None
        group, planned = found
        col = PreviewColumn(index.column())
        if role == PreviewRole.GROUP:
            return group.key
        if role == PreviewRole.PLANNED:
            return planned
        if planned is None:
            if role == Qt.ItemDataRole.DisplayRole and col == PreviewColumn.NAME:
                return self.tr("{group} — {count}").format(
                    group=group_title(group.key, self._titles), count=fmt_int(len(group.items))
                )
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.ForegroundRole and group.key in GROUP_COLORS:
                return QBrush(QColor(GROUP_COLORS[group.key]))
            return None
        r = planned.record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(planned, col)
            return plain_tip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and col == PreviewColumn.DETAIL:
            return self._text(planned, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == PreviewColumn.DETAIL:
            color = GROUP_COLORS.get(group_of(r.action))
            return QBrush(QColor(color)) if color and r.action == "fail" else None
        return None

    def _text(self, planned: Planned, col: PreviewColumn) -> str:
        r = planned.record
        if col == PreviewColumn.NAME:
            return r.title or r.left_key or r.right_key or "—"
        if col == PreviewColumn.MAPPING:
            return planned.mapping
        if col == PreviewColumn.LEFT:
            return r.left_key or "—"
        if col == PreviewColumn.RIGHT:
            return r.right_key or "—"
        return self.detail(r)

    def detail(self, r: PreviewRecord) -> str:
        """What the job would do to the record, in one line."""
        t = self._titles
        if r.action in ("insert-left", "insert-right", "modify", "delete-left", "delete-right"):
            to: Side = "left" if r.direction == "to-left" else "right"
            changes = "; ".join(
                self.tr("{field}: {before} → {after}").format(
                    field=field_label(name), before=show_canonical(b), after=show_canonical(a)
                )
                for name, (b, a) in r.changes.items()
            )
            if r.action.startswith("insert"):
                head = self.tr("new in {app}").format(app=t[to])
            elif r.action.startswith("delete"):
                head = self.tr("deleted in {app}").format(app=t[to])
            else:
                head = self.tr("→ {app}").format(app=t[to])
            return f"{head}: {changes}" if changes and r.action == "modify" else head
        return engine_text(r.message)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- counts per mapping ------------------------------------------------------------------------


class CountColumn(IntEnum):
    MAPPING = 0
    INSERTED = 1
    MODIFIED = 2
    DELETED = 3
    CONFLICTS = 4
    FAILED = 5
    SKIPPED = 6
    UNCHANGED = 7
    LISTED = 8


COUNT_HEADERS = {
    CountColumn.MAPPING: QT_TRANSLATE_NOOP("PreviewCounts", "Mapping"),
    CountColumn.INSERTED: QT_TRANSLATE_NOOP("PreviewCounts", "Insert"),
    CountColumn.MODIFIED: QT_TRANSLATE_NOOP("PreviewCounts", "Modify"),
    CountColumn.DELETED: QT_TRANSLATE_NOOP("PreviewCounts", "Delete"),
    CountColumn.CONFLICTS: QT_TRANSLATE_NOOP("PreviewCounts", "Conflicts"),
    CountColumn.FAILED: QT_TRANSLATE_NOOP("PreviewCounts", "Would fail"),
    CountColumn.SKIPPED: QT_TRANSLATE_NOOP("PreviewCounts", "Skipped"),
    CountColumn.UNCHANGED: QT_TRANSLATE_NOOP("PreviewCounts", "Unchanged"),
    CountColumn.LISTED: QT_TRANSLATE_NOOP("PreviewCounts", "Records listed"),
}


class PreviewCountsModel(QAbstractTableModel):
    """One row per mapping: the counts the job would report (whole, never capped)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappingPreview] = []

    def set_previews(self, previews: Sequence[MappingPreview]) -> None:
        self.beginResetModel()
        self._rows = list(previews)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CountColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(CountColumn)
        ):
            return QCoreApplication.translate(
                "PreviewCounts", str(COUNT_HEADERS[CountColumn(section)])
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        p = self._rows[index.row()]
        col = CountColumn(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and col != CountColumn.MAPPING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == CountColumn.LISTED:
            if p.shown > len(p.records):
                return self.tr(
                    "The first {listed} of {total} records are listed; the counts are whole"
                ).format(listed=fmt_int(len(p.records)), total=fmt_int(p.shown))
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        c = p.counts
        if col == CountColumn.MAPPING:
            return p.mapping
        if col == CountColumn.LISTED:
            if p.shown > len(p.records):
                return self.tr("{listed} of {total}").format(
                    listed=fmt_int(len(p.records)), total=fmt_int(p.shown)
                )
            return fmt_int(len(p.records))
        value = {
            CountColumn.INSERTED: c.inserted,
            CountColumn.MODIFIED: c.modified,
            CountColumn.DELETED: c.deleted,
            CountColumn.CONFLICTS: c.conflicts,
            CountColumn.FAILED: c.failed,
            CountColumn.SKIPPED: c.skipped,
            CountColumn.UNCHANGED: c.unchanged,
        }[col]
        return fmt_int(value)


# -- one record's fields -----------------------------------------------------------------------


class PreviewChangesModel(QAbstractTableModel):
    """The fields of one planned record: before → after; for a conflict, both apps' values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()
        self._rows: list[tuple[str, str, str]] = []

    def set_record(self, r: PreviewRecord | None, titles: dict[Side, str]) -> None:
        self.beginResetModel()
        if r is None:
            self._headers, self._rows = (), []
        else:
            if r.action == "conflict":
                self._headers = (self.tr("Field"), titles["left"], titles["right"])
            else:
                self._headers = (self.tr("Field"), self.tr("Before"), self.tr("After"))
            self._rows = [
                (field_label(name), _shown(b), _shown(a)) for name, (b, a) in r.changes.items()
            ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(text)
        return None

    def rows(self) -> list[tuple[str, str, str]]:
        return list(self._rows)


def _shown(value: Canonical) -> str:
    return show_canonical(value)


__all__ = [
    "GROUPS",
    "CountColumn",
    "Planned",
    "PreviewChangesModel",
    "PreviewColumn",
    "PreviewCountsModel",
    "PreviewRole",
    "PreviewTreeModel",
    "group_of",
    "group_title",
]
