"""What each mapping of an opened workspace does, and what an administrator should know.

:func:`mapping_info` describes every mapping, in dependency order, from the workspace and
the apps' reflected schemas (no query is run): both tables, the direction and policies in
words, each field pair with the column types on both sides, and *warnings*: things that
are valid (an integration that opened is) but will make writes fail or lose data:

- ``length``: a text column takes fewer characters than the column it is copied from;
- ``kind``: the columns hold different kinds of values (text copied into a number);
- ``empty``: a column that must have a value receives one that may be empty;
- ``check``: a column with a check constraint the other side does not have;
- ``key``: a field written into a column of the target table's primary key;
- ``required``: a column that must have a value, is not mapped and has no default, on a
  side where new records are created: creating them there will fail.

Every description is given as structure the window phrases in its own language (codes and
parameters: :attr:`MappingWarning.code` and :attr:`MappingWarning.params`, the mapping's
``direction``, ``on_conflict``, ``on_delete``, :attr:`MappingInfo.new_record_sides`, ...),
and in English (``message``, ``direction_text``, ...) for the command line and the tests.
The English templates are :data:`WARNING_TEMPLATES`; :func:`phrase` fills one.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, select, type_coerce
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import SQLAlchemyError

from syncdesk.sync.endpoint import stamp_time
from syncdesk.sync.integration import Integration
from syncdesk.sync.schema import check_length as _check_length
from syncdesk.sync.schema import column_checks as _checks
from syncdesk.sync.side_table import SideTable
from syncdesk.sync.values import column_kind
from syncdesk.workspace import SIDES, FieldMap, Mapping, Side, Workspace, other

# -- in words -------------------------------------------------------------------------------


def direction_words(direction: str, titles: dict[Side, str]) -> str:
    """``"both ways"`` or ``"Business Central → Dynamics 365 Sales"``."""
    if direction == "to-right":
        return f"{titles['left']} → {titles['right']}"
    if direction == "to-left":
        return f"{titles['right']} → {titles['left']}"
    return "both ways"


def possessive(title: str) -> str:
    """``Business Central's``, ``Dynamics 365 Sales'``."""
    return f"{title}'" if title.endswith("s") else f"{title}'s"


def direction_arrow(direction: str) -> str:
    return {"to-right": "→", "to-left": "←"}.get(direction, "↔")


def conflict_words(policy: str, titles: dict[Side, str]) -> str:
    return {
        "ask": "ask: the pair becomes a sync error until a person chooses",
        "left-wins": f"{possessive(titles['left'])} version wins",
        "right-wins": f"{possessive(titles['right'])} version wins",
        "newer-wins": "the newer change wins",
    }.get(policy, policy)


#: the English words for a column kind (see syncdesk.sync.values.column_kind)
KIND_NAMES = {
    "int": "whole numbers",
    "number": "numbers",
    "date": "dates",
    "datetime": "dates and times",
    "bool": "yes or no",
    "text": "text",
}

#: the parameters of a template that are an app's title: :func:`phrase` adds ``<name>_of``,
#: the English possessive ("Business Central's"), for each
TITLE_PARAMS = ("target", "source", "left", "right", "prefer", "app")

#: every warning's English text by its code, with ``{placeholders}`` filled from
#: ``MappingWarning.params`` (and ``{source_of}``, ``{kind_name}`` added by :func:`phrase`)
WARNING_TEMPLATES = {
    "length": "{target} {column} takes at most {length} characters, {source_of} up to "
    "{source_length}: longer values will be refused",
    "length-unlimited": "{target} {column} takes at most {length} characters, {source_of} "
    "has no limit: longer values will be refused",
    "length-key": "{target} {column} takes at most {length} characters, the {lookup} keys it "
    "holds are up to {key_length}: longer keys will be refused",
    "length-key-unlimited": "{target} {column} takes at most {length} characters, the "
    "{lookup} keys it holds are of any length: longer keys will be refused",
    "kind-date": "{target} {column} holds a date, {source_of} {source_column} a date and "
    "time: only the date is synced",
    "kind-decimals": "{target} {column} takes whole numbers, {source_of} {source_column} may "
    "have decimals: such values will be refused",
    "kind-text": "{target} {column} takes {kind_name}, {source_of} {source_column} is text: "
    "other values will be refused",
    "kind-type": "{target} {column} is {type}, {source_of} {source_column} is {source_type}: "
    "values may not fit",
    "empty": "{target} {column} must have a value, {source_of} {source_column} may be empty: "
    "an empty value will be refused",
    "check": "{target} {column} must satisfy a check ({check}), {source_of} {source_column} "
    "has no such rule: other values will be refused",
    "key": "{target} {column} is part of its table's primary key: writing it changes which "
    "record it is, and a value already in use will be refused",
    "required": "{target} {table}.{column} must have a value, is not mapped and has no "
    "default: creating records in {target} will fail",
    "key-reused": "{target} {table} gives a deleted record's key {column} to the next new "
    "record and no identity is set: a new record under an old key is taken for the deleted "
    "one; name a column that never changes as identity",
    "modified-index": "{target} {table}.{column} (modified) has no index: every job reads "
    "the whole table to find what changed",
    "key-not-unique": "{target} {table}.{column} (key) is not unique in its table: records "
    "that share a key cannot be told apart, and each such key is a failed sync error; name a "
    "column of unique values as key",
    "modified-kind": "{target} {table}.{column} (modified) is {type}, not a date and time: "
    "every job reads the whole table to find what changed",
    "modified-text": "{target} {table}.{column} (modified) holds no dates (its newest value "
    "is {sample}): every job reads the whole table to find what changed",
}


def phrase(
    template: str,
    params: MappingOf[str, str],
    *,
    possessive_of: Callable[[str], str] = possessive,
    kind_names: MappingOf[str, str] = KIND_NAMES,
) -> str:
    """``template`` filled from ``params``, with ``<title>_of`` and ``kind_name`` added.

    The window passes its translated template and kind names; English is the default.
    """
    values = dict(params)
    for name in TITLE_PARAMS:
        if name in values:
            values[f"{name}_of"] = possessive_of(values[name])
    if "kind" in values:
        values["kind_name"] = kind_names.get(values["kind"], values["kind"])
    return template.format(**values)


def delete_words(policy: str) -> str:
    return {
        "ask": "ask: the pair becomes a sync error until a person chooses",
        "restore": "restore the record from the other app",
        "delete": "delete the record in the other app too",
        "remove-coupling": "remove the coupling and leave the other record",
    }.get(policy, policy)


# -- what is described ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnInfo:
    """One reflected column."""

    name: str
    type: str  # "TEXT(40)", "NUMERIC(18,2)"
    kind: str  # see syncdesk.sync.values.column_kind
    # the most characters a text column takes (its type where the database holds it to it,
    # or a check); its type shows what was declared
    length: int | None
    nullable: bool
    has_default: bool
    checks: tuple[str, ...] = ()  # check constraints on this column alone, as SQL text


@dataclass(frozen=True)
class MappingWarning:
    """Something valid that will make writes to ``side`` fail or lose data."""

    kind: str  # "length", "kind", "empty", "check", "key", "required", "index"
    side: Side  # the app whose writes (or whose reads, "index") are affected
    message: str  # in English: WARNING_TEMPLATES[code] filled from params
    code: str = ""  # a key of WARNING_TEMPLATES
    #: the values the template names: app titles, column names, lengths, types, ...
    params: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class FieldInfo:
    """A mapped field pair, or (``mapped`` false) a required column nobody fills."""

    left: ColumnInfo | None
    right: ColumnInfo | None
    direction: str  # "bidirectional", "to-right", "to-left"; "" for an unmapped column
    lookup: str | None = None
    couple_by: bool = False
    warnings: tuple[MappingWarning, ...] = ()

    @property
    def mapped(self) -> bool:
        return self.left is not None and self.right is not None

    def column(self, side: Side) -> ColumnInfo | None:
        return self.left if side == "left" else self.right


@dataclass(frozen=True)
class TableInfo:
    side: Side
    title: str  # the app's title
    table: str
    key: ColumnInfo
    key_generated: bool  # the database makes the keys of the records SyncDesk creates
    modified: str | None


@dataclass(frozen=True)
class MappingInfo:
    name: str
    position: int  # 1, 2, ...: the order the mappings run in
    left: TableInfo
    right: TableInfo
    direction: str
    sync_only_coupled: bool
    couple_by: tuple[str, ...]
    couple_case_sensitive: bool
    couple_prefer: Side
    on_conflict: str
    on_delete: str
    runs_after: tuple[str, ...]  # mappings this one looks up
    needed_by: tuple[str, ...]  # mappings that look this one up
    fields: tuple[FieldInfo, ...]

    def table(self, side: Side) -> TableInfo:
        return self.left if side == "left" else self.right

    @property
    def titles(self) -> dict[Side, str]:
        return {"left": self.left.title, "right": self.right.title}

    @property
    def warnings(self) -> tuple[MappingWarning, ...]:
        return tuple(w for f in self.fields for w in f.warnings)

    @property
    def direction_text(self) -> str:
        return direction_words(self.direction, self.titles)

    @property
    def conflict_text(self) -> str:
        return conflict_words(self.on_conflict, self.titles)

    @property
    def delete_text(self) -> str:
        return delete_words(self.on_delete)

    @property
    def new_record_sides(self) -> tuple[Side, ...]:
        """The apps where new records are created (and coupled); none: only coupled sync."""
        if self.sync_only_coupled:
            return ()
        return tuple(s for s in SIDES if self.direction in ("bidirectional", f"to-{s}"))

    @property
    def new_records_text(self) -> str:
        sides = self.new_record_sides
        if not sides:
            return "only coupled records sync; new records are not created"
        where = " and ".join(self.table(s).title for s in sides)
        return f"created in {where} and coupled"

    @property
    def couple_by_text(self) -> str:
        if not self.couple_by:
            return ""
        case = "case-sensitive" if self.couple_case_sensitive else "ignoring case"
        prefer = self.table(self.couple_prefer).title
        return f"{', '.join(self.couple_by)} ({case}; on a match, {possessive(prefer)} values win)"


# -- reading the schema -----------------------------------------------------------------------


def _type_text(column: Column[Any], kind: str, length: int | None) -> str:
    if kind == "text":
        return f"TEXT({length})" if length is not None else "TEXT"
    t = column.type
    if "db_type" in column.info:
        # a domain (as its base type), or a type SQLAlchemy does not know (read as text):
        # named as the database names it
        return str(column.info["db_type"]).upper()
    if isinstance(t, sqltypes.NullType):
        return "UNKNOWN TYPE"
    try:
        text = str(t)
    except Exception:  # a type without a generic rendering
        text = type(t).__name__.upper()
    if isinstance(t, sqltypes.Numeric) and not isinstance(t, sqltypes.Float):
        text = text.replace(", ", ",")
    return text


def _column_info(
    column: Column[Any], checks: dict[str, list[str]], enforced: bool = True
) -> ColumnInfo:
    """``enforced``: the database holds text to its declared length (SQLite does not: there
    only a check limits it)."""
    kind = column_kind(column)
    own = tuple(checks.get(column.name, ()))
    length: int | None = None
    declared: int | None = None
    if kind == "text":
        declared = getattr(column.type, "length", None)
        length = declared if enforced else None
        from_check = _check_length(column.name, own)
        if from_check is not None:
            length = from_check if length is None else min(length, from_check)
            declared = from_check if declared is None else min(declared, from_check)
    return ColumnInfo(
        name=column.name,
        type=_type_text(column, kind, declared),
        kind=kind,
        length=length,
        nullable=bool(column.nullable),
        has_default=column.server_default is not None or column.default is not None,
        checks=tuple(t for t in own if not _check_length(column.name, [t])),
    )


def _generated(column: Column[Any], table: Table) -> bool:
    if column.server_default is not None or getattr(column, "identity", None) is not None:
        return True
    pk = list(table.primary_key.columns)
    return (
        len(pk) == 1
        and pk[0] is column
        and isinstance(column.type, sqltypes.Integer)
        and column.autoincrement in (True, "auto")
    )


# -- the warnings -----------------------------------------------------------------------------


def _warning(category: str, side: Side, code: str, /, **params: object) -> MappingWarning:
    values = {k: str(v) for k, v in params.items()}
    return MappingWarning(category, side, phrase(WARNING_TEMPLATES[code], values), code, values)


def _field_warnings(
    f: FieldMap,
    m: Mapping,
    cols: dict[Side, ColumnInfo],
    raw: dict[Side, Column[Any]],
    parent_keys: dict[Side, ColumnInfo] | None,
    titles: dict[Side, str],
) -> list[MappingWarning]:
    out: list[MappingWarning] = []
    for target in SIDES:
        if not (f.flows(target) and m.flows(target)):
            continue
        source = other(target)
        tc, sc = cols[target], cols[source]
        base = {
            "target": titles[target],
            "column": tc.name,
            "source": titles[source],
            "source_column": sc.name,
        }

        def warn(
            category: str,
            code: str,
            side: Side = target,
            base: dict[str, str] = base,
            /,
            **params: object,
        ) -> None:
            out.append(_warning(category, side, code, **base, **params))

        # length: what arrives may be longer than what the target takes
        if tc.kind == "text" and tc.length is not None:
            if f.lookup and parent_keys is not None:
                pk = parent_keys[target]
                if pk.kind == "text" and (pk.length is None or pk.length > tc.length):
                    if pk.length is not None:
                        warn(
                            "length",
                            "length-key",
                            length=tc.length,
                            lookup=f.lookup,
                            key_length=pk.length,
                        )
                    else:
                        warn("length", "length-key-unlimited", length=tc.length, lookup=f.lookup)
            elif sc.kind == "text" and (sc.length is None or sc.length > tc.length):
                if sc.length is not None:
                    warn("length", "length", length=tc.length, source_length=sc.length)
                else:
                    warn("length", "length-unlimited", length=tc.length)
        # kind: values of one kind copied into a column of another (text takes anything)
        if not f.lookup and tc.kind != sc.kind and tc.kind != "text":
            if {tc.kind, sc.kind} == {"date", "datetime"}:
                if tc.kind == "date":
                    warn("kind", "kind-date")
            elif (sc.kind, tc.kind) == ("int", "number"):
                pass  # whole numbers are numbers
            elif (sc.kind, tc.kind) == ("number", "int"):
                warn("kind", "kind-decimals")
            elif sc.kind == "text" and tc.kind in KIND_NAMES:
                warn("kind", "kind-text", kind=tc.kind)
            else:
                warn("kind", "kind-type", type=tc.type, source_type=sc.type)
        # empty: a required column fed from one that may be empty (text gets "")
        if not tc.nullable and tc.kind != "text" and sc.nullable:
            warn("empty", "empty")
        # check: a rule on the target the source does not share
        for check in tc.checks:
            if check.replace(tc.name, sc.name) not in sc.checks:
                warn("check", "check", check=check)
        # key: writing a column of the target table's primary key changes the record's identity
        if raw[target].primary_key:
            warn("key", "key")
    return out


def _table_warnings(
    m: Mapping, st: SideTable, titles: dict[Side, str]
) -> list[tuple[Side, ColumnInfo, MappingWarning]]:
    """What the table itself does that costs data or time: a key the app gives out again
    with no identity to tell the records apart, a 'modified' column with no index."""
    side = st.side
    checks = _checks(st.table)
    enforced = st.dialect != "sqlite"
    out = []
    names = {"target": titles[side], "table": st.table.name, "column": st.key.name}
    key_info = _column_info(st.key, checks, enforced)
    if not st.key_unique:
        out.append((side, key_info, _warning("key", side, "key-not-unique", **names)))
    if st.key_reused and st.identity is None:
        out.append((side, key_info, _warning("key", side, "key-reused", **names)))
    modified = st.modified
    dateless = _dateless(st, titles) if modified is not None else None
    if dateless is not None:
        assert modified is not None
        out.append((side, _column_info(modified, checks, enforced), dateless))
        return out  # an index cannot help it
    if modified is not None and not any(
        list(index.columns)[:1] == [modified] for index in st.table.indexes
    ):
        pk = list(st.table.primary_key.columns)
        if pk[:1] != [modified]:
            out.append(
                (
                    side,
                    _column_info(modified, checks, enforced),
                    _warning(
                        "index",
                        side,
                        "modified-index",
                        target=titles[side],
                        table=st.table.name,
                        column=modified.name,
                    ),
                )
            )
    return out


def _dateless(st: SideTable, titles: dict[Side, str]) -> MappingWarning | None:
    """A 'modified' column a job cannot read from a moment on: not a date and time (an
    integer, say), or text whose newest value is not one (a version number, a Unix time
    as text). The newest value is read through the column's index where it has one."""
    modified = st.modified
    assert modified is not None
    names = {"target": titles[st.side], "table": st.table.name, "column": modified.name}
    if st.stamp_mode is None:
        return _warning(
            "index", st.side, "modified-kind", **names, type=_column_info(modified, {}).type
        )
    if st.stamp_mode != "text":
        return None
    try:
        with st.app.read_engine.connect() as conn:
            newest = conn.execute(
                select(type_coerce(modified, sqltypes.NullType()))
                .where(modified.is_not(None))
                .order_by(modified.desc())
                .limit(1)
            ).scalar()
    except SQLAlchemyError:
        return None  # a table that cannot be read now (locked, damaged): its job will say so
    if newest is None or stamp_time(newest) is not None:
        return None
    shown = repr(newest if isinstance(newest, str) else str(newest))
    return _warning("index", st.side, "modified-text", **names, sample=shown[:40])


def _unmapped_required(
    m: Mapping, st: SideTable, titles: dict[Side, str]
) -> list[tuple[Side, ColumnInfo, MappingWarning]]:
    """Required columns without a default that nobody fills, where records are created."""
    side = st.side
    if m.sync_only_coupled or not m.flows(side):
        return []
    checks = _checks(st.table)
    mapped = {c.name for c in st.fields} | {st.key.name}
    out = []
    for col in st.table.columns:
        if col.name in mapped or col.nullable:
            continue
        if col.server_default is not None or col.default is not None or col.computed is not None:
            continue
        if _generated(col, st.table):
            continue
        info = _column_info(col, checks, st.dialect != "sqlite")
        warning = _warning(
            "required", side, "required", target=titles[side], table=st.table.name, column=col.name
        )
        out.append((side, info, warning))
    return out


# -- the description ------------------------------------------------------------------------


def _runs_after(m: Mapping) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in m.lookups() if p != m.name))


def mapping_info(integration: Integration) -> list[MappingInfo]:
    """Every mapping of an opened workspace, described, in the order they run."""
    ws: Workspace = integration.workspace
    titles: dict[Side, str] = {s: ws.title(s) for s in SIDES}
    ordered = ws.ordered()
    infos: list[MappingInfo] = []
    for position, m in enumerate(ordered, start=1):
        tables = integration.mapping_tables(m.name)
        sides: dict[Side, SideTable] = {"left": tables.left, "right": tables.right}
        checks = {s: _checks(sides[s].table) for s in SIDES}
        fields: list[FieldInfo] = []
        for i, f in enumerate(m.fields):
            raw: dict[Side, Column[Any]] = {s: sides[s].fields[i] for s in SIDES}
            cols = {s: _column_info(raw[s], checks[s], sides[s].dialect != "sqlite") for s in SIDES}
            parent_keys: dict[Side, ColumnInfo] | None = None
            if f.lookup:
                parent = integration.mapping_tables(f.lookup)
                parent_keys = {
                    s: _column_info(
                        parent.side(s).key,
                        _checks(parent.side(s).table),
                        parent.side(s).dialect != "sqlite",
                    )
                    for s in SIDES
                }
            fields.append(
                FieldInfo(
                    left=cols["left"],
                    right=cols["right"],
                    direction=f.direction,
                    lookup=f.lookup,
                    couple_by=f.left in m.couple_by,
                    warnings=tuple(_field_warnings(f, m, cols, raw, parent_keys, titles)),
                )
            )
        for side in SIDES:
            found = _unmapped_required(m, sides[side], titles)
            found += _table_warnings(m, sides[side], titles)
            for s, info, warning in found:
                fields.append(
                    FieldInfo(
                        left=info if s == "left" else None,
                        right=info if s == "right" else None,
                        direction="",
                        warnings=(warning,),
                    )
                )
        table_infos = {
            s: TableInfo(
                side=s,
                title=titles[s],
                table=sides[s].table.name,
                key=_column_info(sides[s].key, checks[s], sides[s].dialect != "sqlite"),
                key_generated=sides[s].database_keys,
                modified=m.table(s).modified,
            )
            for s in SIDES
        }
        infos.append(
            MappingInfo(
                name=m.name,
                position=position,
                left=table_infos["left"],
                right=table_infos["right"],
                direction=m.direction,
                sync_only_coupled=m.sync_only_coupled,
                couple_by=m.couple_by,
                couple_case_sensitive=m.couple_case_sensitive,
                couple_prefer=m.couple_prefer,
                on_conflict=m.on_conflict,
                on_delete=m.on_delete,
                runs_after=_runs_after(m),
                needed_by=tuple(c.name for c in ordered if m.name in _runs_after(c)),
                fields=tuple(fields),
            )
        )
    return infos


__all__ = [
    "KIND_NAMES",
    "TITLE_PARAMS",
    "WARNING_TEMPLATES",
    "ColumnInfo",
    "FieldInfo",
    "MappingInfo",
    "MappingWarning",
    "TableInfo",
    "conflict_words",
    "delete_words",
    "direction_arrow",
    "direction_words",
    "mapping_info",
    "phrase",
    "possessive",
]
