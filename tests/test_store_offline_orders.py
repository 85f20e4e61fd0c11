"""Offline orders wait for their payment to be confirmed, on SQLite and PostgreSQL: they never expire;
their suppliers are reminded once, a day after; admins see those unconfirmed past OFFLINE_CONFIRM_DAYS
and may close one, only then."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import offline_orders, orders, settlement
from store.errors import Forbidden, NotOverdue, WrongStatus
from store.models import Order, OrderStatus, Product, Settlement
from tests.shop import NOW, open_shop


async def _place(db, shop, key, *, settlement, now=NOW, member=0):
    async with db.begin() as session:
        return await orders.place(
            session,
            member_id=shop.members[member],
            product_id=shop.product_id,
            quantity=1,
            key=key,
            now=now,
            payment_minutes=30,
            settlement=settlement,
        )


async def _status(db, order_id) -> OrderStatus:
    async with db.read() as session:
        return (await session.get(Order, order_id)).status


async def test_only_orders_to_be_paid_in_the_chat_expire(db):
    shop = await open_shop(db)
    online = await _place(db, shop, "tap:online", settlement=Settlement.online)
    offline = await _place(db, shop, "tap:offline", settlement=Settlement.offline)
    assert offline.expires_at is None
    async with db.begin() as session:
        expired = await orders.expire_due(session, now=NOW + timedelta(days=30))
    assert [o.id for o in expired] == [online.id]
    assert await _status(db, online.id) == OrderStatus.cancelled
    assert await _status(db, offline.id) == OrderStatus.pending_payment
    async with db.read() as session:  # the offline order still holds its unit
        assert (await session.get(Product, shop.product_id)).stock == 99


async def test_an_offline_order_placed_before_it_had_no_expiry_does_not_expire_either(db):
    shop = await open_shop(db)
    offline = await _place(db, shop, "tap:offline", settlement=Settlement.offline)
    async with db.begin() as session:  # as placed by the release before: with an expiry time
        (await session.get(Order, offline.id)).expires_at = NOW
    async with db.begin() as session:
        assert await orders.expire_due(session, now=NOW + timedelta(days=1)) == []


async def test_suppliers_are_reminded_once_a_day_after_an_unconfirmed_offline_order(db):
    shop = await open_shop(db)
    waiting = await _place(db, shop, "tap:1", settlement=Settlement.offline)
    paid = await _place(db, shop, "tap:2", settlement=Settlement.offline)
    await _place(db, shop, "tap:3", settlement=Settlement.online)  # not offline: never reminded
    async with db.begin() as session:
        await settlement.confirm_offline(session, order_id=paid.id, actor_id=shop.supplier_member, now=NOW)
    async with db.begin() as session:  # a day has not passed
        assert await offline_orders.remind_due(session, now=NOW + timedelta(hours=23)) == []
    async with db.begin() as session:
        due = await offline_orders.remind_due(session, now=NOW + timedelta(days=1, minutes=1))
    assert [o.id for o in due] == [waiting.id]
    async with db.begin() as session:  # the clock again, and again after a restart: nothing more
        assert await offline_orders.remind_due(session, now=NOW + timedelta(days=3)) == []


async def test_admins_see_offline_orders_unconfirmed_past_the_days_oldest_first(db):
    shop = await open_shop(db)
    first = await _place(db, shop, "tap:1", settlement=Settlement.offline, now=NOW - timedelta(days=9))
    second = await _place(db, shop, "tap:2", settlement=Settlement.offline, now=NOW - timedelta(days=8))
    await _place(db, shop, "tap:3", settlement=Settlement.offline, now=NOW - timedelta(days=2))  # too young
    await _place(db, shop, "tap:4", settlement=Settlement.online, now=NOW - timedelta(days=9))  # online
    async with db.read() as session:
        with pytest.raises(Forbidden):  # a supplier is no admin
            await offline_orders.overdue_page(session, admin_id=shop.supplier_member, now=NOW, days=7, page=0)
        found = await offline_orders.overdue_page(session, admin_id=shop.admin, now=NOW, days=7, page=0)
        assert [o.id for o in found.items] == [first.id, second.id] and found.total == 2
        one_a_page = await offline_orders.overdue_page(
            session, admin_id=shop.admin, now=NOW, days=7, page=1, per_page=1
        )
        assert [o.id for o in one_a_page.items] == [second.id]


async def test_an_admin_cancels_only_an_overdue_unpaid_offline_order(db):
    shop = await open_shop(db)
    old = await _place(db, shop, "tap:1", settlement=Settlement.offline, now=NOW - timedelta(days=8))
    young = await _place(db, shop, "tap:2", settlement=Settlement.offline, now=NOW - timedelta(days=2))
    online = await _place(db, shop, "tap:3", settlement=Settlement.online, now=NOW - timedelta(days=8))
    refusals = (
        (young.id, shop.admin, NotOverdue),  # its supplier may still confirm the money
        (online.id, shop.admin, WrongStatus),  # expires by itself
        (old.id, shop.supplier_member, Forbidden),  # admins only
    )
    for order_id, actor, refusal in refusals:
        async with db.begin() as session:
            with pytest.raises(refusal):
                await offline_orders.cancel_overdue(
                    session, order_id=order_id, admin_id=actor, now=NOW, days=7
                )
    async with db.begin() as session:
        closed = await offline_orders.cancel_overdue(
            session, order_id=old.id, admin_id=shop.admin, now=NOW, days=7
        )
    assert closed.status == OrderStatus.cancelled and closed.close_reason == "admin"
    async with db.begin() as session:  # twice: refused, the stock came back once
        with pytest.raises(WrongStatus):
            await offline_orders.cancel_overdue(
                session, order_id=old.id, admin_id=shop.admin, now=NOW, days=7
            )
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).stock == 98  # young and online hold theirs
