"""Tables of content and events: endorsement stories and exemplars, volunteer events with their
sign-ups and reminders, online fairs. Kept beside `models.py` (same Base) so capabilities grow in
their own files. Times are UTC.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, County, Product, Village, utcnow


class EventStatus(enum.StrEnum):
    published = "published"
    cancelled = "cancelled"


class Event(Base):
    """A "进贫困地区、购扶贫产品" trip members sign up for. `scope_id` is the organiser's agency
    (0: all agencies), so only organisers of that scope run it."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_starts", "status", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    scope_id: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(64))
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    meeting_place: Mapped[str] = mapped_column(String(128))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    signup_deadline: Mapped[datetime] = mapped_column()
    capacity: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[EventStatus] = mapped_column(
        Enum(EventStatus, native_enum=False, length=16), default=EventStatus.published
    )
    # The arrival counter: each sign-up takes the next number, under the event row's lock.
    signup_seq: Mapped[int] = mapped_column(Integer, default=0)
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    county: Mapped[County] = relationship()
    village: Mapped[Village | None] = relationship()


class SignupStatus(enum.StrEnum):
    confirmed = "confirmed"
    waitlisted = "waitlisted"
    cancelled = "cancelled"
    attended = "attended"


class Signup(Base):
    """One member on one event; `position` is the arrival order (the waitlist's order)."""

    __tablename__ = "event_signup"
    __table_args__ = (
        UniqueConstraint("event_id", "member_id"),
        Index("ix_event_signup_queue", "event_id", "status", "position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[SignupStatus] = mapped_column(Enum(SignupStatus, native_enum=False, length=16))
    position: Mapped[int] = mapped_column(Integer)
    signed_up_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column()
    promoted_at: Mapped[datetime | None] = mapped_column()
    attended_at: Mapped[datetime | None] = mapped_column()


class Reminder(Base):
    """One reminder (`which`: 24h or 2h) to one member about one event: claimed, then sent.

    The row is the truth of what went out, so a restart neither loses nor repeats a reminder; a
    claim left unrecorded by a crash is taken again after the lease."""

    __tablename__ = "event_reminder"
    __table_args__ = (
        UniqueConstraint("event_id", "member_id", "which"),
        Index("ix_event_reminder_due", "sent_at", "claimed_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    which: Mapped[str] = mapped_column(String(8))
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    skipped: Mapped[bool] = mapped_column(default=False)


class Fair(Base):
    """An online fair (网上展销会) beside an offline one, open from `starts_at` to `ends_at`.

    `opened_at`, `closed_at` and `summary_sent_at` are set once by the clock's jobs;
    `summary_claimed_at` while a job sends the summary (store.fairs.claim_summary)."""

    __tablename__ = "fair"
    __table_args__ = (Index("ix_fair_window", "starts_at", "ends_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    scope_id: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(64))
    offline_fair: Mapped[str] = mapped_column(String(64), default="")
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    opened_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    summary_sent_at: Mapped[datetime | None] = mapped_column()
    summary_claimed_at: Mapped[datetime | None] = mapped_column()
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcast.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FairProduct(Base):
    __tablename__ = "fair_product"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True, index=True)
    product: Mapped[Product] = relationship()


class FairFeature(Base):
    """A county's feature at a fair: a text and photos of its food and scenery."""

    __tablename__ = "fair_feature"
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[list] = mapped_column(JSON, default=list)


class StoryKind(enum.StrEnum):
    endorsement = "endorsement"
    exemplar = "exemplar"


class StoryStatus(enum.StrEnum):
    published = "published"
    withdrawn = "withdrawn"


class Story(Base):
    """An endorsement story (a first secretary's, about their village's products) or an exemplar
    (a resident work team's story, published by an organiser or admin)."""

    __tablename__ = "story"
    __table_args__ = (
        Index("ix_story_village", "kind", "status", "village_id", "id"),
        Index("ix_story_kind", "kind", "status", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[StoryKind] = mapped_column(Enum(StoryKind, native_enum=False, length=16))
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    county_id: Mapped[int | None] = mapped_column(ForeignKey("county.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    team: Mapped[str] = mapped_column(String(96), default="")
    title: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    photos: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[StoryStatus] = mapped_column(
        Enum(StoryStatus, native_enum=False, length=16), default=StoryStatus.published
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    county: Mapped[County | None] = relationship()
    village: Mapped[Village | None] = relationship()
    products: Mapped[list[StoryProduct]] = relationship(order_by="StoryProduct.product_id")


class StoryProduct(Base):
    """A village product an endorsement story endorses."""

    __tablename__ = "story_product"
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True, index=True)


class StoryPush(Base):
    """A story pushed to story subscribers: at most one per village per ISO week."""

    __tablename__ = "story_push"
    __table_args__ = (UniqueConstraint("village_id", "week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"))
    week: Mapped[str] = mapped_column(String(8))  # e.g. 2026-W48
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"))
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id"))


class MediaNomination(Base):
    """An organiser's nomination of an exemplar for city media (recorded; no external call)."""

    __tablename__ = "media_nomination"
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    nominated_at: Mapped[datetime] = mapped_column(default=utcnow)
