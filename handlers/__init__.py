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

from . import (
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
from .context import Context
from .format import clean_text
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


async def search_command(update: Update, context: Context) -> None:
    """/search 蜂蜜: search at once; /search alone (or with nothing readable) explains how."""
    if words := clean_text(" ".join(context.args or ())).strip():
        await catalog.search_text(update, context, words)
    else:
        await catalog.search_help(update, context)


# Issue #6: events, fairs, the first-secretary zone and exemplars.
CONTENT_COMMANDS = (
    ("events", events.listing),
    ("event", event_admin.start),
    ("fair", fairs.start),
    ("story", stories.mine),
    ("exemplar", exemplars.start),
    ("drafts", village_products.drafts),
)
CONTENT_ACTIONS = (
    ("events", events.listing),
    ("ev", events.card),
    ("ev-join", events.sign_up),
    ("ev-leave", events.leave),
    ("ev-roster", event_roster.roster),
    ("ev-in", event_roster.check_in),
    ("ev-out", event_roster.undo_check_in),
    ("ev-csv", event_roster.export),
    ("ev-cancel", event_admin.ask_cancel),
    ("ev-cancel-ok", event_admin.cancel),
    ("fair", fairs.fair_page),
    ("fair-feat", fairs.feature),
    ("fair-photos", fairs.more_photos),
    ("zone", stories.zone),
    ("zone-county", stories.zone_county),
    ("zone-village", stories.zone_village),
    ("story", stories.story_page),
    ("story-photos", stories.more_photos),
    ("st-new", stories.begin),
    ("st-edit", stories.begin),
    ("st-withdraw", stories.ask_withdraw),
    ("st-withdraw-ok", stories.withdraw),
    ("st-mine", stories.mine_again),
    ("vp-new", village_products.begin),
    ("draft-ok", village_products.approve),
    ("draft-view", village_products.view),
    ("draft-no", village_products.reject),
    ("drafts", village_products.drafts),
    ("exemplars", exemplars.showcase),
    ("ex-nominate", exemplars.nominate),
)


def register(application: Application) -> None:
    """Add every handler and the error handler to `application`."""
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, load_member), group=-2)
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.leave_on_command), group=-1)
    for command, callback in (
        ("start", start.start),
        ("menu", start.menu),
        ("search", search_command),
        ("me", start.me),
        ("language", start.language_command),
        ("help", start.help_command),
        ("orders", my_orders.order_list),
        ("address", contact.address_command),
        ("supply", supplier.supply),
        ("fund", fund.fund),
        ("rank", start.rank),
        ("settings", settings.settings),
        ("broadcast", broadcast.start),
        ("broadcasts", broadcast.listing),
        ("fund_out", fund.fund_out),
        ("refund", refunds.ask),
        ("refunds", refunds.queue),
        ("offline", offline.queue),
        ("settle", settlement.ask),
        ("payments", fund.payments_to_settle),
        ("nominate", nominate.start),
        ("my_nominations", nominate.my_nominations),
        ("nominations", nomination_queue.queue),
        ("cancel", dialogs.cancel),
        *CONTENT_COMMANDS,
    ):
        application.add_handler(CommandHandler(command, callback, filters=private))
    for action, callback in (
        ("menu", start.menu),
        ("language", start.choose_language),
        ("agencies", start.agencies),
        ("agency", start.agency),
        ("join", start.join),
        ("me", start.me),
        ("counties", catalog.counties),
        ("county", catalog.county_page),
        ("categories", catalog.categories),
        ("category", catalog.category_page),
        ("hot", catalog.hot),
        ("search", catalog.search_page),
        ("search-help", catalog.search_help),
        ("product", catalog.product_card),
        ("qty", catalog.quantity),
        ("order", ordering.order_now),
        ("orders", my_orders.order_list),
        ("order-view", my_orders.order_view),
        ("order-cancel", my_orders.ask_cancel),
        ("order-cancel-ok", my_orders.cancel),
        ("refunds", refunds.queue),
        ("refund", refunds.ask),
        ("refund-ok", refunds.record),
        ("settle-ok", settlement.settle),
        ("order-receive", my_orders.receive),
        ("order-pay", my_orders.pay_again),
        ("dialog-cancel", dialogs.cancel),
        ("address-edit", contact.change),
        ("offline-paid", supplier.confirm_offline_paid),
        ("ship", supplier.start_ship),
        ("om-new", order_messages.start),
        ("om-reply", order_messages.start_reply),
        ("offline", offline.queue),
        ("offline-cancel", offline.ask_cancel),
        ("offline-cancel-ok", offline.cancel),
        ("supply", supplier.supply),
        ("rank", start.rank),
        ("mute", settings.mute),
        ("unsub", settings.unsubscribe),
        ("resub", settings.resubscribe),
        *((action, broadcast.control) for action in ("bc-pause", "bc-resume", "bc-cancel-ok")),
        ("bc-cancel", broadcast.ask_cancel),
        ("bc-show", broadcast.progress_screen),
        ("rec", community.recommend),
        ("rvs", community.reviews_page),
        ("ranked", community.ranked),
        ("county-rank", community.county_ranked),
        ("rv-hide", community.start_hide),
        ("rv-photo", community.review_photo),
        ("rv-start", review_dialog.start),
        ("nominate", nominate.start),
        ("my-noms", nominate.my_nominations),
        ("noms", nomination_queue.queue),
        ("nom-view", nomination_queue.view),
        ("nom-approve", nomination_queue.approve),
        ("nom-list", nomination_queue.start_listing),
        ("nom-reject", nomination_queue.start_reject),
        *CONTENT_ACTIONS,
    ):
        application.add_handler(CallbackQueryHandler(callback, pattern=callbacks.pattern(action)))
    application.add_handler(CallbackQueryHandler(dialogs.tap, pattern=rf"^{callbacks.VERSION}:dlg-"))
    application.add_handler(CallbackQueryHandler(fallback.stale_button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_handler(PreCheckoutQueryHandler(ordering.pre_checkout))
    application.add_handler(MessageHandler(filters.SUCCESSFUL_PAYMENT, ordering.successful_payment))
    application.add_handler(MessageHandler(private & filters.COMMAND, fallback.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, fallback.text))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, fallback.not_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.remind_after_command), group=1)
    application.add_error_handler(fallback.on_error)
