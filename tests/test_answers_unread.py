"""Sends a handler will not read back (`bot.telegram.context.answers_unread`): Telegram gets the same
call, the handler gets True instead of a `Message` built from Telegram's echo."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.telegram.context import answers_unread
from tests.chat import plain


async def test_an_unread_send_reaches_the_chat_and_returns_true(tg):
    bot, alice = tg.application.bot, tg.member("alice")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("一键下单", callback_data="1:order:17")]])
    with answers_unread():
        sent = await bot.send_message(alice.id, "<b>城口老腊肉</b>", parse_mode="HTML", reply_markup=keyboard)
        assert sent is True
        me = await bot.get_me()  # not a message: answered as always
    assert me.username == "aixin_test_bot"
    shown = alice.messages()[-1]
    assert plain(shown) == "城口老腊肉" and shown["reply_markup"] == keyboard.to_dict()

    sent = await bot.send_message(alice.id, "巫山脆李")  # outside: the Message, as PTB promises
    assert isinstance(sent, Message) and sent.text == "巫山脆李"
    assert sent.message_id == alice.messages()[-1]["message_id"]


async def test_an_unread_edit_changes_the_message_and_returns_true(tg):
    bot, alice = tg.application.bot, tg.member("alice")
    sent = await bot.send_message(alice.id, "库存：3")
    with answers_unread():
        assert await sent.edit_text("已售罄") is True
    assert plain(alice.messages()[-1]) == "已售罄"
