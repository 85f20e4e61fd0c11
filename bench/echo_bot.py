"""A bare python-telegram-bot bot, the yardstick of bench.taps: /menu sends a message, a tap is
answered and the message edited to the tap's data. No store, no limiter, PTB's own HTTP client;
updates handled concurrently over a pool of connections (PTB's fastest), so the yardstick is as
high as PTB itself sets it.

`python -m bench.echo_bot` with TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL set, as the bot's."""

from __future__ import annotations

import logging
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("下一页", callback_data="next")]])


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text("爱心购", reply_markup=KEYBOARD)


async def tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(query.data, reply_markup=KEYBOARD)


async def ready(application: Application) -> None:
    logging.getLogger(__name__).warning("serving by long polling as the echo bot")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    base = os.environ["TELEGRAM_API_BASE_URL"]  # …/bot, as the bot takes it
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(base)
        .base_file_url(base.removesuffix("/bot") + "/file/bot")
        .concurrent_updates(256)
        .connection_pool_size(256)  # PTB's default of one connection would queue every call
        .post_init(ready)
        .build()
    )
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CallbackQueryHandler(tap))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
