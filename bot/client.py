"""The bot's Telegram client: python-telegram-bot's ExtBot with three duties of ours added."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import ExtBot

from bot.telegram.context import ANSWERS_UNREAD, TAP_ANSWERED

from . import lanes
from .inbox import InboxQueue

# The calls that answer with the message sent or edited (or True): python-telegram-bot parses it.
_MESSAGE_ANSWERS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendInvoice",
        "editMessageText",
        "editMessageCaption",
        "editMessageMedia",
        "editMessageReplyMarkup",
    }
)


class AixinBot(ExtBot):
    """Payments in a fetched batch of updates are recorded in the inbox before PTB sees the batch
    (and confirms it to Telegram); once a tap is answered, the rest of its handler steps aside;
    sends whose answers a handler will not read are not parsed (`bot.telegram.context.answers_unread`)."""

    __slots__ = ("inbox",)

    def __init__(self, token: str, *, inbox: InboxQueue, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        with self._unfrozen():
            self.inbox = inbox

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        try:
            await self.inbox.record(updates)
        except SQLAlchemyError as error:
            # PTB's polling loop retries network errors only; any other error would end it. The
            # batch is not confirmed, so Telegram sends it again and recording it is idempotent.
            raise NetworkError(f"could not record payments: {error}") from error
        return updates

    async def _post(self, endpoint: str, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, *args, **kwargs)
        if endpoint in _MESSAGE_ANSWERS and ANSWERS_UNREAD.get():
            return True  # bot.telegram.context.answers_unread: Telegram's echo is not parsed
        return result

    async def answer_callback_query(self, callback_query_id: str, *args: Any, **kwargs: Any) -> bool:
        answered = await super().answer_callback_query(callback_query_id, *args, **kwargs)
        TAP_ANSWERED.set(callback_query_id)
        await lanes.step_aside()
        return answered
