"""ix_log_entry_pending: only the log entries still pending

A record log entry is ``pending`` only in a state database written by a SyncDesk from
before the batch journal (the entries then doubled as the journal), until recovery
finishes them. Recovery and the clean-up look for those entries alone, so the index now
holds only them (``WHERE result = 'pending'``) instead of one entry per log entry: every
entry a job writes, a hundred thousand in an initial load, goes into one index fewer.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_log_entry_pending", table_name="log_entry")
    pending = sa.column("result") == "pending"
    op.create_index(
        "ix_log_entry_pending",
        "log_entry",
        ["job_id"],
        sqlite_where=pending,
        postgresql_where=pending,
    )


def downgrade() -> None:
    op.drop_index("ix_log_entry_pending", table_name="log_entry")
    op.create_index("ix_log_entry_pending", "log_entry", ["result", "job_id"])
