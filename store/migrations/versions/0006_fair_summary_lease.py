"""fair summaries claimed with a lease: a crash while one is sent no longer loses it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_claimed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fair", schema=None) as batch_op:
        batch_op.drop_column("summary_claimed_at")
