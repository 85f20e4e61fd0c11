"""Spacing broadcast sends under Telegram's limits, decided before each send rather than learnt from 429s.

Overall `rate` messages a second; one a second to a private chat; `group_limit` messages per
`group_window` seconds to a group; and after a 429, nothing (to anyone) before its retry_after.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable


class Pacer:
    def __init__(
        self,
        rate: float,
        *,
        chat_interval: float = 1.0,
        group_limit: int = 20,
        group_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 1.0 / rate
        self.chat_interval = chat_interval
        self.group_limit = group_limit
        self.group_window = group_window
        self.clock = clock
        self._next_any = 0.0
        self._held_until = 0.0
        self._next_chat: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._lock = asyncio.Lock()

    async def wait(self, chat_id: int) -> None:
        """Return when a message to `chat_id` may go out, and count it as sent then."""
        async with self._lock:
            while True:
                now = self.clock()
                ready = max(
                    self._next_any,
                    self._held_until,
                    self._next_chat.get(chat_id, 0.0),
                    self._group_ready(chat_id, now),
                )
                if ready <= now:
                    break
                await asyncio.sleep(ready - now)
            self._next_any = max(now, self._next_any) + self.interval
            self._next_chat[chat_id] = now + self.chat_interval
            if chat_id < 0:
                self._group_sends.setdefault(chat_id, deque()).append(now)
            if len(self._next_chat) > 4096:
                self._forget(now)

    def hold(self, seconds: float) -> None:
        """Telegram said 429: send nothing before `seconds` have passed."""
        self._held_until = max(self._held_until, self.clock() + seconds)

    def _group_ready(self, chat_id: int, now: float) -> float:
        sends = self._group_sends.get(chat_id)
        if chat_id >= 0 or not sends:
            return 0.0
        while sends and sends[0] <= now - self.group_window:
            sends.popleft()
        return sends[0] + self.group_window if len(sends) >= self.group_limit else 0.0

    def _forget(self, now: float) -> None:
        """Drop chats whose spacing has passed, so 50,000 recipients do not stay in memory."""
        self._next_chat = {chat: t for chat, t in self._next_chat.items() if t > now}
