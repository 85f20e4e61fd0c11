"""发货 asks the courier, then the number; the buyer's order page shows a timeline — placed, paid,
shipped with courier and number, received — and, for a courier kuaidi100 knows, a link to follow it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.telegram import callbacks
from handlers.timeline import track_url
from store import orders
from store.errors import InvalidInput
from store.models import Member, Order
from tests.stories import chicken_supplier, paid_chicken

COURIERS = ["顺丰", "中通", "圆通", "韵达", "邮政", "京东", "其他快递", "取消"]


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}


def _links(message: dict) -> list[str]:
    return [e["url"] for e in message.get("entities") or () if e["type"] == "text_link"]


async def test_shipping_asks_the_courier_then_the_number_and_the_buyer_can_follow_it(tg):
    await chicken_supplier(tg)
    supplier = tg.member("supplier", user_id=900)
    alice = await paid_chicken(tg)
    await supplier.tap("发货")
    assert "用哪家快递发货" in supplier.last and supplier.buttons == COURIERS
    await supplier.send("SF1234567890")  # the number before the courier: the courier comes first
    assert "请先点下面的按钮选择快递公司" in supplier.recent(2) and supplier.buttons == COURIERS
    _, old = supplier.find_button("中通")
    await supplier.tap("顺丰")
    assert "快递单号" in supplier.last
    await supplier.tap_data(old)  # the courier step's old button
    assert "这个按钮已失效" in supplier.alert
    await supplier.send("SF1234567890")
    assert "已发货" in supplier.last
    shipped = alice.messages()[-1]
    assert "您的订单已发货" in shipped["text"] and "发货 · 顺丰 SF1234567890" in shipped["text"]
    assert _links(shipped) == ["https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890"]
    await alice.tap("确认收货")
    page = next(m for m in reversed(alice.messages()) if "订单 #1 · 已收货" in (m.get("text") or ""))
    steps = [line for line in page["text"].splitlines() if line[:1] in "🕒💳🚚📦"]
    assert [s.split(" ", 3)[-1] for s in steps] == [
        "下单",
        "付款",
        "发货 · 顺丰 SF1234567890 · 查询物流",
        "收货",
    ]
    assert _links(page) == ["https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890"]
    async with tg.db.read() as session:
        order = await session.scalar(select(Order))
        assert (order.courier, order.tracking_no) == ("sf", "SF1234567890")


async def test_a_supplier_delivering_it_themselves_still_can_and_has_no_link(tg):
    await chicken_supplier(tg)
    supplier = tg.member("supplier", user_id=900)
    alice = await paid_chicken(tg)
    await supplier.tap("发货")
    await supplier.tap("其他快递")
    await supplier.send("明天再发")  # the number's checks stand
    assert "这不像快递单号" in supplier.recent(2)
    await supplier.send("自送")
    assert "已发货" in supplier.last
    assert "发货 · 自送" in alice.last and _links(alice.messages()[-1]) == []
    async with tg.db.read() as session:
        assert (await session.scalar(select(Order))).courier == orders.SELF_DELIVERY
        member = await session.scalar(select(Member).where(Member.telegram_user_id == 900))
        assert member.dialog is None


async def test_a_forged_courier_is_refused(tg):
    await chicken_supplier(tg)
    supplier = tg.member("supplier", user_id=900)
    await paid_chicken(tg)
    await supplier.tap("发货")
    async with tg.db.read() as session:
        version = await session.scalar(select(Member.dialog_version).where(Member.telegram_user_id == 900))
    await supplier.tap_data(callbacks.make("dlg-pick", version, 99))
    assert "这个按钮已失效" in supplier.alert  # no such courier: nothing kept
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == 900))
        assert member.dialog_data["step"] == "courier"
        order = await session.scalar(select(Order))
    async with tg.db.begin() as session:
        with pytest.raises(InvalidInput):
            await orders.ship(
                session,
                order_id=order.id,
                actor_id=member.id,
                tracking_no="SF1",
                now=order.paid_at,
                courier="ufo",
            )


def test_tracking_links_are_kuaidi100_queries_for_known_couriers_only():
    assert track_url("jd", "JD0148 9236") == "https://www.kuaidi100.com/chaxun?com=jd&nu=JD0148%209236"
    assert (
        track_url("post", "9876543210123")
        == "https://www.kuaidi100.com/chaxun?com=youzhengguonei&nu=9876543210123"
    )
    assert track_url("other", "123456") is None and track_url("self", "自送") is None
    assert track_url("", "SF1") is None  # shipped before couriers were asked
