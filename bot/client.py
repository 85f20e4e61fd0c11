"""The bot's Telegram client: python-telegram-bot's ExtBot with two duties of ours added."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ExtBot

from . import lanes
from .inbox import InboxQueue


class AixinBot(ExtBot):
    """Payments in a fetched batch of updates are recorded in the inbox before PTB sees the batch
    (and confirms it to Telegram); once a tap is answered, the rest of its handler steps aside."""

    __slots__ = ("inbox",)

    def __init__(self, token: str, *, inbox: InboxQueue, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        with self._unfrozen():
            self.inbox = inbox

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        await self.inbox.record(updates)
        return updates

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        answered = await super().answer_callback_query(*args, **kwargs)
        await lanes.step_aside()
        return answered
