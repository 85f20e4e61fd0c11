"""/settings: which kinds of announcement a member receives. Every broadcast carries a button here."""

from __future__ import annotations

from telegram import Update

from store import broadcasts
from store.broadcasts import KINDS

from . import callbacks
from .context import Context
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
    """退订 under a broadcast: no more of this kind. The broadcast itself stays as it is."""
    _, (kind,) = callbacks.parse(update.callback_query.data, "unsub")
    await _set(update, context, kind, 1)
    await update.callback_query.answer(context.t("settings-unsubscribed", kind=KINDS[kind]), show_alert=True)


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
