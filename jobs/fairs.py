"""Fairs, run by the clock: record openings and closings on time, then send each closed fair's
summary (orders and amount per county) to its organiser, once.

The opening itself is announced by a broadcast scheduled for the fair's start when it is created,
so the outbox delivers it on time and across restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from store import fairs
from store.content_models import Fair
from store.db import Database
from store.fairs import CountyFigures

log = logging.getLogger(__name__)

# Tell the organiser the summary; True once it is in the chat (or never can be).
SendSummary = Callable[[Fair, list[CountyFigures]], Awaitable[bool]]


async def run_fairs(
    db: Database, send_summary: SendSummary, *, now: datetime | None = None
) -> dict[str, list]:
    """Open and close what is due, then send the summaries still owed, each claimed first (with a
    lease: store.fairs.claim_summary)."""
    now = now or datetime.now(UTC)
    async with db.begin() as session:
        opened = await fairs.open_due(session, now=now)
        closed = await fairs.close_due(session, now=now)
    async with db.read() as session:
        owed = [fair.id for fair in await fairs.summaries_due(session, now=now)]
    sent = []
    for fair_id in owed:
        async with db.begin() as session:  # claimed before it is sent: another worker sends nothing
            if not await fairs.claim_summary(session, fair_id=fair_id, now=now):
                continue
            fair = await fairs.get(session, fair_id=fair_id)
            figures = await fairs.summary(session, fair_id=fair_id)
        try:
            delivered = await send_summary(fair, figures)
        except Exception:  # noqa: BLE001 - try again on the next tick
            log.exception("summary of fair %s failed", fair_id)
            delivered = False
        async with db.begin() as session:
            if delivered:
                await fairs.summary_sent(session, fair_id=fair_id, now=now)
                sent.append(fair_id)
            else:
                await fairs.release_summary(session, fair_id=fair_id)
    if opened or closed:
        log.info("fairs opened %s, closed %s", opened, closed)
    return {"opened": opened, "closed": closed, "summaries": sent}
