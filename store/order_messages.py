"""Messages about an order between its buyer and its shop (联系卖家 / 联系客服), relayed by the bot so
that neither side sees the other's account. Each is kept (order, author, the side it goes to, text,
time). Only the order's buyer, the people of its supplier and admins write on an order; a reply
answers a message sent to the replier's side of the same order; a member writes at most
PER_HOUR messages an hour about one order, so the relay cannot be used to flood a supplier.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from . import orders
from .errors import Forbidden, InvalidInput, NotFound, TooManyMessages
from .models import MessageSide, Order, OrderMessage
from .roles import Role, authorize, roles_of

MAX_TEXT = 500
PER_HOUR = 5
HOUR = timedelta(hours=1)


class Capacity(enum.StrEnum):
    """As whom a member writes on an order."""

    buyer = "buyer"
    supplier = "supplier"  # holds the supplier role for the order's supplier
    admin = "admin"  # stands in for the shop


class Relayed(NamedTuple):
    """A message written: the message, its order, as whom its author wrote, and the author of the
    message it answers (None for a first message), who hears the answer whoever else does."""

    message: OrderMessage
    order: Order
    capacity: Capacity
    answering: int | None


async def capacity_of(session: AsyncSession, *, order: Order, member_id: int) -> Capacity:
    """The side `member_id` writes from on `order`; Forbidden unless buyer, supplier or admin."""
    if order.member_id == member_id:
        return Capacity.buyer
    await authorize(session, member_id=member_id, role=Role.supplier, scope_id=order.supplier_id)
    grants = await roles_of(session, member_id=member_id)
    own = any(g.role == Role.supplier and g.scope_id == order.supplier_id for g in grants)
    return Capacity.supplier if own else Capacity.admin


def side_to(capacity: Capacity) -> MessageSide:
    """Where a message of an author in `capacity` goes: always the other side."""
    return MessageSide.shop if capacity == Capacity.buyer else MessageSide.buyer


async def may_write(
    session: AsyncSession, *, order_id: int, member_id: int, reply_to: int | None = None
) -> tuple[Order, Capacity]:
    """Whether `member_id` may write on the order (answering `reply_to`, a message sent to their
    side of it): the order and as whom; Forbidden, or NotFound for a message of another order."""
    order = await orders.get(session, order_id=order_id)
    capacity = await capacity_of(session, order=order, member_id=member_id)
    if reply_to is not None:
        replied = await session.get(OrderMessage, reply_to)
        if replied is None or replied.order_id != order.id:
            raise NotFound("order_message", reply_to)
        if replied.to_side == side_to(capacity):  # it came from the replier's own side
            raise Forbidden("order_message", reply_to)
    return order, capacity


async def may_reply(session: AsyncSession, *, message_id: int, member_id: int) -> tuple[Order, Capacity]:
    """`may_write` for a 回复 button: the message's order and as whom, if `member_id` is on the
    side the message was sent to."""
    order_id = await session.scalar(select(OrderMessage.order_id).where(OrderMessage.id == message_id))
    if order_id is None:
        raise NotFound("order_message", message_id)
    return await may_write(session, order_id=order_id, member_id=member_id, reply_to=message_id)


async def write(
    session: AsyncSession,
    *,
    order_id: int,
    member_id: int,
    text: str,
    now: datetime,
    reply_to: int | None = None,
) -> Relayed:
    """Keep a message from `member_id` to the other side of the order; the caller writes its
    notice in the same transaction. InvalidInput for no text or more than MAX_TEXT characters,
    TooManyMessages past PER_HOUR messages about this order in the last hour."""
    # The order's row is locked first, so two messages at once are counted one after the other.
    await session.execute(select(Order.id).where(Order.id == order_id).with_for_update())
    order, capacity = await may_write(session, order_id=order_id, member_id=member_id, reply_to=reply_to)
    text = text.strip()
    if not 1 <= len(text) <= MAX_TEXT:
        raise InvalidInput("text", MAX_TEXT)
    recent = await session.scalar(
        select(func.count())
        .select_from(OrderMessage)
        .where(
            OrderMessage.order_id == order.id,
            OrderMessage.from_member_id == member_id,
            OrderMessage.created_at > now - HOUR,
        )
    )
    if recent >= PER_HOUR:
        raise TooManyMessages(order.id, PER_HOUR)
    message = OrderMessage(
        order_id=order.id,
        from_member_id=member_id,
        to_side=side_to(capacity),
        text=text,
        reply_to_id=reply_to,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    answering = None
    if reply_to is not None:
        answering = await session.scalar(
            select(OrderMessage.from_member_id).where(OrderMessage.id == reply_to)
        )
    return Relayed(message, order, capacity, answering)


async def of_order(session: AsyncSession, *, order_id: int) -> list[OrderMessage]:
    """An order's messages, oldest first (for support and tests)."""
    query = select(OrderMessage).where(OrderMessage.order_id == order_id).order_by(OrderMessage.id)
    return list(await session.scalars(query))
