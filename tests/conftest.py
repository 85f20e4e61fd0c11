"""Fixtures: a real store on a file SQLite per test, and on PostgreSQL when TEST_POSTGRES_URL is set.

PostgreSQL tests each get a schema of their own (search_path), dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from store import reference, schema
from store.db import Database, create_engine

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config, items):
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="TEST_POSTGRES_URL is not set")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite database with reference data, copied for each test."""
    import asyncio

    path = tmp_path_factory.mktemp("template") / "aixin.db"

    async def build() -> None:
        db = Database(create_engine(f"sqlite+aiosqlite:///{path}"))
        await schema.upgrade(db.engine)
        async with db.begin() as session:
            await reference.ensure(session)
        await db.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(params=BACKENDS)
async def db(request, tmp_path, sqlite_template):
    """A Database on a fresh, migrated store with the reference data."""
    if request.param == "sqlite":
        path = tmp_path / "aixin.db"
        shutil.copy(sqlite_template, path)
        database = Database(create_engine(f"sqlite+aiosqlite:///{path}"))
        yield database
        await database.dispose()
        return
    async with postgres_schema() as (url, name):
        database = Database(create_engine(url, schema=name))
        await schema.upgrade(database.engine)
        async with database.begin() as session:
            await reference.ensure(session)
        yield database
        await database.dispose()


class postgres_schema:
    """A PostgreSQL schema of its own for one test, dropped at the end."""

    def __init__(self) -> None:
        self.name = f"t_{uuid.uuid4().hex[:12]}"
        raw = make_url(POSTGRES_URL).set(drivername="postgresql")
        self.dsn = raw.render_as_string(hide_password=False)

    async def __aenter__(self) -> tuple[str, str]:
        connection = await asyncpg.connect(self.dsn)
        try:
            await connection.execute(f'CREATE SCHEMA "{self.name}"')
        finally:
            await connection.close()
        return POSTGRES_URL, self.name

    async def __aexit__(self, *exc) -> None:
        connection = await asyncpg.connect(self.dsn)
        try:
            await connection.execute(f'DROP SCHEMA "{self.name}" CASCADE')
        finally:
            await connection.close()


@pytest.fixture
async def demo_db(db):
    """The store with the demo catalog loaded."""
    from store import demo

    async with db.begin() as session:
        await demo.seed(session)
    return db


@pytest.fixture
def bot_settings() -> dict:
    """Settings for the bot under test; a test module overrides this fixture to change them."""
    return {}


@pytest.fixture
async def tg(demo_db, bot_settings):
    """The real Application on the demo catalog, talking HTTP to the Bot API emulator."""
    from tests.chat import start_chat

    chat = await start_chat(demo_db, **bot_settings)
    try:
        yield chat
    finally:
        await chat.stop()
    assert chat.emulator.violations == [], "the bot made calls the Bot API would refuse"
