"""/offline: for admins, offline orders (货到付款 / 单位结算) whose payment nobody confirmed within
OFFLINE_CONFIRM_DAYS, oldest first. Such an order never expires by itself, so an admin looks at it.

What an admin may do with one, and why:
- ✅ 确认收款, when the supplier or the buyer's unit says the money came (as the supplier can);
- 💬 联系买家, to ask through the bot (store/order_messages.py) before deciding;
- ✖️ 取消订单, after a confirmation, so that an order nobody will settle stops holding its stock —
  never silently: its buyer is told why and may write to us, and its supplier is told not to ship.
  Only an order past OFFLINE_CONFIRM_DAYS (until then its supplier may still confirm), and only
  unpaid: a paid order's money is settled by its buyer's cancelling and an admin's refund."""

from __future__ import annotations

from store import offline_orders, roles
from store.models import Role, utc

from .notify import order_actions, order_summary, tell
from .registry import command, intent
from .reply import Alert, Reply, Screen, button, pages
from .request import Request


@command("offline")
async def queue_command(req: Request, text: str) -> Reply:
    return await queue(req, 0)


@intent("offline")
async def queue(context: Request, page: int) -> Reply:
    """/offline or its pages."""
    now, days = context.now, context.policy.offline_confirm_days
    async with context.db.read() as session:
        found = await offline_orders.overdue_page(
            session, admin_id=context.member_id or 0, now=now, days=days, page=page
        )
    lines, rows = [], []
    for order in found.items:
        waited = (now - utc(order.created_at)).days
        summary = order_summary(context, order, shop=True)
        lines.append(context.t("offline-line", waited=waited, **summary))
        rows.append([button(context.t("supplier-confirm-button", order=order.id), "offline-paid", order.id)])
        rows.append(
            [
                button(context.t("offline-write-button", order=order.id), "om-new", order.id),
                button(context.t("offline-cancel-button", order=order.id), "offline-cancel", order.id),
            ]
        )
    if nav := pages(context, found, "offline"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    text = "\n\n".join([context.t("offline-title", count=found.total, days=days), *lines])
    return Screen(text, rows)


@intent("offline-cancel")
async def ask_cancel(context: Request, order_id: int) -> Reply:
    """✖️ 取消订单 in /offline: the order, and what cancelling it does, to confirm."""
    days = context.policy.offline_confirm_days
    async with context.db.read() as session:
        order = await offline_orders.overdue(
            session, order_id=order_id, admin_id=context.member_id, now=context.now, days=days
        )
    summary = order_summary(context, order, shop=True)
    rows = [
        [button(context.t("offline-cancel-confirm"), "offline-cancel-ok", order.id)],
        [button(context.t("nav-back"), "offline", 0)],
    ]
    text = context.t("offline-cancel-ask", days=days, **summary)
    return Screen(text, rows)


@intent("offline-cancel-ok")
async def cancel(context: Request, order_id: int) -> Reply:
    """✖️ 确认取消: the order is closed and its stock returns; its buyer is told why, and the
    supplier's people not to ship it, in the same transaction."""
    now, days = context.now, context.policy.offline_confirm_days
    async with context.db.begin() as session:
        order = await offline_orders.cancel_overdue(
            session, order_id=order_id, admin_id=context.member_id, now=now, days=days
        )
        about = f"order:{order.id}"
        await tell(
            session,
            [order.member_id],
            "order-cancelled-unconfirmed",
            about=about,
            now=now,
            actions=order_actions(order.id),
            order_id=order.id,
            days=days,
        )
        people = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
        await tell(
            session,
            [p.id for p in people],
            "supplier-order-closed-unconfirmed",
            about=about,
            now=now,
            order_id=order.id,
            days=days,
            shop=1,
        )
    rows = [[button(context.t("offline-back"), "offline", 0), button(context.t("nav-menu"), "menu")]]
    text = context.t("offline-cancelled", **order_summary(context, order, shop=True))
    return [Alert(context.t("orders-cancelled")), Screen(text, rows)]
