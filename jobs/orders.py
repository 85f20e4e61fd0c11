"""Order housekeeping, run by the clock: release unpaid orders, remind suppliers of offline orders
awaiting confirmation, confirm long-shipped ones.

The store says what is due, so a restart or a second process neither loses nor repeats work.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from store import offline_orders, orders
from store.db import Database

log = logging.getLogger(__name__)


Tell = Callable[..., Awaitable[None]]


async def expire_unpaid(db: Database, *, tell: Tell | None = None) -> int:
    """Cancel orders unpaid past ORDER_PAYMENT_MINUTES and put their stock back; `tell(session,
    orders, now=)` writes their members' notices in the same transaction."""
    now = datetime.now(UTC)
    async with db.begin() as session:
        expired = await orders.expire_due(session, now=now)
        if expired and tell is not None:
            await tell(session, expired, now=now)
    if expired:
        log.info("expired %d unpaid order(s)", len(expired))
    return len(expired)


async def remind_offline(db: Database, *, tell: Tell) -> int:
    """Remind the suppliers of offline orders placed a day ago whose payment nobody has confirmed:
    `tell(session, orders, now=)` writes the reminders in the transaction that marks each order
    reminded, so each is reminded once, even across restarts and several processes."""
    now = datetime.now(UTC)
    async with db.begin() as session:
        due = await offline_orders.remind_due(session, now=now)
        if due:
            await tell(session, due, now=now)
    if due:
        log.info("reminded the suppliers of %d offline order(s) awaiting confirmation", len(due))
    return len(due)


async def receive_shipped(db: Database, *, days: int, invite: Tell | None = None) -> int:
    """Confirm receipt of orders shipped more than AUTO_RECEIVE_DAYS ago; `invite(session,
    orders, now=)` writes their buyers' invitations to rate them in the same transaction."""
    now = datetime.now(UTC)
    async with db.begin() as session:
        received = await orders.receive_due(session, now=now, days=days)
        if received and invite is not None:
            await invite(session, received, now=now)
    if received:
        log.info("confirmed receipt of %d order(s) shipped %d days ago", len(received), days)
    return len(received)
