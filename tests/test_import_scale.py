"""Catalog imports at the seed's scale, on SQLite and PostgreSQL: hundreds of rows created and
updated in a few statements, all or none; files from a Chinese Excel (GB18030) read; numbers past
a column's bound, NUL characters and broken CSV told as `FILE:LINE: column: reason`."""

from __future__ import annotations

import csv
import io
import time

from sqlalchemy import event, func, select, update

from store import catalog, catalog_import
from store.models import MAX_ID, Product, ProductStatus, Supplier, Village
from tests.catalog_fixture import HEADER, catalog_csv
from tests.test_run import aixin

COUNTIES = ["城口县", "巫溪县", "南川区", "Fengjie County"]
CATEGORIES = ["腊肉", "蜂蜜", "Gastrodia", "鲜笋"]


def rows(count: int, *, start: int = 0, price: str = "12.50", supplier: str = "供应商") -> str:
    """`count` products over four counties, one supplier per ten rows, a village on every other."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(catalog_import.COLUMNS)
    for i in range(start, start + count):
        writer.writerow(
            [
                f"山货{i}",
                f"Goods {i}",
                CATEGORIES[i % 4],
                COUNTIES[i % 4],
                f"第{i % 7}村" if i % 2 else "",
                f"{supplier}{i // 10}",
                ("brand", "shop", "farm")[(i // 10) % 3],
                price,
                "袋",
                i,
                "是" if i % 5 == 0 else "否",
                f"LB-{i}",
                "",
                f"第{i}号的故事",
            ]
        )
    return out.getvalue()


async def _count(db, model) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(model))


class Statements:
    """Counts the statements sent to the database (an executemany is one)."""

    def __init__(self, db) -> None:
        self.count = 0
        self._engine = db.engine.sync_engine
        event.listen(self._engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)


async def test_hundreds_of_rows_are_created_then_updated_with_what_a_product_needs(db):
    async with db.begin() as session:
        first = await catalog_import.import_csv(session, rows(300))
    assert (first.created, first.updated, first.errors) == (300, 0, [])
    assert await _count(db, Supplier) == 30
    assert await _count(db, Village) == 14  # odd rows: seven villages in each of two counties
    async with db.begin() as session:
        # What members and orders did to some products since: kept by the next import.
        sold = await session.scalar(select(Product.id).where(Product.name == "山货207"))
        await session.execute(
            update(Product)
            .where(Product.id == sold)
            .values(sales_count=9, rating_count=2, rating_sum=9, status=ProductStatus.delisted)
        )
    # Rows 200..399: 100 updated (a new price and new suppliers), 100 new.
    async with db.begin() as session:
        second = await catalog_import.import_csv(session, rows(200, start=200, price="9.90", supplier="新户"))
    assert (second.created, second.updated, second.errors) == (100, 100, [])

    async with db.read() as session:
        products = {p.name: p for p in await catalog.with_details(session, list(range(1, 1000)))}
    assert len(products) == 400
    for name in ("山货7", "山货207", "山货399"):
        product = products[name]
        assert product.search_text == catalog.search_text_of(
            name=product.name,
            name_en=product.name_en,
            county=product.county,
            village=product.village,
            supplier=product.supplier,
            category=product.category,
        )
    untouched, updated, new = products["山货7"], products["山货207"], products["山货399"]
    assert (untouched.price_fen, untouched.supplier.name, untouched.village.name) == (
        1250,
        "供应商0",
        "第0村",
    )
    assert (updated.price_fen, updated.supplier.name, updated.stock) == (990, "新户20", 207)
    # Its search terms (store/search.py) are the new supplier's, none the old one's.
    assert " 新户 " in updated.search_text and " 供应 " not in updated.search_text
    assert (updated.village.name, updated.county.name_en, updated.supplier.kind) == (
        "第4村",
        "Fengjie County",
        "farm",
    )
    # What members and orders did to it is kept.
    assert (updated.sales_count, updated.rating_count, updated.rating_sum, updated.status) == (
        9,
        2,
        9,
        ProductStatus.delisted,
    )
    assert (new.status, new.sales_count, new.rating_count, new.heat, new.rank_score) == (
        ProductStatus.listed,
        0,
        0,
        0.0,
        0.0,
    )
    assert new.created_at is not None and new.charity_item is False and new.certification_no == "LB-399"
    # A new supplier is of the county of the first row that names it (山货390, in 南川区).
    assert (new.supplier.kind, new.supplier.county_id) == ("brand", products["山货390"].county_id)
    async with db.read() as session:
        found = await catalog.search(session, text="新户39 山货399")
    assert [p.name for p in found.items] == ["山货399"]


async def test_two_thousand_rows_take_a_few_statements_not_a_few_per_row(db):
    statements = Statements(db)
    began = time.perf_counter()
    try:
        async with db.begin() as session:
            created = await catalog_import.import_csv(session, rows(2000))
        creating, statements.count = statements.count, 0
        async with db.begin() as session:
            updated = await catalog_import.import_csv(session, rows(2000, price="8"))
        updating = statements.count
    finally:
        statements.close()
    assert (created.created, updated.updated) == (2000, 2000)
    # The per-row import sent three statements a row (6,000 and more here).
    assert creating <= 20 and updating <= 20, (creating, updating)
    assert time.perf_counter() - began < 5


async def test_one_bad_row_among_hundreds_stores_nothing(db):
    text = rows(400)
    lines = text.splitlines()
    lines[350] = lines[350].replace(",12.50,", ",-3,")
    async with db.begin() as session:
        await catalog_import.import_csv(session, rows(10, start=1000))
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, "\n".join(lines) + "\n")
    assert [(e.line, e.column) for e in result.errors] == [(351, "price_yuan")]
    assert (result.created, result.updated) == (0, 0)
    assert (await _count(db, Product), await _count(db, Supplier)) == (10, 1)


async def test_numbers_past_a_column_and_nul_characters_are_row_errors(db):
    text = catalog_csv(
        f"好蜂蜜,,蜂蜜,城口县,,新蜂农,farm,12,瓶,{MAX_ID},否,,,",  # the largest stock there is
        "好腊肉,,腊肉,城口县,,新蜂农,,50,袋,100000000000000000000,否,,,",
        "好鸡,,土家禽,城口县,,新蜂农,,50,只,3000000000,否,,,",
        "好笋,,鲜笋,城口县,,新蜂农,,20,斤,1e20,否,,,",
        "好\x00酒,,鲜笋,城口县,,新蜂农,,20,斤,5,否,,,\x00",
        '好茶,,鲜笋,城口县,,新蜂农,,20,斤,5,否,,,"两行\n的描述"',
        "",
        "好米,,鲜笋,城口县,,新蜂农,,20,斤,5,否,,,一句,多出来的",
    )
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, text)
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (3, "stock", f"more than {MAX_ID}"),
        (4, "stock", f"more than {MAX_ID}"),
        (5, "stock", "not a whole number ≥ 0"),
        (6, "name", "contains a NUL character"),
        (6, "description", "contains a NUL character"),
        (10, "-", "more values than the 14 columns"),  # after a value of two lines and a blank one
    ]
    assert await _count(db, Product) == 0
    async with db.begin() as session:
        largest = await catalog_import.import_csv(session, text.split("\n好腊肉")[0] + "\n")
    assert largest.created == 1
    async with db.read() as session:
        assert await session.scalar(select(Product.stock)) == MAX_ID


async def test_a_file_from_a_chinese_excel_is_read_as_gb18030(db):
    text = catalog_csv()
    assert catalog_import.decode(text.encode("gb18030")) == (text, "GB18030")
    assert catalog_import.decode(b"\xef\xbb\xbf" + text.encode()) == (text, "UTF-8")
    async with db.begin() as session:
        result = await catalog_import.import_csv(session, catalog_import.decode(text.encode("gbk"))[0])
    assert result.created == 4
    async with db.read() as session:
        assert "巫溪县蜂农 李大姐" in set(await session.scalars(select(Supplier.name)))


def test_the_command_reads_gb18030_and_refuses_other_encodings_in_one_line(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}"}
    chinese_excel = tmp_path / "商品.csv"
    chinese_excel.write_bytes(catalog_csv().encode("gb18030"))
    result = aixin("import-products", str(chinese_excel), cwd=tmp_path, env=env)
    assert result.stdout.strip() == "imported (read as GB18030): 4 new, 0 updated", result.stderr

    unicode_text = tmp_path / "unicode.csv"
    unicode_text.write_text(catalog_csv(), encoding="utf-16")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        (HEADER + "café,,蜂蜜,城口县,,x,farm,1,瓶,1,否,,,\n").encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
    )
    for path, line, told in (
        (unicode_text, 1, "UTF-16 text"),
        (latin, 2, "neither UTF-8 nor GB18030 (GBK) text"),
    ):
        result = aixin("import-products", str(path), cwd=tmp_path, env=env)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f'{path}:{line}: {told}: save it as "CSV UTF-8"; nothing imported'
        ]

    bounds = tmp_path / "bounds.csv"
    bounds.write_text(
        catalog_csv("好腊肉,,腊肉,城口县,,新户,farm,50,袋,3000000000,否,,,\x00"), encoding="utf-8"
    )
    result = aixin("import-products", str(bounds), cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bounds}:2: description: contains a NUL character",
        f"{bounds}:2: stock: more than {MAX_ID}",
        "nothing imported: 2 problem(s)",
    ]
    missing = aixin("import-products", str(tmp_path / "nowhere.csv"), cwd=tmp_path, env=env)
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        f"aixin: cannot read {tmp_path / 'nowhere.csv'}: No such file or directory",
    )
