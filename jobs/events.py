"""Event reminders, run by the clock: 24 h and 2 h before the start, to confirmed members only.

The store keeps one row per reminder (planned, then sent); each due one becomes a notice in the
transaction that marks it sent, and the notice outbox delivers it in the member's language
through their door, so a restart or a crash neither loses nor repeats one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from store import reminders
from store.content_models import Reminder
from store.db import Database

# Write the notice of one due reminder, in the session that marks it sent (the flows' words).
Remind = Callable[[AsyncSession, Reminder, datetime], Awaitable[None]]


async def send_reminders(db: Database, remind: Remind, *, now: datetime | None = None) -> int:
    """Plan what is due, then write the notices of what is due in batches; returns how many."""
    now = now or datetime.now(UTC)
    async with db.begin() as session:
        await reminders.plan_reminders(session, now=now)
    written = 0
    while True:
        async with db.begin() as session:
            batch = await reminders.claim_reminders(session, now=now)
            for reminder in batch:
                await remind(session, reminder, now)
                await reminders.reminder_sent(session, reminder_id=reminder.id, now=now)
        written += len(batch)
        if len(batch) < 100:
            return written
