"""Telegram's flood limits as the Bot API emulator (`bot.telegram.emulator`) holds a bot to them.

Off by default; while `enabled`, a call that puts a message in a chat (`methods`) is held to
`global_rate` messages a second overall, `chat_rate` a second to one private chat and `group_limit`
per `group_window` seconds to one group, each "at most N in any window" on a monotonic clock. A call
over a limit is refused with a whole-second retry_after; every refusal is kept in `too_many`, a send
that comes back before its retry_after has passed in `early_retries` (a test expects that one
empty), and every send let through in `sent_at`. `random_429()` injects refusals for fault tests.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections import deque
from collections.abc import Callable
from typing import Any

ChatKey = int | str

# Calls that put a message in a chat, so count against the flood limits. Chat actions, drafts, gifts,
# edits, answers and get/set/delete calls do not.
FLOOD_LIMITED = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
    "sendVideoNote", "sendLivePhoto", "sendSticker", "sendMediaGroup", "sendPaidMedia", "sendLocation",
    "sendVenue", "sendContact", "sendPoll", "sendChecklist", "sendDice", "sendGame", "sendInvoice",
    "sendRichMessage", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
})  # fmt: skip


class FloodLimits:
    """The limits, what they have let through and what they have refused; a limit of None (or 0) is
    no limit."""

    def __init__(
        self,
        *,
        enabled: bool = False,
        global_rate: float | None = 30.0,
        chat_rate: float | None = 1.0,
        group_limit: int | None = 20,
        group_window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = enabled
        self.global_rate = global_rate  # messages a second, all chats together
        self.chat_rate = chat_rate  # messages a second to one private chat
        self.group_limit = group_limit  # messages per `group_window` seconds to one group (negative id)
        self.group_window = group_window
        self.methods = set(FLOOD_LIMITED)
        self.clock = clock  # monotonic seconds; a test may put a fake clock here
        self.too_many: list[tuple[str, ChatKey, int, float]] = []  # (method, chat, retry_after, time)
        self.early_retries: list[tuple[str, ChatKey, float, float]] = []  # (method, chat, s too early, time)
        self.sent_at: dict[ChatKey, list[float]] = {}  # chat -> time of every successful send
        self._global_sends: deque[float] = deque()  # within the last global window, oldest first
        self._private_last: dict[ChatKey, float] = {}  # private chat -> its last send, while it matters
        self._group_sends: dict[ChatKey, deque[float]] = {}  # group -> its sends within group_window
        self._global_hold = 0.0  # a global 429's retry_after runs out then: nothing to anyone before
        self._chat_hold: dict[ChatKey, float] = {}  # a chat's 429 retry_after runs out then
        self._random_429: tuple[float, int, int, random.Random] | None = None
        self._sweep_at = 4096

    def chat_of(self, method: str, params: dict[str, Any]) -> ChatKey | None:
        """The chat a flood-limited call sends to, or None for a call the limits do not count."""
        if method not in self.methods or "chat_id" not in params:
            return None
        chat = params["chat_id"]
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat)
        return chat

    @property
    def checked(self) -> bool:
        """Whether sends go through the gate: limits on, random 429s on, or a retry_after given out."""
        return self.enabled or self._random_429 is not None or bool(self._chat_hold) or self._global_hold > 0

    def retry_after(self, method: str, params: dict[str, Any]) -> int | None:
        """The retry_after a 429 would give `method` with `params` now (whole seconds), or None if it goes.

        Only asks: nothing is recorded, and random 429s are not drawn.
        """
        chat = self.chat_of(method, params)
        if chat is None or not self.checked:
            return None
        now = self.clock()
        wait = max(self._global_hold, self._chat_hold.get(chat, 0.0)) - now
        if self.enabled:
            wait = max(wait, *self._limit_waits(chat, now))
        return _whole_seconds(wait) if wait > 0 else None

    def random_429(self, probability: float, low: int = 1, high: int = 3, seed: int | None = None) -> None:
        """Answer that fraction of otherwise allowed sends 429, retry_after drawn from [low, high] for
        the chat; the same `seed` and the same sends give the same 429s. `random_429(0)` stops it.

        Works whether or not the limits are `enabled`.
        """
        if not 0 <= probability <= 1:
            raise ValueError("probability is between 0 and 1")
        if not 1 <= low <= high:
            raise ValueError("retry_after bounds need 1 <= low <= high")
        self._random_429 = (probability, low, high, random.Random(seed)) if probability else None

    def reset(self) -> None:
        """Forget past sends, pending retry_afters and what was recorded about them."""
        self.too_many.clear()
        self.early_retries.clear()
        self.sent_at.clear()
        self._global_sends.clear()
        self._private_last.clear()
        self._group_sends.clear()
        self._chat_hold.clear()
        self._global_hold = 0.0

    def refusal(self, method: str, chat: ChatKey, now: float) -> int | None:
        """The retry_after (whole seconds) to refuse a send to `chat` with at `now`, recorded; None if
        it may go."""
        hold = max(self._global_hold, self._chat_hold.get(chat, 0.0))
        if hold > now:  # told to wait and did not
            self.early_retries.append((method, chat, hold - now, now))
            return self._refuse(method, chat, _whole_seconds(hold - now), now)
        if self.enabled:
            global_wait, chat_wait = self._limit_waits(chat, now)
            if global_wait or chat_wait:
                seconds = _whole_seconds(max(global_wait, chat_wait))
                if global_wait:
                    self._global_hold = now + seconds
                if chat_wait:
                    self._chat_hold[chat] = now + seconds
                return self._refuse(method, chat, seconds, now)
        if self._random_429 is not None:
            probability, low, high, rng = self._random_429
            if rng.random() < probability:
                seconds = rng.randint(low, high)
                self._chat_hold[chat] = now + seconds
                return self._refuse(method, chat, seconds, now)
        return None

    def count(self, chat: ChatKey, now: float) -> None:
        """A send to `chat` went out at `now` (the time it was let through)."""
        self.sent_at.setdefault(chat, []).append(now)
        if self.enabled:
            if self.global_rate:
                self._global_sends.append(now)
            if not _is_group(chat):
                self._private_last[chat] = now
            elif self.group_limit:
                self._group_sends.setdefault(chat, deque()).append(now)
        if len(self._private_last) + len(self._group_sends) + len(self._chat_hold) > self._sweep_at:
            self._sweep(now)

    def _refuse(self, method: str, chat: ChatKey, seconds: int, now: float) -> int:
        self.too_many.append((method, chat, seconds, now))
        return seconds

    def _limit_waits(self, chat: ChatKey, now: float) -> tuple[float, float]:
        """Seconds the global limit and the chat's own limit would hold a send to `chat` at `now`."""
        global_wait = chat_wait = 0.0
        window = _window(self.global_rate)
        if window is not None:
            global_wait = _window_wait(self._global_sends, *window, now)
        if _is_group(chat):
            sends = self._group_sends.get(chat)
            if sends is not None and self.group_limit:
                chat_wait = _window_wait(sends, self.group_limit, self.group_window, now)
        elif self.chat_rate and chat in self._private_last:
            chat_wait = self._private_last[chat] + 1 / self.chat_rate - now
        return max(global_wait, 0.0), max(chat_wait, 0.0)

    def _sweep(self, now: float) -> None:
        """Drop per-chat state that no longer holds anything back, so 50,000 chats cost little."""
        interval = 1 / self.chat_rate if self.chat_rate else 0.0
        self._private_last = {c: t for c, t in self._private_last.items() if t + interval > now}
        for chat, sends in list(self._group_sends.items()):
            while sends and sends[0] <= now - self.group_window:
                sends.popleft()
            if not sends:
                del self._group_sends[chat]
        self._chat_hold = {c: t for c, t in self._chat_hold.items() if t > now}
        kept = len(self._private_last) + len(self._group_sends) + len(self._chat_hold)
        self._sweep_at = max(4096, 2 * kept)


def _is_group(chat: ChatKey) -> bool:
    return isinstance(chat, int) and chat < 0


def _window(rate: float | None) -> tuple[int, float] | None:
    """A rate as "at most count in any window seconds": floor(rate) a second, or 1 per 1/rate seconds."""
    if not rate:
        return None
    return (int(rate), 1.0) if rate >= 1 else (1, 1 / rate)


def _window_wait(sends: deque[float], limit: int, window: float, now: float) -> float:
    """Seconds until one more send fits `limit` per `window` after `sends`; pruned of expired ones."""
    while sends and sends[0] <= now - window:
        sends.popleft()
    return sends[-limit] + window - now if len(sends) >= limit else 0.0


def _whole_seconds(wait: float) -> int:
    """A retry_after as Telegram gives it: whole seconds, rounded up, at least 1."""
    return max(1, math.ceil(wait - 1e-9))
