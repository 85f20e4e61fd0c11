"""/settings: which kinds of announcement a member receives. Every broadcast carries a button here."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from store import broadcasts
from store.broadcasts import KINDS

from . import callbacks
from .context import Context, answers_unread
from .screens import Screen, button, show


async def settings(update: Update, context: Context) -> None:
    """/settings: a switch per kind of announcement."""
    await _show(update, context, await _muted(context))


async def mute(update: Update, context: Context) -> None:
    """A switch in /settings: turn one kind off (1) or on again (0)."""
    _, (kind, muted) = callbacks.parse(update.callback_query.data, "mute")
    await _set(update, context, kind, muted)
    await update.callback_query.answer(context.t("settings-saved"))
    await _show(update, context, await _muted(context))


async def unsubscribe(update: Update, context: Context) -> None:
    """退订 under a broadcast: no more of this kind. Its button turns into one that undoes it."""
    _, (kind,) = callbacks.parse(update.callback_query.data, "unsub")
    await _set(update, context, kind, 1)
    await update.callback_query.answer(context.t("settings-unsubscribed", kind=KINDS[kind]), show_alert=True)
    await _swap_button(update, button(context.t("broadcast-resubscribe", kind=KINDS[kind]), "resub", kind))


async def resubscribe(update: Update, context: Context) -> None:
    """The undo of 退订, under the same broadcast: this kind again, and 退订 is offered again."""
    _, (kind,) = callbacks.parse(update.callback_query.data, "resub")
    await _set(update, context, kind, 0)
    await update.callback_query.answer(context.t("settings-resubscribed", kind=KINDS[kind]))
    await _swap_button(update, button(context.t("broadcast-unsubscribe", kind=KINDS[kind]), "unsub", kind))


async def _swap_button(update: Update, replacement: InlineKeyboardButton) -> None:
    """Put `replacement` where the tapped button was; the broadcast's other buttons stay."""
    query = update.callback_query
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return  # too old for Telegram to hand back
    rows = [
        [replacement if key.callback_data == query.data else key for key in row]
        for row in message.reply_markup.inline_keyboard
    ]
    with answers_unread(), contextlib.suppress(BadRequest):  # "not modified" after a double tap
        await message.edit_reply_markup(InlineKeyboardMarkup(rows))


async def _set(update: Update, context: Context, kind: int, muted: int) -> None:
    if kind >= len(KINDS) or muted > 1 or context.member_id is None:
        raise callbacks.BadCallback(update.callback_query.data)
    async with context.db.begin() as session:
        await broadcasts.mute(session, member_id=context.member_id, kind=KINDS[kind], muted=bool(muted))


async def _muted(context: Context) -> set[str]:
    if context.member_id is None:
        return set()
    async with context.db.read() as session:
        return await broadcasts.muted_kinds(session, member_id=context.member_id)


async def _show(update: Update, context: Context, muted: set[str]) -> None:
    rows = [
        [
            button(
                context.t("settings-kind", kind=kind, muted=int(kind in muted)),
                "mute",
                i,
                int(kind not in muted),
            )
        ]
        for i, kind in enumerate(KINDS)
    ]
    rows.append([button(context.t("nav-menu"), "menu")])
    await show(update, context, Screen(context.t("settings-title"), rows))
