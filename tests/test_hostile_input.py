"""What a hostile or careless workspace file or command line can ask for (issue 11).

A ``file:`` password source follows libpq's rule for ``.pgpass``; a URL SyncDesk cannot
connect with, a schema that does not exist, a number too large for the database, a file
nested thousands deep, an empty or two-line name: each is one line on stderr with exit
status 2, never a traceback. A file saved with a byte order mark is read as any other.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from builders import Env
from sqlalchemy.engine import make_url

from syncdesk import credentials
from syncdesk.cli import run
from syncdesk.errors import WorkspaceError
from syncdesk.workspace import load_workspace


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def real(*argv: str, timeout: float = 120) -> tuple[int, str, str]:
    """The installed program itself (``python -m syncdesk``), its memory bounded so that
    a program that reads without end fails alone instead of starving the machine."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    proc = subprocess.run(
        [sys.executable, "-m", "syncdesk", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,  # a bound on a hang, not a timed assertion
        env={k: v for k, v in os.environ.items() if k != "SYNCDESK_FAULT"},
        preexec_fn=bounded,
    )
    return proc.returncode, proc.stdout, proc.stderr


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "unexpected" not in err
    return err.strip()


# ----------------------------------------------------------------------------------------
# 3. a file: password source is kept private, and only its first line is read
# ----------------------------------------------------------------------------------------

PASSWORD_WORKSPACE = """
[workspace]
state = "postgresql+psycopg://syncdesk@db.example/state"
state_password = "file:{source}"

[apps.left]
url = "sqlite:///erp.db"

[apps.right]
url = "sqlite:///crm.db"

[[mappings]]
name = "CUSTOMER"
left = {{ table = "customer", key = "no" }}
right = {{ table = "account", key = "accountid" }}
fields = [{{ left = "name", right = "name" }}]
"""


def password_workspace(folder: Path, source: Path | str) -> Path:
    path = folder / "syncdesk.toml"
    path.write_text(PASSWORD_WORKSPACE.format(source=source), encoding="utf-8")
    return path


def secret(folder: Path, content: bytes, mode: int = 0o600, name: str = "state.pw") -> Path:
    path = folder / name
    path.write_bytes(content)
    path.chmod(mode)
    return path


def refused(ws: Path, *, real_program: bool = False) -> str:
    """``password status`` on the workspace: exit 2, and the one line it says."""
    argv = ("password", "status", "-w", str(ws), "--state")
    code, _out, err = real(*argv) if real_program else cli(*argv)
    assert code == 2, err
    line = one_line(err)
    assert line.startswith(f"syncdesk: {ws}: [workspace] state_password: ")
    return line.removeprefix(f"syncdesk: {ws}: [workspace] state_password: ")


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many bytes each ``os.read`` returned."""
    sizes: list[int] = []
    read = os.read

    def counted(fd: int, n: int) -> bytes:
        data = read(fd, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counted)
    return sizes


def test_a_private_password_file_gives_its_first_line_only(
    tmp_path: Path, bytes_read: list[int]
) -> None:
    pw = secret(tmp_path, b"s3cret pw\r\nsecond line\n" + b"x" * 1_000_000)
    ws = password_workspace(tmp_path, pw)
    urls = credentials.resolve(load_workspace(ws))
    assert make_url(urls["state"]).password == "s3cret pw"
    assert 0 < sum(bytes_read) <= credentials.MAX_PASSWORD_BYTES + 1
    code, out, err = cli("password", "status", "-w", str(ws), "--state")
    assert (code, err) == (0, "") and "(found)" in out
    # a file of one endless line: refused after the first 4 KiB
    bytes_read.clear()
    pw.write_bytes(b"y" * 1_000_000)
    with pytest.raises(credentials.CredentialsError, match="longer than 4096 bytes"):
        credentials.resolve(load_workspace(ws))
    assert sum(bytes_read) == credentials.MAX_PASSWORD_BYTES + 1


@pytest.mark.parametrize(
    ("mode", "shown"), [(0o644, "0644"), (0o640, "0640"), (0o604, "0604"), (0o620, "0620")]
)
def test_a_password_file_others_may_read_or_write_is_refused(
    tmp_path: Path, mode: int, shown: str
) -> None:
    pw = secret(tmp_path, b"s3cret\n", mode)
    assert refused(password_workspace(tmp_path, pw)) == (
        f"{pw} may be read by others (mode {shown}); make it readable by you alone: chmod 600 {pw}"
    )


def test_a_folder_a_device_or_a_fifo_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    folder.mkdir(mode=0o700)
    assert refused(password_workspace(tmp_path, folder)) == (
        f"{folder} is a folder, not a regular file; put the password in one"
    )
    # /dev/zero would fill the memory, a FIFO no one writes to would wait for ever: the real
    # program is asked, so a hang would end this test by its bound instead of the suite
    assert refused(password_workspace(tmp_path, "/dev/zero"), real_program=True) == (
        "/dev/zero is a device, not a regular file; put the password in one"
    )
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o600)
    assert refused(password_workspace(tmp_path, fifo), real_program=True) == (
        f"{fifo} is a named pipe (FIFO), not a regular file; put the password in one"
    )


def test_a_symbolic_link_is_followed_to_a_file_that_passes_the_same_rule(tmp_path: Path) -> None:
    """Docker and Kubernetes mount secrets as links: the file they lead to must be private."""
    good = secret(tmp_path, b"linked\n", name="good.pw")
    link = tmp_path / "state.pw"
    link.symlink_to(good)
    ws = password_workspace(tmp_path, link)
    assert make_url(credentials.resolve(load_workspace(ws))["state"]).password == "linked"
    good.chmod(0o644)
    assert refused(ws) == (
        f"{link} (a link to {good}) may be read by others (mode 0644); make it readable by "
        f"you alone: chmod 600 {link}"
    )
    link.unlink()
    link.symlink_to("/etc/hostname")
    assert "(a link to /etc/hostname)" in refused(ws)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_password_file_of_another_user_is_refused(tmp_path: Path) -> None:
    pw = secret(tmp_path, b"theirs\n")
    os.chown(pw, 65534, 65534)
    assert refused(password_workspace(tmp_path, pw)).startswith(
        f"{pw} belongs to nobody, not to root; a password file must be your own"
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "is empty"),
        (b"\nsecond line\n", "has an empty first line"),
        (b"x" * 5000, "has a first line longer than 4096 bytes; it holds no password"),
        (b"\xff\xfe\x00binary\n", "is not a text file (its first line is not UTF-8)"),
    ],
)
def test_a_password_file_without_a_usable_first_line_is_refused(
    tmp_path: Path, content: bytes, why: str
) -> None:
    pw = secret(tmp_path, content)
    assert refused(password_workspace(tmp_path, pw)) == f"{pw} {why}"


def test_a_missing_password_file_is_named(tmp_path: Path) -> None:
    pw = tmp_path / "nowhere.pw"
    assert refused(password_workspace(tmp_path, pw)) == (
        f"cannot read {pw} (No such file or directory)"
    )


# ----------------------------------------------------------------------------------------
# 9. a URL SyncDesk cannot connect with, a schema that does not exist
# ----------------------------------------------------------------------------------------

SUPPORTED = "(use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE)"


@pytest.mark.parametrize(
    ("side", "url", "why"),
    [
        ("right", "mysql://u@h/db", "the driver of 'mysql' (MySQLdb) is not installed"),
        (
            "right",
            "postgresql+pg8000://u@h/db",
            "the driver of 'postgresql+pg8000' (pg8000) is not installed",
        ),
        ("left", "foo://x", "'foo' is not a kind of database SyncDesk knows"),
        (
            "state",
            "mysql+nosuch://u@h/db",
            "'mysql+nosuch' is not a kind of database SyncDesk knows",
        ),
    ],
)
def test_a_url_without_a_usable_driver_is_a_workspace_error(
    lite: Env, side: str, url: str, why: str
) -> None:
    lite.urls[side] = url
    lite.write_workspace()
    code, out, err = cli("sync", "-w", str(lite.workspace))
    assert (code, out) == (2, "")
    setting = "[workspace] state" if side == "state" else f"[apps.{side}] url"
    assert one_line(err) == f"syncdesk: {lite.workspace}: {setting}: {why} {SUPPORTED}"


def test_a_table_in_a_schema_that_does_not_exist_is_a_workspace_error(lite: Env) -> None:
    text = lite.workspace.read_text(encoding="utf-8")
    lite.workspace.write_text(
        text.replace('left  = { table = "customer"', 'left  = { table = "nosuch.customer"'),
        encoding="utf-8",
    )
    code, out, err = cli("sync", "-w", str(lite.workspace))
    assert (code, out) == (2, "")
    assert one_line(err) == (
        f"syncdesk: {lite.workspace}: mapping CUSTOMER: left table 'nosuch.customer': "
        "Business Central has no schema 'nosuch' (schemas: main)"
    )


@pytest.mark.postgres
def test_a_postgresql_url_without_a_driver_uses_the_one_syncdesk_ships(
    lite: Env, pg_url_factory: object
) -> None:
    assert callable(pg_url_factory)
    lite.customers(2)
    lite.urls["state"] = str(pg_url_factory("state")).replace(
        "postgresql+psycopg://", "postgresql://"
    )
    lite.write_workspace()
    code, _, err = cli("sync", "-w", str(lite.workspace))
    assert (code, err) == (0, "")
    assert len(lite.rows("right", "account")) == 2


# ----------------------------------------------------------------------------------------
# 10. numbers too large, a file nested too deep
# ----------------------------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (("jobs", "--limit", HUGE), f"argument --limit: {HUGE} is not a number from 1 to 1000000"),
        (
            ("resolve", HUGE, "--action", "retry"),
            f"argument ID: {HUGE} is not a number from 1 to 2147483647",
        ),
        (("resolve", "0", "--action", "retry"), "argument ID: 0 is not a number from 1 to"),
        (("cleanup", "--days", "99999999"), "argument --days: 99999999 is not a number from 0 to"),
        (("cleanup", "--days", "-1"), "argument --days: -1 is not a number from 0 to 36500"),
        (("queue", "-m", "CUSTOMER", "--every", HUGE), "argument --every: 9999"),
        (("records", "-m", "CUSTOMER", "--limit", HUGE), "argument --limit: 9999"),
        (("worker", "--poll", "nan"), "argument --poll: nan is not a number above 0 up to"),
        (("worker", "--poll", "inf"), "argument --poll: inf is not a number above 0 up to"),
        (("worker", "--lease", "1e308"), "argument --lease: 1e308 is not a number above"),
        (("worker", "--batch", "0"), "argument --batch: 0 is not a number from 1 to"),
        (("jobs", "--limit", "ten"), "argument --limit: not a whole number: 'ten'"),
    ],
)
def test_a_number_out_of_range_is_a_usage_error(lite: Env, argv: tuple[str, ...], why: str) -> None:
    command, *rest = argv
    code, out, err = cli(command, "-w", str(lite.workspace), *rest)
    assert (code, out) == (2, "")
    line = one_line(err)
    assert line.startswith(f"syncdesk: {why}"), line
    assert line.endswith(f"(see 'syncdesk {command} --help')")


def test_numbers_at_the_limits_are_taken(lite: Env) -> None:
    lite.customers(2)
    lite.job()
    ws = str(lite.workspace)
    assert cli("jobs", "-w", ws, "--limit", "1000000")[0] == 0
    assert cli("cleanup", "-w", ws, "--days", "36500")[0] == 0
    code, out, err = cli("resolve", "-w", ws, "2147483647", "--action", "retry")
    assert "Traceback" not in err and "unexpected" not in err
    assert code in (1, 2) and "2147483647" in out + err


def test_a_demo_of_too_many_records_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = cli("demo", str(tmp_path / "demo"), "--records", HUGE)
    assert code == 2
    assert one_line(err).startswith(f"syncdesk: argument --records: {HUGE} is not a number")
    assert not (tmp_path / "demo").exists()


@pytest.mark.parametrize(
    "nested",
    ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{ b = " * 5000 + "1" + " }" * 5000],
    ids=["arrays", "inline tables"],
)
def test_a_file_nested_thousands_deep_is_one_line_exit_2(tmp_path: Path, nested: str) -> None:
    ws = tmp_path / "deep.toml"
    ws.write_text(nested, encoding="utf-8")
    code, out, err = real("errors", "-w", str(ws))
    assert (code, out) == (2, "")
    assert one_line(err) == f"syncdesk: {ws}: not valid TOML: nested too deeply"


def test_a_workspace_path_that_is_a_device_a_fifo_or_too_large_is_refused_unread(
    tmp_path: Path,
) -> None:
    """``-w /dev/zero`` filled the memory until the system killed the program (24 GiB
    here), and ``-w`` a named pipe waited for a writer for ever: refused by what the path
    is, before it is opened. A file over 4 MiB (real ones are a few KiB) is refused after
    reading no more than that. The real program is asked, so a hang ends this test by its
    bound instead of the suite."""
    from syncdesk.workspace import MAX_WORKSPACE_BYTES

    code, out, err = real("errors", "-w", "/dev/zero", timeout=60)
    assert (code, out, one_line(err)) == (
        2,
        "",
        "syncdesk: /dev/zero: is a device, not a workspace file",
    )
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo, 0o600)
    code, out, err = real("sync", "-w", str(fifo), timeout=60)
    assert (code, out, one_line(err)) == (
        2,
        "",
        f"syncdesk: {fifo}: is a named pipe (FIFO), not a workspace file",
    )
    big = tmp_path / "big.toml"
    big.write_text(
        '[workspace]\nname = "x"\n' + "# padding\n" * (MAX_WORKSPACE_BYTES // 10), encoding="utf-8"
    )
    code, out, err = cli("errors", "-w", str(big))
    assert (code, out, one_line(err)) == (
        2,
        "",
        f"syncdesk: {big}: larger than a workspace file can be (4 MiB)",
    )
    with pytest.raises(WorkspaceError, match="is a folder, not a workspace file"):
        load_workspace(tmp_path)


# ----------------------------------------------------------------------------------------
# 11. a byte order mark; names that are empty or span lines
# ----------------------------------------------------------------------------------------


def test_a_workspace_saved_with_a_byte_order_mark_is_read(lite: Env) -> None:
    lite.customers(2)
    text = lite.workspace.read_text(encoding="utf-8")
    lite.workspace.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_workspace(lite.workspace).name == "Test"
    code, out, err = real("sync", "-w", str(lite.workspace))
    assert (code, err) == (0, ""), err
    assert len(lite.rows("right", "account")) == 2


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ('name = "Test"', 'name = ""', "[workspace]: 'name' is empty; give it a name"),
        ('name = "Test"', 'name = "   "', "[workspace]: 'name' is empty; give it a name"),
        (
            'name = "Test"',
            'name = "Te\\nst"',
            "[workspace]: 'name' 'Te\\nst' has a line break or another control character; "
            "a name is one line of text",
        ),
        ('name = "CONTACT"', 'name = ""', "mapping #1: 'name' is empty; give it a name"),
        (
            'name = "CONTACT"',
            'name = """CON\nTACT"""',
            "mapping #1: 'name' 'CON\\nTACT' has a line break or another control character; "
            "a name is one line of text",
        ),
        (
            'title = "Business Central"',
            'title = "Business\\u2028Central"',
            "[apps.left]: 'title' 'Business\\u2028Central' has a line break or another control "
            "character; a name is one line of text",
        ),
        ('title = "Dynamics 365 Sales"', 'title = ""', "[apps.right]: 'title' is empty"),
    ],
)
def test_a_name_that_is_empty_or_spans_lines_is_refused(
    lite: Env, old: str, new: str, why: str
) -> None:
    text = lite.workspace.read_text(encoding="utf-8")
    assert old in text
    lite.workspace.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = cli("errors", "-w", str(lite.workspace))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"syncdesk: {lite.workspace}: {why}")
