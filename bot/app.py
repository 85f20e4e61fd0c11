"""Composition: build the python-telegram-bot Application over the store and the locales."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiohttp import web
from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

import handlers
from bot.telegram import router
from bot.telegram.context import BotData, Context
from handlers.policy import Policy
from jobs.pacing import ChatClock
from locales import LOCALES, Translator
from store.db import Database

from .client import AixinBot
from .http_request import bot_api_request
from .inbox import InboxQueue
from .lanes import Lanes
from .limiter import ChatRateLimiter
from .notice_sender import NoticeSender
from .settings import Settings

log = logging.getLogger(__name__)


class AixinApplication(Application):
    """An Application that can tell when an update has been fully handled.

    The sandbox and the tests set `track_processed` and wait on it instead of sleeping.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.track_processed = False
        self.chats = ChatClock()  # when each chat may get its next message
        self.processed: set[int] = set()
        self.web: web.AppRunner | None = None  # the webhook's server while it runs (bot.serve)
        self._processed_changed = asyncio.Condition()

    async def start(self) -> None:
        """Start handling updates, and the notice sender beside them: the notices a handler's
        transaction writes go out as soon as it commits."""
        await super().start()
        db = self.bot_data.db
        db.notices_written = self.notice_sender.written
        self._notices_stop = asyncio.Event()
        self.notices = asyncio.create_task(self.notice_sender.run(self._notices_stop), name="notice-sender")

    async def stop(self) -> None:
        await super().stop()
        self._notices_stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self.notices
        if self.bot_data.db.notices_written == self.notice_sender.written:
            self.bot_data.db.notices_written = None

    async def notices_settled(self) -> None:
        """Until every notice written so far has been sent (tests and the sandbox wait on it)."""
        if not self.notices.done():
            await self.notice_sender.settled()

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            if self.track_processed and isinstance(update, Update):
                async with self._processed_changed:
                    self.processed.add(update.update_id)
                    self._processed_changed.notify_all()

    async def wait_processed(self, update_id: int) -> None:
        """Until the update has been handled and the notices it wrote have been sent."""
        async with self._processed_changed:
            await self._processed_changed.wait_for(lambda: update_id in self.processed)
        await self.notices_settled()


def build_application(settings: Settings, db: Database) -> AixinApplication:
    """The bot for `settings`, over `db`, with every handler registered.

    Updates are handled concurrently, taps ahead of the rest (`Lanes`); the store keeps each
    update's effect exact (one transaction, idempotency keys).
    """
    chats = ChatClock()  # shared with the broadcast sender (bot.clock.start_sender)
    inbox = InboxQueue(db, chats)
    bot = AixinBot(
        settings.telegram_bot_token,
        inbox=inbox,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_base_url.removesuffix("/bot") + "/file/bot",
        request=bot_api_request(settings.telegram_proxy_url, connections=256),
        get_updates_request=bot_api_request(settings.telegram_proxy_url, connections=1),
        rate_limiter=ChatRateLimiter(chats, max_retries=3) if settings.telegram_rate_limit else None,
    )
    application = (
        ApplicationBuilder()
        .application_class(AixinApplication)
        .bot(bot)
        .context_types(ContextTypes(context=Context, bot_data=BotData))
        .concurrent_updates(Lanes())
        .update_queue(inbox)
        .build()
    )
    application.chats = chats
    application.bot_data.db = db
    application.bot_data.translator = Translator(settings.default_locale)
    application.bot_data.policy = Policy(
        payment_provider_token=settings.payment_provider_token,
        order_payment_minutes=settings.order_payment_minutes,
        offline_confirm_days=settings.offline_confirm_days,
        points_per_yuan=settings.points_per_yuan,
        points_per_event=settings.points_per_event,
        timezone=settings.timezone,
        quiet_hours=settings.quiet_range,
        points_per_review=settings.points_per_review,
        review_points_daily_cap=settings.review_points_daily_cap,
        points_per_listed_nomination=settings.points_per_listed_nomination,
        support_contact=settings.support_contact,
        media_dir=str(settings.media_path),
    )
    application.notice_sender = NoticeSender(
        application, timezone=settings.timezone, lease=timedelta(seconds=settings.broadcast_lease_seconds)
    )
    router.register(application)
    return application


async def announce(application: Application) -> None:
    """Learn the bot's username (for share links) and register the command menu in zh and en.

    Called by `start_updates`: PTB runs `post_init` only inside run_polling/run_webhook, which we
    do not use, since the sandbox and the tests drive the Application themselves.
    """
    me = await application.bot.get_me()
    application.bot_data.bot_username = me.username
    translator: Translator = application.bot_data.translator
    for locale in LOCALES:
        commands = [BotCommand(c, translator.t(locale, f"command-{c}")) for c in handlers.COMMANDS]
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=locale[:2]
        )
    default = [BotCommand(c, translator.t(None, f"command-{c}")) for c in handlers.COMMANDS]
    await application.bot.set_my_commands(default)
