"""Taps against a bare python-telegram-bot bot: `python -m bench.taps [--members N] [--seconds S] [--rounds R]`.

Both bots run as their own process against the Bot API emulator at Telegram's limits, in turn,
`rounds` times: bench/echo_bot.py (answers a tap and edits the message, nothing else) and Aixin
(`python -m bot run` on a new SQLite file with the demo catalog, its limiter on).

1. Flat out: `members` members tap with no think time (each taps again the moment its tap is
   answered) for `seconds`; taps answered a second, and Aixin's ÷ the echo bot's in the same round.
   Aixin's taps page through the catalog's lists as bench.browse's do (hot, counties, categories,
   a county's or a category's page: each an answer and an edit of the screen in place).
2. Half load: Aixin's members tap at half the rate Aixin reached in step 1, at random moments
   (Poisson arrivals, each from a member whose last tap was answered): answered p50 / p99.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from bench.browse import TOO_LATE, Sample, Taps, open_menus, percentile, phase, screens
from bench.process import cpu_seconds, start_bot
from bot.store_setup import open_store
from bot.telegram.emulator import BotApiEmulator
from store import catalog, demo
from store.models import Member

FIRST = 41_000_000


async def _store(members: list[int]) -> tuple[str, list[str]]:
    url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'taps.db'}"
    db = await open_store(url)
    async with db.begin() as session:
        await demo.seed(session)
        branch = (await session.scalar(select(Member.branch_id).limit(1))) or 1
        rows = [
            {"telegram_user_id": u, "display_name": f"m{u}", "branch_id": branch, "locale": "zh-CN"}
            for u in members
        ]
        await session.execute(insert(Member), rows)
        counties = [county.id for county, _ in await catalog.counties(session)]
        categories = [category.id for category, _ in await catalog.categories(session)]
    await db.dispose()
    return url, screens(counties, categories)


async def _half_load(
    emulator: BotApiEmulator,
    taps: Taps,
    menus: dict[int, int],
    choices: list[str],
    rate: float,
    seconds: float,
) -> tuple[Sample, int]:
    """Taps arriving at `rate` a second at random; a tap due while every member waits is skipped."""
    rng = random.Random(7)
    idle, sample, skipped, running = list(menus), Sample(), 0, set()
    loop = asyncio.get_running_loop()

    async def one(user: int) -> None:
        data = rng.choice([c for c in choices if c != taps.current.get(user)])
        taps.current[user] = data
        answer = loop.create_future()
        tap = await emulator.tap(user, menus[user], data, forged=True)
        started = time.perf_counter()
        taps.answered[tap["callback_query"]["id"]] = answer
        try:
            async with asyncio.timeout(2 * TOO_LATE):
                sample.answers.append(await answer - started)
        except TimeoutError:
            sample.unanswered += 1
        await asyncio.sleep(0.3)  # the screen is edited meanwhile
        idle.append(user)

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        await asyncio.sleep(rng.expovariate(rate))
        if not idle:
            skipped += 1
            continue
        task = asyncio.create_task(one(idle.pop(rng.randrange(len(idle)))))
        running.add(task)
        task.add_done_callback(running.discard)
    await asyncio.gather(*running)
    return sample, skipped


async def _round(
    module: str, url: str, members: list[int], choices: list[str], seconds: float, half: float | None
):
    emulator = BotApiEmulator(bot_username=f"{module}_bench_bot", limits=True)
    await emulator.start()
    for user in members:
        emulator.add_user(user, f"m{user}")
    taps = Taps()
    emulator.on_call = taps.on_call
    bot = await start_bot(emulator, url, module=module, quiet_hours="0-0")
    try:
        menus = await open_menus(emulator, members)
        cpu = cpu_seconds(bot.pid)
        flat = await phase(emulator, taps, menus, choices, 0.0, lambda: asyncio.sleep(seconds))
        cpu = cpu_seconds(bot.pid) - cpu
        rate = len(flat.answers) / seconds
        loaded = None
        if half is not None:
            await asyncio.sleep(2)
            loaded = await _half_load(emulator, taps, menus, choices, half or rate / 2, seconds)
        return rate, percentile(flat.answers, 0.99), cpu / max(len(flat.answers), 1), loaded
    finally:
        bot.send_signal(signal.SIGTERM)
        await bot.wait()
        await emulator.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100, help="members tapping")
    parser.add_argument("--seconds", type=float, default=20, help="how long each phase runs")
    parser.add_argument("--rounds", type=int, default=3, help="echo bot and Aixin in turn, this many times")
    args = parser.parse_args()
    members = [FIRST + i for i in range(args.members)]
    url, choices = await _store(members)
    print(f"{args.members} members, {args.seconds:g} s a phase, {args.rounds} rounds")
    ratios, p99s = [], []
    for n in range(args.rounds):
        echo, echo_p99, echo_cpu, _ = await _round(
            "bench.echo_bot", "", members, ["a", "b", "c"], args.seconds, None
        )
        rate, p99, cpu, (loaded, skipped) = await _round("bot", url, members, choices, args.seconds, 0)
        ratios.append(rate / echo)
        p99s.append(percentile(loaded.answers, 0.99))
        print(
            f"round {n + 1}: flat out echo {echo:.0f} taps/s (p99 {echo_p99 * 1000:.0f} ms, {echo_cpu * 1000:.2f} ms CPU a tap), "
            f"Aixin {rate:.0f} taps/s (p99 {p99 * 1000:.0f} ms, {cpu * 1000:.2f} ms CPU a tap): ratio {rate / echo:.2f}"
        )
        print(
            f"  half load ({rate / 2:.0f}/s): {len(loaded.answers)} taps answered p50 "
            f"{statistics.median(loaded.answers) * 1000:.0f} ms, p99 {p99s[-1] * 1000:.0f} ms; "
            f"unanswered {loaded.unanswered}, skipped (every member waiting) {skipped}"
        )
    print(
        f"median ratio {statistics.median(ratios):.2f}, median half-load p99 {statistics.median(p99s) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
