"""先进典型 as Request → Reply: an organiser or an admin publishes an exemplar with /exemplar and the
dialog "exemplar" (title, team, county, text, photos, a preview); members page through the showcase
(exemplars); an organiser recommends one to city media (ex-nominate), recorded once. Members may do
neither."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store.content_models import MediaNomination, Story, StoryKind
from store.errors import Forbidden
from store.models import Role
from tests.flows.door import Door, alert, intents, offered, screens, text


@pytest.fixture
async def organiser(demo_db) -> Door:
    return await Door(demo_db, 930, "组织者").grant(Role.organiser)


async def _exemplars(db) -> list[Story]:
    async with db.read() as session:
        return list(
            await session.scalars(select(Story).where(Story.kind == StoryKind.exemplar).order_by(Story.id))
        )


async def _publish(door: Door, title: str, photos: tuple[str, ...] = ()):
    await door.command("exemplar")
    await door.say(title)
    await door.press(await door.say("市财政局驻村工作队"), "dlg-pick")  # the first county
    photo_step = await door.say("修路、建合作社、把腊肉卖进城。")
    for photo in photos:
        photo_step = await door.photo(photo)
    preview = await door.press(photo_step, "dlg-done" if photos else "dlg-skip")
    return await door.press(preview, "dlg-go")


async def test_an_organiser_publishes_an_exemplar_after_a_preview(demo_db, organiser):
    title = await organiser.command("exemplar")
    assert "请发送标题（不超过 64 字）" in text(title)
    refused = await organiser.say("题" * 65)
    assert "消息太长了，请简短一些" in text(refused) and "请发送标题" in text(refused)
    blank = await organiser.say("   ")
    assert "这里需要文字回答" in text(blank) and "请发送标题" in text(blank)
    team = await organiser.say("驻村三年，岚溪村变了样")
    assert "哪个驻村工作队" in text(team)
    county = await organiser.say("市财政局驻村工作队")
    assert "在哪个区县" in text(county)
    refused = await organiser.say("城口县")  # a county is tapped here, not typed
    assert "请点下面的按钮选择" in text(refused)
    chengkou = next(a for a in offered(county, "dlg-pick") if a.label == "城口县")
    words = await organiser.tap("dlg-pick", *chengkou.args)
    assert "请发送正文" in text(words)
    photos = await organiser.say("修路、建合作社、把腊肉卖进城。")
    assert "可以发送最多 5 张照片" in text(photos)
    await organiser.photo("team-1")
    preview = await organiser.press(await organiser.photo("team-2"), "dlg-done")
    assert "驻村三年，岚溪村变了样" in text(preview) and "市财政局驻村工作队 · 城口县" in text(preview)
    assert "照片 2 张" in text(preview) and [a.label for a in offered(preview, "dlg-go")] == ["✅ 发布"]
    assert await _exemplars(demo_db) == []  # nothing published before 发布
    published = await organiser.press(preview, "dlg-go")
    assert alert(published).text == "已发布到先进典型。"
    (page,) = screens(published)
    assert "驻村三年" in page.text and page.photo == "team-1" and "story-photos" in intents(page)
    (kept,) = await _exemplars(demo_db)
    assert (kept.title, kept.team, kept.text, kept.photos) == (
        "驻村三年，岚溪村变了样",
        "市财政局驻村工作队",
        "修路、建合作社、把腊肉卖进城。",
        ["team-1", "team-2"],
    )
    (album,) = screens(await organiser.press(page, "story-photos"))
    assert album.photos == ("team-2",)


async def test_an_admin_may_publish_one_a_member_may_not(demo_db):
    member = await Door(demo_db, 5301, "成员").join_first_branch()
    with pytest.raises(Forbidden):
        await member.command("exemplar")
    assert (await member.member()).dialog is None
    admin = await Door(demo_db, 931, "管理员").grant(Role.admin)
    assert "已发布到先进典型" in alert(await _publish(admin, "合作社的第一年")).text
    assert [s.title for s in await _exemplars(demo_db)] == ["合作社的第一年"]


async def test_the_showcase_pages_newest_first_and_an_organiser_recommends_once(demo_db, organiser):
    member = await Door(demo_db, 5302, "成员").join_first_branch()
    assert "还没有先进典型" in text(await member.tap("exemplars", 0))
    await _publish(organiser, "驻村三年，岚溪村变了样")
    await _publish(organiser, "合作社的第一年")
    first = await member.tap("exemplars", 0)
    assert "合作社的第一年" in text(first) and "第 1 / 2 篇" in text(first)
    assert "ex-nominate" not in intents(first)  # a member is offered no recommendation
    second = await member.press(first, "exemplars")
    assert "驻村三年" in text(second) and "第 2 / 2 篇" in text(second)
    older = (await _exemplars(demo_db))[0]
    with pytest.raises(Forbidden):
        await member.tap("ex-nominate", older.id, 1)  # forged

    page = await organiser.tap("exemplars", 1)
    done = await organiser.press(page, "ex-nominate")
    assert alert(done).text == "已记录推荐。" and "已推荐至市级媒体" in text(done)
    assert "ex-nominate" not in intents(done)
    again = await organiser.tap("ex-nominate", older.id, 1)  # a second tap of the old button
    assert alert(again).text == "这篇已经推荐过了。"
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(MediaNomination)) == 1
