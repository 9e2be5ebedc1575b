"""Help: the keyboard shortcuts of every menu and page, and how to use SyncDesk (the
README's "Using it" section, shown here and linked to the file)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: the README beside the package (a source checkout); an installed copy may have none
README = Path(__file__).resolve().parents[2] / "README.md"
#: the section of the README that says how to use SyncDesk
USE_SECTION = "Using it"


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command of the menu bar that has a key."""
    out: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{where} › {_plain(action.text())}")
            elif not action.isSeparator():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    out.append((where, _plain(action.text()).rstrip("…"), keys))

    for action in bar.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            walk(sub, _plain(sub.title()))
    return out


def page_shortcuts(pages: Sequence[tuple[str, Sequence[QAction]]]) -> list[tuple[str, str, str]]:
    """(page, command, keys) for the commands each page lists in the Page menu."""
    out = []
    for title, actions in pages:
        for action in actions:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                out.append((title, _plain(action.text()).rstrip("…"), keys))
    return out


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, by menu and page."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Tab moves between the controls of a page; in a table the arrow keys move, "
                "and Tab leaves it. Esc clears a search field."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("ShortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Where"), self.tr("Command"), self.tr("Keys")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # never cut in half
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 560)


def use_section(readme: Path = README) -> str | None:
    """The README's "Using it" section as Markdown (None if there is no README)."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return None
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip() == f"## {USE_SECTION}"), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip()


class UsingDialog(QDialog):
    """How to use SyncDesk: the README's section on it, with a link to the whole file."""

    def __init__(self, parent: QWidget | None = None, readme: Path = README) -> None:
        super().__init__(parent)
        self.setObjectName("UsingDialog")
        self.setWindowTitle(self.tr("Using SyncDesk"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("UsingText")
        self.browser.setOpenExternalLinks(True)
        section = use_section(readme)
        if section is None:
            self.browser.setPlainText(
                self.tr(
                    "The README that explains how to use SyncDesk is not installed with this "
                    "copy. Read its section “{section}” where SyncDesk came from."
                ).format(section=USE_SECTION)
            )
        else:
            self.browser.setMarkdown(section)
        layout.addWidget(self.browser, 1)
        url = QUrl.fromLocalFile(str(readme))
        url.setFragment(USE_SECTION.lower().replace(" ", "-"))
        self.link = QLabel(
            self.tr('The whole README: <a href="{url}">{path}</a>').format(
                url=url.toString(), path=str(readme).replace("&", "&amp;").replace("<", "&lt;")
            )
        )
        self.link.setObjectName("ReadmeLink")
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.setOpenExternalLinks(True)
        self.link.setVisible(section is not None)
        layout.addWidget(self.link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 600)
