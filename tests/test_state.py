"""The state database: created and migrated by Alembic, refused when written by a newer SyncDesk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from syncdesk.errors import UnavailableError
from syncdesk.models import StateStore
from syncdesk.models.store import SCHEMA_HEAD, head_revision


def test_a_new_state_database_is_created_at_the_newest_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    store = StateStore(url)
    store.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        mode = conn.execute(text("PRAGMA journal_mode")).scalar()
    engine.dispose()
    assert {
        "coupling",
        "job",
        "sync_error",
        "sync_error_event",
        "log_entry",
        "queue_entry",
        "exclusion",
        "watermark",
    } <= tables
    assert version == head_revision()
    assert mode == "wal"  # our own database: readers never block the job


def _pragmas(tmp_path: Path, *queries: str) -> list[tuple[Any, ...]]:
    """What the PRAGMA ``queries`` read on a connection of each of a new state's engines."""
    store = StateStore(f"sqlite:///{tmp_path / 'state.db'}")
    try:
        out = []
        for engine in (store.read_engine, store.write_engine):
            with engine.connect() as conn:
                out.append(tuple(conn.exec_driver_sql(q).scalar() for q in queries))
        return out
    finally:
        store.dispose()


def test_the_state_is_checkpointed_per_64_mib_of_wal_and_its_file_cut_back_to_that(
    tmp_path: Path,
) -> None:
    """Each connection of the state copies its WAL back once it holds 64 MiB (a job's
    batches write the same index pages again), and leaves no bigger file behind."""
    for seen in _pragmas(
        tmp_path, "PRAGMA wal_autocheckpoint", "PRAGMA page_size", "PRAGMA journal_size_limit"
    ):
        assert seen == (16_384, 4096, 64 * 1024 * 1024)


def test_each_commit_of_the_state_reaches_the_disk_before_the_apps_are_written(
    tmp_path: Path,
) -> None:
    """The journal entry of a batch must outlive a power cut that the app's write outlives:
    in WAL mode only ``synchronous = FULL`` syncs the WAL at each commit (NORMAL leaves the
    last commits to the operating system's cache, where a crash of the machine loses them).
    """
    for seen in _pragmas(tmp_path, "PRAGMA journal_mode", "PRAGMA synchronous"):
        assert seen == ("wal", 2)  # 2: FULL


def test_an_older_state_database_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # as left behind by a SyncDesk before any schema existed
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    engine.dispose()
    StateStore(url).dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
        assert "coupling" in inspect(conn).get_table_names()
    engine.dispose()


def test_the_upgrade_to_0005_marks_couplings_an_open_deletion_names_and_indexes_them(
    tmp_path: Path,
) -> None:
    from alembic import command
    from sqlalchemy.pool import NullPool

    from syncdesk.models import store as store_module

    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        cfg = store_module._alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        for left, right in (("L1", "R1"), ("L2", "R2"), ("L3", "R3")):
            conn.execute(
                text(
                    "INSERT INTO coupling (mapping, left_key, right_key, base, coupled_at) "
                    "VALUES ('M', :l, :r, '{}', '2026-01-01')"
                ),
                {"l": left, "r": right},
            )
        for kind, left, right, status in (
            ("deleted-left", "L1", "R1", "open"),
            ("deleted-right", "L2", "R2", "open"),
            ("deleted-left", "L3", "R3", "resolved"),
        ):
            conn.execute(
                text(
                    "INSERT INTO sync_error (mapping, kind, status, left_key, right_key, "
                    "message, detail, first_seen, last_seen, attempts, skip, version) "
                    "VALUES ('M', :kind, :status, :l, :r, '', '{}', '2026-01-01', "
                    "'2026-01-01', 1, 0, 1)"
                ),
                {"kind": kind, "status": status, "l": left, "r": right},
            )
    StateStore(url).dispose()
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT left_key, left_gone, right_gone FROM coupling ORDER BY left_key")
        ).all()
        assert [tuple(r) for r in rows] == [("L1", 1, 0), ("L2", 0, 1), ("L3", 0, 0)]
        indexes = dict(
            conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE name LIKE 'ix_coupling_%_gone'")
            ).all()
        )
        assert indexes["ix_coupling_left_gone"].endswith("WHERE left_gone")
        assert indexes["ix_coupling_right_gone"].endswith("WHERE right_gone")
    engine.dispose()


def test_a_state_database_from_a_newer_syncdesk_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.db'}"
    StateStore(url).dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(UnavailableError, match="written by a newer SyncDesk"):
        StateStore(url)


@pytest.mark.postgres
def test_state_on_postgresql(pg_url_factory) -> None:  # type: ignore[no-untyped-def]
    url = pg_url_factory("state")
    StateStore(url).dispose()
    StateStore(url).dispose()  # opening again is a no-op
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
    engine.dispose()


@pytest.mark.postgres
def test_many_rows_into_a_postgresql_state_read_back_as_written(pg_url_factory) -> None:  # type: ignore[no-untyped-def]
    """From COPY_FROM rows on, insert_rows sends them to PostgreSQL with COPY instead of
    an INSERT per row: the record log entries read back exactly as the rows given, in
    either way, whatever their text holds (tabs, line breaks, backslashes, quotes, a JSON
    escape, text in any script), and a row the database refuses fails the whole batch
    with SQLAlchemy's error, as an INSERT would."""
    import datetime as dt

    from sqlalchemy import select
    from sqlalchemy.exc import IntegrityError

    from syncdesk.models import LogEntry
    from syncdesk.models.bulk import COPY_FROM, insert_rows

    odd = [
        "tab\there",
        "two\nlines",
        "back\\slash \\N",
        "quote \" and '",
        "\u00e9\u4e2d\U0001f600",
        "",
    ]
    at = dt.datetime(2026, 12, 8, 1, 2, 3, 456789)

    def rows(n: int, job: int) -> list[dict[str, Any]]:
        return [
            {
                "at": at,
                "job_id": job,
                "mapping": "M",
                "left_key": odd[i % len(odd)] + str(i),
                "right_key": None if i % 3 else f"r{i}",
                "action": "insert",
                "direction": "to-right",
                "result": "ok",
                "message": odd[(i + 1) % len(odd)],
                "changes": {"name": [None, odd[i % len(odd)]], "n": [i, 2.5]},
                "detail": None if i % 2 else {"x": [odd[i % len(odd)]]},
                "user": None,
            }
            for i in range(n)
        ]

    store = StateStore(pg_url_factory("state"))
    try:
        for job, n in ((1, COPY_FROM - 1), (2, COPY_FROM + 20)):
            given = rows(n, job)
            with store.write() as s:
                insert_rows(s.connection(), LogEntry.__table__, given)  # type: ignore[arg-type]
            with store.read() as s:
                got = [
                    {k: getattr(e, k) for k in given[0]}
                    for e in s.scalars(
                        select(LogEntry).where(LogEntry.job_id == job).order_by(LogEntry.id)
                    )
                ]
            assert got == given
        bad = rows(COPY_FROM, 3)
        bad[-1]["mapping"] = None  # NOT NULL
        with pytest.raises(IntegrityError), store.write() as s:
            insert_rows(s.connection(), LogEntry.__table__, bad)  # type: ignore[arg-type]
        with store.read() as s:
            assert s.scalar(select(LogEntry.id).where(LogEntry.job_id == 3)) is None
    finally:
        store.dispose()


def test_one_job_at_a_time(tmp_path: Path) -> None:
    store = StateStore(f"sqlite:///{tmp_path / 'state.db'}", lock_wait=0.2)
    with store.job_lock(), pytest.raises(UnavailableError, match="another job is running"):
        other = StateStore(f"sqlite:///{tmp_path / 'state.db'}", lock_wait=0.2)
        try:
            with other.job_lock():
                pass
        finally:
            other.dispose()
    with store.job_lock():  # released
        pass
    store.dispose()


def test_a_state_database_of_the_first_schema_keeps_its_couplings(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from syncdesk.models.store import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # what SyncDesk 0.1 with schema 0001 left behind
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "INSERT INTO coupling (mapping, left_key, right_key, base, coupled_at) "
                "VALUES ('CUSTOMER', 'C1', 'A1', '{\"name\": \"Acme\"}', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    store = StateStore(url)
    from syncdesk.models import Coupling

    with store.read() as s:
        [cp] = s.query(Coupling).all()
        assert (cp.left_key, cp.right_key, cp.base, cp.left_seen) == (
            "C1",
            "A1",
            {"name": "Acme"},
            None,
        )
    store.dispose()


def test_the_schema_head_a_fast_start_trusts_is_alembics_head() -> None:
    assert head_revision() == SCHEMA_HEAD
