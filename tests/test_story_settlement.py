"""With a payment provider, money comes through Telegram: no supplier marks an order paid offline,
not by a forged button either, and an admin who took the money some other way records it, saying how."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.telegram import callbacks
from store import ledger, roles
from store.models import Member, Order, OrderStatus, Role
from tests.stories import chicken_supplier, give_contact, member_at_chicken


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}


async def _points(tg, member) -> int:
    async with tg.db.read() as session:
        member_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == member.id))
        return await ledger.points_balance(session, member_id=member_id)


async def test_a_supplier_cannot_mark_an_invoiced_order_paid(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    await supplier.send("/start")
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    assert "invoice" in alice.messages()[-1]
    async with tg.db.read() as session:
        order = await session.scalar(select(Order))
    await supplier.send("/supply")
    assert not any("确认收款" in b for b in supplier.buttons)  # nothing offers it
    await supplier.tap_data(callbacks.make("offline-paid", order.id))  # forged, or from an old notice
    assert "不能标记为线下收款" in supplier.alert
    await supplier.tap_data(callbacks.make("offline-paid", order.id))  # and replayed
    assert "不能标记为线下收款" in supplier.alert
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.pending_payment
        assert (await ledger.fund_summary(session)).matched_fen == 0
    assert await _points(tg, alice) == 0
    assert not any("付款成功" in (m.get("text") or "") for m in alice.messages())


async def test_an_admin_records_money_taken_outside_the_chat(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    async with tg.db.begin() as session:
        order = await session.scalar(select(Order))
        await roles.grant(session, telegram_user_id=902, role=Role.admin)
    admin = tg.member("admin", user_id=902)
    bob = tg.member("bob")
    await bob.send("/start")
    await bob.send(f"/settle {order.id} 现金")
    assert "没有进行此操作的权限" in bob.last
    await admin.send("/start")
    await admin.send("/settle")
    assert "用法：/settle 订单号 收款说明" in admin.last
    await admin.send(f"/settle {order.id} 展销会现场收现金 ¥168")
    assert "标记为已付款" in admin.last and "展销会现场收现金" in admin.last
    assert await _points(tg, alice) == 0  # asked first
    await admin.tap("确认已收款")
    assert "已标记为已付款" in admin.last
    assert "付款成功" in alice.last and "爱心积分 +168" in alice.last
    assert "查看订单" in alice.buttons
    await admin.tap_data(callbacks.make("settle-ok", order.id))  # the button again
    assert "过期" in admin.alert or "失效" in admin.alert
    assert sum("付款成功" in (m.get("text") or "") for m in alice.messages()) == 1
    assert await _points(tg, alice) == 168
    async with tg.db.read() as session:
        settled = await session.get(Order, order.id)
        admin_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
    assert (settled.status, settled.settled_by_id, settled.settlement_note) == (
        OrderStatus.paid,
        admin_id,
        "展销会现场收现金 ¥168",
    )
