"""What members say about products: reviews, recommendations, nominations of products not yet in
the shop, and the ranking's prior per product."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, County, Member, utcnow


class Review(Base):
    """A member's rating of a product they bought and received: one per order line."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        # The latest visible reviews of a product, a page at a time.
        Index("ix_review_product", "product_id", "hidden", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    stars: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500), default="")
    photo: Mapped[str] = mapped_column(String(256), default="")
    # Hidden by an admin: kept, not shown, not counted in the product's rating.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str] = mapped_column(String(256), default="")
    hidden_by: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    member: Mapped[Member] = relationship(foreign_keys=[member_id])


class Recommendation(Base):
    """重点推荐: one per member and product; withdrawing deletes it."""

    __tablename__ = "recommendation"
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NominationStatus(enum.StrEnum):
    open = "open"  # waiting for an admin
    approved = "approved"  # a draft product exists; the admin completes price and stock
    listed = "listed"  # the product is on sale
    rejected = "rejected"
    merged = "merged"  # the same product was already nominated: counted as support for that one


class Nomination(Base):
    """A product a member proposes for listing, verified by an admin."""

    __tablename__ = "nomination"
    __table_args__ = (
        Index("ix_nomination_status", "status", "id"),
        Index("ix_nomination_member", "member_id", "id"),
        Index("ix_nomination_county_name", "county_id", "normalized_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    # One nomination per finished dialog, however often its last message is delivered.
    key: Mapped[str] = mapped_column(String(96), unique=True)
    product_name: Mapped[str] = mapped_column(String(64))
    normalized_name: Mapped[str] = mapped_column(String(64))
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"))
    village_name: Mapped[str] = mapped_column(String(64), default="")
    supplier_name: Mapped[str] = mapped_column(String(128))
    contact: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(500))
    photo: Mapped[str] = mapped_column(String(256), default="")
    status: Mapped[NominationStatus] = mapped_column(
        Enum(NominationStatus, native_enum=False, length=16), default=NominationStatus.open
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    reject_reason: Mapped[str] = mapped_column(String(256), default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    county: Mapped[County] = relationship()
    member: Mapped[Member] = relationship(foreign_keys=[member_id])


class RankingPrior(Base):
    """The catalog's mean rating, the prior of every product's Bayesian average (one row, id 1).

    Refreshed by the ranking job, which then rescores every product with it."""

    __tablename__ = "ranking_prior"
    id: Mapped[int] = mapped_column(primary_key=True)
    mean_rating: Mapped[float] = mapped_column(Float)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)
