"""第一书记代言 as Request → Reply: a village's first secretary writes a story with the dialog "story"
(/story, st-new: title, text, photos, the products it endorses, whether to tell subscribers), edits
it (st-edit) and withdraws it (st-withdraw, asked first; st-withdraw-ok; st-mine back); members find
it in the zone (zone → zone-county → zone-village → story, story-photos). Nobody else may write or
change one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.catalog import FROM_VILLAGE
from handlers.registry import Stale
from store import stories
from store.content_models import Story, StoryStatus
from store.errors import Forbidden, NotFound
from store.models import Product, Role
from tests.flows.door import Door, alert, intents, offered, screens, text


@pytest.fixture
async def village(demo_db) -> tuple[int, int]:
    """河鱼乡平原村 and its listed 城口老腊肉（五花）."""
    async with demo_db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口老腊肉（五花）"))
    return product.village_id, product.id


@pytest.fixture
async def secretary(demo_db, village) -> Door:
    return await Door(demo_db, 920, "书记").grant(Role.first_secretary, village[0])


async def _stories(db) -> list[Story]:
    async with db.read() as session:
        found = list(await session.scalars(select(Story.id).order_by(Story.id)))
        return [await stories.get(session, story_id=i, published_only=False) for i in found]


async def _write(secretary: Door, title="平原村的老腊肉", words="大巴山深处，柴火熏足九十天。", push=0):
    """A story written start to finish with two photos and the village's product endorsed."""
    mine = await secretary.command("story")
    await secretary.press(mine, "st-new")
    await secretary.say(title)
    await secretary.say(words)
    await secretary.photo("photo-a")
    photos = await secretary.photo("photo-b")
    products = await secretary.press(photos, "dlg-done")
    picked = await secretary.press(products, "dlg-pick")
    push_asked = await secretary.press(picked, "dlg-done")
    return await secretary.press(push_asked, "dlg-pick", 1 - push)  # 📣 通知 first, then 只发布


async def test_a_first_secretary_writes_a_story_step_by_step(demo_db, village, secretary):
    village_id, product_id = village
    mine = await secretary.command("story")
    assert "我的代言故事</b>（0 篇）" in text(mine)
    assert [a.args for a in offered(mine, "st-new")] == [(village_id,)] and "vp-new" in intents(mine)
    title = await secretary.press(mine, "st-new")
    assert "请发送故事标题（不超过 64 字）" in text(title)
    refused = await secretary.say("标" * 65)
    assert "消息太长了，请简短一些" in text(refused) and "请发送故事标题" in text(refused)
    blank = await secretary.say("   ")
    assert "这里需要文字回答" in text(blank) and "请发送故事标题" in text(blank)
    await secretary.say("平原村的老腊肉")
    photos = await secretary.say("大巴山深处，柴火熏足九十天。")
    assert "可以发送最多 5 张照片" in text(photos)
    assert [a.label for a in offered(photos, "dlg-skip")] == ["照片好了（0 张）"]
    refused = await secretary.say("没有照片")
    assert "这里可以发送照片；发完（或不发）点“照片好了”" in text(refused)
    await secretary.photo("photo-a")
    photos = await secretary.photo("photo-b")
    assert [a.label for a in offered(photos, "dlg-done")] == ["照片好了（2 张）"]
    products = await secretary.press(photos, "dlg-done")
    assert "为村里哪些产品代言" in text(products)
    assert [a.label for a in offered(products, "dlg-pick")] == ["城口老腊肉（五花）"]
    picked = await secretary.press(products, "dlg-pick")
    assert [a.label for a in offered(picked, "dlg-pick")] == ["✅ 城口老腊肉（五花）"]
    push = await secretary.press(picked, "dlg-done")
    assert "照片 2 张 · 代言产品 1 件" in text(push) and "要通知订阅了扶贫故事的成员吗" in text(push)
    assert await _stories(demo_db) == []  # nothing is published before the last answer
    published = await secretary.press(push, "dlg-pick", 1)  # 只发布，不通知
    assert alert(published).text == "故事已发布。"
    (story,) = await _stories(demo_db)
    assert (story.title, story.text, story.photos, story.village_id) == (
        "平原村的老腊肉",
        "大巴山深处，柴火熏足九十天。",
        ["photo-a", "photo-b"],
        village_id,
    )
    assert [p.product_id for p in story.products] == [product_id]
    assert (await secretary.member()).dialog is None
    assert "我的代言故事</b>（1 篇）" in text(await secretary.tap("st-mine"))


async def test_members_find_the_story_in_the_zone(demo_db, village, secretary):
    member = Door(demo_db, 5201, "成员")
    assert "还没有第一书记代言的故事" in text(await member.tap("zone"))
    await _write(secretary)
    zone = await member.tap("zone")
    assert [a.label for a in offered(zone, "zone-county")] == ["城口县（1 个村）"]
    county = await member.press(zone, "zone-county")
    assert [a.label for a in offered(county, "zone-village")] == ["河鱼乡平原村（1 篇故事）"]
    place = await member.press(county, "zone-village")
    assert "第一书记的 1 篇故事和村里的好物" in text(place)
    assert [a.args[1:3] for a in offered(place, "product")] == [(FROM_VILLAGE, village[0])]  # 返回 here
    (page,) = screens(await member.press(place, "story"))
    assert "柴火熏足九十天" in page.text and "城口县 · 河鱼乡平原村" in page.text
    assert page.photo == "photo-a" and offered(page, "product")[0].args[0] == village[1]
    (album,) = screens(await member.press(page, "story-photos"))
    assert album.photos == ("photo-b",) and "另外 1 张照片" in album.text
    assert "zone-village" in intents(page)


async def test_no_one_else_writes_for_the_village(demo_db, village, secretary):
    village_id, _ = village
    member = await Door(demo_db, 5202, "成员").join_first_branch()
    with pytest.raises(Forbidden):
        await member.command("story")
    with pytest.raises(Forbidden):
        await member.tap("st-new", village_id)  # forged: not her village
    with pytest.raises(Forbidden):
        await secretary.tap("st-new", village_id + 1)  # the secretary's, for another village
    await _write(secretary)
    (story,) = await _stories(demo_db)
    other = await Door(demo_db, 921, "另一位书记").grant(Role.first_secretary, village_id)
    for intent in ("st-edit", "st-withdraw"):
        with pytest.raises(Stale):  # a secretary of the same village, not its author
            await other.tap(intent, story.id)
    with pytest.raises(Forbidden):
        await other.tap("st-withdraw-ok", story.id)
    assert (await other.member()).dialog is None
    assert [(s.title, s.status) for s in await _stories(demo_db)] == [
        ("平原村的老腊肉", StoryStatus.published)
    ]


async def test_an_edit_keeps_what_is_not_changed_and_tells_subscribers_once_a_week(demo_db, secretary):
    first = await _write(secretary, push=1)
    assert alert(first).text == "故事已发布，正在通知订阅成员。"
    (story,) = await _stories(demo_db)
    mine = await secretary.command("story")
    title = await secretary.press(mine, "st-edit")
    assert "现在是：平原村的老腊肉" in text(title)
    await secretary.say("平原村的柴火老腊肉")
    photos = await secretary.say("-")  # the words kept
    assert [a.label for a in offered(photos, "dlg-done")] == ["照片好了（2 张）"]
    cleared = await secretary.press(photos, "dlg-clear")
    products = await secretary.press(cleared, "dlg-skip")
    assert [a.label for a in offered(products, "dlg-pick")] == ["✅ 城口老腊肉（五花）"]
    push = await secretary.press(products, "dlg-done")
    again = await secretary.press(push, "dlg-pick", 0)  # 📣 again, the same week
    assert alert(again).text == "故事已发布；本村本周已推送过，这次不再通知。"
    (edited,) = await _stories(demo_db)
    assert (edited.id, edited.title, edited.text, edited.photos) == (
        story.id,
        "平原村的柴火老腊肉",
        "大巴山深处，柴火熏足九十天。",
        [],
    )
    assert len(edited.products) == 1
    with pytest.raises(NotFound):  # no photo after the first any more
        await secretary.tap("story-photos", story.id)


async def test_a_story_is_withdrawn_only_once_confirmed(demo_db, secretary):
    await _write(secretary)
    (story,) = await _stories(demo_db)
    asked = await secretary.press(await secretary.command("story"), "st-withdraw")
    assert "撤回故事“平原村的老腊肉”？" in text(asked)
    back = await secretary.press(asked, "st-mine")  # 返回: nothing withdrawn
    assert "我的代言故事</b>（1 篇）" in text(back)
    assert (await _stories(demo_db))[0].status == StoryStatus.published
    asked = await secretary.press(back, "st-withdraw")
    done = await secretary.press(asked, "st-withdraw-ok")
    assert alert(done).text == "已撤回。" and "我的代言故事</b>（0 篇）" in text(done)
    assert (await _stories(demo_db))[0].status == StoryStatus.withdrawn
    member = Door(demo_db, 5203, "成员")
    assert "还没有第一书记代言的故事" in text(await member.tap("zone"))
    with pytest.raises(NotFound):
        await member.tap("story", story.id)
    with pytest.raises(Stale):
        await member.tap("zone-village", story.village_id)
