"""The bot's rate limiter (bot/limiter.py) against the emulator at Telegram's limits: it counts
what Telegram counts, new messages, and lets edits and answers to taps through at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

import pytest
from telegram.ext import ExtBot

from bot.limiter import ChatRateLimiter
from bot.telegram.emulator import BotApiEmulator
from jobs.pacing import ChatClock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def emulator():
    async with BotApiEmulator() as emu:
        for user in range(1, 301):
            emu.add_user(user, f"User {user}")
        yield emu
        assert emu.violations == []


@pytest.fixture
async def bot(emulator):
    """The bot's limiter as bot/app.py builds it, over a fresh ChatClock."""
    bot = ExtBot(
        emulator.token, base_url=emulator.base_url, rate_limiter=ChatRateLimiter(ChatClock(), max_retries=3)
    )
    await bot.initialize()
    yield bot
    await bot.shutdown()


async def _cards(emulator: BotApiEmulator, users: range) -> dict[int, int]:
    """A bot message with a button in each user's chat (sent with the limits off): chat -> message id."""
    plain = ExtBot(emulator.token, base_url=emulator.base_url)
    async with plain:
        return {user: (await plain.send_message(user, "城口老腊肉")).message_id for user in users}


async def _seconds(started: float, call: Awaitable[object]) -> float:
    await call
    return time.perf_counter() - started


async def test_edits_and_tap_answers_do_not_wait_behind_new_messages_and_nothing_draws_a_429(emulator):
    # The limiter's overall rate scaled down to 2 a second, so that what it holds back is told from
    # what a busy machine is slow at by many seconds: counted with the messages, the edits took 16 s.
    bot = ExtBot(
        emulator.token,
        base_url=emulator.base_url,
        rate_limiter=ChatRateLimiter(ChatClock(), max_retries=3, overall_max_rate=2),
    )
    cards = await _cards(emulator, range(101, 131))
    taps = [
        (await emulator.tap(user, cards[user], "1:hot:0", forged=True))["callback_query"]["id"]
        for user in range(101, 131)
    ]
    emulator.limits.reset()
    emulator.limits.enabled = True  # 30 new messages a second overall, one a second to a chat

    async with bot:
        started = time.perf_counter()
        messages = [_seconds(started, bot.send_message(user, "付款成功")) for user in range(1, 5)]
        edits = [
            _seconds(started, bot.edit_message_text("热销好物 第 2 页", chat_id=user, message_id=cards[user]))
            for user in range(101, 131)
        ]
        answers = [_seconds(started, bot.answer_callback_query(query)) for query in taps]
        done = await asyncio.gather(*messages, *edits, *answers)

    assert max(done[4:]) < 5, f"edits and answers took up to {max(done[4:]):.2f} s"
    assert max(done[:4]) >= 0.9  # 2 at once, the other 2 one each 0.5 s: still counted
    assert set(emulator.callback_answers) == set(taps)
    assert [m["text"] for m in emulator.messages(130)] == ["热销好物 第 2 页"]
    assert sorted(emulator.limits.sent_at) == list(range(1, 5))
    assert emulator.limits.too_many == [] and emulator.limits.early_retries == []


async def test_new_messages_are_still_held_to_the_limiters_rate(emulator):
    bot = ExtBot(
        emulator.token,
        base_url=emulator.base_url,
        rate_limiter=ChatRateLimiter(ChatClock(), max_retries=3, overall_max_rate=5),  # scaled down
    )
    emulator.limits.enabled = True
    async with bot:
        started = time.perf_counter()
        done = await asyncio.gather(*(_seconds(started, bot.send_message(u, "开幕")) for u in range(1, 16)))
    assert max(done) >= 1.8  # 5 at once, the other 10 one each 0.2 s
    assert len(emulator.limits.sent_at) == 15 and emulator.limits.too_many == []


async def test_an_edit_refused_429_is_sent_again_after_its_retry_after_while_messages_go_on(emulator, bot):
    cards = await _cards(emulator, range(1, 2))
    emulator.limits.enabled, emulator.limits.chat_rate = True, 1 / 3  # a 429 says: 3 s
    emulator.limits.methods.add("editMessageText")  # as if Telegram counted this chat's edits
    await bot.edit_message_text("第 1 页", chat_id=1, message_id=cards[1])

    started = time.perf_counter()
    edit = asyncio.create_task(
        _seconds(started, bot.edit_message_text("第 2 页", chat_id=1, message_id=cards[1]))
    )
    await emulator.wait_for(lambda: emulator.limits.too_many)
    await asyncio.sleep(0.2)  # the bot has the 429 and waits out its retry_after
    message = await _seconds(time.perf_counter(), bot.send_message(2, "付款成功"))  # not held by it

    assert await edit >= 3.0 and message < 1.5  # held, it went with the edit's retry: after 2.8 s
    assert [(method, chat, seconds) for method, chat, seconds, _ in emulator.limits.too_many] == [
        ("editMessageText", 1, 3)
    ]
    assert emulator.limits.early_retries == []
    assert emulator.message(1, cards[1])["text"] == "第 2 页"


def test_the_clock_forgets_answers_older_than_its_second_without_a_broadcast_asking():
    """A bot that never broadcasts still replies all day: what the Pacer would count stays bounded."""
    from jobs.pacing import ChatClock

    now = [0.0]
    chats = ChatClock(clock=lambda: now[0])
    for i in range(10_000):
        now[0] = i * 0.01  # a hundred replies a second
        chats.leaves()
        chats.replied(i)
    assert len(chats._landed) <= 101
