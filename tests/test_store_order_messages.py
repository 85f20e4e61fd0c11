"""Messages about an order, on SQLite and PostgreSQL: only its buyer, its supplier's people and admins
write on it; a reply answers a message sent to the replier's side of the same order; each goes to
the other side; at most PER_HOUR an hour per member and order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from store import order_messages, orders, roles
from store.errors import Forbidden, InvalidInput, NotFound, TooManyMessages
from store.models import Member, MessageSide, Role, Settlement
from store.order_messages import Capacity
from tests.shop import NOW, open_shop


async def _order(db, shop, member=0, key="tap:1"):
    async with db.begin() as session:
        return await orders.place(
            session,
            member_id=shop.members[member],
            product_id=shop.product_id,
            quantity=1,
            key=key,
            now=NOW,
            settlement=Settlement.offline,
        )


async def _write(db, order_id, member_id, text="请问什么时候发货？", now=NOW, reply_to=None):
    async with db.begin() as session:
        return await order_messages.write(
            session, order_id=order_id, member_id=member_id, text=text, now=now, reply_to=reply_to
        )


async def test_each_side_writes_to_the_other_and_nobody_else_writes(db):
    shop = await open_shop(db)
    order = await _order(db, shop)
    asked = await _write(db, order.id, shop.members[0])
    assert (asked.capacity, asked.message.to_side, asked.answering) == (
        Capacity.buyer,
        MessageSide.shop,
        None,
    )
    answered = await _write(db, order.id, shop.supplier_member, "明天发顺丰", reply_to=asked.message.id)
    assert answered.capacity == Capacity.supplier and answered.message.to_side == MessageSide.buyer
    assert answered.answering == shop.members[0]
    by_admin = await _write(db, order.id, shop.admin, "您好，这里是客服")
    assert by_admin.capacity == Capacity.admin and by_admin.message.to_side == MessageSide.buyer
    async with db.begin() as session:  # another supplier's people are strangers to this order
        await roles.grant(session, telegram_user_id=930, role=Role.supplier, scope_id=shop.supplier_id + 1)
        other_supplier = await session.scalar(select(Member.id).where(Member.telegram_user_id == 930))
    for stranger in (shop.members[1], other_supplier):
        with pytest.raises(Forbidden):
            await _write(db, order.id, stranger)
    async with db.read() as session:
        kept = await order_messages.of_order(session, order_id=order.id)
    assert [(m.from_member_id, m.text) for m in kept] == [
        (shop.members[0], "请问什么时候发货？"),
        (shop.supplier_member, "明天发顺丰"),
        (shop.admin, "您好，这里是客服"),
    ]


async def test_a_reply_answers_only_a_message_to_the_repliers_side_of_the_same_order(db):
    shop = await open_shop(db)
    alices, bobs = await _order(db, shop, 0, "tap:1"), await _order(db, shop, 1, "tap:2")
    to_shop = await _write(db, alices.id, shop.members[0])
    on_bobs = await _write(db, bobs.id, shop.members[1])
    with pytest.raises(NotFound):  # a reply button of another order, on this one
        await _write(db, alices.id, shop.supplier_member, "好的", reply_to=on_bobs.message.id)
    with pytest.raises(Forbidden):  # bob answering alice's message: not his order
        await _write(db, alices.id, shop.members[1], reply_to=to_shop.message.id)
    async with db.read() as session:
        with pytest.raises(Forbidden):  # the same, from the button: her message's order is not his
            await order_messages.may_reply(session, message_id=to_shop.message.id, member_id=shop.members[1])
        with pytest.raises(Forbidden):  # alice answering her own message
            await order_messages.may_reply(session, message_id=to_shop.message.id, member_id=shop.members[0])
        with pytest.raises(NotFound):
            await order_messages.may_reply(session, message_id=10**6, member_id=shop.members[0])
        order, capacity = await order_messages.may_reply(
            session, message_id=to_shop.message.id, member_id=shop.supplier_member
        )
    assert (order.id, capacity) == (alices.id, Capacity.supplier)


async def test_text_is_one_to_five_hundred_characters(db):
    shop = await open_shop(db)
    order = await _order(db, shop)
    for text in ("   ", "长" * 501):
        with pytest.raises(InvalidInput):
            await _write(db, order.id, shop.members[0], text)
    assert (await _write(db, order.id, shop.members[0], "长" * 500)).message.text == "长" * 500


async def test_a_member_writes_at_most_five_messages_an_hour_about_one_order(db):
    shop = await open_shop(db)
    order = await _order(db, shop)
    for minute in range(order_messages.PER_HOUR):
        await _write(db, order.id, shop.members[0], f"第 {minute} 条", now=NOW + timedelta(minutes=minute))
    with pytest.raises(TooManyMessages):
        await _write(db, order.id, shop.members[0], now=NOW + timedelta(minutes=30))
    await _write(db, order.id, shop.supplier_member, "收到")  # the other side is not held back
    await _write(db, order.id, shop.members[0], now=NOW + timedelta(minutes=61))  # an hour on: again
