"""An organiser publishes a trip and a fair in the chat; members sign up from the announcement, one
waits and moves up when another leaves; the organiser checks people in and exports the list; forged
buttons change nothing (issue #6, properties 1–4 through the real Application)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.outbox import BotApiSend
from bot.telegram import callbacks
from handlers.events import remind
from handlers.fairs import tell_summary
from jobs import events as event_jobs
from jobs import fairs as fair_jobs
from jobs.broadcast import Sender
from jobs.pacing import Pacer
from store import events, ledger, roles
from store.content_models import Event, EventStatus, Signup, SignupStatus
from store.models import Member, Role
from tests.stories import register


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


async def _send_all(tg) -> None:
    translator = tg.application.bot_data.translator
    async with BotApiSend(tg.emulator.base_url, tg.emulator.token, translator, "aixin_test_bot") as send:
        sender = Sender(tg.db, send, Pacer(1000), quiet_hours=(0, 0))
        while await sender.run_once():
            pass


async def _member_id(tg, telegram_user_id: int) -> int:
    async with tg.db.read() as session:
        return await session.scalar(select(Member.id).where(Member.telegram_user_id == telegram_user_id))


async def test_a_trip_from_announcement_to_check_in(tg):
    alice = await register(tg, "alice")
    bob = await register(tg, "bob")
    dave = await register(tg, "dave")
    await dave.send("/language")
    await dave.tap("English")
    organiser = await tg.organiser()

    await bob.send("/event")
    assert "没有进行此操作的权限" in bob.last
    now = datetime.now(UTC)
    await organiser.send("/event")
    await organiser.send("进城口县岚溪村，购扶贫产品")
    await organiser.tap("城口县")
    assert "取消" in organiser.buttons  # every step has a way out
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    await organiser.send("明天")  # not a time: asked again, nothing lost
    assert "时间格式不对" in organiser.recent(2)
    await organiser.send(_local(now - timedelta(days=365)))
    assert "这个时间已经过去了" in organiser.recent(2)
    start = (now + timedelta(hours=3)).astimezone(ZoneInfo("Asia/Shanghai"))
    await organiser.send(
        f"{start.month}月{start.day}日 {start.hour}：{start.minute:02d}"
    )  # as typed in Chinese
    await organiser.send(_local(now + timedelta(hours=10)))
    await organiser.send(_local(now + timedelta(hours=2)))
    await organiser.send("²")  # a superscript two is no number: asked again
    assert "名额需要是 1 到 10000 的整数" in organiser.recent(2)
    await organiser.send("1")
    await organiser.send("-")
    assert "预览" in organiser.last and "名额 1" in organiser.last
    await organiser.tap("发布")
    assert "已发布" in organiser.alert and "您尚未报名" in organiser.last

    await _send_all(tg)
    assert "进城口县岚溪村" in alice.last and "报名" in alice.buttons[0]
    assert "参与完全自愿" in alice.last
    # The organiser wrote in Chinese; an English member reads the announcement's frame in English.
    assert "Visit the poor areas: 进城口县岚溪村" in dave.last and "Taking part is voluntary" in dave.last
    assert "Sign up" in dave.buttons[0]
    await alice.tap("报名")
    assert "报名成功" in alice.alert and "您已报名" in alice.last
    await alice.tap_data(callbacks.make("ev-join", 1))  # twice: still one sign-up
    await bob.tap("报名")
    assert "候补名单第 1 位" in bob.alert

    # Forged buttons: another event, checking oneself in, someone else's roster.
    alice_id, bob_id = await _member_id(tg, alice.id), await _member_id(tg, bob.id)
    await bob.tap_data(callbacks.make("ev-join", 999))
    assert "没有找到" in bob.alert
    await bob.tap_data(callbacks.make("ev-in", 1, bob_id, 0))
    assert "权限" in bob.alert
    await bob.tap_data(callbacks.make("ev-roster", 1, 0))
    assert "权限" in bob.alert
    await bob.tap_data("1:ev-in:1:x:0")
    assert "按钮已失效" in bob.alert or bob.alert
    async with tg.db.read() as session:
        rows = dict((await session.execute(select(Signup.member_id, Signup.status))).all())
        assert rows == {alice_id: SignupStatus.confirmed, bob_id: SignupStatus.waitlisted}
        assert await ledger.points_balance(session, member_id=bob_id) == 0

    await alice.tap("退出活动")
    assert "已退出" in alice.alert
    assert "转为正式报名" in bob.last

    # The reminders: the 2 h one is due now that the start is under three hours away.
    async with tg.db.read() as session:
        event = await session.get(Event, 1)
        starts = event.starts_at.replace(tzinfo=UTC)
    assert await event_jobs.send_reminders(tg.db, remind, now=starts - timedelta(hours=1)) == 1
    assert await event_jobs.send_reminders(tg.db, remind, now=starts - timedelta(minutes=30)) == 0
    await tg.application.notices_settled()
    assert "两小时后" in bob.last and "集合地点" in bob.last and "查看活动" in " ".join(bob.buttons)
    assert not any("两小时后" in (m.get("text") or "") for m in alice.messages())
    await tg.restart()  # a deploy: the clock starts again and finds the reminder already sent
    assert await event_jobs.send_reminders(tg.db, remind, now=starts - timedelta(minutes=20)) == 0
    await tg.application.notices_settled()
    assert sum("两小时后" in (m.get("text") or "") for m in bob.messages()) == 1

    await organiser.send("/events")
    assert "我组织的活动" in organiser.last
    await organiser.tap("进城口县岚溪村")
    await organiser.tap("名单与签到")
    assert "签到（1 人）" in organiser.last and "bob" in " ".join(organiser.buttons)
    await organiser.tap("bob")
    assert "+10" in organiser.alert
    await organiser.tap("bob")
    assert "已经签到过了" in organiser.alert
    assert "当天可以撤销" in organiser.last  # a wrong tap can be taken back the same day
    await organiser.tap("撤销签到")
    assert "已撤销签到" in organiser.alert and "⬜ bob" in " ".join(organiser.buttons)
    async with tg.db.read() as session:
        assert await ledger.points_balance(session, member_id=bob_id) == 0
    await organiser.tap("bob")  # present after all: checked in again, credited again
    assert "+10" in organiser.alert
    async with tg.db.read() as session:
        assert await ledger.points_balance(session, member_id=bob_id) == 10
    await bob.send("/me")  # counted as the volunteer record counts it: checked-in events
    assert "参加志愿活动 1 次" in bob.last and "爱心积分 10" in bob.last
    await alice.send("/me")
    assert "参加志愿活动 0 次" in alice.last

    await organiser.tap("返回")
    await organiser.tap("导出名单")
    document = organiser.messages()[-1]["document"]
    data = tg.emulator._files[document["file_id"]]["data"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [(r["name"], r["status"]) for r in rows] == [("alice", "cancelled"), ("bob", "attended")]


async def test_a_fair_in_the_menu_with_badges_and_a_summary_to_the_organiser(tg):
    alice = await register(tg, "alice")
    organiser = await tg.organiser()
    await alice.send("/fair")
    assert "没有进行此操作的权限" in alice.last

    now = datetime.now(UTC)
    await organiser.send("/fair")
    await organiser.send("渝交会网上展销")
    await organiser.send("渝交会")
    await organiser.send(_local(now - timedelta(minutes=5)))
    await organiser.send(_local(now + timedelta(days=2)))
    await organiser.send("城口 腊肉")
    await organiser.tap("城口老腊肉（五花）")
    assert "共 1 件" in organiser.alert
    assert "✅ 城口老腊肉（五花）" in organiser.buttons and "商品选好了（1 件）" in organiser.buttons
    await organiser.tap("城口老腊肉（五花）")  # a second tap takes it out
    assert "已移出（共 0 件）" in organiser.alert and "商品选好了（0 件）" in organiser.buttons
    await organiser.tap("城口老腊肉（五花）")
    await organiser.tap("商品选好了")
    await organiser.send("大巴山深处")  # no county tapped yet: asked to tap one, nothing kept
    assert "请先点一个区县" in organiser.recent(2) and "取消" in organiser.buttons
    await organiser.tap("城口县")
    await organiser.send("大巴山深处的腊肉与山水")
    await organiser.tap("完成，预览")
    assert "商品 1 件 · 区县特色 1 个" in organiser.last and "开幕时间已到" in organiser.last
    await organiser.tap("发布")
    assert "展销会已创建" in organiser.last and "🏠 主菜单" in organiser.buttons

    await _send_all(tg)
    assert "网上展销会开幕" in alice.last
    await alice.send("/menu")
    await alice.tap("正在进行：渝交会网上展销")
    assert "大巴山深处" in alice.last and "线下展会：渝交会" in alice.last
    await alice.tap("城口老腊肉（五花）")
    assert "渝交会网上展销 展销商品" in alice.last
    await alice.tap("返回")  # back to the fair, not the menu
    assert "大巴山深处" in alice.last
    await alice.tap_data(callbacks.make("dlg-go", 1))  # a fair's 发布, forged: not in the dialog, refused
    assert "失效" in alice.alert

    done = await fair_jobs.run_fairs(tg.db, tell_summary, now=now + timedelta(days=3))
    assert done["summaries"] == [1]
    await tg.application.notices_settled()
    assert "已闭幕：期间成交 0 单" in organiser.last


async def _trip(tg, *, organiser_tg: int, capacity: int) -> int:
    """A trip published in the store (the dialog has its own story above), starting in two days."""
    now = datetime.now(UTC)
    async with tg.db.begin() as session:
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == organiser_tg))
        event = await events.create(
            session,
            organiser_id=organiser,
            title="进巫溪县，购扶贫产品",
            county_id=1,
            meeting_place="市委大院东门",
            starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=8),
            signup_deadline=now + timedelta(days=1),
            capacity=capacity,
            now=now,
        )
    return event.id


def _count(member, words: str) -> int:
    return sum(words in (m.get("text") or "") for m in member.messages())


async def test_an_organiser_cancels_a_trip_and_each_member_in_line_is_told_once(tg):
    alice = await register(tg, "alice")
    bob = await register(tg, "bob")
    carol = await register(tg, "carol")
    await carol.tap_data(callbacks.make("language", 1))  # reads English
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
        await roles.grant(session, telegram_user_id=904, role=Role.organiser)
    organiser = tg.member("organiser", user_id=903)
    colleague = tg.member("colleague", user_id=904)  # another organiser: not this trip's
    event_id = await _trip(tg, organiser_tg=903, capacity=1)

    await alice.send("/events")
    await alice.tap("进巫溪县")
    assert "取消活动" not in " ".join(alice.buttons)
    await alice.tap("报名")
    for member in (bob, carol):
        await member.tap_data(callbacks.make("ev-join", event_id))
    await colleague.send("/events")
    await colleague.tap("进巫溪县")
    assert "取消活动" not in " ".join(colleague.buttons)

    # Forged buttons: neither a member nor another organiser can cancel it or be asked to confirm.
    for outsider in (bob, colleague):
        await outsider.tap_data(callbacks.make("ev-cancel", event_id))
        assert "没有进行此操作的权限" in outsider.alert
        await outsider.tap_data(callbacks.make("ev-cancel-ok", event_id))
        assert "没有进行此操作的权限" in outsider.alert
    async with tg.db.read() as session:
        assert (await session.get(Event, event_id)).status == EventStatus.published

    await organiser.send("/events")
    await organiser.tap("进巫溪县")
    await organiser.tap("取消活动")
    assert "已报名 1 人、候补 2 人" in organiser.last
    await organiser.tap("不取消")  # the way back: the card, nothing changed
    assert "您尚未报名" in organiser.last and _count(alice, "活动取消通知") == 0
    await organiser.tap("取消活动")
    await organiser.tap("确认取消活动")
    assert "已通知 3 人" in organiser.alert
    assert "此活动已由组织者取消" in organiser.last and "取消活动" not in " ".join(organiser.buttons)
    assert "活动取消通知" in alice.last and "活动取消通知" in bob.last
    assert "Trip cancelled" in carol.last and "查看活动" not in " ".join(carol.buttons)

    # A double tap on the old confirmation: cancelled already, nobody told again.
    await organiser.tap_data(callbacks.make("ev-cancel-ok", event_id))
    assert "已通知 0 人" in organiser.alert
    assert (_count(alice, "活动取消通知"), _count(bob, "活动取消通知"), _count(carol, "Trip cancelled")) == (
        1,
        1,
        1,
    )

    # Gone from the members' list; sign-ups no longer change; the organiser still sees it, marked.
    await alice.tap("查看活动")  # the button under the notice
    assert "此活动已由组织者取消" in alice.last and "退出活动" not in " ".join(alice.buttons)
    await alice.send("/events")
    assert "近期没有活动" in alice.last
    await bob.tap_data(callbacks.make("ev-leave", event_id))
    assert "已经取消" in bob.alert
    await colleague.tap_data(callbacks.make("ev-join", event_id))
    assert "已经取消" in colleague.alert
    async with tg.db.read() as session:
        statuses = sorted((await session.scalars(select(Signup.status))).all())
    assert statuses == sorted([SignupStatus.confirmed, SignupStatus.waitlisted, SignupStatus.waitlisted])
    await organiser.send("/events")
    assert "已取消" in " ".join(organiser.buttons)

    # Reminders due later are not sent.
    async with tg.db.read() as session:
        starts = (await session.get(Event, event_id)).starts_at.replace(tzinfo=UTC)
    for before in (timedelta(hours=20), timedelta(hours=1)):
        assert await event_jobs.send_reminders(tg.db, remind, now=starts - before) == 0


async def test_the_exported_list_runs_no_formula_a_member_put_in_their_name(tg):
    organiser = await tg.organiser()
    event_id = await _trip(tg, organiser_tg=903, capacity=10)
    names = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "平常人"]
    for name in names:
        member = tg.member(name)
        await member.send("/start")
        await member.tap_data(callbacks.make("ev-join", event_id))
    await member.tap_data(callbacks.make("ev-leave", event_id))  # 平常人 leaves: listed, not counted

    await organiser.send("/events")
    await organiser.tap("进巫溪县")
    await organiser.tap("导出名单")
    assert "已报名 5 人 · 候补 0 人" in organiser.messages()[-1]["caption"]
    document = organiser.messages()[-1]["document"]
    data = tg.emulator._files[document["file_id"]]["data"].decode("utf-8-sig")
    exported = [r["name"] for r in csv.DictReader(io.StringIO(data))]
    assert exported == ["'" + name for name in names[:-1]] + ["平常人"]
