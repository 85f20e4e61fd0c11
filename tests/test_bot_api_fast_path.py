"""What AiohttpRequest puts on the wire: one JSON body per call, multipart for uploads, and PTB's
own errors for Telegram's refusals."""

from __future__ import annotations

import json

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, RetryAfter

from bot.aiohttp_request import AiohttpRequest

TOKEN = "7000000001:AAEtest"
SENT = {
    "message_id": 5,
    "date": 1764400000,
    "chat": {"id": 1001, "type": "private", "first_name": "Alice"},
    "text": "城口老腊肉",
}


class Telegram:
    """A Bot API server that records each request and answers what the test tells it to."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, bytes | dict]] = []  # method, content type, body or form
        self.answer: tuple[int, dict] = (200, {"ok": True, "result": SENT})

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            body = {k: v.file.read() if isinstance(v, web.FileField) else v for k, v in form.items()}
        else:
            body = await request.read()
        self.requests.append((request.match_info["method"], request.content_type, body))
        status, answer = self.answer
        return web.json_response(answer, status=status)


@pytest.fixture
async def telegram():
    server = Telegram()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.base_url = f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    yield server
    await runner.cleanup()


@pytest.fixture
async def bot(telegram):
    request = AiohttpRequest()
    await request.initialize()  # Bot.initialize would ask getMe, which this server does not answer
    yield Bot(TOKEN, base_url=telegram.base_url, request=request)
    await request.shutdown()


async def test_a_message_with_a_keyboard_is_one_json_body_with_real_types(telegram, bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("一键下单", callback_data="1:order:17")]])
    sent = await bot.send_message(1001, "城口老腊肉", parse_mode="HTML", reply_markup=keyboard)

    method, content_type, body = telegram.requests[-1]
    assert (method, content_type) == ("sendMessage", "application/json")
    assert json.loads(body) == {
        "chat_id": 1001,
        "text": "城口老腊肉",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[{"text": "一键下单", "callback_data": "1:order:17"}]]},
    }
    assert isinstance(sent, Message) and sent.text == "城口老腊肉"


async def test_an_upload_stays_multipart_with_its_fields_encoded_as_ptb_does(telegram, bot):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("返回", callback_data="1:county:3")]])
    await bot.send_photo(
        1001, InputFile(b"\x89PNG fake", filename="p.png"), caption="腊肉", reply_markup=keyboard
    )

    method, content_type, form = telegram.requests[-1]
    assert (method, content_type) == ("sendPhoto", "multipart/form-data")
    assert form["chat_id"] == "1001" and form["caption"] == "腊肉"
    assert json.loads(form["reply_markup"]) == keyboard.to_dict()
    assert form["photo"] == b"\x89PNG fake"


async def test_telegrams_refusals_are_ptbs_errors(telegram, bot):
    telegram.answer = (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(1001, "hi")

    telegram.answer = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(1001, "hi")
