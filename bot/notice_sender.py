"""The notice outbox's sender for Telegram: sends the notices a transaction wrote as soon as it
commits, and sweeps the outbox for any left behind (a crash between a commit and its send, a retry
coming due, a notice written by another process). Each member's notices go in the order written.

Sends go through the application's own Bot, so replies and notices share its rate limiter and the
ChatClock: a chat never gets two messages within a second.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.telegram import callbacks
from bot.telegram.context import answers_unread
from handlers.notify import compose
from store import notices
from store.errors import NotFound
from store.notices import Outgoing, Result

log = logging.getLogger(__name__)

# The crash test holds the sender here — after the commit that wrote the notices, before any is
# sent — and kills the process (tests/test_crash_notices.py).
PAUSE_BEFORE_SENDING = os.environ.get("AIXIN_PAUSE_BEFORE_SENDING_NOTICES") == "1"


class NoticeSender:
    def __init__(
        self,
        application,
        *,
        timezone: str,
        lease: timedelta = notices.LEASE,
        sweep_every: float = 2.0,
        quiet=lambda: False,
    ) -> None:
        self.application = application
        self.db = application.bot_data.db
        self.translator = application.bot_data.translator
        self.timezone, self.lease, self.sweep_every, self.quiet = timezone, lease, sweep_every, quiet
        self._written: list[int] = []
        self._wake, self._idle = asyncio.Event(), asyncio.Event()
        self.sent = 0

    def written(self, notice_ids: list[int]) -> None:
        """Called by the Database once a transaction that wrote notices has committed."""
        self._written.extend(notice_ids)
        self._idle.clear()
        self._wake.set()

    async def settled(self) -> None:
        """Until nothing written is left unsent (what waits for a retry later does not count)."""
        await self._idle.wait()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, and then what was written until then."""
        # SQLite has one process per file (`aixin run` refuses a second), so what a crash left
        # claimed is this process's own: it goes at once instead of after the lease.
        lease = timedelta(0) if self.db.dialect == "sqlite" else self.lease
        while not (stop.is_set() and not self._written):
            self._wake.clear()
            ids, self._written = self._written, []
            if not stop.is_set():
                ids += await self._claim(lease)
                lease = self.lease
            if ids:
                try:
                    await self._send(ids)
                except Exception:  # their claims run out, and they are sent again then
                    log.exception("could not send notices %s", ids)
                continue
            if not self._written:
                self._idle.set()
            await _either(self._wake, stop, seconds=self.sweep_every)

    async def _claim(self, lease: timedelta) -> list[int]:
        now, quiet = datetime.now(UTC), self.quiet()
        try:
            async with self.db.read() as session:
                if not await notices.any_due(session, now=now, lease=lease, quiet=quiet):
                    return []
            async with self.db.begin() as session:
                return await notices.claim(session, now=now, lease=lease, quiet=quiet)
        except Exception:  # the database may be restarting: the next sweep tries again
            log.exception("could not sweep the notice outbox")
            return []

    async def _send(self, notice_ids: Sequence[int]) -> None:
        if PAUSE_BEFORE_SENDING:
            print(f"paused before sending notices {sorted(notice_ids)}", flush=True)
            await asyncio.Event().wait()
        by_member: dict[int, list[tuple[Outgoing, object]]] = defaultdict(list)
        loaded: dict = {}
        async with self.db.read() as session:
            for outgoing in await notices.load(session, notice_ids=notice_ids):
                try:
                    composed = await compose(session, self.translator, self.timezone, outgoing, loaded=loaded)
                except NotFound as gone:  # what it was about is gone: nothing to say
                    composed = gone
                by_member[outgoing.notice.member_id].append((outgoing, composed))
        results = await asyncio.gather(*(self._send_in_turn(queue) for queue in by_member.values()))
        async with self.db.begin() as session:
            await notices.record(session, results=[r for rs in results for r in rs], now=datetime.now(UTC))

    async def _send_in_turn(self, queue: list[tuple[Outgoing, object]]) -> list[Result]:
        return [await self._send_one(outgoing, composed) for outgoing, composed in queue]

    async def _send_one(self, outgoing: Outgoing, composed) -> Result:
        notice_id = outgoing.notice.id
        if isinstance(composed, NotFound):
            return Result(notice_id, "failed", error=f"gone: {composed.args}")
        if outgoing.chat_id is None:
            return Result(notice_id, "failed", error="no Telegram account")
        rows = [
            [
                InlineKeyboardButton(label, callback_data=callbacks.make(intent, *args))
                for label, intent, args in row
            ]
            for row in composed.rows
        ]
        try:
            with answers_unread():
                sent = await self.application.bot.send_message(
                    outgoing.chat_id,
                    composed.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=InlineKeyboardMarkup(rows) if rows else None,
                    disable_web_page_preview=True,
                )
        except Forbidden as error:
            log.info("member %s has blocked the bot", outgoing.notice.member_id)
            return Result(notice_id, "blocked", error=str(error))
        except RetryAfter as error:
            retry_after = error.retry_after
            seconds = (
                retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)
            )
            return Result(notice_id, "retry", retry_after=seconds, error="429")
        except BadRequest as error:
            log.warning("notice %s (%s) refused: %s", notice_id, outgoing.notice.key, error)
            return Result(notice_id, "failed", error=str(error))
        except TelegramError as error:
            return Result(notice_id, "retry", error=f"{type(error).__name__}: {error}")
        self.sent += 1
        message_id = getattr(sent, "message_id", None)
        return Result(notice_id, "sent", message_id=message_id)


async def _either(first: asyncio.Event, second: asyncio.Event, *, seconds: float) -> None:
    """Until either event is set, or `seconds` have passed."""
    waiters = [asyncio.ensure_future(first.wait()), asyncio.ensure_future(second.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
