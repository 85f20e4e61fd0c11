"""Browsing the catalog as Request → Reply (handlers/catalog.py): the intents counties, county,
categories, category, hot, search-help, search, product and qty, and the command /search — what
each list offers and where its pages and back buttons lead, what a card lets a buyer order, and
what is refused (a quantity out of range, a product off sale)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.registry import Stale
from locales import Translator
from store.errors import NotFound
from store.models import County, Product, ProductStatus
from tests.flows.door import Door, intents, offered, text


def words(error) -> str:
    """What a door says for a refused domain error: the message of its code."""
    return Translator().t("zh-CN", f"error-{error.code}")


def labels(reply, intent: str) -> list[str]:
    return [a.label for a in offered(reply, intent)]


async def _product(db, name: str) -> Product:
    async with db.read() as session:
        return await session.scalar(select(Product).where(Product.name == name))


async def _change(db, name: str, **values) -> int:
    async with db.begin() as session:
        product = await session.scalar(select(Product).where(Product.name == name))
        for key, value in values.items():
            setattr(product, key, value)
        return product.id


async def test_each_county_shows_its_count_and_its_page_holds_as_many(demo_db):
    door = Door(demo_db, 7101)
    counties = await door.tap("counties")
    assert "按区县选购" in text(counties) and intents(counties)[-1] == "menu"
    async with demo_db.read() as session:
        chengkou = await session.scalar(select(County).where(County.name == "城口县"))
    (button,) = [a for a in offered(counties, "county") if a.args == (chengkou.id, 0)]
    assert button.label == "城口县（4）"  # 城口腊猪蹄, sold out, is listed and counted
    page = await door.press(counties, "county", nth=offered(counties, "county").index(button))
    assert "城口县" in text(page) and len(offered(page, "product")) == 4
    assert "城口腊猪蹄 · ¥78.00" in labels(page, "product")
    assert [a.args for a in offered(page, "county-rank")] == [(chengkou.id, 0)]
    assert intents(page)[-2:] == ["counties", "menu"]


async def test_a_category_pages_and_a_card_opened_on_page_two_returns_there(demo_db):
    door = Door(demo_db, 7102)
    categories = await door.tap("categories")
    assert "腊肉（9）" in labels(categories, "category") and "其他（0）" in labels(categories, "category")
    first = await door.press(categories, "category", nth=labels(categories, "category").index("腊肉（9）"))
    assert "第 1/2 页，共 9 件" in text(first) and len(offered(first, "product")) == 8
    assert labels(first, "category") == ["下一页 ›"] and intents(first)[-2:] == ["categories", "menu"]
    second = await door.press(first, "category")
    assert "第 2/2 页，共 9 件" in text(second) and len(offered(second, "product")) == 1
    assert labels(second, "category") == ["‹ 上一页"]  # no page after the last
    category_id = offered(second, "category")[0].args[0]
    card = await door.press(second, "product")
    assert offered(card, "category")[0].args == (category_id, 1)  # « 返回 to page two
    back = await door.press(card, "category")
    assert "第 2/2 页" in text(back)


async def test_an_empty_category_says_so_and_offers_no_product(demo_db):
    door = Door(demo_db, 7103)
    categories = await door.tap("categories")
    empty = await door.press(categories, "category", nth=labels(categories, "category").index("其他（0）"))
    assert "其他" in text(empty) and "第 1/" not in text(empty)
    assert intents(empty) == ["categories", "menu"]


async def test_hot_pages_through_the_whole_catalog_best_sellers_first(demo_db):
    door = Door(demo_db, 7104)
    await _change(demo_db, "巫山下庄老腊肉", sales_count=12)
    hot = await door.tap("hot", 0)
    assert "热销好物" in text(hot) and "第 1/8 页，共 60 件" in text(hot)
    assert labels(hot, "product")[0] == "巫山下庄老腊肉 · ¥128.00"
    assert labels(hot, "hot") == ["下一页 ›"] and intents(hot)[-1] == "menu"
    last = await door.tap("hot", 7)
    assert "第 8/8 页" in text(last) and labels(last, "hot") == ["‹ 上一页"]
    card = await door.press(last, "product")
    assert offered(card, "hot")[0].args == (7,)  # back to the page it was opened on


async def test_search_help_explains_and_slash_search_alone_does_the_same(demo_db):
    door = Door(demo_db, 7105)
    helped = await door.tap("search-help")
    assert "直接发送一两个词即可搜索" in text(helped) and intents(helped) == ["menu"]
    assert text(await door.command("search", "")) == text(helped)


async def test_slash_search_finds_pages_and_remembers_the_words_for_paging(demo_db):
    door = Door(demo_db, 7106)
    found = await door.command("search", "蜂蜜")
    assert "“蜂蜜”的搜索结果" in text(found) and "第 1/2 页，共 9 件" in text(found)
    assert all("蜜" in label for label in labels(found, "product"))
    assert (await door.member()).last_search == "蜂蜜"
    second = await door.press(found, "search")
    assert "“蜂蜜”的搜索结果" in text(second) and "第 2/2 页" in text(second)
    card = await door.press(second, "product")
    assert offered(card, "search")[0].args == (1,)


async def test_a_search_finding_nothing_or_too_long_says_so(demo_db):
    door = Door(demo_db, 7107)
    nothing = await door.command("search", "飞机大炮")
    assert "没有找到与“飞机大炮”相关的在售商品" in text(nothing)
    assert intents(nothing) == ["menu"]
    too_long = await door.command("search", "蜂" * 65)
    assert "搜索词太长了，请控制在 64 个字以内" in text(too_long)
    assert (await door.member()).last_search == "飞机大炮"  # the long one was not kept


async def test_a_card_steps_the_quantity_within_its_stock_and_the_order_follows(demo_db):
    door = Door(demo_db, 7108)
    chicken = await _product(demo_db, "城口山地鸡")  # 40 in stock
    card = await door.tap("product", chicken.id, 0, 0, 0)
    assert "城口山地鸡" in text(card) and "¥168.00" in text(card) and "库存：40" in text(card)
    assert labels(card, "qty") == ["➕ 多一件"]
    assert labels(card, "order") == ["🛒 一键下单 ×1 · ¥168.00"]
    assert offered(card, "order")[0].args[:2] == (chicken.id, 1)
    two = await door.press(card, "qty")
    assert labels(two, "qty") == ["➖ 少一件", "➕ 多一件"]
    assert labels(two, "order") == ["🛒 一键下单 ×2 · ¥336.00"]
    assert labels(await door.press(two, "qty"), "order") == ["🛒 一键下单 ×1 · ¥168.00"]  # − again
    top = await door.tap("qty", chicken.id, 20, 0, 0, 0)
    assert labels(top, "qty") == ["➖ 少一件"]  # 20 at most in one order
    for qty in (0, 21):
        with pytest.raises(Stale):
            await door.tap("qty", chicken.id, qty, 0, 0, 0)


async def test_the_quantity_stops_at_the_stock_left(demo_db):
    door = Door(demo_db, 7109)
    product_id = await _change(demo_db, "城口山地鸡", stock=2)
    two = await door.tap("qty", product_id, 2, 0, 0, 0)
    assert labels(two, "qty") == ["➖ 少一件"] and "库存：2" in text(two)
    asked_more = await door.tap("qty", product_id, 5, 0, 0, 0)  # an older card's button
    assert labels(asked_more, "order") == ["🛒 一键下单 ×2 · ¥336.00"]


async def test_a_sold_out_card_offers_no_order_but_still_a_way_back(demo_db):
    door = Door(demo_db, 7110)
    trotter = await _product(demo_db, "城口腊猪蹄")
    card = await door.tap("product", trotter.id, 1, trotter.county_id, 0)
    assert "已售罄" in text(card)
    assert not offered(card, "order") and not offered(card, "qty")
    assert {"rec", "rvs", "county", "menu"} <= set(intents(card))
    assert offered(card, "county")[0].args == (trotter.county_id, 0)


async def test_a_product_taken_off_sale_is_not_found_nor_listed_nor_searched(demo_db):
    door = Door(demo_db, 7111)
    product_id = await _change(demo_db, "城口山地鸡", status=ProductStatus.delisted)
    with pytest.raises(NotFound) as refused:
        await door.tap("product", product_id, 0, 0, 0)
    assert "没有找到该内容" in words(refused.value)
    with pytest.raises(NotFound):
        await door.tap("qty", product_id, 2, 0, 0, 0)
    chicken = await _product(demo_db, "城口山地鸡")
    county = await door.tap("county", chicken.county_id, 0)
    assert len(offered(county, "product")) == 3 and "城口山地鸡" not in " ".join(labels(county, "product"))
    assert "没有找到与“城口山地鸡”" in text(await door.command("search", "城口山地鸡"))


async def test_a_card_asked_from_an_unknown_list_is_stale(demo_db):
    door = Door(demo_db, 7112)
    chicken = await _product(demo_db, "城口山地鸡")
    with pytest.raises(Stale):
        await door.tap("product", chicken.id, 99, 0, 0)
    with pytest.raises(NotFound):
        await door.tap("county", 9999, 0)
