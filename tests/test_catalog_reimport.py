"""A re-import changes what its rows say and keeps what they leave empty (unless asked to clear
it); counties are accepted as people write them (奉节 for 奉节县); admins add categories, and 其他
is there for what fits no other. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from store import catalog, catalog_import, reference
from store.errors import InvalidInput
from store.models import Category, Product

FULL = {
    "name": "城口老腊肉",
    "category": "腊肉",
    "county": "城口县",
    "village": "平原村",
    "supplier": "城口山货店",
    "supplier_kind": "shop",
    "price_yuan": "68",
    "unit": "斤",
    "stock": "40",
    "charity_item": "是",
    "certification_no": "LB-0001",
    "description": "柴火慢熏一百天",
}


def csv_of(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=catalog_import.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in catalog_import.COLUMNS})
    return out.getvalue()


async def _product(db) -> Product:
    async with db.read() as session:
        found = await session.scalar(select(Product.id).where(Product.name == FULL["name"]))
        return (await catalog.with_details(session, [found]))[0]


async def test_a_re_import_keeps_what_its_row_leaves_empty(db):
    async with db.begin() as session:
        await catalog_import.import_csv(session, csv_of(FULL))
    thin = {
        **FULL,
        "price_yuan": "58",
        "village": "",
        "charity_item": "",
        "certification_no": "",
        "description": "",
    }
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, csv_of(thin))
    assert (result.created, result.updated, result.errors, result.kept) == (0, 1, [], 6)
    product = await _product(db)
    assert product.price_fen == 5800  # what the row says is changed
    assert (product.description, product.certification_no, product.village.name, product.charity_item) == (
        "柴火慢熏一百天",
        "LB-0001",
        "平原村",
        True,
    )
    assert " 平原 " in product.search_text  # still found by its village


async def test_clear_empty_clears_what_the_row_leaves_empty(db):
    async with db.begin() as session:
        await catalog_import.import_csv(session, csv_of(FULL))
    thin = {**FULL, "village": "", "charity_item": "", "certification_no": "", "description": ""}
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, csv_of(thin), clear_empty=True)
    assert (result.updated, result.kept) == (1, 0)
    product = await _product(db)
    assert (product.description, product.certification_no, product.village, product.charity_item) == (
        "",
        "",
        None,
        False,
    )


async def test_a_county_is_accepted_without_its_suffix(db):
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, csv_of({**FULL, "county": "奉节", "village": ""}))
        assert (result.created, result.errors) == (1, [])
        assert (await catalog.county_by_name(session, name="奉节")).name == "奉节县"
        assert (await catalog.county_by_name(session, name=" 城口县 ")).name == "城口县"
        assert (await catalog.county_by_name(session, name="fengjie county")).name == "奉节县"
        assert await catalog.county_by_name(session, name="奉") is None  # too short to be one
        assert await catalog.county_by_name(session, name="北京") is None
    product = await _product(db)
    assert product.county.name == "奉节县"


async def test_other_is_a_category_and_an_admin_adds_one_once(db):
    async with db.begin() as session:
        await reference.ensure(session)
        names = set(await session.scalars(select(Category.name)))
        assert "其他" in names
        walnuts = await catalog.add_category(session, name="核桃", name_en="Walnuts")
        assert walnuts.sort_order > 0
    async with db.begin() as session:
        try:
            await catalog.add_category(session, name="核桃")
        except InvalidInput as refused:
            assert refused.args[1:] == ("category", "核桃")  # the name taken
        else:
            raise AssertionError("a second 核桃 category was added")
        result = await catalog_import.import_csv(session, csv_of({**FULL, "category": "核桃"}))
    assert (result.created, result.errors) == (1, [])
