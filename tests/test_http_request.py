"""The bot's HTTP client (bot/http_request.py) against a real HTTP server: what it puts on the
wire (one JSON body per call, multipart for uploads), PTB's own errors for Telegram's refusals,
connections kept alive and replaced, chunked answers, downloads, timeouts and TLS."""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
import time

import pytest
import trustme
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.http_request import HttpRequest

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
        self.peers: list[tuple] = []  # the client's address of each request: its connection
        self.chunked = self.close = False
        self.delay = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            body = {k: v.file.read() if isinstance(v, web.FileField) else v for k, v in form.items()}
        else:
            body = await request.read()
        self.requests.append((request.match_info["method"], request.content_type, body))
        self.peers.append(request.transport.get_extra_info("peername"))
        await asyncio.sleep(self.delay)
        status, answer = self.answer
        headers = {"Connection": "close"} if self.close else None
        if not self.chunked:
            return web.json_response(answer, status=status, headers=headers)
        response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        encoded = json.dumps(answer).encode()
        for at in range(0, len(encoded), 7):  # many small chunks
            await response.write(encoded[at : at + 7])
        await response.write_eof()
        return response

    async def download(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG " * 10_000)


async def serve(server: Telegram, tls: ssl.SSLContext | None = None):
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", server.handle)
    app.router.add_get("/file/bot{token}/{path}", server.download)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls).start()
    scheme = "https" if tls else "http"
    server.base_url = f"{scheme}://localhost:{runner.addresses[0][1]}/bot"
    return runner


@pytest.fixture
async def telegram():
    server = Telegram()
    runner = await serve(server)
    yield server
    await runner.cleanup()


def make_bot(telegram: Telegram, request: HttpRequest) -> Bot:
    # not Bot.initialize: it would ask getMe, which this server does not answer
    return Bot(
        TOKEN,
        base_url=telegram.base_url,
        base_file_url=telegram.base_url.replace("/bot", "/file/bot"),
        request=request,
    )


@pytest.fixture
async def bot(telegram):
    request = HttpRequest(timeout=2)
    yield make_bot(telegram, request)
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


async def test_calls_share_one_kept_alive_connection(telegram, bot):
    for _ in range(5):
        await bot.send_message(1001, "hi")
    assert len(telegram.peers) == 5 and len(set(telegram.peers)) == 1


async def test_a_connection_the_server_closes_is_replaced(telegram, bot):
    telegram.close = True
    for _ in range(3):
        assert (await bot.send_message(1001, "hi")).message_id == 5
    assert len(set(telegram.peers)) == 3


async def test_a_chunked_answer_is_read_whole(telegram, bot):
    telegram.chunked = True
    sent = await bot.send_message(1001, "hi")
    assert sent.text == "城口老腊肉"
    telegram.chunked = False
    await bot.send_message(1001, "hi")  # the connection is still in step
    assert len(set(telegram.peers)) == 1


async def test_a_slow_answer_times_out_and_the_next_call_gets_a_fresh_connection(telegram, bot):
    telegram.delay = 1.0
    with pytest.raises(TimedOut):
        await bot.send_message(1001, "hi", read_timeout=0.2)
    telegram.delay = 0
    assert (await bot.send_message(1001, "hi")).message_id == 5
    assert len(set(telegram.peers)) == 2  # the late answer was not read as this call's


async def test_a_download_reads_the_file(telegram, bot):
    data = await bot.request.retrieve(telegram.base_url.replace("/bot", "/file/bot") + TOKEN + "/photo.png")
    assert data == b"\x89PNG " * 10_000


async def test_no_server_is_a_network_error():
    request = HttpRequest(timeout=2)
    bot = Bot(TOKEN, base_url="http://127.0.0.1:9/bot", request=request)
    with pytest.raises(NetworkError):
        await bot.send_message(1001, "hi")


async def test_https_is_verified(tmp_path):
    authority = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(server_tls)
    telegram = Telegram()
    runner = await serve(telegram, server_tls)
    try:
        trusting = ssl.create_default_context()
        authority.configure_trust(trusting)
        request = HttpRequest(tls=trusting, timeout=2)
        assert (await make_bot(telegram, request).send_message(1001, "hi")).message_id == 5
        await request.shutdown()

        stranger = HttpRequest(timeout=2)  # trusts the system's authorities, not this one
        with pytest.raises(NetworkError, match="CERTIFICATE_VERIFY_FAILED"):
            await make_bot(telegram, stranger).send_message(1001, "hi")
    finally:
        await runner.cleanup()


OK = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}'


async def raw_server(answer):
    """A server that reads one request per connection, answers it with `answer(writer)`, and
    returns (server, url)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        await answer(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/botX/getMe"


def serve_in_a_thread(answer) -> str:
    """`raw_server` on its own thread and loop, so it acts while this test's loop is blocked."""
    ready, found = threading.Event(), {}

    async def run() -> None:
        found["server"], found["url"] = await raw_server(answer)
        ready.set()
        await asyncio.sleep(30)

    threading.Thread(target=asyncio.run, args=(run(),), daemon=True).start()
    ready.wait(5)
    return found["url"]


async def test_a_connection_closed_while_the_loop_was_busy_is_not_reused():
    async def answer_then_close(writer):  # as a server's idle timeout would, soon after
        writer.write(OK)
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()

    url = serve_in_a_thread(answer_then_close)
    request = HttpRequest(timeout=2)
    assert await request.post_json(url, {}) == (200, b'{"ok":true}')
    time.sleep(0.3)  # noqa: ASYNC251 - the loop busy (as with a handler's CPU work) while the server closes
    assert await request.post_json(url, {}) == (200, b'{"ok":true}')
    await request.shutdown()


async def test_bytes_nobody_asked_for_end_the_connection():
    async def answer_twice(writer):
        writer.write(OK + OK.replace(b"true", b"nope"))  # the second answer must not be the next call's
        await writer.drain()
        await asyncio.sleep(1)

    server, url = await raw_server(answer_twice)
    request = HttpRequest(timeout=2)
    assert await request.post_json(url, {}) == (200, b'{"ok":true}')
    assert await request.post_json(url, {}) == (200, b'{"ok":true}')
    await request.shutdown()
    server.close()


async def test_waiting_for_a_free_connection_times_out_as_asked():
    async def never(writer):
        await asyncio.sleep(5)

    server, url = await raw_server(never)
    request = HttpRequest(connections=1, timeout=2)
    busy = asyncio.create_task(request.exchange(url, "POST", b"", None, read=5, write=1, connect=1, pool=1))
    await asyncio.sleep(0.1)
    with pytest.raises(TimedOut):
        await request.exchange(url, "POST", b"", None, read=5, write=1, connect=1, pool=0.2)
    busy.cancel()
    await request.shutdown()
    server.close()


async def test_an_upload_from_a_file_is_whole_when_sent_again(telegram, bot, tmp_path):
    path = tmp_path / "visits.csv"
    path.write_bytes(b"member,visits\n" * 100)
    with path.open("rb") as handle:
        document = InputFile(handle, filename="visits.csv", read_file_handle=False)
        for _ in range(2):  # as the rate limiter's retry sends it again
            await bot.send_document(1001, document)
    assert [form["document"] for _, _, form in telegram.requests] == [path.read_bytes()] * 2
