"""`python -m bot …` as a real process, as an operator starts it, from async tests (so that an
emulator in the test's own event loop keeps answering meanwhile)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass

# The bot's settings a test sets itself; none leak in from the environment the tests run in.
_SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "DATABASE_URL", "WEBHOOK_URL", "WEBHOOK_SECRET")


def environment(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS}
    env.update({"PYTHONUNBUFFERED": "1", "QUIET_HOURS": "0-0"})
    env.update({key.upper(): str(value) for key, value in settings.items()})
    return env


async def start(
    *args: str, cwd=None, prefix: tuple[str, ...] = (), **settings: str
) -> asyncio.subprocess.Process:
    """`aixin ARGS` with `settings`, its stderr and stdout in one pipe, stdin a pipe left open."""
    return await asyncio.create_subprocess_exec(
        *prefix,
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=environment(**settings),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def finish(*args: str, cwd=None, prefix: tuple[str, ...] = (), **settings: str) -> Finished:
    """`aixin ARGS` run to its end, with no input."""
    process = await asyncio.create_subprocess_exec(
        *prefix,
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=environment(**settings),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(120):
        out, err = await process.communicate()
    return Finished(process.returncode, out.decode(), err.decode())


async def read_until(process: asyncio.subprocess.Process, marker: str, *, timeout: float = 60) -> str:  # noqa: ASYNC109
    """What the process printed up to the line with `marker`."""
    seen = []
    async with asyncio.timeout(timeout):
        while True:
            line = (await process.stdout.readline()).decode()
            if not line:
                raise AssertionError(f"the process exited before printing {marker!r}:\n{''.join(seen)}")
            seen.append(line)
            if marker in line:
                return "".join(seen)


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await process.communicate()


def rss_kb(pid: int) -> int:
    """The process's resident memory (VmRSS), in kB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmRSS for pid {pid}")
