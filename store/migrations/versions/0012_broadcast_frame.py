"""an announcement keeps its message key and values, so each member reads its frame in their language

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("args", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_column("args")
        batch_op.drop_column("key")
