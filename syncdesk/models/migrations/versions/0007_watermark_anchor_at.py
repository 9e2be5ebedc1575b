"""watermark.anchor_at and .zone: what the next scan's look-back needs

``anchor_at``: when the scan that took the anchor began (the app's clock). Once a scan
has begun :data:`~syncdesk.sync.detect.RECHECK` after that, nothing stamped before the
anchor can still commit, and later scans start at the anchor itself. ``zone``: the count
and a digest of the rows stamped in the look-back before the anchor, as that scan read
them (:class:`~syncdesk.sync.detect.Zone`).

``ix_coupling_unseen``: a partial index of the couplings whose stamp of a side is not
known (coupled by hand, or by a match): the next job compares them, however old their
records' stamps.

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
        batch_op.add_column(sa.Column("zone", sa.String(length=100), nullable=True))
    unseen = sa.or_(sa.column("left_seen").is_(None), sa.column("right_seen").is_(None))
    op.create_index(
        "ix_coupling_unseen", "coupling", ["mapping"], sqlite_where=unseen, postgresql_where=unseen
    )


def downgrade() -> None:
    op.drop_index("ix_coupling_unseen", table_name="coupling")
    with op.batch_alter_table("watermark", schema=None) as batch_op:
        batch_op.drop_column("zone")
        batch_op.drop_column("anchor_at")
