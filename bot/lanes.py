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
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


@dataclass
class _Ticket:
    bulk: asyncio.Semaphore
    holds_bulk: bool = field(default=False)

    async def step_aside(self) -> None:
        if not self.holds_bulk:
            await self.bulk.acquire()
            self.holds_bulk = True


_ticket: ContextVar[_Ticket | None] = ContextVar("aixin_lane_ticket", default=None)


class Lanes(BaseUpdateProcessor):
    def __init__(self, *, fast: int = 256, bulk: int = 4) -> None:
        super().__init__(fast + bulk)
        self._bulk = asyncio.Semaphore(bulk)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        ticket = _Ticket(self._bulk)
        _ticket.set(ticket)  # each update runs in a task of its own: this is its context
        if not (isinstance(update, Update) and (update.callback_query or update.pre_checkout_query)):
            await ticket.step_aside()
        try:
            await coroutine
        finally:
            if ticket.holds_bulk:
                self._bulk.release()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def step_aside() -> None:
    """Called once a tap is answered: the rest of its handler waits in the bulk lane."""
    if ticket := _ticket.get():
        await ticket.step_aside()
