"""What a job asks the state on every run is answered from an index, not by reading every
coupling: at a million couplings a scan of them all is seconds a job costs whatever
changed. Checked with SQLite's own EXPLAIN QUERY PLAN on the statements a job sends."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from builders import Env
from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements() -> Iterator[list[tuple[str, Any]]]:
    """Every statement any engine sends while the block runs, with its parameters."""
    sent: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, stmt: str, params: Any, _ctx: Any, many: bool) -> None:
        if not many:
            sent.append((stmt, params))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def plan(db: str, stmt: str, params: Any) -> str:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("EXPLAIN QUERY PLAN " + stmt, params or ()).fetchall()
    return " | ".join(str(r[-1]) for r in rows)


def test_the_count_of_couplings_known_gone_reads_the_partial_index(lite: Env) -> None:
    lite.customers(30)
    lite.job()
    lite.delete("left", "customer", "C00003")
    lite.delete("right", "account", lite.partner("C00004"))
    lite.job()  # two couplings known gone now, one on each side
    with statements() as sent:
        lite.job()
    gone = [(s, p) for s, p in sent if "count(" in s and "_gone" in s]
    assert {side for side in ("left", "right") for s, _p in gone if f"{side}_gone" in s} == {
        "left",
        "right",
    }
    state = str(lite.folder / "state.db")
    for stmt, params in gone:
        side = "left" if "left_gone" in stmt else "right"
        shown = plan(state, stmt, params)
        assert f"ix_coupling_{side}_gone" in shown, (stmt, shown)


def test_the_couplings_of_unknown_stamps_are_found_by_their_partial_index(lite: Env) -> None:
    """Every job asks for the couplings whose stamp of a side it does not know (made by
    hand): from ix_coupling_unseen, whichever sides have a 'modified' column."""
    from sqlalchemy.dialects import sqlite

    from syncdesk.sync.engine import unseen_couplings

    lite.customers(3)
    lite.job()
    state = str(lite.folder / "state.db")
    for sides in (["left", "right"], ["left"], ["right"]):
        compiled = unseen_couplings("CUSTOMER", sides).compile(  # type: ignore[arg-type]
            dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True}
        )
        params = [compiled.params[n] for n in compiled.positiontup or []]
        shown = plan(state, str(compiled), params)
        assert "ix_coupling_unseen" in shown, (sides, shown)
