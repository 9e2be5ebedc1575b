"""Database passwords kept out of the workspace file: the keyring, the environment, a file.

A workspace says where a password comes from beside the URL it belongs to::

    [workspace]
    state = "postgresql+psycopg://syncdesk@db.example/syncdesk_state"
    state_password = "env:SYNCDESK_STATE_PASSWORD"

    [apps.left]
    url = "postgresql+psycopg://syncdesk@db.example/erp"
    password = "keyring"            # or "env:NAME", or "file:/run/secrets/erp"

``syncdesk.workspace`` reads and checks those settings; this module fetches the
passwords when the databases are opened. The system keyring is reached through the
``keyring`` library under the service name ``syncdesk`` and a user name made from the URL,
``user@host:port/database``, so every workspace on the same database shares one entry.

For the window: :func:`missing` lists the passwords that cannot be fetched now (with a
one-line reason and whether the keyring can keep them), :func:`save` stores one in the
keyring, and ``Integration(workspace, passwords={...})`` opens the workspace with the
passwords a person typed. No Qt here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import make_url

from syncdesk.errors import WorkspaceError, file_kind
from syncdesk.workspace import PasswordSource, Workspace

#: the keyring's service name for every SyncDesk password
SERVICE = "syncdesk"

Target = Literal["left", "right", "state"]
TARGETS: tuple[Target, Target, Target] = ("left", "right", "state")

_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433}


class CredentialsError(WorkspaceError):
    """A password cannot be found where the workspace says it is (exit status 2)."""


def mask(url: str) -> str:
    """The URL as it may be shown or logged: its password, if any, replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable URL>"


def account_name(url: str) -> str:
    """The keyring user name of a URL's password: ``user@host:port/database``.

    The driver and the options do not count, and a missing port is the backend's
    default, so ``postgresql://u@db/erp`` and ``postgresql+psycopg://u@db:5432/erp`` share
    one entry.
    """
    u = make_url(url)
    port = u.port or _DEFAULT_PORTS.get(u.get_backend_name())
    host = u.host or "localhost"
    return f"{u.username or ''}@{host}{f':{port}' if port else ''}/{u.database or ''}"


@dataclass(frozen=True)
class Credential:
    """One database of a workspace and where its password comes from."""

    target: Target
    #: the app's title, or "state database"
    title: str
    #: the URL as written in the file (no password when ``source`` is set)
    url: str
    source: PasswordSource | None
    #: the keyring user name (``user@host:port/database``)
    account: str
    #: how the command line names it: ``--app left`` or ``--state``
    option: str

    @property
    def shown_url(self) -> str:
        return mask(self.url)

    @property
    def literal(self) -> bool:
        """True when the password is written in the URL itself (warned about)."""
        try:
            return self.source is None and make_url(self.url).password is not None
        except Exception:
            return False


def credential(workspace: Workspace, target: Target) -> Credential:
    if target == "state":
        url, source, title, option = (
            workspace.state_url,
            workspace.state_password,
            "state database",
            "--state",
        )
    else:
        app = workspace.apps[target]
        url, source, title, option = app.url, app.password, app.title, f"--app {target}"
    return Credential(target, title, url, source, account_name(url), option)


def credentials(workspace: Workspace) -> list[Credential]:
    """The workspace's three databases: left, right, state."""
    return [credential(workspace, t) for t in TARGETS]


# -- the keyring ---------------------------------------------------------------------------


def _keyring() -> Any:
    import keyring

    return keyring


def keyring_problem() -> str | None:
    """None when a system keyring can be used; else one line saying why not."""
    kr = _keyring()
    try:
        backend = kr.get_keyring()
    except Exception as exc:
        return f"the system keyring cannot be used ({_first_line(exc)})"
    from keyring.backends import fail

    if isinstance(backend, fail.Keyring):
        return (
            "this system has no keyring to keep passwords in "
            "(no Secret Service, Keychain or Credential Locker)"
        )
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _keyring_error(workspace: Workspace, cred: Credential, exc: Exception) -> CredentialsError:
    from keyring.errors import NoKeyringError

    if isinstance(exc, NoKeyringError):
        why = keyring_problem() or "this system has no keyring to keep passwords in"
    else:
        why = f"the system keyring refused ({_first_line(exc)})"
    setting = cred.source.setting if cred.source else cred.option
    return CredentialsError(
        f'{workspace.path}: {setting} is "keyring", but {why}; '
        'use "env:NAME" or "file:PATH" there instead'
    )


def _stored(workspace: Workspace, cred: Credential) -> str | None:
    try:
        password: str | None = _keyring().get_password(SERVICE, cred.account)
    except Exception as exc:
        raise _keyring_error(workspace, cred, exc) from None
    return password


def save(workspace: Workspace, target: Target, password: str) -> str:
    """Store ``target``'s password in the system keyring; returns the keyring user name.

    Only for a database whose setting is ``"keyring"`` (elsewhere it would not be read).
    Raises :class:`CredentialsError` with one line when that is not so, when the password
    is empty, or when there is no usable keyring.
    """
    cred = require_keyring(workspace, target)
    if not password:
        raise CredentialsError(f"{workspace.path}: an empty password was not stored")
    try:
        _keyring().set_password(SERVICE, cred.account, password)
    except Exception as exc:
        raise _keyring_error(workspace, cred, exc) from None
    return cred.account


def delete(workspace: Workspace, target: Target) -> bool:
    """Remove ``target``'s password from the keyring; False when there was none."""
    cred = require_keyring(workspace, target)
    kr = _keyring()
    from keyring.errors import PasswordDeleteError

    try:
        if _stored(workspace, cred) is None:
            return False
        kr.delete_password(SERVICE, cred.account)
    except PasswordDeleteError:
        return False
    except CredentialsError:
        raise
    except Exception as exc:
        raise _keyring_error(workspace, cred, exc) from None
    return True


def require_keyring(workspace: Workspace, target: Target) -> Credential:
    """``target``'s credential; :class:`CredentialsError` unless its setting is "keyring"."""
    cred = credential(workspace, target)
    key = "state_password" if target == "state" else "password"
    where = "[workspace]" if target == "state" else f"[apps.{target}]"
    if cred.source is None or cred.source.kind != "keyring":
        now = f'is "{cred.source.describe()}"' if cred.source else "is not set"
        raise CredentialsError(
            f"{workspace.path}: {where} {key} {now}, so the keyring would not be asked; "
            f'put {key} = "keyring" there first'
        )
    return cred


# -- fetching ------------------------------------------------------------------------------


def fetch(workspace: Workspace, target: Target) -> str | None:
    """The password of ``target`` from its source; None when the URL needs none from us.

    Raises :class:`CredentialsError` (one line naming the file and the setting, and how to
    put the password there) when the source has none.
    """
    cred = credential(workspace, target)
    source = cred.source
    if source is None:
        return None
    where = f"{workspace.path}: {source.setting}"
    if source.kind == "env":
        value = os.environ.get(source.value)
        if not value:
            state = "is empty" if value is not None else "is not set"
            raise CredentialsError(f"{where}: the environment variable {source.value} {state}")
        return value
    if source.kind == "file":
        return read_password_file(Path(source.value), where)
    stored = _stored(workspace, cred)
    if not stored:
        raise CredentialsError(
            f"{where}: the keyring has no password for {cred.account}; store it with "
            f"'syncdesk password set -w {workspace.path} {cred.option}'"
        )
    return stored


#: the longest first line a ``file:`` password source may have, in bytes
MAX_PASSWORD_BYTES = 4096


def read_password_file(path: Path, where: str) -> str:
    """The first line of a ``file:`` password source, which must be kept private.

    The rule libpq applies to ``.pgpass``: a regular file, owned by this user, that
    neither the group nor others may read or write. A symbolic link is followed (secrets
    mounted by Docker or Kubernetes are links) and the file it leads to must pass the
    same rule. The file is opened without blocking and checked on the open descriptor
    before a byte is read, so a FIFO or a device is refused instead of hanging or
    filling memory; at most :data:`MAX_PASSWORD_BYTES` plus one are read.
    ``where`` names the workspace file and the setting, for the message.
    """

    def refuse(why: str) -> CredentialsError:
        link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
        return CredentialsError(f"{where}: {path}{link} {why}")

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise CredentialsError(f"{where}: cannot read {path} ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise refuse(f"is {file_kind(st.st_mode)}, not a regular file; put the password in one")
        if st.st_uid != os.geteuid():
            raise refuse(
                f"belongs to {_user_name(st.st_uid)}, not to {_user_name(os.geteuid())}; "
                "a password file must be your own"
            )
        if st.st_mode & 0o077:
            raise refuse(
                f"may be read by others (mode {stat.S_IMODE(st.st_mode):04o}); "
                f"make it readable by you alone: chmod 600 {path}"
            )
        data = b""
        while len(data) <= MAX_PASSWORD_BYTES and b"\n" not in data:
            chunk = os.read(fd, MAX_PASSWORD_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    except OSError as exc:
        raise CredentialsError(f"{where}: cannot read {path} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    line = data.split(b"\n", 1)[0]
    if len(line) > MAX_PASSWORD_BYTES:
        raise refuse(
            f"has a first line longer than {MAX_PASSWORD_BYTES} bytes; it holds no password"
        )
    try:
        value = line.decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        raise refuse("is not a text file (its first line is not UTF-8)") from None
    if not value:
        raise refuse("is empty" if not data else "has an empty first line")
    return value


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def resolve(
    workspace: Workspace, passwords: Mapping[Target, str] | None = None
) -> dict[Target, str]:
    """The URLs to connect with, passwords filled in, keyed ``left``, ``right``, ``state``.

    ``passwords`` (for instance typed into the window) win over the sources. Never show or
    log what this returns; :func:`mask` it first.
    """
    passwords = passwords or {}
    urls: dict[Target, str] = {}
    for cred in credentials(workspace):
        if cred.source is None:
            urls[cred.target] = cred.url
            continue
        password = passwords.get(cred.target) or fetch(workspace, cred.target)
        urls[cred.target] = (
            make_url(cred.url).set(password=password).render_as_string(hide_password=False)
        )
    return urls


@dataclass(frozen=True)
class MissingPassword:
    """A password the workspace needs that cannot be fetched now: the window asks for it."""

    target: Target
    #: the app's title, or "state database"
    title: str
    #: the URL with any password masked, to show
    url: str
    #: the keyring user name it would be saved under (``user@host:port/database``)
    account: str
    source: PasswordSource
    #: one line: why it is missing (the same text the command line prints)
    reason: str
    #: True when :func:`save` can keep it (source "keyring" and a usable keyring)
    can_save: bool


def missing(
    workspace: Workspace, passwords: Mapping[Target, str] | None = None
) -> list[MissingPassword]:
    """The passwords that neither ``passwords`` nor their sources can give now."""
    passwords = passwords or {}
    result: list[MissingPassword] = []
    for cred in credentials(workspace):
        if cred.source is None or passwords.get(cred.target):
            continue
        try:
            fetch(workspace, cred.target)
        except CredentialsError as exc:
            can_save = cred.source.kind == "keyring" and keyring_problem() is None
            result.append(
                MissingPassword(
                    target=cred.target,
                    title=cred.title,
                    url=cred.shown_url,
                    account=cred.account,
                    source=cred.source,
                    reason=str(exc),
                    can_save=can_save,
                )
            )
    return result


def refused(
    workspace: Workspace, passwords: Mapping[Target, str], reason: str
) -> list[MissingPassword]:
    """The typed ``passwords`` to ask for again: a database refused one (``reason``, its
    one line); which of them it was the server does not say, so all of them."""
    out: list[MissingPassword] = []
    for target in TARGETS:
        cred = credential(workspace, target)
        if cred.source is None or not passwords.get(target):
            continue
        out.append(
            MissingPassword(
                target=target,
                title=cred.title,
                url=cred.shown_url,
                account=cred.account,
                source=cred.source,
                reason=reason,
                can_save=cred.source.kind == "keyring" and keyring_problem() is None,
            )
        )
    return out
