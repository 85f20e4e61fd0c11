"""A trip checked into hours before its start and then cancelled is no trip attended: cancelling
takes the check-in's points back with an entry of its own (once, however often it is tapped), and
neither /me nor the volunteer record counts it any more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.telegram import callbacks
from store import events, reports, roles
from store.ledger_models import PointsEntry
from store.models import Member, Role
from tests.stories import register


async def test_a_trip_cancelled_after_its_check_ins_leaves_no_points_and_no_attendance(tg):
    bob = await register(tg, "bob")
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
        organiser_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == 903))
    organiser = tg.member("organiser", user_id=903)
    now = datetime.now(UTC)
    async with tg.db.begin() as session:  # leaves in three hours: check-in is open already
        event = await events.create(
            session,
            organiser_id=organiser_id,
            title="进城口县，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=now + timedelta(hours=3),
            ends_at=now + timedelta(hours=11),
            signup_deadline=now + timedelta(hours=2),
            capacity=10,
            now=now,
        )
    await bob.tap_data(callbacks.make("ev-join", event.id))
    assert "报名成功" in bob.alert

    await organiser.send("/events")
    await organiser.tap("进城口县")
    await organiser.tap("名单与签到")
    await organiser.tap("bob")
    assert "+10" in organiser.alert
    await bob.send("/me")
    assert "参加志愿活动 1 次" in bob.last and "爱心积分 10" in bob.last

    await organiser.tap("返回")
    await organiser.tap("取消活动")
    await organiser.tap("确认取消活动")
    assert "已通知 1 人" in organiser.alert
    await organiser.tap_data(callbacks.make("ev-cancel-ok", event.id))  # the old button again
    assert "已通知 0 人" in organiser.alert

    await bob.send("/me")
    assert "参加志愿活动 0 次" in bob.last and "爱心积分 0" in bob.last
    async with tg.db.read() as session:
        bob_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == bob.id))
        entries = (
            await session.execute(
                select(PointsEntry.reason, PointsEntry.delta).where(PointsEntry.member_id == bob_id)
            )
        ).all()
        people, branches = await reports.volunteer_record(
            session, start=now - timedelta(days=1), end=now + timedelta(days=1)
        )
    # Append-only: the credit stays and one entry takes it back.
    assert sorted(entries) == [("event", 10), ("event_reversal", -10)]
    record = next(r for r in people if r.member_id == bob_id)
    assert (record.events, record.points) == (0, 0)
    assert all(b.points == 0 for b in branches)
