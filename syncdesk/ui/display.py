"""Whether the window can open here: a display to show it on, and Qt's libraries for it.

Without one (an ssh session without X forwarding, a server), Qt would abort the process
with its own core-dump message. ``syncdesk`` asks here first and says in one line what is
missing. Nothing here imports Qt: the check runs before Qt is loaded, and the commands
(``syncdesk --help``, ``syncdesk errors``, ...) never need a display at all.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

#: what to do instead, said at the end of every message
INSTEAD = (
    "run it on a desktop (or over ssh -X), or set QT_QPA_PLATFORM=offscreen; "
    "the commands ('syncdesk --help') need no display"
)


def _platform(env: Mapping[str, str]) -> str:
    """The Qt platform asked for (``QT_QPA_PLATFORM``, without its options)."""
    return env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()


def _x_socket(display: str) -> tuple[str, int | str] | None:
    """Where the X server of ``DISPLAY`` listens: a unix socket path or (host, port)."""
    host, sep, rest = display.rpartition(":")
    if not sep:
        return None
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return None
    if host in ("", "unix"):
        return ("unix", f"/tmp/.X11-unix/X{number}")
    return (host, 6000 + int(number))


def x_reachable(display: str, timeout: float = 2.0) -> bool:
    """True when an X server answers at ``display`` (a connection is made and closed)."""
    where = _x_socket(display)
    if where is None:
        return False
    host, port = where
    try:
        if host == "unix":
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(str(port))
                return True
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except OSError:
        return False


def wayland_reachable(env: Mapping[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "")) / name
    return path.is_socket()


def xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin as installed with PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_x_library() -> str | None:
    """The loader's words for a library Qt's X11 plugin needs and cannot find (None: none)."""
    plugin = xcb_plugin()
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open here, in one line; None when it can (or Qt decides)."""
    env = os.environ if env is None else env
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own window system
    platform = _platform(env)
    if platform and platform not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs, ...: asked for by name
    if platform.startswith("wayland") or (not platform and wayland_reachable(env)):
        if wayland_reachable(env):
            return None
        if platform:
            return f"no Wayland display to open the window on (WAYLAND_DISPLAY); {INSTEAD}"
    display = env.get("DISPLAY", "")
    if not display:
        return (
            "no display to open the window on: DISPLAY is not set (no X server) and no "
            f"Wayland display is there; {INSTEAD}"
        )
    if not x_reachable(display):
        return f"cannot reach the X display {display!r} (DISPLAY): no X server answers; {INSTEAD}"
    missing = missing_x_library()
    if missing is not None:
        return (
            f"the window needs X libraries this system lacks ({missing}); install them "
            "(Debian: apt install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 "
            "libxcb-keysyms1 libxcb-shape0), or set QT_QPA_PLATFORM=offscreen"
        )
    return None
