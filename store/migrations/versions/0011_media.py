"""pictures the shop keeps (media) and each door's own id for them (media_door_id)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:30:51
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("sha256", name=op.f("uq_media_sha256")),
    )
    op.create_table(
        "media_door_id",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("door", sa.String(length=16), nullable=False),
        sa.Column("door_id", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["media_id"], ["media.id"], name=op.f("fk_media_door_id_media_id_media")),
        sa.PrimaryKeyConstraint("media_id", "door", name=op.f("pk_media_door_id")),
    )


def downgrade() -> None:
    op.drop_table("media_door_id")
    op.drop_table("media")
