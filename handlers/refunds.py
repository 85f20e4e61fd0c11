"""Refunds. A member may cancel a paid order until it ships; Telegram Payments gives this bot no
refund call, so an admin returns the money by hand and then records it here (/refunds, /refund
ORDER_ID, or the button on the notice every admin gets). Only then are the order's love points and
one-yuan match reversed, and the member is told."""

from __future__ import annotations

from datetime import datetime

from store import order_lists, orders, roles
from store.models import Order, Role
from store.notices import Button

from .format import number, yuan
from .notify import order_actions, order_summary, tell
from .registry import command, intent
from .reply import Alert, Reply, Screen, button, pages
from .request import Request


@command("refunds")
async def queue_command(req: Request, text: str) -> Reply:
    return await queue(req, 0)


@intent("refunds")
async def queue(context: Request, page: int) -> Reply:
    """/refunds or its pages: paid orders their members cancelled, oldest first."""
    async with context.db.read() as session:
        found = await order_lists.awaiting_refund(session, admin_id=context.member_id or 0, page=page)
    lines = [context.t("supplier-order-line", **order_summary(context, o)) for o in found.items]
    rows = [
        [button(context.t("refund-button", order=o.id, total=yuan(o.total_fen)), "refund", o.id)]
        for o in found.items
    ]
    if nav := pages(context, found, "refunds"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    text = "\n\n".join([context.t("refunds-title", count=found.total), *lines])
    return Screen(text, rows)


@command("refund")
async def ask_command(req: Request, text: str) -> Reply:
    """/refund ORDER_ID."""
    order_id = number(text.split()[0]) if text else None
    return Screen(req.t("refund-usage")) if order_id is None else await ask(req, order_id)


@intent("refund")
async def ask(context: Request, order_id: int) -> Reply:
    """↩️ 办理退款 (from the queue or a notice) or /refund ORDER_ID: the order and a confirmation
    first, as the reversal of its points and match cannot be undone."""
    async with context.db.read() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
        order = await orders.get(session, order_id=order_id)
    back = _back_row(context)
    summary = order_summary(context, order)
    if not order.awaits_refund:
        return Screen(context.t("refund-not-due", **summary), [back])
    confirm = [button(context.t("refund-confirm-button"), "refund-ok", order.id)]
    return Screen(context.t("refund-confirm", **summary), [confirm, back])


@intent("refund-ok")
async def record(context: Request, order_id: int) -> Reply:
    """✅ 确认已退款: the refund is recorded, points and match reverse, and the member is told."""
    now = context.now
    async with context.db.begin() as session:
        order = await orders.refund(session, order_id=order_id, admin_id=context.member_id, now=now)
        await tell(
            session,
            [order.member_id],
            "order-refunded",
            about=f"order:{order.id}",
            now=now,
            actions=order_actions(order.id),
            order_id=order.id,
        )
    text = context.t("refund-done", order=order.id, total=yuan(order.total_fen))
    return [Alert(context.t("refund-recorded")), Screen(text, [_back_row(context)])]


async def tell_admins(session, order: Order, *, now: datetime) -> None:
    """A member cancelled a paid order: every admin hears of it, with the way to record the refund
    (the supplier returns the money of an order settled offline, an admin that of Telegram's)."""
    admins = await roles.holders(session, role=Role.admin, scope_id=roles.ALL)
    await tell(
        session,
        [a.id for a in admins],
        "refund-needed",
        about=f"order:{order.id}",
        now=now,
        actions=[[Button("refund-start", "refund", (order.id,))]],
        order_id=order.id,
        offline=int(order.settled_offline),
    )


def _back_row(context: Request) -> list:
    return [button(context.t("refunds-back"), "refunds", 0), button(context.t("nav-menu"), "menu")]
