"""Operators get sentences, not tracebacks: a setting or a part of the surroundings that keeps a
command from working is one line on stderr, saying what is wrong and what to do, and exit code 2 —
for `aixin run`, `aixin sandbox` and the store commands alike. Each command is a real process."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil

import pytest

from bot.telegram.emulator import BotApiEmulator
from tests.bot_process import finish

CATALOG = "name,category,county,supplier,supplier_kind,price_yuan,unit,stock\n好蜂蜜,蜂蜜,城口县,某农户,farm,12.5,瓶,3\n"
COMMANDS = {
    "run": ("run",),
    "sandbox": ("sandbox",),
    "seed-demo": ("seed-demo",),
    "import-products": ("import-products", "catalog.csv"),
    "grant-role": ("grant-role", "777", "admin"),
    "export": ("export", "volunteer-record", "--from", "2026-11-01", "--to", "2026-11-30"),
    "db upgrade": ("db", "upgrade"),
}
# The commands that write: a read-only database keeps the others (export, db upgrade at the
# current schema) working.
WRITERS = ("run", "sandbox", "seed-demo", "import-products", "grant-role")
EXAMPLES = "sqlite+aiosqlite:///path/to/aixin.db or postgresql+asyncpg://user:password@host/dbname"


async def every_command_says(tmp_path, database_url: str, line: str, *, commands=COMMANDS, prefix=()) -> None:
    """Each of `commands` on `database_url` prints `line` alone on stderr and exits with 2."""
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    settings = {
        "database_url": database_url,
        "telegram_bot_token": "123:token",
        "telegram_api_base_url": "http://127.0.0.1:9/bot",  # never reached: the database is first
    }
    results = await asyncio.gather(
        *(finish(*COMMANDS[name], cwd=tmp_path, prefix=prefix, **settings) for name in commands)
    )
    for name, result in zip(commands, results, strict=True):
        assert (result.returncode, result.stderr) == (2, f"aixin: {line}\n"), f"aixin {name}: {result}"


async def test_a_garbage_database_url(tmp_path):
    await every_command_says(tmp_path, "garbage", f"DATABASE_URL is not a database URL: write {EXAMPLES}")


async def test_a_database_the_store_does_not_run_on(tmp_path):
    await every_command_says(
        tmp_path,
        "mysql+aiomysql://shop@127.0.0.1/aixin",
        f"DATABASE_URL names a mysql database, but the store runs on SQLite or PostgreSQL: write {EXAMPLES}",
    )


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is not None, reason="psycopg is installed here")
async def test_a_driver_that_is_not_installed(tmp_path):
    await every_command_says(
        tmp_path,
        "postgresql+psycopg://postgres@127.0.0.1/aixin",
        "DATABASE_URL names the driver psycopg, which is not installed: pip install psycopg, "
        "or write postgresql+asyncpg://user:password@host/dbname",
    )


async def test_a_driver_without_asyncio(tmp_path):
    await every_command_says(
        tmp_path,
        "sqlite:///aixin.db",
        "DATABASE_URL names the driver pysqlite, which does not work with asyncio: "
        "write sqlite+aiosqlite:///path/to/aixin.db",
        commands=("run", "seed-demo"),
    )


async def test_a_missing_directory_for_the_sqlite_file(tmp_path):
    missing = tmp_path / "missing"
    await every_command_says(
        tmp_path,
        f"sqlite+aiosqlite:///{missing}/aixin.db",
        f"the directory {missing} for the SQLite database does not exist: create it (mkdir -p {missing}) "
        "or set DATABASE_URL to a file in a directory that exists",
    )
    assert not missing.exists()


async def test_a_read_only_database_file(tmp_path, sqlite_template):
    path = tmp_path / "aixin.db"
    shutil.copy(sqlite_template, path)  # migrated, with the reference data
    path.chmod(0o444)
    # root writes a read-only file anyway; without its capabilities it is held to the file's mode
    prefix = ("setpriv", "--inh-caps=-all", "--bounding-set=-all") if os.geteuid() == 0 else ()
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv to drop root's capabilities")
    await every_command_says(
        tmp_path,
        f"sqlite+aiosqlite:///{path}",
        f"the SQLite database {path} is read-only for this user: let it write the file and its directory "
        "(SQLite keeps aixin.db-wal and aixin.db-shm beside it)",
        commands=WRITERS,
        prefix=prefix,
    )


async def test_a_postgresql_server_that_refuses_connections(tmp_path, unused_tcp_port):
    await every_command_says(
        tmp_path,
        f"postgresql+asyncpg://postgres@127.0.0.1:{unused_tcp_port}/aixin",
        f"PostgreSQL at 127.0.0.1:{unused_tcp_port} refuses connections: start it, or correct the host "
        "and port in DATABASE_URL",
    )


async def test_a_bot_api_that_cannot_be_reached_at_start(tmp_path, unused_tcp_port):
    base_url = f"http://127.0.0.1:{unused_tcp_port}/bot"
    result = await finish(
        "run",
        cwd=tmp_path,
        telegram_bot_token="123:token",
        telegram_api_base_url=base_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'aixin.db'}",
    )
    assert (result.returncode, result.stderr) == (
        2,
        f"aixin: cannot reach the Bot API at {base_url} (connection refused): check the network, "
        "or TELEGRAM_API_BASE_URL\n",
    )


async def test_a_token_the_bot_api_refuses(tmp_path):
    async with BotApiEmulator() as emulator:  # answers 401 to any token but its own
        result = await finish(
            "run",
            cwd=tmp_path,
            telegram_bot_token="123:not-the-bots-token",
            telegram_api_base_url=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'aixin.db'}",
        )
    assert (result.returncode, result.stderr) == (
        2,
        "aixin: Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token from @BotFather again\n",
    )


async def test_settings_that_do_not_parse(tmp_path):
    result = await finish("seed-demo", cwd=tmp_path, port="eighty")
    assert (result.returncode, result.stderr) == (
        2,
        "aixin: PORT is not valid (Input should be a valid integer, unable to parse string as an integer): "
        "correct it in the environment or .env\n",
    )
    result = await finish(
        "run",
        cwd=tmp_path,
        telegram_bot_token="123:token",
        webhook_url="https://shop.example/telegram",
        webhook_secret="not allowed",
    )
    assert (result.returncode, result.stderr) == (
        2,
        "aixin: WEBHOOK_SECRET must be set with WEBHOOK_URL, 1-256 letters, digits, _ or -: Telegram "
        "sends it with every update and other requests are refused\n",
    )
