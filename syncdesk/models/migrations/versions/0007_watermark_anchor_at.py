"""watermark.anchor_at and .zone, couplings of unknown stamps, couplings counted

``anchor_at``: when the scan that took the anchor began (the app's clock). Once a scan
has begun :data:`~syncdesk.sync.watermark.RECHECK` after that, nothing stamped before the
anchor can still commit, and later scans start at the anchor itself. ``zone``: the count
and a digest of the rows stamped in the look-back before the anchor, as that scan read
them (:class:`~syncdesk.sync.watermark.Zone`).

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
    op.create_table(
        "coupling_count",
        sa.Column("mapping", sa.String(length=100), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mapping", "side", name=op.f("pk_coupling_count")),
    )
    for statement in COUNT_TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.execute(BACKFILL)


# a side's count moves by one for each coupling whose key of that side is not NULL. A
# later migration that rebuilds the coupling table (SQLite's batch mode) drops these
# triggers with it and must make them again.
COUNT_TRIGGERS = {
    "sqlite": [
        """CREATE TRIGGER coupling_count_insert AFTER INSERT ON coupling BEGIN
UPDATE coupling_count SET n = n + 1 WHERE mapping = NEW.mapping
AND ((side = 'left' AND NEW.left_key IS NOT NULL)
  OR (side = 'right' AND NEW.right_key IS NOT NULL)); END""",
        """CREATE TRIGGER coupling_count_delete AFTER DELETE ON coupling BEGIN
UPDATE coupling_count SET n = n - 1 WHERE mapping = OLD.mapping
AND ((side = 'left' AND OLD.left_key IS NOT NULL)
  OR (side = 'right' AND OLD.right_key IS NOT NULL)); END""",
        """CREATE TRIGGER coupling_count_update
AFTER UPDATE OF mapping, left_key, right_key ON coupling BEGIN
UPDATE coupling_count SET n = n - 1 WHERE mapping = OLD.mapping
AND ((side = 'left' AND OLD.left_key IS NOT NULL)
  OR (side = 'right' AND OLD.right_key IS NOT NULL));
UPDATE coupling_count SET n = n + 1 WHERE mapping = NEW.mapping
AND ((side = 'left' AND NEW.left_key IS NOT NULL)
  OR (side = 'right' AND NEW.right_key IS NOT NULL)); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION coupling_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE coupling_count SET n = n - 1 WHERE mapping = OLD.mapping
    AND ((side = 'left' AND OLD.left_key IS NOT NULL)
      OR (side = 'right' AND OLD.right_key IS NOT NULL));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    UPDATE coupling_count SET n = n + 1 WHERE mapping = NEW.mapping
    AND ((side = 'left' AND NEW.left_key IS NOT NULL)
      OR (side = 'right' AND NEW.right_key IS NOT NULL));
  END IF;
  RETURN NULL;
END $$""",
        """CREATE TRIGGER coupling_count_insert AFTER INSERT OR DELETE ON coupling
FOR EACH ROW EXECUTE FUNCTION coupling_count_change()""",
        """CREATE TRIGGER coupling_count_update
AFTER UPDATE OF mapping, left_key, right_key ON coupling
FOR EACH ROW EXECUTE FUNCTION coupling_count_change()""",
    ],
}

BACKFILL = """INSERT INTO coupling_count (mapping, side, n)
SELECT mapping, 'left', count(left_key) FROM coupling GROUP BY mapping
UNION ALL SELECT mapping, 'right', count(right_key) FROM coupling GROUP BY mapping"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER coupling_count_update ON coupling")
        op.execute("DROP TRIGGER coupling_count_insert ON coupling")
        op.execute("DROP FUNCTION coupling_count_change()")
    else:
        op.execute("DROP TRIGGER coupling_count_update")
        op.execute("DROP TRIGGER coupling_count_delete")
        op.execute("DROP TRIGGER coupling_count_insert")
    op.drop_table("coupling_count")
    op.drop_index("ix_coupling_unseen", table_name="coupling")
