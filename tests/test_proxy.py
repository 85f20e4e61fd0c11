"""TELEGRAM_PROXY_URL: members in mainland China reach Telegram only through a proxy. Every Bot API
call goes through it — the bot's replies and long polling, and the broadcast sender's sends — over a
real HTTP or SOCKS5 proxy (pproxy) in front of the emulator."""

from __future__ import annotations

import contextlib
import re

import pproxy
import pytest

from bot.outbox import BotApiSend
from bot.settings import Settings
from locales import Translator
from store.broadcast_models import Broadcast, Delivery


@contextlib.asynccontextmanager
async def proxy(scheme: str):
    """A proxy on a free port; yields its URL and the list of (host, port) it connected to."""
    seen: list[tuple[str, int]] = []

    def log(line: str) -> None:  # pproxy's one line per connection: "http 127.0.0.1:… -> 127.0.0.1:8081"
        if found := re.search(r"-> .*?([\w.]+):(\d+)\s*$", line):
            seen.append((found[1], int(found[2])))

    server = await pproxy.Server(f"{scheme}://127.0.0.1:0").start_server({"rserver": [], "verbose": log})
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"{scheme}://127.0.0.1:{port}", seen
    finally:
        server.close()


@pytest.mark.parametrize("scheme", ["http", "socks5"])
async def test_a_member_is_answered_through_the_proxy(demo_db, scheme):
    from tests.chat import start_chat

    async with proxy(scheme) as (url, seen):
        tg = await start_chat(demo_db, telegram_proxy_url=url)
        try:
            alice = tg.member("alice")
            await alice.send("/start")
            assert "请选择语言" in alice.last
            await alice.tap("中文")  # a tap: answered, and the screen edited, through the proxy too
            assert "市财政局" in alice.buttons
            emulator_port = int(tg.emulator.base_url.split(":")[2].split("/")[0])
        finally:
            await tg.stop()
    assert seen and {port for _, port in seen} == {emulator_port}


@pytest.mark.parametrize("scheme", ["http", "socks5"])
async def test_a_broadcast_goes_out_through_the_proxy(scheme):
    from bot.telegram.emulator import BotApiEmulator

    async with BotApiEmulator() as emulator, proxy(scheme) as (url, seen):
        emulator.add_user(7001, "alice")
        send = BotApiSend(emulator.base_url, emulator.token, Translator(), "aixin_test_bot", proxy=url)
        async with send:
            outcome = await send(
                Broadcast(id=1, text="渝交会网上展销会今天开幕", photo="", kind="fairs"),
                Delivery(id=1, broadcast_id=1, chat_id=7001, locale="zh-CN", attempts=0),
            )
        assert outcome.kind == "sent"
        assert emulator.messages(7001)[-1]["text"].startswith("渝交会网上展销会今天开幕")
    assert seen


def test_a_proxy_url_of_no_known_kind_is_one_line():
    from bot.operator_errors import check_settings

    settings = Settings(telegram_bot_token="1:x", telegram_proxy_url="ftp://127.0.0.1:21", _env_file=None)
    assert check_settings(settings, "run") == (
        "TELEGRAM_PROXY_URL must start with http://, https://, socks5://, socks5h://: "
        "for example socks5://127.0.0.1:1080"
    )
