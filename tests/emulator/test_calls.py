"""The Bot API emulator's methods, driven by a real python-telegram-bot Bot over HTTP: what is
sent, what comes back, and what Telegram would refuse."""

from __future__ import annotations

import pytest
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InlineQueryResultPhoto,
    InputMediaPhoto,
    InputTextMessageContent,
    LabeledPrice,
)
from telegram.error import BadRequest, EndPointNotFound, Forbidden

from bot.telegram.emulator import BotApiEmulator

from .kit import ALICE, keyboard, post, take_violations


async def test_send_message_with_inline_keyboard_round_trips(emu, bot):
    me = await bot.get_me()
    assert me.is_bot and me.username == "emu_test_bot" and me.id == int(emu.token.split(":")[0])
    sent = await bot.send_message(
        ALICE, "<b>Pick</b> one", parse_mode="HTML", reply_markup=keyboard("a", "b")
    )
    assert sent.text == "Pick one" and sent.entities[0].type == "bold"
    assert sent.from_user.id == me.id and sent.chat.type == "private" and sent.chat.first_name == "Alice"
    assert sent.reply_markup == keyboard("a", "b")
    [shown] = emu.messages(ALICE)
    assert shown["message_id"] == sent.message_id and shown["text"] == "Pick one"
    assert shown["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "b"
    second = await bot.send_message(ALICE, "next")
    assert second.message_id == sent.message_id + 1


async def test_a_string_field_that_looks_like_json_stays_a_string(emu, bot):
    assert (await bot.send_message(ALICE, "1")).text == "1"
    assert (await bot.send_message(str(ALICE), "true")).text == "true"
    assert emu.calls[-1][1]["chat_id"] == ALICE  # while an Integer-or-String field is decoded


async def test_send_photo_upload_gives_a_file_id_that_can_be_sent_again(emu, bot):
    sent = await bot.send_photo(ALICE, b"\x89PNG not really", caption="<i>fresh</i>", parse_mode="HTML")
    file_id = sent.photo[-1].file_id
    assert file_id and sent.caption == "fresh"
    again = await bot.send_photo(ALICE, file_id)
    assert again.photo[-1].file_id == file_id
    assert await (await bot.get_file(file_id)).download_as_bytearray() == b"\x89PNG not really"
    assert (await bot.send_photo(ALICE, "https://example.org/p.jpg")).photo
    assert emu.messages(ALICE)[0]["photo"][-1]["file_id"] == file_id
    with pytest.raises(BadRequest, match="(?i)wrong file identifier"):
        await bot.send_photo(ALICE, "no-such-file-id")
    assert take_violations(emu) == ["sendPhoto: wrong file identifier/HTTP URL specified"]


async def test_media_group_document_and_media_edit(emu, bot):
    photo = await bot.send_photo(ALICE, b"one")
    group = await bot.send_media_group(
        ALICE, [InputMediaPhoto(b"two"), InputMediaPhoto(b"three", caption="3")]
    )
    assert len({m.media_group_id for m in group}) == 1 and group[1].caption == "3"
    document = await bot.send_document(ALICE, b"a,b\n", filename="list.csv")
    assert document.document.file_name == "list.csv"
    edited = await bot.edit_message_media(InputMediaPhoto(b"four", caption="new"), ALICE, photo.message_id)
    assert edited.caption == "new" and edited.photo[-1].file_id != photo.photo[-1].file_id
    same = InputMediaPhoto(edited.photo[-1].file_id, caption="new")
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_media(same, ALICE, photo.message_id)


async def test_a_media_group_is_2_to_10_known_photos_without_buttons(emu, bot):
    known = (await bot.send_photo(ALICE, b"one")).photo[-1].file_id
    photo = {"type": "photo", "media": known}
    refusals = {
        "one": {"media": [photo]},
        "eleven": {"media": [photo] * 11},
        "unknown file": {"media": [photo, {"type": "photo", "media": "no-such-file-id"}]},
        "an animation": {"media": [photo, {"type": "animation", "media": known}]},
        "buttons": {"media": [photo, photo], "reply_markup": {"inline_keyboard": [[]]}},
    }
    before = len(emu.messages(ALICE))
    for case, params in refusals.items():
        status, body = await post(emu, "sendMediaGroup", json={"chat_id": ALICE, **params})
        assert status == 400 and not body["ok"], case
    assert [v.split(":")[0] for v in take_violations(emu)] == ["sendMediaGroup"] * 5
    assert len(emu.messages(ALICE)) == before  # an album arrives whole or not at all
    status, body = await post(emu, "sendMediaGroup", json={"chat_id": ALICE, "media": [photo, photo]})
    assert status == 200 and len(body["result"]) == 2 == len(emu.messages(ALICE)) - before


async def test_group_chats_have_negative_ids(emu, bot):
    emu.add_group(-1002, "Branch one")
    sent = await bot.send_message(-1002, "hello, group")
    assert sent.chat.type == "group" and sent.chat.title == "Branch one"
    update = await emu.send_text(ALICE, "/menu@emu_test_bot", chat_id=-1002)
    assert update["message"]["chat"]["id"] == -1002
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 18}]


# Validation


async def test_callback_data_over_64_bytes_is_rejected(emu, bot):
    with pytest.raises(BadRequest, match="(?i)callback_data: 65 bytes"):
        await bot.send_message(ALICE, "menu", reply_markup=keyboard("x" * 65))
    [violation] = take_violations(emu)
    assert "reply_markup.inline_keyboard[0][0].callback_data" in violation
    assert emu.messages(ALICE) == []
    await bot.send_message(ALICE, "menu", reply_markup=keyboard("价" * 21))  # 63 bytes is fine


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage'")
async def test_unknown_field_is_rejected(emu, bot):
    with pytest.raises(BadRequest, match="(?i)colour: unknown field"):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": ALICE, "text": "hi", "colour": "red"})
    status, body = await post(emu, "sendMessage", json={"chat_id": ALICE, "text": "hi", "colour": "red"})
    assert status == 400 and body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: colour: unknown field")
    assert take_violations(emu) == ["sendMessage: colour: unknown field of sendMessage in Bot API 10.1"] * 2


async def test_missing_required_field_and_wrong_type_are_rejected(emu, bot):
    status, body = await post(emu, "sendMessage", data={"chat_id": str(ALICE)})
    assert (status, body["description"]) == (400, "Bad Request: text: required by sendMessage but missing")
    status, body = await post(
        emu, "sendMessage", json={"chat_id": ALICE, "text": "hi", "disable_notification": 1}
    )
    assert status == 400 and "disable_notification: expected Boolean" in body["description"]
    assert len(take_violations(emu)) == 2


async def test_unknown_method_is_not_found_and_methods_match_case_insensitively(emu, bot):
    status, body = await post(emu, "sendTelepathy", json={"chat_id": ALICE})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    with pytest.raises(EndPointNotFound):  # how PTB reports Telegram's 404 for a method
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": ALICE})
    assert take_violations(emu) == ["sendTelepathy: unknown method in Bot API 10.1"] * 2
    status, body = await post(emu, "SENDMESSAGE", data={"chat_id": str(ALICE), "text": "hi"})
    assert status == 200 and body["result"]["text"] == "hi"


async def test_wrong_token_is_unauthorized(emu):
    status, body = await post(emu, "getMe", token="1:wrong")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})


async def test_lengths_are_checked_after_html_parsing(emu, bot):
    await bot.send_message(ALICE, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # 4096 after parsing
    with pytest.raises(BadRequest, match="(?i)4097 characters, must be 1-4096"):
        await bot.send_message(ALICE, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)caption: 1025 characters"):
        await bot.send_photo(ALICE, b"p", caption="c" * 1025)
    with pytest.raises(BadRequest, match="(?i)0 characters"):
        await bot.send_message(ALICE, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match='(?i)unsupported start tag "br"'):
        await bot.send_message(ALICE, "a<br>b", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)unexpected '<'"):
        await bot.send_message(ALICE, "1 < 2", parse_mode="HTML")
    assert len(take_violations(emu)) == 5


async def test_nested_inline_query_results_and_commands_are_validated(emu, bot):
    query = await emu.inline_query(ALICE, "honey")
    query_id = query["inline_query"]["id"]
    long_caption = InlineQueryResultPhoto(
        "p", "https://e.org/p.jpg", "https://e.org/t.jpg", caption="c" * 1025
    )
    with pytest.raises(BadRequest, match=r"(?i)results\[0\].caption: 1025 characters"):
        await bot.answer_inline_query(query_id, [long_caption])
    with pytest.raises(BadRequest, match="(?i)commands.0..description: 0 characters"):
        await bot.set_my_commands([BotCommand("start", "")])
    assert len(take_violations(emu)) == 2
    article = InlineQueryResultArticle(
        "a1", "Honey", InputTextMessageContent("<b>Honey</b>", parse_mode="HTML")
    )
    await bot.answer_inline_query(query_id, [article, InlineQueryResultCachedPhoto("c1", "emu-photo-x")])
    assert [r["id"] for r in emu.inline_answers[query_id]["results"]] == ["a1", "c1"]


async def test_bot_commands_are_kept_per_scope_and_language(emu, bot):
    await bot.set_my_commands([BotCommand("start", "开始")], language_code="zh")
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(ALICE))
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="zh")] == ["开始"]
    assert set(emu.commands) == {("default", "zh"), ("default", ""), (f"chat:{ALICE}", "")}
    await bot.delete_my_commands(language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == ()


# Telegram's runtime errors, which a correct bot handles


async def test_edit_errors_are_telegrams(emu, bot):
    sent = await bot.send_message(ALICE, "<b>Menu</b>", parse_mode="HTML", reply_markup=keyboard("a"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Menu</b>", ALICE, sent.message_id, parse_mode="HTML", reply_markup=keyboard("a")
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("gone", ALICE, 999)
    edited = await bot.edit_message_text("Menu", ALICE, sent.message_id)  # no markup: the keyboard goes
    assert edited.reply_markup is None and edited.entities == ()
    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=keyboard("b"))
    assert emu.messages(ALICE)[0]["reply_markup"] == keyboard("b").to_dict()
    assert await bot.delete_message(ALICE, sent.message_id)
    assert emu.messages(ALICE) == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


async def test_a_user_who_blocked_the_bot(emu, bot):
    emu.block(ALICE)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ALICE, "hello?")
    [update] = await bot.get_updates()
    assert update.my_chat_member.new_chat_member.status == "kicked"
    emu.unblock(ALICE)
    await bot.send_message(ALICE, "welcome back")


async def test_callback_queries_are_answered_once(emu, bot):
    sent = await bot.send_message(ALICE, "menu", reply_markup=keyboard("a"))
    with pytest.raises(ValueError, match="no button"):
        await emu.tap(ALICE, sent.message_id, "forged")
    forged = await emu.tap(ALICE, sent.message_id, "forged", forged=True)
    tap = await emu.tap(ALICE, sent.message_id, "a")
    assert tap["callback_query"]["message"]["text"] == "menu" and tap["callback_query"]["data"] == "a"
    assert forged["callback_query"]["id"] != tap["callback_query"]["id"]
    await bot.answer_callback_query(tap["callback_query"]["id"], "done", show_alert=True)
    assert emu.callback_answers[tap["callback_query"]["id"]]["show_alert"] is True
    with pytest.raises(BadRequest, match="(?i)query id is invalid"):
        await bot.answer_callback_query(tap["callback_query"]["id"])
    assert len(take_violations(emu)) == 1


async def test_payments(emu, bot):
    invoice = await bot.send_invoice(
        ALICE, "Honey", "1 kg", "order-7", "CNY", [LabeledPrice("Honey", 6800)], "tok"
    )
    assert invoice.invoice.total_amount == 6800
    query = await emu.pre_checkout(ALICE, "order-7", 6800)
    await bot.answer_pre_checkout_query(query["pre_checkout_query"]["id"], ok=True)
    paid = await emu.successful_payment(ALICE, "order-7", 6800, "CNY", "tg-1", "prov-1")
    updates = await bot.get_updates()
    assert updates[-1].update_id == paid["update_id"]
    assert updates[-1].message.successful_payment.invoice_payload == "order-7"


async def test_charge_ids_are_never_reused_by_a_new_emulator(emu):
    """A sandbox started again over the same database must not repeat an earlier run's charge id."""
    again = BotApiEmulator()
    for emulator in (emu, again):
        emulator.add_user(ALICE, "Alice")
    charges = [
        (await emulator.successful_payment(ALICE, "order-7", 6800))["message"]["successful_payment"]
        for emulator in (emu, again)
    ]
    assert charges[0]["telegram_payment_charge_id"] != charges[1]["telegram_payment_charge_id"]
    assert charges[0]["provider_payment_charge_id"] != charges[1]["provider_payment_charge_id"]
