"""Dialogs that ask one thing at a time. The step and the answers so far live in the member's row,
so a restart or a second worker carries on; only the last answer completes the dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Update

from store import members
from store.errors import InvalidInput

from . import callbacks
from .callbacks import BadCallback
from .context import Context
from .screens import button

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


async def keep(session: AsyncSession, context: Context, dialog: str | None, data: dict | None = None) -> None:
    """Write the member's dialog step (None ends the dialog), unless another update of theirs moved
    it since this one read it: then DialogMoved, and `fallback.on_error` handles a message again on
    the new step, as if it had waited its turn, or asks a tap to be tried again (several workers)."""
    member = context.member
    member.dialog_version = await members.set_dialog(
        session, member_id=member.id, dialog=dialog, data=data, seen=member.dialog_version
    )
    member.dialog, member.dialog_data = dialog, data


async def save(context: Context, dialog: str | None, data: dict | None = None) -> None:
    """`keep` in a transaction of its own: a step answered, nothing else changed."""
    async with context.db.begin() as session:
        await keep(session, context, dialog, data)


def tapped(update: Update, context: Context, dialog: str) -> tuple[str, list[int], dict]:
    """A button of `dialog`: its action, its numbers and the answers so far; a button of a dialog the
    member is no longer in is stale."""
    action, args = callbacks.parse(update.callback_query.data)
    member = context.member
    if member is None or member.dialog != dialog:
        raise BadCallback(update.callback_query.data)
    return action, args, dict(member.dialog_data or {})


def cancel_row(context: Context) -> list:
    """取消: leaves the dialog, changing nothing (under every step of every dialog)."""
    return [button(context.t("dialog-cancel"), "dialog-cancel")]


async def ask(update: Update, context: Context, key: str, **args: object) -> None:
    """Ask a question, with a button to leave the dialog."""
    cancel = InlineKeyboardMarkup([cancel_row(context)])
    await context.bot.send_message(update.effective_chat.id, context.t(key, **args), reply_markup=cancel)


async def answer(
    update: Update,
    context: Context,
    text: str,
    *,
    dialog: str,
    steps: tuple[str, ...],
    check: Callable[[str, str], object],
    ask_key: str,
    invalid_key: str,
    args: Mapping[str, object] | None = None,
) -> dict | None:
    """Take the answer to the current step: checked and kept, then the next question (`args`: the
    variables its texts show besides the step, such as a computed example date).

    Returns every answer once the last step is answered (the caller stores the result and
    clears the dialog in its own transaction); None while questions remain or an answer was bad.
    """
    data = dict(context.member.dialog_data or {})
    step = data.get("step", steps[0])
    try:
        data[step] = check(step, text)
    except InvalidInput:
        await update.effective_message.reply_text(context.t(invalid_key, field=step, **(args or {})))
        await ask(update, context, ask_key, field=step, **(args or {}))
        return None
    following = steps.index(step) + 1
    if following == len(steps):
        return data
    data["step"] = steps[following]
    await save(context, dialog, data)
    await ask(update, context, ask_key, field=data["step"], **(args or {}))
    return None


async def finish(session: AsyncSession, update: Update, context: Context, dialog: str, step: str) -> dict:
    """The answers of a dialog whose last button was tapped, taken (and the dialog ended) once.

    The first statement of the transaction that acts on them: a second tap of the same button, even
    one at the same moment, finds nothing to take and is answered as a stale button, changing nothing.
    """
    data = await members.take_dialog(session, member_id=context.member_id, dialog=dialog, step=step)
    if data is None:
        raise BadCallback(update.callback_query.data)
    return data


async def ask_again(update: Update, context: Context, ask_key: str, first_step: str, **args: object) -> None:
    """Something other than text arrived mid-dialog: say so and ask the same question again."""
    await update.effective_message.reply_text(context.t("dialog-text-please"))
    step = (context.member.dialog_data or {}).get("step", first_step)
    await ask(update, context, ask_key, field=step, **args)
