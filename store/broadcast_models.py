"""Broadcasts (an organiser's announcement to many members), one delivery row per recipient that
the sender claims, and the kinds a member has muted."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class BroadcastStatus(enum.StrEnum):
    scheduled = "scheduled"
    sending = "sending"
    paused = "paused"
    cancelled = "cancelled"
    done = "done"


class Broadcast(Base):
    """A message to many members, sent through the outbox: one Delivery row per recipient."""

    __tablename__ = "broadcast"
    __table_args__ = (Index("ix_broadcast_due", "status", "send_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    # general, fairs, events or stories: members can turn each kind off.
    kind: Mapped[str] = mapped_column(String(16), default="general")
    text: Mapped[str] = mapped_column(Text)  # as its organiser reads it
    # An announcement (an event, a fair, a story) is its message key and values: each recipient
    # reads its frame in their own language. Empty for an organiser's own words.
    key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    args: Mapped[dict | None] = mapped_column(JSON)
    photo: Mapped[str] = mapped_column(String(512), default="")
    # Who receives it: all, agency, branch or county (members who bought from that county).
    audience: Mapped[str] = mapped_column(String(16), default="all")
    audience_id: Mapped[int] = mapped_column(default=0)
    # An optional button under the message: product or county, with its id.
    button: Mapped[str] = mapped_column(String(16), default="")
    button_id: Mapped[int] = mapped_column(default=0)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[BroadcastStatus] = mapped_column(
        Enum(BroadcastStatus, native_enum=False, length=16), default=BroadcastStatus.scheduled
    )
    send_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    # The organiser's progress message, which the sender edits as it goes.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)


class DeliveryStatus(enum.StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    blocked = "blocked"
    failed = "failed"


class Delivery(Base):
    """One recipient of a broadcast. A sender claims it (`sending`), sends, and records the outcome;
    a claim older than the lease is taken again after a crash, so nothing is lost."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "member_id"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
        Index("ix_delivery_broadcast_status", "broadcast_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str | None] = mapped_column(String(8))  # the recipient's, for the buttons under it
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=16), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str] = mapped_column(String(256), default="")


class AnnouncementMute(Base):
    """A kind of announcement a member turned off in /settings."""

    __tablename__ = "announcement_mute"
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
