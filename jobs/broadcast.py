"""The broadcast sender: claim due deliveries from the outbox, pace them, send, record outcomes.

The chat itself is reached through `send`, which the composition in bot/ provides, so this module
knows the store and the pacing rules but no chat API. Several senders may run against PostgreSQL;
on SQLite one process sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from store import broadcasts, deliveries
from store.broadcast_models import Broadcast, Delivery
from store.db import Database

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
# Told which broadcasts moved, after each round of outcomes is recorded (to update the organiser's progress).
OnProgress = Callable[[set[int]], Awaitable[None]]


def sends_in_flight(rate: float) -> int:
    """Sends to keep under way for `rate` a second: rate × 150 ms, what a send can take when the
    machine is busy (fewer cap the rate at in-flight ÷ latency). Sends delayed on the way arrive
    bunched, up to this many at once: within the 20% between BROADCAST_RATE and Telegram's limit."""
    return max(8, math.ceil(rate * 0.15))


class Sender:
    """Claims, sends and records as a pipeline: the next batch is claimed while this one goes out,
    and outcomes are recorded by a task of their own every `record_every` seconds, so sending never
    stops for the store. A chat that is not ready (a member is using it, or it just got a message)
    is set aside rather than waited on, so it holds up nobody else."""

    def __init__(
        self,
        db: Database,
        send: Send,
        pacer: Pacer,
        *,
        timezone: str = "Asia/Shanghai",
        quiet_hours: tuple[int, int] = (22, 8),
        batch: int | None = None,
        workers: int | None = None,
        on_progress: OnProgress | None = None,
        lease: timedelta = deliveries.LEASE,
        record_every: float = 0.1,
    ) -> None:
        self.lease = lease
        self.db, self.send, self.pacer, self.on_progress = db, send, pacer, on_progress
        self.timezone, self.quiet_hours = timezone, quiet_hours
        # A claim is about a second of sending (less with a short lease: what was claimed must go
        # within half of it).
        self.batch = batch or max(50, round(pacer.rate * min(1.0, lease.total_seconds() / 4)))
        self.workers = workers or sends_in_flight(pacer.rate)
        self.record_every = record_every
        self.sent = 0
        self._queue: asyncio.Queue[Delivery | None] = asyncio.Queue()
        self._broadcasts: dict[int, Broadcast] = {}
        # Claimed delivery -> set aside no later than this (monotonic). By object, not id: a row
        # given back may be claimed again, as a new object, before its old one is forgotten.
        self._deadline: dict[Delivery, float] = {}
        self._aside: dict[int, tuple[asyncio.TimerHandle, Delivery]] = {}
        self._results: list[deliveries.Result] = []
        self._moved: set[int] = set()  # broadcasts with outcomes recorded since on_progress was told
        self._told = 0.0
        self._open = 0  # claimed and not yet recorded (or released)
        self._settled = asyncio.Event()  # set while `_open` is 0
        self._stopping = False
        self._unsent: list[Delivery] = []

    async def run(self, stop: asyncio.Event, *, idle: float = 1.0) -> None:
        """Send until `stop` is set, resting `idle` seconds whenever nothing is due."""
        async with self._pipeline():
            while not stop.is_set():
                if self._queue.qsize() >= self.batch // 2:  # enough claimed ahead
                    await _sleep(stop, 0.05)
                elif not await self._claim():
                    await _sleep(stop, idle)

    async def run_once(self) -> int:
        """Claim one batch, send it and record it all; returns how many were claimed."""
        async with self._pipeline():
            if claimed := await self._claim():
                await self._settled.wait()
        return claimed

    @contextlib.asynccontextmanager
    async def _pipeline(self) -> AsyncIterator[None]:
        """Workers and the recorder at work; when the block ends, the sends under way finish, what
        was claimed and not sent goes back to the outbox, and every outcome is recorded."""
        self._stopping = False
        closing = asyncio.Event()
        workers = [asyncio.create_task(self._work()) for _ in range(self.workers)]
        recorder = asyncio.create_task(self._record_loop(closing))
        try:
            yield
        finally:
            self._stopping = True
            for _ in workers:
                self._queue.put_nowait(None)
            await asyncio.gather(*workers)
            for timer, delivery in self._aside.values():
                timer.cancel()
                self._unsent.append(delivery)
            self._aside.clear()
            while not self._queue.empty():
                if (delivery := self._queue.get_nowait()) is not None:
                    self._unsent.append(delivery)
            unsent, self._unsent = self._unsent, []
            if unsent:
                async with self.db.begin() as session:
                    await deliveries.release(session, deliveries=unsent)
                self._forget(unsent)
            closing.set()
            await recorder

    async def _claim(self) -> int:
        """Start due broadcasts, mark finished ones, and claim a batch onto the queue."""
        now = datetime.now(UTC)
        quiet = broadcasts.quiet_at(now, self.timezone, self.quiet_hours)
        async with self.db.begin() as session:
            await broadcasts.start_due(session, now=now, quiet=quiet)
            finished = await deliveries.finish_done(session, now=now)
            claimed = await deliveries.claim(
                session, now=now, limit=self.batch, quiet=quiet, lease=self.lease
            )
            ids = {d.broadcast_id for d in claimed}
            for broadcast in await session.scalars(select(Broadcast).where(Broadcast.id.in_(ids))):
                self._broadcasts[broadcast.id] = broadcast
        if finished and self.on_progress:
            await self.on_progress(set(finished))
        # Sent or given back well within the lease, so no other sender takes it meanwhile.
        deadline = time.monotonic() + self.lease.total_seconds() / 2
        self._open += len(claimed)
        if claimed:
            self._settled.clear()
        for delivery in claimed:
            self._deadline[delivery] = deadline
            self._queue.put_nowait(delivery)
        return len(claimed)

    async def _work(self) -> None:
        while (delivery := await self._queue.get()) is not None:
            if self._stopping:
                self._unsent.append(delivery)
                continue
            chat_id = delivery.chat_id
            now = time.monotonic()
            if now > self._deadline[delivery]:  # too near the lease's end: back to the outbox
                self._results.append(deliveries.Result(delivery, "later"))
                continue
            if (ready := self.pacer.ready_at(chat_id)) > now:
                self._set_aside(delivery, ready, now)
                continue
            await self.pacer.wait(chat_id)
            try:
                outcome = await self._send(self._broadcasts[delivery.broadcast_id], delivery)
            finally:
                self.pacer.done(chat_id)
            if outcome.kind == "retry" and outcome.retry_after:
                self.pacer.hold(outcome.retry_after)
            self._results.append(
                deliveries.Result(
                    delivery,
                    outcome.kind,
                    message_id=outcome.message_id,
                    retry_after=outcome.retry_after or min(2**delivery.attempts, 300),
                    error=outcome.error,
                )
            )

    def _set_aside(self, delivery: Delivery, ready: float, now: float) -> None:
        """Queue `delivery` again when its chat is ready, or give it back to the outbox for then
        if that is past its deadline."""
        if ready > self._deadline[delivery]:
            self._results.append(deliveries.Result(delivery, "later", retry_after=math.ceil(ready - now)))
            return

        def back() -> None:
            del self._aside[delivery.id]
            self._queue.put_nowait(delivery)

        self._aside[delivery.id] = (asyncio.get_running_loop().call_later(ready - now, back), delivery)

    async def _record_loop(self, closing: asyncio.Event) -> None:
        while True:
            closed = closing.is_set()
            if self._results:
                results, self._results = self._results, []
                try:
                    async with self.db.begin() as session:
                        await deliveries.record_all(session, results=results, now=datetime.now(UTC))
                except Exception:  # noqa: BLE001 - keep them and try again; the claims still hold
                    log.exception("recording %d outcomes failed", len(results))
                    self._results[:0] = results
                    if closed:
                        return
                else:
                    self._forget([r.delivery for r in results])
                    self.sent += sum(1 for r in results if r.outcome == "sent")
                    self._moved |= {r.delivery.broadcast_id for r in results}
            # Told at most once a second (and at the end): each telling reads the store.
            if self._moved and self.on_progress and (closed or time.monotonic() - self._told >= 1.0):
                moved, self._moved, self._told = self._moved, set(), time.monotonic()
                await self.on_progress(moved)
            if closed:
                return
            await _sleep(closing, self.record_every)

    def _forget(self, deliveries: list[Delivery]) -> None:
        self._open -= len(deliveries)
        for delivery in deliveries:
            self._deadline.pop(delivery, None)
        if not self._open:
            self._settled.set()

    async def _send(self, broadcast: Broadcast, delivery: Delivery) -> Outcome:
        try:
            return await self.send(broadcast, delivery)
        except Exception as error:  # noqa: BLE001 - one bad send must not stop the others
            log.exception("broadcast %s to %s failed", broadcast.id, delivery.chat_id)
            return Outcome("retry", error=f"{type(error).__name__}: {error}")


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
