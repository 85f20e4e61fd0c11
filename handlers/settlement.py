"""/settle: an admin marks an order paid whose money came outside the chat (a bank transfer, cash at
a fair), saying how. While the shop takes payments in the chat nobody else can mark an order paid:
the store refuses `confirm_offline` for an order that awaits its online payment."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import orders, roles
from store.models import OrderStatus, Role

from . import callbacks, steps
from .context import Context
from .format import escape
from .notify import order_summary
from .ordering import tell_paid
from .screens import Screen, button, show

DIALOG = "settle"


async def ask(update: Update, context: Context) -> None:
    """/settle ORDER_ID HOW: the order and the note, to confirm."""
    words = context.args or []
    order_id = callbacks.number(words[0]) if words else None
    note = " ".join(words[1:]).strip()
    if order_id is None or not note:
        await update.effective_message.reply_text(context.t("settle-usage"))
        return
    if len(note) > orders.SETTLEMENT_NOTE_LIMIT:
        await update.effective_message.reply_text(
            context.t("settle-note-too-long", limit=orders.SETTLEMENT_NOTE_LIMIT)
        )
        return
    async with context.db.begin() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
        order = await orders.get(session, order_id=order_id)
        if order.status == OrderStatus.pending_payment:
            await steps.keep(session, context, DIALOG, {"step": "confirm", "order": order.id, "note": note})
    summary = order_summary(context, order)
    menu = [button(context.t("nav-menu"), "menu")]
    if order.status != OrderStatus.pending_payment:
        await show(update, context, Screen(context.t("settle-not-pending", **summary), [menu]))
        return
    confirm = [button(context.t("settle-confirm-button"), "settle-ok", order.id)]
    text = context.t("settle-confirm", note=escape(note), **summary)
    await show(update, context, Screen(text, [confirm, steps.cancel_row(context)]))


async def settle(update: Update, context: Context) -> None:
    """✅ 确认已收款: the order is paid, as the admin said; the buyer gets the receipt."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "settle-ok")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        data = await steps.finish(session, update, context, DIALOG, "confirm")
        if data.get("order") != order_id:
            raise callbacks.BadCallback(update.callback_query.data)
        order = await orders.settle_by_admin(
            session,
            order_id=order_id,
            admin_id=context.member_id,
            note=data["note"],
            now=now,
            points_per_yuan=context.config.points_per_yuan,
        )
        await tell_paid(session, context, order, now=now)
    await update.callback_query.answer(context.t("settle-done-alert"))
    text = context.t("settle-done", note=escape(order.settlement_note), **order_summary(context, order))
    await show(update, context, Screen(text, [[button(context.t("nav-menu"), "menu")]]))
