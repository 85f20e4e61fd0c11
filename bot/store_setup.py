"""Opening the store for a command: schema up to date (or a clear refusal), reference data in."""

from __future__ import annotations

from store import reference, schema
from store.db import Database


async def open_store(database_url: str) -> Database:
    """A Database whose schema is current; raises SchemaBehind for data under an old schema."""
    db = Database.from_url(database_url)
    try:
        await schema.ensure_current(db.engine)
        async with db.begin() as session:
            await reference.ensure(session)
    except BaseException:
        await db.dispose()
        raise
    return db
