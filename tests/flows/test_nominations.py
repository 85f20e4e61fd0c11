"""Nominations as Request → Reply: a member nominates a product (/nominate and 提名好物: the county
typed or tapped, the village matched, a photo or none, the preview), /my_nominations and its pages;
the admins' queue (/nominations, noms, nom-view) with 批准 (nom-approve), the listing dialog
"nomination_list" (nom-list) and 驳回 with its dialog "nomination_reject" (nom-reject) — and everyone
else refused, changing nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.registry import Stale
from store import ledger, notices
from store.community_models import Nomination, NominationStatus
from store.errors import Forbidden
from store.models import Category, Product, ProductStatus, Role
from tests.flows.door import Door, alert, intents, offered, text

ADMIN = 901


async def _nominations(db) -> list[Nomination]:
    async with db.read() as session:
        return list(await session.scalars(select(Nomination).order_by(Nomination.id)))


async def _nominate(door: Door, name: str = "巫溪洋芋粉条", county: str = "巫溪县", village: str = ""):
    """The whole dialog, as a member answers it without a mistake; the reply to 提交提名."""
    await door.command("nominate")
    await door.say(name)
    asked = await door.say(county)  # typed: a county's name is an answer as good as its button
    asked = await door.say(village) if village else await door.press(asked, "dlg-skip")
    if "dlg-pick" in intents(asked):  # a village close to one of the county's: taken as typed
        asked = await door.press(asked, "dlg-pick", -1)
    await door.say("红池坝农户王大姐")
    await door.say("王大姐 13900001111")
    photo = await door.say("手工晾晒，口感筋道，是村里的主要收入")
    preview = await door.press(photo, "dlg-skip")
    return await door.press(preview, "dlg-go")


@pytest.fixture
async def alice(demo_db) -> Door:
    return await Door(demo_db, 5101, "爱丽丝").join_first_branch()


@pytest.fixture
async def admin(demo_db) -> Door:
    return await Door(demo_db, ADMIN, "管理员").grant(Role.admin)


async def test_a_nomination_is_asked_step_by_step_and_kept_only_when_submitted(demo_db, alice):
    asked = await alice.tap("nominate")  # the menu's 提名好物, as /nominate
    assert "推荐一件贫困区县还没上架的好产品" in text(asked) and "产品叫什么名字" in text(asked)
    refused = await alice.say("粉")
    assert "产品名称应为 2 到 64 个字" in text(refused) and "产品叫什么名字" in text(refused)
    county = await alice.say("巫溪洋芋粉条")
    assert "产自哪个区县" in text(county) and "dlg-pick" in intents(county)
    refused = await alice.say("火星县")
    assert "没有找到这个区县" in text(refused) and "产自哪个区县" in text(refused)
    village = await alice.press(county, "dlg-pick", 0)  # the first county's button
    assert "哪个村" in text(village)
    back = await alice.press(village, "dlg-back")  # ← 上一步: the county again, its answer kept
    assert "产自哪个区县" in text(back) and "dlg-keep" in intents(back)
    village = await alice.say("巫溪")  # or typed instead, as its short name
    supplier = await alice.press(village, "dlg-skip")
    assert "供应商或农户叫什么" in text(supplier)
    await alice.say("红池坝农户王大姐")
    refused = await alice.say("1390")
    assert "联系方式应为 5 到 128 个字" in text(refused)
    await alice.say("王大姐 13900001111")
    await alice.say("手工晾晒，口感筋道，是村里的主要收入")
    refused = await alice.say("没有照片")
    assert "这里需要一张照片（不是贴纸或文字），或点“跳过”" in text(refused)
    preview = await alice.photo("photo-file-1")
    assert "请确认您的提名" in text(preview) and "照片：已附" in text(preview) and "巫溪县" in text(preview)
    assert await _nominations(demo_db) == []  # nothing is sent before 提交提名
    done = await alice.press(preview, "dlg-go")
    assert "已收到您的提名" in text(done) and "my-noms" in intents(done)
    (kept,) = await _nominations(demo_db)
    assert (kept.product_name, kept.village_name, kept.supplier_name, kept.contact, kept.photo) == (
        "巫溪洋芋粉条",
        "",
        "红池坝农户王大姐",
        "王大姐 13900001111",
        "photo-file-1",
    )
    assert kept.status == NominationStatus.open and (await alice.member()).dialog is None
    mine = await alice.command("my_nominations")
    assert "我的提名</b>（共 1 件）" in text(mine) and "巫溪洋芋粉条 · 巫溪县 · 待核实" in text(mine)
    assert "巫溪洋芋粉条" in text(await alice.press(done, "my-noms"))


async def test_only_a_member_of_a_branch_may_nominate(demo_db):
    stranger = Door(demo_db, 5102, "路人")
    refused = await stranger.command("nominate")
    assert "请先发送 /start 加入您所在的支部" in text(refused)
    assert (await stranger.member()).dialog is None
    assert "您还没有提名" in text(await stranger.tap("my-noms", 0))


async def test_a_product_on_sale_is_pointed_at_and_a_second_nomination_seconds_the_first(demo_db, alice):
    await alice.command("nominate")
    await alice.say("城口 老腊肉（五花）")
    listed = await alice.say("城口县")
    assert "这件产品已经在爱心购上架了" in text(listed) and "product" in intents(listed)
    assert (await alice.member()).dialog is None  # the dialog ended there
    assert "城口老腊肉（五花）" in text(await alice.press(listed, "product"))

    assert "已收到您的提名" in text(await _nominate(alice))
    bob = await Door(demo_db, 5103, "鲍勃").join_first_branch()
    await bob.command("nominate")
    await bob.say("巫溪 洋芋粉条")
    ahead = await bob.say("巫溪")
    assert "已经有人提名了这件产品" in text(ahead) and "哪个村" in text(ahead)
    await bob.press(ahead, "dlg-skip")
    await bob.say("王大姐家")
    await bob.say("王大姐 13900001111")
    photo = await bob.say("亲自吃过，很好吃")
    merged = await bob.press(await bob.press(photo, "dlg-skip"), "dlg-go")
    assert "已记为附议" in text(merged)
    first, second = await _nominations(demo_db)
    assert (first.status, second.status, second.merged_into_id) == (
        NominationStatus.open,
        NominationStatus.merged,
        first.id,
    )


async def test_a_village_close_to_one_of_the_countys_is_asked_about(demo_db, alice):
    await alice.command("nominate")
    await alice.say("城口手工红薯粉")
    await alice.say("城口县")
    which = await alice.say("岚溪村")
    assert "您说的“岚溪村”是下面哪一个" in text(which)
    assert [a.label for a in offered(which, "dlg-pick")] == ["岚天乡岚溪村", "都不是，就写“岚溪村”"]
    version = (await alice.member()).dialog_version
    stale = await alice.tap("dlg-pick", version, 999_999)  # a village it did not offer
    assert "这个按钮已失效" in alert(stale).text and "哪一个" in text(stale)
    supplier = await alice.press(which, "dlg-pick", 0)
    assert "供应商或农户叫什么" in text(supplier)
    assert (await alice.member()).dialog_data["village"] == "岚天乡岚溪村"


async def test_no_one_but_an_admin_sees_or_decides_the_queue(demo_db, alice):
    await _nominate(alice)
    (nomination,) = await _nominations(demo_db)
    async with demo_db.read() as session:
        category = await session.scalar(select(Category.id))
    with pytest.raises(Forbidden):
        await alice.command("nominations")
    for intent, args in (
        ("noms", (0,)),
        ("nom-view", (nomination.id,)),
        ("nom-approve", (nomination.id, 0)),
        ("nom-approve", (nomination.id, category)),
        ("nom-list", (nomination.id,)),
        ("nom-reject", (nomination.id,)),
    ):
        with pytest.raises(Forbidden):
            await alice.tap(intent, *args)
    assert [n.status for n in await _nominations(demo_db)] == [NominationStatus.open]
    assert (await alice.member()).dialog is None


async def _product(db, name: str) -> Product | None:
    async with db.read() as session:
        return await session.scalar(select(Product).where(Product.name == name))


async def test_an_admin_approves_then_lists_a_nomination_with_price_unit_and_stock(demo_db, alice, admin):
    await _nominate(alice)
    queue = await admin.command("nominations")
    assert "待处理的提名</b>（共 1 件）" in text(queue)
    (row,) = offered(queue, "nom-view")
    assert "巫溪洋芋粉条" in row.label and "待核实" in row.label
    page = await admin.press(queue, "nom-view")
    assert "红池坝农户王大姐" in text(page) and page.photo == ""
    assert {"nom-approve", "nom-reject"} <= set(intents(page)) and "nom-list" not in intents(page)
    categories = await admin.press(page, "nom-approve")
    assert "请选择品类" in text(categories)
    chosen = next(a for a in offered(categories, "nom-approve") if a.label == "土家禽")
    asked = await admin.tap("nom-approve", *chosen.args)
    assert "已批准，已创建商品草稿" in alert(asked).text and "请发送售价" in text(asked)
    assert (await admin.member()).dialog == "nomination_list"
    async with demo_db.read() as session:
        told = await notices.of_member(
            session, member_id=(await alice.member()).id, key="nomination-approved"
        )
    assert len(told) == 1
    assert (await _product(demo_db, "巫溪洋芋粉条")).status == ProductStatus.draft

    refused = await admin.say("三十块")
    assert "售价应为大于 0 的数字" in text(refused) and "请发送售价" in text(refused)
    await admin.say("25")
    await admin.say("500克/袋")
    refused = await admin.say("很多")
    assert "库存应为 0 到 1000000 的整数" in text(refused)
    preview = await admin.say("80")
    assert "售价 ¥25.00 / 500克/袋 · 库存 80" in text(preview)
    assert (await _product(demo_db, "巫溪洋芋粉条")).status == ProductStatus.draft  # not yet
    listed = await admin.press(preview, "dlg-go")
    assert "巫溪洋芋粉条 已上架，已通知提名人" in text(listed) and "product" in intents(listed)
    product = await _product(demo_db, "巫溪洋芋粉条")
    assert (product.status, product.price_fen, product.unit, product.stock) == (
        ProductStatus.listed,
        2500,
        "500克/袋",
        80,
    )
    async with demo_db.read() as session:
        assert await ledger.points_balance(session, member_id=(await alice.member()).id) == 20
    assert "已上架" in text(await alice.tap("my-noms", 0))
    with pytest.raises(Stale):  # listed already: no second listing
        await admin.tap("nom-list", (await _nominations(demo_db))[0].id)


async def test_an_approved_nomination_left_unlisted_is_listed_later_from_its_page(demo_db, alice, admin):
    await _nominate(alice)
    (nomination,) = await _nominations(demo_db)
    async with demo_db.read() as session:
        category = await session.scalar(select(Category.id))
    await admin.tap("nom-approve", nomination.id, category)
    await admin.tap("dialog-cancel")  # the price can wait
    page = await admin.tap("nom-view", nomination.id)
    assert "已通过，待上架" in text(page) and "nom-approve" not in intents(page)
    asked = await admin.press(page, "nom-list")
    assert "请发送售价" in text(asked)
    await admin.say("¥39.9")
    await admin.say("1斤装")
    listed = await admin.press(await admin.say("８０"), "dlg-go")  # full-width digits, as typed
    assert "已上架" in text(listed)
    assert (await _product(demo_db, "巫溪洋芋粉条")).price_fen == 3990


async def test_an_admin_rejects_with_a_reason_the_nominator_is_told(demo_db, alice, admin):
    await _nominate(alice)
    (nomination,) = await _nominations(demo_db)
    asked = await admin.press(await admin.tap("nom-view", nomination.id), "nom-reject")
    assert f"请发送驳回提名 #{nomination.id} 的原因" in text(asked)
    assert (await admin.member()).dialog == "nomination_reject"
    refused = await admin.say("   ")
    assert "这里需要文字回答" in text(refused)
    refused = await admin.say("长" * 257)
    assert "原因太长了，请控制在 256 字以内" in text(refused) and "的原因" in text(refused)
    preview = await admin.say("已有同类产品在售")
    assert f"将驳回提名 #{nomination.id}" in text(preview) and "已有同类产品在售" in text(preview)
    assert (await _nominations(demo_db))[0].status == NominationStatus.open  # asked first
    done = await admin.press(preview, "dlg-go")
    assert f"提名 #{nomination.id} 已驳回，已通知提名人" in text(done)
    (kept,) = await _nominations(demo_db)
    assert (kept.status, kept.reject_reason) == (NominationStatus.rejected, "已有同类产品在售")
    async with demo_db.read() as session:
        told = await notices.of_member(
            session, member_id=(await alice.member()).id, key="nomination-rejected"
        )
        assert len(told) == 1
        assert (
            await session.scalar(
                select(func.count()).select_from(Product).where(Product.name == "巫溪洋芋粉条")
            )
            == 0
        )
    mine = await alice.command("my_nominations")
    assert "未通过" in text(mine) and "已有同类产品在售" in text(mine)
    assert "没有待处理的提名" in text(await admin.tap("noms", 0))
