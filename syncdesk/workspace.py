"""The workspace file: one TOML file that describes one integration.

``load_workspace`` turns the file into frozen, statically validated config objects.
Validation against the apps' reflected schemas happens when the apps are opened
(:mod:`syncdesk.sync.endpoint`), before any job runs.

Passwords stay out of the file: beside a database URL without one, ``password`` (or
``state_password`` in ``[workspace]``) says where it comes from: ``"keyring"``,
``"env:NAME"`` or ``"file:PATH"``. Here only the setting is read and checked; the
password itself is fetched when the databases are opened (:mod:`syncdesk.credentials`).
A password written in a URL still works, with a warning in ``Workspace.warnings``.
"""

from __future__ import annotations

import os
import re
import reprlib
import stat
import tomllib
import unicodedata
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any, Literal, NoReturn

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from syncdesk.errors import WorkspaceError, file_kind

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")
DIRECTIONS = ("bidirectional", "to-right", "to-left")
CONFLICT_POLICIES = ("ask", "left-wins", "right-wins", "newer-wins")
DELETE_POLICIES = ("ask", "restore", "delete", "remove-coupling")


def other(side: Side) -> Side:
    return "right" if side == "left" else "left"


PASSWORD_SOURCES = ('"keyring"', '"env:NAME"', '"file:PATH"')

#: the longest mapping name: the state database keeps it in a column of this width
MAX_MAPPING_NAME = 100


@dataclass(frozen=True)
class PasswordSource:
    """Where a database password comes from: ``password = "keyring" | "env:NAME" | "file:PATH"``.

    ``setting`` names the key in the file (``[apps.left] password``) for messages;
    ``value`` is the variable's name or the file's absolute path (empty for the keyring).
    """

    kind: Literal["keyring", "env", "file"]
    value: str
    setting: str

    def describe(self) -> str:
        """The source as the file spells it: ``keyring``, ``env:NAME``, ``file:PATH``."""
        return self.kind if self.kind == "keyring" else f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class AppConfig:
    side: Side
    title: str
    url: str  # without a password when ``password`` is set
    password: PasswordSource | None = None


@dataclass(frozen=True)
class TableRef:
    table: str
    key: str
    modified: str | None = None
    #: a column whose value never changes for a record and is never given to another
    identity: str | None = None


@dataclass(frozen=True)
class FieldMap:
    left: str
    right: str
    direction: str = "bidirectional"
    lookup: str | None = None

    def flows(self, to: Side) -> bool:
        """True when a change may travel to ``to``."""
        return self.direction == "bidirectional" or self.direction == f"to-{to}"

    def column(self, side: Side) -> str:
        return self.left if side == "left" else self.right


@dataclass(frozen=True)
class Mapping:
    name: str
    left: TableRef
    right: TableRef
    fields: tuple[FieldMap, ...]
    direction: str = "bidirectional"
    sync_only_coupled: bool = False
    couple_by: tuple[str, ...] = ()
    couple_case_sensitive: bool = False
    couple_prefer: Side = "left"
    on_conflict: str = "ask"
    on_delete: str = "ask"
    #: the left field that names a record to a person (None: the first mapped text field,
    #: decided once the apps are reflected)
    title: str | None = None

    def table(self, side: Side) -> TableRef:
        return self.left if side == "left" else self.right

    def flows(self, to: Side) -> bool:
        return self.direction == "bidirectional" or self.direction == f"to-{to}"

    def lookups(self) -> tuple[str, ...]:
        return tuple(f.lookup for f in self.fields if f.lookup)

    def field(self, left_name: str) -> FieldMap:
        for f in self.fields:
            if f.left == left_name:
                return f
        raise KeyError(left_name)


@dataclass(frozen=True)
class Workspace:
    path: Path
    name: str
    state_url: str
    apps: dict[Side, AppConfig]
    mappings: tuple[Mapping, ...] = field(default=())
    state_password: PasswordSource | None = None
    #: one line each, for a person: e.g. a password written literally in a URL
    warnings: tuple[str, ...] = ()
    #: the state is the file's own default (``<file name>.state.db`` beside it), not set
    state_default: bool = False

    def mapping(self, name: str) -> Mapping:
        for m in self.mappings:
            if m.name.casefold() == name.casefold():
                return m
        known = ", ".join(m.name for m in self.mappings) or "none"
        raise WorkspaceError(f"{self.path}: no mapping named {shown(name)} (mappings: {known})")

    def title(self, side: Side) -> str:
        return self.apps[side].title

    def ordered(self, names: list[str] | None = None) -> list[Mapping]:
        """Mappings in dependency order (a lookup's parent before its child)."""
        wanted = {m.name for m in self.mappings} if names is None else set(names)
        order = _dependency_order(self.mappings, self.path)
        return [m for m in order if m.name in wanted]


def _dependency_order(mappings: tuple[Mapping, ...], path: Path) -> list[Mapping]:
    sorter: TopologicalSorter[str] = TopologicalSorter()
    position = {m.name: i for i, m in enumerate(mappings)}
    for m in mappings:
        sorter.add(m.name, *[p for p in m.lookups() if p != m.name])
    try:
        sorter.prepare()
    except CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise WorkspaceError(f"{path}: mappings look each other up in a cycle: {cycle}") from None
    by_name = {m.name: m for m in mappings}
    result: list[Mapping] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        result.extend(by_name[n] for n in ready)
        sorter.done(*ready)
    return result


class _Reader:
    """Reads one TOML table, remembering where it is for error messages."""

    def __init__(self, path: Path, where: str, data: Any) -> None:
        self.path = path
        self.where = where
        if not isinstance(data, dict):
            self.fail(f"{where} must be a table")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def fail(self, message: str) -> NoReturn:
        raise WorkspaceError(f"{self.path}: {message}")

    def get(self, key: str, kind: type, default: Any = None, *, required: bool = False) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                self.fail(f"{self.where}: {key!r} is missing")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(f"{self.where}: {key!r} must be {_kind_name(kind)}, not {shown(value)}")
        return value

    def name(self, key: str, default: str | None = None, *, limit: int | None = None) -> str:
        """A name a person reads in one-line messages: not empty, on one line, not too long."""
        value: str = self.get(key, str, default, required=default is None)
        if not value.strip():
            self.fail(f"{self.where}: {key!r} is empty; give it a name")
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
            self.fail(
                f"{self.where}: {key!r} {shown(value)} has a line break or another control "
                "character; a name is one line of text"
            )
        if limit is not None and len(value) > limit:
            self.fail(
                f"{self.where}: {key!r} {shown(value)} is {len(value)} characters long; "
                f"at most {limit}"
            )
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.get(key, str, default)
        if value not in allowed:
            self.fail(
                f"{self.where}: unknown {key} {shown(value)} (expected one of {', '.join(allowed)})"
            )
        return str(value)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(f"{self.where}: unknown setting {shown(unknown[0])}")


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 80
_SHOWN.maxlevel = 3
_SHOWN.maxlist = _SHOWN.maxdict = 4


def shown(value: Any) -> str:
    """A value from the file as a message quotes it: its repr, cut short (and never deep)."""
    return _SHOWN.repr(value)


def _kind_name(kind: type) -> str:
    return {
        str: "text",
        bool: "true or false",
        int: "a whole number",
        list: "a list",
        dict: "a table",
        float: "a number",
    }.get(kind, kind.__name__)


_SECRET_IN_URL = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def mask_text(text: str) -> str:
    """``text`` with anything that looks like a URL's password replaced by ``***``."""
    return _SECRET_IN_URL.sub(r"\1***@", text)


def resolve_url(url: str, base: Path, path: Path, what: str) -> str:
    """Resolve a relative SQLite path against the workspace file's folder.

    The URL's kind of database and its driver must be known and installed: a URL SyncDesk
    cannot connect with is a mistake in the file, named here, not a failure to connect.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise WorkspaceError(
            f"{path}: {what}: {shown(mask_text(url))} is not a database URL"
        ) from None
    _check_driver(parsed.drivername, path, what)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            parsed = parsed.set(database=str(_local_path(database, base, path, what)))
        return parsed.render_as_string(hide_password=False)
    return url


#: what the messages suggest: the URLs SyncDesk is made and tested with
_SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


def _check_driver(drivername: str, path: Path, what: str) -> None:
    """A URL's kind of database must be known to SQLAlchemy and its driver installed."""
    from sqlalchemy.engine import URL

    from syncdesk.models.db import with_driver

    try:
        dialect = with_driver(URL.create(drivername)).get_dialect()
    except NoSuchModuleError:
        raise WorkspaceError(
            f"{path}: {what}: {shown(drivername)} is not a kind of database SyncDesk knows "
            f"(use {_SUPPORTED})"
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        module = getattr(exc, "name", None) or "its driver"
        raise WorkspaceError(
            f"{path}: {what}: the driver of {shown(drivername)} ({module}) is not installed "
            f"(use {_SUPPORTED})"
        ) from None


def _local_path(value: str, base: Path, path: Path, what: str) -> Path:
    """A path from the file, absolute: ``~`` expanded, relative to the file's folder."""
    try:
        p = Path(value).expanduser()
        return p if p.is_absolute() else (base / p).resolve()
    except (RuntimeError, ValueError, OSError) as exc:  # ~nosuchuser, a NUL character
        raise WorkspaceError(
            f"{path}: {what}: {shown(value)} is not a usable path ({exc})"
        ) from None


#: a workspace file larger than this is refused unread: real ones are a few KiB (a mapping
#: of twenty fields is about 1 KiB), and the whole file is held in memory to be parsed
MAX_WORKSPACE_BYTES = 4 * 2**20


def load_workspace(path: str | Path) -> Workspace:
    """Read and statically validate a workspace file."""
    path = Path(path).expanduser()
    try:
        # a device or a pipe is refused before it is opened: reading /dev/zero would fill
        # the memory, and opening a pipe would wait for a writer forever
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise WorkspaceError(f"{path}: is {file_kind(mode)}, not a workspace file")
        with path.open("rb") as f:
            raw = f.read(MAX_WORKSPACE_BYTES + 1)
    except FileNotFoundError:
        raise WorkspaceError(f"{path}: no such workspace file") from None
    except IsADirectoryError:
        raise WorkspaceError(f"{path}: is a folder, not a workspace file") from None
    except OSError as exc:
        raise WorkspaceError(f"{path}: cannot read the workspace file ({exc.strerror})") from None
    if len(raw) > MAX_WORKSPACE_BYTES:
        raise WorkspaceError(
            f"{path}: larger than a workspace file can be ({MAX_WORKSPACE_BYTES // 2**20} MiB)"
        )
    try:
        # a byte order mark (Windows Notepad writes one) is no part of the text
        data = tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise WorkspaceError(f"{path}: not a text file (expected TOML)") from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise WorkspaceError(f"{path}: not valid TOML: nested too deeply") from None
    return parse_workspace(data, path.resolve())


def parse_workspace(data: dict[str, Any], path: Path) -> Workspace:
    base = path.parent
    top = _Reader(path, "the file", data)
    ws = _Reader(path, "[workspace]", top.get("workspace", dict, {}))
    name = ws.name("name", path.stem)
    default_state = f"sqlite:///{path.with_suffix('').name}.state.db"
    state_setting = ws.get("state", str, None)
    state = default_state if state_setting is None else state_setting
    state_url = resolve_url(state, base, path, "[workspace] state")
    warnings: list[str] = []
    state_password = _password_setting(
        ws, "state_password", "[workspace] state", state_url, "--state", warnings
    )
    ws.done()

    apps_table = _Reader(path, "[apps]", top.get("apps", dict, required=True))
    apps: dict[Side, AppConfig] = {}
    for side in SIDES:
        app = _Reader(path, f"[apps.{side}]", apps_table.get(side, dict, required=True))
        url = resolve_url(app.get("url", str, required=True), base, path, f"[apps.{side}] url")
        title = app.name("title", "Business Central" if side == "left" else "Dynamics 365")
        password = _password_setting(
            app, "password", f"[apps.{side}] url", url, f"--app {side}", warnings
        )
        apps[side] = AppConfig(side=side, title=title, url=url, password=password)
        app.done()
    apps_table.done()

    raw_mappings = top.get("mappings", list, required=True)
    if not raw_mappings:
        top.fail("no [[mappings]]: nothing to synchronize")
    mappings = [_parse_mapping(path, i, m) for i, m in enumerate(raw_mappings, 1)]
    top.done()

    names = [m.name for m in mappings]
    for n in names:
        if [x.casefold() for x in names].count(n.casefold()) > 1:
            top.fail(f"two mappings are named {shown(n)}")
    for m in mappings:
        for f in m.fields:
            if f.lookup and f.lookup not in names:
                top.fail(
                    f"mapping {m.name}: field {shown(f.left)} looks up unknown mapping "
                    f"{shown(f.lookup)}"
                )
    pairs: dict[tuple[str, str], str] = {}
    for m in mappings:
        pair = (
            _table_id(apps["left"].url, m.left.table),
            _table_id(apps["right"].url, m.right.table),
        )
        if pair in pairs:
            top.fail(
                f"mappings {pairs[pair]} and {m.name} both couple {shown(m.left.table)} with "
                f"{shown(m.right.table)}: each would make the other's records again, every "
                "job (put their fields in one mapping)"
            )
        pairs[pair] = m.name
    if _same_database(apps["left"].url, apps["right"].url):
        for m in mappings:
            url = apps["left"].url
            if _table_id(url, m.left.table) == _table_id(url, m.right.table):
                top.fail(one_table(m))
    workspace = Workspace(
        path=path,
        name=name,
        state_url=state_url,
        apps=apps,
        mappings=tuple(mappings),
        state_password=state_password,
        warnings=tuple(warnings),
        state_default=state_setting is None,
    )
    workspace.ordered()  # raises on a lookup cycle
    return workspace


def one_table(m: Mapping) -> str:
    """What is wrong with a mapping whose two apps are one table of one database."""
    return (
        f"mapping {m.name}: both apps are table {shown(m.left.table)} of one database: a "
        "job would copy each of its records into itself, again every time (give each app "
        "its own database or table)"
    )


def _same_database(a: str, b: str) -> bool:
    """Whether two resolved URLs name one database: a SQLite file however it is reached
    (a link, another spelling of the path), a PostgreSQL database on one server."""
    ua, ub = make_url(a), make_url(b)
    backend = ua.get_backend_name()
    if backend != ub.get_backend_name():
        return False
    if backend == "sqlite":
        pa, pb = ua.database or "", ub.database or ""
        if not pa or not pb or ":memory:" in (pa, pb):
            return False  # each connection's own database
        try:
            return os.path.samefile(pa, pb)
        except OSError:  # not made yet: the same path
            return os.path.realpath(pa) == os.path.realpath(pb)
    return (ua.host, ua.port or 5432, ua.database) == (ub.host, ub.port or 5432, ub.database)


def _table_id(url: str, table: str) -> str:
    """A table's name as its database tells it apart: SQLite's names ignore case;
    PostgreSQL's, as SyncDesk reflects them, do not."""
    return table.casefold() if make_url(url).get_backend_name() == "sqlite" else table


def _password_setting(
    r: _Reader, key: str, url_setting: str, url: str, option: str, warnings: list[str]
) -> PasswordSource | None:
    """Read ``password``/``state_password`` beside a URL; warn of a password in the URL."""
    setting = f"{r.where} {key}"
    raw = r.get(key, str)
    parsed = make_url(url)
    if raw is None:
        if parsed.password is not None and parsed.get_backend_name() != "sqlite":
            warnings.append(
                f"{r.path}: {url_setting} has its password written in the file; take it out "
                f'and put {key} = "keyring" beside it, then run '
                f"'syncdesk password set -w {r.path} {option}' (or {key} = \"env:NAME\")"
            )
        return None
    kind, _, value = raw.partition(":")
    kind = kind.strip().lower()
    value = value.strip()
    if kind == "keyring" and not value:
        source = PasswordSource("keyring", "", setting)
    elif kind == "env" and value:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            r.fail(f"{setting}: {shown(value)} is not an environment variable name")
        source = PasswordSource("env", value, setting)
    elif kind == "file" and value:
        p = _local_path(value, r.path.parent, r.path, setting)
        source = PasswordSource("file", str(p), setting)
    else:
        r.fail(
            f"{setting}: unknown password source {shown(raw)} "
            f"(expected {', '.join(PASSWORD_SOURCES[:-1])} or {PASSWORD_SOURCES[-1]})"
        )
    if parsed.get_backend_name() == "sqlite":
        r.fail(f"{setting}: a SQLite database takes no password")
    if parsed.password is not None:
        r.fail(f"{setting}: {url_setting} has a password written in it too; take it out of the URL")
    if not parsed.username:
        r.fail(
            f"{setting}: {url_setting} names no user; write it in the URL "
            "(postgresql+psycopg://USER@host/database)"
        )
    return source


def _parse_table(path: Path, where: str, data: Any) -> TableRef:
    t = _Reader(path, where, data)
    ref = TableRef(
        table=t.get("table", str, required=True),
        key=t.get("key", str, required=True),
        modified=t.get("modified", str),
        identity=t.get("identity", str),
    )
    t.done()
    return ref


def _parse_mapping(path: Path, index: int, data: Any) -> Mapping:
    r = _Reader(path, f"mapping #{index}", data)
    name = r.name("name", limit=MAX_MAPPING_NAME)
    r.where = f"mapping {name}"
    direction = r.choice("direction", DIRECTIONS, "bidirectional")
    left = _parse_table(path, f"mapping {name}: left", r.get("left", dict, required=True))
    right = _parse_table(path, f"mapping {name}: right", r.get("right", dict, required=True))
    fields: list[FieldMap] = []
    raw_fields = r.get("fields", list, [])
    for i, f in enumerate(raw_fields, 1):
        fr = _Reader(path, f"mapping {name}: field #{i}", f)
        fm = FieldMap(
            left=fr.get("left", str, required=True),
            right=fr.get("right", str, required=True),
            direction=fr.choice("direction", DIRECTIONS, direction),
            lookup=fr.get("lookup", str),
        )
        fr.where = f"mapping {name}: field {shown(fm.left)}"
        if direction != "bidirectional" and fm.direction not in (direction,):
            fr.fail(
                f"{fr.where}: direction {shown(fm.direction)} is wider than the mapping's "
                f"{shown(direction)}"
            )
        fr.done()
        fields.append(fm)
    if not fields:
        r.fail(f"mapping {name}: no fields are mapped")
    for side in SIDES:
        cols = [f.column(side) for f in fields]
        dup = next((c for c in cols if cols.count(c) > 1), None)
        if dup:
            r.fail(f"mapping {name}: {side} field {shown(dup)} is mapped twice")
        ref = left if side == "left" else right
        if ref.key in cols:
            r.fail(f"mapping {name}: the {side} key {shown(ref.key)} cannot also be a mapped field")
        if ref.identity is not None and (ref.identity in cols or ref.identity == ref.key):
            r.fail(
                f"mapping {name}: the {side} identity {shown(ref.identity)} must be a column of "
                "its own (not the key, not a mapped field)"
            )
    couple_by = r.get("couple_by", list, [])
    for c in couple_by:
        if not isinstance(c, str) or c not in [f.left for f in fields]:
            r.fail(f"mapping {name}: couple_by names {shown(c)}, which is not a mapped left field")
    prefer = r.choice("couple_prefer", ("left", "right"), "left")
    title = r.get("title", str)
    if title is not None and title not in [f.left for f in fields]:
        mapped = ", ".join(f.left for f in fields)
        r.fail(
            f"mapping {name}: title names {title!r}, which is not a mapped left field "
            f"(mapped: {mapped})"
        )
    mapping = Mapping(
        name=name,
        left=left,
        right=right,
        fields=tuple(fields),
        direction=direction,
        sync_only_coupled=r.get("sync_only_coupled", bool, False),
        couple_by=tuple(couple_by),
        couple_case_sensitive=r.get("couple_case_sensitive", bool, False),
        couple_prefer="left" if prefer == "left" else "right",
        on_conflict=r.choice("on_conflict", CONFLICT_POLICIES, "ask"),
        on_delete=r.choice("on_delete", DELETE_POLICIES, "ask"),
        title=title,
    )
    if mapping.on_conflict == "newer-wins" and not (left.modified and right.modified):
        r.fail(f"mapping {name}: on_conflict 'newer-wins' needs 'modified' on both tables")
    r.done()
    return mapping
