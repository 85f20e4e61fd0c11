"""after-sale: messages relayed between an order's buyer and its shop; an order's courier, and
when its suppliers were reminded that its offline payment waits to be confirmed

Orders shipped before this revision have no courier (""): their page shows the tracking number
without a link, as before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:50:17
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("from_member_id", sa.Integer(), nullable=False),
        sa.Column(
            "to_side",
            sa.Enum("buyer", "shop", name="messageside", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_member_id"], ["member.id"], name=op.f("fk_order_message_from_member_id_member")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"], name=op.f("fk_order_message_order_id_order")),
        sa.ForeignKeyConstraint(
            ["reply_to_id"], ["order_message.id"], name=op.f("fk_order_message_reply_to_id_order_message")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_message")),
    )
    with op.batch_alter_table("order_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_order_message_author", ["order_id", "from_member_id", "created_at"], unique=False
        )

    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("courier", sa.String(length=16), server_default="", nullable=False))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("courier")

    with op.batch_alter_table("order_message", schema=None) as batch_op:
        batch_op.drop_index("ix_order_message_author")

    op.drop_table("order_message")
