"""Reading what a reflected table's schema says about its columns' values.

Check constraints on one column (``length(name) <= 40``) hold text to a length even where
the database's types do not (SQLite): the Mappings page warns by them, and a preview or a
value typed into the window is checked against them before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import CheckConstraint, Table

#: ``length(name) <= 40``, ``char_length((name)::text) < 41``, ...
_LENGTH_CHECK = re.compile(
    r"(?:char_length|character_length|length)\s*\(\s*\(?\s*\"?(?P<col>\w+)\"?\s*\)?"
    r"(?:\s*::\s*[\w ]+?)?\s*\)\s*(?P<op><=|<)\s*(?P<n>\d+)",
    re.IGNORECASE,
)


def strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip()
        if inner.count("(") != inner.count(")"):
            break
        text = inner
    return text


def column_checks(table: Table) -> dict[str, list[str]]:
    """Check constraints naming exactly one column of ``table``, by that column."""
    names = [c.name for c in table.columns]
    out: dict[str, list[str]] = {}
    for constraint in table.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        text = strip_parens(str(constraint.sqltext))
        named = [n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", text)]
        if len(named) == 1:
            out.setdefault(named[0], []).append(text)
    return out


def check_length(column: str, checks: Iterable[str]) -> int | None:
    best: int | None = None
    for text in checks:
        m = _LENGTH_CHECK.fullmatch(text)
        if m and m["col"] == column:
            n = int(m["n"]) - (1 if m["op"] == "<" else 0)
            best = n if best is None else min(best, n)
    return best
