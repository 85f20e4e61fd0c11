"""Telegram's way into the dialog engine (handlers/dialog.py): what a member sends while a dialog asks,
the engine's buttons, 取消 and /cancel, and a draft kept waiting when a command comes between."""

from __future__ import annotations

from telegram import Update

from . import callbacks, steps
from . import dialog as engine
from .context import Context
from .format import clean_text
from .request import Request
from .screens import render


def active(context: Context) -> str | None:
    """The dialog what the member sends answers (none while a command has paused one)."""
    member = context.member
    if member is None or member.dialog not in engine.DIALOGS:
        return None
    return member.dialog if engine.answering(Request.of(context)) else None


async def on_text(update: Update, context: Context, text: str) -> None:
    await render(update, context, await engine.on_text(Request.of(context), text))


async def on_other(update: Update, context: Context) -> None:
    message, req = update.effective_message, Request.of(context)
    if message.photo:
        reply = await engine.on_photo(req, message.photo[-1].file_id, clean_text(message.caption or ""))
    else:
        reply = await engine.on_other(req)
    await render(update, context, reply)


async def tap(update: Update, context: Context) -> None:
    """The engine's buttons under a dialog's questions (version-checked there)."""
    intent, args = callbacks.parse(update.callback_query.data)
    await render(update, context, await engine.on_tap(Request.of(context), intent, args))


async def cancel(update: Update, context: Context) -> None:
    """取消 under any question, or /cancel: the draft is dropped, nothing else changes."""
    await render(update, context, await engine.cancel(Request.of(context)))


async def leave_on_command(update: Update, context: Context) -> None:
    """Runs before every command: a command leaves the choosing of a branch (`start.JOIN_DIALOG`),
    so that what is typed next is not taken as a branch's name; a dialog's draft stays, and
    `remind_after_command` says it waits."""
    member = context.member
    cancelling = (update.effective_message.text or "").startswith("/cancel")  # says so itself
    if member and member.dialog and member.dialog not in engine.DIALOGS and not cancelling:
        await steps.save(context, None)


# Commands that answer with the draft's state themselves.
_SAYS_SO_ITSELF = ("/cancel", "/start", "/menu")


async def remind_after_command(update: Update, context: Context) -> None:
    """After a command's own answer: a draft that waits, with 继续填写 and 放弃."""
    text = update.effective_message.text or ""
    member = context.member
    if member is None or text.split()[0].split("@")[0] in _SAYS_SO_ITSELF:
        return
    if member.dialog_version != context.dialog_seen:  # the command started or moved the dialog itself
        return
    if (screen := await engine.pause(Request.of(context))) is not None:
        await render(update, context, screen)
