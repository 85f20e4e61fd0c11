"""Village products as Request → Reply: a first secretary drafts one with the dialog "village_product"
(vp-new: name, price, unit, stock, category, a description and a photo or neither); the admins are
told, see the drafts (/drafts, drafts), open one (draft-view) and list it (draft-ok) or turn it down
(draft-no), each once, the village's secretaries told. Nobody else drafts or decides."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.registry import Stale
from store import notices
from store.errors import Forbidden, NotFound
from store.models import Product, ProductStatus, Role
from tests.flows.door import Door, alert, intents, offered, text


@pytest.fixture
async def village_id(demo_db) -> int:
    async with demo_db.read() as session:
        return await session.scalar(select(Product.village_id).where(Product.name == "城口老腊肉（五花）"))


@pytest.fixture
async def secretary(demo_db, village_id) -> Door:
    return await Door(demo_db, 940, "书记").grant(Role.first_secretary, village_id)


@pytest.fixture
async def admin(demo_db) -> Door:
    return await Door(demo_db, 941, "管理员").grant(Role.admin)


async def _product(db, name: str) -> Product | None:
    async with db.read() as session:
        return await session.scalar(select(Product).where(Product.name == name))


async def _told(db, door: Door, key: str) -> int:
    async with db.read() as session:
        return len(await notices.of_member(session, member_id=(await door.member()).id, key=key))


async def _draft(door: Door, village_id: int, name: str, price: str = "25") -> None:
    """A draft with neither description nor photo, in the first category."""
    await door.tap("vp-new", village_id)
    for answer in (name, price, "250克/袋", "20"):
        category = await door.say(answer)
    description = await door.press(category, "dlg-pick")
    await door.press(await door.press(description, "dlg-skip"), "dlg-skip")


async def test_a_first_secretary_drafts_a_village_product_for_the_admins(
    demo_db, village_id, secretary, admin
):
    name = await secretary.press(await secretary.command("story"), "vp-new")
    assert "请发送产品名称（不超过 64 字）" in text(name)
    assert (await secretary.member()).dialog == "village_product"
    price = await secretary.say("平原村土鸡蛋")
    assert "价格（元），如 39.80" in text(price)
    for bad in ("NaN", "1e3", "0"):
        refused = await secretary.say(bad)
        assert "这一项不符合要求，请再试一次" in text(refused) and "价格（元）" in text(refused)
    unit = await secretary.say("39.80元")
    assert "规格单位" in text(unit)
    await secretary.say("30枚/盒")
    refused = await secretary.say("²")
    assert "这一项不符合要求" in text(refused) and "库存数量" in text(refused)
    category = await secretary.say("50")
    refused = await secretary.say("土家禽")  # tapped, not typed
    assert "请点下面的按钮选择" in text(refused) and "土家禽" in [
        a.label for a in offered(refused, "dlg-pick")
    ]
    poultry = next(a for a in offered(category, "dlg-pick") if a.label == "土家禽")
    description = await secretary.tap("dlg-pick", *poultry.args)
    assert "介绍一下这件产品" in text(description) and "dlg-skip" in intents(description)
    photo = await secretary.say("散养土鸡下的蛋，个大味香")
    assert "发一张产品照片" in text(photo)
    assert await _product(demo_db, "平原村土鸡蛋") is None  # nothing stored before the last answer
    saved = await secretary.photo("egg-photo")
    assert "已提交：平原村土鸡蛋 ¥39.80。管理员审核后上架。" in text(saved)
    draft = await _product(demo_db, "平原村土鸡蛋")
    assert (draft.status, draft.village_id, draft.price_fen, draft.unit, draft.stock) == (
        ProductStatus.draft,
        village_id,
        3980,
        "30枚/盒",
        50,
    )
    assert (draft.description, draft.photo) == ("散养土鸡下的蛋，个大味香", "egg-photo")
    assert await _told(demo_db, admin, "draft-submitted") == 1


async def test_nobody_else_drafts_or_decides(demo_db, village_id, secretary):
    member = await Door(demo_db, 5401, "成员").join_first_branch()
    with pytest.raises(Forbidden):
        await member.tap("vp-new", village_id)
    with pytest.raises(Forbidden):
        await secretary.tap("vp-new", village_id + 1)  # another village's
    assert (await secretary.member()).dialog is None
    await _draft(secretary, village_id, "平原村笋干")
    draft = await _product(demo_db, "平原村笋干")
    for door in (member, secretary):
        with pytest.raises(Forbidden):
            await door.command("drafts")
        for intent, args in (("drafts", ()), ("draft-view", (draft.id,)), ("draft-ok", (draft.id,))):
            with pytest.raises(Forbidden):
                await door.tap(intent, *args)
        with pytest.raises(Forbidden):
            await door.tap("draft-no", draft.id)
    assert (await _product(demo_db, "平原村笋干")).status == ProductStatus.draft


async def test_an_admin_lists_a_draft_once_and_its_secretary_is_told_once(
    demo_db, village_id, secretary, admin
):
    await _draft(secretary, village_id, "平原村笋干")
    drafts = await admin.command("drafts")
    assert "待审核的村产品</b>（1 件）" in text(drafts)
    assert [a.label for a in offered(drafts, "draft-view")] == ["平原村笋干 · 河鱼乡平原村 · ¥25.00"]
    page = await admin.press(drafts, "draft-view")
    assert "¥25.00 / 250克/袋 · 库存 20" in text(page) and "介绍：-" in text(page)
    listed = await admin.press(page, "draft-ok")
    assert alert(listed).text == "已上架：平原村笋干" and "没有待审核的村产品" in text(listed)
    assert (await _product(demo_db, "平原村笋干")).status == ProductStatus.listed
    again = await admin.press(page, "draft-ok")  # the old page's button
    assert alert(again).text == "已上架：平原村笋干"
    assert await _told(demo_db, secretary, "draft-listed") == 1
    with pytest.raises(NotFound):  # decided: no page to decide it from
        await admin.press(drafts, "draft-view")
    with pytest.raises(Stale):  # nor to turn it down now
        await admin.press(page, "draft-no")
    assert (await _product(demo_db, "平原村笋干")).status == ProductStatus.listed


async def test_a_draft_turned_down_is_never_listed(demo_db, village_id, secretary, admin):
    await _draft(secretary, village_id, "平原村笋干")
    page = await admin.press(await admin.tap("drafts"), "draft-view")
    rejected = await admin.press(page, "draft-no")
    assert alert(rejected).text == "已退回：平原村笋干" and "draft-view" not in intents(rejected)
    assert (await _product(demo_db, "平原村笋干")).status == ProductStatus.delisted
    with pytest.raises(Stale):
        await admin.press(page, "draft-no")
    with pytest.raises(NotFound):
        await admin.press(page, "draft-ok")
    assert (await _product(demo_db, "平原村笋干")).status == ProductStatus.delisted
    assert await _told(demo_db, secretary, "draft-rejected-notice") == 1
