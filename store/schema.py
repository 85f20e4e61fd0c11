"""Bringing a database's schema up to date with Alembic, and refusing to run on one left behind."""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from .errors import SchemaBehind

# Alembic is imported only to migrate: a start on a current schema needs none of it (~0.3 s).
_VERSIONS = files("store") / "migrations" / "versions"


def _config(connection: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest migration, as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def newest() -> str:
    """The newest migration by the scripts' names (NNNN_what.py, revision NNNN, each revising the
    one before; a test holds this to `head`), without reading them."""
    return max(p.name[:4] for p in _VERSIONS.iterdir() if p.name[:4].isdigit() and p.name.endswith(".py"))


async def current(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(_stamped)


def _stamped(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every migration up to `revision` (`aixin db upgrade`)."""
    from alembic import command

    async with engine.begin() as connection:
        await connection.run_sync(lambda c: command.upgrade(_config(c), revision))


async def ensure_current(engine: AsyncEngine) -> None:
    """Migrate a new, empty database; raise SchemaBehind for one that holds data and is behind."""
    revision = await current(engine)
    if revision == newest():
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
