"""Ten taps at once on a dialog's last button publish once: one row, one broadcast; every other tap
is told the button is stale (invariant 1 for the dialogs of issue #6)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from store import members, roles
from store.broadcast_models import Broadcast
from store.content_models import Event, Fair, Story
from store.models import Member, Product, Role
from tests.stories import register

TAPS = 10


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


async def _tap_at_once(tg, member, label: str) -> list[str]:
    """`label` tapped TAPS times at the same moment; the answers to those taps."""
    message_id, data = member.find_button(label)
    updates = await asyncio.gather(*(tg.emulator.tap(member.id, message_id, data) for _ in range(TAPS)))
    await asyncio.gather(*(tg.deliver(u) for u in updates))
    answers = tg.emulator.callback_answers
    return [answers.get(u["callback_query"]["id"], {}).get("text", "") for u in updates]


async def _count(tg, model) -> int:
    async with tg.db.read() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_ten_taps_on_publish_make_one_event_and_one_announcement(tg):
    await register(tg, "alice")
    organiser = await tg.organiser()
    now = datetime.now(UTC)
    await organiser.send("/event")
    await organiser.send("进城口县岚溪村，购扶贫产品")
    await organiser.tap("城口县")
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    for hours in (3, 10, 2):
        await organiser.send(_local(now + timedelta(hours=hours)))
    await organiser.send("5")
    await organiser.send("-")
    broadcasts_before = await _count(tg, Broadcast)

    answers = await _tap_at_once(tg, organiser, "发布")

    assert await _count(tg, Event) == 1
    assert await _count(tg, Broadcast) == broadcasts_before + 1
    assert sum("已发布" in a for a in answers) == 1
    assert sum("按钮已失效" in a for a in answers) == TAPS - 1
    async with tg.db.read() as session:
        member = await members.by_telegram_id(session, organiser.id)
        assert member.dialog is None and member.dialog_data is None


async def _secretary_at_push(tg, title="平原村的老腊肉"):
    """A first secretary of 城口老腊肉's village, at the last question of a new story: tell or not."""
    async with tg.db.read() as session:
        village_id = await session.scalar(
            select(Product.village_id).where(Product.name == "城口老腊肉（五花）")
        )
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=920, role=Role.first_secretary, scope_id=village_id)
    secretary = tg.member("secretary", user_id=920)
    await _write_story(secretary, title)
    return secretary


async def _write_story(secretary, title):
    await secretary.send("/story")
    await secretary.tap("写新故事")
    await secretary.send(title)
    await secretary.send("大巴山深处，柴火熏足九十天。")
    await secretary.tap("照片好了")
    await secretary.tap("城口老腊肉（五花）")
    await secretary.tap("完成")


async def test_ten_taps_on_publish_and_push_make_one_story_and_one_push(tg):
    await register(tg, "alice")
    secretary = await _secretary_at_push(tg)
    broadcasts_before = await _count(tg, Broadcast)

    answers = await _tap_at_once(tg, secretary, "发布并通知")

    assert await _count(tg, Story) == 1
    assert await _count(tg, Broadcast) == broadcasts_before + 1
    assert sum("按钮已失效" in a for a in answers) == TAPS - 1
    async with tg.db.read() as session:
        assert await session.scalar(select(Member.dialog).where(Member.telegram_user_id == 920)) is None


async def test_a_story_and_its_push_are_one_transaction(tg):
    secretary = await _secretary_at_push(tg)
    broadcasts_before = await _count(tg, Broadcast)
    refusing = True

    def refuse_the_push(conn, cursor, statement, parameters, context, executemany):
        if refusing and "story_push" in statement and statement.lstrip().upper().startswith("INSERT"):
            raise RuntimeError("the database went away")

    event.listen(tg.db.engine.sync_engine, "before_cursor_execute", refuse_the_push)
    try:
        await secretary.tap("发布并通知")
    finally:
        event.remove(tg.db.engine.sync_engine, "before_cursor_execute", refuse_the_push)
    # Nothing half done: no story without its push, and the member is still at the same question.
    assert await _count(tg, Story) == 0 and await _count(tg, Broadcast) == broadcasts_before
    async with tg.db.read() as session:
        member = await members.by_telegram_id(session, secretary.id)
        assert (member.dialog, member.dialog_data["step"]) == ("story", "push")
    refusing = False
    await secretary.tap("发布并通知")
    assert "正在通知订阅成员" in secretary.alert
    assert await _count(tg, Story) == 1 and await _count(tg, Broadcast) == broadcasts_before + 1

    # A second story the same week: published, not pushed (the push alone is undone).
    await _write_story(secretary, "平原村的土鸡蛋")
    await secretary.tap("发布并通知")
    assert "本周已推送过" in secretary.alert and "本周已推送过" in secretary.last
    assert await _count(tg, Story) == 2 and await _count(tg, Broadcast) == broadcasts_before + 1


async def test_ten_taps_on_a_fair_publish_make_one_fair_and_one_announcement(tg):
    organiser = await tg.organiser()
    now = datetime.now(UTC)
    await organiser.send("/fair")
    await organiser.send("渝交会网上展销")
    await organiser.send("渝交会")
    await organiser.send(_local(now + timedelta(hours=1)))
    await organiser.send(_local(now + timedelta(days=2)))
    await organiser.send("城口 腊肉")
    await organiser.tap("城口老腊肉（五花）")
    await organiser.tap("商品选好了")
    await organiser.tap("完成，预览")
    broadcasts_before = await _count(tg, Broadcast)

    answers = await _tap_at_once(tg, organiser, "发布")

    assert await _count(tg, Fair) == 1
    assert await _count(tg, Broadcast) == broadcasts_before + 1
    assert sum("按钮已失效" in a for a in answers) == TAPS - 1
    assert "展销会已创建" in organiser.recent(TAPS + 1)


async def test_ten_taps_on_a_drafts_last_button_make_one_draft(tg):
    secretary = await _secretary_at_push(tg)  # any first secretary of the village
    await secretary.tap("只发布")
    await secretary.send("/story")
    await secretary.tap("上架村产品")
    for answer in ("平原村土鸡蛋", "39.80", "30枚/盒", "50"):
        await secretary.send(answer)
    await secretary.tap("土家禽")
    await secretary.tap("跳过")  # no description

    answers = await _tap_at_once(tg, secretary, "跳过")  # no photo: the draft is stored

    async with tg.db.read() as session:
        drafts = await session.scalar(
            select(func.count()).select_from(Product).where(Product.name == "平原村土鸡蛋")
        )
    assert drafts == 1
    assert sum("按钮已失效" in a for a in answers) == TAPS - 1


async def test_ten_taps_on_confirm_send_make_one_broadcast(tg):
    organiser = await tg.organiser()
    await organiser.send("/broadcast")
    await organiser.send("渝交会网上展销会今天开幕，18 个区县好物齐聚！")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("打开某个商品")
    await organiser.send("城口 腊肉")
    await organiser.tap("城口老腊肉")
    await organiser.tap("立即发送")

    answers = await _tap_at_once(tg, organiser, "确认发送")

    assert await _count(tg, Broadcast) == 1
    assert sum("按钮已失效" in a for a in answers) == TAPS - 1
