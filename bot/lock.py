"""One process at a time where two would do harm: a SQLite file is used by one `aixin run` or
`aixin sandbox`, and on PostgreSQL one process long-polls a bot token (two pollers make Telegram
answer each with 409 and hand the updates to both, so members get two replies).

Both locks go with their holder: the kernel drops a file lock when its process dies (kill -9
included), and PostgreSQL drops a session-level advisory lock when its connection ends, so a crash
leaves nothing for an operator to remove by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# How often the connection that holds an advisory lock is checked: a connection lost takes the lock
# with it, and its holder must stop before another process takes it.
CHECK_SECONDS = 5.0


class Held(Exception):
    """Another process holds the lock `name` ("sqlite", "poller", …); `holder` is who, if known."""

    def __init__(self, name: str, holder: str | None) -> None:
        super().__init__(name, holder)
        self.name, self.holder = name, holder


@contextlib.contextmanager
def file_lock(path: Path, name: str) -> Iterator[None]:
    """Hold the lock `name` on the file `path` (created if missing, holding our pid) until the
    block ends, or raise Held."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(fd, 32).decode(errors="replace").strip()
            raise Held(name, f"pid {pid}" if pid.isdecimal() else None) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, so no one locks a file just unlinked


def _check_writable(path: Path) -> None:
    """Raise PermissionError now for a database file this process may not write: SQLite opens it
    read-only without a word, and the first member to buy something would find out."""
    if path.exists():
        os.close(os.open(path, os.O_RDWR))


def _key(name: str, scope: str) -> int:
    """A non-negative bigint for (name, scope): a token is hashed, never stored in pg_locks."""
    digest = hashlib.sha256(f"aixin:{name}:{scope}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@contextlib.asynccontextmanager
async def advisory_lock(
    url: str, name: str, *, scope: str = "", check_every: float = CHECK_SECONDS
) -> AsyncIterator[asyncio.Event]:
    """Hold PostgreSQL's session-level advisory lock (`name`, `scope`) until the block ends, or
    raise Held. It lives on a connection of its own, outside the store's pool (a pooled connection
    would carry the lock to whoever uses it next); the event yielded is set if that connection is
    lost, since the lock went with it."""
    engine = create_async_engine(url, poolclass=NullPool)
    key = _key(name, scope)
    try:
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            if not await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}):
                raise Held(name, await _holder(connection, key))
            # pg_stat_activity shows who holds it, for the next process refused and for a DBA.
            who = f"aixin {name}: pid {os.getpid()} on {socket.gethostname()}"
            await connection.execute(text("SELECT set_config('application_name', :who, false)"), {"who": who})
            lost = asyncio.Event()
            watch = asyncio.create_task(_watch(connection, lost, check_every))
            try:
                yield lost
            finally:
                watch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watch
                if not lost.is_set():
                    with contextlib.suppress(Exception):  # closing the connection releases it anyway
                        await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    finally:
        await engine.dispose()


async def _holder(connection: AsyncConnection, key: int) -> str | None:
    name = await connection.scalar(
        text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.classid::bigint * 4294967296 + l.objid::bigint = :key"
        ),
        {"key": key},
    )
    return name.split(": ", 1)[1] if name and ": " in name else None


async def _watch(connection: AsyncConnection, lost: asyncio.Event, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            await connection.execute(text("SELECT 1"))
        except Exception as error:
            log.error("the connection holding the lock is gone (%s)", error)
            lost.set()
            return


@contextlib.asynccontextmanager
async def one_process(database_url: str, *, poll_token: str | None) -> AsyncIterator[asyncio.Event]:
    """What `aixin run` and `aixin sandbox` hold while they work: the SQLite file's lock next to it
    (`aixin.db.lock`), or on PostgreSQL, when long polling `poll_token`, the token's poller lock.
    Webhook workers on PostgreSQL take none: several may serve one bot. The event yielded is set
    when a lock is lost."""
    url = make_url(database_url)
    async with contextlib.AsyncExitStack() as stack:
        lost = asyncio.Event()
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                stack.enter_context(file_lock(Path(f"{url.database}.lock"), "sqlite"))
                _check_writable(Path(url.database))
        elif poll_token:
            lost = await stack.enter_async_context(advisory_lock(database_url, "poller", scope=poll_token))
        yield lost
