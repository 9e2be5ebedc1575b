"""Fault injection for tests: kill this process at a named point of a job.

``SYNCDESK_FAULT="after-app-write:3"`` sends SIGKILL to the process the third
time the job passes the point ``after-app-write``. Unset, a point costs one
dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_spec = os.environ.get("SYNCDESK_FAULT", "")
_target: tuple[str, int] | None = None
if _spec:
    _name, _, _count = _spec.partition(":")
    _target = (_name, int(_count or "1"))
_hits: dict[str, int] = {}


def point(name: str) -> None:
    if _target is None or _target[0] != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= _target[1]:
        os.kill(os.getpid(), signal.SIGKILL)
