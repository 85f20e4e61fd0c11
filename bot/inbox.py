"""Payments are written to the store's inbox before Telegram learns that we have them.

python-telegram-bot confirms an update to Telegram (the next getUpdates offset, or the webhook's
200) right after putting it on the update queue, before any handler has committed. A crash in
between would lose the payment. So a successful payment is recorded in the store first: a batch
fetched by long polling in one transaction as it arrives (`AixinBot.get_updates`), an update that
came by webhook as it is put on this queue. The handler applies it, and `apply_left_behind`
applies what a crash left at the next start. The queue also tells the ChatClock that a member is
using a chat, before any handler runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from telegram import Update

from jobs.pacing import ChatClock
from store import payments
from store.db import Database

log = logging.getLogger(__name__)


def _paid(item: object) -> bool:
    return (
        isinstance(item, Update) and item.message is not None and item.message.successful_payment is not None
    )


class InboxQueue(asyncio.Queue):
    def __init__(self, db: Database, chats: ChatClock | None = None) -> None:
        super().__init__()
        self.db, self.chats = db, chats
        self._recorded: set[int] = set()  # update ids recorded as their batch arrived

    async def record(self, updates: Sequence[object]) -> None:
        """Record the successful payments among `updates` in one transaction."""
        paid = [update for update in updates if _paid(update) and update.update_id not in self._recorded]
        if not paid:
            return
        reported = [
            payments.Reported(
                charge_id=payment.telegram_payment_charge_id,
                provider_charge_id=payment.provider_payment_charge_id,
                telegram_user_id=update.message.from_user.id,
                payload=payment.invoice_payload,
                total_amount=payment.total_amount,
                currency=payment.currency,
            )
            for update in paid
            for payment in (update.message.successful_payment,)
        ]
        async with self.db.begin() as session:
            await payments.record(session, reported, now=datetime.now(UTC))
        for update in paid:
            self._recorded.add(update.update_id)
            log.info(
                "payment %s recorded for update %s",
                update.message.successful_payment.telegram_payment_charge_id,
                update.update_id,
            )

    async def put(self, item: object) -> None:
        if self.chats is not None and isinstance(item, Update) and item.effective_chat:
            self.chats.expect(item.effective_chat.id)  # a reply is coming: bulk sends keep off
        if _paid(item):
            await self.record([item])
            self._recorded.discard(item.update_id)
        await super().put(item)
