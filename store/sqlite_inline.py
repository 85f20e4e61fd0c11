"""SQLite on the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs every connection on a thread of its own, so each statement hands the GIL to that
thread and back; under load that hand-off was a quarter of the bot's main thread (bench/README.md).
Our statements take microseconds (WAL with synchronous=NORMAL: a commit does not fsync, only the
automatic checkpoint every 1,000 pages does), so running them inline is cheaper than the trip.
Waiting for another process's write lock must not stall the loop, so SQLite's busy timeout is 0
and a busy statement is retried after an `asyncio.sleep`. Reports and exports over big tables do
hold the loop while they run; they are rare, and a thread would hold the GIL for most of it anyway.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from typing import Any

_FIRST_WAIT = 0.001
_LONGEST_WAIT = 0.05


def connector(database: str, *, timeout: float = 30.0) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: a new inline connection to `database`."""

    async def connect() -> Connection:
        raw = sqlite3.connect(database, timeout=0, isolation_level=None, check_same_thread=False)
        return Connection(raw, timeout)

    return connect


class Connection:
    """The part of aiosqlite's Connection that SQLAlchemy's adapter uses, run inline."""

    def __init__(self, raw: sqlite3.Connection, timeout: float) -> None:
        self._conn = raw
        self._connection = raw  # the adapter checks this to know the connection is open
        self._tx = _Inline()  # the adapter's isolation_level setter queues work here
        self._timeout = timeout

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def commit(self) -> None:
        await self.retrying(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
        self._connection = None

    def stop(self) -> None:
        self._conn.close()
        self._connection = None

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def retrying(self, call: Callable[..., Any], *args: Any) -> Any:
        """`call(*args)`, again and again while another connection holds the lock it needs.

        Safe to repeat: a busy BEGIN IMMEDIATE or COMMIT changes nothing, and writes only ever run
        inside BEGIN IMMEDIATE, which already holds the lock.
        """
        deadline = time.monotonic() + self._timeout
        wait = _FIRST_WAIT
        while True:
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _retryable(error) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(wait)
            wait = min(wait * 2, _LONGEST_WAIT)


def _retryable(error: sqlite3.OperationalError) -> bool:
    """Busy, in any of its extended forms but one: a stale snapshot stays stale however long we wait."""
    code = error.sqlite_errorcode
    return code & 0xFF == sqlite3.SQLITE_BUSY and code != sqlite3.SQLITE_BUSY_SNAPSHOT


class Cursor:
    """aiosqlite's Cursor, inline; also its own `async with` result, as `connection.cursor()` is."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cursor = connection._conn.cursor()

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        await self._connection.retrying(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters: Any) -> Cursor:
        await self._connection.retrying(self._cursor.executemany, sql, seq_of_parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size or self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _Inline:
    """Stands in for aiosqlite's queue to its thread: runs the work at once."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to whoever awaits the future, as aiosqlite does
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)
