"""What an operator is told when a command cannot do its work because of its surroundings: one
sentence each, saying what is wrong and what to do, for settings, the database and the Bot API.
`bot.cli.main` prints it as one line and exits with 2; anything not recognised here stays a
traceback, since it is a bug to report rather than a setting to fix.
"""

from __future__ import annotations

import errno
import re
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from pydantic import ValidationError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, InvalidRequestError, NoSuchModuleError
from telegram.error import InvalidToken, NetworkError, TimedOut

from store.errors import SchemaBehind

from .http_request import PROXY_SCHEMES
from .lock import Held
from .settings import Settings

_ASYNC_DRIVER = {
    "sqlite": "sqlite+aiosqlite:///path/to/aixin.db",
    "postgresql": "postgresql+asyncpg://user:password@host/dbname",
}
_EXAMPLES = " or ".join(_ASYNC_DRIVER.values())
_UNREACHABLE = (errno.EHOSTUNREACH, errno.ENETUNREACH)
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram's setWebhook takes as secret_token


class UnsupportedDatabase(Exception):
    """DATABASE_URL names a database other than SQLite or PostgreSQL."""


def check_database_url(url: str) -> None:
    """Refuse a database the store was never made for, before a driver for it is tried."""
    backend = make_url(url).get_backend_name()
    if backend not in _ASYNC_DRIVER:
        raise UnsupportedDatabase(backend)


def check_settings(settings: Settings, command: str) -> str | None:
    """What is missing or malformed in the settings `command` needs, if anything."""
    if command == "run":
        if not settings.telegram_bot_token:
            return "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in the environment or .env"
        if settings.telegram_proxy_url and urlsplit(settings.telegram_proxy_url).scheme not in PROXY_SCHEMES:
            return (
                f"TELEGRAM_PROXY_URL must start with {', '.join(s + '://' for s in PROXY_SCHEMES)}: "
                "for example socks5://127.0.0.1:1080"
            )
        if settings.webhook_url and not _SECRET.fullmatch(settings.webhook_secret):
            return (
                "WEBHOOK_SECRET must be set with WEBHOOK_URL, 1-256 letters, digits, _ or -: "
                "Telegram sends it with every update and other requests are refused"
            )
    return None


def explain(error: BaseException, settings: Settings | None) -> str | None:
    """The sentence for `error`, or None when it is not the surroundings' fault."""
    for cause in _chain(error):
        if isinstance(cause, ValidationError):
            problem = cause.errors()[0]
            name = str(problem["loc"][0]).upper() if problem["loc"] else "a setting"
            return f"{name} is not valid ({problem['msg']}): correct it in the environment or .env"
        if isinstance(cause, Held):
            return _held(cause, settings)
        if isinstance(cause, SchemaBehind):
            return (
                f"the database at {_shown(settings.database_url)} has schema {cause.args[1]} but this "
                f"release needs {cause.args[2]}; run `aixin db upgrade` first (back it up before)"
            )
        if isinstance(cause, InvalidToken):
            return (
                "Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token from @BotFather again"
            )
        if isinstance(cause, NetworkError):
            return (
                f"cannot reach the Bot API at {settings.telegram_api_base_url} ({_why(cause)}): "
                "check the network, or TELEGRAM_API_BASE_URL"
            )
    if settings is not None:
        return _database(list(_chain(error)), settings.database_url)
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """`error` and what caused it, outermost first (SQLAlchemy keeps the driver's error as .orig)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__


def _held(held: Held, settings: Settings) -> str:
    who = f"another aixin process ({held.holder})" if held.holder else "another aixin process"
    if held.name == "sqlite":
        path = make_url(settings.database_url).database
        return (
            f"{who} is using the SQLite database {path}: stop it first "
            "(one `aixin run` or `aixin sandbox` at a time on a SQLite file)"
        )
    if held.name == "poller":
        return (
            f"{who} is already long-polling Telegram for this bot on this database: stop it first "
            "(one poller per bot; several workers take a webhook, WEBHOOK_URL)"
        )
    return f"{who} holds the {held.name} lock on this database: stop it first"


def _why(error: NetworkError) -> str:
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return "no answer in time"
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "unknown host"
    return str(error)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _database(chain: list[BaseException], url_text: str) -> str | None:
    try:
        url = make_url(url_text)
    except ArgumentError:
        return f"DATABASE_URL is not a database URL: write {_EXAMPLES}"
    backend = url.get_backend_name()
    if any(isinstance(cause, UnsupportedDatabase) for cause in chain):
        return f"DATABASE_URL names a {backend} database, but the store runs on SQLite or PostgreSQL: write {_EXAMPLES}"
    try:
        dialect = url.get_dialect()
    except NoSuchModuleError:
        return f"DATABASE_URL names the driver {url.drivername}, which SQLAlchemy does not know: write {_ASYNC_DRIVER[backend]}"
    if any(isinstance(cause, InvalidRequestError) and "async driver" in str(cause) for cause in chain):
        return f"DATABASE_URL names the driver {dialect.driver}, which does not work with asyncio: write {_ASYNC_DRIVER[backend]}"
    for cause in chain:
        if isinstance(cause, ModuleNotFoundError) and _driver_needs(dialect, cause.name):
            return (
                f"DATABASE_URL names the driver {dialect.driver}, which is not installed: "
                f"pip install {cause.name}, or write {_ASYNC_DRIVER[backend]}"
            )
    if backend == "sqlite":
        return _sqlite(chain, url)
    return _postgresql(chain, url)


def _driver_needs(dialect: type, module: str | None) -> bool:
    try:
        dialect.import_dbapi()
    except ModuleNotFoundError as missing:
        return missing.name == module
    return False


def _sqlite(chain: list[BaseException], url: URL) -> str | None:
    if not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    # SQLite's own error, or one about the file, its -wal or -shm, or its lock (bot/lock.py)
    ours = [
        cause
        for cause in chain
        if isinstance(cause, sqlite3.Error)
        or (isinstance(cause, OSError) and str(cause.filename).startswith(url.database))
    ]
    if not ours:
        return None
    if not path.parent.is_dir():
        return (
            f"the directory {path.parent} for the SQLite database does not exist: create it "
            f"(mkdir -p {path.parent}) or set DATABASE_URL to a file in a directory that exists"
        )
    if any(isinstance(cause, PermissionError) or "readonly" in str(cause) for cause in ours):
        return (
            f"the SQLite database {path} is read-only for this user: let it write the file and its "
            f"directory (SQLite keeps {path.name}-wal and {path.name}-shm beside it)"
        )
    return None


def _postgresql(chain: list[BaseException], url: URL) -> str | None:
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    for cause in chain:
        if isinstance(cause, ConnectionRefusedError):
            return f"PostgreSQL at {where} refuses connections: start it, or correct the host and port in DATABASE_URL"
        if isinstance(cause, socket.gaierror):
            return f"cannot find the PostgreSQL host {url.host}: correct it in DATABASE_URL"
        if isinstance(cause, ConnectionError | TimeoutError) or getattr(cause, "errno", None) in _UNREACHABLE:
            return f"cannot reach PostgreSQL at {where} ({cause}): check the network, or DATABASE_URL"
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return f"PostgreSQL at {where} has no database {url.database}: create it (createdb {url.database}), or correct DATABASE_URL"
        if isinstance(cause, asyncpg.InvalidAuthorizationSpecificationError):
            return f"PostgreSQL at {where} refused the login ({cause}): correct the user or password in DATABASE_URL"
    return None
