"""watermark.anchor_at: when the scan that took the anchor began (the app's clock)

Once a scan has begun :data:`~syncdesk.sync.detect.RECHECK` after that, nothing stamped
before the anchor can still commit, and later scans start at the anchor itself.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watermark", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anchor_at", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("watermark", schema=None) as batch_op:
        batch_op.drop_column("anchor_at")
