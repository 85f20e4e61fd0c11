"""Messages to people other than the one whose update is being handled, in their own language."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from store.models import Member, Order, utc
from store.roles import Holder

from .context import Context, answers_unread
from .format import escape, name, yuan
from .screens import button

log = logging.getLogger(__name__)


async def tell(
    context: Context, member: Member | Holder, key: str, markup: InlineKeyboardMarkup | None = None, **args
) -> None:
    """Send `member` the message `key` in their locale; a blocked bot is logged, not raised."""
    translator = context.bot_data.translator
    text = translator.t(member.locale, key, **args)
    try:
        with answers_unread():
            await context.bot.send_message(
                member.telegram_user_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
    except Forbidden:
        log.info("member %s has blocked the bot", member.id)
    except TelegramError as error:
        log.warning("could not tell member %s %s: %s", member.id, key, error)


def order_buttons(context: Context, locale: str | None, order_id: int) -> InlineKeyboardMarkup:
    """Under news of a member's order, in their `locale`: the order's page and the menu."""
    t = context.bot_data.translator.t
    return InlineKeyboardMarkup(
        [[button(t(locale, "orders-view"), "order-view", order_id), button(t(locale, "nav-menu"), "menu")]]
    )


_UPDATES = "the update's member"  # order_summary's reader unless told another


def order_summary(context: Context, order: Order, locale: str | None = _UPDATES) -> dict[str, object]:
    """The variables every order message uses, with product names in the reader's `locale`: by
    default the update's member's; another reader's may be None (not chosen: the default one)."""
    locale = context.locale if locale is _UPDATES else locale or context.bot_data.translator.default_locale
    zone = ZoneInfo(context.config.timezone)
    placed = utc(order.created_at)
    lines = "\n".join(
        f"{name(line.product, locale)} ×{line.quantity} · ¥{yuan(line.price_fen * line.quantity)}"
        for line in order.lines
    )
    return {
        "order": order.id,
        "status": "cancelled_paid" if order.awaits_refund else order.status.value,  # say why it waits
        "lines": lines,
        "total": yuan(order.total_fen),
        "charity": int(order.has_charity_item),  # the platform matched it with ¥1 (党员一元捐)
        "name": escape(order.contact_name),
        "phone": escape(order.contact_phone),
        "address": escape(order.contact_address),
        "tracking": escape(order.tracking_no) or "-",
        "placed": placed.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    }
