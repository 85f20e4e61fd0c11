"""联系卖家 / 联系客服: from an order's page a member writes to its supplier through the bot, and the
supplier answers with 回复; the message carries the order's number, never a Telegram account. A forged
reply button, a message too long or too many get a kind answer and change nothing. The supplier sees
the buyer's phone and address only once the order is paid."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.telegram import callbacks
from store.models import Order, OrderMessage
from tests.stories import chicken_supplier, give_contact, member_at_chicken

MESSAGES = select(func.count()).select_from(OrderMessage)


async def _ordered(tg, name="alice"):
    member = await member_at_chicken(tg, name)
    await member.tap("一键下单")
    await give_contact(member)
    return member


async def _order_page(member):
    await member.send("/orders")
    await member.tap("#")


async def test_a_buyer_writes_to_the_seller_who_replies_and_neither_sees_the_other(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("wang_supplier", user_id=901)
    alice = await _ordered(tg)
    await _order_page(alice)
    await alice.tap("联系卖家")
    assert "联系卖家（订单 #1）" in alice.last and "500 字以内" in alice.last
    await alice.send("请问什么时候发货？")
    assert "已转给卖家（订单 #1）" in alice.last
    assert "买家就订单 #1 写道" in supplier.last and "请问什么时候发货？" in supplier.last
    assert "城口山地鸡 ×1" in supplier.last and supplier.buttons == ["↩️ 回复"]
    assert "alice" not in supplier.last and str(alice.id) not in str(supplier.messages()[-1])
    await supplier.tap("回复")
    assert "给买家留言（订单 #1）" in supplier.last
    await supplier.send("明天发顺丰，请放心")
    assert "已转给买家" in supplier.last
    assert "卖家 城口县岚溪村农户 王德明就订单 #1 写道" in alice.last  # the business, not the account
    assert "明天发顺丰，请放心" in alice.last and "wang_supplier" not in alice.last
    assert alice.buttons == ["↩️ 回复", "查看订单"]
    await alice.tap("回复")
    await alice.send("好的，谢谢")
    assert "好的，谢谢" in supplier.last
    async with tg.db.read() as session:
        assert await session.scalar(MESSAGES) == 3


async def test_a_forged_reply_button_on_another_order_is_refused(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    alice = await _ordered(tg)
    await _order_page(alice)
    await alice.tap("联系卖家")
    await alice.send("地址能改一下吗？")
    reply = supplier.find_button("回复")[1]
    bob = await _ordered(tg, "bob")
    await bob.tap_data(reply)  # alice's message's button, forged by the buyer of another order
    assert bob.alert == "您没有进行此操作的权限。"
    async with tg.db.read() as session:
        alices = await session.scalar(select(Order.id).where(Order.id == 1))
    await bob.tap_data(callbacks.make("om-new", alices))  # writing on her order
    assert bob.alert == "您没有进行此操作的权限。"
    await alice.tap_data(reply)  # her own message: only the other side answers it
    assert alice.alert == "您没有进行此操作的权限。"
    await bob.send("我也想问问")  # not in a message dialog: a product search, nothing relayed
    async with tg.db.read() as session:
        assert await session.scalar(MESSAGES) == 1


async def test_too_long_or_too_many_get_a_kind_answer_and_nothing_is_sent(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    alice = await _ordered(tg)
    await _order_page(alice)
    await alice.tap("联系卖家")
    await alice.send("长" * 501)
    assert "这条消息有 501 个字，最多 500 个字" in alice.recent(2) and "联系卖家" in alice.last
    for n in range(5):
        if n:
            await _order_page(alice)
            await alice.tap("联系卖家")
        await alice.send(f"第 {n + 1} 条")
    await _order_page(alice)
    await alice.tap("联系卖家")
    await alice.send("第 6 条")
    assert "一小时内已经发了 5 条消息" in alice.last
    assert (
        "第 5 条" in supplier.last and sum("写道" in (m.get("text") or "") for m in supplier.messages()) == 5
    )
    await alice.send("城口山地鸡")  # the dialog ended: a search again
    assert "城口山地鸡" in " ".join(alice.buttons)


async def test_orders_of_a_supplier_nobody_holds_go_to_customer_service(tg):
    admin = await tg.admin(user_id=921)
    await admin.send("/start")
    await admin.tap("中文")
    alice = await _ordered(tg)
    await _order_page(alice)
    await alice.tap("联系客服")
    assert "联系客服（订单 #1）" in alice.last
    await alice.send("发票怎么开？")
    assert "已转给爱心购客服" in alice.last
    assert "买家就订单 #1 写道" in admin.last and "请管理员代为处理" in admin.last
    await admin.tap("回复")
    await admin.send("请把单位名称发给我们")
    assert "爱心购客服就订单 #1 写道" in alice.last and "请把单位名称发给我们" in alice.last


async def test_a_supplier_sees_the_buyers_phone_and_address_only_once_paid(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    await _ordered(tg)
    assert "新订单（货到付款 / 单位结算）" in supplier.last
    for text in (supplier.last, await _supply(supplier)):
        assert "张三" in text and "电话和地址在确认收款后显示" in text
        assert "13800138000" not in text and "人民路100号" not in text
    await supplier.tap("确认收款")
    assert "13800138000" in supplier.last and "重庆市渝中区人民路100号" in supplier.last
    assert "张三 13800138000 · 重庆市渝中区人民路100号" in await _supply(supplier)


async def _supply(supplier) -> str:
    await supplier.send("/supply")
    return supplier.last
