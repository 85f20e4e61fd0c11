"""APScheduler as the clock only: what is due lives in the store's tables.

`misfire_grace_time=None` runs a job that came due while the process was busy or down, instead of
APScheduler 3's default of dropping it after one second; `coalesce` runs it once, not once per miss.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.telegram.context import Context
from bot.telegram.ordering import apply_payment
from handlers.events import remind
from handlers.fairs import tell_summary
from handlers.my_orders import tell_expired
from handlers.purchase import remind_offline
from handlers.review_dialog import invite_to_review
from jobs import events as event_jobs
from jobs import fairs as fair_jobs
from jobs import orders as order_jobs
from jobs import ranking as ranking_jobs
from jobs.broadcast import Sender, sends_in_flight
from jobs.pacing import Pacer
from store import payments

from .app import AixinApplication
from .outbox import BotApiSend, progress_editor
from .settings import Settings

log = logging.getLogger(__name__)


def start_sender(application: AixinApplication, settings: Settings, stop: asyncio.Event) -> asyncio.Task:
    """The broadcast sender, beside the bot: its own door to the Bot API without PTB's limiter (the
    Pacer spaces bulk sends at BROADCAST_RATE), so members' replies are not queued behind a
    broadcast; the two share the application's ChatClock, so neither sends into a chat the other
    just sent to."""
    db, translator = application.bot_data.db, application.bot_data.translator
    workers = sends_in_flight(settings.broadcast_rate)
    send = BotApiSend(
        settings.telegram_api_base_url,
        settings.telegram_bot_token,
        translator,
        application.bot_data.bot_username,
        connections=workers,  # one per send in flight
        proxy=settings.telegram_proxy_url,
    )
    sender = Sender(
        db,
        send,
        Pacer(settings.broadcast_rate, chats=application.chats),
        timezone=settings.timezone,
        quiet_hours=settings.quiet_range,
        workers=workers,
        lease=timedelta(seconds=settings.broadcast_lease_seconds),
        on_progress=progress_editor(application.bot, db, translator),  # the organiser's chat: a reply
    )

    async def run() -> None:
        async with send:
            await sender.run(stop)

    return asyncio.create_task(run(), name="broadcast-sender")


STOP_SECONDS = 10.0  # a job still under way after this is cancelled where it is


class Clock(AsyncIOScheduler):
    """The scheduler, knowing which of its jobs are under way: `stop()` lets them finish.

    APScheduler's own shutdown cancels a coroutine job where it is — in the middle of sending a
    reminder, say — and logs that as the job failing, with a traceback; what it had not committed
    is done again at the next start anyway."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.under_way: set[asyncio.Task] = set()

    def add_job(self, func, *args, **kwargs):
        @functools.wraps(func)
        async def tracked(*job_args, **job_kwargs):
            task = asyncio.current_task()
            self.under_way.add(task)
            try:
                return await func(*job_args, **job_kwargs)
            finally:
                self.under_way.discard(task)

        return super().add_job(tracked, *args, **kwargs)

    async def stop(self) -> None:
        """No job starts any more; those under way finish (for at most STOP_SECONDS)."""
        self.pause()
        if self.under_way:
            await asyncio.wait(set(self.under_way), timeout=STOP_SECONDS)
        self.shutdown(wait=False)


def start_clock(application: AixinApplication, settings: Settings) -> Clock:
    db = application.bot_data.db
    scheduler = Clock(
        timezone="UTC", job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
    )
    scheduler.add_job(
        order_jobs.expire_unpaid,
        "interval",
        seconds=60,
        args=[db],
        kwargs={"tell": tell_expired},
        id="expire-unpaid",
    )
    scheduler.add_job(
        order_jobs.remind_offline,
        "interval",
        minutes=10,
        args=[db],
        kwargs={"tell": remind_offline},
        id="offline-reminders",
    )
    scheduler.add_job(
        order_jobs.receive_shipped,
        "interval",
        minutes=30,
        args=[db],
        kwargs={
            "days": settings.auto_receive_days,
            "invite": invite_to_review,
        },
    )
    scheduler.add_job(apply_left_behind, "interval", minutes=5, args=[application], id="payments-left-behind")
    scheduler.add_job(ranking_jobs.refresh, "interval", minutes=15, args=[db], id="ranking-refresh")
    scheduler.add_job(
        event_jobs.send_reminders, "interval", seconds=60, args=[db, remind], id="event-reminders"
    )
    scheduler.add_job(fair_jobs.run_fairs, "interval", seconds=30, args=[db, tell_summary], id="fairs")
    scheduler.start()
    return scheduler


async def apply_left_behind(application: AixinApplication) -> int:
    """Apply payments recorded in the inbox whose handler never committed (a crash, a restart)."""
    async with application.bot_data.db.read() as session:
        charges = await payments.pending_charges(session)
    context = Context(application)
    for charge_id in charges:
        applied = await apply_payment(context, charge_id)
        log.warning("applied payment %s left behind: %s", charge_id, applied.entry.status)
    return len(charges)
