"""Property 2 of issue #4: a bot killed with SIGKILL in the middle of a broadcast finishes it when
started again; no recipient is lost, and duplicates are at most what was in flight at the kill."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from bot.store_setup import open_store
from bot.telegram.emulator import BotApiEmulator
from store import broadcasts, roles
from store.broadcast_models import Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from store.models import Member, Role
from tests.test_crash import database_url, read_until, start_bot  # noqa: F401 (database_url is a fixture)

MEMBERS = 1_500
FIRST = 8_000_000


def _received(emulator: BotApiEmulator) -> Counter:
    return Counter(
        int(p["chat_id"]) for method, p in emulator.calls if method == "sendMessage" and "渝交会" in p["text"]
    )


async def test_a_killed_sender_finishes_the_broadcast_after_a_restart(database_url):  # noqa: F811
    db = await open_store(database_url)
    async with db.begin() as session:
        await session.execute(
            insert(Member), [{"telegram_user_id": FIRST + i, "display_name": "m"} for i in range(MEMBERS)]
        )
        await roles.grant(session, telegram_user_id=FIRST, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == FIRST))
        await broadcasts.create(
            session, organiser_id=organiser, text="渝交会网上展销会开幕", send_at=datetime.now(UTC)
        )
    emulator = BotApiEmulator(bot_username="aixin_test_bot")
    await emulator.start()
    for i in range(MEMBERS):
        emulator.add_user(FIRST + i, "m")
    settings = {"broadcast_rate": "300", "broadcast_lease_seconds": "2"}
    bot = await start_bot(emulator, database_url, **settings)
    try:
        await read_until(bot, "serving by long polling")
        await emulator.wait_for(lambda: sum(_received(emulator).values()) >= MEMBERS // 3, timeout=60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        async with db.read() as session:
            in_flight = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status == DeliveryStatus.sending)
            )
        before = sum(_received(emulator).values())
        assert before < MEMBERS, "the kill came too late to test anything"

        bot = await start_bot(emulator, database_url, **settings)
        await read_until(bot, "serving by long polling")
        async with asyncio.timeout(90):
            while True:
                async with db.read() as session:
                    if (await session.scalar(select(Broadcast))).status == BroadcastStatus.done:
                        break
                await asyncio.sleep(0.2)
        received = _received(emulator)
        duplicates = sum(received.values()) - len(received)
        print(f"in flight at the kill: {in_flight}; duplicates after the restart: {duplicates}")
        assert set(received) == {FIRST + i for i in range(MEMBERS)}
        assert duplicates <= in_flight
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), 30)
        await emulator.stop()
        await db.dispose()
