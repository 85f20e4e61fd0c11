"""The broadcast sender: claim due deliveries from the outbox, pace them, send, record outcomes.

The chat itself is reached through `send`, which the composition in bot/ provides, so this module
knows the store and the pacing rules but no chat API. Several senders may run against PostgreSQL;
on SQLite one process sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from store import broadcasts
from store.db import Database
from store.models import Broadcast, Delivery

from .pacing import Pacer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one send: sent, blocked, retry (after `retry_after` s) or failed."""

    kind: str
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


Send = Callable[[Broadcast, Delivery], Awaitable[Outcome]]
# Told which broadcasts moved, after each batch is recorded (to update the organiser's progress).
OnProgress = Callable[[set[int]], Awaitable[None]]


def quiet_now(now: datetime, timezone: str, quiet_hours: tuple[int, int]) -> bool:
    """Whether `now` falls in the quiet hours (local), e.g. (22, 8) for 22:00–08:00."""
    start, end = quiet_hours
    hour = now.astimezone(ZoneInfo(timezone)).hour
    return start != end and (start <= hour or hour < end if start > end else start <= hour < end)


class Sender:
    def __init__(
        self,
        db: Database,
        send: Send,
        pacer: Pacer,
        *,
        timezone: str = "Asia/Shanghai",
        quiet_hours: tuple[int, int] = (22, 8),
        batch: int = 50,
        workers: int = 16,
        on_progress: OnProgress | None = None,
        lease: timedelta = broadcasts.LEASE,
    ) -> None:
        self.lease = lease
        self.db, self.send, self.pacer, self.on_progress = db, send, pacer, on_progress
        self.timezone, self.quiet_hours = timezone, quiet_hours
        self.batch, self.workers = batch, workers
        self.sent = 0

    async def run(self, stop: asyncio.Event, *, idle: float = 1.0) -> None:
        """Send until `stop` is set, resting `idle` seconds whenever nothing is due."""
        while not stop.is_set():
            if not await self.run_once():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle)

    async def run_once(self) -> int:
        """Start due broadcasts, send one claimed batch, record it; returns how many were claimed."""
        now = datetime.now(UTC)
        quiet = quiet_now(now, self.timezone, self.quiet_hours)
        async with self.db.begin() as session:
            await broadcasts.start_due(session, now=now, quiet=quiet)
            finished = await broadcasts.finish_done(session, now=now)
        if finished and self.on_progress:
            await self.on_progress(set(finished))
        async with self.db.begin() as session:
            claimed = await broadcasts.claim(
                session, now=now, limit=self.batch, quiet=quiet, lease=self.lease
            )
            ids = {d.broadcast_id for d in claimed}
            by_id = {b.id: b for b in await session.scalars(select(Broadcast).where(Broadcast.id.in_(ids)))}
        if not claimed:
            return 0
        outcomes: list[tuple[Delivery, Outcome]] = []
        queue: asyncio.Queue[Delivery] = asyncio.Queue()
        for delivery in claimed:
            queue.put_nowait(delivery)

        async def worker() -> None:
            while not queue.empty():
                delivery = queue.get_nowait()
                await self.pacer.wait(delivery.chat_id)
                outcome = await self._send(by_id[delivery.broadcast_id], delivery)
                if outcome.kind == "retry" and outcome.retry_after:
                    self.pacer.hold(outcome.retry_after)
                outcomes.append((delivery, outcome))

        await asyncio.gather(*(worker() for _ in range(min(self.workers, len(claimed)))))
        done = datetime.now(UTC)
        async with self.db.begin() as session:
            for delivery, outcome in outcomes:
                await broadcasts.record(
                    session,
                    delivery_id=delivery.id,
                    outcome=outcome.kind,
                    now=done,
                    message_id=outcome.message_id,
                    retry_after=outcome.retry_after or min(2**delivery.attempts, 300),
                    error=outcome.error,
                )
        self.sent += sum(1 for _, o in outcomes if o.kind == "sent")
        if self.on_progress:
            await self.on_progress(ids)
        return len(claimed)

    async def _send(self, broadcast: Broadcast, delivery: Delivery) -> Outcome:
        try:
            return await self.send(broadcast, delivery)
        except Exception as error:  # noqa: BLE001 - one bad send must not stop the others
            log.exception("broadcast %s to %s failed", broadcast.id, delivery.chat_id)
            return Outcome("retry", error=f"{type(error).__name__}: {error}")
