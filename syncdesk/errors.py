"""Exceptions that reach a person: each carries one readable line and an exit status."""

from __future__ import annotations

import stat


class SyncDeskError(Exception):
    """A problem a person can read and act on. ``str(error)`` is one line."""

    exit_code = 2


class WorkspaceError(SyncDeskError):
    """The workspace file is missing, malformed or names something that does not exist."""

    exit_code = 2


class UsageError(SyncDeskError):
    """A command was asked for something that does not apply (bad key, wrong action)."""

    exit_code = 2


class UnavailableError(SyncDeskError):
    """An app or the state database cannot be opened, or stays locked past the bounded wait."""

    exit_code = 3


class ConflictingUpdateError(SyncDeskError):
    """Someone else changed the sync error or record since it was read."""

    exit_code = 1


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, by its ``st_mode``, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
