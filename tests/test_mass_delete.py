"""``on_delete = "delete"`` and a table emptied in one app (or the workspace pointed at an
empty copy): before, the next job deleted every coupled record in the other app. Now a job
in which most of one app's coupled records went missing at once holds those deletions: each
is a deleted-left/right sync error for a person, and the job says why. A handful deleted
goes through as the policy says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import Env, sqlite_env


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = sqlite_env(tmp_path, extra='on_delete = "delete"')
    yield e
    e.dispose()


def test_most_of_an_apps_records_gone_at_once_are_not_deleted_in_the_other(env: Env) -> None:
    env.customers(40)
    env.job()
    crm = list(env.rows("right", "account"))
    for key in crm[:20]:  # half of them: held
        env.delete("right", "account", key)
    job = env.job()
    assert (job.status, job.counts.deleted, job.counts.skipped) == ("succeeded", 0, 20)
    assert job.message == (
        "20 of 40 coupled records went missing in Dynamics 365 Sales at once: none deleted "
        "in Business Central, each is a sync error to decide"
    )
    assert len(env.rows("left", "customer")) == 40
    errors = env.errors()
    assert len(errors) == 20 and {e.kind for e in errors} == {"deleted-right"}
    # the next job passes them over as any open error, and says nothing more
    job = env.job()
    assert (job.counts.deleted, job.message) == (0, "")
    assert len(env.rows("left", "customer")) == 40


def test_a_few_records_deleted_go_as_the_policy_says(env: Env) -> None:
    env.customers(40)
    env.job()
    for key in list(env.rows("right", "account"))[:19]:  # under half of them
        env.delete("right", "account", key)
    job = env.job()
    assert (job.counts.deleted, job.message) == (19, "")
    assert len(env.rows("left", "customer")) == 21
    env.delete("left", "customer", next(iter(env.rows("left", "customer"))))
    assert env.job().counts.deleted == 1
    for key in list(env.rows("left", "customer"))[:10]:  # half of the twenty, but only ten
        env.delete("left", "customer", key)
    job = env.job()
    assert (job.counts.deleted, job.message) == (10, "")
    assert len(env.rows("right", "account")) == 10
    assert env.errors() == []


def test_a_small_table_emptied_is_held_too(env: Env) -> None:
    env.customers(11)
    env.job()
    for key in list(env.rows("left", "customer")):
        env.delete("left", "customer", key)
    job = env.job()
    assert job.counts.deleted == 0 and "11 of 11 coupled records went missing in Business" in (
        job.message
    )
    assert len(env.rows("right", "account")) == 11
