"""the notice outbox; an order knows how it is settled, and who settled it by hand

Orders placed before this revision count as online: none of them can be confirmed offline
while the shop takes payments in the chat, which is the safe side for money.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "blocked",
                "failed",
                name="noticestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_notice_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_notice_idempotency_key")),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index("ix_notice_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_member_id"), ["member_id"], unique=False)

    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "settlement",
                sa.Enum("online", "offline", name="settlement", native_enum=False, length=16),
                server_default="online",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("settled_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("settlement_note", sa.String(length=256), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_order_settled_by_id_member"), "member", ["settled_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_order_settled_by_id_member"), type_="foreignkey")
        batch_op.drop_column("settlement_note")
        batch_op.drop_column("settled_by_id")
        batch_op.drop_column("settlement")

    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_member_id"))
        batch_op.drop_index("ix_notice_due")

    op.drop_table("notice")
