"""The clock's door to Telegram for issue #6: event reminders to members and fair summaries to
organisers, each written in the recipient's language."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.telegram import callbacks
from handlers.format import yuan
from jobs.events import SendReminder
from jobs.fairs import SendSummary
from locales import Translator
from store import members
from store.db import Database
from store.models import utc


def reminder_sender(bot: Bot, translator: Translator, timezone: str) -> SendReminder:
    async def send(reminder, event, member) -> bool:
        text = translator.t(
            member.locale,
            "event-reminder",
            which="day" if reminder.which == "24h" else "hours",
            title=html.escape(event.title),
            start=utc(event.starts_at).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M"),
            meeting=html.escape(event.meeting_place),
        )
        label = translator.t(member.locale, "event-open")
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=callbacks.make("ev", event.id))]]
        )
        return await _send(bot, member.telegram_user_id, text, markup)

    return send


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
