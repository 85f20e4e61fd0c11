"""Events: exact sign-up under concurrency, the waitlist, reminders across a restart, check-in
(issue #6, properties 1–3), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.events import remind
from jobs import events as event_jobs
from store import attendance, broadcasts, events, ledger, reminders, reports, roles
from store.content_models import Event, EventStatus, Reminder, Signup, SignupStatus
from store.errors import CheckInClosed, EventCancelled, EventStarted, Forbidden, SignupClosed, WrongStatus
from store.models import Member, Role
from store.notice_models import Notice
from tests.shop import NOW, open_shop

START = NOW + timedelta(days=3)


async def _event(db, *, capacity=30, organiser_tg=902, scope=roles.ALL, deadline=START - timedelta(days=1)):
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=organiser_tg, role=Role.organiser, scope_id=scope)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == organiser_tg))
        event = await events.create(
            session,
            organiser_id=organiser,
            title="进城口县岚溪村，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=START,
            ends_at=START + timedelta(hours=8),
            signup_deadline=deadline,
            capacity=capacity,
            now=NOW,
        )
    return event.id, organiser


async def _sign_up(db, event_id, member_id, now=NOW):
    async with db.begin() as session:
        return await events.sign_up(session, event_id=event_id, member_id=member_id, now=now)


async def _cancel(db, event_id, member_id, now=NOW):
    async with db.begin() as session:
        return await events.cancel(session, event_id=event_id, member_id=member_id, now=now)


async def _statuses(db, event_id) -> dict[int, tuple[SignupStatus, int]]:
    async with db.read() as session:
        rows = await session.execute(
            select(Signup.member_id, Signup.status, Signup.position).where(Signup.event_id == event_id)
        )
        return {m: (s, p) for m, s, p in rows}


async def test_a_hundred_sign_up_at_once_for_thirty_places(db):
    shop = await open_shop(db, members=100)
    event_id, _ = await _event(db, capacity=30)
    await asyncio.gather(*(_sign_up(db, event_id, m) for m in shop.members))
    await asyncio.gather(*(_sign_up(db, event_id, m) for m in shop.members[:10]))  # taps again: no effect
    rows = await _statuses(db, event_id)
    assert len(rows) == 100
    assert sorted(p for _, p in rows.values()) == list(range(1, 101))  # one arrival number each
    confirmed = sorted(p for s, p in rows.values() if s == SignupStatus.confirmed)
    waitlisted = sorted(p for s, p in rows.values() if s == SignupStatus.waitlisted)
    assert confirmed == list(range(1, 31)) and waitlisted == list(range(31, 101))

    by_position = {p: m for m, (_, p) in rows.items()}
    promoted = await _cancel(db, event_id, by_position[5])
    assert promoted.member_id == by_position[31]
    # A waitlisted member leaving moves nobody up.
    assert await _cancel(db, event_id, by_position[40]) is None
    # Ten confirmed members leave at once: exactly the next ten in line move up, in order.
    leaving = [by_position[p] for p in range(10, 20)]
    promoted = await asyncio.gather(*(_cancel(db, event_id, m) for m in leaving))
    assert sorted(p.position for p in promoted) == [32, 33, 34, 35, 36, 37, 38, 39, 41, 42]
    rows = await _statuses(db, event_id)
    assert sum(s == SignupStatus.confirmed for s, _ in rows.values()) == 30
    assert sum(s == SignupStatus.waitlisted for s, _ in rows.values()) == 58

    # Leaving and coming back joins the end of the line.
    again = await _sign_up(db, event_id, by_position[5])
    assert again.status == SignupStatus.waitlisted and again.position == 101


async def test_sign_up_closes_at_the_deadline_and_leaving_ends_at_the_start(db):
    shop = await open_shop(db, members=2)
    event_id, _ = await _event(db, capacity=1)
    await _sign_up(db, event_id, shop.members[0])
    with pytest.raises(SignupClosed):
        await _sign_up(db, event_id, shop.members[1], now=START - timedelta(hours=1))
    with pytest.raises(EventStarted):
        await _cancel(db, event_id, shop.members[0], now=START)
    with pytest.raises(WrongStatus):
        await _cancel(db, event_id, shop.members[1])
    await _cancel(db, event_id, shop.members[0], now=START - timedelta(minutes=1))


async def test_a_member_cannot_create_events_or_check_people_in(db):
    shop = await open_shop(db, members=2)
    event_id, organiser = await _event(db, capacity=5)
    await _sign_up(db, event_id, shop.members[0])
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await events.create(
                session,
                organiser_id=shop.members[1],
                title="x",
                county_id=1,
                meeting_place="y",
                starts_at=START,
                ends_at=START + timedelta(hours=1),
                signup_deadline=START,
                capacity=3,
                now=NOW,
            )
    on_the_day = START + timedelta(hours=1)
    for too_early_or_late in (START - timedelta(days=1), START + timedelta(days=3)):
        async with db.begin() as session:
            with pytest.raises(CheckInClosed):
                await _check_in(session, event_id, shop.members[0], organiser, too_early_or_late)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await _check_in(session, event_id, shop.members[0], shop.members[1], on_the_day)
    # An organiser of one agency cannot run an event for all agencies.
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=905, role=Role.organiser, scope_id=shop.agency_id)
        local = await session.scalar(select(Member.id).where(Member.telegram_user_id == 905))
        with pytest.raises(Forbidden):
            await attendance.roster(session, event_id=event_id, actor_id=local)
    for _ in range(2):
        async with db.begin() as session:
            await _check_in(session, event_id, shop.members[0], organiser, on_the_day)
    async with db.read() as session:
        assert await ledger.points_balance(session, member_id=shop.members[0]) == 10
        assert (await reports.footprint(session, member_id=shop.members[0])).events == 1
    async with db.begin() as session:
        with pytest.raises(WrongStatus):  # not signed up
            await _check_in(session, event_id, shop.members[1], organiser, on_the_day)


async def _reminded(db) -> list[tuple[int, str]]:
    """Who has been reminded of which (24h, 2h), as the notice outbox holds it."""
    async with db.read() as session:
        told = await session.scalars(select(Notice).where(Notice.key == "event-reminder").order_by(Notice.id))
        return [(n.member_id, {"day": "24h", "hours": "2h"}[n.args["which"]]) for n in told]


async def test_reminders_go_once_each_across_a_restart_and_never_to_those_who_left(db):
    shop = await open_shop(db, members=5)
    event_id, _ = await _event(db, capacity=3)
    for member in shop.members:  # 3 confirmed, 2 waitlisted
        await _sign_up(db, event_id, member)
    await _cancel(db, event_id, shop.members[4])  # waitlisted, leaves
    # The clock moves through the days before the event; the job runs as the scheduler would,
    # and a "restart" is simply a new run against the same store.
    for hours_before in (72, 30, 23.9, 23.8, 20, 2.5):
        await event_jobs.send_reminders(db, remind, now=START - timedelta(hours=hours_before))
    assert sorted(await _reminded(db)) == sorted((m, "24h") for m in shop.members[:3])
    await _cancel(db, event_id, shop.members[0], now=START - timedelta(hours=3))  # promotes members[3]
    for hours_before in (1.9, 1.5, 0.5):
        await event_jobs.send_reminders(db, remind, now=START - timedelta(hours=hours_before))
    await event_jobs.send_reminders(db, remind, now=START + timedelta(minutes=1))
    sent = await _reminded(db)
    two_hours = sorted(m for m, which in sent if which == "2h")
    assert two_hours == sorted([shop.members[1], shop.members[2], shop.members[3]])
    assert shop.members[4] not in {m for m, _ in sent}
    assert len(sent) == len(set(sent)) == 6


async def test_a_reminder_claimed_by_a_crashed_sender_goes_out_after_the_lease(db):
    shop = await open_shop(db, members=1)
    event_id, _ = await _event(db, capacity=3)
    await _sign_up(db, event_id, shop.members[0])
    day_before = START - timedelta(hours=20)
    async with db.begin() as session:
        await reminders.plan_reminders(session, now=day_before)
        assert len(await reminders.claim_reminders(session, now=day_before)) == 1  # then the process died
    await event_jobs.send_reminders(db, remind, now=day_before + timedelta(seconds=10))
    assert await _reminded(db) == []  # still leased to the dead sender
    await event_jobs.send_reminders(db, remind, now=day_before + timedelta(minutes=2))
    await event_jobs.send_reminders(db, remind, now=day_before + timedelta(minutes=3))
    assert [m for m, _ in await _reminded(db)] == [shop.members[0]]
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Reminder)) == 1


async def test_attendance_is_in_the_volunteer_record(db):
    shop = await open_shop(db, members=2)
    event_id, organiser = await _event(db, capacity=5)
    await _sign_up(db, event_id, shop.members[0])
    await _sign_up(db, event_id, shop.members[1])
    async with db.begin() as session:
        await _check_in(session, event_id, shop.members[0], organiser, START)
    async with db.read() as session:
        records, branches = await reports.volunteer_record(
            session, start=START - timedelta(days=1), end=START + timedelta(days=1)
        )
    assert [(r.member_id, r.events, r.points) for r in records] == [(shop.members[0], 1, 10)]
    assert branches[0].points == 10
    # /me counts them with the same query: all time, checked-in only.
    async with db.read() as session:
        mine = await reports.footprint(session, member_id=shop.members[0])
        theirs = await reports.footprint(session, member_id=shop.members[1])
    assert (mine.events, mine.points, theirs.events) == (1, 10, 0)


async def test_members_checked_in_still_hold_their_places(db):
    shop = await open_shop(db, members=3)
    event_id, organiser = await _event(db, capacity=2, deadline=START)  # sign-up open until the start
    early = START - timedelta(hours=1)  # check-in has opened
    for member_id in shop.members[:2]:
        await _sign_up(db, event_id, member_id, now=early)
        async with db.begin() as session:
            await _check_in(session, event_id, member_id, organiser, early)
    late = await _sign_up(db, event_id, shop.members[2], now=early)
    assert late.status == SignupStatus.waitlisted
    async with db.read() as session:
        standing = await events.standing(session, event_id=event_id)
    assert (standing.confirmed + standing.attended, standing.waitlisted) == (2, 1)


async def _cancel_event(db, event_id, actor_id, now=NOW):
    async with db.begin() as session:
        return await attendance.cancel_event(session, event_id=event_id, actor_id=actor_id, now=now)


async def test_an_organiser_cancels_an_event_once_and_everyone_in_line_is_told_once(db):
    shop = await open_shop(db, members=5)
    event_id, organiser = await _event(db, capacity=2)
    for member in shop.members[:4]:  # 2 confirmed, 2 waitlisted
        await _sign_up(db, event_id, member)
    await _cancel(db, event_id, shop.members[3])  # left before: not told
    async with db.begin() as session:
        announcement = await broadcasts.create(
            session, organiser_id=organiser, text="出发！", kind="events", send_at=NOW
        )
        await events.set_broadcast(session, event_id=event_id, broadcast_id=announcement.id)
    async with db.begin() as session:  # the 24 h reminders are planned, but not yet sent
        await reminders.plan_reminders(session, now=START - timedelta(hours=20))

    # Neither a member nor another agency's organiser may cancel it, nor even be asked to confirm.
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=905, role=Role.organiser, scope_id=shop.agency_id)
        local = await session.scalar(select(Member.id).where(Member.telegram_user_id == 905))
    for outsider in (shop.members[4], local, None):
        with pytest.raises(Forbidden):
            await _cancel_event(db, event_id, outsider)
        async with db.read() as session:
            with pytest.raises(Forbidden):
                await attendance.to_cancel(session, event_id=event_id, actor_id=outsider, now=NOW)
    async with db.read() as session:
        assert (
            await attendance.to_cancel(session, event_id=event_id, actor_id=organiser, now=NOW)
        ).id == event_id

    # A double tap at once: cancelled once, each of the three still in line returned once.
    told = await asyncio.gather(*(_cancel_event(db, event_id, organiser) for _ in range(2)))
    assert sorted(len(t) for t in told) == [0, 3]
    assert [m.id for m in max(told, key=len)] == shop.members[:3]  # in arrival order
    assert await _cancel_event(db, event_id, organiser) == []

    async with db.read() as session:
        assert (await session.get(Event, event_id)).status == EventStatus.cancelled
        assert (await session.get(type(announcement), announcement.id)).status.value == "cancelled"
        assert (await events.upcoming(session, now=NOW)).total == 0
        with pytest.raises(EventCancelled):
            await attendance.to_cancel(session, event_id=event_id, actor_id=organiser, now=NOW)
    before = await _statuses(db, event_id)
    with pytest.raises(EventCancelled):
        await _sign_up(db, event_id, shop.members[4])
    with pytest.raises(EventCancelled):
        await _cancel(db, event_id, shop.members[0])
    async with db.begin() as session:
        with pytest.raises(EventCancelled):
            await _check_in(session, event_id, shop.members[0], organiser, START)
    assert await _statuses(db, event_id) == before  # the list keeps who had a place and who waited
    for hours_before in (19, 2, 1):
        await event_jobs.send_reminders(db, remind, now=START - timedelta(hours=hours_before))
    assert await _reminded(db) == []


async def test_an_admin_may_cancel_but_not_once_the_event_has_started(db):
    shop = await open_shop(db, members=1)
    event_id, organiser = await _event(db, capacity=2)
    await _sign_up(db, event_id, shop.members[0])
    with pytest.raises(EventStarted):
        await _cancel_event(db, event_id, organiser, now=START)
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=906, role=Role.admin)
        admin = await session.scalar(select(Member.id).where(Member.telegram_user_id == 906))
    told = await _cancel_event(db, event_id, admin, now=START - timedelta(minutes=1))
    assert [m.id for m in told] == [shop.members[0]]


async def _check_in(session, event_id: int, member_id: int, actor_id: int | None, now: datetime) -> bool:
    return await attendance.check_in(
        session, event_id=event_id, member_id=member_id, actor_id=actor_id, now=now, points=10
    )
