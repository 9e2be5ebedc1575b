"""Fuzzing the workspace loader through the real ``syncdesk`` entry point (issue 11).

Hypothesis writes workspace files three ways: random TOML documents (shaped like a
workspace, with every setting's value of any type, or shaped like nothing), random bytes,
and a real workspace file with bytes inserted, deleted and replaced. Each file goes to
``syncdesk errors -w FILE`` through ``syncdesk.__main__.main``, the function the installed
``syncdesk`` command calls. A file that is not a valid workspace must give exactly one
line on stderr, exit status 2 and nothing on stdout: never a traceback, never an
"unexpected" error. (A file that happens to be a valid workspace goes on to open its
databases, all local and missing or unreachable: one line, exit status 3.)

Examples per test: ``FUZZ_EXAMPLES`` (300; 900 in all), set higher by the environment
variable ``SYNCDESK_FUZZ_EXAMPLES`` for a long run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syncdesk.__main__ import main
from syncdesk.errors import WorkspaceError
from syncdesk.workspace import load_workspace

FUZZ_EXAMPLES = int(os.environ.get("SYNCDESK_FUZZ_EXAMPLES", "300"))

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- writing TOML (tomllib only reads it) -------------------------------------------------


def toml_string(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def toml_document(top: dict[str, Any]) -> str:
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in top.items())


# -- what goes in ------------------------------------------------------------------------

#: the words of a real workspace file, so that random documents reach deep checks
WORDS = (
    *("workspace", "apps", "left", "right", "mappings", "fields", "name", "state"),
    *("state_password", "url", "title", "password", "table", "key", "modified"),
    *("direction", "sync_only_coupled", "couple_by", "couple_case_sensitive"),
    *("couple_prefer", "on_conflict", "on_delete", "lookup", "bidirectional", "to-right"),
    *("to-left", "ask", "left-wins", "newer-wins", "restore", "delete", "keyring"),
    *("env:PW", "file:pw", "file:~nosuchuser/pw", "customer", "account", "no", "accountid"),
    *("CUSTOMER", "CONTACT", "sales.account", "N" * 101),
    # URLs: local ones only, so that a workspace that happens to be valid fails fast
    *("sqlite:///x.db", "sqlite:///~nosuchuser/x.db", "sqlite:///x\x00.db", "sqlite://"),
    *("postgresql+psycopg://u@127.0.0.1:1/db", "postgresql://u@127.0.0.1:1/db"),
    *("mysql://u@127.0.0.1:1/db", "postgresql+pg8000://u@127.0.0.1:1/db", "foo://x"),
)

texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.just(""),
    st.just("\n"),
    st.just("x" * 150),
)
scalars = st.one_of(
    texts,
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def table_of(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A table with some of ``keys`` (each value of any type) and now and then another key."""
    return st.dictionaries(st.sampled_from(keys) | texts, values, max_size=len(keys) + 1)


side_table = table_of(["table", "key", "modified"])
field_table = st.dictionaries(
    st.sampled_from(["left", "right", "direction", "lookup"]) | texts,
    values | st.sampled_from(WORDS),
    max_size=5,
)
mapping_table = st.fixed_dictionaries(
    {},
    optional={
        "name": values | st.sampled_from(WORDS),
        "left": side_table | values,
        "right": side_table | values,
        "fields": st.lists(field_table, max_size=3) | values,
        "direction": values | st.sampled_from(WORDS),
        "couple_by": values,
        "on_conflict": values | st.sampled_from(WORDS),
        "on_delete": values | st.sampled_from(WORDS),
        "sync_only_coupled": values,
    },
)
app_table = table_of(["url", "title", "password"])
workspace_like = st.fixed_dictionaries(
    {},
    optional={
        "workspace": table_of(["name", "state", "state_password"]) | values,
        "apps": st.fixed_dictionaries({}, optional={"left": app_table, "right": app_table})
        | values,
        "mappings": st.lists(mapping_table, max_size=3) | values,
    },
)
#: a value nested thousands deep (an array, an inline table)
deep = st.integers(min_value=1, max_value=6000).flatmap(
    lambda n: st.sampled_from([f"a = {'[' * n}{']' * n}\n", f"a = {'{ b = ' * n}1{' }' * n}\n"])
)
documents = (workspace_like | st.dictionaries(texts, values, max_size=5)).map(toml_document) | deep


def valid_workspace() -> bytes:
    return (Path(__file__).parent / "fuzz_seed.toml").read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The seed workspace with a few bytes inserted, deleted or replaced."""
    data = bytearray(valid_workspace())
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b'"', b"[", b"\n", b"="]))
        if kind == "insert":
            data[at:at] = chunk
        elif kind == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


# -- the property ------------------------------------------------------------------------


@pytest.fixture
def workspace_file() -> Iterator[Path]:
    """One file, written anew for every example (a fixture is made once per test)."""
    with tempfile.TemporaryDirectory(prefix="syncdesk-fuzz-") as folder:
        yield Path(folder) / "syncdesk.toml"


def through_the_entry_point(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["errors", "-w", str(path)])
    return code, out.getvalue(), err.getvalue()


def assert_one_line_and_refused(path: Path, data: bytes) -> None:
    """The property: one line, never a traceback; exit status 2 for a file that is not a
    valid workspace (the loader says which: any other exception from it fails the test)."""
    path.write_bytes(data)
    try:
        load_workspace(path)
        valid = True
    except WorkspaceError:
        valid = False
    code, out, err = through_the_entry_point(path)
    assert "Traceback" not in err and "unexpected" not in err, err
    if valid:  # it goes on to open its databases: still one line, if any
        assert code in (0, 1, 2, 3), err
        assert code in (0, 1) or (err.endswith("\n") and err.count("\n") == 1), err
        return
    assert code == 2, err
    assert out == ""
    assert err.startswith("syncdesk: ") and err.endswith("\n") and err.count("\n") == 1, err


@FUZZ
@given(document=documents)
def test_random_toml_documents_are_one_line_and_exit_2(workspace_file: Path, document: str) -> None:
    assert_one_line_and_refused(workspace_file, document.encode("utf-8"))


@FUZZ
@given(data=st.binary(max_size=3000) | st.binary(max_size=300).map(lambda b: b"\xef\xbb\xbf" + b))
def test_random_bytes_are_one_line_and_exit_2(workspace_file: Path, data: bytes) -> None:
    assert_one_line_and_refused(workspace_file, data)


@FUZZ
@given(data=mutated())
def test_a_damaged_workspace_file_is_one_line_and_exit_2(workspace_file: Path, data: bytes) -> None:
    assert_one_line_and_refused(workspace_file, data)


def test_the_seed_is_a_valid_workspace() -> None:
    """The damaged files start from a file that loads (else they would test less)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "syncdesk.toml"
        path.write_bytes(valid_workspace())
        ws = load_workspace(path)
    assert [m.name for m in ws.mappings] == ["CUSTOMER", "CONTACT"]
