"""Spacing sends under Telegram's limits, decided before each send rather than learnt from 429s.

`ChatClock` is the process's one record of when each chat last got a message, shared by the
interactive replies and the broadcast sender, so that a bulk send never lands within a second of a
reply in the same chat (Telegram answers that with 429) and a member who is using the bot is served
first. `Pacer` spaces the sender's bulk sends: overall `rate` a second, one a second to a chat,
`group_limit` per `group_window` seconds to a group, and after a 429 nothing (to anyone) before its
retry_after. Both keep the sends that Telegram may count in one second within its overall limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import Counter, deque
from collections.abc import Callable

_PRUNE_AT = 4096


class ChatClock:
    """When each chat may get its next bulk message, and when its next interactive one, on a
    monotonic clock.

    A send counts from its request until its answer plus `interval`: Telegram counts the moment the
    request arrives, which lies somewhere in between. A bulk send keeps off a chat while a member is
    using it: `interval` after the bot's last reply there, and `expect_for` seconds after the member
    last wrote or tapped (`expect`: a reply is coming). A reply waits only for a bulk send to that
    chat; replies among themselves are spaced as before (PTB's limiter retries their 429s).
    """

    def __init__(
        self, interval: float = 1.0, *, expect_for: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval, self.expect_for, self.clock = interval, expect_for, clock
        self.interactive = 0  # interactive sends so far: they spend the Pacer's overall budget too
        self._flying = 0  # sends of either kind whose answer has not come yet
        self._landed: deque[float] = deque()  # when answers came, oldest first, for `interval`
        self._bulk: dict[int, float] = {}  # chat -> no reply before then (a bulk send's interval)
        self._member: dict[int, float] = {}  # chat -> no bulk send before then (a member is using it)
        self._sending: Counter[int] = Counter()  # chat -> bulk sends whose answer has not come yet
        self._replying: Counter[int] = Counter()  # chat -> replies whose answer has not come yet
        self._prune_at = _PRUNE_AT

    def ready_at(self, chat_id: int) -> float:
        """The earliest moment a bulk message to `chat_id` may go (now or earlier: at once)."""
        if self._sending[chat_id] or self._replying[chat_id]:
            return self.clock() + self.interval  # the answer sets the real time
        return max(self._bulk.get(chat_id, 0.0), self._member.get(chat_id, 0.0))

    def begin(self, chat_id: int) -> None:
        """A bulk message to `chat_id` is about to be sent."""
        self._sending[chat_id] += 1

    def leaves(self) -> None:
        """A message (bulk or reply) is on its way: Telegram counts it from now to its answer."""
        self._flying += 1

    def counted(self) -> int:
        """Messages that Telegram may count in a second ending now or later: those in flight and
        those answered within `interval`. Spacing by requests alone is not enough: after this
        process stalls, sends made a second apart can arrive together."""
        self._forget_landed(self.clock())
        return self._flying + len(self._landed)

    def frees_at(self) -> float:
        """When `counted` next goes down without an answer coming (the oldest answer ages out)."""
        return self._landed[0] + self.interval if self._landed else self.clock() + 0.01

    def _land(self) -> None:
        self._flying = max(self._flying - 1, 0)
        now = self.clock()
        self._landed.append(now)
        self._forget_landed(now)  # replies land whether or not a broadcast ever asks `counted`

    def _forget_landed(self, now: float) -> None:
        while self._landed and self._landed[0] <= now - self.interval:
            self._landed.popleft()

    def end(self, chat_id: int) -> None:
        """The bulk message's answer came (or it failed)."""
        self._land()
        _release(self._sending, chat_id)
        self._bulk[chat_id] = max(self._bulk.get(chat_id, 0.0), self.clock() + self.interval)
        self._maybe_prune()

    def expect(self, chat_id: int) -> None:
        """A member wrote or tapped in `chat_id`: the bot's reply goes before any bulk send."""
        self._member[chat_id] = max(self._member.get(chat_id, 0.0), self.clock() + self.expect_for)
        self._maybe_prune()

    async def reply(self, chat_id: int) -> None:
        """Wait until no bulk send to `chat_id` is under way or within `interval`, then count a
        reply to it as begun; call `replied` after it."""
        while True:  # a time is awaited, or a bulk send's answer (polled)
            wait = max(self._bulk.get(chat_id, 0.0) - self.clock(), 0.0)
            if not wait and not self._sending[chat_id]:
                break
            await asyncio.sleep(min(wait, 0.05) or 0.05)
        self.interactive += 1
        self._replying[chat_id] += 1
        self.leaves()

    def replied(self, chat_id: int) -> None:
        self._land()
        _release(self._replying, chat_id)
        self._member[chat_id] = max(self._member.get(chat_id, 0.0), self.clock() + self.interval)
        self._maybe_prune()

    def _maybe_prune(self) -> None:
        """Forget chats whose time has passed, so 50,000 recipients do not stay in memory."""
        if len(self._bulk) + len(self._member) <= self._prune_at:
            return
        now = self.clock()
        self._bulk = {chat: t for chat, t in self._bulk.items() if t > now}
        self._member = {chat: t for chat, t in self._member.items() if t > now}
        self._prune_at = max(_PRUNE_AT, 2 * (len(self._bulk) + len(self._member)))


def _release(counter: Counter[int], chat_id: int) -> None:
    counter[chat_id] -= 1
    if counter[chat_id] <= 0:
        del counter[chat_id]


class Pacer:
    def __init__(
        self,
        rate: float,
        *,
        chats: ChatClock | None = None,
        limit: int | None = None,
        group_limit: int = 20,
        group_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        # Messages in any second, the bot's replies included: Telegram's 30, or as much above a
        # rate set past it (an emulator scaled in time) as 30 is above the default 25.
        self.limit = limit or max(30, math.ceil(rate * 1.2))
        self.interval = 1.0 / rate
        self.chats = chats or ChatClock(clock=clock)
        self.group_limit = group_limit
        self.group_window = group_window
        self.clock = clock
        self._next_any = 0.0
        self._held_until = 0.0
        self._interactive_seen = self.chats.interactive
        self._group_sends: dict[int, deque[float]] = {}

    def ready_at(self, chat_id: int) -> float:
        """When a bulk send to `chat_id` may go as far as that chat is concerned (the caller
        sets it aside until then instead of holding a slot that others could use)."""
        return max(self.chats.ready_at(chat_id), self._group_ready(chat_id, self.clock()))

    async def wait(self, chat_id: int) -> None:
        """Take the next overall slot for a send to `chat_id` and return at its time; the chat
        counts as sent to (`ChatClock.begin`) at once, so call `done` after the send."""
        while (ready := self.ready_at(chat_id)) > (now := self.clock()):  # noqa: ASYNC110 - a time
            await asyncio.sleep(ready - now)
        # Interactive replies since the last slot spend this budget first: together they stay
        # within `rate` unless the replies alone exceed it.
        replies, self._interactive_seen = (
            self.chats.interactive - self._interactive_seen,
            self.chats.interactive,
        )
        # Slots missed while this process was busy are not made up: what is in flight already
        # arrives bunched after a stall, and catching up too drew 429s in the benchmark.
        slot = max(now, self._next_any + replies * self.interval, self._held_until)
        self._next_any = slot + self.interval
        self.chats.begin(chat_id)
        if chat_id < 0:
            self._group_sends.setdefault(chat_id, deque()).append(slot)
        while True:
            if self._held_until > slot:
                # A 429 came while this send waited: it takes a new slot after the hold, in turn.
                # Kept, every send waiting then went at once when the hold ended, and those 8 with
                # the 25 a second after them drew the next 429, and so on to the broadcast's end.
                slot = self._slot_again(chat_id, slot)
            if slot <= (now := self.clock()):
                break
            await asyncio.sleep(slot - now)
        while self.chats.counted() >= self.limit:  # noqa: ASYNC110 - a time, or an answer (polled)
            await asyncio.sleep(max(min(self.chats.frees_at() - self.clock(), 0.05), 0.001))
        self.chats.leaves()

    def done(self, chat_id: int) -> None:
        self.chats.end(chat_id)

    def hold(self, seconds: float) -> None:
        """Telegram said 429: send nothing before `seconds` have passed."""
        self._held_until = max(self._held_until, self.clock() + seconds)
        self._next_any = max(self._next_any, self._held_until)  # and space out what follows

    def _slot_again(self, chat_id: int, slot: float) -> float:
        again = max(self._next_any, self._held_until)
        self._next_any = again + self.interval
        if chat_id < 0 and (sends := self._group_sends.get(chat_id)):
            with contextlib.suppress(ValueError):
                sends.remove(slot)
            self._group_sends[chat_id] = deque(sorted([*sends, again]))
        return again

    def _group_ready(self, chat_id: int, now: float) -> float:
        sends = self._group_sends.get(chat_id)
        if chat_id >= 0 or not sends:
            return 0.0
        while sends and sends[0] <= now - self.group_window:
            sends.popleft()
        if not sends:
            del self._group_sends[chat_id]
            return 0.0
        return sends[-self.group_limit] + self.group_window if len(sends) >= self.group_limit else 0.0
