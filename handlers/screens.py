"""A screen is text (or a photo with a caption) and a keyboard; `show` puts it in the chat.

Tapping through the catalog edits one message in place, like pages of a book. A message cannot
change between text and photo, so crossing that line replaces the message instead.
"""

from __future__ import annotations

import contextlib
import html
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from . import callbacks
from .context import Context, answers_unread

CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


@dataclass
class Screen:
    text: str
    rows: list[list[InlineKeyboardButton]] = field(default_factory=list)
    photo: str = ""

    @property
    def markup(self) -> InlineKeyboardMarkup | None:
        return InlineKeyboardMarkup(self.rows) if self.rows else None


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
                    reply_markup=screen.markup,
                )
            else:
                await message.edit_text(
                    text, parse_mode=ParseMode.HTML, reply_markup=screen.markup, disable_web_page_preview=True
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
            chat_id, screen.photo, caption=text, parse_mode=ParseMode.HTML, reply_markup=screen.markup
        )
    else:
        await context.bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=screen.markup,
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
