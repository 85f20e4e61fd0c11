"""The supplier's side of an order as Request → Reply: /supply and its pages, 确认收款 of an offline
order (offline-paid), 发货 and its dialog "tracking" (the courier, then a tracking number), and the
admins' /offline queue of offline orders nobody confirmed in time (offline, offline-cancel,
offline-cancel-ok). Whoever holds no role for the order is refused, and nothing changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handlers.policy import Policy
from store import ledger, roles, settlement
from store.models import Order, OrderStatus, Product, Role, Supplier
from tests.flows.door import Door, alert, intents, news, offered, order, refusal, text
from tests.shop import open_shop


@pytest.fixture
async def shop(db):
    """A shop of one supplier (Telegram user 900), an admin (901) and members 100… with contacts."""
    return await open_shop(db, stock=10)


async def _order(db, order_id: int) -> Order:
    async with db.read() as session:
        return await session.get(Order, order_id)


async def _points(db, member_id: int) -> int:
    async with db.read() as session:
        return await ledger.points_balance(session, member_id=member_id)


async def _paid_order(db, shop, buyer) -> Order:
    placed, _ = await order(buyer, shop.product_id)
    async with db.begin() as session:
        await settlement.confirm_offline(
            session, order_id=placed.id, actor_id=shop.supplier_member, now=datetime.now(UTC)
        )
    return placed


async def test_a_supplier_confirms_the_money_of_an_offline_order_once(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    listed = await supplier.command("supply")
    assert "我供应的订单</b>（共 1 笔）" in text(listed) and "电话和地址在确认收款后显示" in text(listed)
    assert "13800138000" not in text(listed)  # not before the money came
    assert offered(listed, "offline-paid")[0].label == f"✅ 确认收款 #{placed.id}"
    confirmed = await supplier.press(listed, "offline-paid")
    assert alert(confirmed).text == "已确认收款" and "13800138000" in text(confirmed)  # now, to ship it
    assert offered(confirmed, "ship")[0].args == (placed.id,)
    assert (await _order(db, placed.id)).status == OrderStatus.paid
    assert await _points(db, shop.members[0]) == 128
    assert "付款成功" in (await news(buyer))[-1] and "爱心积分 +128" in (await news(buyer))[-1]
    assert "状态已经变化" in await refusal(supplier.tap("offline-paid", placed.id))  # twice: paid once
    assert await _points(db, shop.members[0]) == 128
    after = await supplier.tap("supply", 0)
    assert "offline-paid" not in intents(after) and offered(after, "ship")[0].label == f"🚚 发货 #{placed.id}"


async def test_nobody_but_its_supplier_or_an_admin_confirms_or_ships_an_order(db, shop, buyer, admin):
    placed, _ = await order(buyer, shop.product_id)
    async with db.read() as session:
        other_shop = await session.scalar(select(Supplier.id).where(Supplier.name == "别家小店"))
    stranger = await Door(db, 902, "别家店主").grant(Role.supplier, other_shop)
    for who in (Door(db, 101, "member 1"), buyer, stranger):
        assert "没有进行此操作的权限" in await refusal(who.tap("offline-paid", placed.id))
    assert "没有进行此操作的权限" in await refusal(Door(db, 101, "member 1").command("supply"))
    assert "暂时没有您供应的订单" in text(await stranger.command("supply"))  # not another shop's
    assert (await _order(db, placed.id)).status == OrderStatus.pending_payment
    assert await _points(db, shop.members[0]) == 0

    assert f"#{placed.id}</b> · 待确认收款" in text(await admin.command("supply"))  # every shop's
    await admin.tap("offline-paid", placed.id)  # an admin may act for any supplier
    for who in (Door(db, 101, "member 1"), buyer, stranger):
        assert "没有进行此操作的权限" in await refusal(who.tap("ship", placed.id))
        assert (await who.member()).dialog is None  # no tracking number asked
    assert (await _order(db, placed.id)).status == OrderStatus.paid


async def test_an_order_paid_in_the_chat_is_never_marked_paid_offline(db, shop, supplier):
    online = Door(db, 100, "member 0", policy=Policy(payment_provider_token="test:provider"))
    placed, _ = await order(online, shop.product_id)
    assert "offline-paid" not in intents(await supplier.command("supply"))
    assert "不能标记为线下收款" in await refusal(supplier.tap("offline-paid", placed.id))
    assert (await _order(db, placed.id)).status == OrderStatus.pending_payment
    assert await _points(db, shop.members[0]) == 0


async def test_shipping_asks_the_courier_then_a_tracking_number_and_tells_the_buyer(
    db, shop, buyer, supplier
):
    placed = await _paid_order(db, shop, buyer)
    asked = await supplier.press(await supplier.command("supply"), "ship")
    assert (await supplier.member()).dialog == "tracking"
    assert "重庆市渝中区人民路1号" in text(asked)  # what to ship where, with the question
    assert f"订单 #{placed.id} 用哪家快递发货" in text(asked) and "dialog-cancel" in intents(asked)
    assert [a.label for a in offered(asked, "dlg-pick")][:2] == ["顺丰", "中通"]
    typed = await supplier.say("SF1234567890")  # a number before the courier: the buttons first
    assert "请先点下面的按钮选择快递公司" in text(typed) and "用哪家快递发货" in text(typed)
    numbered = await supplier.press(typed, "dlg-pick")  # 顺丰
    assert f"请发送订单 #{placed.id} 的快递单号" in text(numbered) and "dlg-back" in intents(numbered)
    for excuse in ("明天再发", "3天后再发", "暂时无法送货"):  # not shipped yet: asked again
        again = await supplier.say(excuse)
        assert "这不像快递单号，订单还没有标为发货" in text(again) and "的快递单号" in text(again)
    assert (await _order(db, placed.id)).status == OrderStatus.paid
    shipped = await supplier.say("SF1234567890")
    assert f"订单 #{placed.id} 已发货，已通知买家" in text(shipped)
    stored = await _order(db, placed.id)
    assert (stored.status, stored.courier, stored.tracking_no) == (OrderStatus.shipped, "sf", "SF1234567890")
    assert (await supplier.member()).dialog is None
    told = (await news(buyer))[-1]
    assert "您的订单已发货" in told and "顺丰 SF1234567890" in told
    assert "状态已经变化" in await refusal(supplier.tap("ship", placed.id))  # shipped once


async def test_a_farmer_delivering_himself_ships_without_a_courier(db, shop, buyer, supplier):
    placed = await _paid_order(db, shop, buyer)
    asked = await supplier.tap("ship", placed.id)
    numbered = await supplier.press(asked, "dlg-pick", nth=len(offered(asked, "dlg-pick")) - 1)  # 其他快递
    assert "的快递单号" in text(numbered)
    await supplier.say("自送，明天上午到")
    stored = await _order(db, placed.id)
    assert (stored.status, stored.courier, stored.tracking_no) == (
        OrderStatus.shipped,
        "self",
        "自送，明天上午到",
    )


async def test_cancelling_the_tracking_dialog_ships_nothing(db, shop, buyer, supplier):
    placed = await _paid_order(db, shop, buyer)
    numbered = await supplier.press(await supplier.tap("ship", placed.id), "dlg-pick")
    cancelled = await supplier.press(numbered, "dialog-cancel")
    assert "已取消，什么都没有改变" in text(cancelled)
    assert (await _order(db, placed.id)).status == OrderStatus.paid
    assert not any("已发货" in said for said in await news(buyer))


async def test_an_unpaid_or_cancelled_order_is_not_shipped(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    assert "状态已经变化" in await refusal(supplier.tap("ship", placed.id))  # unpaid
    await supplier.tap("offline-paid", placed.id)
    await buyer.tap("order-cancel-ok", placed.id)  # the buyer cancels before it ships
    assert "状态已经变化" in await refusal(supplier.tap("ship", placed.id))
    assert (await supplier.member()).dialog is None


async def test_supply_pages_through_the_orders_newest_first(db, shop, buyer, supplier):
    placed = [(await order(buyer, shop.charity_product_id, nonce=n))[0] for n in range(9)]
    first = await supplier.tap("supply", 0)
    assert f"#{placed[-1].id}</b>" in text(first) and f"#{placed[0].id}</b>" not in text(first)
    second = await supplier.press(first, "supply")
    assert f"#{placed[0].id}</b>" in text(second) and offered(second, "supply")[0].args == (0,)


async def _placed_days_ago(db, order_id: int, days: int) -> None:
    async with db.begin() as session:
        (await session.get(Order, order_id)).created_at -= timedelta(days=days)


async def _stock(db, product_id: int) -> int:
    async with db.read() as session:
        return await session.scalar(select(Product.stock).where(Product.id == product_id))


async def test_admins_see_offline_orders_waiting_too_long_and_cancel_one_saying_so(
    db, shop, buyer, supplier, admin
):
    old, _ = await order(buyer, shop.product_id)
    await _placed_days_ago(db, old.id, 8)
    recent, _ = await order(Door(db, 101, "member 1"), shop.product_id)  # its supplier has time yet
    queue = await admin.command("offline")
    assert "下单超过 7 天，共 1 笔" in text(queue) and "已等待 8 天" in text(queue)
    assert f"#{recent.id}</b>" not in text(queue) and "13800138000" not in text(queue)
    assert [(a.intent, a.args) for row in queue.rows[:2] for a in row] == [
        ("offline-paid", (old.id,)),
        ("om-new", (old.id,)),
        ("offline-cancel", (old.id,)),
    ]
    asked = await admin.press(queue, "offline-cancel")
    assert "确定取消这笔订单吗？它下单已超过 7 天" in text(asked)
    assert (await _order(db, old.id)).status == OrderStatus.pending_payment  # asked first
    done = await admin.press(asked, "offline-cancel-ok")
    assert alert(done).text == "订单已取消" and "已取消，买家和供应商已收到通知" in text(done)
    stored = await _order(db, old.id)
    assert (stored.status, stored.close_reason) == (OrderStatus.cancelled, "admin")
    assert await _stock(db, shop.product_id) == 9  # the recent one still holds its unit
    assert "管理员已将其取消，库存已释放" in (await news(buyer))[-1]
    assert "管理员已将其取消，请不要发货" in (await news(supplier))[-1]
    assert "没有下单超过 7 天仍未确认收款" in text(await admin.press(done, "offline"))
    assert "还在等待供应商确认收款的期限内" in await refusal(admin.tap("offline-cancel-ok", recent.id))
    assert "状态已经变化" in await refusal(admin.tap("offline-cancel-ok", old.id))  # once
    assert (await _order(db, recent.id)).status == OrderStatus.pending_payment


async def test_the_offline_queue_is_for_admins_only(db, shop, buyer, supplier):
    old, _ = await order(buyer, shop.product_id)
    await _placed_days_ago(db, old.id, 8)
    for who in (supplier, buyer):
        assert "没有进行此操作的权限" in await refusal(who.command("offline"))
        assert "没有进行此操作的权限" in await refusal(who.tap("offline", 0))
        assert "没有进行此操作的权限" in await refusal(who.tap("offline-cancel", old.id))
        assert "没有进行此操作的权限" in await refusal(who.tap("offline-cancel-ok", old.id))
    assert (await _order(db, old.id)).status == OrderStatus.pending_payment
    assert await _stock(db, shop.product_id) == 9


async def test_a_revoked_supplier_can_no_longer_confirm(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    async with db.begin() as session:
        await roles.revoke(session, telegram_user_id=900, role=Role.supplier, scope_id=shop.supplier_id)
    assert "没有进行此操作的权限" in await refusal(supplier.tap("offline-paid", placed.id))
    assert (await _order(db, placed.id)).status == OrderStatus.pending_payment


async def test_the_queues_cancel_button_after_the_money_was_confirmed_is_refused(
    db, shop, buyer, supplier, admin
):
    old, _ = await order(buyer, shop.product_id)
    await _placed_days_ago(db, old.id, 8)
    queue = await admin.command("offline")
    await supplier.tap("offline-paid", old.id)  # the supplier confirms meanwhile
    assert "状态已经变化" in await refusal(admin.press(queue, "offline-cancel"))
