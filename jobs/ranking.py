"""The ranking's prior, run by the clock: the catalog's mean rating moves with every review, so
every product is rescored with the new mean now and then (each event rescores its own product)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from store import ranking
from store.db import Database

log = logging.getLogger(__name__)


async def refresh(db: Database) -> float:
    """Recompute the catalog's mean rating and every product's ranking score with it."""
    async with db.begin() as session:
        mean = await ranking.refresh(session, now=datetime.now(UTC))
    log.info("ranking refreshed; catalog mean rating %.3f", mean)
    return mean
