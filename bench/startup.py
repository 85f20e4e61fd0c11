"""Start-up: `python -m bench.startup [--runs N]`.

How long `python -m bot run` takes from its exec to its first getUpdates reaching the Bot API
emulator (ready to serve), on a migrated SQLite file with the demo catalog; the first start, which
creates the file, is not timed. Prints each run and the median, and the same for a bare
`python -c "import bot.cli"` (the interpreter and the imports every command pays).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.telegram.emulator import BotApiEmulator


async def _ready_seconds(emulator: BotApiEmulator, url: str) -> float:
    seen = len(emulator.calls)  # a call is listed when it arrives (a long poll answers much later)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "DATABASE_URL": url,
        "WEBHOOK_URL": "",
    }
    started = time.perf_counter()
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        async with asyncio.timeout(60):
            while not any(method == "getUpdates" for method, _ in emulator.calls[seen:]):  # noqa: ASYNC110 - polled
                await asyncio.sleep(0.005)
            return time.perf_counter() - started
    finally:
        bot.terminate()
        await bot.wait()


async def _ready_runs(url: str, runs: int) -> list[float]:
    async with BotApiEmulator(bot_username="aixin_bench_bot") as emulator:
        await _ready_seconds(emulator, url)  # untimed: a first start warms the OS's caches
        return [await _ready_seconds(emulator, url) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'aixin.db'}"
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([sys.executable, "-m", "bot", "seed-demo"], env=env, check=True, capture_output=True)
        ready = asyncio.run(_ready_runs(url, args.runs))
    imports = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import bot.cli"], check=True)
        imports.append(time.perf_counter() - started)
    print(
        f"ready (first getUpdates): {', '.join(f'{s:.2f}' for s in ready)} s; median {statistics.median(ready):.2f} s"
    )
    print(
        f"import bot.cli:           {', '.join(f'{s:.2f}' for s in imports)} s; median {statistics.median(imports):.2f} s"
    )


if __name__ == "__main__":
    main()
