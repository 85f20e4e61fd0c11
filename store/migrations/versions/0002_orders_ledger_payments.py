"""orders, ledger, payments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 06:11:45.049156
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_payment_charge_id", sa.String(length=128), nullable=False),
        sa.Column("provider_payment_charge_id", sa.String(length=128), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.String(length=128), nullable=False),
        sa.Column("total_amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "applied",
                "duplicate",
                "unknown_order",
                "rejected",
                name="paymentstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=256), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_inbox")),
        sa.UniqueConstraint(
            "telegram_payment_charge_id", name=op.f("uq_payment_inbox_telegram_payment_charge_id")
        ),
    )
    with op.batch_alter_table("payment_inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_inbox_status"), ["status"], unique=False)

    op.create_table(
        "order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending_payment",
                "paid",
                "shipped",
                "received",
                "cancelled",
                "refunded",
                name="orderstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("has_charity_item", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=96), nullable=False),
        sa.Column("telegram_payment_charge_id", sa.String(length=128), nullable=True),
        sa.Column("provider_payment_charge_id", sa.String(length=128), nullable=True),
        sa.Column("contact_name", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(length=32), nullable=False, server_default=""),
        sa.Column("contact_address", sa.String(length=256), nullable=False, server_default=""),
        sa.Column("tracking_no", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=16), nullable=False),
        sa.Column("checkout_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_order_agency_id_agency")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_order_branch_id_branch")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_order_member_id_member")),
        sa.ForeignKeyConstraint(["supplier_id"], ["supplier.id"], name=op.f("fk_order_supplier_id_supplier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_order_idempotency_key")),
        sa.UniqueConstraint("telegram_payment_charge_id", name=op.f("uq_order_telegram_payment_charge_id")),
    )
    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index("ix_order_member", ["member_id", "id"], unique=False)
        batch_op.create_index("ix_order_status_expiry", ["status", "expires_at"], unique=False)
        batch_op.create_index("ix_order_supplier", ["supplier_id", "status", "id"], unique=False)

    op.create_table(
        "points_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=96), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_points_entry_agency_id_agency")),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"], name=op.f("fk_points_entry_branch_id_branch")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_points_entry_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_entry")),
        sa.UniqueConstraint("reason", "source", name=op.f("uq_points_entry_reason")),
    )
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_points_entry_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_points_entry_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index("ix_points_entry_member", ["member_id", "created_at"], unique=False)

    op.create_table(
        "fund_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum("match", "reversal", "disbursement", name="fundreason", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=96), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=128), nullable=False),
        sa.Column("purpose", sa.String(length=256), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_fund_entry_member_id_member")),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"], name=op.f("fk_fund_entry_order_id_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_entry")),
        sa.UniqueConstraint("reason", "source", name=op.f("uq_fund_entry_reason")),
    )
    with op.batch_alter_table("fund_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_entry_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_entry_order_id"), ["order_id"], unique=False)

    op.create_table(
        "order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("charity_item", sa.Boolean(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_line_quantity_positive")),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"], name=op.f("fk_order_line_order_id_order")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_order_line_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line")),
    )
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_line_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_order_line_product", ["product_id", "order_id"], unique=False)

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_phone", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_address", sa.String(length=256), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("contact_address")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")

    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_index("ix_order_line_product")
        batch_op.drop_index(batch_op.f("ix_order_line_order_id"))

    op.drop_table("order_line")
    with op.batch_alter_table("fund_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_entry_order_id"))
        batch_op.drop_index(batch_op.f("ix_fund_entry_member_id"))

    op.drop_table("fund_entry")
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_points_entry_member")
        batch_op.drop_index(batch_op.f("ix_points_entry_branch_id"))
        batch_op.drop_index(batch_op.f("ix_points_entry_agency_id"))

    op.drop_table("points_entry")
    with op.batch_alter_table("order", schema=None) as batch_op:
        batch_op.drop_index("ix_order_supplier")
        batch_op.drop_index("ix_order_status_expiry")
        batch_op.drop_index("ix_order_member")
        batch_op.drop_index(batch_op.f("ix_order_branch_id"))
        batch_op.drop_index(batch_op.f("ix_order_agency_id"))

    op.drop_table("order")
    with op.batch_alter_table("payment_inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_inbox_status"))

    op.drop_table("payment_inbox")
