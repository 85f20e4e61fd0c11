"""The dialog engine's own buttons as intents, on the dialogs that offer them: 跳过 an optional step
(dlg-skip), a choice and a pick (dlg-pick), photos then 完成 (dlg-done) or 重新选照片 (dlg-clear), a
preview's confirmation (dlg-go), ← 上一步 (dlg-back) to an answer that stays (dlg-keep), back to an
earlier step the preview names (dlg-goto), a draft dropped after a command (dlg-drop), and /cancel.
A button the question there is now did not offer is stale: said, and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers import dialog
from store.community_models import Nomination
from store.models import Product, Role
from tests.flows.door import Door, alert, intents, offered, text


@pytest.fixture
async def member(demo_db) -> Door:
    return await Door(demo_db, 5501, "成员").join_first_branch()


async def _step(door: Door) -> str:
    return (await door.member()).dialog_data["step"]


async def _version(door: Door) -> int:
    return (await door.member()).dialog_version


async def _count(db, model) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def _to_photo(door: Door):
    """A nomination answered up to its photo."""
    await door.command("nominate")
    await door.say("巫溪洋芋粉条")
    village = await door.say("巫溪县")
    await door.press(village, "dlg-skip")
    await door.say("红池坝农户王大姐")
    await door.say("王大姐 13900001111")
    return await door.say("手工晾晒，口感筋道，是村里的主要收入")


async def test_skip_is_offered_on_an_optional_step_only(member):
    await member.command("nominate")
    name = await member.say("巫溪洋芋粉条")
    assert "dlg-skip" not in intents(name)  # the county must be given
    stale = await member.tap("dlg-skip", await _version(member))
    assert "这个按钮已失效" in alert(stale).text and "产自哪个区县" in text(stale)
    assert await _step(member) == "county"
    village = await member.say("巫溪县")
    assert [a.label for a in offered(village, "dlg-skip")] == ["跳过"]
    supplier = await member.press(village, "dlg-skip")
    assert "供应商或农户叫什么" in text(supplier)
    assert (await member.member()).dialog_data["village"] == ""


async def test_a_pick_must_be_one_of_the_options_shown(demo_db, member):
    await member.command("nominate")
    county = await member.say("巫溪洋芋粉条")
    stale = await member.tap("dlg-pick", await _version(member), 999_999)  # no county's id
    assert "这个按钮已失效" in alert(stale).text and await _step(member) == "county"
    wuxi = next(a for a in offered(county, "dlg-pick") if a.label == "巫溪县")
    assert "哪个村" in text(await member.tap("dlg-pick", *wuxi.args))
    assert (await member.member()).dialog_data["county"] == wuxi.args[1]
    old = await member.tap("dlg-pick", *wuxi.args)  # the county's button again, a question later
    assert "这个按钮已失效" in alert(old).text and "哪个村" in text(old)


async def test_a_pick_list_toggles_and_is_done_with_what_is_picked(demo_db):
    async with demo_db.read() as session:
        village_id = await session.scalar(
            select(Product.village_id).where(Product.name == "城口老腊肉（五花）")
        )
    secretary = await Door(demo_db, 950, "书记").grant(Role.first_secretary, village_id)
    await secretary.tap("st-new", village_id)
    await secretary.say("平原村的老腊肉")
    photos = await secretary.say("柴火熏足九十天。")
    products = await secretary.press(photos, "dlg-skip")  # 照片好了（0 张）: none
    assert [a.label for a in offered(products, "dlg-done")] == ["完成"]
    picked = await secretary.press(products, "dlg-pick")
    assert offered(picked, "dlg-pick")[0].label.startswith("✅ ")
    unpicked = await secretary.press(picked, "dlg-pick")  # tapped again: taken out
    assert not offered(unpicked, "dlg-pick")[0].label.startswith("✅ ")
    picked = await secretary.press(unpicked, "dlg-pick")
    push = await secretary.press(picked, "dlg-done")
    assert "代言产品 1 件" in text(push)
    assert (await secretary.member()).dialog_data["products"] == [offered(picked, "dlg-pick")[0].args[1]]


async def test_photos_are_collected_up_to_the_limit_then_done_or_cleared(demo_db):
    organiser = await Door(demo_db, 951, "组织者").grant(Role.organiser)
    await organiser.command("exemplar")
    await organiser.say("驻村三年")
    await organiser.press(await organiser.say("市财政局驻村工作队"), "dlg-pick")
    photos = await organiser.say("修路、建合作社。")
    assert [a.label for a in offered(photos, "dlg-skip")] == ["照片好了（0 张）"]
    assert "这里需要一张照片" in text(await organiser.say("稍等"))
    for n in range(5):
        photos = await organiser.photo(f"p{n}")
    assert [a.label for a in offered(photos, "dlg-done")] == [
        "照片好了（5 张）"
    ] and "dlg-skip" not in intents(photos)
    full = await organiser.photo("p5")
    assert "最多 5 张照片，已经够了" in text(full)
    cleared = await organiser.press(full, "dlg-clear")
    assert (await organiser.member()).dialog_data["photos"] == [] and "dlg-skip" in intents(cleared)
    await organiser.photo("again")
    preview = await organiser.press(await organiser.photo("and-again"), "dlg-done")
    assert "照片 2 张" in text(preview) and await _step(organiser) == "preview"


async def test_back_from_the_preview_keeps_the_answer_and_go_finishes_once(demo_db, member):
    await _to_photo(member)
    preview = await member.photo("photo-1")
    assert "请确认您的提名" in text(preview)
    said = await member.say("好")  # words at a preview: its buttons decide
    assert "请点下面的按钮选择" in text(said) and "dlg-go" in intents(said)
    again = await member.press(preview, "dlg-back")
    assert await _step(member) == "photo" and "dlg-skip" not in intents(again)
    kept = await member.press(again, "dlg-keep")
    assert "照片：已附" in text(kept)
    stale = await member.press(preview, "dlg-go")  # the first preview's button: a question ago
    assert "这个按钮已失效" in alert(stale).text and await _count(demo_db, Nomination) == 0
    done = await member.press(kept, "dlg-go")
    assert "已收到您的提名" in text(done) and (await member.member()).dialog is None
    twice = await member.press(kept, "dlg-go")  # tapped again: nothing to confirm any more
    assert "这份填写已经结束了" in alert(twice).text
    assert await _count(demo_db, Nomination) == 1


async def test_a_preview_that_cannot_be_sent_goes_back_to_the_step_it_names(demo_db):
    organiser = await Door(demo_db, 952, "组织者").grant(Role.organiser)
    await organiser.tap("unsub", 0)  # the only member there is takes no news of the first kind
    await organiser.command("broadcast")
    kind = await organiser.say("周末展销会，欢迎选购。")
    audience = await organiser.press(kind, "dlg-pick")  # the first kind
    button = await organiser.press(audience, "dlg-pick")  # everyone
    when = await organiser.press(button, "dlg-pick")  # no button
    preview = await organiser.press(when, "dlg-pick")  # now
    assert "没有可以收到这条通知的成员" in text(preview) and "dlg-go" not in intents(preview)
    assert [a.label for a in offered(preview, "dlg-goto")] == ["换发送对象"]
    ahead = await organiser.tap("dlg-goto", await _version(organiser), 99)  # no step past this one
    assert "这个按钮已失效" in alert(ahead).text and await _step(organiser) == "preview"
    back = await organiser.press(preview, "dlg-goto")
    assert "发给谁" in text(back) and await _step(organiser) == "audience"


async def test_a_draft_paused_by_a_command_can_be_dropped(demo_db, member):
    await member.command("nominate")
    await member.say("巫溪洋芋粉条")
    waiting = await dialog.pause(await member.request())  # a command came between
    assert "您还有一份未完成的提名" in waiting.text
    dropped = await member.press(waiting, "dlg-drop")
    assert "已放弃这份草稿" in text(dropped) and (await member.member()).dialog is None
    assert "这份填写已经结束了" in alert(await member.tap("dlg-drop")).text
    assert "这份填写已经结束了" in alert(await member.tap("dlg-resume")).text


async def test_another_dialog_waits_for_the_draft_and_cancel_drops_it(demo_db, member):
    await _to_photo(member)
    waiting = await member.command("address")  # another dialog while the nomination is a draft
    assert "您还有一份未完成的提名" in text(waiting) and (await member.member()).dialog == "nominate"
    cancelled = await member.command("cancel")
    assert "已取消，什么都没有改变" in text(cancelled) and "menu" in intents(cancelled)
    assert (await member.member()).dialog is None and await _count(demo_db, Nomination) == 0
    assert "现在没有进行中的填写" in text(await member.command("cancel"))
    assert "现在没有进行中的填写" in text(await member.tap("dialog-cancel"))
