"""The window by keyboard: every page reachable, tab order that follows the page, shortcuts
listed in the menus, tooltips on what a toolbar shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from syncdesk.demo import write_demo
from syncdesk.ui.main_window import MainWindow

WAIT_MS = 30_000


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The window's language ("en" unless a test asks for another one indirectly)."""
    from syncdesk.ui import i18n

    code = getattr(request, "param", "en")
    i18n.install(code)
    yield code
    i18n.install("en")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, language: str) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.open_workspace(write_demo(tmp_path / "demo", 30))
    qtbot.waitUntil(lambda: win.integration is not None and win.runner.is_idle(), timeout=WAIT_MS)
    yield win
    win.close()


def _menu_actions(menu: QMenu) -> Iterator[tuple[QMenu, object]]:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub)
        elif not action.isSeparator():
            yield menu, action


def _focus_chain(start: QWidget, limit: int = 400) -> list[QWidget]:
    """The widgets Tab visits from ``start``, in order, once round."""
    chain: list[QWidget] = []
    w = start.nextInFocusChain()
    while w is not start and len(chain) < limit:
        chain.append(w)
        w = w.nextInFocusChain()
    return chain


def _tabbable(w: QWidget) -> bool:
    return (
        w.isVisible()
        and w.isEnabled()
        and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and w.window() is not None
    )


def test_each_page_has_a_shortcut_listed_in_the_view_menu(window: MainWindow) -> None:
    shortcuts = {}
    for menu in window.menuBar().findChildren(QMenu):
        for _m, action in _menu_actions(menu):
            seq = action.shortcut()  # type: ignore[attr-defined]
            if not seq.isEmpty():
                shortcuts[seq.toString()] = action
    for page in range(window.nav.count()):
        wanted = QKeySequence(f"Ctrl+{page + 1}").toString()
        assert wanted in shortcuts, f"page {window.nav.item(page).text()} has no {wanted}"
        shortcuts[wanted].trigger()  # type: ignore[attr-defined]
        assert window.nav.currentRow() == page


@pytest.mark.parametrize("language", ["en", "nl"], indirect=True)
def test_every_menu_action_has_a_mnemonic_and_the_frequent_ones_shortcuts(
    window: MainWindow, language: str
) -> None:
    for top in window.menuBar().actions():
        assert "&" in top.text(), f"menu {top.text()!r} has no Alt key"
    without = []
    for menu in window.menuBar().findChildren(QMenu):
        texts = [a.text() for _m, a in _menu_actions(menu)]  # type: ignore[attr-defined]
        keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t and not t.endswith("&")]
        assert len(keys) == len(set(keys)) or menu.title() == "", (
            f"menu {menu.title()!r}: the same Alt key twice: {texts}"
        )
    for menu in window.menuBar().findChildren(QMenu):
        for _m, action in _menu_actions(menu):
            text = action.text()  # type: ignore[attr-defined]
            if "&" not in text and action.shortcut().isEmpty():  # type: ignore[attr-defined]
                without.append(text)
    # recent workspaces are numbered entries; everything else has a key
    assert [t for t in without if not t[:1].isdigit()] == []
    # each page's own menu: every entry with an Alt key or a shortcut, no Alt key twice
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        texts = [a.text() for a in window.page_menu.actions()]
        keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
        assert len(keys) == len(set(keys)), texts
        for action in window.page_menu.actions():
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()


def test_toolbar_buttons_and_page_buttons_have_tooltips(window: MainWindow) -> None:
    missing = []
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        for bar in window.findChildren(QToolBar):
            for action in bar.actions():
                if action.isSeparator() or not action.isVisible():
                    continue
                if not action.toolTip() or action.toolTip() == action.text().replace("&", ""):
                    missing.append(f"toolbar: {action.text()}")
        from PySide6.QtWidgets import QAbstractButton

        for button in window.view_stack.currentWidget().findChildren(QAbstractButton):
            if button.isVisible() and not button.toolTip() and not button.accessibleName():
                missing.append(f"{window.nav.item(page).text()}: {button.text()}")
    assert missing == []


def test_tab_reaches_every_control_of_each_page_in_reading_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    problems = []
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        current = window.view_stack.currentWidget()
        controls = [w for w in current.findChildren(QWidget) if _tabbable(w)]
        chain = [w for w in _focus_chain(window.nav) if _tabbable(w)]
        name = window.nav.item(page).text()
        unreachable = [
            type(w).__name__ + ":" + (w.objectName() or w.accessibleName())
            for w in controls
            if w not in chain
        ]
        if unreachable:
            problems.append(f"{name}: Tab never reaches {unreachable}")
        # the page's own controls in the chain: top to bottom, then left to right, in
        # blocks (a control may sit right of a taller one); never jumping back up a lot
        ordered = [w for w in chain if w in controls]
        ys = [w.mapTo(window, w.rect().topLeft()).y() for w in ordered]
        for a, b, wa, wb in zip(ys, ys[1:], ordered, ordered[1:], strict=False):
            if b < a - 200:
                problems.append(
                    f"{name}: Tab jumps up from {type(wa).__name__} {wa.accessibleName()!r} "
                    f"to {type(wb).__name__} {wb.accessibleName()!r}"
                )
    assert problems == []


def _has_name(w: QWidget) -> bool:
    """A screen reader can say what ``w`` is: its own name, its text, or a label's buddy."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    if w.accessibleName():
        return True
    if isinstance(w, QAbstractButton) and w.text():
        return True
    if w.objectName() == "qt_spinbox_lineedit" or w.objectName().startswith("qt_tabwidget"):
        return True  # the inside of a spin box or tab widget: its owner has the name
    return any(label.buddy() is w for label in w.window().findChildren(QLabel))


def test_every_control_tells_a_screen_reader_what_it_is(qtbot: QtBot, window: MainWindow) -> None:
    nameless = []
    for page in range(window.nav.count()):
        window.nav.setCurrentRow(page)
        qtbot.waitUntil(window.runner.is_idle, timeout=WAIT_MS)
        for w in window.view_stack.currentWidget().findChildren(QWidget):
            if _tabbable(w) and not _has_name(w):
                nameless.append(
                    f"{window.nav.item(page).text()}: {type(w).__name__} {w.objectName()!r}"
                )
    assert nameless == []
