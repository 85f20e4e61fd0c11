"""Fairs, run by the clock: record openings and closings on time, then tell each closed fair's
summary (orders and amount per county) to its organiser, once, through the notice outbox.

The opening itself is announced by a broadcast scheduled for the fair's start when it is created,
so the outbox delivers it on time and across restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from store import fairs
from store.db import Database

log = logging.getLogger(__name__)

# Write the notice of a closed fair's summary, in the session that marks it sent (the flows' words).
TellSummary = Callable[[AsyncSession, int, datetime], Awaitable[None]]


async def run_fairs(
    db: Database, tell_summary: TellSummary, *, now: datetime | None = None
) -> dict[str, list]:
    """Open and close what is due, then write the summaries still owed, each once: claimed, told
    and marked sent in one transaction (store.fairs.claim_summary: of two workers on the same
    tick only one claims it); the notice outbox delivers it."""
    now = now or datetime.now(UTC)
    async with db.begin() as session:
        opened = await fairs.open_due(session, now=now)
        closed = await fairs.close_due(session, now=now)
    async with db.read() as session:
        owed = [fair.id for fair in await fairs.summaries_due(session, now=now)]
    told = []
    for fair_id in owed:
        async with db.begin() as session:
            if not await fairs.claim_summary(session, fair_id=fair_id, now=now):
                continue
            await tell_summary(session, fair_id, now)
            await fairs.summary_sent(session, fair_id=fair_id, now=now)
        told.append(fair_id)
    if opened or closed:
        log.info("fairs opened %s, closed %s", opened, closed)
    return {"opened": opened, "closed": closed, "summaries": told}
