"""SyncDesk's own state: couplings, jobs, sync errors, record log and job queue.

Typed SQLAlchemy 2 ORM. Relationships are ``lazy="raise"``: every query says
what it loads. The schema is versioned with Alembic (``migrations/``); change a
model only together with a new migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: an app's key, of any length. On PostgreSQL the unique constraints and indexes on keys
#: below are md5 and hash indexes instead (migration 0004): a B-tree entry holds ~2,700 bytes
KEY = Text()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=False),
    }


class Coupling(Base):
    """Left record K1 is right record K2, with the mapped values at the last good sync.

    A key is NULL where the record it named is gone and its key now belongs to another
    record (the app gave it out again: a changed ``identity``); the pair is then a
    deletion of that side, and the key is free for the new record.
    """

    __tablename__ = "coupling"
    __table_args__ = (
        UniqueConstraint("mapping", "left_key", name="uq_coupling_left"),
        UniqueConstraint("mapping", "right_key", name="uq_coupling_right"),
        # and ix_coupling_left_gone / ix_coupling_right_gone: partial indexes of the few
        # couplings known gone on a side (change detection counts them), made by migration
        # 0005 and not declared here: naming postgresql_where loads SQLAlchemy's
        # PostgreSQL dialect into every process, a tenth of a command's start; so is
        # ix_coupling_unseen (0007): the couplings whose stamp of a side is not known
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    left_key: Mapped[str | None] = mapped_column(KEY)
    right_key: Mapped[str | None] = mapped_column(KEY)
    # canonical values keyed by left field name; what both sides held after the last sync
    base: Mapped[dict[str, Any]] = mapped_column(JSON)
    coupled_at: Mapped[datetime | None]
    synced_at: Mapped[datetime | None]
    # each app's 'modified' value as last seen by a job (after its own write, read in
    # the same transaction): a record whose stamp differs has changed since. NULL: not
    # known, or too recent to trust (the next job compares the values)
    left_seen: Mapped[str | None] = mapped_column(String(64))
    right_seen: Mapped[str | None] = mapped_column(String(64))
    # the record's ``identity`` value per side, where the workspace names such a column
    left_identity: Mapped[str | None] = mapped_column(Text)
    right_identity: Mapped[str | None] = mapped_column(Text)
    # True while the record is known to be missing in that app (an open deletion)
    left_gone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    right_gone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CouplingCount(Base):
    """How many couplings a mapping has whose key of ``side`` is not NULL.

    Kept by triggers on ``coupling`` (migration 0007), so that change detection reads
    one row instead of counting every coupling; checked against a real count whenever a
    job reads every key (see ``sync.detect``).
    """

    __tablename__ = "coupling_count"

    mapping: Mapped[str] = mapped_column(String(100), primary_key=True)
    side: Mapped[str] = mapped_column(String(5), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class Uncoupled(Base):
    """A record known to exist in an app and coupled to nothing, as of the last job.

    Change detection counts these beside the couplings to tell, without reading every
    key, whether a record went missing. ``waits``: planned again by the next job even
    if unchanged (a child waiting for its parent to be coupled).
    """

    __tablename__ = "uncoupled"
    __table_args__ = (UniqueConstraint("mapping", "side", "key", name="uq_uncoupled_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    side: Mapped[str] = mapped_column(String(5))
    key: Mapped[str] = mapped_column(KEY)
    waits: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Journal(Base):
    """One batch of a job's writes, written before the apps are: what recovery needs.

    The entry goes in the same state transaction that records the batch's outcome; one
    left behind belongs to a process that stopped between the two (see ``sync.apply``).
    """

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int | None] = mapped_column(Integer)
    mapping: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    ops: Mapped[list[Any]] = mapped_column(JSON)


class Exclusion(Base):
    """A record that Remove Coupling took out of the sync until it is coupled again."""

    __tablename__ = "exclusion"
    __table_args__ = (UniqueConstraint("mapping", "side", "key", name="uq_exclusion_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    side: Mapped[str] = mapped_column(String(5))
    key: Mapped[str] = mapped_column(KEY)
    at: Mapped[datetime]


class Job(Base):
    """One run of the sync for one mapping (or one action on sync errors)."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_mapping_started", "mapping", "started"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    trigger: Mapped[str] = mapped_column(String(10))  # queue | manual | action
    status: Mapped[str] = mapped_column(String(10))  # running | succeeded | failed | cancelled
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    record: Mapped[str | None] = mapped_column(KEY)  # "left:K" for Synchronize Now
    started: Mapped[datetime]
    finished: Mapped[datetime | None]
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    modified: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    user: Mapped[str | None] = mapped_column(String(100))
    pid: Mapped[int | None] = mapped_column(Integer)


class SyncError(Base):
    """A coupled pair (or a new record) that needs a person."""

    __tablename__ = "sync_error"
    __table_args__ = (
        Index("ix_sync_error_open_left", "mapping", "status", "left_key"),
        Index("ix_sync_error_open_right", "mapping", "status", "right_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    # conflict | deleted-left | deleted-right | failed
    kind: Mapped[str] = mapped_column(String(15))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved
    left_key: Mapped[str | None] = mapped_column(KEY)
    right_key: Mapped[str | None] = mapped_column(KEY)
    # for a failed write: the side the write went to; for a new record: its side
    side: Mapped[str | None] = mapped_column(String(5))
    message: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    # True: later jobs pass it over until a person acts (conflicts, deletions, a repeated refusal)
    skip: Mapped[bool] = mapped_column(Boolean, default=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)


class SyncErrorEvent(Base):
    """One attempt in a sync error's history."""

    __tablename__ = "sync_error_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    error_id: Mapped[int] = mapped_column(
        ForeignKey("sync_error.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    job_id: Mapped[int | None] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(20))  # seen | retry | resolved | ...
    message: Mapped[str] = mapped_column(Text, default="")


class LogEntry(Base):
    """One sync action that touched one record (the record log).

    Entries with ``result = "pending"`` are left only by a SyncDesk from before the
    batch journal (:class:`Journal`), where they doubled as the job's journal; recovery
    (``sync.recovery``) finishes them.
    """

    __tablename__ = "log_entry"
    __table_args__ = (
        Index("ix_log_entry_left", "mapping", "left_key"),
        Index("ix_log_entry_right", "mapping", "right_key"),
        # and ix_log_entry_pending (0008): a partial index of the entries still pending,
        # not declared here for the reason given at the coupling's partial indexes
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    job_id: Mapped[int | None] = mapped_column(Integer, index=True)
    mapping: Mapped[str] = mapped_column(String(100))
    left_key: Mapped[str | None] = mapped_column(KEY)
    right_key: Mapped[str | None] = mapped_column(KEY)
    action: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str | None] = mapped_column(String(10))
    result: Mapped[str] = mapped_column(String(10))  # ok | error | skipped | pending
    message: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    user: Mapped[str | None] = mapped_column(String(100))


def log_pending() -> ColumnElement[bool]:
    """The log entries still pending, as ix_log_entry_pending's WHERE reads: SQLite
    takes a partial index only for that very term, its value written out (a bound
    parameter could be anything)."""
    return LogEntry.result == literal_column("'pending'")


class JobSkip(Base):
    """A pair (or a new record) a job passed over, and why: what its Skipped count stands for.

    ``reason`` is the engine's English phrasing (shown translated in the window);
    ``error_id`` names the open sync error that held the record back, where one did. The
    rows go with their job (``sync.maintenance``).
    """

    __tablename__ = "job_skip"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(Integer, index=True)
    mapping: Mapped[str] = mapped_column(String(100))
    left_key: Mapped[str | None] = mapped_column(KEY)
    right_key: Mapped[str | None] = mapped_column(KEY)
    error_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")


class QueueEntry(Base):
    """A recurring job for one mapping, claimed by one runner at a time."""

    __tablename__ = "queue_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100), unique=True)
    every_minutes: Mapped[int] = mapped_column(Integer, default=30)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run: Mapped[datetime]
    last_run: Mapped[datetime | None]
    last_job_id: Mapped[int | None] = mapped_column(Integer)
    # the runner (``host:pid:random``) running this entry's job now, and until when its
    # claim holds unless renewed: an entry whose lease ran out (its runner died) is due
    # again. Both empty when no runner holds the entry (see ``sync.queue``).
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None]


class Watermark(Base):
    """Per mapping and side: where the next job's change detection starts.

    ``value`` is the newest 'modified' value the last scan saw; ``scanned_at`` and
    ``settled_at`` the app's own clock when that scan began and ended (in the column's
    frame); ``checked_at`` when every key was last read (deletions, our clock).
    """

    __tablename__ = "watermark"
    __table_args__ = (UniqueConstraint("mapping", "side", name="uq_watermark_side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mapping: Mapped[str] = mapped_column(String(100))
    side: Mapped[str] = mapped_column(String(5))
    value: Mapped[str | None] = mapped_column(String(64))
    full_at: Mapped[datetime | None]
    scanned_at: Mapped[str | None] = mapped_column(String(64))
    settled_at: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None]
    # rows the last full read found that no key names (NULL, repeated, unreadable keys)
    extra: Mapped[int | None] = mapped_column(Integer)
    # where the next scan starts (the app's clock, or its newest stamp where earlier); and
    # whether a late commit may come: no writer was at work at the scan (SQLite), or the
    # writing transactions in flight then, comma-separated (PostgreSQL)
    anchor: Mapped[str | None] = mapped_column(String(64))
    # the app's clock when the scan that first took this anchor began
    anchor_at: Mapped[str | None] = mapped_column(String(64))
    # the next scan's look-back as this one read it: "start|count|digest" (sync.watermark.Zone)
    zone: Mapped[str | None] = mapped_column(String(100))
    quiet: Mapped[bool | None] = mapped_column(Boolean)
    inflight: Mapped[str | None] = mapped_column(Text)
