"""The bot as its own process (`python -m bot run`) against the emulator, as production runs it
against Telegram: shared by the benchmarks."""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys
from pathlib import Path

from bot.telegram.emulator import BotApiEmulator


async def start_bot(
    emulator: BotApiEmulator, database_url: str, *, module: str = "bot", **settings: str
) -> asyncio.subprocess.Process:
    """Start the bot with `settings` (environment names in lower case) and wait until it serves;
    `module` another bot to run the same way (bench/echo_bot.py)."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "DATABASE_URL": database_url,
        "WEBHOOK_URL": "",
        **{key.upper(): value for key, value in settings.items()},
    }
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *(("run",) if module == "bot" else ()),
        env=env,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    async with asyncio.timeout(60):
        while b"serving by long polling" not in await bot.stderr.readline():
            pass
    asyncio.get_running_loop().create_task(_drain(bot.stderr))  # its log must not fill the pipe
    return bot


def _die_with_parent() -> None:
    """In the child: killed when the benchmark ends, however it ends (a benchmark that failed left
    its bot running, logging into a closed pipe, and it distorted every later measurement)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux), to cost work per operation:
    unlike rates, it does not depend on what else the shared machine is running."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
