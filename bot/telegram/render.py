"""Telegram's rendering of a flow's reply: a screen is a message with an inline keyboard; `show`
puts it in the chat, `render` a whole Reply (screens, alerts).

Tapping through the catalog edits one message in place, like pages of a book. A message cannot
change between text and photo, so crossing that line replaces the message instead.
"""

from __future__ import annotations

import contextlib
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, InputMediaPhoto, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from handlers.reply import Action, Alert, Document, Payment, Reply, Rows, Screen, Swap, parts
from store import broadcasts

from . import callbacks, photos
from .context import TAP_ANSWERED, Context, answers_unread

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
MAX_ALBUM = 10  # Telegram's most photos in one media group


def keyboard(rows: Rows | list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """A screen's rows of actions as Telegram's inline keyboard (callback data by the codec)."""
    return InlineKeyboardMarkup([[key(action) for action in row] for row in rows]) if rows else None


def key(action: Action | InlineKeyboardButton) -> InlineKeyboardButton:
    """A button's label is plain text: a name escaped for a message's HTML (`format.name`,
    "Tai&#x27;an") is shown as written ("Tai'an")."""
    if isinstance(action, InlineKeyboardButton):
        return action
    label = html.unescape(action.label)
    if action.url:
        return InlineKeyboardButton(label, url=action.url)
    if action.share is not None:
        return InlineKeyboardButton(label, switch_inline_query=action.share)
    return InlineKeyboardButton(label, callback_data=callbacks.make(action.intent, *action.args))


async def render(update: Update, context: Context, reply: Reply) -> None:
    """Put a flow's reply in the chat. A tap is answered once: with the reply's alert if it has
    one, else plainly; its first screen takes the tapped message's place (unless `new`), the
    rest are new messages. To a message, every screen is a new message and an alert is said."""
    query = update.callback_query
    answered, replaced = query is None or TAP_ANSWERED.get() == query.id, False
    for part in parts(reply):
        if isinstance(part, Payment):
            from .ordering import send_invoice  # Telegram's way of asking for the money

            if not answered:
                await query.answer()
                answered = True
            await send_invoice(context, update.effective_chat.id, part.order)
            continue
        if isinstance(part, Document):
            if not answered:
                await query.answer()
                answered = True
            document = InputFile(part.content, filename=part.filename)
            with answers_unread():
                await context.bot.send_document(
                    update.effective_chat.id, document, caption=part.caption or None
                )
            continue
        if isinstance(part, Swap):
            await _swap(update, part.action)
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
        context.offered.update(action.intent for row in part.rows for action in row)
        replace = query is not None and not replaced and not part.new and part.tracks is None
        try:
            await _put(update, context, part, replace=replace)
        except BadRequest as error:  # a photo a member sent that Telegram no longer has
            if not (part.photo or part.photos) or "file" not in error.message.lower():
                raise
            await _put(update, context, Screen(part.text, part.rows, new=part.new), replace=replace)
        replaced = True
    if not answered:
        await query.answer()


async def _swap(update: Update, action: Action) -> None:
    """Put `action` where the tapped button was; the message's other buttons stay."""
    query = update.callback_query
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return  # too old for Telegram to hand back
    rows = [
        [key(action) if old.callback_data == query.data else old for old in row]
        for row in message.reply_markup.inline_keyboard
    ]
    with answers_unread(), contextlib.suppress(BadRequest):  # "not modified" after a double tap
        await message.edit_reply_markup(InlineKeyboardMarkup(rows))


async def _put(update: Update, context: Context, screen: Screen, *, replace: bool) -> None:
    if replace:
        await show(update, context, screen)
    else:
        await send(context, update.effective_chat.id, screen)


async def send(context: Context, chat_id: int, screen: Screen) -> None:
    """A screen as a new message (an album first, for one with `photos`)."""
    if screen.tracks is not None:  # a broadcast's progress: where it is, for the sender's edits
        text, markup = _fit(screen.text, TEXT_LIMIT), keyboard(screen.rows)
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
        if screen.photos:
            await _album(context, chat_id, screen)
        else:
            await photos.sending(
                context, [screen.photo] if screen.photo else [], _new(context, chat_id, screen)
            )


def _new(context: Context, chat_id: int, screen: Screen):
    """A sender of the screen as a new message, with its photo when one is given."""

    async def new_message(values: list):
        markup = keyboard(screen.rows)
        if values:
            caption = _fit(screen.text, CAPTION_LIMIT)
            return await context.bot.send_photo(
                chat_id, values[0], caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        text = _fit(screen.text, TEXT_LIMIT)
        return await context.bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )

    return new_message


async def _album(context: Context, chat_id: int, screen: Screen) -> None:
    """`photos` as one album (Telegram groups 2 to 10; one alone is a photo). An album carries no
    buttons: a screen with actions has its text and actions in a message after it, one without
    has its text as the album's caption."""
    caption = _fit(screen.text, CAPTION_LIMIT) if screen.text and not screen.rows else None

    async def album(values: list):
        if len(values) < 2:  # a picture's file was gone
            return await _new(context, chat_id, screen)(values)
        group = [
            InputMediaPhoto(value, caption=caption if i == 0 else None, parse_mode=ParseMode.HTML)
            for i, value in enumerate(values)
        ]
        return await context.bot.send_media_group(chat_id, group)

    sent = await photos.sending(context, list(screen.photos[:MAX_ALBUM]), album)
    if isinstance(sent, tuple | list) and screen.rows:
        await _new(context, chat_id, Screen(screen.text or "📷", screen.rows))([])


async def show(update: Update, context: Context, screen: Screen) -> None:
    """Edit the message whose button was tapped into `screen`, or send it as a new message."""
    with answers_unread():  # a screen is shown, never read back
        await _show(update, context, screen)


async def _show(update: Update, context: Context, screen: Screen) -> None:
    query = update.callback_query
    message = query.message if query else None
    if screen.photos or message is None:  # an album is new messages below; the tapped one stays
        await send(context, update.effective_chat.id, screen)
        return

    async def edit(values: list):
        photo = values[0] if values else None
        try:
            if bool(message.photo) == bool(photo):
                if photo:
                    caption = _fit(screen.text, CAPTION_LIMIT)
                    return await message.edit_media(
                        InputMediaPhoto(photo, caption=caption, parse_mode=ParseMode.HTML),
                        reply_markup=keyboard(screen.rows),
                    )
                return await message.edit_text(
                    _fit(screen.text, TEXT_LIMIT),
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(screen.rows),
                    disable_web_page_preview=True,
                )
        except BadRequest as error:
            if "not modified" in error.message:
                return None
            if "not found" not in error.message:
                raise
        sent = await _new(context, update.effective_chat.id, screen)(values)
        # The old screen would otherwise stay above with buttons that lead back into the past.
        with contextlib.suppress(BadRequest):
            await message.delete()
        return sent

    await photos.sending(context, [screen.photo] if screen.photo else [], edit)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
