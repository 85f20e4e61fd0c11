"""Broadcasts as Request → Reply, on SQLite and PostgreSQL: the organiser's /broadcast dialog
(content, kind, audience, a button, when, a preview with how many it reaches) that schedules a
broadcast and shows its progress; the progress message's pause, resume and cancel after asking
(bc-pause, bc-resume, bc-cancel, bc-show, bc-cancel-ok); /broadcasts, the latest with their
figures. An agency's organiser reaches their own agency only; a plain member and another
agency's organiser are refused, and nothing changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from store import broadcasts
from store.broadcast_models import Broadcast, BroadcastStatus
from store.models import Agency, Branch, Product, Role
from tests.flows.door import Door, choose, intents, offered, refusal, screens, text

FORBIDDEN = "没有进行此操作的权限"


async def _agencies(db) -> list[int]:
    """The demo's agencies: the first holds the branch members join (`join_first_branch`)."""
    async with db.read() as session:
        return list(await session.scalars(select(Agency.id).order_by(Agency.id)))


async def _broadcasts(db) -> list[Broadcast]:
    async with db.read() as session:
        return list(await session.scalars(select(Broadcast).order_by(Broadcast.id)))


async def _scheduled(organiser: Door, *, audience: str = "all", audience_id: int = 0) -> int:
    """A broadcast made in the store (the dialog has its own test), due in an hour."""
    organiser_id = (await organiser.member()).id
    async with organiser.db.begin() as session:
        broadcast = await broadcasts.create(
            session,
            organiser_id=organiser_id,
            text="周六进城口县岚溪村，欢迎报名",
            audience=audience,
            audience_id=audience_id,
            send_at=datetime.now(UTC) + timedelta(hours=1),
        )
    return broadcast.id


async def test_an_organiser_sends_a_broadcast_step_by_step_and_bad_answers_are_asked_again(demo_db):
    member = await Door(demo_db, 5001, "张三").join_first_branch()
    assert await refusal(member.command("broadcast")) == "您没有进行此操作的权限。"
    assert (await member.member()).dialog is None

    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser)  # of all agencies
    asked = await organiser.command("broadcast")
    assert "请发送通知内容" in text(asked) and "dialog-cancel" in intents(asked)
    refused = await organiser.photo("poster")  # a picture needs its words
    assert "图片需要附上说明文字" in text(refused) and "请发送通知内容" in text(refused)
    asked = await organiser.say("渝交会网上展销会今天开幕，18 个区县好物齐聚！")
    assert "这是哪一类通知" in text(asked)
    asked = await choose(organiser, asked, "展销会")
    assert [a.label for a in offered(asked, "dlg-pick")] == [
        "全体订阅成员",
        "某个机关",
        "某个支部",
        "买过某区县产品的成员",
    ]
    asked = await choose(organiser, asked, "全体订阅成员")
    asked = await choose(organiser, asked, "打开某个商品")
    refused = await organiser.say("没有这种东西")
    assert "没有找到与“没有这种东西”相关的在售商品" in text(refused)
    asked = await choose(organiser, await organiser.say("城口 腊肉"), "城口老腊肉（五花）")
    assert "什么时候发送" in text(asked)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).astimezone(ZoneInfo("Asia/Shanghai"))
    refused = await organiser.say(yesterday.strftime("%Y-%m-%d %H:%M"))
    assert "这个时间已经过去了" in text(refused)
    refused = await organiser.say("下个月吧")
    assert "时间格式应为" in text(refused)
    preview = await choose(organiser, refused, "立即发送")
    assert "预览" in text(preview) and "将发给 2 人" in text(preview)  # the member and the organiser
    assert await _broadcasts(demo_db) == []  # nothing yet

    sent = await organiser.press(preview, "dlg-go")
    assert "已安排发送" in text(sent) and (await organiser.member()).dialog is None
    (broadcast,) = await _broadcasts(demo_db)
    (progress,) = screens(sent)
    assert progress.tracks == ("broadcast", broadcast.id)  # a door may update it as it goes out
    assert f"通知 #{broadcast.id} · 待发送" in progress.text and intents(sent) == ["bc-pause", "bc-cancel"]
    async with demo_db.read() as session:
        product = await session.get(Product, broadcast.button_id)
    assert (broadcast.kind, broadcast.audience, broadcast.status) == (
        "fairs",
        "all",
        BroadcastStatus.scheduled,
    )
    assert broadcast.button == "product" and product.name == "城口老腊肉（五花）"
    assert broadcast.text == "渝交会网上展销会今天开幕，18 个区县好物齐聚！"


async def test_an_agencys_organiser_reaches_their_own_agency_only(demo_db):
    own, other = (await _agencies(demo_db))[:2]
    await Door(demo_db, 5001, "张三").join_first_branch()  # of 市财政局机关第一党支部
    organiser = await Door(demo_db, 904, "组织者").grant(Role.organiser, own)
    async with demo_db.read() as session:
        elsewhere = await session.scalar(select(Branch.id).where(Branch.agency_id == other))

    await organiser.command("broadcast")
    asked = await choose(organiser, await organiser.say("支部主题党日活动"), "展销会")
    assert [a.label for a in offered(asked, "dlg-pick")] == ["本机关全体成员", "某个支部"]
    branches = await choose(organiser, asked, "某个支部")
    labels = [a.label for a in offered(branches, "dlg-pick")]
    assert "市财政局机关第一党支部" in labels and all(label.startswith("市财政局") for label in labels)

    asked = await choose(organiser, branches, "市财政局机关第二党支部")  # nobody there
    preview = await choose(organiser, await choose(organiser, asked, "不加按钮"), "立即发送")
    assert "没有可以收到这条通知的成员" in text(preview) and "dlg-go" not in intents(preview)
    asked = await choose(organiser, preview, "换发送对象")
    assert "发给谁" in text(asked)

    branches = await choose(organiser, asked, "某个支部")
    version = offered(branches, "dlg-pick")[0].args[0]
    forged = await organiser.tap("dlg-pick", version, elsewhere)  # another agency's branch, forged
    preview = await choose(organiser, await choose(organiser, forged, "不加按钮"), "立即发送")
    assert FORBIDDEN in text(preview) and "dlg-go" not in intents(preview)  # not even its size
    assert await _broadcasts(demo_db) == []

    asked = await choose(organiser, await choose(organiser, preview, "换发送对象"), "本机关全体成员")
    preview = await choose(organiser, await choose(organiser, asked, "不加按钮"), "立即发送")
    assert "将发给 1 人" in text(preview)
    await organiser.press(preview, "dlg-go")
    (broadcast,) = await _broadcasts(demo_db)
    assert (broadcast.audience, broadcast.audience_id) == ("agency", own)


async def test_the_progress_message_pauses_resumes_and_cancels_only_after_asking(demo_db):
    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser)
    broadcast_id = await _scheduled(organiser)

    shown = await organiser.tap("bc-show", broadcast_id)
    assert f"通知 #{broadcast_id} · 待发送" in text(shown) and "还没有开始发送" in text(shown)
    paused = await organiser.press(shown, "bc-pause")
    assert "通知已暂停" in text(paused) and intents(paused) == ["bc-resume", "bc-cancel"]
    assert (await _broadcasts(demo_db))[0].status == BroadcastStatus.paused
    assert "状态已经变化" in await refusal(organiser.tap("bc-pause", broadcast_id))  # paused already
    resumed = await organiser.press(paused, "bc-resume")
    assert "待发送" in text(resumed) and intents(resumed) == ["bc-pause", "bc-cancel"]
    assert (await _broadcasts(demo_db))[0].status == BroadcastStatus.scheduled  # back on the clock

    asked = await organiser.press(resumed, "bc-cancel")
    assert f"取消通知 #{broadcast_id}" in text(asked) and "已发出的不能收回" in text(asked)
    kept = await choose(organiser, asked, "不取消")
    assert "待发送" in text(kept) and (await _broadcasts(demo_db))[0].status == BroadcastStatus.scheduled
    cancelled = await organiser.press(await organiser.press(kept, "bc-cancel"), "bc-cancel-ok")
    assert "通知已取消" in text(cancelled) and intents(cancelled) == []  # nothing left to do
    assert (await _broadcasts(demo_db))[0].status == BroadcastStatus.cancelled
    assert "状态已经变化" in await refusal(organiser.tap("bc-resume", broadcast_id))  # cannot be resumed


async def test_the_latest_broadcasts_are_listed_each_organiser_seeing_their_own(demo_db):
    own = (await _agencies(demo_db))[0]
    everywhere = await Door(demo_db, 903, "市委组织者").grant(Role.organiser)
    organiser = await Door(demo_db, 904, "组织者").grant(Role.organiser, own)
    first = await _scheduled(everywhere)
    second = await _scheduled(organiser, audience="agency", audience_id=own)
    await everywhere.tap("bc-pause", first)

    listed = text(await everywhere.command("broadcasts"))
    assert "最近的通知</b>（2 条）" in listed
    assert f"#{first} · 已暂停" in listed and f"#{second} · 待发送" in listed and "岚溪村" in listed
    mine = text(await organiser.command("broadcasts"))
    assert "（1 条）" in mine and f"#{second} · 待发送" in mine and f"#{first} ·" not in mine
    assert FORBIDDEN in await refusal(Door(demo_db, 5001, "张三").command("broadcasts"))


@pytest.mark.parametrize("outsider", ["member", "other agency's organiser"])
async def test_an_outsider_cannot_steer_a_broadcast(demo_db, outsider):
    own, other = (await _agencies(demo_db))[:2]
    organiser = await Door(demo_db, 904, "组织者").grant(Role.organiser, own)
    broadcast_id = await _scheduled(organiser, audience="agency", audience_id=own)
    door = Door(demo_db, 5001, "张三")
    if outsider != "member":
        door = await Door(demo_db, 905, "另一位组织者").grant(Role.organiser, other)

    for intent in ("bc-show", "bc-pause", "bc-resume", "bc-cancel", "bc-cancel-ok"):
        assert FORBIDDEN in await refusal(door.tap(intent, broadcast_id)), intent
    assert (await _broadcasts(demo_db))[0].status == BroadcastStatus.scheduled
    # An organiser of all agencies may steer it.
    everywhere = await Door(demo_db, 903, "市委组织者").grant(Role.organiser)
    assert "通知已暂停" in text(await everywhere.tap("bc-pause", broadcast_id))
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1
