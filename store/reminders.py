"""Event reminders, 24 h and 2 h before the start, to confirmed members only: one row per reminder
(planned, claimed, sent), so a restart neither loses nor repeats one, and a claim left unrecorded by
a crash is taken again after the lease."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .content_models import Event, EventStatus, Reminder, Signup, SignupStatus
from .models import utc
from .sql import insert_ignoring_duplicates

REMINDERS = (("24h", timedelta(hours=24), timedelta(hours=2)), ("2h", timedelta(hours=2), timedelta(0)))
REMINDER_LEASE = timedelta(seconds=60)


async def plan_reminders(session: AsyncSession, *, now: datetime) -> int:
    """Write the reminders now due (24 h and 2 h before the start) for confirmed members; rows
    already there are left alone, so planning twice plans once."""
    planned = 0
    for which, before, until in REMINDERS:
        due = (
            select(Event.id, Signup.member_id, literal(which, String(8)))
            .join(Signup, Signup.event_id == Event.id)
            .where(
                Event.status == EventStatus.published,
                Event.starts_at <= now + before,
                Event.starts_at > now + until,
                Signup.status == SignupStatus.confirmed,
            )
        )
        result = await session.execute(
            insert_ignoring_duplicates(session, Reminder, "event_id", "member_id", "which").from_select(
                ["event_id", "member_id", "which"], due
            )
        )
        planned += max(result.rowcount, 0)
    return planned


async def claim_reminders(
    session: AsyncSession, *, now: datetime, limit: int = 100, lease: timedelta = REMINDER_LEASE
) -> list[Reminder]:
    """Take due reminders for sending. One whose member is no longer confirmed (cancelled) is
    skipped for good; one claimed before and never recorded (a crash) is taken after the lease."""
    query = (
        select(Reminder, Event, Signup.status)
        .join(Event, Event.id == Reminder.event_id)
        .join(Signup, and_(Signup.event_id == Reminder.event_id, Signup.member_id == Reminder.member_id))
        .where(
            Reminder.sent_at.is_(None),
            ~Reminder.skipped,
            or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < now - lease),
        )
        .order_by(Reminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Reminder)
    )
    taken, skipped = [], []
    for reminder, event, status in (await session.execute(query)).all():
        late = now >= utc(event.starts_at)
        if status != SignupStatus.confirmed or late or event.status != EventStatus.published:
            skipped.append(reminder.id)
        else:
            taken.append(reminder)
    if skipped:
        await session.execute(update(Reminder).where(Reminder.id.in_(skipped)).values(skipped=True))
    if taken:
        await session.execute(
            update(Reminder).where(Reminder.id.in_([r.id for r in taken])).values(claimed_at=now)
        )
    return taken


async def reminder_sent(session: AsyncSession, *, reminder_id: int, now: datetime) -> None:
    await session.execute(update(Reminder).where(Reminder.id == reminder_id).values(sent_at=now))
