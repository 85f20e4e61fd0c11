"""The one place that knows SQL dialects differ: inserts that skip rows already there."""

from __future__ import annotations

from functools import cache

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_duplicates(
    session: AsyncSession, model, *conflict_columns: str, returning: str | None = None
):
    """`INSERT … ON CONFLICT (columns) DO NOTHING` into `model`'s table for this session's database.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction and then
    does nothing, so the caller can read the winner's row instead of failing (`returning` names a
    column the inserted row hands back). The statement is built once per table and database, so
    callers that pass the row as parameters (`session.execute(statement, row)`) make SQLAlchemy
    walk nothing new.
    """
    return _ignoring(session.bind.dialect.name, model.__table__, conflict_columns, returning)


@cache
def _ignoring(dialect_name: str, table, conflict_columns: tuple[str, ...], returning: str | None):
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
    return statement.returning(table.c[returning]) if returning else statement


async def lock_table(session: AsyncSession, model) -> None:
    """Hold off other writers of `model`'s table until this transaction ends.

    SQLite needs nothing: a write transaction already began with BEGIN IMMEDIATE.
    """
    if session.bind.dialect.name == "postgresql":
        await session.execute(text(f'LOCK TABLE "{model.__tablename__}" IN SHARE ROW EXCLUSIVE MODE'))
