"""The broadcast sender's door to Telegram: one delivery as a message, and what came of it."""

from __future__ import annotations

import contextlib
import time
import warnings

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from handlers import callbacks
from handlers.broadcast import progress_markup, progress_text
from jobs.broadcast import Outcome
from locales import Translator
from store import broadcasts
from store.broadcasts import KINDS
from store.models import Broadcast, BroadcastStatus, Delivery


def telegram_send(bot: Bot, translator: Translator, bot_username: str):
    """A `Send` for jobs.broadcast.Sender that talks to Telegram through `bot` (without PTB's limiter:
    the Pacer does the spacing, and interactive replies keep their own budget)."""

    markups: dict[tuple[int, str | None], InlineKeyboardMarkup] = {}  # one per broadcast and language

    async def send(broadcast: Broadcast, delivery: Delivery) -> Outcome:
        if (markup := markups.get((broadcast.id, delivery.locale))) is None:
            if len(markups) > 64:
                markups.clear()
            markup = InlineKeyboardMarkup(_buttons(broadcast, delivery.locale, translator, bot_username))
            markups[broadcast.id, delivery.locale] = markup
        try:
            if broadcast.photo:
                message = await bot.send_photo(
                    delivery.chat_id, broadcast.photo, caption=broadcast.text, reply_markup=markup
                )
            else:
                message = await bot.send_message(delivery.chat_id, broadcast.text, reply_markup=markup)
        except RetryAfter as error:
            return Outcome("retry", retry_after=_seconds(error), error="429")
        except Forbidden as error:
            return Outcome("blocked", error=error.message)
        except BadRequest as error:
            return Outcome("failed", error=error.message)
        except TelegramError as error:
            return Outcome("retry", error=f"{type(error).__name__}: {error.message}")
        return Outcome("sent", message_id=message.message_id)

    return send


def _buttons(broadcast: Broadcast, locale: str | None, translator: Translator, bot_username: str) -> list:
    rows = []
    if broadcast.button == "product":
        link = f"https://t.me/{bot_username}?start=p_{broadcast.button_id}"
        rows.append([InlineKeyboardButton(translator.t(locale, "broadcast-open-product"), url=link)])
    elif broadcast.button == "county":
        label = translator.t(locale, "broadcast-open-county")
        rows.append(
            [InlineKeyboardButton(label, callback_data=callbacks.make("county", broadcast.button_id, 0))]
        )
    unsubscribe = translator.t(locale, "broadcast-unsubscribe", kind=broadcast.kind)
    rows.append(
        [
            InlineKeyboardButton(
                unsubscribe, callback_data=callbacks.make("unsub", KINDS.index(broadcast.kind))
            )
        ]
    )
    return rows


def _seconds(error: RetryAfter) -> float:
    # PTB 22 warns that retry_after becomes a timedelta in its next major version; take either.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        retry_after = error.retry_after
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


def progress_editor(bot: Bot, db, translator: Translator, *, every: float = 3.0):
    """An OnProgress that edits each broadcast's progress message, at most every `every` seconds
    (and always when it is done)."""
    last: dict[int, float] = {}

    async def edit(broadcast_ids: set[int]) -> None:
        now = time.monotonic()
        async with db.read() as session:
            for broadcast_id in broadcast_ids:
                broadcast = await session.get(Broadcast, broadcast_id)
                finished = broadcast.status != BroadcastStatus.sending
                if broadcast.progress_message_id is None or (
                    not finished and now - last.get(broadcast_id, 0) < every
                ):
                    continue
                last[broadcast_id] = now
                counts = await broadcasts.progress(session, broadcast_id=broadcast_id)
                text = progress_text(translator, None, broadcast, counts)
                markup = None if finished else progress_markup(translator, None, broadcast_id)
                with contextlib.suppress(TelegramError):  # not modified, or the message is gone
                    await bot.edit_message_text(
                        text, broadcast.progress_chat_id, broadcast.progress_message_id, reply_markup=markup
                    )

    return edit
