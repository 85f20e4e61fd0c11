"""Refunds. A member may cancel a paid order until it ships; Telegram Payments gives this bot no
refund call, so an admin returns the money by hand and then records it here (/refunds, /refund
ORDER_ID, or the button on the notice every admin gets). Only then are the order's love points and
one-yuan match reversed, and the member is told."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import orders, roles
from store.models import Order, Role
from store.notices import Button

from . import callbacks
from .context import Context
from .format import yuan
from .notify import order_actions, order_summary, tell
from .screens import Screen, button, pager, show


async def queue(update: Update, context: Context) -> None:
    """/refunds or its pages: paid orders their members cancelled, oldest first."""
    page = callbacks.parse(update.callback_query.data, "refunds")[1][0] if update.callback_query else 0
    async with context.db.read() as session:
        found = await orders.awaiting_refund(session, admin_id=context.member_id or 0, page=page)
    lines = [context.t("supplier-order-line", **order_summary(context, o)) for o in found.items]
    rows = [
        [button(context.t("refund-button", order=o.id, total=yuan(o.total_fen)), "refund", o.id)]
        for o in found.items
    ]
    if nav := pager(context, found, "refunds"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    if update.callback_query:
        await update.callback_query.answer()
    text = "\n\n".join([context.t("refunds-title", count=found.total), *lines])
    await show(update, context, Screen(text, rows))


async def ask(update: Update, context: Context) -> None:
    """↩️ 办理退款 (from the queue or a notice) or /refund ORDER_ID: the order and a confirmation
    first, as the reversal of its points and match cannot be undone."""
    if update.callback_query:
        order_id = callbacks.parse(update.callback_query.data, "refund")[1][0]
    elif context.args and (typed := callbacks.number(context.args[0])) is not None:
        order_id = typed
    else:
        await update.effective_message.reply_text(context.t("refund-usage"))
        return
    async with context.db.read() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
        order = await orders.get(session, order_id=order_id)
    if update.callback_query:
        await update.callback_query.answer()
    back = _back_row(context)
    summary = order_summary(context, order)
    if not order.awaits_refund:
        await show(update, context, Screen(context.t("refund-not-due", **summary), [back]))
        return
    confirm = [button(context.t("refund-confirm-button"), "refund-ok", order.id)]
    await show(update, context, Screen(context.t("refund-confirm", **summary), [confirm, back]))


async def record(update: Update, context: Context) -> None:
    """✅ 确认已退款: the refund is recorded, points and match reverse, and the member is told."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "refund-ok")
    now = datetime.now(UTC)
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
    await update.callback_query.answer(context.t("refund-recorded"))
    back = _back_row(context)
    text = context.t("refund-done", order=order.id, total=yuan(order.total_fen))
    await show(update, context, Screen(text, [back]))


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


def _back_row(context: Context) -> list:
    return [button(context.t("refunds-back"), "refunds", 0), button(context.t("nav-menu"), "menu")]
