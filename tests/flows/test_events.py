"""Volunteer trips as Request → Reply, on SQLite and PostgreSQL: /events, an event's card (ev),
signing up and the waitlist (ev-join), leaving and the next in line moving up (ev-leave); the
organiser's /event dialog that publishes and announces a trip; cancelling it (ev-cancel,
ev-cancel-ok); the roster and check-in (ev-roster, ev-in, ev-out) and the CSV list (ev-csv).
Organisers act for their agency (or all): another agency's organiser and a plain member are
refused, and nothing changes."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from store import broadcasts, events
from store.broadcast_models import Broadcast, BroadcastStatus
from store.content_models import Event, EventStatus, Signup, SignupStatus
from store.ledger_models import PointsEntry
from store.models import Agency, Role
from tests.flows.door import Door, alert, choose, document, intents, news, offered, refusal, text

FORBIDDEN = "没有进行此操作的权限"


def _local(moment: datetime) -> str:
    """A time as an organiser in Chongqing types it."""
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


async def _agencies(db) -> list[int]:
    """The demo's agencies: the first holds the branch members join (`join_first_branch`)."""
    async with db.read() as session:
        return list(await session.scalars(select(Agency.id).order_by(Agency.id)))


async def _organiser(db, user_id: int = 903, agency: int = 0) -> Door:
    return await Door(db, user_id, "组织者").grant(Role.organiser, agency or (await _agencies(db))[0])


async def _trip(organiser: Door, *, capacity: int = 1, starts_in: timedelta = timedelta(days=2)) -> int:
    """A trip published in the store (the dialog has its own test), in the organiser's agency."""
    now, organiser_id = datetime.now(UTC), (await organiser.member()).id
    async with organiser.db.begin() as session:
        event = await events.create(
            session,
            organiser_id=organiser_id,
            title="进巫溪县，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=now + starts_in,
            ends_at=now + starts_in + timedelta(hours=8),
            signup_deadline=now + starts_in - timedelta(hours=1),
            capacity=capacity,
            now=now,
        )
    return event.id


async def _signups(db, event_id: int) -> dict[str, SignupStatus]:
    async with db.read() as session:
        rows = await session.execute(
            select(Signup.member_id, Signup.status).where(Signup.event_id == event_id)
        )
        return {member_id: status for member_id, status in rows}


async def _points(db, member_id: int) -> list[int]:
    async with db.read() as session:
        found = await session.scalars(
            select(PointsEntry.delta).where(PointsEntry.member_id == member_id).order_by(PointsEntry.id)
        )
        return list(found)


async def test_an_organiser_announces_a_trip_step_by_step_and_bad_answers_are_asked_again(demo_db):
    member = Door(demo_db, 5001, "张三")
    assert await refusal(member.command("event")) == "您没有进行此操作的权限。"
    assert (await member.member()).dialog is None

    agency = (await _agencies(demo_db))[0]
    organiser = await _organiser(demo_db, agency=agency)
    now = datetime.now(UTC)
    asked = await organiser.command("event")
    assert "请发送活动名称" in text(asked) and "dialog-cancel" in intents(asked)
    asked = await organiser.say("进城口县岚溪村，购扶贫产品")
    assert "去哪个区县" in text(asked)
    asked = await choose(organiser, asked, "城口县")
    assert "哪个村" in text(asked) and "不指定村" in [a.label for a in offered(asked, "dlg-pick")]
    asked = await choose(organiser, asked, "岚溪村")
    asked = await organiser.say("市委大院东门")
    assert "出发时间" in text(asked)
    refused = await organiser.say("下个月吧")
    assert "时间格式不对" in text(refused) and "出发时间" in text(refused)  # asked again
    refused = await organiser.say(_local(now - timedelta(days=3)))
    assert "这个时间已经过去了" in text(refused)
    await organiser.say(_local(now + timedelta(days=3)))
    refused = await organiser.say(_local(now + timedelta(days=2)))  # ends before it starts
    assert "先后顺序不对" in text(refused) and "结束时间" in text(refused)
    await organiser.say(_local(now + timedelta(days=3, hours=8)))
    asked = await organiser.say(_local(now + timedelta(days=2)))
    assert "名额多少人" in text(asked)
    refused = await organiser.say("²")  # a superscript two is no number
    assert "名额需要是 1 到 10000 的整数" in text(refused)
    await organiser.say("３０人")  # as typed on a Chinese keyboard
    preview = await organiser.say("-")
    assert "预览" in text(preview) and "名额 30" in text(preview) and "城口县 · 岚天乡岚溪村" in text(preview)
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 0  # nothing yet

    published = await organiser.press(preview, "dlg-go")
    assert "已发布" in text(published) and "您尚未报名" in text(published)
    assert (await organiser.member()).dialog is None
    async with demo_db.read() as session:
        event = await session.scalar(select(Event))
        announcement = await session.get(Broadcast, event.broadcast_id)
    assert (event.title, event.capacity, event.status) == (
        "进城口县岚溪村，购扶贫产品",
        30,
        EventStatus.published,
    )
    assert event.scope_id == agency and event.village_id is not None and event.description == ""
    # Announced to the organiser's agency, with a 报名 button opening this trip.
    assert (announcement.kind, announcement.audience, announcement.audience_id) == (
        "events",
        "agency",
        agency,
    )
    assert (announcement.button, announcement.button_id) == ("event", event.id)


async def test_a_member_signs_up_the_next_waits_and_moves_up_when_the_first_leaves(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=1)
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    bob = await Door(demo_db, 5002, "李四").join_first_branch()

    listing = await alice.command("events")
    assert "进贫困地区、购扶贫产品" in text(listing) and "进巫溪县" in offered(listing, "ev")[0].label
    card = await alice.press(listing, "ev")
    assert "您尚未报名" in text(card) and "名额 1，已报名 0" in text(card)
    assert "ev-leave" not in intents(card) and "ev-roster" not in intents(card)
    joined = await alice.press(card, "ev-join")
    assert "报名成功" in text(joined) and "您已报名" in text(joined)
    assert "ev-join" not in intents(joined) and "ev-leave" in intents(joined)
    await alice.tap("ev-join", event_id)  # a second tap: still one sign-up
    waiting = await bob.tap("ev-join", event_id)
    assert "候补名单第 1 位" in text(waiting) and "您在候补名单第 1 位" in text(waiting)
    alice_id, bob_id = (await alice.member()).id, (await bob.member()).id
    assert await _signups(demo_db, event_id) == {
        alice_id: SignupStatus.confirmed,
        bob_id: SignupStatus.waitlisted,
    }

    left = await alice.tap("ev-leave", event_id)
    assert "已退出" in text(left) and "您已退出这个活动" in text(left) and "ev-join" in intents(left)
    assert await _signups(demo_db, event_id) == {
        alice_id: SignupStatus.cancelled,
        bob_id: SignupStatus.confirmed,
    }
    assert any("已从候补转为正式报名" in said for said in await news(bob))
    assert not any("候补" in said for said in await news(alice))

    back = await alice.press(left, "events")  # 返回: the list again
    assert offered(back, "ev")[0].args == (event_id,) and "menu" in intents(back)
    mine = await organiser.command("events")
    assert "我组织的活动" in text(mine) and offered(mine, "ev")[0].args == (event_id,)


async def test_signing_up_leaving_and_checking_in_keep_to_their_times(demo_db):
    organiser = await _organiser(demo_db)
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    bob = await Door(demo_db, 5002, "李四").join_first_branch()
    now, organiser_id, alice_id = datetime.now(UTC), (await organiser.member()).id, (await alice.member()).id
    async with demo_db.begin() as session:  # a trip that left an hour ago, alice signed up in time
        started = await events.create(
            session,
            organiser_id=organiser_id,
            title="进城口县，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=7),
            signup_deadline=now - timedelta(hours=2),
            capacity=10,
            now=now - timedelta(hours=4),
        )
        await events.sign_up(session, event_id=started.id, member_id=alice_id, now=now - timedelta(hours=3))
    card = await alice.tap("ev", started.id)
    assert "您已报名" in text(card) and not {"ev-join", "ev-leave"} & set(intents(card))
    assert "活动已经开始" in await refusal(alice.tap("ev-leave", started.id))
    assert await refusal(bob.tap("ev-join", started.id)) == "报名已截止。"
    assert set((await _signups(demo_db, started.id)).values()) == {SignupStatus.confirmed}

    later = await _trip(organiser, capacity=10)  # in two days: check-in is not open yet
    await alice.tap("ev-join", later)
    refused = refusal(organiser.tap("ev-in", later, alice_id, 0))
    assert "签到时间为活动开始前 6 小时至结束后 24 小时" in await refused
    assert await _points(demo_db, alice_id) == []


async def test_the_organiser_checks_a_member_in_once_and_can_take_it_back_the_same_day(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=5, starts_in=timedelta(hours=3))  # check-in is open
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    await alice.tap("ev-join", event_id)
    alice_id = (await alice.member()).id

    card = await organiser.tap("ev", event_id)
    assert {"ev-roster", "ev-csv", "ev-cancel"} <= set(intents(card))
    roster = await organiser.press(card, "ev-roster")
    assert "签到（1 人）" in text(roster)
    assert offered(roster, "ev-in")[0].label == "⬜ 张三 · 市财政局机关第一党支部"
    checked = await organiser.press(roster, "ev-in")
    assert "+10 爱心积分" in text(checked) and offered(checked, "ev-in")[0].label.startswith("✅")
    again = await organiser.press(checked, "ev-in")  # a second tap credits nothing more
    assert "已经签到过了" in text(again) and "当天可以撤销" in text(again)
    assert await _points(demo_db, alice_id) == [10]
    assert "您已签到" in text(await alice.tap("ev", event_id))

    undone = await organiser.press(again, "ev-out")
    assert "已撤销签到，10 爱心积分已冲回" in text(undone)
    assert offered(undone, "ev-in")[0].label.startswith("⬜")
    assert await _points(demo_db, alice_id) == [10, -10]  # append-only: the credit and its reversal
    assert await _signups(demo_db, event_id) == {alice_id: SignupStatus.confirmed}
    assert "状态已经变化" in await refusal(organiser.tap("ev-out", event_id, alice_id, 0))  # once


async def test_a_member_checked_in_is_not_offered_to_sign_up_again_nor_told_they_wait(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=5, starts_in=timedelta(hours=3))  # sign-up still open
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    await alice.tap("ev-join", event_id)
    await organiser.tap("ev-in", event_id, (await alice.member()).id, 0)

    card = await alice.tap("ev", event_id)
    assert "您已签到" in text(card)
    tapped = await alice.tap("ev-join", event_id)  # the 报名 under the announcement, once more
    assert "候补名单" not in text(tapped) and "您已签到，感谢参与" in alert(tapped).text
    assert "ev-join" not in intents(card) and "ev-leave" not in intents(card)


async def test_the_sign_up_list_is_a_csv_spreadsheets_read_with_no_formula_run(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=1)
    await (await Door(demo_db, 5001, "=HYPERLINK(1)").join_first_branch()).tap("ev-join", event_id)
    await (await Door(demo_db, 5002, "李四").join_first_branch()).tap("ev-join", event_id)

    sheet = document(await organiser.press(await organiser.tap("ev", event_id), "ev-csv"))
    assert sheet.filename == f"event-{event_id}.csv" and "已报名 1 人 · 候补 1 人" in sheet.caption
    assert sheet.content.startswith("\ufeff".encode())  # so spreadsheet programs read Chinese
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert [(r["name"], r["status"], r["branch"]) for r in rows] == [
        ("'=HYPERLINK(1)", "confirmed", "市财政局机关第一党支部"),
        ("李四", "waitlisted", "市财政局机关第一党支部"),
    ]


async def test_its_organiser_cancels_a_trip_and_everyone_in_line_is_told_once(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=1)
    organiser_id, agency = (await organiser.member()).id, (await _agencies(demo_db))[0]
    async with demo_db.begin() as session:  # announced, as publishing does
        announcement = await broadcasts.announce(
            session,
            organiser_id=organiser_id,
            key="event-announcement",
            args={"title": "进巫溪县，购扶贫产品"},
            text="进巫溪县，购扶贫产品",
            kind="events",
            scope_id=agency,
            button="event",
            button_id=event_id,
            send_at=datetime.now(UTC) + timedelta(hours=1),
        )
        await events.set_broadcast(session, event_id=event_id, broadcast_id=announcement.id)
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    bob = await Door(demo_db, 5002, "李四").join_first_branch()
    await alice.tap("ev-join", event_id)
    await bob.tap("ev-join", event_id)
    assert "ev-cancel" not in intents(await alice.tap("ev", event_id))

    asked = await organiser.press(await organiser.tap("ev", event_id), "ev-cancel")
    assert "确定要取消活动" in text(asked) and "已报名 1 人、候补 1 人" in text(asked)
    kept = await choose(organiser, asked, "不取消")  # the way back: the card, nothing changed
    assert "ev-cancel" in intents(kept) and "此活动已由组织者取消" not in text(kept)
    cancelled = await organiser.press(await organiser.press(kept, "ev-cancel"), "ev-cancel-ok")
    assert "活动已取消，已通知 2 人" in text(cancelled) and "此活动已由组织者取消" in text(cancelled)
    assert not {"ev-cancel", "ev-join", "ev-leave"} & set(intents(cancelled))
    again = await organiser.tap("ev-cancel-ok", event_id)  # the old button once more: nobody told again
    assert "已通知 0 人" in text(again)
    for member in (alice, bob):
        assert sum("活动取消通知" in said for said in await news(member)) == 1

    assert "已经取消" in await refusal(bob.tap("ev-leave", event_id))
    assert "已经取消" in await refusal(Door(demo_db, 5003, "王五").tap("ev-join", event_id))
    assert "已经取消" in await refusal(organiser.tap("ev-cancel", event_id))
    assert "近期没有活动" in text(await alice.command("events"))
    assert "（已取消）" in offered(await organiser.command("events"), "ev")[0].label
    async with demo_db.read() as session:
        assert (await session.get(Event, event_id)).status == EventStatus.cancelled
        assert (await session.get(Broadcast, announcement.id)).status == BroadcastStatus.cancelled
    assert set((await _signups(demo_db, event_id)).values()) == {
        SignupStatus.confirmed,
        SignupStatus.waitlisted,
    }  # kept as they were, for the exported list


@pytest.mark.parametrize("outsider", ["member", "other agency's organiser"])
async def test_an_outsider_sees_no_roster_and_is_refused_every_organisers_action(demo_db, outsider):
    first, second = (await _agencies(demo_db))[:2]
    organiser = await _organiser(demo_db, agency=first)
    event_id = await _trip(organiser, capacity=5, starts_in=timedelta(hours=3))
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    await alice.tap("ev-join", event_id)
    alice_id = (await alice.member()).id
    door = alice if outsider == "member" else await _organiser(demo_db, user_id=904, agency=second)

    card = await door.tap("ev", event_id)
    assert not {"ev-roster", "ev-csv", "ev-cancel"} & set(intents(card))
    for intent, args in (
        ("ev-roster", (event_id, 0)),
        ("ev-in", (event_id, alice_id, 0)),
        ("ev-out", (event_id, alice_id, 0)),
        ("ev-csv", (event_id,)),
        ("ev-cancel", (event_id,)),
        ("ev-cancel-ok", (event_id,)),
    ):
        assert FORBIDDEN in await refusal(door.tap(intent, *args)), intent
    if outsider != "member":
        assert "还没有您组织的活动" in text(await door.command("events"))  # not their agency's
    async with demo_db.read() as session:
        assert (await session.get(Event, event_id)).status == EventStatus.published
    assert await _signups(demo_db, event_id) == {alice_id: SignupStatus.confirmed}
    assert await _points(demo_db, alice_id) == []


async def test_an_organiser_of_all_agencies_runs_the_roster_but_cancels_only_their_own_trips(demo_db):
    organiser = await _organiser(demo_db)
    event_id = await _trip(organiser, capacity=5, starts_in=timedelta(hours=3))
    alice = await Door(demo_db, 5001, "张三").join_first_branch()
    await alice.tap("ev-join", event_id)
    everywhere = await Door(demo_db, 905, "市委组织者").grant(Role.organiser)  # roles.ALL

    card = await everywhere.tap("ev", event_id)
    assert {"ev-roster", "ev-csv"} <= set(intents(card)) and "ev-cancel" not in intents(card)
    checked = await everywhere.press(await everywhere.press(card, "ev-roster"), "ev-in")
    assert "+10" in text(checked)
    assert FORBIDDEN in await refusal(everywhere.tap("ev-cancel-ok", event_id))
    async with demo_db.read() as session:
        assert (await session.get(Event, event_id)).status == EventStatus.published
