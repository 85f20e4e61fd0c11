"""Settlement follows the shop's payment mode, in the store: an order placed to be paid in the chat
cannot be marked paid offline by anyone; an admin who took the money another way says so, and it is
kept on the order. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store import ledger, orders, settlement
from store.errors import AwaitsOnlinePayment, Forbidden, InvalidInput, WrongStatus
from store.ledger_models import FundEntry, PointsEntry
from store.models import OrderStatus, Settlement
from tests.shop import NOW, open_shop


async def _place(db, shop, settlement, key="tap:1", product=None):
    async with db.begin() as session:
        return await orders.place(
            session,
            member_id=shop.members[0],
            product_id=product or shop.charity_product_id,
            quantity=1,
            key=key,
            now=NOW,
            settlement=settlement,
        )


async def _nothing_credited(db) -> bool:
    async with db.read() as session:
        points = await session.scalar(select(func.count()).select_from(PointsEntry))
        fund = await session.scalar(select(func.count()).select_from(FundEntry))
    return points == 0 and fund == 0


async def test_an_order_awaiting_its_online_payment_cannot_be_confirmed_offline(db):
    shop = await open_shop(db)
    order = await _place(db, shop, Settlement.online)
    for actor in (shop.supplier_member, shop.admin):  # neither its supplier nor an admin
        async with db.begin() as session:
            with pytest.raises(AwaitsOnlinePayment):
                await settlement.confirm_offline(session, order_id=order.id, actor_id=actor, now=NOW)
    async with db.read() as session:
        assert (await orders.get(session, order_id=order.id)).status == OrderStatus.pending_payment
    assert await _nothing_credited(db)


async def test_an_offline_order_is_confirmed_by_its_supplier_once(db):
    shop = await open_shop(db)
    order = await _place(db, shop, Settlement.offline)
    async with db.begin() as session:
        paid = await settlement.confirm_offline(
            session, order_id=order.id, actor_id=shop.supplier_member, now=NOW
        )
    assert paid.status == OrderStatus.paid and paid.settled_offline
    async with db.begin() as session:  # the button again: refused, nothing credited twice
        with pytest.raises(WrongStatus):
            await settlement.confirm_offline(
                session, order_id=order.id, actor_id=shop.supplier_member, now=NOW
            )
    async with db.read() as session:
        assert await ledger.points_balance(session, member_id=shop.members[0]) == 68
        assert (await ledger.fund_summary(session)).matched_fen == 100


async def test_an_admin_settles_an_online_order_by_hand_saying_how(db):
    shop = await open_shop(db)
    order = await _place(db, shop, Settlement.online)
    async with db.begin() as session:
        with pytest.raises(Forbidden):  # a supplier is no admin
            await settlement.settle_by_admin(
                session, order_id=order.id, admin_id=shop.supplier_member, note="现金", now=NOW
            )
    async with db.begin() as session:
        with pytest.raises(InvalidInput):  # how the money came must be said
            await settlement.settle_by_admin(
                session, order_id=order.id, admin_id=shop.admin, note="  ", now=NOW
            )
    assert await _nothing_credited(db)
    async with db.begin() as session:
        paid = await settlement.settle_by_admin(
            session, order_id=order.id, admin_id=shop.admin, note="银行转账 已核对", now=NOW
        )
    assert paid.status == OrderStatus.paid
    async with db.read() as session:
        stored = await orders.get(session, order_id=order.id)
        assert (stored.settled_by_id, stored.settlement_note) == (shop.admin, "银行转账 已核对")
        assert stored.telegram_payment_charge_id is None
        assert await ledger.points_balance(session, member_id=shop.members[0]) == 68
        assert (await ledger.fund_summary(session)).matched_fen == 100
    async with db.begin() as session:  # twice: refused, once credited
        with pytest.raises(WrongStatus):
            await settlement.settle_by_admin(
                session, order_id=order.id, admin_id=shop.admin, note="again", now=NOW
            )
