"""The catalog store: counties and categories with counts, pages, search, one product, import."""

from __future__ import annotations

from sqlalchemy import func, select

from store import catalog, catalog_import
from store.errors import NotFound
from store.models import County, Product, ProductStatus
from tests.catalog_fixture import catalog_csv, load


async def test_counties_list_all_eighteen_with_listed_counts(db):
    async with db.begin() as session:
        await load(session)
    async with db.read() as session:
        rows = await catalog.counties(session)
    counts = {county.name: n for county, n in rows}
    assert len(rows) == 18
    assert counts["城口县"] == 2 and counts["巫溪县"] == 1 and counts["万州区"] == 0


async def test_draft_and_delisted_products_are_not_shown(db):
    async with db.begin() as session:
        await load(session)
        pork = await session.scalar(select(Product).where(Product.name == "城口老腊肉"))
        pork.status = ProductStatus.draft
    async with db.read() as session:
        counts = {c.name: n for c, n in await catalog.counties(session)}
        page = await catalog.products_page(session, county_id=pork.county_id)
        assert counts["城口县"] == 1
        assert [p.name for p in page.items] == ["城口山地鸡"]
        try:
            await catalog.product(session, product_id=pork.id)
            raise AssertionError("a draft product was shown")
        except NotFound:
            pass


async def test_pages_of_eight_best_sellers_first(db):
    rows = [
        f"蜂蜜{i:02d},Honey {i},蜂蜜,城口县,,城口县巴山食品有限公司,brand,{10 + i}.00,瓶,10,否,,,"
        for i in range(19)
    ]
    async with db.begin() as session:
        assert (await catalog_import.import_csv(session, catalog_csv(*rows))).created == 19
        best = await session.scalar(select(Product).where(Product.name == "蜂蜜03"))
        best.sales_count = 99
        chengkou = await session.scalar(select(County.id).where(County.name == "城口县"))
    async with db.read() as session:
        first = await catalog.products_page(session, county_id=chengkou, page=0)
        last = await catalog.products_page(session, county_id=chengkou, page=2)
        beyond = await catalog.products_page(session, county_id=chengkou, page=7)
    assert (first.total, first.pages, len(first.items)) == (19, 3, 8)
    assert first.items[0].name == "蜂蜜03"
    assert not first.has_prev and first.has_next
    assert len(last.items) == 3 and not last.has_next
    assert beyond.page == 2  # a stale page number lands on the last page, not on an empty one
    seen = {p.id for page in (first, last) for p in page.items}
    assert len(seen) == 11


async def test_search_by_name_county_supplier_and_english(db):
    async with db.begin() as session:
        await load(session)
    async with db.read() as session:

        async def names(text: str) -> set[str]:
            return {p.name for p in (await catalog.search(session, text=text)).items}

        assert await names("蜂蜜") == {"巫溪土蜂蜜"}
        assert await names("城口") == {"城口老腊肉", "城口山地鸡"}
        assert await names("巴山食品") == {"城口老腊肉", "城口山地鸡"}
        assert await names("HONEY") == {"巫溪土蜂蜜"}
        assert await names("chengkou chicken") == {"城口山地鸡"}
        assert await names("城口 腊肉") == {"城口老腊肉"}
        assert await names("100%_") == set()
        assert await names("   ") == set()


async def test_product_card_facts(db):
    async with db.begin() as session:
        await load(session)
        pork_id = await session.scalar(select(Product.id).where(Product.name == "城口老腊肉"))
    async with db.read() as session:
        pork = await catalog.product(session, product_id=pork_id)
    assert pork.price_fen == 12800 and isinstance(pork.price_fen, int)
    assert pork.county.name == "城口县" and pork.supplier.kind == "brand"
    assert pork.charity_item and pork.certification_no == "LB-18-1" and pork.stock == 40


async def test_import_checks_every_row_and_stores_none_when_one_is_bad(db):
    bad = catalog_csv(
        "好蜂蜜,,蜂蜜,城口县,,新蜂农,farm,12.345,瓶,10,否,,,",
        "好腊肉,,腊肉,火星县,,新蜂农,farm,50,袋,10,否,,,",
        "好鸡,,土家禽,城口县,,另一位新农户,,50,只,-1,也许,,,",
        "好笋,,鲜笋,南川区,,南川山货,shop,20,斤,5,否,,,",
    )
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, bad)
    found = {(e.line, e.column) for e in result.errors}
    assert found == {
        (2, "price_yuan"),
        (3, "county"),
        (4, "stock"),
        (4, "charity_item"),
        (4, "supplier_kind"),
    }
    assert result.created == 0
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Product)) == 0


async def test_import_twice_updates_instead_of_duplicating(db):
    async with db.begin() as session:
        await load(session)
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, catalog_csv())
    assert (result.created, result.updated) == (0, 4)
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Product)) == 4
