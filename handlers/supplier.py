"""Suppliers: confirm offline payment, ship with a tracking number, see their own orders (/supply)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from store import orders, roles
from store.errors import Forbidden, WrongStatus
from store.models import OrderStatus, Role, Settlement
from store.notices import Action

from . import callbacks, steps
from .context import Context, answers_unread
from .notify import order_summary, tell
from .ordering import tell_paid
from .screens import Screen, button, pager, show

TRACKING_DIALOG = "tracking"


async def confirm_offline_paid(update: Update, context: Context) -> None:
    """确认收款 on a new-order notice: the supplier (or an admin) says the money arrived."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "offline-paid")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        order = await orders.confirm_offline(
            session,
            order_id=order_id,
            actor_id=context.member_id,
            now=now,
            points_per_yuan=context.config.points_per_yuan,
        )
        await tell_paid(session, context, order, now=now)
    await update.callback_query.answer(context.t("supplier-confirmed"))
    summary = order_summary(context, order, shop=True)
    ship = InlineKeyboardMarkup([[button(context.t("supplier-ship"), "ship", order.id)]])
    await update.effective_message.edit_text(
        context.t("supplier-order", **summary), parse_mode="HTML", reply_markup=ship
    )


async def start_ship(update: Update, context: Context) -> None:
    """发货: ask the supplier who carries the parcel, then its tracking number (the steps are kept
    in the store)."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "ship")
    async with context.db.begin() as session:
        order = await orders.for_supplier(session, order_id=order_id, actor_id=context.member_id)
        if order.status != OrderStatus.paid:  # an old notice's button: cancelled or shipped since
            raise WrongStatus(order.status)
        await steps.keep(session, context, TRACKING_DIALOG, {"order_id": order.id, "step": "courier"})
    await update.callback_query.answer()
    with answers_unread():  # what to ship, and where to: the new-order notice may be long gone
        await update.effective_message.reply_text(
            context.t("supplier-order", **order_summary(context, order, shop=True)), parse_mode="HTML"
        )
    await _ask_courier(update, context, order.id)


async def _ask_courier(update: Update, context: Context, order_id: int) -> None:
    """The courier step: one button per courier (orders.COURIERS), three a row, and 取消."""
    choices = [
        button(context.t("courier-name", courier=code), "ship-courier", index)
        for index, code in enumerate(orders.COURIERS)
    ]
    rows = [choices[i : i + 3] for i in range(0, len(choices), 3)] + [steps.cancel_row(context)]
    with answers_unread():
        await context.bot.send_message(
            update.effective_chat.id,
            context.t("supplier-ask-courier", order=order_id),
            reply_markup=InlineKeyboardMarkup(rows),
        )


async def choose_courier(update: Update, context: Context) -> None:
    """A courier tapped: kept with the order, then the tracking number is asked."""
    _, (index,), data = steps.tapped(update, context, TRACKING_DIALOG)
    if data.get("step") != "courier" or index >= len(orders.COURIERS):  # an older step's button
        raise callbacks.BadCallback(update.callback_query.data)
    await steps.save(context, TRACKING_DIALOG, {**data, "courier": orders.COURIERS[index], "step": "number"})
    await update.callback_query.answer()
    await steps.ask(update, context, "supplier-ask-tracking", order=data.get("order_id", 0))


# A tracking number: six or more letters and digits, five of them digits at least (SF1234567890,
# 中通 75312345678); a farm household delivering itself starts with 自送 or 送货上门. "3天后再发"
# and "暂时无法送货" are neither.
_NUMBER = re.compile(r"(?=[A-Za-z0-9-]*(?:\d[A-Za-z-]*){5})[A-Za-z0-9-]{6,40}")
_SELF_DELIVERY = re.compile(r"^\s*(?:自送|送货上门|自提|self\b)", re.I)


async def on_tracking_text(update: Update, context: Context, text: str) -> None:
    """The tracking number: the order is shipped and the buyer told, with a button to confirm receipt.
    Typed while the courier is asked, it is asked again: the courier comes first."""
    data = context.member.dialog_data or {}
    order_id = data.get("order_id", 0)
    if data.get("step") == "courier":
        await update.effective_message.reply_text(context.t("supplier-courier-first"))
        await _ask_courier(update, context, order_id)
        return
    delivers_self = bool(_SELF_DELIVERY.search(text))
    if not (delivers_self or _NUMBER.search(text)):  # "明天再发" is no tracking number: not shipped yet
        await update.effective_message.reply_text(context.t("supplier-tracking-invalid"))
        await steps.ask(update, context, "supplier-ask-tracking", order=order_id)
        return
    # A dialog begun before couriers were asked has none: the order is shipped without one.
    courier = orders.SELF_DELIVERY if delivers_self else data.get("courier", "")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        order = await orders.ship(
            session,
            order_id=order_id,
            actor_id=context.member_id,
            tracking_no=text[:64],
            now=now,
            courier=courier,
        )
        await steps.keep(session, context, None)
        receive = [[Action("orders-receive", "order-receive", (order.id,))]]
        await tell(
            session,
            [order.member_id],
            "order-shipped",
            about=f"order:{order.id}",
            now=now,
            actions=receive,
            order_id=order.id,
        )
    summary = order_summary(context, order, shop=True)
    await update.effective_message.reply_text(context.t("supplier-shipped", **summary), parse_mode="HTML")


async def ask_tracking_again(update: Update, context: Context) -> None:
    data = context.member.dialog_data or {}
    if data.get("step") == "courier":
        await update.effective_message.reply_text(context.t("supplier-courier-first"))
        await _ask_courier(update, context, data.get("order_id", 0))
        return
    await update.effective_message.reply_text(context.t("dialog-text-please"))
    await steps.ask(update, context, "supplier-ask-tracking", order=data.get("order_id", 0))


async def supply(update: Update, context: Context) -> None:
    """/supply: the orders of my supplier(s), newest first; for suppliers and admins only."""
    page = callbacks.parse(update.callback_query.data, "supply")[1][0] if update.callback_query else 0
    async with context.db.read() as session:
        if not roles.allows(await roles.roles_of(session, member_id=context.member_id or 0), Role.supplier):
            raise Forbidden(Role.supplier)
        found = await orders.of_suppliers_page(session, member_id=context.member_id or 0, page=page)
    lines = [context.t("supplier-order-line", **order_summary(context, o, shop=True)) for o in found.items]
    rows = []
    for order in found.items:
        if order.status == "paid":
            rows.append([button(context.t("supplier-ship-button", order=order.id), "ship", order.id)])
        elif order.status == "pending_payment" and order.settlement == Settlement.offline:
            rows.append(
                [button(context.t("supplier-confirm-button", order=order.id), "offline-paid", order.id)]
            )
    if nav := pager(context, found, "supply"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    if update.callback_query:
        await update.callback_query.answer()
    key = "supplier-orders" if found.total else "supplier-orders-none"
    text = "\n\n".join([context.t(key, count=found.total), *lines])
    await show(update, context, Screen(text, rows))
