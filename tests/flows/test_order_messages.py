"""Messages on an order between its buyer and its shop, as Request → Reply: 💬 联系卖家 / 联系客服 /
联系买家 (om-new), ↩️ 回复 (om-reply) and the one-step dialog "order_message". The message reaches
the other side as a notice with the order's number; someone with no part in the order is refused
and nothing is kept; too long is asked again, too many ends the dialog sending nothing."""

from __future__ import annotations

from store import order_messages, roles
from store.models import MessageSide, Role
from tests.flows.door import Door, intents, news, offered, order, refusal, text


async def _messages(db, order_id: int):
    async with db.read() as session:
        return await order_messages.of_order(session, order_id=order_id)


async def test_a_buyer_writes_to_the_seller_who_replies_and_the_buyer_answers(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    page = await buyer.tap("order-view", placed.id)
    assert offered(page, "om-new")[0].label == "💬 联系卖家"
    asked = await buyer.press(page, "om-new")
    assert f"联系卖家（订单 #{placed.id}）" in text(asked) and "500 字以内" in text(asked)
    assert "dialog-cancel" in intents(asked)
    sent = await buyer.say("请问什么时候发货？")
    assert f"已转给卖家（订单 #{placed.id}）" in text(sent) and offered(sent, "order-view")[0].args == (
        placed.id,
    )
    assert (await buyer.member()).dialog is None
    told = (await news(supplier))[-1]
    assert f"买家就订单 #{placed.id} 写道" in told and "请问什么时候发货？" in told
    assert "member 0" not in told and "城口老腊肉 ×1" in told  # the order, never the account

    (first,) = await _messages(db, placed.id)
    asked = await supplier.tap("om-reply", first.id)
    assert f"给买家留言（订单 #{placed.id}）" in text(asked)
    sent = await supplier.say("明天发顺丰，请放心")
    assert "已转给买家" in text(sent) and "order-view" not in intents(sent)
    told = (await news(buyer))[-1]
    assert f"卖家 巴山食品就订单 #{placed.id} 写道" in told and "明天发顺丰，请放心" in told
    assert "王德明" not in told

    _, answer = await _messages(db, placed.id)
    await buyer.tap("om-reply", answer.id)
    await buyer.say("好的，谢谢")
    assert "好的，谢谢" in (await news(supplier))[-1]
    stored = await _messages(db, placed.id)
    assert [(m.text, m.to_side, m.reply_to_id) for m in stored] == [
        ("请问什么时候发货？", MessageSide.shop, None),
        ("明天发顺丰，请放心", MessageSide.buyer, first.id),
        ("好的，谢谢", MessageSide.shop, answer.id),
    ]


async def test_a_supplier_writes_first_to_the_buyer_of_its_order(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    asked = await supplier.tap("om-new", placed.id)
    assert f"给买家留言（订单 #{placed.id}）" in text(asked)
    await supplier.say("请问是单位结算还是货到付款？")
    told = (await news(buyer))[-1]
    assert "卖家 巴山食品就订单" in told and "请问是单位结算还是货到付款？" in told
    (message,) = await _messages(db, placed.id)
    assert (message.to_side, message.from_member_id) == (MessageSide.buyer, shop.supplier_member)


async def test_a_message_too_long_is_asked_again_and_nothing_is_sent(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    await buyer.tap("om-new", placed.id)
    refused = await buyer.say("长" * 501)
    assert "这条消息有 501 个字，最多 500 个字" in text(refused) and "联系卖家（订单" in text(refused)
    assert await _messages(db, placed.id) == [] and len(await news(supplier)) == 1  # the new order only
    assert (await buyer.member()).dialog == "order_message"  # still asking
    await buyer.say("长" * 500)
    assert [len(m.text) for m in await _messages(db, placed.id)] == [500]


async def test_the_sixth_message_in_an_hour_ends_the_dialog_and_is_not_sent(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    for n in range(1, 6):
        await buyer.tap("om-new", placed.id)
        await buyer.say(f"第 {n} 条")
    await buyer.tap("om-new", placed.id)
    said = await buyer.say("第 6 条")
    assert "这笔订单您一小时内已经发了 5 条消息" in text(said)
    assert (await buyer.member()).dialog is None
    assert [m.text for m in await _messages(db, placed.id)][-1] == "第 5 条"
    assert len(await news(supplier)) == 1 + 5  # the new order, and five messages


async def test_nobody_outside_the_order_writes_on_it_or_answers_its_messages(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    await buyer.tap("om-new", placed.id)
    await buyer.say("地址能改一下吗？")
    (message,) = await _messages(db, placed.id)
    stranger = Door(db, 101, "member 1")
    await order(stranger, shop.product_id)  # the buyer of another order
    assert "没有进行此操作的权限" in await refusal(stranger.tap("om-new", placed.id))
    assert "没有进行此操作的权限" in await refusal(stranger.tap("om-reply", message.id))
    assert "没有进行此操作的权限" in await refusal(buyer.tap("om-reply", message.id))  # her own message
    assert "没有找到该内容" in await refusal(stranger.tap("om-reply", message.id + 100))
    assert "没有找到该内容" in await refusal(stranger.tap("om-new", placed.id + 100))
    assert (await stranger.member()).dialog is None and (await buyer.member()).dialog is None
    assert len(await _messages(db, placed.id)) == 1


async def test_orders_of_a_supplier_nobody_holds_go_to_customer_service(db, shop, buyer, admin):
    async with db.begin() as session:
        await roles.revoke(session, telegram_user_id=900, role=Role.supplier)
    placed, _ = await order(buyer, shop.product_id)
    page = await buyer.tap("order-view", placed.id)
    assert offered(page, "om-new")[0].label == "💬 联系客服"
    assert "联系客服（订单" in text(await buyer.press(page, "om-new"))
    assert "已转给爱心购客服" in text(await buyer.say("发票怎么开？"))
    told = (await news(admin))[-1]
    assert "买家就订单" in told and "请管理员代为处理" in told and "发票怎么开？" in told
    (message,) = await _messages(db, placed.id)
    await admin.tap("om-reply", message.id)
    await admin.say("请把单位名称发给我们")
    told = (await news(buyer))[-1]
    assert f"爱心购客服就订单 #{placed.id} 写道" in told and "请把单位名称发给我们" in told


async def test_a_writer_whose_role_went_meanwhile_is_told_and_nothing_is_sent(db, shop, buyer, supplier):
    placed, _ = await order(buyer, shop.product_id)
    await supplier.tap("om-new", placed.id)
    async with db.begin() as session:  # the supplier's people changed while the message was typed
        await roles.revoke(session, telegram_user_id=900, role=Role.supplier)
    said = await supplier.say("您好")
    assert "没有进行此操作的权限" in text(said) and (await supplier.member()).dialog is None
    assert await _messages(db, placed.id) == []
    assert not any("写道" in said for said in await news(buyer))


async def test_a_blank_message_is_asked_again_and_nothing_is_sent(db, shop, buyer):
    placed, _ = await order(buyer, shop.product_id)
    await buyer.tap("om-new", placed.id)
    refused = await buyer.say("   ")
    assert "联系卖家（订单" in text(refused)
    assert await _messages(db, placed.id) == []
