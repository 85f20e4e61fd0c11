"""Event reminders, run by the clock: 24 h and 2 h before the start, to confirmed members only.

The store keeps one row per reminder (planned, claimed, sent), so a restart neither loses nor
repeats one; the chat is reached through `send`, which the composition in bot/ provides.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from store import reminders
from store.content_models import Event, Reminder
from store.db import Database
from store.models import Member

log = logging.getLogger(__name__)

# Send one reminder; True once the chat has it (or can never have it: blocked), False to retry.
SendReminder = Callable[[Reminder, Event, Member], Awaitable[bool]]


async def send_reminders(db: Database, send: SendReminder, *, now: datetime | None = None) -> int:
    """Plan what is due, then send it in batches; returns how many reminders went out."""
    now = now or datetime.now(UTC)
    async with db.begin() as session:
        await reminders.plan_reminders(session, now=now)
    sent = 0
    while True:
        async with db.begin() as session:
            batch = await reminders.claim_reminders(session, now=now)
        if not batch:
            return sent
        for reminder, event, member in batch:
            try:
                delivered = await send(reminder, event, member)
            except Exception:  # noqa: BLE001 - one bad send must not stop the others
                log.exception("reminder %s failed", reminder.id)
                delivered = False
            if delivered:
                async with db.begin() as session:
                    await reminders.reminder_sent(session, reminder_id=reminder.id, now=now)
                sent += 1
        if len(batch) < 100:
            return sent
