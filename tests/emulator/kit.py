"""What the emulator's tests share: the user, the raw client, the keyboard and the violations."""

from __future__ import annotations

import aiohttp
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.telegram.emulator import BotApiEmulator

ALICE = 1001
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.upper() or "?", callback_data=d) for d in data]])


async def post(emu: BotApiEmulator, method: str, *, token: str | None = None, **kwargs) -> tuple[int, dict]:
    """A raw request, as another client library would send it."""
    url = f"{emu.base_url}{token or emu.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, await response.json()


def take_violations(emu: BotApiEmulator) -> list[str]:
    found = list(emu.violations)
    emu.violations.clear()
    return found
