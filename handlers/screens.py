"""Telegram's rendering of a flow's reply: a screen is a message with an inline keyboard; `show`
puts it in the chat, `render` a whole Reply (screens, alerts).

Tapping through the catalog edits one message in place, like pages of a book. A message cannot
change between text and photo, so crossing that line replaces the message instead.
"""

from __future__ import annotations

import contextlib
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from store import broadcasts

from . import callbacks
from .context import TAP_ANSWERED, Context, answers_unread
from .reply import Action, Alert, Payment, Reply, Rows, Screen, parts

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


def keyboard(rows: Rows | list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """A screen's rows of actions as Telegram's inline keyboard (callback data by the codec)."""
    return InlineKeyboardMarkup([[_key(action) for action in row] for row in rows]) if rows else None


def _key(action: Action | InlineKeyboardButton) -> InlineKeyboardButton:
    if isinstance(action, InlineKeyboardButton):
        return action
    if action.url:
        return InlineKeyboardButton(action.label, url=action.url)
    if action.share is not None:
        return InlineKeyboardButton(action.label, switch_inline_query=action.share)
    return InlineKeyboardButton(action.label, callback_data=callbacks.make(action.intent, *action.args))


async def render(update: Update, context: Context, reply: Reply) -> None:
    """Put a flow's reply in the chat. A tap is answered once: with the reply's alert if it has
    one, else plainly; its first screen takes the tapped message's place (unless `new`), the
    rest are new messages. To a message, every screen is a new message and an alert is said."""
    query = update.callback_query
    answered, replaced = query is None or TAP_ANSWERED.get() == query.id, False
    for part in parts(reply):
        if isinstance(part, Payment):
            from .ordering import present  # the invoice, Telegram's way of asking for the money

            if not answered:
                await query.answer()
                answered = True
            await present(update, context, part.order)
            continue
        if isinstance(part, Alert):
            if not answered:
                await query.answer(part.text, show_alert=part.modal)
                answered = True
            else:
                with answers_unread():
                    await context.bot.send_message(update.effective_chat.id, part.text)
            continue
        if not answered:
            await query.answer()
            answered = True
        if query is not None and not replaced and not part.new and part.tracks is None:
            await show(update, context, part)
        else:
            await send(context, update.effective_chat.id, part)
        replaced = True
    if not answered:
        await query.answer()


async def send(context: Context, chat_id: int, screen: Screen) -> None:
    """A screen as a new message."""
    text, markup = _fit(screen.text, CAPTION_LIMIT if screen.photo else TEXT_LIMIT), keyboard(screen.rows)
    if screen.tracks is not None:  # a broadcast's progress: where it is, for the sender's edits
        message = await context.bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
        )
        kind, broadcast_id = screen.tracks
        async with context.db.begin() as session:
            await broadcasts.set_progress_message(
                session, broadcast_id=broadcast_id, chat_id=message.chat_id, message_id=message.message_id
            )
        return
    with answers_unread():
        if screen.photo:
            await context.bot.send_photo(
                chat_id, screen.photo, caption=text, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        else:
            await context.bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
            )


def button(text: str, action: str, *args: int) -> InlineKeyboardButton:
    """A button; its label is plain text, so a name escaped for a message's HTML (`format.name`,
    "Tai&#x27;an") is shown as written ("Tai'an")."""
    return InlineKeyboardButton(html.unescape(text), callback_data=callbacks.make(action, *args))


def pager(context: Context, page, action: str, *args: int) -> list[InlineKeyboardButton]:
    """Previous/next buttons for a Page, calling `action(*args, page)`."""
    row = []
    if page.has_prev:
        row.append(button(context.t("nav-prev"), action, *args, page.page - 1))
    if page.has_next:
        row.append(button(context.t("nav-next"), action, *args, page.page + 1))
    return row


async def show(update: Update, context: Context, screen: Screen) -> None:
    """Edit the message whose button was tapped into `screen`, or send it as a new message."""
    with answers_unread():  # a screen is shown, never read back
        await _show(update, context, screen)


async def _show(update: Update, context: Context, screen: Screen) -> None:
    query = update.callback_query
    message = query.message if query else None
    text = _fit(screen.text, CAPTION_LIMIT if screen.photo else TEXT_LIMIT)
    try:
        if message is not None and bool(message.photo) == bool(screen.photo):
            if screen.photo:
                await message.edit_media(
                    InputMediaPhoto(screen.photo, caption=text, parse_mode=ParseMode.HTML),
                    reply_markup=keyboard(screen.rows),
                )
            else:
                await message.edit_text(
                    text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(screen.rows),
                    disable_web_page_preview=True,
                )
            return
    except BadRequest as error:
        if "not modified" in error.message:
            return
        if "not found" not in error.message:
            raise
    chat_id = update.effective_chat.id
    if screen.photo:
        await context.bot.send_photo(
            chat_id, screen.photo, caption=text, parse_mode=ParseMode.HTML, reply_markup=keyboard(screen.rows)
        )
    else:
        await context.bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(screen.rows),
            disable_web_page_preview=True,
        )
    if message is not None:
        # The old screen would otherwise stay above with buttons that lead back into the past.
        with contextlib.suppress(BadRequest):
            await message.delete()


async def show_with_photo(update: Update, context: Context, screen: Screen) -> None:
    """`show` for a screen whose photo a member sent once: should Telegram no longer know the file,
    the screen is shown without it rather than not at all."""
    try:
        await show(update, context, screen)
    except BadRequest as error:
        if not screen.photo or "file" not in error.message.lower():
            raise
        await show(update, context, Screen(screen.text, screen.rows))


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
