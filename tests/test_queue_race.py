"""Two job queue runners claiming the one due entry at the same moment, on PostgreSQL.

The runners' claims are lined up with a barrier in the database traffic: the first runner
has read the due entry and holds it, uncommitted, while the second runner claims. With
``FOR UPDATE SKIP LOCKED`` the second finds nothing; a claim without it would see the
entry due too, and both would run its job.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from builders import Env
from sqlalchemy import event

from syncdesk.sync import queue
from syncdesk.sync.integration import open_integration


@pytest.mark.postgres
def test_two_runners_claiming_one_due_entry_at_once_get_it_once(
    tmp_path: Path, pg_url_factory: Any
) -> None:
    env = Env(tmp_path, pg_url_factory("erp"), pg_url_factory("crm"), pg_url_factory("state"))
    try:
        with env.open():  # the state and its due queue entries
            pass
        first = open_integration(env.workspace)
        second = open_integration(env.workspace)
        read = threading.Event()
        second_done = threading.Event()
        claims: dict[str, list[Any]] = {}

        def hold_after_reading(
            conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
        ) -> None:
            # the first runner, right after its read of the due entries: wait (holding
            # whatever it read) until the second runner has made its claim
            if (
                threading.current_thread().name == "first"
                and statement.lstrip().upper().startswith("SELECT")
                and "queue_entry" in statement
            ):
                read.set()
                second_done.wait(timeout=10)

        event.listen(first.state.write_engine, "after_cursor_execute", hold_after_reading)

        def run_first() -> None:
            claims["first"] = queue.claim(first, "runner-1")

        def run_second() -> None:
            read.wait(timeout=10)
            try:
                claims["second"] = queue.claim(second, "runner-2")
            finally:
                second_done.set()

        threads = [
            threading.Thread(target=run_first, name="first"),
            threading.Thread(target=run_second, name="second"),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert read.is_set() and second_done.is_set()
        event.remove(first.state.write_engine, "after_cursor_execute", hold_after_reading)
        won = [(who, c.mapping) for who, found in claims.items() for c in found]
        # every due entry claimed exactly once, and all of them by the first runner
        assert sorted(m for _who, m in won) == ["CONTACT", "CUSTOMER"]
        assert {who for who, _m in won} == {"first"}
        first.close()
        second.close()
    finally:
        env.dispose()
