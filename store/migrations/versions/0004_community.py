"""community: reviews, recommendations, nominations, ranking aggregates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 08:48:13.448741
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ranking_prior",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mean_rating", sa.Float(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ranking_prior")),
    )
    op.create_table(
        "nomination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("product_name", sa.String(length=64), nullable=False),
        sa.Column("normalized_name", sa.String(length=64), nullable=False),
        sa.Column("county_id", sa.Integer(), nullable=False),
        sa.Column("village_name", sa.String(length=64), nullable=False),
        sa.Column("supplier_name", sa.String(length=128), nullable=False),
        sa.Column("contact", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("photo", sa.String(length=256), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "approved",
                "listed",
                "rejected",
                "merged",
                name="nominationstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("reject_reason", sa.String(length=256), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["county_id"], ["county.id"], name=op.f("fk_nomination_county_id_county")),
        sa.ForeignKeyConstraint(["decided_by"], ["member.id"], name=op.f("fk_nomination_decided_by_member")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_nomination_member_id_member")),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["nomination.id"], name=op.f("fk_nomination_merged_into_id_nomination")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_nomination_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nomination")),
        sa.UniqueConstraint("key", name=op.f("uq_nomination_key")),
    )
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.create_index("ix_nomination_county_name", ["county_id", "normalized_name"], unique=False)
        batch_op.create_index("ix_nomination_member", ["member_id", "id"], unique=False)
        batch_op.create_index("ix_nomination_status", ["status", "id"], unique=False)

    op.create_table(
        "recommendation",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_recommendation_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_recommendation_product_id_product")
        ),
        sa.PrimaryKeyConstraint("member_id", "product_id", name=op.f("pk_recommendation")),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_product_id"), ["product_id"], unique=False)

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("photo", sa.String(length=256), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(length=256), nullable=False),
        sa.Column("hidden_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_review_stars_range")),
        sa.ForeignKeyConstraint(["hidden_by"], ["member.id"], name=op.f("fk_review_hidden_by_member")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_review_member_id_member")),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_line.id"], name=op.f("fk_review_order_line_id_order_line")
        ),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_review_product_id_product")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("order_line_id", name=op.f("uq_review_order_line_id")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_review_product", ["product_id", "hidden", "id"], unique=False)

    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("rating_sum", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("recommend_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("heat", sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("rank_score", sa.Float(), server_default="0", nullable=False))
        batch_op.create_index(
            "ix_product_county_rank", ["status", "county_id", "rank_score", "id"], unique=False
        )
        batch_op.create_index("ix_product_rank", ["status", "rank_score", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_rank")
        batch_op.drop_index("ix_product_county_rank")
        batch_op.drop_column("rank_score")
        batch_op.drop_column("heat")
        batch_op.drop_column("recommend_count")
        batch_op.drop_column("rating_sum")
        batch_op.drop_column("rating_count")

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_product")
        batch_op.drop_index(batch_op.f("ix_review_member_id"))

    op.drop_table("review")
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_product_id"))

    op.drop_table("recommendation")
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_index("ix_nomination_status")
        batch_op.drop_index("ix_nomination_member")
        batch_op.drop_index("ix_nomination_county_name")

    op.drop_table("nomination")
    op.drop_table("ranking_prior")
