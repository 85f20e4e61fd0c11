"""Online fairs as Request → Reply, on SQLite and PostgreSQL: an open fair in the main menu, its
page with the counties' features and a page of its products (fair), a county's feature with its
first photo (fair-feat) and the rest as an album (fair-photos); the organiser's /fair dialog
(name, the offline fair, opening and closing, products found by name, county features, preview)
that creates the fair and schedules its opening announcement to the organiser's agency. A plain
member may not make one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from handlers.catalog import FROM_FAIR
from handlers.registry import Stale
from store import fairs
from store.broadcast_models import Broadcast
from store.content_models import Fair, FairFeature, FairProduct
from store.models import Agency, County, Product, ProductStatus, Role
from tests.flows.door import Door, choose, intents, offered, refusal, screens, text


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


async def _county(db, name: str) -> int:
    async with db.read() as session:
        return await session.scalar(select(County.id).where(County.name == name))


async def _fair(db, organiser: Door, *, products: int, opens: timedelta = -timedelta(hours=1)) -> int:
    """A fair made in the store (the dialog has its own test): 渝交会网上展销, with `products` listed
    products, 城口县 featured with three photos and 巫溪县 with words only."""
    now, organiser_id = datetime.now(UTC), (await organiser.member()).id
    chengkou, wuxi = await _county(db, "城口县"), await _county(db, "巫溪县")
    async with db.begin() as session:
        listed = await session.scalars(
            select(Product.id)
            .where(Product.status == ProductStatus.listed)
            .order_by(Product.id)
            .limit(products)
        )
        fair = await fairs.create(
            session,
            organiser_id=organiser_id,
            name="渝交会网上展销",
            offline_fair="渝交会",
            starts_at=now + opens,
            ends_at=now + timedelta(days=2),
            now=now,
            product_ids=list(listed),
        )
        for county, words, photos in (
            (chengkou, "大巴山深处的腊肉与山水", ["ck-1", "ck-2", "ck-3"]),
            (wuxi, "巫溪洋芋，红池坝的草场", []),
        ):
            await fairs.set_feature(
                session, fair_id=fair.id, actor_id=organiser_id, county_id=county, text=words, photos=photos
            )
    return fair.id


async def test_an_open_fair_is_in_the_menu_with_its_counties_and_a_page_of_its_products(demo_db):
    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser)
    fair_id = await _fair(demo_db, organiser, products=9)
    member = await Door(demo_db, 5001, "张三").join_first_branch()

    menu = await member.tap("menu")
    entry = offered(menu, "fair")[0]
    assert entry.label == "🎪 正在进行：渝交会网上展销" and entry.args == (fair_id, 0)
    page = await member.press(menu, "fair")
    assert "渝交会网上展销" in text(page) and "线下展会：渝交会" in text(page)
    assert "大巴山深处的腊肉与山水" in text(page) and "巫溪洋芋" in text(page)
    # A county with photos has a button to them; one with words only has none.
    assert [a.label for a in offered(page, "fair-feat")] == ["📷 城口县 美食与风光"]
    products = offered(page, "product")
    assert len(products) == 8 and all(a.args[1:] == (FROM_FAIR, fair_id, 0) for a in products)
    assert [a.args for a in offered(page, "fair")] == [(fair_id, 1)]  # 下一页
    second = await member.press(page, "fair")
    assert len(offered(second, "product")) == 1 and offered(second, "fair")[0].args == (fair_id, 0)

    card = await member.press(page, "product")
    assert "渝交会网上展销" in text(card)  # the product is shown as the fair's


async def test_a_countys_feature_shows_its_first_photo_and_the_rest_as_an_album(demo_db):
    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser)
    fair_id = await _fair(demo_db, organiser, products=1)
    member = await Door(demo_db, 5001, "张三").join_first_branch()
    chengkou, wuxi = await _county(demo_db, "城口县"), await _county(demo_db, "巫溪县")

    feature = await member.press(await member.tap("fair", fair_id, 0), "fair-feat")
    (screen,) = screens(feature)
    assert screen.photo == "ck-1" and "城口县" in screen.text and "大巴山深处" in screen.text
    assert offered(feature, "fair-photos")[0].label == "📷 更多照片（2 张）"
    assert ("fair", (fair_id, 0)) in [(a.intent, a.args) for row in screen.rows for a in row]  # 返回
    (album,) = screens(await member.press(feature, "fair-photos"))
    assert album.photos == ("ck-2", "ck-3") and album.new and "另外 2 张照片" in album.text

    words_only = await member.tap("fair-feat", fair_id, wuxi)
    assert screens(words_only)[0].photo == "" and "fair-photos" not in intents(words_only)
    assert "没有找到该内容" in await refusal(member.tap("fair-photos", fair_id, wuxi))
    with pytest.raises(Stale):  # a county the fair does not feature: no button showed it
        await member.tap("fair-feat", fair_id, chengkou + wuxi)
    assert "没有找到该内容" in await refusal(member.tap("fair", fair_id + 1, 0))


async def test_a_fair_not_open_yet_is_not_in_the_menu(demo_db):
    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser)
    await _fair(demo_db, organiser, products=1, opens=timedelta(days=1))
    member = await Door(demo_db, 5001, "张三").join_first_branch()
    assert "fair" not in intents(await member.tap("menu"))


async def test_an_organiser_makes_a_fair_step_by_step_and_bad_answers_are_asked_again(demo_db):
    member = await Door(demo_db, 5001, "张三").join_first_branch()
    assert await refusal(member.command("fair")) == "您没有进行此操作的权限。"
    assert (await member.member()).dialog is None

    async with demo_db.read() as session:
        agency = await session.scalar(select(Agency.id).order_by(Agency.id))
    organiser = await Door(demo_db, 903, "组织者").grant(Role.organiser, agency)
    now = datetime.now(UTC)
    asked = await organiser.command("fair")
    assert "请发送展销会名称" in text(asked) and "dialog-cancel" in intents(asked)
    refused = await organiser.say("展" * 65)
    assert "消息太长了" in text(refused) and "请发送展销会名称" in text(refused)
    asked = await organiser.say("渝交会网上展销")
    assert "配合哪个线下展会" in text(asked)
    asked = await organiser.say("渝交会")
    refused = await organiser.say("下个月吧")
    assert "时间格式不对" in text(refused) and "开幕时间" in text(refused)
    asked = await organiser.say(_local(now - timedelta(minutes=5)))  # open already: that is fine
    refused = await organiser.say(_local(now - timedelta(minutes=1)))  # closes before it opens
    assert "先后顺序不对" in text(refused) and "闭幕时间" in text(refused)
    asked = await organiser.say(_local(now + timedelta(days=2)))
    assert "找到后点选加入展销会" in text(asked)

    refused = await organiser.say("没有这种东西")
    assert "没有找到与“没有这种东西”相关的商品" in text(refused)
    found = await organiser.say("城口 腊肉")
    picked = await choose(organiser, found, "城口老腊肉（五花）")
    assert (
        "已加入（共 1 件）" in text(picked) and offered(picked, "dlg-done")[0].label == "商品选好了（1 件）"
    )
    dropped = await choose(organiser, picked, "城口老腊肉（五花）")  # a second tap takes it out
    assert "已移出（共 0 件）" in text(dropped)
    picked = await choose(organiser, dropped, "城口老腊肉（五花）")
    counties = await organiser.press(picked, "dlg-done")
    assert "为哪些区县添加特色介绍" in text(counties)

    early = await organiser.say("大巴山深处")  # no county tapped yet: nothing kept
    assert "请先点一个区县" in text(early) and "为哪些区县添加特色介绍" in text(early)
    asked = await choose(organiser, early, "城口县")
    assert "请发送这个区县的特色介绍" in text(asked) and "城口县" in text(asked)
    asked = await organiser.photo("ck-photo")  # a photo alone: its words are still asked for
    assert "请发送这个区县的特色介绍" in text(asked)
    counties = await organiser.say("大巴山深处的腊肉与山水")
    assert "✅ 城口县" in [a.label for a in offered(counties, "dlg-pick")]
    preview = await organiser.press(counties, "dlg-done")
    assert "商品 1 件 · 区县特色 1 个" in text(preview) and "开幕时间已到" in text(preview)
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Fair)) == 0  # nothing yet

    published = await organiser.press(preview, "dlg-go")
    assert "展销会已创建，开幕通知已安排发送" in text(published) and "fair" in intents(published)
    assert (await organiser.member()).dialog is None
    async with demo_db.read() as session:
        fair = await session.scalar(select(Fair))
        products = list(await session.scalars(select(FairProduct.product_id)))
        product = await session.get(Product, products[0])
        feature = await session.scalar(select(FairFeature))
        announcement = await session.get(Broadcast, fair.broadcast_id)
    assert (fair.name, fair.offline_fair, fair.scope_id) == ("渝交会网上展销", "渝交会", agency)
    assert product.name == "城口老腊肉（五花）" and len(products) == 1
    assert (feature.text, feature.photos) == ("大巴山深处的腊肉与山水", ["ck-photo"])
    # The opening is announced to the organiser's agency, with a button to the fair.
    assert (announcement.kind, announcement.audience, announcement.audience_id) == ("fairs", "agency", agency)
    assert (announcement.button, announcement.button_id) == ("fair", fair.id)

    page = await member.press(published, "fair")
    assert (
        "大巴山深处的腊肉与山水" in text(page) and "城口老腊肉（五花）" in offered(page, "product")[0].label
    )
