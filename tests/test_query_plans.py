"""What a job asks the state on every run is answered from an index, not by reading every
coupling: at a million couplings a scan of them all is seconds a job costs whatever
changed. Checked with SQLite's own EXPLAIN QUERY PLAN on the statements a job sends."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

from builders import Env
from sqlalchemy import event, text
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


def _kept_and_counted(env: Env) -> dict[str, tuple[int, int]]:
    """Per side: the coupling count the state keeps, and a count of the couplings."""
    from sqlalchemy import func, select

    from syncdesk.models import Coupling, CouplingCount

    out = {}
    with env.open() as integration, integration.state.read() as s:
        for side, col in (("left", Coupling.left_key), ("right", Coupling.right_key)):
            kept = s.scalar(
                select(CouplingCount.n).where(
                    CouplingCount.mapping == "CUSTOMER", CouplingCount.side == side
                )
            )
            counted = s.scalar(
                select(func.count()).where(Coupling.mapping == "CUSTOMER", col.is_not(None))
            )
            out[side] = (int(kept if kept is not None else -1), int(counted or 0))
    return out


def test_a_job_reads_the_couplings_count_the_state_keeps_through_every_change(
    env: Env,
) -> None:
    """Change detection compares each app's row count with the couplings the state holds;
    a job reads that number from coupling_count (kept by triggers) rather than counting
    a million index entries per side, and it is right after inserts, deletions, Restore
    and Delete Records, and couplings removed and made by hand."""
    from syncdesk.sync.actions import couple, resolve, uncouple

    env.customers(6)
    env.job()
    assert _kept_and_counted(env) == {"left": (6, 6), "right": (6, 6)}
    r1, r2, r3 = env.partner("C00001"), env.partner("C00002"), env.partner("C00003")
    env.delete("right", "account", r1)
    env.delete("left", "customer", "C00002")
    env.job()
    errors = {e.kind: e.id for e in env.errors()}
    with env.open() as integration:
        resolve(integration, [errors["deleted-right"]], "restore")
        resolve(integration, [errors["deleted-left"]], "delete")
        uncouple(integration, "CUSTOMER", "C00003", r3)
    assert _kept_and_counted(env) == {"left": (4, 4), "right": (4, 4)}
    with env.open() as integration:
        couple(integration, "CUSTOMER", "C00003", r3)
    env.insert("left", "customer", no="C00009", name="New")
    env.delete("left", "customer", "C00004")
    r = env.job()
    assert (r.counts.inserted, r2 not in env.rows("right", "account")) == (1, True)
    assert len([e for e in env.errors() if e.kind == "deleted-left"]) == 1  # C00004 found
    assert _kept_and_counted(env) == {"left": (6, 6), "right": (6, 6)}
    # a job with nothing gone asks for no count of all couplings of a side
    with statements() as sent:
        assert env.job().counts.deleted == 0
    counts = [s for s, _p in sent if "count(" in s.lower() and "FROM coupling" in s]
    assert [s for s in counts if "_gone" not in s] == []
    # a kept count gone wrong (written past the triggers) is counted again and mended
    with env.open() as integration, integration.state.write() as s:
        s.execute(text("UPDATE coupling_count SET n = n + 5 WHERE side = 'left'"))
    r = env.job()
    assert (r.counts.deleted, r.counts.inserted, len(env.errors())) == (0, 0, 1)
    assert _kept_and_counted(env) == {"left": (6, 6), "right": (6, 6)}
