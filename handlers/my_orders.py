"""/orders: a member's own orders, one order's page, cancel, confirm receipt, pay again."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import Update

from store import orders, reviews, roles
from store.errors import WrongStatus
from store.models import Order, OrderStatus, Role, Settlement, utc

from . import callbacks, ordering, refunds, review_dialog
from .context import Context
from .format import clip, name
from .notify import order_actions, order_summary, tell
from .screens import Screen, button, pager, show


async def order_list(update: Update, context: Context) -> None:
    """/orders or its page buttons: newest first, 8 a page."""
    page = callbacks.parse(update.callback_query.data, "orders")[1][0] if update.callback_query else 0
    async with context.db.read() as session:
        found = await orders.of_member_page(session, member_id=context.member_id or 0, page=page)
    rows = [
        [
            button(
                context.t("orders-button", product=_what(o, context.locale), **order_summary(context, o)),
                "order-view",
                o.id,
            )
        ]
        for o in found.items
    ]
    if nav := pager(context, found, "orders"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    if update.callback_query:
        await update.callback_query.answer()
    key = "orders-title" if found.total else "orders-none"
    await show(update, context, Screen(context.t(key, count=found.total), rows))


def _what(order: Order, locale: str) -> str:
    """What an order bought, short enough for a button."""
    return clip(html.unescape(name(order.lines[0].product, locale)), 24) if order.lines else ""


async def tell_expired(session, expired: list[Order], *, now: datetime) -> None:
    """Tell each member whose unpaid order the clock cancelled, so it does not vanish unexplained
    (in the transaction that cancelled it)."""
    for order in expired:
        await tell(
            session,
            [order.member_id],
            "order-expired-notice",
            about=f"order:{order.id}",
            now=now,
            actions=order_actions(order.id),
            order_id=order.id,
        )


async def order_view(update: Update, context: Context) -> None:
    """One of my orders; someone else's is 'not found', exactly like a missing one."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "order-view")
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
        reviewed = await reviews.of_order(session, order_id=order.id)
        page = await _page(session, context, order, reviewed)
    await update.callback_query.answer()
    await show(update, context, page)


async def ask_cancel(update: Update, context: Context) -> None:
    """取消订单: asked first, saying what happens to the money of a paid order."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "order-cancel")
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
    if order.status not in orders.NOT_SHIPPED:
        raise WrongStatus(order.status)
    await update.callback_query.answer()
    key = "orders-cancel-paid-ask" if order.status == OrderStatus.paid else "orders-cancel-ask"
    summary = order_summary(context, order)
    rows = [
        [button(context.t("orders-cancel-confirm"), "order-cancel-ok", order.id)],
        [button(context.t("nav-back"), "order-view", order.id)],
    ]
    text = context.t(key, offline=int(order.settled_offline), **summary)
    await show(update, context, Screen(text, rows))


async def cancel(update: Update, context: Context) -> None:
    """确认取消: cancelled before it ships, its stock goes back. A paid one's supplier must not ship
    it, and its money has to go back: the supplier and every admin are told. The suppliers of an
    unpaid offline order (told of it to confirm the money) are told it will not come."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "order-cancel-ok")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        order = await orders.cancel(session, order_id=order_id, member_id=context.member_id or 0, now=now)
        if order.awaits_refund:
            # the supplier's own people only: the admins are told with the refund to record
            people = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
            await tell(
                session,
                [p.id for p in people],
                "supplier-order-cancelled",
                about=f"order:{order.id}",
                now=now,
                order_id=order.id,
                offline=int(order.settled_offline),
                shop=1,
            )
            await refunds.tell_admins(session, order, now=now)
        elif order.settlement == Settlement.offline:
            # Told of it to confirm the money when it comes: now it will not come. No button.
            await ordering.tell_suppliers(session, order, "supplier-order-cancelled", now=now, offline=0)
        page = await _page(session, context, order)
    await update.callback_query.answer(context.t("orders-cancelled"))
    await show(update, context, page)


async def receive(update: Update, context: Context) -> None:
    """Confirm that my shipped order arrived, then ask for a rating."""
    order = await _change(update, context, "order-receive", orders.receive, "orders-received")
    await review_dialog.invite(update, context, order)


async def _change(update: Update, context: Context, action: str, change, done_key: str) -> Order:
    """One of my order's buttons: the store change, a word that it is done, the order again."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, action)
    async with context.db.begin() as session:
        order = await change(
            session, order_id=order_id, member_id=context.member_id or 0, now=datetime.now(UTC)
        )
        page = await _page(session, context, order)
    await update.callback_query.answer(context.t(done_key))
    await show(update, context, page)
    return order


async def pay_again(update: Update, context: Context) -> None:
    """💳 去付款: the invoice of a pending order, again (the first one may be lost in the chat). An
    order with nothing to pay in the chat (paid meanwhile, cancelled, settled offline, past its
    time) says why, and its page is shown as it stands now."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "order-pay")
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
        if _payable(context, order):
            page = None
        else:
            page = await _page(session, context, order, await reviews.of_order(session, order_id=order.id))
    if page is None:
        await update.callback_query.answer()
        await ordering.send_invoice(context, update.effective_chat.id, order)
        return
    if order.status != OrderStatus.pending_payment:
        key = "orders-pay-not-due"
    elif order.settlement == Settlement.offline:
        key = "orders-pay-offline"
    elif order.expires_at and utc(order.expires_at) <= datetime.now(UTC):
        key = "error-order-expired"
    else:
        key = "orders-pay-unavailable"
    await update.callback_query.answer(context.t(key, **order_summary(context, order)), show_alert=True)
    await show(update, context, page)


def _payable(context: Context, order: Order) -> bool:
    """Whether the order awaits a payment in the chat that the shop can take now."""
    return (
        order.status == OrderStatus.pending_payment
        and order.settlement == Settlement.online
        and bool(context.config.payment_provider_token)
        and not (order.expires_at and utc(order.expires_at) <= datetime.now(UTC))
    )


async def _page(session, context: Context, order: Order, reviewed: dict | None = None) -> Screen:
    """The buyer's page of an order; 💬 联系卖家 writes to its supplier, 联系客服 to the admins
    while nobody holds the supplier (`ordering.suppliers_of`)."""
    held = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
    return _screen(context, order, reviewed, seller=bool(held))


def _screen(context: Context, order: Order, reviewed: dict | None = None, *, seller: bool = True) -> Screen:
    rows = review_dialog.order_rows(context, order, reviewed or {})
    if _payable(context, order):
        rows.append([button(context.t("orders-pay"), "order-pay", order.id)])
    if order.status in orders.NOT_SHIPPED:
        rows.append([button(context.t("orders-cancel"), "order-cancel", order.id)])
    if order.status == OrderStatus.shipped:
        rows.append([button(context.t("orders-receive"), "order-receive", order.id)])
    rows.append(
        [button(context.t("order-contact-seller" if seller else "order-contact-service"), "om-new", order.id)]
    )
    rows.append([button(context.t("nav-back"), "orders", 0), button(context.t("nav-menu"), "menu")])
    return Screen(context.t("order-page", **order_summary(context, order)), rows)
