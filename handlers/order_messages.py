"""联系卖家 / 联系客服 / 联系买家 and 回复: a member writes about an order to its other side through the
bot, in one step. The message reaches the other side as a notice with the order's number and a
回复 button; neither side sees the other's Telegram account. The store decides who may write and
keeps every message (store/order_messages.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from store import order_messages, roles
from store.errors import Forbidden, NotFound, TooManyMessages
from store.models import MessageSide, Order, Role, Supplier
from store.notices import Action
from store.order_messages import Capacity, Relayed

from . import callbacks, steps
from .context import Context, answers_unread
from .notify import tell
from .ordering import suppliers_of
from .screens import button

DIALOG = "order_message"


async def start(update: Update, context: Context) -> None:
    """💬 联系卖家 on an order page (联系买家 for its shop): what to write is asked."""
    _, (order_id,) = callbacks.parse(update.callback_query.data, "om-new")
    async with context.db.begin() as session:
        order, capacity = await order_messages.may_write(
            session, order_id=order_id, member_id=context.member_id or 0
        )
        to = await _addressee(session, order, capacity)
        await steps.keep(session, context, DIALOG, {"order": order.id, "reply_to": 0, "to": to})
    await update.callback_query.answer()
    await _ask(update, context)


async def start_reply(update: Update, context: Context) -> None:
    """↩️ 回复 under a relayed message: the answer is asked; it goes back to the message's sender."""
    _, (message_id,) = callbacks.parse(update.callback_query.data, "om-reply")
    async with context.db.begin() as session:
        order, capacity = await order_messages.may_reply(
            session, message_id=message_id, member_id=context.member_id or 0
        )
        to = await _addressee(session, order, capacity)
        await steps.keep(session, context, DIALOG, {"order": order.id, "reply_to": message_id, "to": to})
    await update.callback_query.answer()
    await _ask(update, context)


async def _addressee(session, order: Order, capacity: Capacity) -> str:
    """Whom the writer addresses, for the prompt and the answer: the buyer, the seller, or the
    admins' customer service (客服) while nobody holds the order's supplier."""
    if capacity != Capacity.buyer:
        return "buyer"
    held = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
    return "seller" if held else "service"


async def _ask(update: Update, context: Context) -> None:
    data = context.member.dialog_data or {}
    await steps.ask(
        update,
        context,
        "order-message-ask",
        to=data.get("to", "seller"),
        order=data.get("order", 0),
        limit=order_messages.MAX_TEXT,
    )


async def on_text(update: Update, context: Context, text: str) -> None:
    """The message: kept, relayed to the other side in the same transaction, and the dialog ends."""
    data = context.member.dialog_data or {}
    if len(text.strip()) > order_messages.MAX_TEXT:  # asked again: nothing is sent
        await update.effective_message.reply_text(
            context.t("order-message-too-long", limit=order_messages.MAX_TEXT, length=len(text.strip()))
        )
        await _ask(update, context)
        return
    now = datetime.now(UTC)
    try:
        async with context.db.begin() as session:
            relayed = await order_messages.write(
                session,
                order_id=data.get("order", 0),
                member_id=context.member_id,
                text=text,
                now=now,
                reply_to=data.get("reply_to") or None,
            )
            await steps.keep(session, context, None)
            await _relay(session, relayed, now=now)
    except (TooManyMessages, Forbidden, NotFound) as refused:  # nothing sent; the dialog ends
        await steps.save(context, None)
        key = "order-message-too-many" if isinstance(refused, TooManyMessages) else f"error-{refused.code}"
        await update.effective_message.reply_text(context.t(key, limit=order_messages.PER_HOUR))
        return
    view = []
    if relayed.capacity == Capacity.buyer:
        view = [[button(context.t("orders-view"), "order-view", relayed.order.id)]]
    with answers_unread():
        await update.effective_message.reply_text(
            context.t("order-message-sent", to=data.get("to", "seller"), order=relayed.order.id),
            reply_markup=InlineKeyboardMarkup(view) if view else None,
        )


async def on_other(update: Update, context: Context) -> None:
    """A sticker or a photo where the message was asked: asked again."""
    await update.effective_message.reply_text(context.t("dialog-text-please"))
    await _ask(update, context)


async def _relay(session, relayed: Relayed, *, now: datetime) -> None:
    """The message as a notice to the other side of its order: the buyer; or the order's suppliers
    (the admins while nobody holds it, `suppliers_of`) and whoever on the shop side wrote the
    message it answers. Never to its own author."""
    message, order = relayed.message, relayed.order
    reply = Action("order-message-reply", "om-reply", (message.id,))
    if message.to_side == MessageSide.buyer:
        supplier = await session.get(Supplier, order.supplier_id)
        people = [order.member_id]
        actions = [[reply, Action("orders-view", "order-view", (order.id,))]]
        extra = {"standing_in": 0, "supplier": "", "seller": supplier.name if supplier else ""}
    else:
        people, standing_in = await suppliers_of(session, order)
        if relayed.answering is not None:
            people = [*people, relayed.answering]
        actions = [[reply]]
        extra = {**standing_in, "seller": "", "shop": 1}
    await tell(
        session,
        [p for p in people if p != message.from_member_id],
        "order-message",
        about=f"order-message:{message.id}",
        now=now,
        actions=actions,
        order_id=order.id,
        sender=relayed.capacity.value,
        text=message.text,
        **extra,
    )
