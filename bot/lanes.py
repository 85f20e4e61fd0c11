"""Two lanes for updates, so a tap is answered while payments and messages wait their turn.

asyncio runs ready work first come, first served: with every update running at once, each step of
a tap waits behind a step of every other update, and at 200 members at once a tap took seconds.
Here a button tap (and a pre-checkout query, which Telegram wants answered within 10 s) runs at
once until it has answered, then steps aside into the bulk lane, where a few updates at a time do
the heavy work, and only while no tap waits for its answer. A few suffice to keep the core busy:
SQLite statements do not yield (see store.sqlite_inline), so waiting on the network is all a bulk
update leaves idle. Whatever the lane, one person's updates run one at a time, in order (except
pre-checkout and inline queries, which are answered at once).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class _Ticket:
    """Which lane an update holds a place in: the fast one until it steps aside, then the bulk one."""

    def __init__(self, lanes: Lanes) -> None:
        self.lanes = lanes
        self.held: asyncio.Semaphore | None = None

    async def enter_fast(self) -> None:
        await self.lanes._fast.acquire()
        self.held = self.lanes._fast
        self.lanes._unanswered += 1
        self.lanes._no_taps.clear()

    async def enter_bulk(self) -> None:
        # A place in the bulk lane is taken once no tap waits for its answer: the bulk lane's SQLite
        # work does not yield, and run side by side with a burst of taps it would delay every
        # answer in the burst (200 at once waited 350 ms for their last answers). Not for longer
        # than TAPS_FIRST, so that a stream of taps cannot hold payments back for good.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(TAPS_FIRST):
                await self.lanes._no_taps.wait()
        await self.lanes._bulk.acquire()
        self.held = self.lanes._bulk

    async def step_aside(self) -> None:
        if self.held is self.lanes._fast:
            self.leave()
            await self.enter_bulk()

    def leave(self) -> None:
        if self.held is self.lanes._fast:
            self.lanes._unanswered -= 1
            if not self.lanes._unanswered:
                self.lanes._no_taps.set()
        if self.held is not None:
            self.held.release()
            self.held = None


def _takes_turns(update: Update) -> bool:
    """Not a pre-checkout query, which Telegram wants answered within 10 s whatever else the member
    has going (it is one conditional UPDATE), nor inline queries, which only read."""
    return not (update.pre_checkout_query or update.inline_query or update.chosen_inline_result)


class _Turn:
    __slots__ = ("count", "lock")

    def __init__(self) -> None:
        self.lock, self.count = asyncio.Lock(), 0


TAPS_FIRST = 0.3  # seconds an update entering the bulk lane lets waiting taps go first, at most

_ticket: ContextVar[_Ticket | None] = ContextVar("aixin_lane_ticket", default=None)

# PTB takes a place under its own limit before asking us; the lanes are the limits here.
_NO_LIMIT = 1 << 30


class Lanes(BaseUpdateProcessor):
    def __init__(self, *, fast: int = 256, bulk: int = 4) -> None:
        super().__init__(_NO_LIMIT)
        self._fast, self._bulk = asyncio.Semaphore(fast), asyncio.Semaphore(bulk)
        self._unanswered = 0  # taps in the fast lane
        self._no_taps = asyncio.Event()
        self._no_taps.set()
        self._people: dict[int, _Turn] = {}  # whose updates are running or waiting, and how many

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # One update of a person at a time, in the order they came: two quick answers in a dialog
        # would otherwise both read the same step, and one would overwrite the other.
        async with self._turn_of(update):
            ticket = _Ticket(self)
            _ticket.set(ticket)  # each update runs in a task of its own: this is its context
            taps = isinstance(update, Update) and (update.callback_query or update.pre_checkout_query)
            await (ticket.enter_fast() if taps else ticket.enter_bulk())
            try:
                await coroutine
            finally:
                ticket.leave()

    @contextlib.asynccontextmanager
    async def _turn_of(self, update: object) -> AsyncIterator[None]:
        user = update.effective_user if isinstance(update, Update) and _takes_turns(update) else None
        if user is None:
            yield
            return
        turn = self._people.get(user.id) or self._people.setdefault(user.id, _Turn())
        turn.count += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.count -= 1
            if not turn.count:  # forget people with nothing running or waiting
                del self._people[user.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def step_aside() -> None:
    """Called once a tap is answered: the rest of its handler waits in the bulk lane."""
    if ticket := _ticket.get():
        await ticket.step_aside()
