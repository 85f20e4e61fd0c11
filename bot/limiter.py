"""Interactive replies under Telegram's limits, sharing the process's ChatClock with the sender.

python-telegram-bot's AIORateLimiter keeps replies under 30 messages a second overall and 20 a
minute to a group, but knows no per-private-chat limit and nothing of the broadcast sender, which
has its own Bot. This one adds that: a reply to a chat waits for a bulk message sent there less than
a second ago (instead of drawing a 429), and is noted on the clock, so the sender keeps off the chat
while its member is using the bot.

AIORateLimiter counts every call that names a chat, edits included, against its 30 a second;
Telegram counts only new messages. With 200 members paging through the catalog that held each
screen's edit, and with it the member's next tap, for seconds (bench/README.md, bench.browse). So
only new messages go through the counting limiter; every other call goes through one that counts
nothing and only retries after a 429, as the counting one does.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram.ext import AIORateLimiter, BaseRateLimiter

from jobs.pacing import ChatClock

# Calls that put a message in a chat, the ones Telegram's flood limits count; edits, chat actions
# and answers to callback queries do not.
CHAT_MESSAGES = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
    "sendVideoNote", "sendLivePhoto", "sendSticker", "sendMediaGroup", "sendPaidMedia", "sendLocation",
    "sendVenue", "sendContact", "sendPoll", "sendChecklist", "sendDice", "sendGame", "sendInvoice",
    "sendRichMessage", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
})  # fmt: skip


class ChatRateLimiter(BaseRateLimiter[int]):
    """New messages: AIORateLimiter's limits (`limits`: its keyword arguments) and a chat's second
    after a bulk send; any other call: straight through. Both retry a 429 up to `max_retries`
    times after its retry_after."""

    def __init__(self, chats: ChatClock, *, max_retries: int = 0, **limits: Any) -> None:
        self.chats = chats
        self.messages = AIORateLimiter(max_retries=max_retries, **limits)
        # Rates of 0 are no limits. A 429 here holds the other uncounted calls for its retry_after
        # (AIORateLimiter's way), but no longer the messages, nor they these.
        self.others = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=max_retries)

    async def initialize(self) -> None:
        await self.messages.initialize()
        await self.others.initialize()

    async def shutdown(self) -> None:
        await self.messages.shutdown()
        await self.others.shutdown()

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint not in CHAT_MESSAGES:
            return await self.others.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        if not isinstance(chat_id, int):  # a channel's @username: AIORateLimiter's group limit
            return await self.messages.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        await self.chats.reply(chat_id)
        try:
            return await self.messages.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        finally:
            self.chats.replied(chat_id)
