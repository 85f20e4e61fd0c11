"""The webhook refuses early: without the right secret a request is answered 403 before its body
is read, a body past 1 MB gets 413 (told by its Content-Length, or cut off while read when it has
none), and malformed JSON with the right secret gets 400; three 95 MB uploads at once leave the
bot's memory as it was."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest

from bot.telegram.emulator import BotApiEmulator
from bot.web import MAX_UPDATE_BYTES
from tests.bot_process import read_until, rss_kb, start, stop
from tests.chat import start_chat

SECRET = "s3cret"
PATH = "/telegram"


@pytest.fixture
async def webhook(demo_db, unused_tcp_port):
    chat = await start_chat(
        demo_db,
        webhook_url=f"http://127.0.0.1:{unused_tcp_port}{PATH}",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        port=unused_tcp_port,
    )
    try:
        yield chat
    finally:
        await chat.stop()
    assert chat.emulator.violations == []


def head(port: int, *, secret: str | None, length: int | None = None) -> bytes:
    lines = [f"POST {PATH} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: application/json"]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def status(reader: asyncio.StreamReader) -> int:
    async with asyncio.timeout(10):
        line = await reader.readline()
    return int(line.split()[1])


async def answer_to_head_alone(port: int, **head_args) -> int:
    """The status answered to a request's head, none of its body sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head(port, **head_args))
        await writer.drain()
        return await status(reader)
    finally:
        writer.close()


async def post(port: int, body: bytes, *, secret: str | None = SECRET) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head(port, secret=secret, length=len(body)) + body)
        await writer.drain()
        return await status(reader)
    finally:
        writer.close()


async def test_without_the_secret_a_request_is_refused_before_its_body(webhook):
    port = webhook.settings.port
    for secret in (None, "wrong", ""):
        assert await answer_to_head_alone(port, secret=secret, length=95_000_000) == 403
    assert await answer_to_head_alone(port, secret=None) == 403  # chunked, no length


async def test_a_body_past_1_mb_is_refused(webhook):
    port = webhook.settings.port
    assert await answer_to_head_alone(port, secret=SECRET, length=MAX_UPDATE_BYTES + 1) == 413
    # Without a length (chunked) the body is read up to the limit, then refused.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head(port, secret=SECRET))
        chunk = b" " * 65_536
        with contextlib.suppress(ConnectionError):  # the server may stop listening once it has said no
            for _ in range(MAX_UPDATE_BYTES // len(chunk) + 2):
                writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                await writer.drain()
        assert await status(reader) == 413
    finally:
        writer.close()


async def test_malformed_json_with_the_secret_is_a_bad_request(webhook):
    port = webhook.settings.port
    for body in (b"{not json", b"[]", b"{}", "\ufeff{".encode()):
        assert await post(port, body) == 400, body
    alice = webhook.member("alice")
    await alice.send("/start")  # delivered by the emulator's webhook POST, with the secret
    assert "请选择语言" in alice.last
    assert webhook.emulator.webhook_last_error is None


async def test_an_update_with_the_secret_is_answered_once_it_is_queued(webhook):
    port = webhook.settings.port
    alice = webhook.member("alice")
    update = {
        "update_id": 777_001,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": alice.id, "type": "private"},
            "from": {"id": alice.id, "is_bot": False, "first_name": "alice"},
            "text": "/start",
        },
    }
    assert await post(port, json.dumps(update).encode()) == 200
    async with asyncio.timeout(10):
        await webhook.application.wait_processed(777_001)
    assert "请选择语言" in alice.last


UPLOAD = 95 * 1024 * 1024


async def upload_without_secret(port: int) -> int | None:
    """A 95 MB body without the secret, sent whole; the status answered, if the server let it finish."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    chunk = bytes(1024 * 1024)
    try:
        writer.write(head(port, secret=None, length=UPLOAD))
        for _ in range(UPLOAD // len(chunk)):
            writer.write(chunk)
            await writer.drain()
        return await status(reader)
    except ConnectionError:
        return None
    finally:
        writer.close()


async def test_three_95_mb_uploads_leave_the_bots_memory_as_it_was(tmp_path, unused_tcp_port):
    """`python -m bot run` in webhook mode; its VmRSS, read while three strangers upload 95 MB each
    at once, stays within 20 MB of what it was idle."""
    emulator = BotApiEmulator(bot_username="aixin_test_bot")
    await emulator.start()
    port = unused_tcp_port
    bot = await start(
        "run",
        telegram_bot_token=emulator.token,
        telegram_api_base_url=emulator.base_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'aixin.db'}",
        webhook_url=f"http://127.0.0.1:{port}{PATH}",
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        port=str(port),
    )
    try:
        await read_until(bot, "serving webhook")
        assert await post(port, b"{}", secret=None) == 403  # the refusal's code has run once
        await asyncio.sleep(0.5)
        idle = rss_kb(bot.pid)
        peak = idle
        uploads = asyncio.gather(*(upload_without_secret(port) for _ in range(3)))
        while not uploads.done():
            peak = max(peak, rss_kb(bot.pid))
            await asyncio.sleep(0.01)
        answers = await uploads
        assert answers and all(answer in (403, None) for answer in answers), answers
        assert peak - idle < 20 * 1024, f"idle {idle} kB, {peak} kB during the uploads"
    finally:
        await stop(bot)
        await emulator.stop()
