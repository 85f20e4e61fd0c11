"""Without a payment provider (the default) orders are settled offline (货到付款 / 单位结算): such an
order waits for its supplier's (or an admin's) confirmation instead of expiring like an unpaid
invoice. The supplier is reminded once after a day; admins see what waited past OFFLINE_CONFIRM_DAYS
in /offline and may cancel one, saying so to its buyer and supplier; the buyer may cancel it too."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.telegram import callbacks
from handlers.my_orders import tell_expired
from handlers.purchase import remind_offline
from jobs.orders import expire_unpaid
from jobs.orders import remind_offline as remind_job
from store.models import Order, OrderStatus, Product
from tests.stories import chicken_supplier, give_contact, member_at_chicken

CHICKEN = select(Product.stock).where(Product.name == "城口山地鸡")


async def _offline_order(tg, name="alice"):
    member = await member_at_chicken(tg, name)
    await member.tap("一键下单")
    await give_contact(member)
    assert "供应商确认收款后会通知您" in member.last
    return member


async def _placed_days_ago(tg, days: int, order_id: int | None = None) -> Order:
    """As the clock sees the order `days` later (its expiry, had it one, moved along)."""
    async with tg.db.begin() as session:
        order = await session.get(Order, order_id) if order_id else await session.scalar(select(Order))
        order.created_at -= timedelta(days=days)
        if order.expires_at is not None:
            order.expires_at -= timedelta(days=days)
        return order


def _count(member, words: str) -> int:
    return sum(words in (m.get("text") or "") for m in member.messages())


async def test_an_offline_order_waits_and_its_supplier_is_reminded_once_after_a_day(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    alice = await _offline_order(tg)
    order = await _placed_days_ago(tg, 2)
    assert await expire_unpaid(tg.db, tell=tell_expired) == 0  # past ORDER_PAYMENT_MINUTES: still waiting
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.pending_payment
    assert await remind_job(tg.db, tell=remind_offline) == 1
    assert await remind_job(tg.db, tell=remind_offline) == 0  # once: the next round finds nothing
    await tg.application.notices_settled()
    assert "下单已超过一天，还没有确认收款" in supplier.last and "城口山地鸡 ×1" in supplier.last
    assert supplier.buttons == ["✅ 确认收款", "💬 联系买家"]
    assert _count(supplier, "还没有确认收款") == 1 and _count(alice, "已自动取消") == 0
    await alice.send("/orders")
    assert "城口山地鸡 · 待确认收款" in " ".join(alice.buttons)
    await supplier.tap("确认收款")  # on the reminder
    assert "付款成功" in alice.last


async def test_admins_see_offline_orders_waiting_too_long_and_cancel_one_saying_so(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    admin = await tg.admin()
    await admin.send("/start")
    await admin.tap("中文")
    alice = await _offline_order(tg)
    old = await _placed_days_ago(tg, 8)
    await _offline_order(tg, "bob")  # placed today: its supplier has time yet
    async with tg.db.read() as session:
        stock = await session.scalar(CHICKEN)
    await admin.send("/offline")
    assert "待确认收款的线下结算订单" in admin.last and "下单超过 7 天，共 1 笔" in admin.last
    assert f"#{old.id} · 待确认收款" in admin.last and "已等待 8 天" in admin.last
    assert "13800138000" not in admin.last and "电话和地址在确认收款后显示" in admin.last
    assert admin.buttons[:3] == [f"✅ 确认收款 #{old.id}", f"💬 联系买家 #{old.id}", f"✖️ 取消 #{old.id}"]
    await supplier.send("/offline")
    assert "没有进行此操作的权限" in supplier.last  # for admins
    await supplier.tap_data(callbacks.make("offline-cancel-ok", old.id))
    assert "没有进行此操作的权限" in supplier.alert
    await admin.tap(f"取消 #{old.id}")
    assert "确定取消这笔订单吗" in admin.last and "买家会收到通知" in admin.last
    async with tg.db.read() as session:  # asked first: nothing changed yet
        assert (await session.get(Order, old.id)).status == OrderStatus.pending_payment
    await admin.tap("确认取消")
    assert "已取消，买家和供应商已收到通知" in admin.last
    assert "下单已超过 7 天，一直没有确认收款，管理员已将其取消" in alice.last
    assert "管理员已将其取消，请不要发货" in supplier.last
    async with tg.db.read() as session:
        assert (await session.get(Order, old.id)).close_reason == "admin"
        assert await session.scalar(CHICKEN) == stock + 1
    await admin.tap("待确认收款订单")
    assert "没有下单超过 7 天仍未确认收款的线下结算订单" in admin.last


async def test_a_buyer_cancels_an_unpaid_offline_order_and_its_supplier_hears_of_it(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    alice = await _offline_order(tg)
    async with tg.db.read() as session:
        stock = await session.scalar(CHICKEN)
    await alice.send("/orders")
    await alice.tap("#")
    assert "待确认收款" in alice.last and "💳 去付款" not in alice.buttons  # nothing to pay in the chat
    await alice.tap("取消订单")
    await alice.tap("确认取消")
    assert "已取消" in alice.last
    assert "已被买家取消，请不要发货" in supplier.last and "退还" not in supplier.last
    async with tg.db.read() as session:
        assert await session.scalar(CHICKEN) == stock + 1
    await supplier.tap_data(supplier.find_button("确认收款")[1])  # the new-order notice's button
    assert "状态已经变化" in supplier.alert
