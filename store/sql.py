"""The one place that knows SQL dialects differ: inserts that skip rows already there."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_duplicates(session: AsyncSession, model, *conflict_columns: str):
    """`INSERT … ON CONFLICT (columns) DO NOTHING` for this session's database.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction and then
    does nothing, so the caller can read the winner's row instead of failing.
    """
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing(index_elements=list(conflict_columns))


async def lock_table(session: AsyncSession, model) -> None:
    """Hold off other writers of `model`'s table until this transaction ends.

    SQLite needs nothing: a write transaction already began with BEGIN IMMEDIATE.
    """
    if session.bind.dialect.name == "postgresql":
        await session.execute(text(f'LOCK TABLE "{model.__tablename__}" IN SHARE ROW EXCLUSIVE MODE'))
