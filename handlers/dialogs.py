"""Routing text (and non-text) to the dialog a member is in; the step itself lives in the store."""

from __future__ import annotations

from telegram import Update

from . import (
    callbacks,
    steps,
    supplier,
)
from . import dialog as engine
from .context import Context
from .format import clean_text
from .request import Request
from .screens import render

# dialog name → (what to do with text, what to do with anything else)
DIALOGS = {
    supplier.TRACKING_DIALOG: (supplier.on_tracking_text, supplier.ask_tracking_again),
}


def active(context: Context) -> str | None:
    """The dialog what the member sends answers (none while a command has paused one)."""
    member = context.member
    if member is None or member.dialog is None:
        return None
    if member.dialog in engine.DIALOGS:
        return member.dialog if engine.answering(Request.of(context)) else None
    return member.dialog if member.dialog in DIALOGS else None


async def on_text(update: Update, context: Context, text: str) -> None:
    if context.member.dialog in engine.DIALOGS:
        await render(update, context, await engine.on_text(Request.of(context), text))
        return
    await DIALOGS[active(context)][0](update, context, text)


async def on_other(update: Update, context: Context) -> None:
    if context.member.dialog in engine.DIALOGS:
        message, req = update.effective_message, Request.of(context)
        if message.photo:
            reply = await engine.on_photo(req, message.photo[-1].file_id, clean_text(message.caption or ""))
        else:
            reply = await engine.on_other(req)
        await render(update, context, reply)
        return
    await DIALOGS[active(context)][1](update, context)


async def tap(update: Update, context: Context) -> None:
    """The engine's buttons under a dialog's questions (version-checked there)."""
    intent, args = callbacks.parse(update.callback_query.data)
    await render(update, context, await engine.on_tap(Request.of(context), intent, args))


async def cancel(update: Update, context: Context) -> None:
    """The cancel button of any dialog: forget the step, change nothing else."""
    await render(update, context, await engine.cancel(Request.of(context)))


async def cancel_command(update: Update, context: Context) -> None:
    """/cancel: leave the dialog the member is in, if any; nothing else changes."""
    await render(update, context, await engine.cancel(Request.of(context)))


async def leave_on_command(update: Update, context: Context) -> None:
    """Runs before every command: a command leaves a dialog not yet on the engine (choosing a
    branch too), so that what they type next is not taken as its answer; an engine dialog's draft
    stays, and `remind_after_command` says it waits. /cancel says so itself."""
    member = context.member
    on_engine = member and member.dialog in engine.DIALOGS
    if member and member.dialog and not on_engine and not update.effective_message.text.startswith("/cancel"):
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
