"""Telegram's way into the shop's flows: a tap's callback data or a /command names an intent of the
registry; its reply is rendered as messages and keyboards. `register` wires every handler in one place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    PreCheckoutQueryHandler,
    TypeHandler,
    filters,
)

import handlers  # noqa: F401  (the flows register their intents on import)
from handlers import registry
from handlers.format import clean_text

from . import callbacks, dialogs, fallback, inline, ordering
from .context import Context
from .member import load_member
from .render import render


def _routed(data: object) -> bool:
    """Callback data of an intent in the registry; the rest is left to the older handlers."""
    if not isinstance(data, str):
        return False
    try:
        name, _ = callbacks.parse(data)
    except callbacks.BadCallback:
        return False
    return name in registry.INTENTS


async def tap(update: Update, context: Context) -> None:
    name, args = callbacks.parse(update.callback_query.data)
    await render(update, context, await registry.run(context.request(update), name, args))


def _command(flow: registry.Flow):
    async def command(update: Update, context: Context) -> None:
        text = clean_text(" ".join(context.args or ())).strip()
        await render(update, context, await flow(context.request(update), text))

    return command


def register(application: Application) -> None:
    """Add every handler and the error handler to `application`: who is writing first, then the
    registry's commands and taps, then what Telegram alone brings (一键下单, inline queries,
    invoices) and what no flow claims."""
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, load_member), group=-2)
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.leave_on_command), group=-1)
    for name, flow in registry.COMMANDS.items():
        application.add_handler(CommandHandler(name, _command(flow), filters=private))
    application.add_handler(CallbackQueryHandler(tap, pattern=_routed))
    application.add_handler(CallbackQueryHandler(ordering.order_now, pattern=callbacks.pattern("order")))
    application.add_handler(CallbackQueryHandler(fallback.stale_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(PreCheckoutQueryHandler(ordering.pre_checkout))
    application.add_handler(MessageHandler(filters.SUCCESSFUL_PAYMENT, ordering.successful_payment))
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, fallback.text))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, fallback.not_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.remind_after_command), group=1)
    application.add_error_handler(fallback.on_error)
