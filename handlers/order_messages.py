"""联系卖家 / 联系客服 / 联系买家 and 回复: a member writes about an order to its other side through the
bot, in one step. The message reaches the other side as a notice with the order's number and a
回复 button; neither side sees the other's Telegram account. The store decides who may write and
keeps every message (store/order_messages.py)."""

from __future__ import annotations

from datetime import datetime

from store import order_messages, roles
from store.errors import Forbidden, NotFound, TooManyMessages
from store.models import MessageSide, Order, Role, Supplier
from store.notices import Button
from store.order_messages import Capacity, Relayed

from . import dialog
from .dialog_spec import Dialog, Refusal, Step
from .notify import tell
from .purchase import suppliers_of
from .registry import intent
from .reply import Action, Reply, Screen
from .request import Request

DIALOG = "order_message"


@intent("om-new")
async def start(context: Request, order_id: int) -> Reply:
    """💬 联系卖家 on an order page (联系买家 for its shop): what to write is asked."""
    async with context.db.read() as session:
        order, capacity = await order_messages.may_write(
            session, order_id=order_id, member_id=context.member_id or 0
        )
        to = await _addressee(session, order, capacity)
    data = {"order": order.id, "reply_to": 0, "to": to}
    return await dialog.begin(context, MESSAGE, data)


@intent("om-reply")
async def start_reply(context: Request, message_id: int) -> Reply:
    """↩️ 回复 under a relayed message: the answer is asked; it goes back to the message's sender."""
    async with context.db.read() as session:
        order, capacity = await order_messages.may_reply(
            session, message_id=message_id, member_id=context.member_id or 0
        )
        to = await _addressee(session, order, capacity)
    data = {"order": order.id, "reply_to": message_id, "to": to}
    return await dialog.begin(context, MESSAGE, data)


async def _addressee(session, order: Order, capacity: Capacity) -> str:
    """Whom the writer addresses, for the prompt and the answer: the buyer, the seller, or the
    admins' customer service (客服) while nobody holds the order's supplier."""
    if capacity != Capacity.buyer:
        return "buyer"
    held = await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id)
    return "seller" if held else "service"


def _text(req: Request, text: str, data: dict) -> str:
    if not text.strip():
        raise Refusal("dialog-text-please")
    if len(text.strip()) > order_messages.MAX_TEXT:  # asked again: nothing is sent
        raise Refusal("order-message-too-long", limit=order_messages.MAX_TEXT, length=len(text.strip()))
    return text


async def _send(session, req: Request, data: dict) -> Reply:
    """The message: kept and relayed to the other side in the same transaction; too many, or no
    longer allowed, ends the dialog with the reason and sends nothing."""
    try:
        async with session.begin_nested():
            relayed = await order_messages.write(
                session,
                order_id=data["order"],
                member_id=req.member_id,
                text=data["text"],
                now=req.now,
                reply_to=data.get("reply_to") or None,
            )
            await _relay(session, relayed, now=req.now)
    except (TooManyMessages, Forbidden, NotFound) as refused:
        key = "order-message-too-many" if isinstance(refused, TooManyMessages) else f"error-{refused.code}"
        return Screen(req.t(key, limit=order_messages.PER_HOUR))
    view = []
    if relayed.capacity == Capacity.buyer:
        view = [[Action(req.t("orders-view"), "order-view", (relayed.order.id,))]]
    return Screen(req.t("order-message-sent", to=data["to"], order=relayed.order.id), view)


MESSAGE = dialog.register(
    Dialog(
        DIALOG,
        (
            Step(
                "text",
                ask="order-message-ask",
                ask_args=lambda req, data: {
                    "to": data["to"],
                    "order": data["order"],
                    "limit": order_messages.MAX_TEXT,
                },
                check=_text,
            ),
        ),
        _send,
        title="order-message-dialog",
    )
)


async def _relay(session, relayed: Relayed, *, now: datetime) -> None:
    """The message as a notice to the other side of its order: the buyer; or the order's suppliers
    (the admins while nobody holds it, `suppliers_of`) and whoever on the shop side wrote the
    message it answers. Never to its own author."""
    message, order = relayed.message, relayed.order
    reply = Button("order-message-reply", "om-reply", (message.id,))
    if message.to_side == MessageSide.buyer:
        supplier = await session.get(Supplier, order.supplier_id)
        people = [order.member_id]
        actions = [[reply, Button("orders-view", "order-view", (order.id,))]]
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
