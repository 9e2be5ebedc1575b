"""change detection that follows the changes: identity and gone flags on couplings, known
uncoupled records, the batch journal, and the watermark's clock readings

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coupling", schema=None) as batch_op:
        batch_op.alter_column("left_key", existing_type=sa.Text(), nullable=True)
        batch_op.alter_column("right_key", existing_type=sa.Text(), nullable=True)
        batch_op.alter_column("coupled_at", existing_type=sa.DateTime(), nullable=True)
        batch_op.add_column(sa.Column("left_identity", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("right_identity", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("left_gone", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("right_gone", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    for side in ("left", "right"):
        # the flag stands bare in the index's WHERE: the term change detection asks with
        gone: sa.ColumnClause[bool] = sa.column(f"{side}_gone")
        op.create_index(
            f"ix_coupling_{side}_gone",
            "coupling",
            ["mapping"],
            sqlite_where=gone,
            postgresql_where=gone,
        )
    # a coupling whose record an open deletion error names is known gone on that side
    coupling = sa.table(
        "coupling",
        sa.column("mapping"),
        sa.column("left_key"),
        sa.column("right_key"),
        sa.column("left_gone", sa.Boolean()),
        sa.column("right_gone", sa.Boolean()),
    )
    error = sa.table(
        "sync_error",
        sa.column("mapping"),
        sa.column("status"),
        sa.column("kind"),
        sa.column("left_key"),
        sa.column("right_key"),
    )
    for side in ("left", "right"):
        deleted = (
            sa.select(sa.literal(1))
            .select_from(error)
            .where(
                error.c.mapping == coupling.c.mapping,
                error.c.status == "open",
                error.c.kind == "deleted-" + side,
                error.c.left_key == coupling.c.left_key,
                error.c.right_key == coupling.c.right_key,
            )
            .exists()
        )
        op.execute(sa.update(coupling).where(deleted).values({side + "_gone": True}))
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "uncoupled",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.String(length=100), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("waits", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uncoupled")),
        *(
            []
            if postgresql
            else [sa.UniqueConstraint("mapping", "side", "key", name="uq_uncoupled_key")]
        ),
    )
    if postgresql:  # keys of any length (see 0004): md5 for uniqueness, hash for lookups
        op.create_index(
            "uq_uncoupled_key",
            "uncoupled",
            ["mapping", "side", sa.func.md5(sa.column("key"))],
            unique=True,
        )
        op.create_index("ix_uncoupled_key", "uncoupled", ["key"], postgresql_using="hash")
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("mapping", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ops", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal")),
    )
    with op.batch_alter_table("watermark", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scanned_at", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("settled_at", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("checked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("extra", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("anchor", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("quiet", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("inflight", sa.Text(), nullable=True))
    # the first job on the new scheme reads every key once (deletions, uncoupled records)
    op.execute(sa.text("UPDATE watermark SET value = NULL"))


def downgrade() -> None:
    with op.batch_alter_table("watermark", schema=None) as batch_op:
        batch_op.drop_column("inflight")
        batch_op.drop_column("quiet")
        batch_op.drop_column("anchor")
        batch_op.drop_column("extra")
        batch_op.drop_column("checked_at")
        batch_op.drop_column("settled_at")
        batch_op.drop_column("scanned_at")
    op.drop_table("journal")
    op.drop_table("uncoupled")
    for side in ("left", "right"):
        op.drop_index(f"ix_coupling_{side}_gone", table_name="coupling")
    with op.batch_alter_table("coupling", schema=None) as batch_op:
        batch_op.drop_column("right_gone")
        batch_op.drop_column("left_gone")
        batch_op.drop_column("right_identity")
        batch_op.drop_column("left_identity")
        batch_op.alter_column("coupled_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column("right_key", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("left_key", existing_type=sa.Text(), nullable=False)
