"""The Bot API emulator's flood limits, driven by a real python-telegram-bot Bot without a rate limiter.

Tests that need exact timing freeze the emulator's clock (`emu.limits.clock`) and move it by hand; the others
run on the real monotonic clock with rates scaled up, so the whole file takes a couple of seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Sequence

import aiohttp
import pytest
from telegram import Bot
from telegram.error import Forbidden, RetryAfter

from bot.limiter import CHAT_MESSAGES
from bot.telegram.emulator import BotApiEmulator
from bot.telegram.emulator.limits import FLOOD_LIMITED, FloodLimits

# PTB warns that RetryAfter.retry_after becomes a timedelta, on every 429 it raises.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
GROUP = -100_200


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def start():
    """start(users=n, **emulator kwargs) -> (emulator, Bot); users 1..n and GROUP exist."""
    running: list[tuple[BotApiEmulator, Bot]] = []

    async def start(*, users: int = 3, **kwargs) -> tuple[BotApiEmulator, Bot]:
        emu = await BotApiEmulator(**kwargs).start()
        for user_id in range(1, users + 1):
            emu.add_user(user_id, f"User {user_id}")
        emu.add_group(GROUP, "Buyers")
        bot = Bot(emu.token, base_url=emu.base_url)
        await bot.initialize()
        running.append((emu, bot))
        return emu, bot

    yield start
    for emu, bot in running:
        await bot.shutdown()
        await emu.stop()
        assert emu.violations == []


def seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def outcomes(bot: Bot, chats: Sequence[int], *, together: bool = False) -> list[str]:
    """Send one message to each chat (in turn, or all at once): "ok" or "429" for each."""

    async def one(chat: int) -> str:
        try:
            await bot.send_message(chat, f"hello {chat}")
        except RetryAfter:
            return "429"
        return "ok"

    if together:
        return list(await asyncio.gather(*(one(chat) for chat in chats)))
    return [await one(chat) for chat in chats]


def most_in_window(times: list[float], window: float) -> int:
    """The most of `times` (sorted) within any half-open `window` seconds."""
    most, first = 0, 0
    for last, t in enumerate(times):
        while times[first] <= t - window:
            first += 1
        most = max(most, last - first + 1)
    return most


async def post(emu: BotApiEmulator, method: str, **params) -> tuple[int, dict]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emu.base_url}{emu.token}/{method}", json=params) as response,
    ):
        return response.status, await response.json()


async def test_private_chat_second_quick_send_is_429_early_retry_caught_and_waiting_works(start):
    emu, bot = await start(limits=True)
    await bot.send_message(1, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "two")
    wait = seconds(caught.value)
    assert wait == 1  # less than a second to wait, rounded up
    assert [(m, c, n) for m, c, n, _ in emu.limits.too_many] == [("sendMessage", 1, 1)]
    assert emu.limits.early_retries == []

    with pytest.raises(RetryAfter):
        await bot.send_message(1, "two, too early")
    assert [(m, c) for m, c, _, _ in emu.limits.early_retries] == [("sendMessage", 1)]
    assert 0 < emu.limits.early_retries[0][2] <= 1  # how much too early
    assert len(emu.limits.too_many) == 2  # an early retry is answered 429 as well

    await asyncio.sleep(wait + 0.02)
    await bot.send_message(1, "two, on time")
    assert len(emu.limits.early_retries) == 1
    first, second = emu.limits.sent_at[1]
    assert second - first >= 1.0
    assert [m["text"] for m in emu.messages(1)] == ["one", "two, on time"]


async def test_429_answer_is_exactly_telegrams(start):
    clock = FakeClock()
    emu, bot = await start(limits=True, clock=clock)
    status, body = await post(emu, "sendMessage", chat_id=2, text="a")
    assert status == 200 and body["ok"] is True
    clock.advance(0.25)
    assert emu.limits.retry_after("sendMessage", {"chat_id": 2}) == 1
    status, body = await post(emu, "sendMessage", chat_id=2, text="b")
    assert (status, body) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    assert emu.limits.too_many == [("sendMessage", 2, 1, 1000.25)]
    assert emu.limits.retry_after("sendMessage", {"chat_id": 2}) == 1  # asking records nothing
    assert emu.limits.too_many == [("sendMessage", 2, 1, 1000.25)] and emu.limits.early_retries == []
    assert emu.limits.retry_after("sendMessage", {"chat_id": 3}) is None
    assert emu.limits.sent_at == {2: [1000.0]}


async def test_global_limit_30_a_second_across_chats(start):
    clock = FakeClock()
    emu, bot = await start(users=41, limits=True, clock=clock)
    results = await outcomes(bot, range(1, 41))  # 40 sends to 40 chats, all within the same instant
    assert results == ["ok"] * 30 + ["429"] * 10
    assert emu.limits.too_many[0] == ("sendMessage", 31, 1, 1000.0)
    # The global 429 holds every chat: the 9 sends after it, to other chats, came too early.
    assert [chat for _, chat, _, _ in emu.limits.early_retries] == list(range(32, 41))
    assert len(emu.limits.too_many) == 10

    clock.advance(0.999)
    assert await outcomes(bot, [41]) == ["429"]
    clock.advance(0.001)
    assert await outcomes(bot, range(31, 42)) == ["ok"] * 11
    assert len(emu.limits.early_retries) == 10
    assert sum(len(times) for times in emu.limits.sent_at.values()) == 41


async def test_global_limit_on_the_real_clock_sends_at_once(start):
    emu, bot = await start(users=40, limits=True)  # global_rate 30, chat_rate 1
    results = await outcomes(bot, range(1, 41), together=True)
    assert "429" in results
    assert {chat for _, chat, _, _ in emu.limits.too_many} == {
        c for c, r in zip(range(1, 41), results, strict=True) if r == "429"
    }
    everything = sorted(t for times in emu.limits.sent_at.values() for t in times)
    assert len(everything) == results.count("ok") and most_in_window(everything, 1.0) <= 30


async def test_scaled_global_rate_lets_40_chats_through(start):
    emu, bot = await start(users=40, limits=True, global_rate=300)
    assert emu.limits.chat_rate == 1.0
    results = await outcomes(bot, range(1, 41), together=True)
    assert results == ["ok"] * 40
    assert emu.limits.too_many == [] and emu.limits.early_retries == []
    assert sorted(emu.limits.sent_at) == list(range(1, 41))


async def test_group_limit_count_per_window(start):
    clock = FakeClock()
    emu, bot = await start(limits=True, clock=clock, group_limit=3, group_window=2.0)
    # One a second is for private chats; a group takes a burst up to its limit.
    assert await outcomes(bot, [GROUP] * 3) == ["ok"] * 3
    clock.advance(0.2)
    assert await outcomes(bot, [GROUP]) == ["429"]
    assert emu.limits.too_many == [("sendMessage", GROUP, 2, 1000.2)]  # 1.8 s until the first send leaves
    assert await outcomes(bot, [1]) == ["ok"]  # other chats are not held

    clock.advance(1.0)
    assert await outcomes(bot, [GROUP]) == ["429"]
    assert [(chat, round(early, 6)) for _, chat, early, _ in emu.limits.early_retries] == [(GROUP, 1.0)]
    clock.advance(1.0)
    assert await outcomes(bot, [GROUP] * 3) == ["ok"] * 3  # the first three left the window at 1002.0
    assert await outcomes(bot, [GROUP]) == ["429"]
    assert most_in_window(emu.limits.sent_at[GROUP], 2.0) == 3


async def test_random_429_is_reproducible_with_a_seed(start):
    async def run(seed: int) -> tuple[list[str], list[tuple[int, int]]]:
        emu, bot = await start(users=40, limits=True, global_rate=1000)
        emu.limits.random_429(0.3, low=2, high=4, seed=seed)
        results = await outcomes(bot, range(1, 41))
        assert emu.limits.early_retries == []
        return results, [(chat, n) for _, chat, n, _ in emu.limits.too_many]

    first, again, other = await run(7), await run(7), await run(8)
    assert first == again and first != other
    results, too_many = first
    assert 0 < results.count("429") < 40
    assert [chat for chat, _ in too_many] == [
        c for c, r in zip(range(1, 41), results, strict=True) if r == "429"
    ]
    assert {n for _, n in too_many} <= {2, 3, 4}


async def test_random_429_holds_the_chat_and_switches_off(start):
    clock = FakeClock()
    emu, bot = await start(clock=clock)  # random 429s work with the limits off too
    emu.limits.random_429(1.0, low=2, high=2, seed=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "x")
    assert seconds(caught.value) == 2
    emu.limits.random_429(0)
    clock.advance(1.5)
    assert await outcomes(bot, [1, 2]) == ["429", "ok"]  # chat 1 was told 2 s; chat 2 was not held
    assert [chat for _, chat, _, _ in emu.limits.early_retries] == [1]
    clock.advance(0.5)
    assert await outcomes(bot, [1, 1, 1]) == ["ok"] * 3
    with pytest.raises(ValueError):
        emu.limits.random_429(1.5)
    with pytest.raises(ValueError):
        emu.limits.random_429(0.5, low=0)


async def test_limits_off_never_429(start):
    emu, bot = await start(users=50)
    assert emu.limits.enabled is False
    assert await outcomes(bot, [1] * 20 + [GROUP] * 25) == ["ok"] * 45
    assert await outcomes(bot, range(1, 51), together=True) == ["ok"] * 50
    assert emu.limits.too_many == [] and emu.limits.early_retries == []
    sent = emu.limits.sent_at
    assert len(sent[1]) == 21 and len(sent[GROUP]) == 25  # sends are timed all the same
    assert emu.limits.retry_after("sendMessage", {"chat_id": 1}) is None


async def test_only_sends_count_and_blocked_users_still_get_403(start):
    clock = FakeClock()
    emu, bot = await start(limits=True, clock=clock)
    message = await bot.send_message(1, "one")
    # Chat actions, edits and get/delete calls are not limited and not counted.
    await bot.send_chat_action(1, "typing")
    await bot.edit_message_text("one, edited", chat_id=1, message_id=message.message_id)
    await bot.get_chat(1)
    await bot.delete_message(1, message.message_id)
    assert emu.limits.too_many == [] and emu.limits.sent_at == {1: [1000.0]}
    assert await outcomes(bot, [1]) == ["429"]

    emu.block(2)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(2, "hi")
    with pytest.raises(Forbidden):  # a refused send is not counted against the chat
        await bot.send_message(2, "hi")
    assert 2 not in emu.limits.sent_at and len(emu.limits.too_many) == 1


async def test_limits_can_be_switched_and_rescaled_on_a_running_emulator(start):
    clock = FakeClock()
    emu, bot = await start(clock=clock)
    assert await outcomes(bot, [1, 1]) == ["ok", "ok"]
    emu.limits.enabled = True
    emu.limits.chat_rate = 20.0  # one each 50 ms
    assert await outcomes(bot, [1, 1]) == ["ok", "429"]
    clock.advance(1.0)
    emu.limits.reset()
    assert emu.limits.too_many == [] and emu.limits.sent_at == {}
    emu.limits.chat_rate = None  # no per-chat limit
    assert await outcomes(bot, [1] * 5) == ["ok"] * 5


def test_bookkeeping_stays_small_for_50000_chats():
    """The benchmark's shape: 50,000 chats once each at 600/s, on the limits alone (no HTTP)."""
    clock = FakeClock()
    limits = FloodLimits(enabled=True, global_rate=600, clock=clock)
    for chat in range(1, 50_001):
        clock.advance(1 / 599)
        assert limits.refusal("sendMessage", chat, clock.now) is None
        limits.count(chat, clock.now)
    assert limits.too_many == []
    assert len(limits.sent_at) == 50_000
    assert len(limits._private_last) <= 2 * 4096 and len(limits._global_sends) <= 600


def test_the_bots_limiter_counts_the_calls_the_emulator_counts():
    assert CHAT_MESSAGES == FLOOD_LIMITED  # both from Telegram's limits on messages to a chat
