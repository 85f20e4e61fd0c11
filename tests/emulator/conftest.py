"""The emulator under test, its every answer checked against the spec, and a real PTB Bot on it."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
)

from bot.telegram.emulator import BotApiEmulator

from .kit import ALICE


@pytest.fixture
async def emu():
    """An emulator whose every answer is itself checked against the spec's return types."""
    emulator = BotApiEmulator(bot_username="emu_test_bot")
    bad_results: list[str] = []

    def check_result(method, params, result):
        returns = emulator.spec.returns[method]
        bad_results.extend(f"{method} -> {p}" for p in emulator.spec.check(result, returns, "result"))

    emulator.on_call = check_result
    emulator.webhook_retry_delay = 0.05
    async with emulator:
        emulator.add_user(ALICE, "Alice", username="alice")
        yield emulator
    assert bad_results == []
    assert emulator.violations == [], "a test that provokes violations must check and clear them"


@pytest.fixture
async def bot(emu):
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as bot:
        yield bot
