"""An organiser announces a fair; members get it once, can turn such announcements off, and nobody
else can steer the broadcast."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from telegram import Bot

from bot.outbox import BotApiSend, progress_editor
from bot.telegram import callbacks
from jobs.broadcast import Sender
from jobs.pacing import Pacer
from store import roles
from store.broadcast_models import Broadcast, BroadcastStatus
from store.models import Branch, Member, Role
from tests.stories import register


async def _send_all(tg) -> None:
    translator = tg.application.bot_data.translator
    send = BotApiSend(tg.emulator.base_url, tg.emulator.token, translator, "aixin_test_bot")
    async with Bot(tg.emulator.token, base_url=tg.emulator.base_url) as bot, send:
        sender = Sender(
            tg.db,
            send,
            Pacer(1000),
            quiet_hours=(0, 0),
            on_progress=progress_editor(bot, tg.db, translator, every=0),
        )
        while await sender.run_once():
            pass
        await sender.run_once()  # marks it done and edits the progress message a last time


async def test_organiser_announces_a_fair_and_members_receive_it_once(tg):
    alice = await register(tg, "alice")
    bob = await register(tg, "bob")
    organiser = await tg.organiser()

    await bob.send("/broadcast")
    assert "没有进行此操作的权限" in bob.last
    await organiser.send("/broadcast")
    await organiser.send("渝交会网上展销会今天开幕，18 个区县好物齐聚！")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("打开某个商品")
    await organiser.send("城口 腊肉")
    await organiser.tap("城口老腊肉")
    await organiser.tap("立即发送")
    assert "将发给 3 人" in organiser.last  # alice, bob and the organiser
    await organiser.tap("确认发送")
    assert "通知 #1" in organiser.last and "待发送" in organiser.last

    await bob.tap_data(callbacks.make("bc-cancel", 1))
    assert "权限" in bob.alert
    await bob.tap_data(callbacks.make("dlg-go", 1))  # a preview's 确认发送, forged
    assert "这份填写已经结束了" in bob.alert  # not in the dialog: a stale button

    await _send_all(tg)
    assert "渝交会网上展销会今天开幕" in alice.last and "退订" in " ".join(alice.buttons)
    assert "查看商品" in " ".join(alice.buttons)
    assert sum("渝交会" in m.get("text", "") for m in alice.messages()) == 1
    progress = next(m for m in organiser.messages() if "通知 #1" in m.get("text", ""))
    assert "已完成" in progress["text"] and "已发送 3 / 3" in progress["text"]

    await organiser.send("/broadcasts")
    assert "#1 · 已完成" in organiser.last and "3/3" in organiser.last
    await bob.send("/broadcasts")
    assert "权限" in bob.last

    await alice.tap("退订")
    assert "已退订" in alice.alert
    announcement = next(m for m in alice.messages() if "渝交会网上展销会今天开幕" in (m.get("text") or ""))
    labels = [key["text"] for row in announcement["reply_markup"]["inline_keyboard"] for key in row]
    assert "🔔 已退订展销会 · 点此恢复" in labels and "🛒 查看商品" in labels  # the other button stays
    await alice.tap("点此恢复")
    assert "已恢复接收" in alice.alert
    await alice.tap("退订")
    await alice.send("/settings")
    assert "🔕 展销会：已关闭" in " ".join(alice.buttons)
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1
        assert (await session.get(Broadcast, 1)).status == BroadcastStatus.done


async def test_a_broadcast_due_while_the_bot_was_down_goes_out_when_it_is_back(tg):
    from datetime import UTC, datetime, timedelta

    from store import broadcasts

    alice = await register(tg, "alice")
    tg.member("organiser", user_id=903)
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 903))
        await broadcasts.create(
            session,
            organiser_id=organiser,
            text="周六进城口县岚溪村，欢迎报名",
            send_at=datetime.now(UTC) - timedelta(minutes=5),  # due five minutes ago, while nothing ran
        )
    await _send_all(tg)  # the sender's first round after the restart
    assert "岚溪村" in alice.last


async def _fair_for_everyone(tg) -> None:
    from datetime import UTC, datetime

    from store import broadcasts

    tg.member("organiser", user_id=903)
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 903))
        await broadcasts.create(
            session, organiser_id=organiser, text="渝交会网上展销会今天开幕", send_at=datetime.now(UTC)
        )
    tg.emulator.limits.reset()
    tg.emulator.limits.enabled = True  # one message a second to a chat, 30 overall


def _sender(tg, send: BotApiSend) -> Sender:
    # Shares the bot's ChatClock, as bot.clock.start_sender does.
    return Sender(tg.db, send, Pacer(25, chats=tg.application.chats), quiet_hours=(0, 0))


def _send(tg) -> BotApiSend:
    return BotApiSend(tg.emulator.base_url, tg.emulator.token, tg.application.bot_data.translator, "x_bot")


async def test_a_reply_right_after_the_broadcast_reached_the_chat_waits_its_second_instead_of_a_429(tg):
    alice = await register(tg, "alice")
    await _fair_for_everyone(tg)
    async with _send(tg) as send:
        await _sender(tg, send).run_once()
    assert "渝交会" in alice.last
    await alice.send("/menu")  # within the second after the broadcast, in the same chat
    assert "按区县选购" in " ".join(alice.buttons)
    sent = tg.emulator.limits.sent_at[alice.id]
    assert tg.emulator.limits.too_many == [] and sent[-1] - sent[-2] >= 1.0


async def test_a_member_using_the_bot_is_answered_first_and_gets_the_broadcast_after(tg):
    alice = await register(tg, "alice")
    await _fair_for_everyone(tg)
    async with _send(tg) as send:
        sender = _sender(tg, send)
        await alice.send("/menu")
        await sender.run_once()  # alice's delivery is set aside until her chat is free again
    assert "渝交会" in alice.last
    sent = tg.emulator.limits.sent_at[alice.id]
    assert tg.emulator.limits.too_many == [] and sent[-1] - sent[-2] >= 1.0


async def test_the_broadcast_dialog_refuses_a_past_time_and_nobody_and_offers_what_applies(tg):
    await register(tg, "alice")  # of 市财政局机关第一党支部
    organiser = await tg.organiser()
    await organiser.send("/broadcast")
    await organiser.send("周末网上展销会")
    assert "取消" in organiser.buttons  # a way out of every step
    await organiser.tap("展销会")
    assert "取消" in organiser.buttons
    await organiser.tap("某个支部")
    assert "取消" in organiser.buttons
    await organiser.tap("市财政局机关第二党支部")  # nobody there
    await organiser.tap("不加按钮")
    await organiser.send("2020-01-01 09:00")
    assert "这个时间已经过去了" in organiser.last
    await organiser.tap("立即发送")
    assert "没有可以收到这条通知的成员" in organiser.last and "确认发送" not in organiser.buttons
    await organiser.tap("换发送对象")
    await organiser.tap("全体订阅成员")
    await organiser.tap("不加按钮")
    await organiser.send(f"{datetime.now(UTC).year + 1}-12-01 23:30")  # in the quiet hours
    assert "通知将在早上 8 点开始发送" in organiser.last
    await organiser.tap("确认发送")
    assert organiser.buttons == ["⏸ 暂停", "✖️ 取消"]
    await organiser.tap("暂停")
    assert "已暂停" in organiser.last and organiser.buttons == ["▶️ 继续", "✖️ 取消"]
    await organiser.tap("继续")
    assert "待发送" in organiser.last and organiser.buttons == ["⏸ 暂停", "✖️ 取消"]
    await organiser.tap("取消")
    assert "取消通知 #1" in organiser.last  # asked first: a cancelled broadcast cannot be resumed
    await organiser.tap("不取消")
    assert "待发送" in organiser.last and organiser.buttons == ["⏸ 暂停", "✖️ 取消"]
    await organiser.tap("取消")
    await organiser.tap("确认取消通知")
    assert "已取消" in organiser.last and not organiser.messages()[-1].get("reply_markup")
    async with tg.db.read() as session:
        assert (await session.scalar(select(Broadcast))).status == BroadcastStatus.cancelled


async def test_an_agencys_organiser_is_offered_only_their_own_agency(tg):
    alice = await register(tg, "alice")  # of 市财政局机关第一党支部
    async with tg.db.begin() as session:
        agency_id = (
            await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        ).branch_id
        agency_id = await session.scalar(select(Branch.agency_id).where(Branch.id == agency_id))
        await roles.grant(session, telegram_user_id=904, role=Role.organiser, scope_id=agency_id)
    organiser = tg.member("organiser", user_id=904)
    await organiser.send("/broadcast")
    await organiser.send("支部主题党日活动")
    await organiser.tap("展销会")
    assert organiser.buttons == ["本机关全体成员", "某个支部", "← 上一步", "取消"]  # and back one step
    await organiser.tap("某个支部")
    assert "市财政局机关第一党支部" in organiser.buttons
    assert not any("农业农村委" in b for b in organiser.buttons)  # no other agency's branch
    await organiser.tap("取消")
    await organiser.send("/broadcast")
    await organiser.send("支部主题党日活动")
    await organiser.tap("展销会")
    await organiser.tap("本机关全体成员")
    await organiser.tap("不加按钮")
    await organiser.tap("立即发送")
    await organiser.tap("确认发送")
    assert "已发布" in organiser.alert or organiser.buttons == ["⏸ 暂停", "✖️ 取消"]
