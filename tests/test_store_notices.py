"""The notice outbox in the store: written once per idempotency key, claimed by one sender at a time,
taken again when a sender's claim runs out, and outcomes recorded. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from store import notices
from store.models import Member, utc
from store.notice_models import Notice, NoticeStatus
from store.notices import Button, Result
from tests.shop import NOW, open_shop


async def _add(db, member_id, key="k", **extra):
    async with db.begin() as session:
        return await notices.add(
            session,
            member_id=member_id,
            key="order-paid",
            idempotency_key=key,
            now=NOW,
            args={"order_id": 1},
            actions=[[Button("orders-view", "order-view", (1,))]],
            **extra,
        )


async def test_a_notice_is_written_once_per_key_even_at_once(db):
    shop = await open_shop(db)
    written = await asyncio.gather(*(_add(db, shop.members[0]) for _ in range(10)))
    assert len([w for w in written if w is not None]) == 1
    async with db.read() as session:
        [notice] = await notices.of_member(session, member_id=shop.members[0])
    assert notice.status == NoticeStatus.pending  # no sender in this process: it waits for a sweep
    assert notices.decode(notice.actions) == [[Button("orders-view", "order-view", (1,))]]


async def test_two_senders_never_claim_the_same_notice(db):
    shop = await open_shop(db)
    for i in range(20):
        await _add(db, shop.members[i % 3], key=f"k{i}")

    async def claim():
        async with db.begin() as session:
            return await notices.claim(session, now=NOW, limit=7)

    claimed = [n for batch in await asyncio.gather(*(claim() for _ in range(5))) for n in batch]
    assert len(claimed) == len(set(claimed)) == 20


async def test_a_claim_that_ran_out_is_taken_again_and_recorded_once(db):
    shop = await open_shop(db)
    notice_id = await _add(db, shop.members[0])
    async with db.begin() as session:
        assert await notices.claim(session, now=NOW) == [notice_id]
    async with db.begin() as session:  # its sender is still within the lease
        assert await notices.claim(session, now=NOW + timedelta(seconds=30)) == []
    later = NOW + notices.LEASE + timedelta(seconds=1)
    async with db.read() as session:
        assert await notices.any_due(session, now=later)
    async with db.begin() as session:  # the sender died: another takes it
        assert await notices.claim(session, now=later) == [notice_id]
        await notices.record(session, results=[Result(notice_id, "sent", message_id=7)], now=later)
    async with db.begin() as session:
        assert await notices.claim(session, now=later + timedelta(hours=1)) == []
        notice = await session.get(Notice, notice_id)
        assert (notice.status, notice.message_id) == (NoticeStatus.sent, 7)


async def test_retries_back_off_then_fail_and_a_blocking_member_is_marked(db):
    shop = await open_shop(db)
    retried, blocked = await _add(db, shop.members[0], key="a"), await _add(db, shop.members[1], key="b")
    now = NOW
    for attempt in range(notices.MAX_ATTEMPTS):
        async with db.begin() as session:
            assert retried in await notices.claim(session, now=now)
            await notices.record(session, results=[Result(retried, "retry", retry_after=3)], now=now)
            notice = await session.get(Notice, retried)
        if attempt < notices.MAX_ATTEMPTS - 1:
            assert notice.status == NoticeStatus.pending and utc(notice.next_attempt_at) > now
            now = utc(notice.next_attempt_at)
    assert notice.status == NoticeStatus.failed
    async with db.begin() as session:
        await notices.claim(session, now=now)
        await notices.record(session, results=[Result(blocked, "blocked", error="Forbidden")], now=now)
        member = await session.scalar(select(Member).where(Member.id == shop.members[1]))
        assert member.blocked_at is not None
        assert (await session.get(Notice, blocked)).status == NoticeStatus.blocked


async def test_during_quiet_hours_only_urgent_notices_are_claimed(db):
    shop = await open_shop(db)
    urgent, later = (
        await _add(db, shop.members[0], key="u"),
        await _add(db, shop.members[0], key="l", urgent=False),
    )
    async with db.begin() as session:
        assert await notices.claim(session, now=NOW, quiet=True) == [urgent]
        assert await notices.claim(session, now=NOW) == [later]
