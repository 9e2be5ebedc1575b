"""Guard against PySide6 6.12.0's reference leak in ``Signal.emit()``.

On Python 3.11, PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``;
after a few hundred emits the count underflows and the process dies. The window emits
signals across threads all the time (worker progress, results), so an upgrade that
brings the bug back must fail here, loudly, rather than crash a user's window.
"""

from __future__ import annotations

import gc
import sys

import PySide6
from PySide6.QtCore import QObject, QThread, Signal, Slot
from pytestqt.qtbot import QtBot

EMITS = 3000
#: ``True`` is shared by the whole interpreter: the garbage collector, pytest's
#: assertion rewriting and Qt's own Python objects take and drop references to it
#: while the test runs. A handful either way is that noise; the bug loses one per
#: emit (thousands here).
#: the broken release drops one reference per emit that carries a bool (thousands here);
#: anything else that holds True and comes and goes meanwhile (objects of earlier tests
#: freed while the event loop runs) moves the count by a few hundred at most
TOLERANCE = EMITS // 2


class Sender(QObject):
    flag = Signal(bool)
    pair = Signal(int, bool)
    bare = Signal()
    done = Signal()

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.main_thread = QThread.currentThread()

    @Slot()
    def run(self) -> None:
        for i in range(self.count):
            self.flag.emit(i % 2 == 0)
            self.pair.emit(i, True)
            self.bare.emit()
        self.done.emit()
        # hand the object back to the main thread, which deletes it, then end the loop
        self.moveToThread(self.main_thread)
        QThread.currentThread().quit()


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.flags = 0
        self.trues = 0
        self.bares = 0
        self.finished = False

    @Slot(bool)
    def on_flag(self, value: bool) -> None:
        self.flags += 1
        self.trues += value is True

    @Slot(int, bool)
    def on_pair(self, _i: int, value: bool) -> None:
        self.trues += value is True

    @Slot()
    def on_bare(self) -> None:
        self.bares += 1

    @Slot()
    def on_done(self) -> None:
        self.finished = True


def test_pyside6_is_not_the_release_that_leaks_true() -> None:
    assert PySide6.__version__ != "6.12.0", (
        "PySide6 6.12.0 leaks a reference to True on every Signal.emit() under "
        "Python 3.11; pin PySide6 below 6.12 or above 6.12.0"
    )


def test_emits_across_threads_leave_the_refcount_of_true_alone(qtbot: QtBot) -> None:
    receiver = Receiver()
    sender = Sender(EMITS)
    thread = QThread()
    sender.moveToThread(thread)
    # receiver lives in the main thread: these connections are queued
    sender.flag.connect(receiver.on_flag)
    sender.pair.connect(receiver.on_pair)
    sender.bare.connect(receiver.on_bare)
    thread.started.connect(sender.run)

    sender.done.connect(receiver.on_done)

    gc.collect()  # garbage of earlier tests that holds True is not this test's business
    before = sys.getrefcount(True)
    thread.start()
    # (qtbot.waitSignal on the sender would run its slot in the sender's thread: a plain
    # Python callable is called directly; wait on what the receiver saw instead)
    qtbot.waitUntil(lambda: receiver.finished, timeout=30_000)
    thread.wait()
    gc.collect()
    after = sys.getrefcount(True)

    assert receiver.flags == EMITS and receiver.bares == EMITS
    assert receiver.trues == EMITS // 2 + EMITS
    assert abs(after - before) <= TOLERANCE, (
        f"sys.getrefcount(True) went from {before} to {after} over {3 * EMITS} emits: "
        "this PySide6 leaks references in Signal.emit()"
    )


def test_emits_in_the_main_thread_leave_the_refcount_of_true_alone(qtbot: QtBot) -> None:
    receiver = Receiver()
    sender = Sender(EMITS)
    sender.flag.connect(receiver.on_flag)
    sender.bare.connect(receiver.on_bare)
    gc.collect()
    before = sys.getrefcount(True)
    for i in range(EMITS):
        sender.flag.emit(i % 2 == 0)
        sender.bare.emit()
    gc.collect()
    after = sys.getrefcount(True)
    assert receiver.flags == EMITS
    assert abs(after - before) <= TOLERANCE
