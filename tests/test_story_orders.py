"""Stories of ordering through Telegram: one tap, the delivery contact, paying, shipping, receiving."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import build_application
from bot.telegram import callbacks
from store import ledger, orders
from store.ledger_models import PaymentInbox
from store.models import Member, Order, OrderStatus, Product, ProductStatus
from tests.stories import chicken_supplier, give_contact, member_at_chicken, paid_chicken, register

CHICKEN = select(Product).where(Product.name == "城口山地鸡")  # the product these stories buy
ORDERS = select(func.count()).select_from(Order)


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}


async def test_first_order_asks_the_contact_once_then_pays_and_credits_points(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    assert "收货人姓名" in alice.last
    await alice.send_sticker()
    assert "收货人姓名" in alice.last  # asked again, nothing lost
    await alice.send("张三")
    await alice.send("12345")
    assert "手机号" in alice.last
    await alice.send("13800138000")
    await alice.send("重庆市渝中区人民路100号")
    assert "invoice" in alice.messages()[-1]
    answer = await alice.pay_invoice()
    assert answer["ok"] is True
    assert "付款成功" in alice.last and "爱心积分 +168" in alice.last
    assert "爱心积分 +168\n🎗 这是公益宝贝：平台已为“党员一元捐”配捐 ¥1.00。" in alice.last
    assert alice.buttons == ["查看订单", "🏠 主菜单"]  # under the receipt itself
    async with tg.db.read() as session:
        assert await alice.points() == 168
        assert (await ledger.fund_summary(session)).balance_fen == 100
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    await alice.tap("一键下单")
    assert "invoice" in alice.messages()[-1]  # the contact is not asked again
    await alice.send("/me")
    assert (
        "订单 1 笔 · 消费 ¥168.00" in alice.last
        and "爱心积分 168" in alice.last
        and "触发配捐 1 次" in alice.last
        and "支部排名 1 / " in alice.last
    )
    await alice.tap("参与排行")
    assert "市财政局机关第一党支部" in alice.last and "参与率" in alice.last
    assert "参与率 0%" not in alice.last and "参与完全自愿" in alice.last  # nobody listed for not taking part
    bob = await register(tg, "bob")
    await bob.send("/me")
    assert "爱心积分 0" in bob.last and "支部排名" not in bob.last  # not ranked before taking part
    await alice.tap("看累计")
    assert "累计" in alice.last


async def test_an_english_member_orders_in_english(tg):
    eve = tg.member("eve", language_code="en")
    await eve.send("/start")
    await eve.tap("English")
    await eve.tap("Finance")
    await eve.tap("1")
    await eve.send("Chengkou Mountain Chicken")
    await eve.tap("Chengkou Mountain Chicken")
    await eve.tap("Order")
    await give_contact(eve)
    invoice = eve.messages()[-1]["invoice"]
    assert invoice["title"] == "Chengkou Mountain Chicken"
    await eve.pay_invoice()
    await eve.send("/orders")
    assert any("Chengkou Mou" in b for b in eve.buttons)  # the product, as the card names it
    await eve.tap("Chengkou Mou")
    assert "Chengkou Mountain Chicken ×1" in eve.last and "城口山地鸡" not in eve.last


async def test_a_newcomer_who_has_not_joined_is_asked_to_join_before_ordering(tg):
    async with tg.db.read() as session:
        product = await session.scalar(CHICKEN)
    dave = tg.member("dave")
    await dave.send(f"/start p_{product.id}")  # a shared link, before choosing a branch
    await dave.tap("一键下单")
    assert not dave.alert  # the tap is answered at once, quietly
    assert "请先发送 /start 加入您所在的支部" in dave.last
    async with tg.db.read() as session:
        assert await session.scalar(ORDERS) == 0


async def test_a_product_delisted_since_its_card_was_shown_is_said_so_in_the_chat(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)  # the first order, paid or not, keeps the contact
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    async with tg.db.begin() as session:
        product = await session.scalar(CHICKEN)
        product.status = ProductStatus.delisted
    await alice.tap("一键下单")  # answered at once; the refusal follows as a message
    assert "没有找到该内容" in alice.last
    async with tg.db.read() as session:
        assert await session.scalar(ORDERS) == 1


async def test_fifty_taps_on_one_order_button_place_one_order(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    message_id, data = alice.find_button("一键下单")
    updates = await asyncio.gather(*(tg.emulator.tap(alice.id, message_id, data) for _ in range(50)))
    await asyncio.gather(*(tg.deliver(u) for u in updates))
    async with tg.db.read() as session:
        assert await session.scalar(ORDERS) == 1


async def test_the_same_payment_update_twice_pays_once(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    invoice = next(p for m, p in reversed(tg.emulator.calls) if m == "sendInvoice")
    update = await tg.emulator.successful_payment(
        alice.id, invoice["payload"], 16800, "CNY", "charge-1", "p-1"
    )
    await tg.deliver(update)
    await tg.deliver(tg.emulator.push_update(update))  # Telegram delivering it again, same update_id
    again = await tg.emulator.successful_payment(
        alice.id, invoice["payload"], 16800, "CNY", "charge-1", "p-1"
    )
    await tg.deliver(again)  # the same charge in a new update
    async with tg.db.read() as session:
        assert await alice.points() == 168
        assert await session.scalar(select(func.count()).select_from(PaymentInbox)) == 1


async def test_pre_checkout_refuses_a_wrong_amount_and_another_members_order(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    invoice = next(p for m, p in reversed(tg.emulator.calls) if m == "sendInvoice")
    wrong = await tg.deliver(await tg.emulator.pre_checkout(alice.id, invoice["payload"], 100, "CNY"))
    answer = tg.emulator.pre_checkout_answers[wrong["pre_checkout_query"]["id"]]
    assert answer["ok"] is False and "金额" in answer["error_message"]
    bob = tg.member("bob")
    foreign = await tg.deliver(await tg.emulator.pre_checkout(bob.id, invoice["payload"], 16800, "CNY"))
    assert tg.emulator.pre_checkout_answers[foreign["pre_checkout_query"]["id"]]["ok"] is False
    unknown = await tg.deliver(
        await tg.emulator.successful_payment(bob.id, "order:99999", 500, "CNY", "stray-1")
    )
    assert "管理员" in bob.last
    async with tg.db.read() as session:
        stray = await session.scalar(
            select(PaymentInbox).where(PaymentInbox.telegram_payment_charge_id == "stray-1")
        )
        assert stray.status == "unknown_order"  # kept for an admin, never lost
    assert unknown
    await bob.send("/payments")
    assert "权限" in bob.last and "stray-1" not in bob.last
    admin = await tg.admin()
    await admin.send("/payments")
    assert "待人工处理的付款：1 笔" in admin.last
    assert "stray-1" in admin.last and "¥5.00" in admin.last and "找不到该用户的这笔订单" in admin.last
    await admin.tap("主菜单")


async def test_supplier_ships_and_member_confirms_receipt(tg):
    await chicken_supplier(tg)
    supplier = tg.member("supplier", user_id=900)
    alice = await paid_chicken(tg)
    assert "新订单（已付款）" in supplier.last and "张三" in supplier.last
    await supplier.tap("发货")
    await supplier.tap("顺丰")  # the courier, then the number
    for excuse in ("明天再发", "3天后再发", "暂时无法送货"):  # no tracking number: not shipped, asked again
        await supplier.send(excuse)
        assert "这不像快递单号" in supplier.recent(2) and "快递单号" in supplier.last
    await supplier.send("SF1234567890")
    assert "已发货" in supplier.last
    assert "SF1234567890" in alice.last
    await alice.tap("确认收货")
    page = next(m for m in reversed(alice.messages()) if "订单 #1 · 已收货" in (m.get("text") or ""))
    assert "返回" in str(page.get("reply_markup"))  # the order's page keeps a way back
    async with tg.db.read() as session:
        assert (await session.scalar(select(Order))).status == OrderStatus.received


async def test_a_paid_order_of_a_supplier_nobody_holds_goes_to_the_admins(tg):
    """A supplier listed from a nomination has nobody in the bot yet: an admin ships for it."""
    admin = await tg.admin(user_id=921)
    await admin.send("/start")
    await admin.tap("中文")
    alice = await paid_chicken(tg)
    assert "新订单（已付款）" in admin.last and "张三" in admin.last
    assert "供应商 城口县岚溪村农户 王德明" in admin.last and "请管理员代为处理" in admin.last
    await admin.tap("发货")
    await admin.tap("顺丰")  # the courier, then the number
    await admin.send("SF1234567890")
    assert "已发货" in admin.last and "SF1234567890" in alice.last


async def test_a_supplier_who_starts_the_bot_after_an_order_is_paid_finds_it(tg):
    await chicken_supplier(tg)
    alice = await paid_chicken(tg)
    # Telegram refuses to message someone who never started the bot: the notice cannot reach them.
    assert tg.emulator.violations == ["sendMessage: chat not found"]
    tg.emulator.violations.clear()
    supplier = tg.member("supplier", user_id=900)
    await supplier.send("/start")
    await supplier.tap("中文")
    assert "您是供应商：1 笔已付款订单等待发货" in supplier.last
    await supplier.tap("我供应的订单")
    assert "城口山地鸡 ×1" in supplier.last and "张三 13800138000 · 重庆市渝中区人民路100号" in supplier.last
    await supplier.tap("发货")
    assert "重庆市渝中区人民路100号" in supplier.recent(2)  # what to ship where, with the question
    await supplier.tap("顺丰")  # the courier, then the number
    await supplier.send("SF1234567890")
    await supplier.send("/start")
    assert "暂时没有等待发货的订单" in supplier.last
    assert "🗺 按区县选购" in supplier.buttons  # the menu: a supplier need not join a party branch
    await supplier.send("蜂蜜")
    assert "“蜂蜜”的搜索结果" in supplier.last  # a product search, not a branch search
    await alice.send("/start")
    assert "供应商" not in alice.last  # a member who supplies nothing sees the menu alone


async def test_a_paid_order_cancelled_before_shipping_is_not_shipped(tg):
    await chicken_supplier(tg)
    supplier = tg.member("supplier", user_id=900)
    alice = await paid_chicken(tg)
    await alice.tap("查看订单")
    await alice.tap("取消订单")
    await alice.tap("确认取消")
    assert "已被买家取消，请不要发货" in supplier.last
    await supplier.send("/supply")
    assert "已取消 · 退款办理中" in supplier.last and not any("发货" in b for b in supplier.buttons)


async def test_nobody_touches_another_members_order(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    async with tg.db.read() as session:
        order = await session.scalar(select(Order))
    bob = await member_at_chicken(tg, "bob")
    # Another member's order is not found, exactly like a missing one; a supplier's or an admin's
    # action on it is refused as not his to take.
    for action in ("order-view", "order-cancel", "order-cancel-ok", "order-receive", "order-pay"):
        await bob.tap_data(callbacks.make(action, order.id))
        assert "没有找到该内容" in bob.alert, action
    for action in ("offline-paid", "ship", "refund", "refund-ok"):
        await bob.tap_data(callbacks.make(action, order.id))
        assert "没有进行此操作的权限" in bob.alert, action
    await bob.send("/supply")
    assert "没有进行此操作的权限" in bob.last  # a member who supplies nothing
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.pending_payment


async def test_member_cancels_an_unpaid_order_and_stock_returns(tg):
    alice = await member_at_chicken(tg)
    async with tg.db.read() as session:
        stock = (await session.scalar(CHICKEN)).stock
    await alice.tap("多一件")
    await alice.tap("一键下单 ×2")
    await give_contact(alice)
    await alice.send("/orders")
    assert "城口山地鸡 · 待付款" in " ".join(alice.buttons)
    await alice.tap("#")
    await alice.tap("取消订单")
    assert "确定取消这笔订单吗" in alice.last  # asked first: nothing changed yet
    async with tg.db.read() as session:
        assert (await session.scalar(CHICKEN)).stock == stock - 2
    await alice.tap("返回")
    await alice.tap("取消订单")
    await alice.tap("确认取消")
    assert "已取消" in alice.last and "退款" not in alice.last
    async with tg.db.read() as session:
        assert (await session.scalar(CHICKEN)).stock == stock


async def test_address_shows_the_contact_and_changes_it_only_when_asked(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    assert "第一次下单，需要填写一次收货信息" in alice.recent(2)  # why the questions come
    await give_contact(alice)
    await alice.send("/address")
    assert "当前收货信息：张三 13800138000" in alice.last and alice.buttons == ["✏️ 修改收货信息", "🏠 主菜单"]
    await alice.send("蜂蜜")  # only looking: what she types next is a search, not a new name
    assert "“蜂蜜”的搜索结果" in alice.last
    await alice.send("/address")
    await alice.tap("修改收货信息")
    assert "收货人姓名" in alice.last
    await give_contact(alice)
    assert "收货信息已保存" in alice.last and "🏠 主菜单" in alice.buttons


async def test_the_contact_dialog_continues_after_a_restart(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await alice.send("张三")
    assert "手机号" in alice.last
    await tg.restart()
    await alice.send("13800138000")
    assert "地址" in alice.last
    await alice.send("重庆市渝中区人民路100号")
    assert "invoice" in alice.messages()[-1]


async def test_a_command_keeps_an_unfinished_dialog_waiting_and_cancel_says_what_it_did(tg):
    alice = await member_at_chicken(tg)
    await alice.send("/address")
    assert "收货人姓名" in alice.last
    await alice.send("/settings")  # does what it says; the draft waits, and says so
    assert "未完成的收货信息" in alice.last and alice.buttons == ["✏️ 继续填写", "🗑 放弃"]
    await alice.send("蜂蜜")  # what she types next is no longer the name
    assert "蜂蜜" in alice.last and "手机号" not in alice.last  # a search
    await alice.tap("继续填写")
    assert "收货人姓名" in alice.last
    await alice.send("张三")
    assert "手机号" in alice.last
    await alice.send("/address")  # its own command again: the name is kept, and that is said once
    assert sum("未完成的收货信息" in (m.get("text") or "") for m in alice.messages()[-2:]) == 1
    await alice.tap("继续填写")
    assert "手机号" in alice.last
    await alice.send("/cancel")
    assert "已取消" in alice.last
    await alice.send("13800138000")
    assert "地址" not in alice.last
    await alice.send("/cancel")
    assert "没有进行中的填写" in alice.last
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        assert (member.dialog, member.contact_name) == (None, "")


async def test_answers_sent_in_one_breath_are_taken_in_turn(tg):
    alice = await member_at_chicken(tg)
    await alice.send("/address")
    await asyncio.gather(alice.send("张三"), alice.send("13800138000"), alice.send("重庆市渝中区人民路100号"))
    assert "收货信息已保存" in alice.last
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        assert (member.contact_name, member.contact_phone) == ("张三", "13800138000")


async def test_answers_handled_by_two_workers_at_once_are_taken_in_turn(tg):
    """With several workers, the phone number can be read on one worker while the name is still
    being saved on another: the phone's stale write is refused, and it is handled again."""
    alice = await member_at_chicken(tg)
    await alice.send("/address")
    second = build_application(tg.settings, tg.db)  # another worker, on the same store
    read, go_on = asyncio.Event(), asyncio.Event()

    async def hold_after_reading_the_member(update, context) -> None:
        if not go_on.is_set():
            read.set()
            await go_on.wait()

    second.add_handler(TypeHandler(Update, hold_after_reading_the_member), group=-1)
    phone = {
        "update_id": 900_000_001,
        "message": {
            "message_id": 900_001,
            "date": int(time.time()),
            "chat": {"id": alice.id, "type": "private", "first_name": alice.name},
            "from": tg.emulator.users[alice.id],
            "text": "13800138000",
        },
    }
    async with second:
        on_second = asyncio.create_task(second.process_update(Update.de_json(phone, second.bot)))
        await read.wait()  # the second worker has read the step: the name is asked
        await alice.send("张三")  # the first worker takes the name meanwhile
        go_on.set()
        await on_second
    assert "地址" in alice.last  # the phone was taken as the phone, and the address is asked
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        assert (member.dialog_data["name"], member.dialog_data["phone"]) == ("张三", "13800138000")
        assert member.dialog_data["step"] == "address"


async def test_an_unpaid_order_expires_and_its_member_is_told(tg):
    from handlers.my_orders import tell_expired
    from jobs.orders import expire_unpaid

    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    assert "invoice" in alice.messages()[-1]
    async with tg.db.begin() as session:
        order = await orders.get(session, order_id=await session.scalar(select(Order.id)))
        product_id = order.lines[0].product_id
        stock = await session.scalar(select(Product.stock).where(Product.id == product_id))
        order.expires_at = order.created_at  # the payment time is over
    assert await expire_unpaid(tg.db, tell=tell_expired) == 1
    assert await expire_unpaid(tg.db, tell=tell_expired) == 0  # once: the next round finds nothing
    await tg.application.notices_settled()
    assert "已自动取消" in alice.last and "城口山地鸡" in alice.last
    assert sum("已自动取消" in (m.get("text") or "") for m in alice.messages()) == 1
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.cancelled
        assert await session.scalar(select(Product.stock).where(Product.id == product_id)) == stock + 1
    await alice.tap("查看订单")
    assert "已取消" in alice.last
