"""Runs before every handler: who is writing, and in which language to answer. Reads only."""

from __future__ import annotations

from telegram import Update

from store import members

from .context import Context


async def load_member(update: Update, context: Context) -> None:
    """Put the member (None if new) and their locale on the context."""
    user = update.effective_user
    if user is None:
        return
    async with context.db.read() as session:
        context.member = await members.by_telegram_id(session, user.id)
    chosen = context.member.locale if context.member else None
    context.locale = chosen or context.bot_data.translator.locale_for(user.language_code)
