"""/orders: a member's own orders, one order's page, cancel, confirm receipt, pay again."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from store import order_lists, orders, reviews, roles
from store.errors import WrongStatus
from store.models import Order, OrderStatus, Role, Settlement, utc

from . import purchase, refunds, review_dialog
from .format import clip, name
from .notify import order_actions, order_summary, tell
from .registry import command, intent
from .reply import Alert, Payment, Reply, Screen, button, pages
from .request import Request


@command("orders")
async def orders_command(req: Request, text: str) -> Reply:
    return await order_list(req, 0)


@intent("orders")
async def order_list(context: Request, page: int) -> Reply:
    """/orders or its page buttons: newest first, 8 a page."""
    async with context.db.read() as session:
        found = await order_lists.of_member_page(session, member_id=context.member_id or 0, page=page)
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
    if nav := pages(context, found, "orders"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    key = "orders-title" if found.total else "orders-none"
    return Screen(context.t(key, count=found.total), rows)


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


@intent("order-view")
async def order_view(context: Request, order_id: int) -> Reply:
    """One of my orders; someone else's is 'not found', exactly like a missing one."""
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
        reviewed = await reviews.of_order(session, order_id=order.id)
        return await _page(session, context, order, reviewed)


@intent("order-cancel")
async def ask_cancel(context: Request, order_id: int) -> Reply:
    """取消订单: asked first, saying what happens to the money of a paid order."""
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
    if order.status not in orders.NOT_SHIPPED:
        raise WrongStatus(order.status)
    key = "orders-cancel-paid-ask" if order.status == OrderStatus.paid else "orders-cancel-ask"
    summary = order_summary(context, order)
    rows = [
        [button(context.t("orders-cancel-confirm"), "order-cancel-ok", order.id)],
        [button(context.t("nav-back"), "order-view", order.id)],
    ]
    text = context.t(key, offline=int(order.settled_offline), **summary)
    return Screen(text, rows)


@intent("order-cancel-ok")
async def cancel(context: Request, order_id: int) -> Reply:
    """确认取消: cancelled before it ships, its stock goes back. A paid one's supplier must not ship
    it, and its money has to go back: the supplier and every admin are told. The suppliers of an
    unpaid offline order (told of it to confirm the money) are told it will not come."""
    now = context.now
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
            await purchase.tell_suppliers(session, order, "supplier-order-cancelled", now=now, offline=0)
        page = await _page(session, context, order)
    return [Alert(context.t("orders-cancelled")), page]


@intent("order-receive")
async def receive(context: Request, order_id: int) -> Reply:
    """Confirm that my shipped order arrived, then ask for a rating."""
    async with context.db.begin() as session:
        order = await orders.receive(
            session, order_id=order_id, member_id=context.member_id or 0, now=context.now
        )
        page = await _page(session, context, order)
    return [Alert(context.t("orders-received")), page, *review_dialog.invitation(context, order)]


@intent("order-pay")
async def pay_again(context: Request, order_id: int) -> Reply:
    """💳 去付款: the invoice of a pending order, again (the first one may be lost in the chat). An
    order with nothing to pay in the chat (paid meanwhile, cancelled, settled offline, past its
    time) says why, and its page is shown as it stands now."""
    async with context.db.read() as session:
        order = await orders.of_member(session, order_id=order_id, member_id=context.member_id or 0)
        if _payable(context, order):
            page = None
        else:
            page = await _page(session, context, order, await reviews.of_order(session, order_id=order.id))
    if page is None:
        return Payment(order)
    if order.status != OrderStatus.pending_payment:
        key = "orders-pay-not-due"
    elif order.settlement == Settlement.offline:
        key = "orders-pay-offline"
    elif order.expires_at and utc(order.expires_at) <= datetime.now(UTC):
        key = "error-order-expired"
    else:
        key = "orders-pay-unavailable"
    return [Alert(context.t(key, **order_summary(context, order)), modal=True), page]


def _payable(context: Request, order: Order) -> bool:
    """Whether the order awaits a payment in the chat that the shop can take now."""
    return (
        order.status == OrderStatus.pending_payment
        and order.settlement == Settlement.online
        and bool(context.policy.payment_provider_token)
        and not (order.expires_at and utc(order.expires_at) <= datetime.now(UTC))
    )


async def _page(session, context: Request, order: Order, reviewed: dict | None = None) -> Screen:
    """The buyer's page of an order; 💬 联系卖家 writes to its supplier, 联系客服 to the admins
    while nobody holds the supplier (`purchase.suppliers_of`)."""
    held = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
    return _screen(context, order, reviewed, seller=bool(held))


def _screen(context: Request, order: Order, reviewed: dict | None = None, *, seller: bool = True) -> Screen:
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
