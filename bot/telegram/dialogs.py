"""Telegram's way into the dialog engine (handlers/dialog.py): what a member sends while a dialog
asks, and a draft kept waiting when a command comes between."""

from __future__ import annotations

from telegram import Update

from handlers import dialog as engine
from handlers.format import clean_text

from .context import Context
from .render import render


def active(context: Context) -> str | None:
    """The dialog what the member sends answers (none while a command has paused one)."""
    member = context.member
    if member is None or member.dialog not in engine.DIALOGS:
        return None
    return member.dialog if engine.answering(context.request()) else None


async def on_text(update: Update, context: Context, text: str) -> None:
    await render(update, context, await engine.on_text(context.request(), text))


async def on_other(update: Update, context: Context) -> None:
    message, req = update.effective_message, context.request()
    if message.photo:
        reply = await engine.on_photo(req, message.photo[-1].file_id, clean_text(message.caption or ""))
    else:
        reply = await engine.on_other(req)
    await render(update, context, reply)


async def leave_on_command(update: Update, context: Context) -> None:
    """Runs before every command: a command leaves the choosing of a branch (`start.JOIN_DIALOG`),
    so that what is typed next is not taken as a branch's name; a dialog's draft stays, and
    `remind_after_command` says it waits."""
    member = context.member
    cancelling = (update.effective_message.text or "").startswith("/cancel")  # says so itself
    if member and member.dialog and member.dialog not in engine.DIALOGS and not cancelling:
        req = context.request()
        async with engine.step_transaction(req):
            await engine.keep(req, None)


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
    if "dlg-resume" in context.offered:  # its answer was the waiting draft (/event typed again)
        return
    if (screen := await engine.pause(context.request())) is not None:
        await render(update, context, screen)
