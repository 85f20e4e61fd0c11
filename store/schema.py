"""Bringing a database's schema up to date with Alembic, and refusing to run on one left behind."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from .errors import SchemaBehind


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


async def current(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every migration up to `revision` (`aixin db upgrade`)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda c: command.upgrade(_config(c), revision))


async def ensure_current(engine: AsyncEngine) -> None:
    """Migrate a new, empty database; raise SchemaBehind for one that holds data and is behind."""
    revision = await current(engine)
    if revision == head():
        return
    async with engine.connect() as connection:
        has_data = await connection.run_sync(_has_data)
    if revision is not None and has_data:
        raise SchemaBehind(revision, head())
    await upgrade(engine)


def _has_data(connection: Connection) -> bool:
    for table in ("member", "product"):
        if (
            inspect(connection).has_table(table)
            and connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first()
        ):
            return True
    return False
