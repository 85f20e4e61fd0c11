"""Which announcements a member receives, as Request → Reply (handlers/settings.py): the command
/settings and the intents mute (its switches), unsub (退订 under a broadcast) and resub (its undo)
— what each switch says, what the store keeps, and that a muted kind no longer reaches the member."""

from __future__ import annotations

import pytest

from handlers.registry import Stale
from handlers.reply import Swap, parts
from store import broadcasts
from store.broadcasts import KINDS
from store.models import Role
from tests.flows.door import Door, alert, intents, offered, text

FAIRS, EVENTS = KINDS.index("fairs"), KINDS.index("events")


def labels(reply, intent: str) -> list[str]:
    return [a.label for a in offered(reply, intent)]


def swapped(reply):
    return next(p.action for p in parts(reply) if isinstance(p, Swap))


async def _muted(door: Door) -> set[str]:
    member = await door.member()
    async with door.db.read() as session:
        return await broadcasts.muted_kinds(session, member_id=member.id)


async def test_settings_switch_one_kind_off_and_on_again(demo_db):
    door = await Door(demo_db, 7501).join_first_branch()
    shown = await door.command("settings")
    assert "通知设置" in text(shown) and "参与完全自愿" in text(shown) and intents(shown)[-1] == "menu"
    assert labels(shown, "mute") == [
        "🔔 一般通知：接收中",
        "🔔 展销会：接收中",
        "🔔 志愿活动：接收中",
        "🔔 扶贫故事：接收中",
    ]
    off = await door.press(shown, "mute", nth=FAIRS)
    assert alert(off).text == "已保存" and labels(off, "mute")[FAIRS] == "🔕 展销会：已关闭"
    assert labels(off, "mute")[EVENTS] == "🔔 志愿活动：接收中"
    assert await _muted(door) == {"fairs"}
    assert labels(await door.command("settings"), "mute")[FAIRS] == "🔕 展销会：已关闭"  # kept
    on = await door.press(off, "mute", nth=FAIRS)
    assert labels(on, "mute")[FAIRS] == "🔔 展销会：接收中" and await _muted(door) == set()


async def test_unsubscribing_under_a_broadcast_can_be_undone_there(demo_db):
    door = await Door(demo_db, 7502).join_first_branch()
    gone = await door.tap("unsub", EVENTS)
    assert alert(gone).modal and "已退订“志愿活动”通知。发送 /settings 可随时恢复" in alert(gone).text
    assert (swapped(gone).label, swapped(gone).intent, swapped(gone).args) == (
        "🔔 已退订志愿活动 · 点此恢复",
        "resub",
        (EVENTS,),
    )
    await door.tap("unsub", EVENTS)  # the same button tapped twice: still one kind off
    assert await _muted(door) == {"events"}
    assert labels(await door.command("settings"), "mute")[EVENTS] == "🔕 志愿活动：已关闭"
    back = await door.tap(swapped(gone).intent, *swapped(gone).args)
    assert alert(back).text == "已恢复接收“志愿活动”通知。"
    assert (swapped(back).label, swapped(back).intent) == ("🔕 退订志愿活动", "unsub")
    assert await _muted(door) == set()


async def test_a_muted_kind_no_longer_reaches_the_member_and_others_still_do(demo_db):
    door = await Door(demo_db, 7503).join_first_branch()
    organiser = await Door(demo_db, 7504).grant(Role.organiser)
    branch_id, organiser_id = (await door.member()).branch_id, (await organiser.member()).id

    async def reached(kind: str) -> int:
        async with demo_db.read() as session:
            return await broadcasts.count_recipients(
                session,
                organiser_id=organiser_id,
                kind=kind,
                audience="branch",
                audience_id=branch_id,
            )

    assert await reached("fairs") == 1
    await door.tap("unsub", FAIRS)
    assert await reached("fairs") == 0 and await reached("events") == 1


async def test_switches_no_screen_offered_are_stale_and_change_nothing(demo_db):
    door = await Door(demo_db, 7505).join_first_branch()
    for intent, args in (("mute", (len(KINDS), 1)), ("mute", (0, 2)), ("unsub", (9,)), ("resub", (9,))):
        with pytest.raises(Stale):
            await door.tap(intent, *args)
    assert await _muted(door) == set()
