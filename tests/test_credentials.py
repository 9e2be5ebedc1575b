"""Passwords out of the workspace file: keyring, environment, file; masked wherever shown.

The PostgreSQL tests make a role that must give its password (a ``scram-sha-256`` line
for it alone at the top of the test server's ``pg_hba.conf``; every other role keeps trust),
so a password from the environment or the keyring is shown to really open the databases.
"""

from __future__ import annotations

import io
import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import keyring
import pytest
from builders import Env
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from pgserver import PgServer, PgUrlFactory
from psycopg import sql
from sqlalchemy.engine import make_url

from syncdesk import credentials
from syncdesk.cli import run
from syncdesk.credentials import CredentialsError
from syncdesk.sync.integration import open_integration
from syncdesk.workspace import load_workspace

# ----------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, for tests (CI has no desktop keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """What a server or CI machine without a desktop session has: keyring's fail backend."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def cli(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = run(list(argv), out=out, err=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


ERP = "postgresql+psycopg://syncdesk@db.example/erp"
CRM = "postgresql+psycopg://syncdesk@db.example:5433/crm"
STATE = "postgresql+psycopg://syncdesk@db.example/state"


def workspace_text(
    left: str = ERP,
    right: str = CRM,
    state: str = STATE,
    left_password: str | None = None,
    right_password: str | None = None,
    state_password: str | None = None,
) -> str:
    def pw(key: str, value: str | None) -> str:
        return f'{key} = "{value}"\n' if value is not None else ""

    return (
        f'[workspace]\nstate = "{state}"\n{pw("state_password", state_password)}'
        f'[apps.left]\nurl = "{left}"\n{pw("password", left_password)}'
        f'[apps.right]\nurl = "{right}"\n{pw("password", right_password)}'
        '[[mappings]]\nname = "CUSTOMER"\n'
        'left = { table = "customer", key = "no" }\n'
        'right = { table = "account", key = "accountid" }\n'
        'fields = [{ left = "name", right = "name" }]\n'
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "syncdesk.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------
# without a database: where passwords come from, and the messages
# ----------------------------------------------------------------------------------------


def test_account_name_is_shared_by_urls_of_one_database() -> None:
    assert credentials.account_name(ERP) == "syncdesk@db.example:5432/erp"
    assert credentials.account_name("postgresql://syncdesk@db.example:5432/erp") == (
        "syncdesk@db.example:5432/erp"
    )
    assert credentials.account_name(CRM) == "syncdesk@db.example:5433/crm"


def test_env_and_file_sources_fill_in_the_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "state.pw").write_text("st@te pw\n", encoding="utf-8")
    (tmp_path / "state.pw").chmod(0o600)  # a password file is its owner's alone
    path = write(
        tmp_path,
        workspace_text(
            left_password="env:ERP_DB_PASSWORD",
            right_password="env:CRM_DB_PASSWORD",
            state_password="file:state.pw",  # relative to the workspace file
        ),
    )
    monkeypatch.setenv("ERP_DB_PASSWORD", "erp-secret")
    monkeypatch.setenv("CRM_DB_PASSWORD", "p@ss:w/rd%")
    ws = load_workspace(path)
    assert ws.warnings == ()
    assert ws.apps["left"].url == ERP  # the workspace keeps the URL as written
    urls = credentials.resolve(ws)
    assert make_url(urls["left"]).password == "erp-secret"
    assert make_url(urls["right"]).password == "p@ss:w/rd%"
    assert make_url(urls["state"]).password == "st@te pw"
    assert credentials.missing(ws) == []
    # a password given by a person (the window) wins over the source
    assert make_url(credentials.resolve(ws, {"left": "typed"})["left"]).password == "typed"


def test_missing_sources_say_how_to_fix_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.delenv("ERP_DB_PASSWORD", raising=False)
    path = write(
        tmp_path,
        workspace_text(
            left_password="env:ERP_DB_PASSWORD",
            right_password="keyring",
            state_password="file:/nonexistent/state.pw",
        ),
    )
    ws = load_workspace(path)
    with pytest.raises(CredentialsError) as exc:
        credentials.resolve(ws)
    assert str(exc.value) == (
        f"{path}: [apps.left] password: the environment variable ERP_DB_PASSWORD is not set"
    )
    assert exc.value.exit_code == 2
    missing = {m.target: m for m in credentials.missing(ws)}
    assert set(missing) == {"left", "right", "state"}
    right = missing["right"]
    assert right.reason == (
        f"{path}: [apps.right] password: the keyring has no password for "
        f"syncdesk@db.example:5433/crm; store it with "
        f"'syncdesk password set -w {path} --app right'"
    )
    assert (right.can_save, right.account, right.url, right.title) == (
        True,
        "syncdesk@db.example:5433/crm",
        CRM,
        "Dynamics 365",
    )
    assert not missing["left"].can_save  # an environment variable is not ours to set
    assert "cannot read /nonexistent/state.pw" in missing["state"].reason
    # the window saves what it asked for, and it is found from then on
    assert credentials.save(ws, "right", "typed") == "syncdesk@db.example:5433/crm"
    assert memory_keyring.entries[("syncdesk", "syncdesk@db.example:5433/crm")] == "typed"
    assert {m.target for m in credentials.missing(ws, {"left": "x"})} == {"state"}
    with pytest.raises(CredentialsError, match=r"\[apps.left\] password is \"env:ERP_DB"):
        credentials.save(ws, "left", "typed")  # not where this workspace looks


def test_no_keyring_on_this_machine_is_one_clear_line(tmp_path: Path, no_keyring: None) -> None:
    path = write(tmp_path, workspace_text(left_password="keyring"))
    code, out, err = cli("errors", "-w", str(path))
    assert code == 2 and out == ""
    assert one_line(err) == (
        f'syncdesk: {path}: [apps.left] password is "keyring", but this system has no '
        "keyring to keep passwords in (no Secret Service, Keychain or Credential Locker); "
        'use "env:NAME" or "file:PATH" there instead\n'
    )
    code, _, err = cli("password", "set", "-w", str(path), "--app", "left", stdin="pw\n")
    assert code == 2 and "has no keyring" in one_line(err)
    [m] = credentials.missing(load_workspace(path))
    assert m.target == "left" and not m.can_save


def test_password_command_stores_shows_and_deletes(
    tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SD_STATE_PW", "state-secret")
    path = write(
        tmp_path, workspace_text(left_password="keyring", state_password="env:SD_STATE_PW")
    )
    w = str(path)
    code, out, err = cli("password", "status", "-w", w)
    assert code == 2
    assert "password: keyring  (missing)" in out and "(found)" in out
    assert "syncdesk password set -w" in one_line(err)

    code, out, err = cli("password", "set", "-w", w, "--app", "left", stdin="s3cret\n")
    assert (code, err) == (0, "")
    assert "stored the password of Business Central" in out and "s3cret" not in out
    assert memory_keyring.entries == {("syncdesk", "syncdesk@db.example:5432/erp"): "s3cret"}

    code, out, err = cli("password", "status", "-w", w, "--json")
    assert (code, err) == (0, "")
    rows = {r["database"]: r for r in json.loads(out)}
    assert rows["left"] == {
        "database": "left",
        "title": "Business Central",
        "url": ERP,
        "password": "keyring",
        "account": "syncdesk@db.example:5432/erp",
        "status": "found",
    }
    assert rows["state"]["password"] == "env:SD_STATE_PW"
    assert rows["right"]["status"] == "none needed"

    # the right app's setting is not "keyring": refused before asking for anything
    code, out, err = cli("password", "set", "-w", w, "--app", "right", stdin="x\n")
    assert code == 2 and out == ""
    assert "[apps.right] password is not set, so the keyring would not be asked" in one_line(err)
    code, _, err = cli("password", "set", "-w", w, "--app", "left", stdin="\n")
    assert code == 2 and "no password given" in one_line(err)
    code, _, err = cli("password", "set", "-w", w)
    assert code == 2 and "needs --app left, --app right or --state" in one_line(err)

    code, out, _ = cli("password", "delete", "-w", w, "--app", "left")
    assert code == 0 and "removed" in out and memory_keyring.entries == {}
    code, out, _ = cli("password", "delete", "-w", w, "--app", "left")
    assert code == 0 and "had no password" in out


def test_password_from_a_terminal_is_asked_twice(
    tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syncdesk import cli_password

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["typed", "typed", "one", "other"])
    monkeypatch.setattr(cli_password.getpass, "getpass", lambda prompt: next(answers))
    monkeypatch.setattr(sys, "stdin", Tty())
    w = str(write(tmp_path, workspace_text(state_password="keyring")))
    assert cli("password", "set", "-w", w, "--state")[0] == 0
    assert memory_keyring.entries == {("syncdesk", "syncdesk@db.example:5432/state"): "typed"}
    code, _, err = cli("password", "set", "-w", w, "--state")
    assert code == 2 and "the two passwords differ" in one_line(err)


# ----------------------------------------------------------------------------------------
# against the real PostgreSQL server: a role that must give its password
# ----------------------------------------------------------------------------------------

#: awkward on purpose: it must survive URL quoting, and a masked URL must not show it
PASSWORD = "Pw-7f3c@q:/%+ x"


@pytest.fixture
def password_role(pg_server: PgServer) -> Iterator[str]:
    """A login role that must give PASSWORD (scram-sha-256) on 127.0.0.1; returns its name."""
    hba = pg_server.data_dir / "pg_hba.conf" if pg_server.data_dir else None
    if hba is None or not hba.exists():
        pytest.skip("needs the test server's own pg_hba.conf (not SYNCDESK_TEST_PG_URL)")
    role = f"sd_pw_{uuid.uuid4().hex[:10]}"
    original = hba.read_text(encoding="utf-8")
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{original}", encoding="utf-8")
    with pg_server.connect_admin() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(PASSWORD)
            )
        )
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield role
    finally:
        hba.write_text(original, encoding="utf-8")
        with pg_server.connect_admin() as conn:
            conn.execute("SELECT pg_reload_conf()")
        # the role stays (it owns tables in databases dropped later); the server is throwaway


@pytest.fixture
def pg_env(tmp_path: Path, pg_url_factory: PgUrlFactory) -> Iterator[Env]:
    e = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), pg_url_factory("state"))
    yield e
    e.dispose()


def as_role(url: str, role: str, password: str | None = None) -> str:
    u = make_url(url).set(username=role, password=password)
    return u.render_as_string(hide_password=False)


def point_at_role(
    env: Env, role: str, settings: dict[str, str], *, literal: str | None = None
) -> None:
    """Rewrite env's workspace: every URL as ``role``, with the given password settings."""
    text = env.workspace.read_text(encoding="utf-8")
    for target, key, prefix in (
        ("state", "state_password", "state"),
        ("left", "password", "url"),
        ("right", "password", "url"),
    ):
        new = f'{prefix} = "{as_role(env.urls[target], role, literal)}"'
        if target in settings:
            new += f'\n{key} = "{settings[target]}"'
        text = text.replace(f'{prefix} = "{env.urls[target]}"', new)
    env.workspace.write_text(text, encoding="utf-8")


def secrets() -> tuple[str, ...]:
    return (
        PASSWORD,
        quote(PASSWORD),
        quote_plus(PASSWORD),
        quote(PASSWORD, safe=""),
        quote(PASSWORD, safe=" +"),  # how SQLAlchemy writes it in a URL
    )


def assert_no_password(*texts: str) -> None:
    for text in texts:
        for s in secrets():
            assert s not in text, f"password shown: {text!r}"


@pytest.mark.postgres
def test_env_and_keyring_passwords_open_the_databases(
    pg_env: Env,
    password_role: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pg_env.customers(3)
    # the server does ask this role for a password
    point_at_role(pg_env, password_role, {})
    code, _, err = cli("jobs", "-w", str(pg_env.workspace))
    assert code == 3 and "no password supplied" in one_line(err), err
    pg_env.write_workspace()
    point_at_role(
        pg_env,
        password_role,
        {"left": "keyring", "right": "keyring", "state": "env:SD_STATE_PASSWORD"},
    )
    w = str(pg_env.workspace)
    text = pg_env.workspace.read_text(encoding="utf-8")
    assert_no_password(text)

    # nothing stored yet: exit 2, one line saying how
    monkeypatch.setenv("SD_STATE_PASSWORD", PASSWORD)
    code, out, err = cli("sync", "-w", w)
    assert code == 2 and out == ""
    assert f"'syncdesk password set -w {pg_env.workspace} --app left'" in one_line(err)

    for side in ("left", "right"):
        code, out, err = cli("password", "set", "-w", w, "--app", side, stdin=PASSWORD + "\n")
        assert (code, err) == (0, ""), err
        assert_no_password(out)
    # one database server, two databases: two entries
    assert len(memory_keyring.entries) == 2

    code, out, err = cli("sync", "-w", w, "--json")
    assert (code, err) == (0, ""), err
    assert {j["mapping"]: j["inserted"] for j in json.loads(out)}["CUSTOMER"] == 3
    assert len(pg_env.rows("right", "account")) == 3

    # the password really counts: a wrong one is refused by the server (exit 3, masked)
    monkeypatch.setenv("SD_STATE_PASSWORD", "wrong")
    code, out, err = cli("errors", "-w", w)
    assert code == 3
    assert "password authentication failed" in one_line(err)
    assert "wrong" not in err and "state database postgresql+psycopg://" in err
    # and a missing variable is one line naming the file and the key
    monkeypatch.delenv("SD_STATE_PASSWORD")
    code, out, err = cli("jobs", "-w", w)
    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"syncdesk: {pg_env.workspace}: [workspace] state_password: "
        "the environment variable SD_STATE_PASSWORD is not set\n"
    )
    # the window's way: ask, then open with what was typed
    ws = load_workspace(w)
    assert [m.target for m in credentials.missing(ws)] == ["state"]
    with open_integration(w, passwords={"state": PASSWORD}) as integration:
        assert make_url(integration.workspace.state_url).password is None  # as written
        assert integration.state.write_engine.url.password == PASSWORD


@pytest.mark.postgres
def test_password_in_the_url_works_with_a_warning_and_is_masked_everywhere(
    pg_env: Env,
    password_role: str,
    isolated_user_dirs: Any,
    tmp_path: Path,
) -> None:
    pg_env.customers(2)
    point_at_role(pg_env, password_role, {}, literal=PASSWORD)
    w = str(pg_env.workspace)
    log_file = tmp_path / "worker.log"
    seen: list[str] = []

    def run_cli(*argv: str, expect: int | None = None) -> tuple[str, str]:
        code, out, err = cli(*argv)
        seen.extend((out, err))
        if expect is not None:
            assert code == expect, err
        return out, err

    out, err = run_cli("sync", "-w", w, expect=0)
    warnings = err.splitlines()
    assert len(warnings) == 3  # one per URL: left, right, state
    assert warnings[0].startswith(f"syncdesk: warning: {w}: [workspace] state has its password")
    assert "'syncdesk password set -w" in warnings[1] and "--app left" in warnings[1]
    run_cli("sync", "-w", w, "--json", expect=0)
    run_cli("sync", "-w", w, "--full", "--json", expect=0)
    run_cli("errors", "-w", w, expect=0)
    run_cli("errors", "-w", w, "--json", expect=0)
    run_cli("jobs", "-w", w, "--json", expect=0)
    run_cli("jobs", "-w", w, expect=0)
    run_cli("log", "-w", w, "--record", "left:C00001", "--json", expect=0)
    run_cli("queue", "-w", w, "--json", expect=0)
    run_cli("cleanup", "-w", w, "--days", "30", expect=0)
    out, _ = run_cli("password", "status", "-w", w, expect=0)
    assert out.count("(written in the file)") == 3 and ":***@" in out
    run_cli("password", "status", "-w", w, "--json", expect=0)
    run_cli("worker", "-w", w, "--once", "--log-file", str(log_file), expect=0)
    worker_log = log_file.read_text(encoding="utf-8")
    assert worker_log.count("has its password written in the file") == 3

    # failures that print a URL: a database that does not answer, one that refuses
    text = pg_env.workspace.read_text(encoding="utf-8")
    url = make_url(pg_env.urls["left"])
    pg_env.workspace.write_text(
        text.replace(f"@{url.host}:{url.port}/{url.database}", "@127.0.0.1:9/nowhere", 1),
        encoding="utf-8",
    )
    out, err = run_cli("errors", "-w", w, expect=3)
    assert ":***@127.0.0.1:9/nowhere" in err
    run_cli("worker", "-w", w, "--once", "--log-file", str(log_file), expect=3)
    pg_env.write_workspace()
    point_at_role(pg_env, password_role, {}, literal="wrong-pw")
    out, err = run_cli("jobs", "-w", w, expect=3)
    assert "password authentication failed" in err and "***" in err

    files = [log_file, *Path(isolated_user_dirs.state).rglob("*")]
    logged = [f.read_text(encoding="utf-8", errors="replace") for f in files if f.is_file()]
    assert log_file.exists() and any("state database" in t for t in logged)
    assert_no_password(*seen, *logged)


def test_a_driver_message_that_echoes_a_password_is_masked() -> None:
    from syncdesk.models.store import describe_db_error

    said = RuntimeError(
        "cannot use postgresql://syncdesk:hunter2@db/erp: bad conninfo password=hunter2 "
        'host=db; password authentication failed for user "syncdesk"'
    )
    text = describe_db_error(said)
    assert "hunter2" not in text
    assert "syncdesk:***@db" in text and "password=***" in text
    assert "password authentication failed" in text


# ----------------------------------------------------------------------------------------
# the window asks
# ----------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_window_asks_for_a_missing_password_and_can_keep_it_in_the_keyring(
    qtbot: Any,
    pg_env: Env,
    password_role: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from syncdesk.ui.main_window import MainWindow

    shown: list[str] = []

    def exec_box(box: QMessageBox) -> int:
        shown.append(f"{box.text()} {box.informativeText()}")
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_box)

    pg_env.customers(2)
    pg_env.sync()
    point_at_role(
        pg_env, password_role, {"left": "keyring", "right": "keyring", "state": "keyring"}
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_workspace(pg_env.workspace)
    qtbot.waitUntil(lambda: window.password_dialog is not None, timeout=30_000)
    dialog = window.password_dialog
    assert dialog is not None
    assert sorted(dialog.fields) == ["left", "right", "state"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # every password first
    assert_no_password(*(f.toolTip() for f in dialog.fields.values()))
    # a wrong one is refused by the server, kept nowhere, and asked for again
    for field in dialog.fields.values():
        field.setText("wrong")
    for box in dialog.keep.values():
        assert box.isEnabled()
        box.setChecked(True)
    first = dialog
    ok.click()
    qtbot.waitUntil(
        lambda: window.password_dialog is not None and window.password_dialog is not first,
        timeout=30_000,
    )
    dialog = window.password_dialog
    assert dialog is not None
    assert dialog.refused_label.isVisibleTo(dialog)
    assert "password authentication failed" in dialog.refused_label.text()
    assert_no_password(dialog.refused_label.text(), *shown)
    assert "wrong" not in dialog.refused_label.text()
    assert sorted(dialog.fields) == ["left", "right", "state"]
    assert memory_keyring.entries == {}
    assert window.integration is None

    # the right one opens the workspace and is kept for the next start
    for field in dialog.fields.values():
        field.setText(PASSWORD)
    dialog.keep["state"].setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: window.integration is not None and window.runner.is_idle(), timeout=30_000
    )
    assert window.errors_page.errors_model.rowCount() == 0
    assert len(memory_keyring.entries) == 1  # only the one asked to keep
    assert PASSWORD in memory_keyring.entries.values()
    window.close()
    # the next start asks only for the two not kept
    assert sorted(m.target for m in credentials.missing(load_workspace(pg_env.workspace))) == [
        "left",
        "right",
    ]
