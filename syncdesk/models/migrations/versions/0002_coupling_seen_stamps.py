"""coupling: the modified stamp each app's record had when a job last saw it

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coupling", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_seen", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("right_seen", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("coupling", schema=None) as batch_op:
        batch_op.drop_column("right_seen")
        batch_op.drop_column("left_seen")
