"""What a job asks the state on every run is answered from an index, not by reading every
coupling: at a million couplings a scan of them all is seconds a job costs whatever
changed. Checked with SQLite's own EXPLAIN QUERY PLAN on the statements a job sends."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
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


def _count_trigger(env: Env) -> list[str]:
    with closing(sqlite3.connect(env.folder / "state.db")) as conn:
        return [
            sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'coupling_count_insert'"
            )
        ]


def test_a_large_batch_of_new_couplings_is_counted_at_once_and_keeps_the_trigger(
    lite: Env,
) -> None:
    """On SQLite a batch of many new couplings sets the counting trigger aside and counts
    the batch with one statement: the count is right after it, the trigger is back for
    every later coupling, and a batch that fails leaves trigger and count as they were."""
    from syncdesk.models import Coupling
    from syncdesk.sync.actions import couple, uncouple
    from syncdesk.sync.state_batch import COUNT_AT_ONCE_FROM, insert_couplings

    n = COUNT_AT_ONCE_FROM + 7
    lite.customers(n)
    with statements() as sent:
        assert lite.job().counts.inserted == n
    # (its way of working: the trigger set aside for the batch, not fired per row)
    assert [s for s, _p in sent if s.startswith("DROP TRIGGER")] == [
        "DROP TRIGGER coupling_count_insert"
    ]
    assert _kept_and_counted(lite) == {"left": (n, n), "right": (n, n)}
    trigger = _count_trigger(lite)
    assert len(trigger) == 1 and "AFTER INSERT ON coupling" in trigger[0]
    # the trigger counts what is coupled one at a time again, and a small batch
    r5 = lite.partner("C00005")
    with lite.open() as integration:
        uncouple(integration, "CUSTOMER", "C00005", r5)
        couple(integration, "CUSTOMER", "C00005", r5)
        uncouple(integration, "CUSTOMER", "C00006", lite.partner("C00006"))
    lite.insert("left", "customer", no="C99999", name="One more", city="Gent")
    with statements() as sent:
        assert lite.job().counts.inserted == 1
    assert [s for s, _p in sent if s.startswith("DROP TRIGGER")] == []
    n += 1
    assert _kept_and_counted(lite) == {"left": (n - 1, n - 1), "right": (n - 1, n - 1)}
    # a batch whose transaction fails takes its couplings, its count and the
    # trigger's absence back with it
    rows = [
        {"left_key": f"X{i}", "right_key": f"Y{i}" if i % 2 else None, "base": {}}
        for i in range(COUNT_AT_ONCE_FROM)
    ]
    with lite.open() as integration:
        try:
            with integration.state.write() as s:
                insert_couplings(s.connection(), "CUSTOMER", rows)
                assert s.query(Coupling).filter(Coupling.left_key == "X1").count() == 1
                raise RuntimeError("the batch fails")
        except RuntimeError:
            pass
    assert _count_trigger(lite) == trigger
    assert _kept_and_counted(lite) == {"left": (n - 1, n - 1), "right": (n - 1, n - 1)}
    # and one that lands counts a side's NULL keys out
    with lite.open() as integration, integration.state.write() as s:
        insert_couplings(s.connection(), "CUSTOMER", rows)
    half = COUNT_AT_ONCE_FROM // 2
    assert _kept_and_counted(lite) == {
        "left": (n - 1 + COUNT_AT_ONCE_FROM, n - 1 + COUNT_AT_ONCE_FROM),
        "right": (n - 1 + half, n - 1 + half),
    }
    assert _count_trigger(lite) == trigger


def test_the_pending_log_entries_are_found_by_their_partial_index(lite: Env) -> None:
    """Recovery (before every job) and the clean-up look for the log entries still
    pending (left by a SyncDesk from before the batch journal) in an index of those
    alone: a job's own entries, never pending, go into no such index."""
    import datetime as dt

    from syncdesk.sync.maintenance import count_old_entries

    lite.customers(3)
    lite.job()
    state = str(lite.folder / "state.db")
    with closing(sqlite3.connect(state)) as conn:
        (stat,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_log_entry_pending'"
        ).fetchone()
        (indexed,) = conn.execute(
            "SELECT count(*) FROM log_entry INDEXED BY ix_log_entry_pending "
            "WHERE result = 'pending'"
        ).fetchone()
    assert "WHERE" in stat and indexed == 0
    with statements() as sent:
        lite.job()
        with lite.open() as integration:
            count_old_entries(integration.state, dt.timedelta(days=0))
    asked = [(s, p) for s, p in sent if "pending" in s and "FROM log_entry" in s]
    assert len(asked) >= 2, asked
    for stmt, params in asked:
        if "!=" in stmt.split("pending")[0][-20:]:
            continue  # the entries that are not pending: the other indexes' work
        shown = plan(state, stmt, params)
        assert "ix_log_entry_pending" in shown, (stmt, shown)


@pytest.mark.postgres
def test_on_postgresql_a_large_batch_sets_the_count_trigger_aside_and_counts_right(
    tmp_path: Path, pg_url_factory: Any
) -> None:
    """The same on a PostgreSQL state: the trigger is disabled for the batch (each UPDATE
    of the one count row per coupling left a dead version for the next to pass, ten times
    the time of the inserts), enabled again after it, also when the batch fails."""
    from sqlalchemy import select

    from syncdesk.models import Coupling
    from syncdesk.sync.actions import couple, uncouple
    from syncdesk.sync.state_batch import COUNT_AT_ONCE_FROM, insert_couplings

    env = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), pg_url_factory("state"))
    try:

        def enabled() -> str:
            with env.open() as integration, integration.state.read() as s:
                return str(
                    s.execute(
                        text(
                            "SELECT tgenabled FROM pg_trigger WHERE tgname = "
                            "'coupling_count_insert' AND tgrelid = to_regclass('coupling')"
                        )
                    ).scalar()
                )

        n = COUNT_AT_ONCE_FROM + 3
        env.customers(n)
        with statements() as sent:
            assert env.job().counts.inserted == n
        asides = [s for s, _p in sent if s.endswith("TRIGGER coupling_count_insert")]
        assert asides == [
            "ALTER TABLE coupling DISABLE TRIGGER coupling_count_insert",
            "ALTER TABLE coupling ENABLE TRIGGER coupling_count_insert",
        ]
        assert _kept_and_counted(env) == {"left": (n, n), "right": (n, n)}
        assert enabled() == "O"
        r2 = env.partner("C00002")
        with env.open() as integration:
            uncouple(integration, "CUSTOMER", "C00002", r2)
            couple(integration, "CUSTOMER", "C00002", r2)
            uncouple(integration, "CUSTOMER", "C00003", env.partner("C00003"))
        assert _kept_and_counted(env) == {"left": (n - 1, n - 1), "right": (n - 1, n - 1)}
        rows = [{"left_key": f"X{i}", "right_key": None, "base": {}} for i in range(n)]
        with (
            env.open() as integration,
            pytest.raises(RuntimeError),
            integration.state.write() as s,
        ):
            insert_couplings(s.connection(), "CUSTOMER", rows)
            assert s.scalar(select(Coupling.id).where(Coupling.left_key == "X1"))
            raise RuntimeError("the batch fails")
        assert enabled() == "O"
        assert _kept_and_counted(env) == {"left": (n - 1, n - 1), "right": (n - 1, n - 1)}
        with env.open() as integration, integration.state.write() as s:
            insert_couplings(s.connection(), "CUSTOMER", rows)
        assert _kept_and_counted(env) == {"left": (2 * n - 1, 2 * n - 1), "right": (n - 1, n - 1)}
        assert enabled() == "O"
        # a team member under a role of their own, who may write the couplings but does
        # not own the table, writes with the trigger (ALTER TABLE would refuse them)
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        state = make_url(env.urls["state"])
        admin = create_engine(state)
        with admin.begin() as conn:
            conn.execute(text("CREATE ROLE syncdesk_member LOGIN"))
            conn.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO syncdesk_member"))
            conn.execute(text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO syncdesk_member"))
        member = create_engine(state.set(username="syncdesk_member", password=None))
        more = [{"left_key": f"Y{i}", "right_key": f"Z{i}", "base": {}} for i in range(n)]
        try:
            with statements() as sent, member.begin() as conn:
                insert_couplings(conn, "CUSTOMER", more)
            assert [s for s, _p in sent if "TRIGGER" in s] == []
            assert _kept_and_counted(env) == {
                "left": (3 * n - 1, 3 * n - 1),
                "right": (2 * n - 1, 2 * n - 1),
            }
        finally:
            member.dispose()
            with admin.begin() as conn:
                conn.execute(text("DROP OWNED BY syncdesk_member"))
                conn.execute(text("DROP ROLE syncdesk_member"))
            admin.dispose()
    finally:
        env.dispose()
