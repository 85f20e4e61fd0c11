"""One database, one polling process: a second `aixin run` (or `aixin sandbox`) on a SQLite file,
or a second long poller of one bot token on PostgreSQL, refuses to start and says who holds it;
a holder killed with SIGKILL leaves nothing behind. Each bot is a real `python -m bot` process
against the emulator."""

from __future__ import annotations

import asyncio
import socket

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.telegram.emulator import BotApiEmulator
from tests import test_crash
from tests.bot_process import finish, read_until, start, stop

POLLING = "serving by long polling"
database_url = test_crash.database_url  # a database of its own, by URL, on each backend


@pytest.fixture
async def emulator():
    emulator = BotApiEmulator(bot_username="aixin_test_bot")
    await emulator.start()
    yield emulator
    await emulator.stop()


def bot(emulator: BotApiEmulator, database_url: str, **settings: str) -> dict[str, str]:
    return {
        "telegram_bot_token": emulator.token,
        "telegram_api_base_url": emulator.base_url,
        "database_url": database_url,
        **settings,
    }


def refusal(database_url: str, pid: int) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return (
            f"aixin: another aixin process (pid {pid}) is using the SQLite database {url.database}: "
            "stop it first (one `aixin run` or `aixin sandbox` at a time on a SQLite file)\n"
        )
    return (
        f"aixin: another aixin process (pid {pid} on {socket.gethostname()}) is already long-polling "
        "Telegram for this bot on this database: stop it first (one poller per bot; several workers "
        "take a webhook, WEBHOOK_URL)\n"
    )


async def test_a_second_poller_is_refused_and_a_killed_one_holds_nothing(emulator, database_url):
    settings = bot(emulator, database_url)
    first = await start("run", **settings)
    try:
        await read_until(first, POLLING)
        second = await finish("run", **settings)
        assert (second.returncode, second.stderr) == (2, refusal(database_url, first.pid))
        first.kill()  # SIGKILL: no clean-up of its own; the kernel or PostgreSQL drops the lock
        await first.wait()
        third = await start("run", **settings)
        await read_until(third, POLLING)
        await stop(third)
        assert third.returncode == 0
    finally:
        await stop(first)
    assert emulator.violations == []


async def test_a_second_sandbox_on_aixin_db_is_refused(tmp_path, emulator):
    first = await start("sandbox", cwd=tmp_path)
    try:
        await read_until(first, "爱心购 sandbox")
        second = await finish("sandbox", cwd=tmp_path)
        assert (second.returncode, second.stderr) == (2, refusal("sqlite+aiosqlite:///./aixin.db", first.pid))
        # `aixin run` in the same directory uses the same ./aixin.db by default
        run = await finish("run", cwd=tmp_path, **bot(emulator, "sqlite+aiosqlite:///./aixin.db"))
        assert (run.returncode, run.stderr) == (2, refusal("sqlite+aiosqlite:///./aixin.db", first.pid))
        first.stdin.close()  # the end of input ends the sandbox
        async with asyncio.timeout(30):
            await first.wait()
        assert first.returncode == 0
    finally:
        await stop(first)
    assert (await finish("sandbox", cwd=tmp_path)).returncode == 0  # free again


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_webhook_workers_on_postgresql_are_not_pollers(emulator, database_url, unused_tcp_port_factory):
    """Several webhook workers may serve one bot on PostgreSQL: the lock is the poller's only."""
    workers = []
    try:
        for port in (unused_tcp_port_factory(), unused_tcp_port_factory()):
            url = f"http://127.0.0.1:{port}/telegram"
            settings = bot(emulator, database_url, webhook_url=url, webhook_secret="s3cret", port=str(port))
            workers.append(await start("run", webhook_listen="127.0.0.1", **settings))
            await read_until(workers[-1], "serving webhook")
    finally:
        for worker in workers:
            await stop(worker)
    assert [worker.returncode for worker in workers] == [0, 0]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_poller_that_loses_its_lock_stops(emulator, database_url):
    """The lock lives on the poller's own connection; when that connection dies, so does the lock,
    and the poller stops before another takes over."""
    settings = bot(emulator, database_url)
    first = await start("run", **settings)
    try:
        await read_until(first, POLLING)
        admin = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(admin)
        try:
            holder = f"aixin poller: pid {first.pid} on {socket.gethostname()}"
            backend = await connection.fetchval(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1", holder
            )
            ended = await connection.fetchval("SELECT pg_terminate_backend($1)", backend)
            assert ended is True
        finally:
            await connection.close()
        await read_until(first, "the poller lock went with its PostgreSQL connection: stopped")
        async with asyncio.timeout(30):
            await first.wait()
        assert first.returncode == 1
        second = await start("run", **settings)
        await read_until(second, POLLING)
        await stop(second)
    finally:
        await stop(first)
