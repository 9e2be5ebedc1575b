"""File › Open Recent: the workspaces opened last, kept in the user's settings, as the
menu and the empty window's links show them."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from syncdesk.ui.i18n import settings
from syncdesk.ui.models import plain_tip

#: how many workspaces File > Open Recent remembers
RECENT_LIMIT = 8


def recent_workspaces() -> list[str]:
    value = settings().value("workspaces/recent", [])
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return []


def remember_workspace(path: Path) -> None:
    text = str(path)
    items = [text, *[p for p in recent_workspaces() if p != text]][:RECENT_LIMIT]
    settings().setValue("workspaces/recent", items)


def clear_recent() -> None:
    settings().setValue("workspaces/recent", [])


def recent_links() -> str:
    """The empty window's links to the last workspaces (rich text; "" when there are none)."""
    recent = recent_workspaces()
    if not recent:
        return ""
    links = "<br>".join(
        f'<a href="{html.escape(p)}">{html.escape(Path(p).name)}</a>'
        f" — {html.escape(str(Path(p).parent))}"
        for p in recent[:5]
    )
    title = QCoreApplication.translate("MainWindow", "Recent workspaces")
    return f"<b>{html.escape(title)}</b><br>{links}"


def fill_recent_menu(
    menu: QMenu, open_path: Callable[[str], None], on_clear: Callable[[], None]
) -> None:
    """File › Open Recent, filled as it opens: one entry per workspace, then Clear Recent."""
    menu.clear()
    recent = recent_workspaces()
    for i, path in enumerate(recent, 1):
        text = f"{Path(path).name} — {Path(path).parent}".replace("&", "&&")
        act = menu.addAction(f"&{i} {text}")
        act.setToolTip(plain_tip(path))
        act.triggered.connect(partial(open_path, path))
    if not recent:
        empty = menu.addAction(QCoreApplication.translate("MainWindow", "No recent workspaces"))
        empty.setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction(QCoreApplication.translate("MainWindow", "Clear Recent"))
    clear.setEnabled(bool(recent))
    clear.triggered.connect(on_clear)


__all__ = [
    "RECENT_LIMIT",
    "clear_recent",
    "fill_recent_menu",
    "recent_links",
    "recent_workspaces",
    "remember_workspace",
]
