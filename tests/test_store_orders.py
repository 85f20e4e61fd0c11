"""Orders, payment and the love ledger: the properties of issue #3, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from store import ledger, orders, settlement
from store.errors import Forbidden, InvalidInput, NotFound, OrderExpired, OutOfStock, WrongAmount, WrongStatus
from store.ledger_models import FundEntry, PointsEntry
from store.models import Member, Order, OrderStatus, Product, Settlement
from tests.shop import NOW, open_shop


async def _place(db, member_id, product_id, key, quantity=1, now=NOW, settlement=Settlement.online):
    async with db.begin() as session:
        return await orders.place(
            session,
            member_id=member_id,
            product_id=product_id,
            quantity=quantity,
            key=key,
            now=now,
            settlement=settlement,
        )


async def _pay(db, order, charge="ch-1", now=NOW):
    async with db.begin() as session:
        return await settlement.pay(
            session, order_id=order.id, amount=order.total_fen, currency="CNY", charge_id=charge, now=now
        )


async def _count(db, model, *where) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_the_same_tap_fifty_times_at_once_places_one_order(db):
    shop = await open_shop(db)
    placed = await asyncio.gather(*(_place(db, shop.members[0], shop.product_id, "tap:1") for _ in range(50)))
    assert len({o.id for o in placed}) == 1
    assert await _count(db, Order) == 1
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).stock == 99


async def test_the_same_payment_twice_pays_once_and_credits_once(db):
    shop = await open_shop(db)
    order = await _place(db, shop.members[0], shop.charity_product_id, "tap:1", quantity=2)
    results = await asyncio.gather(*(_pay(db, order) for _ in range(10)), return_exceptions=True)
    assert all(not isinstance(r, Exception) or isinstance(r, WrongStatus) for r in results)
    async with db.read() as session:
        assert await ledger.points_balance(session, member_id=shop.members[0]) == 137  # ¥137.00
        assert (await ledger.fund_summary(session)).balance_fen == 100
        assert (await session.get(Product, shop.charity_product_id)).sales_count == 2
    assert await _count(db, PointsEntry) == 1 and await _count(db, FundEntry) == 1


async def test_two_hundred_members_buy_the_last_fifty_units(db):
    shop = await open_shop(db, members=200, stock=50)

    async def buy(member_id):
        try:
            return await _place(db, member_id, shop.product_id, f"tap:{member_id}")
        except OutOfStock:
            return None

    placed = [o for o in await asyncio.gather(*(buy(m) for m in shop.members)) if o]
    assert len(placed) == 50
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).stock == 0


async def test_pre_checkout_refuses_wrong_amount_foreign_expired_and_paid_orders(db):
    shop = await open_shop(db)
    alice, bob = shop.members[:2]
    order = await _place(db, alice, shop.product_id, "tap:a")
    async with db.read() as session:
        alice_tg, bob_tg = [(await session.get(Member, m)).telegram_user_id for m in (alice, bob)]

    async def approve(telegram_user_id, amount, now=NOW, currency="CNY", order_id=order.id):
        async with db.begin() as session:
            await settlement.approve_checkout(
                session,
                order_id=order_id,
                telegram_user_id=telegram_user_id,
                amount=amount,
                currency=currency,
                now=now,
            )

    with pytest.raises(WrongAmount):
        await approve(alice_tg, order.total_fen - 1)
    with pytest.raises(WrongAmount):
        await approve(alice_tg, order.total_fen, currency="USD")
    with pytest.raises(NotFound):
        await approve(bob_tg, order.total_fen)
    with pytest.raises(NotFound):
        await approve(999_999, order.total_fen)  # nobody we know
    with pytest.raises(NotFound):
        await approve(alice_tg, order.total_fen, order_id=order.id + 1000)
    with pytest.raises(OrderExpired):
        await approve(alice_tg, order.total_fen, now=NOW + timedelta(minutes=31))
    async with db.read() as session:
        assert (await session.get(Order, order.id)).checkout_at is None  # refusals change nothing
    await approve(alice_tg, order.total_fen, now=NOW + timedelta(minutes=29))
    async with db.begin() as session:  # approved at minute 29: the expiry job gives it a grace period
        assert await orders.expire_due(session, now=NOW + timedelta(minutes=31)) == []
    await _pay(db, order)
    with pytest.raises(WrongStatus):
        await approve(alice_tg, order.total_fen)


async def test_unpaid_orders_expire_and_release_their_stock(db):
    shop = await open_shop(db, stock=5)
    order = await _place(db, shop.members[0], shop.product_id, "tap:a", quantity=5)
    async with db.begin() as session:
        assert await orders.expire_due(session, now=NOW + timedelta(minutes=29)) == []
        assert len(await orders.expire_due(session, now=NOW + timedelta(minutes=31))) == 1
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).stock == 5
        assert (await orders.get(session, order_id=order.id)).status == OrderStatus.cancelled
    with pytest.raises(WrongStatus):
        await _pay(db, order)


async def test_members_cannot_touch_each_others_orders_and_roles_are_checked(db):
    shop = await open_shop(db)
    alice, bob = shop.members[:2]
    order = await _place(db, alice, shop.product_id, "tap:a", settlement=Settlement.offline)
    async with db.begin() as session:
        with pytest.raises(NotFound):
            await orders.of_member(session, order_id=order.id, member_id=bob)
        with pytest.raises(NotFound):
            await orders.cancel(session, order_id=order.id, member_id=bob, now=NOW)
        with pytest.raises(NotFound):  # bob reusing alice's button key gets nothing of hers
            await orders.place(
                session, member_id=bob, product_id=shop.product_id, quantity=1, key="tap:a", now=NOW
            )
        with pytest.raises(Forbidden):
            await settlement.confirm_offline(session, order_id=order.id, actor_id=bob, now=NOW)
    async with db.begin() as session:
        await settlement.confirm_offline(session, order_id=order.id, actor_id=shop.supplier_member, now=NOW)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await orders.ship(session, order_id=order.id, actor_id=alice, tracking_no="SF1", now=NOW)
        with pytest.raises(Forbidden):
            await orders.refund(session, order_id=order.id, admin_id=shop.supplier_member, now=NOW)
        with pytest.raises(Forbidden):
            await ledger.disburse(
                session,
                admin_id=alice,
                amount_fen=1,
                recipient="x",
                purpose="y",
                disbursed_on=NOW.date(),
                key="d1",
                now=NOW,
            )


async def test_lifecycle_ship_receive_and_refund_reverses_points_and_match(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    order = await _place(db, alice, shop.charity_product_id, "tap:a")
    await _pay(db, order)
    async with db.begin() as session:
        shipped = await orders.ship(
            session, order_id=order.id, actor_id=shop.supplier_member, tracking_no="SF123", now=NOW
        )
        assert shipped.status == OrderStatus.shipped and shipped.tracking_no == "SF123"
        with pytest.raises(WrongStatus):
            await orders.cancel(session, order_id=order.id, member_id=alice, now=NOW)
    async with db.begin() as session:
        done = await orders.receive_due(session, now=NOW + timedelta(days=16), days=15)
        assert [o.id for o in done] == [order.id]
    second = await _place(db, alice, shop.charity_product_id, "tap:b")
    await _pay(db, second, charge="ch-2")
    async with db.begin() as session:
        await orders.cancel(session, order_id=second.id, member_id=alice, now=NOW)
        assert await ledger.points_balance(session, member_id=alice) == 136  # refund not recorded yet
        await orders.refund(session, order_id=second.id, admin_id=shop.admin, now=NOW)
    async with db.begin() as session:
        with pytest.raises(WrongStatus):  # recorded once
            await orders.refund(session, order_id=second.id, admin_id=shop.admin, now=NOW)
    async with db.read() as session:
        assert await ledger.points_balance(session, member_id=alice) == 68
        summary = await ledger.fund_summary(session)
        assert (summary.matched_fen, summary.reversed_fen, summary.balance_fen) == (200, 100, 100)
        assert (await session.get(Product, shop.charity_product_id)).stock == 99


async def test_disbursement_is_recorded_once_and_never_beyond_the_balance(db):
    shop = await open_shop(db)
    order = await _place(db, shop.members[0], shop.charity_product_id, "tap:a")
    await _pay(db, order)
    async with db.begin() as session:
        for _ in range(2):
            await ledger.disburse(
                session,
                admin_id=shop.admin,
                amount_fen=60,
                recipient="城口县岚溪村",
                purpose="助学",
                disbursed_on=NOW.date(),
                key="fund-out:1",
                now=NOW,
            )
    async with db.read() as session:
        summary = await ledger.fund_summary(session)
        assert (summary.disbursed_fen, summary.balance_fen) == (60, 40)
        assert summary.latest[0].recipient == "城口县岚溪村"
    async with db.begin() as session:
        with pytest.raises(Exception, match="balance"):
            await ledger.disburse(
                session,
                admin_id=shop.admin,
                amount_fen=41,
                recipient="x",
                purpose="y",
                disbursed_on=NOW.date(),
                key="fund-out:2",
                now=NOW,
            )


async def test_the_match_of_an_order_waiting_for_its_refund_is_not_paid_out(db):
    shop = await open_shop(db)
    kept = await _place(db, shop.members[0], shop.charity_product_id, "tap:a")
    await _pay(db, kept)
    cancelled = await _place(db, shop.members[1], shop.charity_product_id, "tap:b")
    await _pay(db, cancelled, charge="ch-2")
    async with db.begin() as session:
        await orders.cancel(session, order_id=cancelled.id, member_id=shop.members[1], now=NOW)
    async with db.read() as session:
        assert (await ledger.fund_summary(session)).balance_fen == 200  # both matches, until the refund
        assert await ledger.disbursable(session) == 100
    async with db.begin() as session:
        with pytest.raises(InvalidInput, match="balance"):
            await _disburse(session, shop.admin, 101, "fund-out:1")
        await _disburse(session, shop.admin, 100, "fund-out:2")
    async with db.begin() as session:
        await orders.refund(session, order_id=cancelled.id, admin_id=shop.admin, now=NOW)
    async with db.read() as session:
        summary = await ledger.fund_summary(session)
        assert (summary.balance_fen, await ledger.disbursable(session)) == (0, 0)  # never below nothing


async def _disburse(session, admin_id: int, amount_fen: int, key: str) -> None:
    await ledger.disburse(
        session,
        admin_id=admin_id,
        amount_fen=amount_fen,
        recipient="城口县岚溪村",
        purpose="助学",
        disbursed_on=NOW.date(),
        key=key,
        now=NOW,
    )
