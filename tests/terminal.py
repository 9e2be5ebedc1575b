"""A real ``syncdesk`` process with its stderr on a pseudo-terminal, as a person runs it.

The terminal is the child's controlling terminal, so ``ctrl_c()`` types Ctrl+C the way
a keyboard does (the kernel sends SIGINT to the foreground process group). The test
reads what the terminal shows until a pattern appears (a bound on the wait, never a
fixed sleep).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

#: ANSI escape sequences (colours, cursor moves, erase line) and the bell
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x07")


def plain(text: str) -> str:
    """What the terminal shows, without colours and cursor moves."""
    return _ESCAPES.sub("", text)


def frames(text: str) -> list[str]:
    """Every line the terminal drew, each redraw of the progress line on its own."""
    return [f.rstrip() for f in re.split(r"[\r\n]+", plain(text)) if f.strip()]


def screen_lines(text: str) -> list[str]:
    """The lines left on the screen: each line as its last redraw left it."""
    lines = []
    for raw in plain(text).replace("\r\n", "\n").split("\n"):
        last = raw.split("\r")[-1] if raw.strip() else raw
        lines.append(last.rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


class Terminal:
    """``python -m syncdesk ARGS`` with stdin and stderr on a terminal, stdout a pipe."""

    def __init__(
        self,
        *args: str,
        columns: int = 120,
        stdout_on_terminal: bool = False,
        term: str = "xterm-256color",
    ) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        environ = dict(os.environ)
        environ.pop("SYNCDESK_FAULT", None)
        environ.update(TERM=term, COLUMNS=str(columns))
        environ.pop("NO_COLOR", None)

        def controlling_terminal() -> None:  # runs in the child, after setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "syncdesk", *args],
            stdin=slave,
            stdout=slave if stdout_on_terminal else subprocess.PIPE,
            stderr=slave,
            env=environ,
            start_new_session=True,
            preexec_fn=controlling_terminal,
        )
        os.close(slave)
        self._raw = b""
        self.stdout = ""

    @property
    def text(self) -> str:
        """Everything the terminal received so far, as text."""
        return self._raw.decode("utf-8", errors="replace")

    def _read(self, timeout: float) -> bool:
        """Read what is there (waiting up to ``timeout``); False once the terminal closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed its end
            return False
        if not chunk:
            return False
        self._raw += chunk
        return True

    def wait_for(self, pattern: str, timeout: float = 180) -> re.Match[str]:
        """Read until ``pattern`` shows in the plain text; fail with the screen if not."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            found = regex.search(plain(self.text))
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"gave up waiting for {pattern!r}; the terminal shows:\n{plain(self.text)}"
                )
            if not self._read(0.2) and self.proc.poll() is not None:
                raise AssertionError(
                    f"the process ended (exit {self.proc.returncode}) before {pattern!r} "
                    f"showed; the terminal shows:\n{plain(self.text)}"
                )

    def ctrl_c(self) -> None:
        """Type Ctrl+C on the terminal."""
        os.write(self.master, b"\x03")

    def finish(self, timeout: float = 300) -> int:
        """Read to the end; returns the exit status (stdout is in ``self.stdout``)."""
        deadline = time.monotonic() + timeout
        try:
            while self._read(0.2):
                if time.monotonic() > deadline:
                    raise AssertionError(f"still running after {timeout}s:\n{plain(self.text)}")
                if self.proc.poll() is not None and not select.select([self.master], [], [], 0)[0]:
                    break
            out = self.proc.stdout.read() if self.proc.stdout is not None else b""
            self.stdout = out.decode("utf-8")
            return self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        with contextlib.suppress(OSError):
            os.close(self.master)
