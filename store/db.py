"""Engine and sessions for SQLite (embedded default) and PostgreSQL, with the same code.

SQLite gets WAL, foreign keys, statements run on the event loop's thread (`sqlite_inline`), and every write transaction starts with
`BEGIN IMMEDIATE`: with the driver's default deferred BEGIN, a read-then-write transaction
takes the write lock late, so two of them can both read a balance and both spend it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from . import notices, sqlite_inline
from .errors import InvalidInput

_READ_ONLY = "aixin_read_only"


def create_engine(url: str, *, schema: str | None = None, pool_size: int = 16) -> AsyncEngine:
    """An engine for `url`; `schema` puts a PostgreSQL connection's search_path there (tests)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # Connections are cheap here (no thread each: see sqlite_inline), and every concurrent
        # update holds one while it reads.
        engine = create_async_engine(
            url,
            async_creator=sqlite_inline.connector(parsed.database or ":memory:"),
            pool_size=pool_size,
            max_overflow=4 * pool_size,
        )
        _configure_sqlite(engine)
    else:
        connect_args = {"server_settings": {"search_path": schema}} if schema else {}
        engine = create_async_engine(
            url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False, connect_args=connect_args
        )
    event.listen(engine.sync_engine, "before_cursor_execute", _refuse_nul)
    return engine


def _refuse_nul(_connection, _cursor, _statement, parameters, _context, _executemany) -> None:
    """No text with a NUL in it reaches either database, whichever path it came by: PostgreSQL
    refuses it with a driver error deep inside a flow, SQLite would keep it, and nobody means one.
    InvalidInput instead, on both, so the flow that let it through answers kindly; the doors
    clean what members type before this (handlers.format.clean_text)."""
    if parameters and _has_nul(parameters):
        raise InvalidInput("text")


def _has_nul(values: dict | list | tuple) -> bool:
    """Whether a statement's parameters hold a NUL: one row or many, named or positional."""
    for value in values.values() if isinstance(values, dict) else values:
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict | list | tuple) and _has_nul(value):
            return True
    return False


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control away from the driver so that our BEGIN is the one that runs.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection) -> None:
        if connection.get_execution_options().get(_READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The store's unit of work: `begin()` for a write transaction, `read()` for a read-only one.

    Callers own the transaction (`async with db.begin() as session:`); store functions never commit.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # Called with the ids of the notices a transaction wrote, once it has committed: the process's
        # notice sender (bot/), which sends them at once. None: they wait for a sender's sweep.
        self.notices_written: Callable[[list[int]], None] | None = None
        self.dialect = engine.dialect.name
        # SQLite has one writer at a time. Queueing this process's writers here is fairer and far
        # quicker than letting them poll the file lock in SQLite's busy handler.
        self._sqlite_writer = asyncio.Lock() if self.dialect == "sqlite" else None
        self._writer = async_sessionmaker(engine, expire_on_commit=False)
        self._reader = async_sessionmaker(
            engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, **kwargs) -> Database:
        return cls(create_engine(url, **kwargs))

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:
        """A write transaction, committed when the block exits cleanly."""
        if self._sqlite_writer is None:
            async with self._writer.begin() as session:
                session.info[notices.SENDS] = self.notices_written is not None
                yield session
        else:
            async with self._sqlite_writer, self._writer.begin() as session:
                session.info[notices.SENDS] = self.notices_written is not None
                yield session
        if written := session.info.get(notices.WRITTEN):
            self.notices_written(written)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read transaction: plain BEGIN, so it never waits for SQLite's write lock."""
        async with self._reader() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
