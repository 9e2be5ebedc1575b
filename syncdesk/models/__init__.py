"""SyncDesk's persistent state (SQLAlchemy 2 typed ORM) and its migrations."""

from syncdesk.models.state import (
    Base,
    Coupling,
    CouplingCount,
    Exclusion,
    Job,
    JobSkip,
    Journal,
    LogEntry,
    QueueEntry,
    SyncError,
    SyncErrorEvent,
    Uncoupled,
    Watermark,
    log_pending,
)
from syncdesk.models.store import StateStore

__all__ = [
    "Base",
    "Coupling",
    "CouplingCount",
    "Exclusion",
    "Job",
    "JobSkip",
    "Journal",
    "LogEntry",
    "QueueEntry",
    "StateStore",
    "SyncError",
    "SyncErrorEvent",
    "Uncoupled",
    "Watermark",
    "log_pending",
]
