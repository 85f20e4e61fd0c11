"""A broadcast to 50,000 members: `python -m bench.broadcast [--url URL] [--members N] [--scale K]`.

The bot runs as its own process (`python -m bot run`) against the Bot API emulator with Telegram's
limits switched on; time is compressed by scaling the emulator's overall limit (30/s) and the bot's
BROADCAST_RATE (25/s) by the same factor K. Prints the achieved rate as a share of BROADCAST_RATE,
429s and duplicates; how fast 50 members' button taps were answered meanwhile (p50/p99); and the
bot process's resident memory idle with N members, and at its peak.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bench.process import start_bot
from bot.store_setup import open_store
from bot.telegram import callbacks
from bot.telegram.emulator import BotApiEmulator
from store import broadcasts, demo, roles
from store.broadcast_models import Broadcast, BroadcastStatus
from store.models import Member, Role

FIRST = 30_000_000
TAPPERS = 50


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--scale", type=float, default=20)
    args = parser.parse_args()
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    rate = 25 * args.scale
    db = await open_store(url)
    async with db.begin() as session:
        await demo.seed(session)
        branch = (await session.scalar(select(Member.branch_id).limit(1))) or 1
        rows = [
            {"telegram_user_id": FIRST + i, "display_name": f"m{i}", "branch_id": branch, "locale": "zh-CN"}
            for i in range(args.members)
        ]
        for start in range(0, len(rows), 10_000):
            await session.execute(insert(Member), rows[start : start + 10_000])
        await roles.grant(session, telegram_user_id=FIRST, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == FIRST))

    emulator = BotApiEmulator(bot_username="aixin_bench_bot", limits=True, global_rate=30 * args.scale)
    await emulator.start()
    for i in range(args.members):
        emulator.add_user(FIRST + i, f"m{i}")
    answered: dict[str, float] = {}
    emulator.on_call = lambda method, params, result: (
        answered.__setitem__(params["callback_query_id"], time.perf_counter())
        if method == "answerCallbackQuery"
        else None
    )
    bot = await start_bot(emulator, url, broadcast_rate=str(rate), quiet_hours="0-0")
    await asyncio.sleep(2)
    idle = rss_mb(bot.pid, "VmRSS")

    cpu_before, wall_before, own_before = cpu_seconds(bot.pid), time.perf_counter(), time.process_time()
    async with db.begin() as session:
        broadcast = await broadcasts.create(
            session, organiser_id=organiser, text="渝交会网上展销会今天开幕", send_at=datetime.now(UTC)
        )
    taps_chats = {FIRST + 1 + i for i in range(TAPPERS)}
    latencies = await asyncio.gather(*(_tapper(emulator, answered, chat) for chat in sorted(taps_chats)))
    async with asyncio.timeout(args.members / rate * 4 + 120):
        while True:
            async with db.read() as session:
                if (await session.get(Broadcast, broadcast.id)).status == BroadcastStatus.done:
                    break
            await asyncio.sleep(0.5)
    peak = rss_mb(bot.pid, "VmHWM")
    cpu, wall = cpu_seconds(bot.pid) - cpu_before, time.perf_counter() - wall_before
    own = time.process_time() - own_before
    bot.send_signal(signal.SIGTERM)
    await bot.wait()

    announced = [
        int(p["chat_id"]) for method, p in emulator.calls if method == "sendMessage" and "渝交会" in p["text"]
    ]
    # The emulator logs every call, also those it refused with 429; those were sent again later.
    refused = Counter(chat for method, chat, _, _ in emulator.limits.too_many if method == "sendMessage")
    received = Counter(announced) - refused
    times = sorted(
        t for chat, sends in emulator.limits.sent_at.items() if chat not in taps_chats for t in sends
    )
    achieved = (len(times) - 1) / (times[-1] - times[0])
    taps = sorted(t for series in latencies for t in series)
    print(
        f"{db.dialect}: {args.members:,} members, BROADCAST_RATE {rate:g}/s (×{args.scale:g}), emulator limit {30 * args.scale:g}/s"
    )
    print(f"  achieved {achieved:7.1f} msg/s = {achieved / rate:.2f} of BROADCAST_RATE")
    print(
        f"  429s {len(emulator.limits.too_many)}, early retries {len(emulator.limits.early_retries)}, "
        f"received by {len(received):,}, duplicates {sum(received.values()) - len(received)}"
    )
    print(
        f"  {TAPPERS} members tapping meanwhile: answered p50 {statistics.median(taps):.0f} ms, p99 {taps[int(len(taps) * 0.99) - 1]:.0f} ms"
    )
    print(f"  bot process RSS idle {idle:.0f} MB, peak {peak:.0f} MB")
    print(
        f"  bot process CPU {cpu:.1f} s over {wall:.1f} s ({cpu / wall:.0%} of a core), "
        f"{cpu / len(announced) * 1000:.2f} ms per message; the emulator's process {own / wall:.0%} of a core"
    )
    await emulator.stop()
    await db.dispose()


async def _tapper(emulator: BotApiEmulator, answered: dict[str, float], user: int) -> list[float]:
    """A member paging through hot products while the broadcast goes out."""
    rng = random.Random(user)
    await emulator.send_text(user, "/menu")
    await emulator.wait_for(lambda: emulator.messages(user), timeout=60)
    card = emulator.messages(user)[-1]
    result = []
    for _ in range(10):
        tap = await emulator.tap(
            user, card["message_id"], callbacks.make("hot", rng.randrange(3)), forged=True
        )
        started = time.perf_counter()
        query = tap["callback_query"]["id"]
        async with asyncio.timeout(30):
            while query not in answered:  # noqa: ASYNC110 - the emulator's hook is synchronous
                await asyncio.sleep(0.005)
        result.append((answered[query] - started) * 1000)
        await asyncio.sleep(rng.uniform(0.5, 1.5))
    return result


if __name__ == "__main__":
    asyncio.run(main())
