"""Telegram handlers, one module per capability; `register` wires them all in one place."""

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

# Every capability module is imported: those whose flows are intents register them on import,
# and the router reads the registry.
from . import (  # noqa: F401
    broadcast,
    callbacks,
    catalog,
    community,
    contact,
    dialogs,
    event_admin,
    event_roster,
    events,
    exemplars,
    fairs,
    fallback,
    fund,
    inline,
    my_orders,
    nominate,
    nomination_queue,
    offline,
    order_messages,
    ordering,
    refunds,
    review_dialog,
    settings,
    settlement,
    start,
    stories,
    supplier,
    village_products,
)
from .member import load_member

COMMANDS = (
    "start",
    "menu",
    "search",
    "orders",
    "me",
    "rank",
    "fund",
    "address",
    "nominate",
    "my_nominations",
    "events",
    "settings",
    "language",
    "cancel",
    "help",
)


def register(application: Application) -> None:
    """Add every handler and the error handler to `application`."""
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, load_member), group=-2)
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.leave_on_command), group=-1)
    for command, callback in ():
        application.add_handler(CommandHandler(command, callback, filters=private))
    for action, callback in (("order", ordering.order_now),):
        application.add_handler(CallbackQueryHandler(callback, pattern=callbacks.pattern(action)))
    application.add_handler(CallbackQueryHandler(fallback.stale_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(PreCheckoutQueryHandler(ordering.pre_checkout))
    application.add_handler(MessageHandler(filters.SUCCESSFUL_PAYMENT, ordering.successful_payment))
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, fallback.text))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, fallback.not_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.remind_after_command), group=1)
    application.add_error_handler(fallback.on_error)
