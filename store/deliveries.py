"""Sending a broadcast's deliveries: senders claim due deliveries in batches (`FOR UPDATE SKIP
LOCKED` on PostgreSQL, so two senders never take the same one), send them, and record each outcome.
A claim that is never recorded — the sender died — is taken again after LEASE, so a crash loses
nothing and repeats at most what was in flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from .broadcast_models import Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from .errors import NotFound
from .models import Member

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 5


async def claim(
    session: AsyncSession, *, now: datetime, limit: int, quiet: bool = False, lease: timedelta = LEASE
) -> list[Delivery]:
    """Take up to `limit` due deliveries for sending; nobody else gets them until the lease ends."""
    due = and_(Delivery.status == DeliveryStatus.pending, Delivery.next_attempt_at <= now)
    abandoned = and_(Delivery.status == DeliveryStatus.sending, Delivery.claimed_at < now - lease)
    query = (
        select(Delivery)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(Broadcast.status == BroadcastStatus.sending, or_(due, abandoned))
        .order_by(Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    if quiet:
        query = query.where(Broadcast.urgent)
    taken = list(await session.scalars(query))
    if taken:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_([d.id for d in taken]))
            .values(status=DeliveryStatus.sending, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        for delivery in taken:  # what the UPDATE wrote, without another read
            set_committed_value(delivery, "status", DeliveryStatus.sending)
            set_committed_value(delivery, "claimed_at", now)
    return taken


@dataclass(frozen=True)
class Result:
    """What came of sending one claimed delivery: sent, blocked, retry (after `retry_after` s),
    failed, or later (not sent: the chat was busy; due again after `retry_after` s, no attempt spent)."""

    delivery: Delivery
    outcome: str
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


async def record(
    session: AsyncSession,
    *,
    delivery_id: int,
    outcome: str,
    now: datetime,
    message_id: int | None = None,
    retry_after: float = 0.0,
    error: str = "",
) -> None:
    """The outcome of one send (see `record_all`)."""
    delivery = await session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound("delivery", delivery_id)
    await record_all(
        session,
        results=[Result(delivery, outcome, message_id=message_id, retry_after=retry_after, error=error)],
        now=now,
    )
    await session.refresh(delivery)


async def record_all(session: AsyncSession, *, results: Sequence[Result], now: datetime) -> None:
    """The outcomes of claimed deliveries, in one statement: sent; blocked (the member is marked);
    retry (later, until MAX_ATTEMPTS) or failed; later (pending again, no attempt spent)."""
    rows, blocked = [], []
    for result in results:
        delivery = result.delivery
        row = {
            "b_delivery_id": delivery.id,
            "b_status": DeliveryStatus.failed,
            "b_attempts": delivery.attempts + 1,
            "b_next_attempt_at": delivery.next_attempt_at,
            "b_message_id": delivery.message_id,
            "b_error": result.error[:256],
        }
        if result.outcome == "sent":
            row |= {"b_status": DeliveryStatus.sent, "b_message_id": result.message_id, "b_error": ""}
        elif result.outcome == "blocked":
            row |= {"b_status": DeliveryStatus.blocked, "b_error": delivery.error}
            blocked.append(delivery.member_id)
        elif result.outcome == "later" or (result.outcome == "retry" and row["b_attempts"] < MAX_ATTEMPTS):
            row |= {
                "b_status": DeliveryStatus.pending,
                "b_next_attempt_at": now + timedelta(seconds=result.retry_after),
            }
            if result.outcome == "later":
                row |= {"b_attempts": delivery.attempts, "b_error": delivery.error}
        rows.append(row)
    if rows:
        await session.execute(_RECORD, rows)
    if blocked:
        await session.execute(update(Member).where(Member.id.in_(blocked)).values(blocked_at=now))


# One executemany for a whole batch of outcomes (Core: no ORM objects loaded or flushed).
_RECORD = (
    update(Delivery.__table__)
    .where(Delivery.__table__.c.id == bindparam("b_delivery_id"))
    .values(
        status=bindparam("b_status"),
        attempts=bindparam("b_attempts"),
        next_attempt_at=bindparam("b_next_attempt_at"),
        message_id=bindparam("b_message_id"),
        error=bindparam("b_error"),
        claimed_at=None,
    )
)


async def release(session: AsyncSession, *, deliveries: Sequence[Delivery]) -> None:
    """Give claimed deliveries that were not sent back to the outbox (a sender stopping)."""
    if deliveries:
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_([d.id for d in deliveries]), Delivery.status == DeliveryStatus.sending)
            .values(status=DeliveryStatus.pending, claimed_at=None)
            .execution_options(synchronize_session=False)
        )


async def finish_done(session: AsyncSession, *, now: datetime) -> list[int]:
    """Mark finished the sending broadcasts with nothing left to send."""
    open_deliveries = exists().where(
        Delivery.broadcast_id == Broadcast.id,
        Delivery.status.in_((DeliveryStatus.pending, DeliveryStatus.sending)),
    )
    done = list(
        await session.scalars(
            select(Broadcast.id).where(Broadcast.status == BroadcastStatus.sending, ~open_deliveries)
        )
    )
    if done:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id.in_(done), Broadcast.status == BroadcastStatus.sending)
            .values(status=BroadcastStatus.done, finished_at=now)
        )
    return done
