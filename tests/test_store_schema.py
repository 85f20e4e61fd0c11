"""Migrations: a new database is brought up to date; one with data that is behind is refused."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text, update

from bot.store_setup import open_store
from store import schema, search
from store.db import Database
from store.errors import SchemaBehind
from store.models import Base, County, Product
from tests.catalog_fixture import load


async def test_migrations_build_exactly_the_models(db):
    """Exactly the models, and besides them the search index that no model can declare."""
    opts = {"compare_type": True, "include_object": search.index_filter}
    async with db.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda c: compare_metadata(MigrationContext.configure(c, opts=opts), Base.metadata)
        )
        left_out = await connection.run_sync(
            lambda c: (
                [
                    name
                    for name in inspect(c).get_table_names()
                    if not search.index_filter(None, name, "table", True, None)
                ]
                + [
                    index["name"]
                    for index in inspect(c).get_indexes("product")
                    if not search.index_filter(None, index["name"], "index", True, None)
                ]
            )
        )
    assert diff == []
    assert await schema.current(db.engine) == schema.head()
    if db.dialect == "sqlite":
        assert {"product_search", "product_search_data", "product_search_idx"} <= set(left_out)
    else:
        assert left_out == ["ix_product_search"]


async def test_new_database_is_brought_up_to_date_with_reference_data(tmp_path):
    db = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    try:
        async with db.read() as session:
            assert len(list(await session.scalars(select(County)))) == 18
        assert await schema.current(db.engine) == schema.head()
    finally:
        await db.dispose()


async def test_database_with_data_behind_is_refused(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    db = await open_store(url)
    async with db.begin() as session:
        session.add(County(name="测试县", name_en="Test"))
    async with db.engine.begin() as connection:
        # Pretend an older release wrote this database.
        await connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
        await connection.execute(
            text(
                "INSERT INTO member (display_name, subscribed, last_search, joined_at) VALUES ('x', 1, '', '2026-01-01')"
            )
        )
    await db.dispose()
    with pytest.raises(SchemaBehind):
        await open_store(url)


async def test_write_transactions_take_the_lock_before_reading(tmp_path):
    """Read-then-write under BEGIN IMMEDIATE: 50 buyers of 10 units sell exactly 10 (SQLite).

    The buyers use five Database objects on one file, as five processes would, so the in-process
    writer queue of each cannot be what keeps them apart: only SQLite's lock can.
    """
    url = f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}"
    db = await open_store(url)
    others = [Database.from_url(url) for _ in range(4)]
    async with db.begin() as session:
        await load(session)
        product_id = await session.scalar(select(Product.id).where(Product.name == "城口老腊肉"))
        await session.execute(update(Product).where(Product.id == product_id).values(stock=10))

    async def buy(database: Database) -> bool:
        async with database.begin() as session:
            product = await session.get(Product, product_id)
            await asyncio.sleep(0)  # let the others read too, as a slow handler would
            if product.stock < 1:
                return False
            product.stock -= 1
            return True

    sold = await asyncio.gather(*(buy([db, *others][i % 5]) for i in range(50)))
    async with db.read() as session:
        assert (await session.get(Product, product_id)).stock == 0
    assert sum(sold) == 10
    for database in (db, *others):
        await database.dispose()


def test_the_newest_migration_by_name_is_alembics_head():
    """A start reads the head from the scripts' names, without Alembic: a script named out of
    turn, or revising another than the one before, would make every start migrate or refuse."""
    assert schema.newest() == schema.head()
