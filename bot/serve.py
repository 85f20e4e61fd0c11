"""`aixin run`: serve real Telegram by long polling, or by webhook when WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application

from .app import AixinApplication, announce, build_application
from .clock import apply_left_behind, start_clock, start_sender
from .lock import one_process
from .settings import Settings
from .store_setup import open_store
from .web import start_web, telegram_route, web_app

log = logging.getLogger(__name__)


# After each batch of updates, wait this long before asking for the next: updates arriving
# meanwhile come in one getUpdates instead of one each (with 200 members buying at once most
# batches held a single update, and every getUpdates costs as much CPU as a reply); an update
# waits at most this long for it.
POLL_INTERVAL = 0.02


async def serve(settings: Settings) -> int:
    """Run until SIGINT or SIGTERM. Pending updates are never dropped.

    One process at a time on a SQLite file, and one long-polling process per bot token on
    PostgreSQL (bot/lock.py); a second one is refused (lock.Held) before it touches the store."""
    poll_token = None if settings.webhook_url else settings.telegram_bot_token
    async with one_process(settings.database_url, poll_token=poll_token) as lock_lost:
        db = await open_store(settings.database_url)
        try:
            application = build_application(settings, db)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop.set)
            async with running(application, settings):
                settle_garbage_collector()
                await _first(stop, lock_lost)
        finally:
            await db.dispose()
    if lock_lost.is_set():
        # Another process may poll now; carrying on would answer its members twice.
        log.error("the poller lock went with its PostgreSQL connection: stopped; start aixin again")
        return 1
    return 0


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


def settle_garbage_collector() -> None:
    """Once started: what exists now lives as long as the process, so the collector stops walking
    it, and the youngest generation is collected every 20,000 allocations instead of 700 (the older
    two as often, relative to it, as Python's defaults). Every
    update makes thousands of short-lived objects (Telegram objects, rows, statements); with the
    defaults the collector ran many times per update (bench.orders: about a tenth less CPU per
    paid order, and the first of 200 taps at once answered sooner)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


@asynccontextmanager
async def running(
    application: Application, settings: Settings, *, poll_timeout: int = 10
) -> AsyncIterator[None]:
    """The whole bot at work: payments a crash left behind applied, the clock, the broadcast
    sender and the updates; all stopped again, in reverse, when the block ends."""
    async with application:
        await application.start()
        await apply_left_behind(application)
        clock = start_clock(application, settings)
        await start_updates(application, settings, poll_timeout=poll_timeout)
        sender_stop = asyncio.Event()
        sender = start_sender(
            application, settings, sender_stop
        )  # after start_updates: it knows the bot's name
        try:
            yield
        finally:
            sender_stop.set()
            await sender
            await clock.stop()  # a job under way (a reminder being sent) finishes first
            await stop_updates(application)
            await application.stop()


async def start_updates(application: AixinApplication, settings: Settings, *, poll_timeout: int = 10) -> None:
    """Announce the bot, then receive updates: a webhook when WEBHOOK_URL is set, else long polling."""
    await announce(application)
    if settings.webhook_url:
        route = telegram_route(
            application, path=urlparse(settings.webhook_url).path, secret=settings.webhook_secret
        )
        # Listening before Telegram is told where to post.
        application.web = await start_web(web_app([route]), settings.webhook_listen, settings.port)
        await application.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
        log.info("serving webhook %s on %s:%s", settings.webhook_url, settings.webhook_listen, settings.port)
    else:
        await application.updater.start_polling(
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
            timeout=poll_timeout,
            poll_interval=POLL_INTERVAL,
        )
        log.info("serving by long polling as @%s", application.bot_data.bot_username)


async def stop_updates(application: AixinApplication) -> None:
    """Stop receiving updates, however they came."""
    if application.updater.running:
        await application.updater.stop()
    if application.web is not None:
        await application.web.cleanup()
        application.web = None
