"""A crash between the commit of a change and the sending of its notices loses none and sends none
twice: the bot runs as a real process (`python -m bot run`) against the emulator, is held after
the payment's transaction committed and before its receipt and the supplier's new order go out,
killed with SIGKILL, and started again."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime

from sqlalchemy import select

from bot.store_setup import open_store
from bot.telegram.emulator import BotApiEmulator
from store import demo, members, notices, orders, payments, roles
from store.models import Branch, Order, Product, Role
from store.notice_models import NoticeStatus
from tests.test_crash import PAYER, database_url, read_until, start_bot  # noqa: F401 - the fixture

SUPPLIER = 31_338


def _texts(emulator: BotApiEmulator, chat_id: int, words: str) -> list[dict]:
    return [m for m in emulator.messages(chat_id) if words in (m.get("text") or "")]


async def test_notices_of_a_committed_payment_survive_a_kill_before_they_are_sent(database_url):  # noqa: F811
    db = await open_store(database_url)
    async with db.begin() as session:
        await demo.seed(session)
        member = await members.ensure(session, telegram_user_id=PAYER, display_name="Alice")
        member.branch_id = await session.scalar(select(Branch.id).limit(1))
        await members.set_contact(
            session, member_id=member.id, name="张三", phone="13800138000", address="重庆市渝中区人民路1号"
        )
        product = await session.scalar(
            select(Product).where(Product.charity_item, Product.stock > 0).limit(1)
        )
        await roles.grant(
            session, telegram_user_id=SUPPLIER, role=Role.supplier, scope_id=product.supplier_id
        )
        order = await orders.place(
            session,
            member_id=member.id,
            product_id=product.id,
            quantity=1,
            key="crash",
            now=datetime.now(UTC),
        )
    emulator = BotApiEmulator(bot_username="aixin_test_bot")
    await emulator.start()
    emulator.add_user(PAYER, "Alice")
    emulator.add_user(SUPPLIER, "Supplier")
    # The lease a dead sender's claims run for: short, so that the test need not wait a minute on
    # PostgreSQL (on SQLite the next start takes them at once).
    bot = await start_bot(
        emulator, database_url, broadcast_lease_seconds="2", aixin_pause_before_sending_notices="1"
    )
    try:
        await read_until(bot, "serving by long polling")
        update = await emulator.successful_payment(
            PAYER, payments.payload_for(order.id), order.total_fen, "CNY", "charge-n", "provider-n"
        )
        await read_until(bot, "paused before sending notices")
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        async with db.read() as session:
            assert (await session.get(Order, order.id)).status == "paid"
            written = await notices.of_member(session, member_id=member.id, key="order-paid")
            assert [n.status for n in written] == [NoticeStatus.sending]  # committed, never sent
        assert _texts(emulator, PAYER, "付款成功") == [] and _texts(emulator, SUPPLIER, "新订单") == []

        bot = await start_bot(emulator, database_url, broadcast_lease_seconds="2")
        await read_until(bot, "serving by long polling")
        await emulator.wait_for(
            lambda: _texts(emulator, PAYER, "付款成功") and _texts(emulator, SUPPLIER, "新订单"),
            timeout=20,
            what="the receipt and the supplier's new order after the restart",
        )
        await emulator.wait_for(lambda: emulator.updates_confirmed(update["update_id"]), timeout=15)
        [receipt] = _texts(emulator, PAYER, "付款成功")  # once, though the update may have come again
        buttons = [key["text"] for row in receipt["reply_markup"]["inline_keyboard"] for key in row]
        assert buttons == ["查看订单", "🏠 主菜单"]
        assert len(_texts(emulator, SUPPLIER, "新订单")) == 1
        for _ in range(100):  # its outcome is recorded just after the send
            async with db.read() as session:
                written = await notices.of_member(session, member_id=member.id, key="order-paid")
            if written[0].status != NoticeStatus.sending:
                break
            await asyncio.sleep(0.1)
        assert [n.status for n in written] == [NoticeStatus.sent]
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        await emulator.stop()
        await db.dispose()
