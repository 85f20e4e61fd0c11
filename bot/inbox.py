"""Payments are written to the store's inbox before Telegram learns that we have them.

python-telegram-bot confirms an update to Telegram (the next getUpdates offset, or the webhook's
200) right after putting it on the update queue, before any handler has committed. A crash in
between would lose the payment. This queue records a successful payment in its own transaction
first; the handler applies it, and `apply_left_behind` applies what a crash left at the next start.
It also tells the ChatClock that a member is using a chat, before any handler runs.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Update

from jobs.pacing import ChatClock
from store import payments
from store.db import Database

log = logging.getLogger(__name__)


class InboxQueue(asyncio.Queue):
    def __init__(self, db: Database, chats: ChatClock | None = None) -> None:
        super().__init__()
        self.db, self.chats = db, chats

    async def put(self, item: object) -> None:
        if self.chats is not None and isinstance(item, Update) and item.effective_chat:
            self.chats.expect(item.effective_chat.id)  # a reply is coming: bulk sends keep off
        if isinstance(item, Update) and item.message and item.message.successful_payment:
            paid = item.message.successful_payment
            async with self.db.begin() as session:
                await payments.record(
                    session,
                    charge_id=paid.telegram_payment_charge_id,
                    provider_charge_id=paid.provider_payment_charge_id,
                    telegram_user_id=item.message.from_user.id,
                    payload=paid.invoice_payload,
                    total_amount=paid.total_amount,
                    currency=paid.currency,
                    now=datetime.now(UTC),
                )
            log.info("payment %s recorded for update %s", paid.telegram_payment_charge_id, item.update_id)
        await super().put(item)
