"""The emulator's reading of the Bot API spec and of Telegram's HTML."""

from __future__ import annotations

import pytest

from bot.telegram.emulator.spec import HtmlError, load_spec, parse_html


def test_spec_decodes_by_field_type():
    spec = load_spec()
    form = {
        "chat_id": "42",
        "text": "42",
        "reply_markup": '{"force_reply": true}',
        "disable_notification": "false",
    }
    assert spec.decode("sendMessage", form) == {
        "chat_id": 42,
        "text": "42",
        "reply_markup": {"force_reply": True},
        "disable_notification": False,
    }
    assert spec.decode("sendMessage", {"chat_id": "@channel"})["chat_id"] == "@channel"
    assert spec.method("sendmessage") == "sendMessage" and spec.method("nope") is None


def test_spec_picks_the_concrete_type_of_a_union():
    spec = load_spec()
    assert spec.check({"type": "photo", "id": "1", "photo_file_id": "f"}, ["InlineQueryResult"]) == []
    assert (
        spec.check(
            {"type": "photo", "id": "1", "photo_url": "u", "thumbnail_url": "t"}, ["InlineQueryResult"]
        )
        == []
    )
    [problem] = spec.check({"type": "photo", "id": "1"}, ["InlineQueryResult"], "r")
    assert "required" in problem
    assert "unknown type 'poem'" in spec.check({"type": "poem", "id": "1"}, ["InlineQueryResult"], "r")[0]
    content = {"message_text": "x" * 4097}
    assert "4097 characters" in spec.check(content, ["InputMessageContent"], "c")[0]
    markup = {"keyboard": [[{"text": "a"}]], "is_persistent": True}
    assert spec.validate("sendMessage", {"chat_id": 1, "text": "a", "reply_markup": markup}) == []


def test_html_parse_mode():
    text, entities = parse_html('<b>粗 <i>x</i></b> &lt;3 😀<a href="https://e.org">l</a>')
    assert text == "粗 x <3 😀l"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "italic", "offset": 2, "length": 1},
        {"type": "text_link", "url": "https://e.org", "offset": 9, "length": 1},  # 😀 is 2 UTF-16 units
    ]
    for bad in ("<b>x", "<b><i>x</b></i>", "<div>x</div>", "<span>x</span>", "a < b"):
        with pytest.raises(HtmlError):
            parse_html(bad)
