"""The clock's door to Telegram for a fair's summary to its organiser, in their language."""

from __future__ import annotations

import html

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from handlers.format import yuan
from jobs.fairs import SendSummary
from locales import Translator
from store import members
from store.db import Database


def summary_sender(bot: Bot, translator: Translator, db: Database) -> SendSummary:
    async def send(fair, figures) -> bool:
        async with db.read() as session:
            organiser = await members.get(session, member_id=fair.organiser_id)
        locale = organiser.locale
        lines = [
            translator.t(
                locale,
                "fair-summary-row",
                county=html.escape(f.county_en if locale == "en" and f.county_en else f.county),
                orders=f.orders,
                amount=yuan(f.amount_fen),
            )
            for f in figures
        ]
        text = translator.t(
            locale,
            "fair-summary",
            name=html.escape(fair.name),
            orders=sum(f.orders for f in figures),
            amount=yuan(sum(f.amount_fen for f in figures)),
        )
        return await _send(bot, organiser.telegram_user_id, "\n".join([text, *lines]), None)

    return send


async def _send(bot: Bot, chat_id: int | None, text: str, markup) -> bool:
    """True once the message is in the chat, or can never be (no chat, blocked); False to retry."""
    if chat_id is None:
        return True
    try:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except Forbidden:
        return True
    except TelegramError:
        return False
    return True
