"""Interactive replies under Telegram's limits, sharing the process's ChatClock with the sender.

python-telegram-bot's AIORateLimiter keeps replies under 30 messages a second overall and 20 a
minute to a group, but knows no per-private-chat limit and nothing of the broadcast sender, which
has its own Bot. This one adds that: a reply to a chat waits for a bulk message sent there less than
a second ago (instead of drawing a 429), and is noted on the clock, so the sender keeps off the chat
while its member is using the bot.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram.ext import AIORateLimiter

from jobs.pacing import ChatClock

# Calls that put a message in a chat, the ones Telegram's flood limits count; edits, chat actions
# and answers to callback queries do not.
CHAT_MESSAGES = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
    "sendVideoNote", "sendLivePhoto", "sendSticker", "sendMediaGroup", "sendPaidMedia", "sendLocation",
    "sendVenue", "sendContact", "sendPoll", "sendChecklist", "sendDice", "sendGame", "sendInvoice",
    "sendRichMessage", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
})  # fmt: skip


class ChatRateLimiter(AIORateLimiter):
    def __init__(self, chats: ChatClock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chats = chats

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        if endpoint not in CHAT_MESSAGES or not isinstance(chat_id, int):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        await self.chats.reply(chat_id)
        try:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        finally:
            self.chats.replied(chat_id)
