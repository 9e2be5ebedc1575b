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
        .replace('table = "customer"', 'table = "contact"')
        .replace('table = "account"', 'table = "contact"')
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


PG = "postgresql+psycopg://syncdesk@db.example/erp"


def pg_base(url: str = PG, password: str | None = None, state: str = "") -> str:
    setting = f'password = "{password}"\n' if password is not None else ""
    return (
        f"[workspace]\n{state}"
        f'[apps.left]\nurl = "{url}"\n{setting}'
        '[apps.right]\nurl = "sqlite:///crm.db"\n'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            pg_base(password="vault"),
            "[apps.left] password: unknown password source 'vault' "
            '(expected "keyring", "env:NAME" or "file:PATH")',
        ),
        (pg_base(password="env:"), "[apps.left] password: unknown password source 'env:'"),
        (pg_base(password="env:ERP-PW"), "'ERP-PW' is not an environment variable name"),
        (
            pg_base("postgresql://syncdesk:pw@db/erp", "keyring"),
            "[apps.left] password: [apps.left] url has a password written in it too",
        ),
        (pg_base("postgresql://db/erp", "keyring"), "[apps.left] url names no user"),
        (
            pg_base("sqlite:///erp.db", "env:X"),
            "[apps.left] password: a SQLite database takes no password",
        ),
        (
            pg_base(state='state_password = "keyring"\n'),
            "[workspace] state_password: a SQLite database takes no password",
        ),
    ],
)
def test_password_setting_mistakes_name_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text + mapping())
    with pytest.raises(WorkspaceError) as exc:
        load_workspace(path)
    assert str(exc.value).startswith(f"{path}: ")
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_password_sources_are_read_and_a_literal_password_is_warned_about(
    tmp_path: Path,
) -> None:
    ws = load_workspace(write(tmp_path, pg_base(password="file:secrets/erp.pw") + mapping()))
    source = ws.apps["left"].password
    assert source is not None
    assert (source.kind, source.value, source.setting) == (
        "file",
        str(tmp_path / "secrets" / "erp.pw"),
        "[apps.left] password",
    )
    assert ws.apps["right"].password is None and ws.state_password is None
    assert ws.warnings == ()
    ws = load_workspace(write(tmp_path, pg_base(password=" ENV : ERP_PW ") + mapping()))
    assert ws.apps["left"].password is not None
    assert ws.apps["left"].password.describe() == "env:ERP_PW"

    path = write(tmp_path, pg_base("postgresql://syncdesk:hunter2@db/erp") + mapping())
    ws = load_workspace(path)
    assert ws.apps["left"].url == "postgresql://syncdesk:hunter2@db/erp"  # still works
    [warning] = ws.warnings
    assert warning == (
        f"{path}: [apps.left] url has its password written in the file; take it out and "
        f'put password = "keyring" beside it, then run '
        f"'syncdesk password set -w {path} --app left' (or password = \"env:NAME\")"
    )
    assert "hunter2" not in warning


def test_an_unreadable_url_is_shown_without_its_password(tmp_path: Path) -> None:
    path = write(tmp_path, pg_base("postgresql://syncdesk:hunter2@db:port/erp") + mapping())
    with pytest.raises(WorkspaceError) as exc:
        load_workspace(path)
    assert "hunter2" not in str(exc.value)
    assert "'postgresql://syncdesk:***@db:port/erp' is not a database URL" in str(exc.value)
