"""Files and folders SyncDesk writes, readable by their owner alone.

The state database holds a copy of every mapped value and its history; the logs name
records and keys. Whatever the umask, what SyncDesk creates is 0600 (files) and 0700
(folders). A file that already exists keeps its owner's and group's permissions (a team
may share one state file through a group on purpose) but loses the world's
(:func:`tighten`). No Qt here: the window, the command line and the worker use it alike.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TextIO, cast

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(path: Path) -> None:
    """Create ``path`` and any missing parents, each 0700; existing folders stay as they are."""
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by another process a moment ago
            folder.mkdir(mode=FOLDER_MODE)  # the umask can only take bits away from 0700


def create_file(path: Path) -> bool:
    """Create ``path`` empty and 0600 unless it exists; True when this call made it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def open_append(path: Path, encoding: str = "utf-8", errors: str | None = None) -> TextIO:
    """``path`` opened for appending text: created 0600, or an existing file tightened."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        tighten_fd(fd)
        return cast(TextIO, os.fdopen(fd, "a", encoding=encoding, errors=errors))
    except BaseException:
        os.close(fd)
        raise


def tighten(path: Path) -> None:
    """Take the world's permissions off an existing file or folder of ours; quietly.

    Only files owned by this user are changed (chmod would fail on others' files anyway);
    owner and group permissions stay as they are.
    """
    with contextlib.suppress(OSError):
        st = os.stat(path)
        if st.st_uid == os.geteuid() and st.st_mode & 0o007:
            os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o007)


def tighten_fd(fd: int) -> None:
    """:func:`tighten` for an open file."""
    with contextlib.suppress(OSError):
        st = os.fstat(fd)
        if st.st_uid == os.geteuid() and st.st_mode & 0o007:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) & ~0o007)


def make_own_folder(path: Path) -> None:
    """A folder that belongs to SyncDesk alone (the log folder): created 0700, or made 0700."""
    make_folder(path)
    with contextlib.suppress(OSError):
        st = os.stat(path)
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o077)
