"""Telegram's way into the dialog engine (handlers/dialog.py): what a member sends while a dialog asks,
the engine's buttons, 取消 and /cancel, and a draft kept waiting when a command comes between."""

from __future__ import annotations

import functools

from telegram import Update

from store import members

from . import dialog as engine
from .context import Context
from .format import clean_text
from .registry import Stale, command, intent
from .reply import Reply
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


# The engine's buttons under a dialog's questions, with the dialog's version first (an earlier
# question's button is stale): pick an option's value, 跳过, 保留, ← 上一步, back to an earlier step's
# index, done (photos or picks), the photos again from none, the preview's confirmation; 继续填写 and
# 放弃 a draft after a command.
_ENGINE = (
    ("dlg-pick", 2),
    ("dlg-skip", 1),
    ("dlg-keep", 1),
    ("dlg-back", 1),
    ("dlg-goto", 2),
    ("dlg-done", 1),
    ("dlg-clear", 1),
    ("dlg-go", 1),
    ("dlg-resume", 0),
    ("dlg-drop", 0),
)


async def _engine_tap(name: str, req: Request, *args: int) -> Reply:
    return await engine.on_tap(req, name, args)


for _name, _arity in _ENGINE:
    intent(_name, arity=_arity)(functools.partial(_engine_tap, _name))


@intent("dialog-cancel")
async def cancel(req: Request) -> Reply:
    """取消 under any question: the draft is dropped, nothing else changes."""
    return await engine.cancel(req)


@command("cancel")
async def cancel_command(req: Request, text: str) -> Reply:
    """/cancel: the same."""
    return await engine.cancel(req)


async def take(req: Request, session, dialog: str, step: str) -> dict:
    """The answers of a dialog whose last button was tapped, taken (and the dialog ended) once.

    The first statement of the transaction that acts on them: a second tap of the same button, even
    one at the same moment, finds nothing to take and is answered as a stale button, changing nothing.
    """
    data = await members.take_dialog(session, member_id=req.member_id, dialog=dialog, step=step)
    if data is None:
        raise Stale(dialog)
    return data


async def leave_on_command(update: Update, context: Context) -> None:
    """Runs before every command: a command leaves the choosing of a branch (`start.JOIN_DIALOG`),
    so that what is typed next is not taken as a branch's name; a dialog's draft stays, and
    `remind_after_command` says it waits."""
    member = context.member
    cancelling = (update.effective_message.text or "").startswith("/cancel")  # says so itself
    if member and member.dialog and member.dialog not in engine.DIALOGS and not cancelling:
        req = Request.of(context)
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
    if (screen := await engine.pause(Request.of(context))) is not None:
        await render(update, context, screen)
