"""Property 6 of issue #3: a crash between Telegram's confirmation of a payment update and its
handler's commit loses nothing. The bot runs as a real process (`python -m bot run`) against the
emulator; it is held right before applying the payment, killed with SIGKILL, and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.store_setup import open_store
from bot.telegram.emulator import BotApiEmulator
from store import demo, ledger, members, orders, payments
from store.ledger_models import PaymentInbox
from store.models import Branch, Product
from tests.conftest import BACKENDS, POSTGRES_URL

PAYER = 31_337


@pytest.fixture(params=BACKENDS)
async def database_url(request, tmp_path):
    """A database of its own (a process outside the test must reach it by URL alone)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
        return
    name = f"aixin_crash_{uuid.uuid4().hex[:10]}"
    admin = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await connection.close()


async def start_bot(
    emulator: BotApiEmulator, database_url: str, *, pause: bool = False, **settings: str
) -> asyncio.subprocess.Process:
    """`python -m bot run` against the emulator, as production runs it against Telegram."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "DATABASE_URL": database_url,
        "PAYMENT_PROVIDER_TOKEN": "test:provider",
        "AIXIN_PAUSE_BEFORE_APPLYING_PAYMENT": "1" if pause else "0",
        "QUIET_HOURS": "0-0",
        **{key.upper(): value for key, value in settings.items()},
    }
    env.pop("WEBHOOK_URL", None)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def read_until(process: asyncio.subprocess.Process, marker: str) -> None:
    said = []
    async with asyncio.timeout(30):
        while True:
            line = (await process.stdout.readline()).decode()
            if not line:
                raise AssertionError(f"the bot exited before printing {marker!r}: {''.join(said[-20:])}")
            said.append(line)
            if marker in line:
                return


async def test_payment_confirmed_to_telegram_survives_a_kill_before_commit(database_url):
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
    bot = await start_bot(emulator, database_url, pause=True)
    try:
        await read_until(bot, "serving by long polling")
        update = await emulator.successful_payment(
            PAYER, payments.payload_for(order.id), order.total_fen, "CNY", "charge-crash", "provider-crash"
        )
        await read_until(bot, "paused before applying payment charge-crash")
        await emulator.wait_for(lambda: emulator.updates_confirmed(update["update_id"]), timeout=15)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()

        async with db.read() as session:
            assert (await orders.get(session, order_id=order.id)).status == "pending_payment"
            entry = await session.scalar(select(PaymentInbox))
            assert (entry.telegram_payment_charge_id, entry.status) == ("charge-crash", "pending")

        bot = await start_bot(emulator, database_url, pause=False)
        await read_until(bot, "serving by long polling")
        async with db.read() as session:
            paid = await orders.get(session, order_id=order.id)
            assert paid.status == "paid" and paid.telegram_payment_charge_id == "charge-crash"
            assert await ledger.points_balance(session, member_id=member.id) == order.total_fen // 100
            assert (await ledger.fund_summary(session)).matched_fen == 100
            assert (await session.scalar(select(PaymentInbox))).status == "applied"
        # The buyer is told, once, with the order's buttons, though the update itself came and went.
        receipts = lambda: [m for m in emulator.messages(PAYER) if "付款成功" in (m.get("text") or "")]  # noqa: E731
        await emulator.wait_for(receipts, timeout=15, what="the receipt of the payment applied at start")
        [receipt] = receipts()
        assert [k["text"] for row in receipt["reply_markup"]["inline_keyboard"] for k in row] == [
            "查看订单",
            "🏠 主菜单",
        ]
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), 30)
        await emulator.stop()
        await db.dispose()
