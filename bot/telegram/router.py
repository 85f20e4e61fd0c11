"""Telegram's way into the shop's flows: a tap's callback data or a /command names an intent of the
registry; its reply is rendered as messages and keyboards."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from handlers import callbacks, registry
from handlers.context import Context
from handlers.format import clean_text
from handlers.request import Request
from handlers.screens import render


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
    await render(update, context, await registry.run(Request.of(context, update), name, args))


def _command(flow: registry.Flow):
    async def command(update: Update, context: Context) -> None:
        text = clean_text(" ".join(context.args or ())).strip()
        await render(update, context, await flow(Request.of(context, update), text))

    return command


def register(application: Application) -> None:
    """Route taps and commands of registered intents; added before the handlers still on Telegram."""
    private = filters.ChatType.PRIVATE
    for name, flow in registry.COMMANDS.items():
        application.add_handler(CommandHandler(name, _command(flow), filters=private))
    application.add_handler(CallbackQueryHandler(tap, pattern=_routed))
