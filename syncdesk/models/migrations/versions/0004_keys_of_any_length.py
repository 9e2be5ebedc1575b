"""app keys of any length: TEXT columns, and on PostgreSQL indexes that hold any key

Revision ID: 0004
Revises: 0003

An app's key was kept in VARCHAR(400): on PostgreSQL a longer key failed every job. The
key columns become TEXT. A PostgreSQL B-tree index entry holds at most about 2,700 bytes,
so there the unique constraints on keys become unique indexes on the key's md5 (one
mapping, one key) and the lookups by key use hash indexes, which hold keys of any length.
SQLite neither enforces VARCHAR lengths nor limits index entries: nothing changes there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY_COLUMNS = {
    "coupling": ("left_key", "right_key"),
    "exclusion": ("key",),
    "job": ("record",),
    "sync_error": ("left_key", "right_key"),
    "log_entry": ("left_key", "right_key"),
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    op.drop_constraint("uq_coupling_left", "coupling", type_="unique")
    op.drop_constraint("uq_coupling_right", "coupling", type_="unique")
    op.drop_constraint("uq_exclusion_key", "exclusion", type_="unique")
    op.drop_index("ix_sync_error_open_left", table_name="sync_error")
    op.drop_index("ix_sync_error_open_right", table_name="sync_error")
    op.drop_index("ix_log_entry_left", table_name="log_entry")
    op.drop_index("ix_log_entry_right", table_name="log_entry")
    for table, columns in KEY_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(400))
    for side in ("left", "right"):
        key = f"{side}_key"
        op.create_index(
            f"uq_coupling_{side}", "coupling", ["mapping", sa.func.md5(sa.column(key))], unique=True
        )
        op.create_index(f"ix_coupling_{key}", "coupling", [key], postgresql_using="hash")
        op.create_index(f"ix_sync_error_{key}", "sync_error", [key], postgresql_using="hash")
        op.create_index(f"ix_log_entry_{key}", "log_entry", [key], postgresql_using="hash")
    op.create_index(
        "uq_exclusion_key",
        "exclusion",
        ["mapping", "side", sa.func.md5(sa.column("key"))],
        unique=True,
    )
    op.create_index("ix_exclusion_key", "exclusion", ["key"], postgresql_using="hash")
    op.create_index("ix_sync_error_open", "sync_error", ["mapping", "status"])


def downgrade() -> None:
    if not _postgresql():
        return
    op.drop_index("ix_sync_error_open", table_name="sync_error")
    op.drop_index("ix_exclusion_key", table_name="exclusion")
    op.drop_index("uq_exclusion_key", table_name="exclusion")
    for side in ("left", "right"):
        key = f"{side}_key"
        op.drop_index(f"ix_log_entry_{key}", table_name="log_entry")
        op.drop_index(f"ix_sync_error_{key}", table_name="sync_error")
        op.drop_index(f"ix_coupling_{key}", table_name="coupling")
        op.drop_index(f"uq_coupling_{side}", table_name="coupling")
    for table, columns in KEY_COLUMNS.items():
        for column in columns:  # fails on a key longer than 400 characters, as it would
            op.alter_column(table, column, type_=sa.String(400), existing_type=sa.Text())
    op.create_unique_constraint("uq_coupling_left", "coupling", ["mapping", "left_key"])
    op.create_unique_constraint("uq_coupling_right", "coupling", ["mapping", "right_key"])
    op.create_unique_constraint("uq_exclusion_key", "exclusion", ["mapping", "side", "key"])
    op.create_index("ix_sync_error_open_left", "sync_error", ["mapping", "status", "left_key"])
    op.create_index("ix_sync_error_open_right", "sync_error", ["mapping", "status", "right_key"])
    op.create_index("ix_log_entry_left", "log_entry", ["mapping", "left_key"])
    op.create_index("ix_log_entry_right", "log_entry", ["mapping", "right_key"])
