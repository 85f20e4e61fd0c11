"""The ledgers and the payment inbox: love points and the one-yuan fund as append-only entries
(a balance is their sum), and each charge a provider reports, kept before it is applied."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class PointsReason(enum.StrEnum):
    purchase = "purchase"
    purchase_reversal = "purchase_reversal"
    review = "review"
    listed_nomination = "listed_nomination"


class PointsEntry(Base):
    """Love points, append-only: a member's balance is the sum of their entries.

    Branch and agency are copied so the volunteer record can be summed per organisation.
    """

    __tablename__ = "points_entry"
    __table_args__ = (
        UniqueConstraint("reason", "source"),
        Index("ix_points_entry_member", "member_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    # What earned it, e.g. "order:42": with the reason, unique, so an effect is credited once.
    source: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FundReason(enum.StrEnum):
    match = "match"
    reversal = "reversal"
    disbursement = "disbursement"


class FundEntry(Base):
    """The 党员一元捐 fund, append-only in fen: matches in, reversals and disbursements out."""

    __tablename__ = "fund_entry"
    __table_args__ = (UniqueConstraint("reason", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[FundReason] = mapped_column(Enum(FundReason, native_enum=False, length=16))
    source: Mapped[str] = mapped_column(String(96))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("order.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(128), default="")
    purpose: Mapped[str] = mapped_column(String(256), default="")
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentStatus(enum.StrEnum):
    pending = "pending"
    applied = "applied"
    duplicate = "duplicate"
    unknown_order = "unknown_order"
    rejected = "rejected"


class PaymentInbox(Base):
    """Every successful payment Telegram reports, kept before it is applied.

    A payment whose update was confirmed to Telegram but whose handler never committed is found
    here as pending and applied on restart; one for an unknown order waits for an admin.
    """

    __tablename__ = "payment_inbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_payment_charge_id: Mapped[str] = mapped_column(String(128), unique=True)
    provider_payment_charge_id: Mapped[str] = mapped_column(String(128), default="")
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(String(128))
    total_amount: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[PaymentStatus] = mapped_column(
        Enum(PaymentStatus, native_enum=False, length=16), default=PaymentStatus.pending, index=True
    )
    note: Mapped[str] = mapped_column(String(256), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column()
