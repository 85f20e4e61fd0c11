"""What a change tells others is written in the change's transaction: should the bot die after the
commit and before the send, the next start sends it, once. Here the sender dies inside the test (the
process-level kill −9 is tests/test_crash_notices.py); the shipped notice, a place off the waitlist
and a refund each reach their member after the restart, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.telegram import callbacks
from store import events, roles
from store.models import Member, Order, Role
from tests.stories import chicken_supplier, paid_chicken, register


@pytest.fixture
def bot_settings() -> dict:
    # A dead sender's claims run out after this: the restarted bot takes them (PostgreSQL; on
    # SQLite, where one process holds the file, at once).
    return {"payment_provider_token": "test:provider", "broadcast_lease_seconds": 1}


def _count(member, words: str) -> int:
    return sum(words in (m.get("text") or "") for m in member.messages())


async def _die_and_restart(tg, change) -> None:
    """Kill the notice sender, make the change (its transaction commits), then start a new bot."""
    tg.application.notices.cancel()
    await change()
    await asyncio.sleep(1.1)  # the dead sender's claim runs out (PostgreSQL)
    await tg.restart()
    await tg.application.notices_settled()


async def test_shipped_survives_a_crash_before_its_send(tg):
    await chicken_supplier(tg, 901)
    supplier = tg.member("supplier", user_id=901)
    await supplier.send("/start")
    alice = await paid_chicken(tg)
    await supplier.tap("发货")
    await supplier.tap("顺丰")  # the courier, then the number

    async def ship():
        await supplier.send("SF1234567890")
        assert _count(alice, "已发货") == 0

    await _die_and_restart(tg, ship)
    assert _count(alice, "已发货") == 1 and "📦 确认收货" in alice.buttons


async def test_a_place_off_the_waitlist_survives_a_crash_before_its_send(tg):
    alice, bob = await register(tg, "alice"), await register(tg, "bob")
    now = datetime.now(UTC)
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 903))
        event = await events.create(
            session,
            organiser_id=organiser,
            title="进巫溪县，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=8),
            signup_deadline=now + timedelta(days=1),
            capacity=1,
            now=now,
        )
    await alice.tap_data(callbacks.make("ev-join", event.id))
    await bob.tap_data(callbacks.make("ev-join", event.id))  # waits

    async def leave():
        await alice.tap_data(callbacks.make("ev-leave", event.id))
        assert _count(bob, "已从候补转为正式报名") == 0

    await _die_and_restart(tg, leave)
    assert _count(bob, "已从候补转为正式报名") == 1


async def test_a_refund_survives_a_crash_before_its_send(tg):
    alice = await paid_chicken(tg)
    await alice.send("/orders")
    await alice.tap("城口山地鸡")
    await alice.tap("取消订单")
    await alice.tap("确认取消")
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.admin)
        order = await session.scalar(select(Order))
    admin = tg.member("admin", user_id=902)
    await admin.send(f"/refund {order.id}")

    async def refund():
        await admin.tap("确认已退款")
        assert _count(alice, "已退款") == 0

    await _die_and_restart(tg, refund)
    assert _count(alice, "已退款") == 1
