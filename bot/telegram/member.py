"""Runs before every handler: who is writing, and in which language to answer. Reads only."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from store import members

from . import callbacks
from .context import Context


async def load_member(update: Update, context: Context) -> None:
    """Put the member (None if new) and their locale on the context."""
    if update.effective_user is None or reads_member_itself(update):
        return
    async with context.db.read() as session:
        await identify(session, update, context)


# A tap on 一键下单: its handler answers before anything else and identifies the member in the
# transaction that places the order.
_ORDER_TAP = f"{callbacks.VERSION}:order:"


def reads_member_itself(update: Update) -> bool:
    """The order path's handlers identify the member in their own transaction (`identify`): the
    busiest path of all saves a transaction per update (bench/README.md)."""
    return bool(
        update.pre_checkout_query
        or (update.message and update.message.successful_payment)
        or (update.callback_query and (update.callback_query.data or "").startswith(_ORDER_TAP))
    )


async def identify(session: AsyncSession, update: Update, context: Context) -> None:
    """Read the member behind `update` (None if new) in `session`; set it and its locale on the context."""
    user = update.effective_user
    context.member = await members.by_telegram_id(session, user.id)
    context.dialog_seen = context.member.dialog_version if context.member else None
    chosen = context.member.locale if context.member else None
    context.locale = chosen or context.bot_data.translator.locale_for(user.language_code)
