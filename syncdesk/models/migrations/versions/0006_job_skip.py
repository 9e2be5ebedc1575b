"""job_skip: the records a job passed over, and why (behind the job's Skipped count)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_skip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.String(length=100), nullable=False),
        sa.Column("left_key", sa.Text(), nullable=True),
        sa.Column("right_key", sa.Text(), nullable=True),
        sa.Column("error_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_skip")),
    )
    with op.batch_alter_table("job_skip", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_skip_job_id"), ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_skip", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_skip_job_id"))
    op.drop_table("job_skip")
