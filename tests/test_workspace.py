"""The workspace file: defaults, relative paths, and one clear message for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import Env

from syncdesk.errors import WorkspaceError
from syncdesk.sync.integration import open_integration
from syncdesk.workspace import load_workspace

BASE = """
[apps.left]
url = "sqlite:///erp.db"
[apps.right]
url = "sqlite:///crm.db"
"""


def write(tmp_path: Path, text: str, name: str = "syncdesk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(**extra: str) -> str:
    lines = [
        'name = "CUSTOMER"',
        'left = { table = "customer", key = "no" }',
        'right = { table = "account", key = "accountid" }',
        'fields = [{ left = "name", right = "name" }]',
    ]
    lines += [f"{k} = {v}" for k, v in extra.items()]
    return "[[mappings]]\n" + "\n".join(lines) + "\n"


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    ws = load_workspace(write(tmp_path, BASE + mapping(), "contoso.toml"))
    assert ws.state_url == f"sqlite:///{tmp_path / 'contoso.state.db'}"
    assert ws.apps["left"].url == f"sqlite:///{tmp_path / 'erp.db'}"
    m = ws.mappings[0]
    assert (m.direction, m.sync_only_coupled, m.on_conflict, m.on_delete) == (
        "bidirectional",
        False,
        "ask",
        "ask",
    )
    assert m.fields[0].direction == "bidirectional"
    assert ws.name == "contoso"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[workspace\n", "not valid TOML"),
        ("", "'apps' is missing"),
        (BASE, "'mappings' is missing"),
        (
            BASE + mapping(direction='"sideways"'),
            "unknown direction 'sideways' (expected one of bidirectional, to-right, to-left)",
        ),
        (BASE + mapping(on_conflict='"coin-toss"'), "unknown on_conflict 'coin-toss'"),
        (BASE + mapping(on_delete='"shred"'), "unknown on_delete 'shred'"),
        (BASE + mapping(couple_by='["city"]'), "couple_by names 'city'"),
        (
            BASE
            + mapping(direction='"to-right"').replace(
                '{ left = "name", right = "name" }',
                '{ left = "name", right = "name", direction = "to-left" }',
            ),
            "field 'name': direction 'to-left' is wider than the mapping's 'to-right'",
        ),
        (
            BASE
            + mapping().replace(
                '{ left = "name", right = "name" }',
                '{ left = "name", right = "name", lookup = "VENDOR" }',
            ),
            "field 'name' looks up unknown mapping 'VENDOR'",
        ),
        (BASE + mapping(colour='"blue"'), "mapping CUSTOMER: unknown setting 'colour'"),
        (BASE + mapping() + mapping(), "two mappings are named 'CUSTOMER'"),
        (BASE + mapping(on_conflict='"newer-wins"'), "'newer-wins' needs 'modified'"),
        (BASE + mapping(sync_only_coupled='"yes"'), "'sync_only_coupled' must be true or false"),
    ],
)
def test_mistakes_name_the_file_the_mapping_and_the_name(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(WorkspaceError) as exc:
        load_workspace(path)
    assert str(path) in str(exc.value)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_a_lookup_cycle_is_refused(tmp_path: Path) -> None:
    a = (
        mapping()
        .replace(
            '{ left = "name", right = "name" }', '{ left = "name", right = "name", lookup = "B" }'
        )
        .replace('name = "CUSTOMER"', 'name = "A"')
    )
    b = (
        mapping()
        .replace(
            '{ left = "name", right = "name" }', '{ left = "name", right = "name", lookup = "A" }'
        )
        .replace('name = "CUSTOMER"', 'name = "B"')
    )
    with pytest.raises(WorkspaceError, match="look each other up in a cycle"):
        load_workspace(write(tmp_path, BASE + a + b))


def test_names_are_checked_against_the_real_schema(lite: Env) -> None:
    text = lite.workspace.read_text(encoding="utf-8")
    for wrong, message in [
        (
            text.replace('table = "account"', 'table = "acount"'),
            "mapping CUSTOMER: Dynamics 365 Sales has no table 'acount' (tables: account, contact)",
        ),
        (
            text.replace('right = "telephone1"', 'right = "phone1"'),
            "mapping CUSTOMER: Dynamics 365 Sales table 'account' has no field column 'phone1'",
        ),
        (
            text.replace(
                'key = "no", modified = "last_modified" }\nright = { table = "account"',
                'key = "number", modified = "last_modified" }\nright = { table = "account"',
            ),
            "Business Central table 'customer' has no key column 'number'",
        ),
    ]:
        lite.workspace.write_text(wrong, encoding="utf-8")
        with pytest.raises(WorkspaceError) as exc:
            open_integration(lite.workspace)
        assert message in str(exc.value)
        assert str(lite.workspace) in str(exc.value)
