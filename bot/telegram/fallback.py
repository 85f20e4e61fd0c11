"""Everything else: free text, unknown commands, things we cannot read, stale buttons, errors."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from handlers import catalog, start
from handlers.format import clean_text
from handlers.registry import Stale
from store import roles
from store.errors import DialogMoved, DomainError

from . import dialogs
from .context import TAP_ANSWERED, Context
from .member import identify
from .render import render

log = logging.getLogger(__name__)
MAX_TEXT = 4096

# How often one update has been handled again because another worker moved its member's dialog on.
_RERUNS: ContextVar[int] = ContextVar("aixin_dialog_reruns", default=0)
MAX_RERUNS = 3


async def text(update: Update, context: Context) -> None:
    """Free text: a branch search while joining one, otherwise a catalog search. What reaches a
    dialog or a search is cleaned of control characters; a message of nothing else is no text."""
    typed = update.effective_message.text.strip()
    words = clean_text(typed).strip()
    if typed and not words and dialogs.active(context):  # nothing but control characters
        await dialogs.on_other(update, context)  # the step is asked again
        return
    if typed and not words:
        await update.effective_message.reply_text(context.t("text-unreadable"))
        return
    if len(words) > MAX_TEXT:
        await update.effective_message.reply_text(context.t("text-too-long"))
        return
    member = context.member
    if dialogs.active(context):
        await dialogs.on_text(update, context, words)
        return
    if member is None or member.locale is None:
        await render(update, context, await start.start(context.request(update), ""))
        return
    if member.dialog == start.JOIN_DIALOG or (member.branch_id is None and not await _staff(context)):
        await render(update, context, await start.search_branches(context.request(update), words))
        return
    await render(update, context, await catalog.search_text(context.request(update), words, free=True))


async def _staff(context: Context) -> bool:
    async with context.db.read() as session:
        return await roles.holds_any(session, member_id=context.member_id)


async def unknown_command(update: Update, context: Context) -> None:
    """A /command this bot does not have."""
    await update.effective_message.reply_text(context.t("unknown-command"))


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice note… where the bot only reads text."""
    if dialogs.active(context):
        await dialogs.on_other(update, context)
        return
    await update.effective_message.reply_text(context.t("only-text"))


async def stale_button(update: Update, context: Context) -> None:
    """A callback whose data no handler recognises: forged, or from an older release."""
    await update.callback_query.answer(context.t("button-stale"), show_alert=True)


async def on_error(update: object, context: Context) -> None:
    """Tell the user something kind in their language; log what is unexpected with the update id."""
    error = context.error
    if isinstance(error, DialogMoved) and isinstance(update, Update) and update.message:
        await _again(update, context)  # a tap is told to try again (it may have been answered already)
    key = "error-generic"
    if isinstance(error, Stale):
        key = "button-stale"
    elif isinstance(error, DomainError):
        key = f"error-{error.code}"  # every domain error code has its message
    else:
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s failed", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    async with context.db.read() as session:  # an error's context is new: find the language again
        await identify(session, update, context)
    message = context.t(key)
    try:
        if update.callback_query and TAP_ANSWERED.get() != update.callback_query.id:
            try:
                await update.callback_query.answer(message, show_alert=True)
                return
            except TelegramError:  # its handler answered it already: said in the chat instead
                pass
        if update.effective_message:
            await update.effective_message.reply_text(message)
    except TelegramError:
        log.warning("could not tell update %s about %s", update.update_id, key)


async def _again(update: Update, context: Context) -> None:
    """Handle the message again from the start, on the dialog step another update of the same
    member (on another worker) has moved on to meanwhile, as if it had waited its turn: its first
    run wrote nothing (a dialog's answer is written before it is replied to). A few times at most;
    then the member is asked to send it again."""
    if _RERUNS.get() >= MAX_RERUNS:
        return
    log.info("update %s handled again: its member's dialog moved on", update.update_id)
    reruns = _RERUNS.set(_RERUNS.get() + 1)
    try:
        await context.application.process_update(update)
    finally:
        _RERUNS.reset(reruns)
    raise ApplicationHandlerStop
