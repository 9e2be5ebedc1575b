"""JSON of SyncDesk's own state (bases, record log changes, the journal), fast.

A job writes a base and a record log entry per record and reads a base per record it
compares: the standard library's ``json`` costs more than the database's own work there.
orjson (a well-kept, widely used encoder written in Rust) does the same work about ten
times faster. Where it cannot say the same thing the standard library would (an integer
beyond 64 bits), the standard library does it. Canonical values hold no float that is not
finite (see :func:`syncdesk.sync.values.canonical`), which orjson would write as null.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN or Infinity, which only json writes
        return json.loads(text)
