"""A member's own orders as Request → Reply: placing one (`purchase.place`, as a door's 一键下单 calls
it), /orders and its pages, one order's page, cancelling (asked first), confirming receipt, paying
again — and another member's order refused exactly like a missing one, changing nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from handlers.policy import Policy
from handlers.reply import Payment
from store import members, orders, settlement
from store.errors import ContactMissing, OutOfStock
from store.models import Order, OrderStatus, Product
from tests.flows.door import Door, alert, intents, news, offered, order, payment, refusal, text
from tests.shop import open_shop

ONLINE = Policy(payment_provider_token="test:provider")


@pytest.fixture
async def shop(db):
    """A shop of one supplier (Telegram user 900), an admin (901) and members 100… with contacts."""
    return await open_shop(db, stock=10)


async def _stock(db, product_id: int) -> int:
    async with db.read() as session:
        return await session.scalar(select(Product.stock).where(Product.id == product_id))


async def _status(db, order_id: int) -> OrderStatus:
    async with db.read() as session:
        return (await session.get(Order, order_id)).status


async def _paid(db, order_id: int, by: int) -> None:
    async with db.begin() as session:
        await settlement.confirm_offline(session, order_id=order_id, actor_id=by, now=datetime.now(UTC))


async def test_an_offline_order_is_placed_once_shown_in_orders_and_its_supplier_is_told(db, shop):
    buyer, supplier = Door(db, 100, "member 0"), Door(db, 900, "王德明")
    placed, shown = await order(buyer, shop.product_id, quantity=2)
    assert "已下单（货到付款 / 单位结算）" in text(shown) and "供应商确认收款后会通知您" in text(shown)
    assert offered(shown, "order-view")[0].args == (placed.id,)
    again, shown_again = await order(buyer, shop.product_id, quantity=2)  # the same button tapped again
    assert again.id == placed.id and text(shown_again) == text(shown)
    assert await _stock(db, shop.product_id) == 8
    (told,) = await news(supplier)  # told once
    assert "新订单（货到付款 / 单位结算）" in told and "电话和地址在确认收款后显示" in told

    listed = await buyer.command("orders")
    assert "我的订单</b>（共 1 笔）" in text(listed)
    (button,) = offered(listed, "order-view")
    assert button.label == f"#{placed.id} · 城口老腊肉 · 待确认收款 · ¥256.00"
    page = await buyer.press(listed, "order-view")
    assert f"订单 #{placed.id}</b> · 待确认收款" in text(page) and "城口老腊肉 ×2 · ¥256.00" in text(page)
    assert "order-cancel" in intents(page) and "om-new" in intents(page)
    assert "order-pay" not in intents(page) and "order-receive" not in intents(page)  # nothing to pay here


async def test_orders_are_paged_newest_first_and_none_says_so(db, shop):
    buyer = Door(db, 100, "member 0")
    assert "您还没有订单" in text(await buyer.command("orders"))
    placed = [(await order(buyer, shop.charity_product_id, nonce=n))[0] for n in range(9)]
    first = await buyer.tap("orders", 0)
    assert offered(first, "order-view")[0].args == (placed[-1].id,) and len(offered(first, "order-view")) == 8
    second = await buyer.press(first, "orders")  # 下一页 ›
    assert [a.args for a in offered(second, "order-view")] == [(placed[0].id,)]
    assert offered(second, "orders")[0].args == (0,)  # ‹ 上一页


async def test_placing_without_a_contact_or_past_the_stock_places_nothing(db, shop):
    async with db.begin() as session:
        await members.ensure(session, telegram_user_id=555, display_name="新人")
    with pytest.raises(ContactMissing):  # the door asks the contact first (tests/flows/test_dialogs.py)
        await order(Door(db, 555, "新人"), shop.product_id)
    with pytest.raises(OutOfStock):
        await order(Door(db, 100, "member 0"), shop.product_id, quantity=11)
    assert await _stock(db, shop.product_id) == 10
    assert "您还没有订单" in text(await Door(db, 100, "member 0").command("orders"))


async def test_an_online_order_offers_its_invoice_again_until_it_is_no_longer_due(db, shop):
    buyer = Door(db, 100, "member 0", policy=ONLINE)
    placed, shown = await order(buyer, shop.product_id)
    assert payment(shown).order.id == placed.id
    page = await buyer.tap("order-view", placed.id)
    assert f"订单 #{placed.id}</b> · 待付款" in text(page)
    again = await buyer.press(page, "order-pay")
    assert isinstance(again, Payment) and again.order.id == placed.id

    async with db.begin() as session:  # the payment time ran out before the clock cancelled it
        (await session.get(Order, placed.id)).expires_at = datetime.now(UTC) - timedelta(minutes=1)
    late = await buyer.tap("order-pay", placed.id)
    assert alert(late).modal and "订单已超时" in alert(late).text
    assert "order-pay" not in intents(late)  # its page as it stands, without the button
    await buyer.tap("order-cancel-ok", placed.id)
    cancelled = await buyer.tap("order-pay", placed.id)
    assert "这笔订单已取消，不需要再付款" in alert(cancelled).text and payment(cancelled) is None


async def test_an_offline_order_is_not_paid_in_the_chat(db, shop):
    buyer = Door(db, 100, "member 0")
    placed, _ = await order(buyer, shop.product_id)
    said = await buyer.tap("order-pay", placed.id)  # an old button, or a forged one
    assert "不在聊天中付款" in alert(said).text and payment(said) is None
    assert await _status(db, placed.id) == OrderStatus.pending_payment


async def test_cancelling_an_unpaid_order_is_asked_first_then_its_stock_returns(db, shop):
    buyer, supplier = Door(db, 100, "member 0"), Door(db, 900, "王德明")
    placed, _ = await order(buyer, shop.product_id, quantity=3)
    asked = await buyer.press(await buyer.tap("order-view", placed.id), "order-cancel")
    assert "确定取消这笔订单吗？库存会退回" in text(asked)
    assert [a.intent for a in offered(asked, "order-cancel-ok") + offered(asked, "order-view")] == [
        "order-cancel-ok",
        "order-view",
    ]
    assert await _stock(db, shop.product_id) == 7  # asked first: nothing changed yet
    done = await buyer.press(asked, "order-cancel-ok")
    assert alert(done).text == "订单已取消" and f"订单 #{placed.id}</b> · 已取消" in text(done)
    assert "order-cancel" not in intents(done)
    assert await _stock(db, shop.product_id) == 10
    told = (await news(supplier))[-1]
    assert "已被买家取消，请不要发货" in told and "退还" not in told
    assert "状态已经变化" in await refusal(buyer.tap("order-cancel", placed.id))  # once only
    assert "状态已经变化" in await refusal(buyer.tap("order-cancel-ok", placed.id))
    assert await _stock(db, shop.product_id) == 10


async def test_cancelling_a_paid_order_waits_for_a_refund_and_tells_supplier_and_admins(db, shop):
    buyer, supplier, admin = Door(db, 100, "member 0"), Door(db, 900, "王德明"), Door(db, 901, "管理员")
    placed, _ = await order(buyer, shop.product_id)
    await _paid(db, placed.id, shop.supplier_member)
    asked = await buyer.tap("order-cancel", placed.id)
    assert "确定取消这笔已付款的订单吗" in text(asked) and "供应商会退还您已付的货款" in text(asked)
    done = await buyer.press(asked, "order-cancel-ok")
    assert "已取消 · 退款办理中" in text(done)
    assert "请把已收的 ¥128.00 退还买家" in (await news(supplier))[-1]
    assert "需要退款" in (await news(admin))[-1] and "货款在供应商处" in (await news(admin))[-1]
    async with db.read() as session:
        assert (await session.get(Order, placed.id)).awaits_refund


async def test_a_shipped_order_is_received_once_and_a_rating_is_asked(db, shop):
    buyer = Door(db, 100, "member 0")
    placed, _ = await order(buyer, shop.product_id)
    assert "状态已经变化" in await refusal(buyer.tap("order-receive", placed.id))  # not shipped yet
    await _paid(db, placed.id, shop.supplier_member)
    async with db.begin() as session:
        await orders.ship(
            session,
            order_id=placed.id,
            actor_id=shop.supplier_member,
            tracking_no="SF1234567890",
            now=datetime.now(UTC),
        )
    page = await buyer.tap("order-view", placed.id)
    assert "已发货" in text(page) and "order-cancel" not in intents(page)
    received = await buyer.press(page, "order-receive")
    assert alert(received).text == "已确认收货，谢谢！" and "已收货" in text(received)
    assert "给它打个分吧" in text(received)
    assert await _status(db, placed.id) == OrderStatus.received
    assert "状态已经变化" in await refusal(buyer.tap("order-receive", placed.id))


async def test_another_members_order_is_refused_like_a_missing_one_and_nothing_changes(db, shop):
    buyer, other = Door(db, 100, "member 0", policy=ONLINE), Door(db, 101, "member 1", policy=ONLINE)
    placed, _ = await order(buyer, shop.product_id)
    for intent in ("order-view", "order-cancel", "order-cancel-ok", "order-receive", "order-pay"):
        for asked in (placed.id, placed.id + 1000):  # hers, and none at all
            assert "没有找到该内容" in await refusal(other.tap(intent, asked)), intent
    assert await _status(db, placed.id) == OrderStatus.pending_payment
    assert await _stock(db, shop.product_id) == 9
    assert "您还没有订单" in text(await other.command("orders"))
