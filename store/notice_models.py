"""The notice outbox's table: one row per message to one member that a change of the store causes
(a receipt, a supplier's new order, a refund, a place off the waitlist …). Written in the change's
transaction, rendered and sent afterwards, in the recipient's language, by the door they use."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow


class NoticeStatus(enum.StrEnum):
    pending = "pending"  # due at next_attempt_at
    sending = "sending"  # claimed by a sender at claimed_at; taken again once the lease is over
    sent = "sent"
    blocked = "blocked"  # the member blocked the bot
    failed = "failed"  # refused for good, or out of attempts


class Notice(Base):
    """A message to a member: a message key and its arguments (ids and values, never rendered
    text), the actions under it (intents with their arguments), and whether it may wait out the
    quiet hours. `idempotency_key` is unique: a change retried writes its notice once."""

    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict] = mapped_column(JSON)
    actions: Mapped[list] = mapped_column(JSON)
    urgent: Mapped[bool] = mapped_column(Boolean, default=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    status: Mapped[NoticeStatus] = mapped_column(
        Enum(NoticeStatus, native_enum=False, length=16), default=NoticeStatus.pending
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column()
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str] = mapped_column(String(256), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
