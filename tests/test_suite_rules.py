"""Rules of the suite itself: a PostgreSQL test always carries the ``postgres`` marker.

``pytest -m 'not postgres'`` must run none of them (a machine without a PostgreSQL server,
a quick run). The checks live in ``conftest.py``; here small test files that break the rule
in each way are run by a pytest of their own, with this suite's conftest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pgserver import PgServer

TESTS = Path(__file__).parent


def run_pytest(folder: Path, source: str, **environ: str) -> tuple[int, str]:
    (folder / "test_rule_breakers.py").write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "conftest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-W",
            "ignore::pytest.PytestUnknownMarkWarning",
            "-q",
            str(folder / "test_rule_breakers.py"),
        ],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(TESTS), **environ},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


PARAMETRISED = """
import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.param


def test_on_each_backend(backend):
    pass
"""


def test_a_parametrised_postgres_case_without_the_marker_stops_the_run(tmp_path: Path) -> None:
    code, out = run_pytest(tmp_path, PARAMETRISED)
    assert code == pytest.ExitCode.USAGE_ERROR, out
    assert (
        "test_rule_breakers.py::test_on_each_backend[postgres] has a PostgreSQL case but has "
        "no postgres marker" in out
    )
    assert "passed" not in out  # nothing ran


BY_ARGUMENT = """
import pytest


def test_asks_for_the_server(pg_url_factory):
    pass


@pytest.mark.postgres
def test_marked():
    pass
"""


def test_a_test_asking_for_the_server_without_the_marker_fails_before_it_starts(
    tmp_path: Path,
) -> None:
    # an address nothing listens on: had the server been asked for, the test would skip
    code, out = run_pytest(
        tmp_path, BY_ARGUMENT, SYNCDESK_TEST_PG_URL="postgresql://x@127.0.0.1:1/"
    )
    assert code == pytest.ExitCode.TESTS_FAILED, out
    assert (
        "test_rule_breakers.py::test_asks_for_the_server uses the PostgreSQL server "
        "(pg_server, pg_url_factory) but has no postgres marker" in out
    )
    assert "1 passed, 1 error" in out


AT_RUN_TIME = """
def test_asks_for_a_database_at_run_time(request):
    request.getfixturevalue("pg_url_factory")("rule")
"""


@pytest.mark.postgres
def test_a_database_asked_for_at_run_time_without_the_marker_fails(
    tmp_path: Path, pg_server: PgServer
) -> None:
    code, out = run_pytest(tmp_path, AT_RUN_TIME, SYNCDESK_TEST_PG_URL=pg_server.url("postgres"))
    assert code == pytest.ExitCode.TESTS_FAILED, out
    assert (
        "test_rule_breakers.py::test_asks_for_a_database_at_run_time uses the PostgreSQL server "
        "(pg_url_factory) but has no postgres marker" in out
    )
