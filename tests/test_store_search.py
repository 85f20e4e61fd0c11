"""Search as people type it, on SQLite and PostgreSQL: Chinese without spaces, parts in any order
across a product's name, county, village, supplier and category, a slip forgiven, the index in
step with every write."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from store import catalog, catalog_import, reference, schema
from store.db import Database, create_engine
from store.models import Product, ProductStatus
from tests.catalog_fixture import ROWS, catalog_csv
from tests.conftest import BACKENDS, postgres_schema

EXTRA = [
    "城口柴火腊排,Wood-smoked bacon ribs,腊肉,城口县,,城口县巴山食品有限公司,,88,500克,10,否,,,",
    "巫溪高山洋芋,Wuxi highland potatoes,水果,巫溪县,红池坝镇茶山村,巫溪县蜂农 李大姐,,25,5斤装,30,否,,,",
]


async def _load(db, *extra: str) -> None:
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, catalog_csv(*ROWS, *EXTRA, *extra))
        assert result.errors == []


async def _names(db, text: str, page: int = 0, per_page: int = 8) -> list[str]:
    async with db.read() as session:
        found = await catalog.search(session, text=text, page=page, per_page=per_page)
    return [product.name for product in found.items]


async def test_chinese_typed_without_spaces_finds_the_parts_in_any_order(db):
    await _load(db)
    # 城口 is the county, 腊肉 the category as well: the product whose own name holds both comes first.
    assert await _names(db, "城口腊肉") == ["城口老腊肉", "城口柴火腊排"]
    assert await _names(db, "腊肉城口") == ["城口老腊肉", "城口柴火腊排"]
    assert await _names(db, "城口 腊肉") == ["城口老腊肉", "城口柴火腊排"]
    assert await _names(db, "城口老腊肉") == ["城口老腊肉"]
    assert await _names(db, "巫溪洋芋") == ["巫溪高山洋芋"]
    assert await _names(db, "茶山村洋芋") == ["巫溪高山洋芋"]  # the village and the name
    assert await _names(db, "李大姐蜂蜜") == ["巫溪土蜂蜜"]  # the supplier and the category
    assert await _names(db, "城口鸡") == ["城口山地鸡"]
    assert await _names(db, "鸡蛋") == []  # 鸡 and 蛋 apart are not eggs


async def test_a_one_character_slip_still_finds_the_obvious_product(db):
    await _load(db)
    assert set(await _names(db, "城口腊内")) == {"城口老腊肉", "城口柴火腊排"}  # not 城口山地鸡
    assert await _names(db, "巫溪洋宇") == ["巫溪高山洋芋"]
    assert await _names(db, "巫溪详芋") == ["巫溪高山洋芋"]
    assert await _names(db, "金佛山方竺") == ["金佛山方竹笋"]
    # A query typed right is answered with what it asked for, not with near misses too.
    assert await _names(db, "巫溪蜂蜜") == ["巫溪土蜂蜜"]
    assert await _names(db, "火星蜂蜜") == []


async def test_english_full_width_and_prefixes(db):
    await _load(db)
    assert await _names(db, "chengkou bacon") == ["城口柴火腊排"]  # the county's English name and the name
    assert await _names(db, "Bacon CHENGKOU") == ["城口柴火腊排"]
    assert await _names(db, "ＣＨＥＮＧＫＯＵ　ＢＡＣＯＮ") == ["城口柴火腊排"]
    assert await _names(db, "hon") == ["巫溪土蜂蜜"]  # inline mode asks as the member types
    assert await _names(db, "chengkou chicken") == ["城口山地鸡"]
    assert await _names(db, "500") == []  # a number is a whole number: 500克 is not in the index
    assert await _names(db, "%_") == [] and await _names(db, "   ") == []


async def test_the_index_follows_every_write(db):
    await _load(db, "城口野生天麻,,天麻,城口县,,城口县巴山食品有限公司,,99,盒,5,否,,,")
    assert await _names(db, "城口天麻") == ["城口野生天麻"]  # a new product, imported in bulk
    # Imported again with a village: found by the village, and no longer only by what it was.
    await _load(db, "城口野生天麻,,天麻,城口县,岚天乡红岸村,城口县巴山食品有限公司,,99,盒,5,否,,,")
    assert await _names(db, "红岸村天麻") == ["城口野生天麻"]
    async with db.begin() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口野生天麻"))
        product.status = ProductStatus.delisted
    assert await _names(db, "城口天麻") == []
    async with db.begin() as session:  # a conditional update, as listing a draft does
        await session.execute(
            update(Product).where(Product.id == product.id).values(status=ProductStatus.listed)
        )
    assert await _names(db, "城口天麻") == ["城口野生天麻"]
    async with db.begin() as session:  # a new name, written as every writer does
        product = await catalog.product(session, product_id=product.id)
        product.name = "岚天红岸天麻"
        product.search_text = catalog.search_text_of(
            name=product.name,
            name_en=product.name_en,
            county=product.county,
            village=product.village,
            supplier=product.supplier,
            category=product.category,
        )
    assert await _names(db, "岚天天麻") == ["岚天红岸天麻"]
    assert await _names(db, "野生天麻") == []


async def test_pages_run_through_the_tiers_without_repeats(db):
    # Nine products with 蜂蜜 in their name, three of the category 蜂蜜 without it in their name.
    named = [f"巫溪{i}号蜂蜜,,蜂蜜,巫溪县,,巫溪县蜂农 李大姐,,10,瓶,1,否,,," for i in range(8)]
    others = [f"城口百花{i}号,,蜂蜜,城口县,,城口县巴山食品有限公司,,10,瓶,1,否,,," for i in range(3)]
    await _load(db, *named, *others)
    first, second = await _names(db, "蜂蜜"), await _names(db, "蜂蜜", page=1)
    assert len(first) == 8 and all("蜂蜜" in name for name in first)
    assert second[0].endswith("蜂蜜") and {n for n in second if "蜂蜜" not in n} == {
        f"城口百花{i}号" for i in range(3)
    }
    assert len(set(first + second)) == 12
    async with db.read() as session:
        stale = await catalog.search(session, text="蜂蜜", page=99)
    assert stale.page == 1 and stale.total == 12 and [p.name for p in stale.items] == second


@pytest.fixture(params=BACKENDS)
async def at_0008(request, tmp_path):
    """A store migrated to 0008 only, the revision before search had its index."""
    if request.param == "sqlite":
        database = Database(create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"))
        await schema.upgrade(database.engine, "0008")
        yield database
        await database.dispose()
        return
    async with postgres_schema() as (url, name):
        database = Database(create_engine(url, schema=name))
        await schema.upgrade(database.engine, "0008")
        yield database
        await database.dispose()


async def test_products_stored_before_the_index_are_found_after_the_upgrade(at_0008):
    async with at_0008.begin() as session:
        await reference.ensure(session)
        result = await catalog_import.import_csv(session, catalog_csv(*ROWS, *EXTRA))
        assert result.errors == []
        # What 0008 wrote: the facts joined and lower-cased, and one product not on sale.
        for product in await session.scalars(select(Product).options(*catalog._DETAILS)):
            parts = [product.name, product.name_en, product.county.name, product.county.name_en]
            parts += [product.village.name if product.village else "", product.supplier.name]
            parts += [product.category.name, product.category.name_en]
            product.search_text = " ".join(part for part in parts if part).lower()
            if product.name == "城口山地鸡":
                product.status = ProductStatus.draft
    await schema.upgrade(at_0008.engine)
    assert await _names(at_0008, "城口腊肉") == ["城口老腊肉", "城口柴火腊排"]
    assert await _names(at_0008, "茶山村洋芋") == ["巫溪高山洋芋"]
    assert await _names(at_0008, "城口鸡") == []  # a draft is not on sale
    async with at_0008.begin() as session:
        await session.execute(
            update(Product).where(Product.name == "城口山地鸡").values(status=ProductStatus.listed)
        )
    assert await _names(at_0008, "城口鸡") == ["城口山地鸡"]
