"""The broadcast outbox in the store (issue #4's foundation), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from store import broadcasts, deliveries, roles
from store.broadcast_models import BroadcastStatus, Delivery
from store.errors import Forbidden, WrongStatus
from store.models import Agency, Branch, Member, Role

NOW = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


async def _town(db, members_per_branch: int = 5) -> dict:
    """Two agencies with a branch each, members, an organiser for the first agency, one for all."""
    async with db.begin() as session:
        agencies = [Agency(name=f"机关{i}", name_en=f"Agency {i}") for i in range(2)]
        session.add_all(agencies)
        await session.flush()
        branches = [Branch(agency_id=a.id, name=f"支部{a.id}", name_en="") for a in agencies]
        session.add_all(branches)
        await session.flush()
        people = [
            Member(telegram_user_id=1000 * b.id + i, display_name="m", branch_id=b.id)
            for b in branches
            for i in range(members_per_branch)
        ]
        session.add_all(people)
        await session.flush()
        await roles.grant(session, telegram_user_id=1, role=Role.organiser, scope_id=agencies[0].id)
        await roles.grant(session, telegram_user_id=2, role=Role.organiser)
        ids = {n: await session.scalar(select(Member.id).where(Member.telegram_user_id == n)) for n in (1, 2)}
        return {
            "agencies": agencies,
            "branches": branches,
            "members": people,
            "local": ids[1],
            "city": ids[2],
        }


async def _create(db, organiser, **kwargs):
    async with db.begin() as session:
        return await broadcasts.create(
            session, organiser_id=organiser, text="网上展销会开幕啦", send_at=NOW, **kwargs
        )


async def test_organisers_broadcast_only_within_their_scope(db):
    town = await _town(db)
    own, other = town["agencies"]
    await _create(db, town["local"], audience="agency", audience_id=own.id)
    await _create(db, town["local"], audience="branch", audience_id=town["branches"][0].id)
    for audience, audience_id in (("agency", other.id), ("branch", town["branches"][1].id), ("all", 0)):
        with pytest.raises(Forbidden):
            await _create(db, town["local"], audience=audience, audience_id=audience_id)
    with pytest.raises(Forbidden):
        await _create(db, town["members"][0].id)
    await _create(db, town["city"], audience="all")


async def test_an_organiser_counts_only_the_audiences_within_their_scope(db):
    """The preview's figure is refused, not only the broadcast: the size of another agency's
    audience is not an agency organiser's to know."""
    town = await _town(db)
    own, other = town["agencies"]
    outside = (("agency", other.id), ("branch", town["branches"][1].id), ("all", 0), ("county", 1))
    async with db.read() as session:
        for audience, audience_id in outside:
            with pytest.raises(Forbidden):
                await broadcasts.count_recipients(
                    session,
                    organiser_id=town["local"],
                    kind="general",
                    audience=audience,
                    audience_id=audience_id,
                )
            with pytest.raises(Forbidden):  # nor to a member without the role
                await broadcasts.count_recipients(
                    session,
                    organiser_id=town["members"][0].id,
                    kind="general",
                    audience=audience,
                    audience_id=audience_id,
                )
        for audience, audience_id in (("agency", own.id), ("branch", town["branches"][0].id)):
            count = await broadcasts.count_recipients(
                session,
                organiser_id=town["local"],
                kind="general",
                audience=audience,
                audience_id=audience_id,
            )
            assert count == 5
        for audience, audience_id in outside[:3]:
            assert await broadcasts.count_recipients(
                session, organiser_id=town["city"], kind="general", audience=audience, audience_id=audience_id
            ) == (12 if audience == "all" else 5)


async def test_recipients_are_subscribed_unblocked_unmuted_members_of_the_audience(db):
    town = await _town(db)
    first = town["members"][:5]
    async with db.begin() as session:
        await session.execute(update(Member).where(Member.id == first[0].id).values(subscribed=False))
        await session.execute(update(Member).where(Member.id == first[1].id).values(blocked_at=NOW))
        await broadcasts.mute(session, member_id=first[2].id, kind="fairs", muted=True)
        assert (
            await broadcasts.count_recipients(
                session,
                organiser_id=town["city"],
                kind="fairs",
                audience="agency",
                audience_id=town["agencies"][0].id,
            )
            == 2
        )
        # everyone but the unsubscribed and the blocked: 10 members and the 2 organisers, less 2
        assert (
            await broadcasts.count_recipients(
                session, organiser_id=town["city"], kind="general", audience="all"
            )
            == 10
        )
    broadcast = await _create(db, town["city"], kind="fairs", audience="all")
    async with db.begin() as session:
        assert await broadcasts.start_due(session, now=NOW) == [broadcast.id]
        assert await broadcasts.start_due(session, now=NOW) == []  # started once
        chats = set(await session.scalars(select(Delivery.chat_id)))
    assert chats == {m.telegram_user_id for m in town["members"][3:]} | {1, 2}


async def test_two_senders_never_claim_the_same_delivery(db):
    town = await _town(db, members_per_branch=100)
    await _create(db, town["city"])
    async with db.begin() as session:
        await broadcasts.start_due(session, now=NOW)

    async def sender() -> list[int]:
        got = []
        while True:
            async with db.begin() as session:
                batch = await deliveries.claim(session, now=NOW, limit=7)
                await asyncio.sleep(0.001)  # hold the claim a moment, as a sender sending would
            if not batch:
                return got
            got.extend(d.id for d in batch)

    first, second = await asyncio.gather(sender(), sender())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 202  # 200 members and the 2 organisers
    assert first and second


async def test_a_claim_never_recorded_is_taken_again_after_the_lease(db):
    town = await _town(db, members_per_branch=3)
    await _create(db, town["city"])
    async with db.begin() as session:
        await broadcasts.start_due(session, now=NOW)
        lost = await deliveries.claim(session, now=NOW, limit=2)  # the sender dies with these
    async with db.begin() as session:
        assert len(await deliveries.claim(session, now=NOW, limit=10)) == 6  # 8 recipients, 2 held
    async with db.begin() as session:
        assert await deliveries.claim(session, now=NOW + timedelta(seconds=30), limit=10) == []
        again = await deliveries.claim(session, now=NOW + deliveries.LEASE + timedelta(seconds=1), limit=10)
    assert {d.id for d in lost} <= {d.id for d in again}


async def test_outcomes_blocked_retry_and_failed(db):
    town = await _town(db, members_per_branch=2)
    broadcast = await _create(db, town["city"])
    async with db.begin() as session:
        await broadcasts.start_due(session, now=NOW)
        a, b, c, d, *rest = await deliveries.claim(session, now=NOW, limit=10)
        for other in rest:
            await deliveries.record(session, delivery_id=other.id, outcome="sent", message_id=9, now=NOW)
        await deliveries.record(session, delivery_id=a.id, outcome="sent", message_id=7, now=NOW)
        await deliveries.record(session, delivery_id=b.id, outcome="blocked", now=NOW)
        await deliveries.record(
            session, delivery_id=c.id, outcome="retry", retry_after=3, error="429", now=NOW
        )
        await deliveries.record(session, delivery_id=d.id, outcome="failed", error="chat not found", now=NOW)
        assert await deliveries.claim(session, now=NOW + timedelta(seconds=2), limit=10) == []
        assert [x.id for x in await deliveries.claim(session, now=NOW + timedelta(seconds=3), limit=10)] == [
            c.id
        ]
        await deliveries.record(session, delivery_id=c.id, outcome="sent", message_id=8, now=NOW)
        assert await deliveries.finish_done(session, now=NOW) == [broadcast.id]
        counts = await broadcasts.progress(session, broadcast_id=broadcast.id)
        blocked = await session.scalar(select(Member.blocked_at).where(Member.id == b.member_id))
    assert counts == {"sent": 2 + len(rest), "blocked": 1, "failed": 1}
    assert blocked is not None
    assert await _count_recipients_now(db, town["city"]) == 5  # the blocked member is skipped from now on


async def _count_recipients_now(db, organiser_id: int) -> int:
    async with db.read() as session:
        return await broadcasts.count_recipients(
            session, organiser_id=organiser_id, kind="general", audience="all"
        )


async def test_quiet_hours_hold_all_but_urgent_broadcasts(db):
    town = await _town(db, members_per_branch=1)
    calm = await _create(db, town["city"])
    urgent = await _create(db, town["city"], urgent=True)
    async with db.begin() as session:
        assert await broadcasts.start_due(session, now=NOW, quiet=True) == [urgent.id]
        assert await broadcasts.start_due(session, now=NOW) == [calm.id]
        assert len(await deliveries.claim(session, now=NOW, limit=10, quiet=True)) == 4  # the urgent one's


async def test_pause_resume_cancel_by_the_right_organiser_only(db):
    town = await _town(db, members_per_branch=2)
    broadcast = await _create(db, town["local"], audience="agency", audience_id=town["agencies"][0].id)
    async with db.begin() as session:
        await broadcasts.start_due(session, now=NOW)
        with pytest.raises(Forbidden):
            await broadcasts.set_status(
                session, broadcast_id=broadcast.id, actor_id=town["members"][0].id, to=BroadcastStatus.paused
            )
        await broadcasts.set_status(
            session, broadcast_id=broadcast.id, actor_id=town["local"], to=BroadcastStatus.paused
        )
        assert await deliveries.claim(session, now=NOW, limit=10) == []
        await broadcasts.set_status(
            session, broadcast_id=broadcast.id, actor_id=town["city"], to=BroadcastStatus.sending
        )
        assert len(await deliveries.claim(session, now=NOW, limit=1)) == 1
        await broadcasts.set_status(
            session, broadcast_id=broadcast.id, actor_id=town["local"], to=BroadcastStatus.cancelled
        )
        assert await deliveries.claim(session, now=NOW, limit=10) == []
        with pytest.raises(WrongStatus):
            await broadcasts.set_status(
                session, broadcast_id=broadcast.id, actor_id=town["local"], to=BroadcastStatus.sending
            )
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 2
