"""Without a payment provider, orders are settled offline: the supplier confirms the money arrived."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Member, Order, OrderStatus
from tests.stories import chicken_supplier, give_contact, member_at_chicken


async def test_supplier_confirms_offline_payment_and_the_member_is_credited(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    assert "货到付款" in alice.last
    assert "确认收款" in " ".join(supplier.buttons)
    await supplier.send("/supply")
    assert "张三" in supplier.last and any(b.startswith("✅ 确认收款 #") for b in supplier.buttons)
    admin = await tg.admin()
    await admin.send("/supply")
    assert "张三" in admin.last  # an admin sees every supplier's orders
    bob = tg.member("bob")
    await bob.send("/start")
    await bob.tap_data(supplier.find_button("确认收款")[1])
    assert "没有进行此操作的权限" in bob.alert  # not his supplier: refused
    await supplier.tap("确认收款")
    assert "付款成功" in alice.last and "爱心积分 +168" in alice.last
    await alice.tap("查看订单")
    assert "已付款" in alice.last
    async with tg.db.read() as session:
        assert (await session.scalar(select(Order))).status == OrderStatus.paid
        assert await alice.points() == 168
    # Cancelled after it was settled offline: the supplier holds the money, so the supplier returns it.
    await alice.tap("取消订单")
    assert "供应商会退还您已付的货款" in alice.last
    await alice.tap("确认取消")
    assert "请不要发货" in supplier.last and "请把已收的 ¥168.00 退还买家" in supplier.last
    assert "货款在供应商处" in admin.last
    await supplier.tap_data(supplier.find_button("发货")[1])  # the paid notice's old button
    assert "状态已经变化" in supplier.alert and "请发送订单" not in supplier.last
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == 901))
        assert member.dialog is None  # no tracking number asked for a cancelled order
