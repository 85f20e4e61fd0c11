"""Issue #4's sender against the emulator with Telegram's limits switched on (time compressed:
the emulator's limit and the sender's rate scaled up together)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from bot.outbox import BotApiSend
from bot.telegram.emulator import BotApiEmulator
from jobs.broadcast import Sender
from jobs.pacing import Pacer
from locales import Translator
from store import broadcasts, roles
from store.broadcast_models import Broadcast, BroadcastStatus, Delivery, DeliveryStatus
from store.db import Database
from store.models import Member, Role

SCALE = 20  # Telegram's 30/s becomes 600/s; the sender's 25/s becomes 500/s
FIRST = 7_000_000


async def _broadcast_to(db, emulator: BotApiEmulator, members: int, *, blocked: int = 0) -> int:
    async with db.begin() as session:
        await session.execute(
            insert(Member), [{"telegram_user_id": FIRST + i, "display_name": f"m{i}"} for i in range(members)]
        )
        await roles.grant(session, telegram_user_id=1, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 1))
        broadcast = await broadcasts.create(
            session,
            organiser_id=organiser,
            text="渝交会网上展销会今天开幕",
            send_at=datetime.now(UTC),
            kind="fairs",
        )
    emulator.add_user(1, "organiser")
    for i in range(members):
        emulator.add_user(FIRST + i, f"m{i}")
    for i in range(blocked):
        emulator.block(FIRST + i)
    return broadcast.id


async def _drain(db, sender: Sender, broadcast_id: int) -> None:
    """Run the sender as the bot runs it until the broadcast is done (retries may be seconds away)."""
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop, idle=0.05))
    try:
        async with asyncio.timeout(120):
            while True:
                async with db.read() as session:
                    if (await session.get(Broadcast, broadcast_id)).status == BroadcastStatus.done:
                        return
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await running


def _send(emulator: BotApiEmulator) -> BotApiSend:
    return BotApiSend(emulator.base_url, emulator.token, Translator(), "aixin_test_bot", connections=64)


def _sender(db, emulator: BotApiEmulator, send: BotApiSend, *, rate: float) -> Sender:
    return Sender(db, send, Pacer(rate), quiet_hours=(0, 0))  # sized from the rate, as the bot does


@pytest.mark.parametrize("members", [5_000])
async def test_a_broadcast_reaches_every_subscribed_member_once_without_a_429(db, members):
    async with BotApiEmulator(limits=True, global_rate=30 * SCALE) as emulator:
        broadcast_id = await _broadcast_to(db, emulator, members, blocked=25)
        async with _send(emulator) as send:
            await _drain(db, _sender(db, emulator, send, rate=25 * SCALE), broadcast_id)
        received = Counter(chat for chat, times in emulator.limits.sent_at.items() for _ in times)
        assert emulator.limits.too_many == [] and emulator.violations == []
    assert set(received) == {FIRST + i for i in range(25, members)} | {1}
    assert max(received.values()) == 1
    async with db.read() as session:
        progress = await broadcasts.progress(session, broadcast_id=broadcast_id)
        blocked = await session.scalar(select(Member).where(Member.telegram_user_id == FIRST))
        status = (await session.get(Broadcast, broadcast_id)).status
    assert progress == {"sent": members - 25 + 1, "blocked": 25}
    assert blocked.blocked_at is not None and status == BroadcastStatus.done


async def test_random_429s_are_obeyed_and_nothing_is_lost_or_sent_twice(db):
    async with BotApiEmulator(limits=True, global_rate=30 * SCALE) as emulator:
        emulator.limits.random_429(0.05, 1, 2, seed=4)
        broadcast_id = await _broadcast_to(db, emulator, 300)
        async with _send(emulator) as send:
            await _drain(db, _sender(db, emulator, send, rate=25 * SCALE), broadcast_id)
        received = Counter(chat for chat, times in emulator.limits.sent_at.items() for _ in times)
        assert emulator.limits.too_many, "the emulator should have answered some 429s"
        assert emulator.limits.early_retries == [], "a send went out before its retry_after"
    assert set(received) == {FIRST + i for i in range(300)} | {1}
    assert max(received.values()) == 1
    async with db.read() as session:
        states = Counter(await session.scalars(select(Delivery.status)))
    assert states == {DeliveryStatus.sent: 301}


async def test_two_senders_on_postgresql_never_send_one_delivery_twice(db):
    if db.dialect != "postgresql":
        pytest.skip("on SQLite one process sends")
    second = Database(db.engine)  # its own sessions and connections, as a second process has
    async with BotApiEmulator(limits=True, global_rate=30 * SCALE) as emulator:
        broadcast_id = await _broadcast_to(db, emulator, 2_000)
        async with _send(emulator) as send:
            senders = [
                _sender(db, emulator, send, rate=12 * SCALE),
                _sender(second, emulator, send, rate=12 * SCALE),
            ]
            await asyncio.gather(
                *(_drain(d, s, broadcast_id) for d, s in zip((db, second), senders, strict=True))
            )
        received = Counter(chat for chat, times in emulator.limits.sent_at.items() for _ in times)
    assert len(received) == 2_001 and max(received.values()) == 1
    assert senders[0].sent and senders[1].sent and senders[0].sent + senders[1].sent == 2_001


async def test_a_chat_waiting_for_its_second_does_not_hold_up_the_others():
    pacer = Pacer(1000)
    await pacer.wait(1)
    pacer.done(1)  # chat 1 may have its next message in a second
    waiting = asyncio.create_task(pacer.wait(1))
    await asyncio.sleep(0.05)  # it is waiting now
    async with asyncio.timeout(0.5):
        await pacer.wait(2)
    assert not waiting.done()
    pacer.done(2)
    async with asyncio.timeout(2):
        await waiting


async def test_sends_waiting_when_a_429_comes_go_in_turn_after_its_retry_after_not_all_at_once():
    pacer = Pacer(20)  # one each 50 ms
    started = time.perf_counter()

    async def send(chat: int) -> float:
        await pacer.wait(chat)
        pacer.done(chat)
        return time.perf_counter() - started

    sends = [asyncio.create_task(send(chat)) for chat in range(1, 7)]
    assert await sends[0] < 0.05
    pacer.hold(0.3)  # its answer was 429: the other five wait for their slots (50–250 ms) meanwhile
    after = sorted(await asyncio.gather(*sends[1:]))
    assert after[0] >= 0.3
    # All five at 0.3 s, the next 429 drew them on Telegram's 30 a second.
    assert after[-1] - after[0] >= 0.15, f"sent at {after}"


async def test_after_a_stall_no_second_can_hold_more_sends_than_telegram_allows():
    """Answers to the first sends come together, as after the bot's process stalled: Telegram may
    have counted each anywhere between its request and its answer, so no second may touch more
    sends than the limit, however they arrived."""
    pacer = Pacer(40, limit=12)  # one each 25 ms
    started = time.perf_counter()
    stall_ends = 0.5
    spans: list[tuple[float, float]] = []

    async def send(chat: int) -> None:
        await pacer.wait(chat)
        sent = time.perf_counter() - started
        await asyncio.sleep(max(stall_ends - sent, 0.005))  # every answer waits for the stall's end
        pacer.done(chat)
        spans.append((sent, time.perf_counter() - started))

    await asyncio.gather(*(send(chat) for chat in range(1, 41)))
    touched = max(sum(1 for s, e in spans if s <= t + 1 and e >= t) for t in {e for _, e in spans})
    assert touched <= 12, f"{touched} sends may have met in one second"
