"""Notices: what a change tells people other than the one who made it (and receipts), written in the
change's transaction (`store.notices`) and rendered here when they are sent, in the recipient's
language. Arguments are ids and values; the text is made only now, so it reads as the store is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from locales import Translator
from store import fairs, notices, orders
from store.content_models import Event
from store.errors import NotFound
from store.models import Order, OrderStatus, Product, Settlement, utc
from store.notices import Button, Outgoing

from .format import escape, name, yuan
from .request import Request
from .timeline import timeline

_UPDATES = "the update's member"  # order_summary's reader unless told another


def order_summary(
    context: Request, order: Order, locale: str | None = _UPDATES, *, shop: bool = False
) -> dict[str, object]:
    """The variables every order message uses, with product names in the reader's `locale`: by
    default the update's member's; another reader's may be None (not chosen: the default one).
    `shop`: the reader is on the order's shop side (its supplier, or an admin for it)."""
    translator = context.translator
    locale = context.locale if locale is _UPDATES else locale or translator.default_locale
    return summarize(order, locale, context.policy.timezone, translator, shop=shop)


def summarize(
    order: Order, locale: str, timezone: str, translator: Translator, *, shop: bool = False
) -> dict[str, object]:
    """`order_summary` for a reader in `locale`, times in `timezone`. The shop sees the buyer's
    phone and address only once the order is paid: they are for shipping it."""
    placed = utc(order.created_at)
    lines = "\n".join(
        f"{name(line.product, locale)} ×{line.quantity} · ¥{yuan(line.price_fen * line.quantity)}"
        for line in order.lines
    )
    hidden = shop and order.paid_at is None
    return {
        "order": order.id,
        "status": _status(order),
        "lines": lines,
        "total": yuan(order.total_fen),
        "charity": int(order.has_charity_item),  # the platform matched it with ¥1 (党员一元捐)
        "name": escape(order.contact_name),
        "phone": "" if hidden else escape(order.contact_phone),
        "address": "" if hidden else escape(order.contact_address),
        "contact_hidden": int(hidden),
        "tracking": escape(order.tracking_no) or "-",
        "placed": placed.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M"),
        "timeline": timeline(order, locale, timezone, translator),
    }


def _status(order: Order) -> str:
    """The status as the reader needs it: why a cancelled order waits, and that an offline one
    waits for its supplier to confirm the money rather than for the buyer to pay in the chat."""
    if order.awaits_refund:
        return "cancelled_paid"
    if order.status == OrderStatus.pending_payment and order.settlement == Settlement.offline:
        return "pending_offline"
    return order.status.value


def order_actions(order_id: int) -> list[list[Button]]:
    """Under news of a member's order: the order's page and the menu."""
    return [[Button("orders-view", "order-view", (order_id,)), Button("nav-menu", "menu")]]


async def tell(
    session: AsyncSession,
    member_ids: Iterable[int],
    key: str,
    *,
    about: str,
    now: datetime,
    actions: Iterable[Iterable[Button]] = (),
    urgent: bool = True,
    **args: object,
) -> None:
    """Write the notice `key` to each of `member_ids`, in the caller's transaction, once per
    (`key`, `about`, member) however often the change is retried. `args` are ids and values:
    `order_id`, `event_id` and `product_id` are filled in as the order, event and product are
    when it is sent (a product as its `name`, in the recipient's language; a closed fair as its
    `name`, totals and per-county `lines`). A notice not `urgent` waits out quiet hours."""
    await notices.add_each(
        session,
        member_ids,
        key=key,
        idempotency_key=f"{key}:{about}",
        now=now,
        args=args,
        actions=[list(row) for row in actions],
        urgent=urgent,
    )


@dataclass(frozen=True)
class Composed:
    """A notice as text (HTML-escaped values) and rows of (label, intent, arguments)."""

    text: str
    rows: list[list[tuple[str, str, tuple[int, ...]]]]


async def compose(
    session: AsyncSession,
    translator: Translator,
    timezone: str,
    outgoing: Outgoing,
    *,
    loaded: dict | None = None,
) -> Composed:
    """Render a notice for its recipient, now. Raises NotFound if what it is about is gone.
    `loaded` keeps what one batch of notices read (a paid order's receipt and its supplier's news
    read the order once)."""
    notice, locale = outgoing.notice, outgoing.locale or translator.default_locale
    loaded = {} if loaded is None else loaded
    args = {k: escape(v) if isinstance(v, str) else v for k, v in notice.args.items()}
    shop = bool(args.pop("shop", 0))  # written for the order's shop side (`order_summary`)
    if (order_id := args.pop("order_id", None)) is not None:
        if (order := loaded.get(("order", order_id))) is None:
            order = loaded["order", order_id] = await orders.get(session, order_id=order_id)
        args = {**summarize(order, locale, timezone, translator, shop=shop), **args}
    if (event_id := args.pop("event_id", None)) is not None:
        event = await session.get(Event, event_id)
        if event is None:
            raise NotFound("event", event_id)
        start = utc(event.starts_at).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
        args = {"title": escape(event.title), "start": start, "meeting": escape(event.meeting_place), **args}
    if (product_id := args.pop("product_id", None)) is not None:
        if (product := await session.get(Product, product_id)) is None:
            raise NotFound("product", product_id)
        args["name"] = name(product, locale)
    if (fair_id := args.pop("fair_id", None)) is not None:
        args = {**await _fair_summary(session, translator, locale, fair_id), **args}
    rows = [
        [(translator.t(locale, action.label, **args), action.intent, action.args) for action in row]
        for row in notices.decode(notice.actions)
    ]
    return Composed(translator.t(locale, notice.key, **args), rows)


async def _fair_summary(session: AsyncSession, translator: Translator, locale: str, fair_id: int) -> dict:
    """A closed fair's name and figures, a line per county, in `locale`."""
    fair = await fairs.get(session, fair_id=fair_id)
    figures = await fairs.summary(session, fair_id=fair_id)
    lines = [
        translator.t(
            locale,
            "fair-summary-row",
            county=escape(f.county_en if locale == "en" and f.county_en else f.county),
            orders=f.orders,
            amount=yuan(f.amount_fen),
        )
        for f in figures
    ]
    return {
        "name": escape(fair.name),
        "orders": sum(f.orders for f in figures),
        "amount": yuan(sum(f.amount_fen for f in figures)),
        "lines": "\n".join(lines),
    }
