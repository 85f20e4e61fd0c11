"""Two lanes for updates, so a tap is answered while payments and messages wait their turn.

asyncio runs ready work first come, first served: with every update running at once, each step of
a tap waits behind a step of every other update, and at 200 members at once a tap took seconds.
Here a button tap (and a pre-checkout query, which Telegram wants answered within 10 s) runs at
once until it has answered, then steps aside into the bulk lane, where a few updates at a time do
the heavy work. A few suffice to keep the core busy: SQLite statements do not yield (see
store.sqlite_inline), so waiting on the network is all a bulk update leaves idle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class _Ticket:
    """Which lane an update holds a place in: the fast one until it steps aside, then the bulk one."""

    def __init__(self, fast: asyncio.Semaphore, bulk: asyncio.Semaphore) -> None:
        self.fast, self.bulk = fast, bulk
        self.held: asyncio.Semaphore | None = None

    async def enter(self, lane: asyncio.Semaphore) -> None:
        await lane.acquire()
        self.held = lane

    async def step_aside(self) -> None:
        if self.held is not self.bulk:
            self.leave()
            await self.enter(self.bulk)

    def leave(self) -> None:
        if self.held is not None:
            self.held.release()
            self.held = None


_ticket: ContextVar[_Ticket | None] = ContextVar("aixin_lane_ticket", default=None)

# PTB takes a place under its own limit before asking us; the lanes are the limits here.
_NO_LIMIT = 1 << 30


class Lanes(BaseUpdateProcessor):
    def __init__(self, *, fast: int = 256, bulk: int = 4) -> None:
        super().__init__(_NO_LIMIT)
        self._fast, self._bulk = asyncio.Semaphore(fast), asyncio.Semaphore(bulk)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        ticket = _Ticket(self._fast, self._bulk)
        _ticket.set(ticket)  # each update runs in a task of its own: this is its context
        taps = isinstance(update, Update) and (update.callback_query or update.pre_checkout_query)
        await ticket.enter(self._fast if taps else self._bulk)
        try:
            await coroutine
        finally:
            ticket.leave()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def step_aside() -> None:
    """Called once a tap is answered: the rest of its handler waits in the bulk lane."""
    if ticket := _ticket.get():
        await ticket.step_aside()
