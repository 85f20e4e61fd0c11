"""Members browsing the catalog: `python -m bench.browse [--url URL] [--members N] [--seconds S]`.

The bot runs as its own process (`python -m bot run`, its rate limiter on, as in production)
against the Bot API emulator with Telegram's limits switched on at Telegram's own rates (30
messages a second overall, one a second to a chat): no time compression, since the point is what
the bot's own limiter makes of calls that Telegram does not count.

1. Browsing: `members` members each open the menu (untimed), then for `seconds` tap through the
   catalog's lists (hot products, counties, categories, a county's or a category's page), each
   tap an edit of the screen in place, thinking `think` seconds (0.5–1.5× at random) after each
   answer. Prints the tap's answer p50 / p99 (from the tap reaching the emulator to
   answerCallbackQuery reaching it), the screen's (to the edit reaching it), answers later than
   15 s (Telegram has dropped the query by then: the member saw a spinner and then nothing) and
   the emulator's 429s.
2. Browsing during a broadcast: a broadcast to `recipients` more members (and the browsers) goes
   out at BROADCAST_RATE (25/s) while `broadcast_tappers` of the browsers go on browsing, until
   everyone but them has it (theirs waits until they pause: the bot keeps bulk sends off a chat
   in use). Prints the taps' figures meanwhile, the broadcast's rate and its 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select

from bench.process import cpu_seconds, start_bot
from bot.store_setup import open_store
from bot.telegram import callbacks
from bot.telegram.emulator import BotApiEmulator
from store import broadcasts, catalog, demo, roles
from store.broadcast_models import Broadcast, BroadcastStatus
from store.models import Member, Role

FIRST = 40_000_000  # browsers; the broadcast's other recipients follow them
TOO_LATE = 15.0  # seconds after which Telegram no longer takes a callback query's answer
MARK = "渝交会网上展销会今天开幕"  # the broadcast's text
EDITS = frozenset({"editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup"})


@dataclass
class Taps:
    """What the emulator saw of the members' taps: when each was answered and its screen shown."""

    answered: dict[str, asyncio.Future[float]] = field(default_factory=dict)  # query id -> time
    screens: dict[int, list[asyncio.Future[float]]] = field(default_factory=dict)  # chat -> waiting
    current: dict[int, str] = field(default_factory=dict)  # chat -> the screen last asked for
    announced: dict[int, float] = field(default_factory=dict)  # chat the broadcast reached -> time

    def on_call(self, method: str, params: dict, result: object) -> None:
        now = time.perf_counter()
        if method == "answerCallbackQuery":
            waiting = self.answered.get(params["callback_query_id"])
            if waiting is not None and not waiting.done():
                waiting.set_result(now)
        elif method == "sendMessage" and MARK in params.get("text", ""):
            self.announced[int(params["chat_id"])] = now
        elif method in EDITS and "chat_id" in params:
            # One member's updates are handled in order, so an edit in their chat shows their
            # oldest tap still waiting for its screen.
            queue = self.screens.get(int(params["chat_id"]))
            while queue:
                if not (waiting := queue.pop(0)).done():
                    waiting.set_result(now)
                    break


@dataclass
class Sample:
    answers: list[float] = field(default_factory=list)  # seconds from tap to answer
    shown: list[float] = field(default_factory=list)  # seconds from tap to the screen's edit
    late: int = 0  # answered after TOO_LATE
    unanswered: int = 0  # not answered within the wait

    def add(self, other: Sample) -> None:
        self.answers += other.answers
        self.shown += other.shown
        self.late += other.late
        self.unanswered += other.unanswered


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else float("nan")
    )


def screens(county_ids: list[int], category_ids: list[int]) -> list[str]:
    """The catalog's list screens a member pages through (each an edit of the tapped message)."""
    return [
        callbacks.make("hot", 0),
        callbacks.make("hot", 1),
        callbacks.make("counties"),
        callbacks.make("categories"),
        *(callbacks.make("county", county, 0) for county in county_ids),
        *(callbacks.make("category", category, 0) for category in category_ids),
    ]


async def open_menu(emulator: BotApiEmulator, user: int) -> int:
    await emulator.send_text(user, "/menu")
    await emulator.wait_for(lambda: emulator.messages(user), timeout=120)
    return emulator.messages(user)[-1]["message_id"]


async def open_menus(emulator: BotApiEmulator, members: list[int]) -> dict[int, int]:
    """Each member's menu message (untimed). The menus are new messages: 15 a second, since PTB's
    limiter lets a burst of 30 and then 30 a second through, which the emulator's "30 in any
    second" refuses."""
    menus = {}
    for start in range(0, len(members), 15):
        batch = members[start : start + 15]
        opened, _ = await asyncio.gather(
            asyncio.gather(*(open_menu(emulator, user) for user in batch)), asyncio.sleep(1)
        )
        menus.update(zip(batch, opened, strict=True))
    await asyncio.sleep(2)
    emulator.limits.reset()
    return menus


async def browse(
    emulator: BotApiEmulator,
    taps: Taps,
    user: int,
    message_id: int,
    choices: list[str],
    *,
    think: float,
    until: asyncio.Event,
) -> Sample:
    """One member tapping from list to list until `until` is set; a tap's answer is awaited (at
    most twice TOO_LATE), then the member thinks."""
    rng = random.Random(f"{user}:{len(taps.answered)}")
    sample = Sample()
    shown: list[tuple[float, asyncio.Future[float]]] = []
    loop = asyncio.get_running_loop()
    while not until.is_set():
        # Not the screen the message shows: Telegram refuses an edit that changes nothing.
        data = rng.choice([c for c in choices if c != taps.current.get(user)])
        taps.current[user] = data
        answer, screen = loop.create_future(), loop.create_future()
        taps.screens.setdefault(user, []).append(screen)
        tap = await emulator.tap(user, message_id, data, forged=True)
        started = time.perf_counter()
        taps.answered[tap["callback_query"]["id"]] = answer
        shown.append((started, screen))
        try:
            async with asyncio.timeout(2 * TOO_LATE):
                at = await answer
        except TimeoutError:
            sample.unanswered += 1
            continue
        sample.answers.append(at - started)
        sample.late += at - started > TOO_LATE
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    with_screens = [(started, s) for started, s in shown if not s.cancelled()]
    if with_screens:
        await asyncio.wait([s for _, s in with_screens], timeout=2 * TOO_LATE)
    sample.shown = [s.result() - started for started, s in with_screens if s.done()]
    return sample


async def phase(
    emulator: BotApiEmulator, taps: Taps, people: dict[int, int], choices: list[str], think: float, stop
) -> Sample:
    """`people` (user -> their menu message) browse until `stop()` returns."""
    until = asyncio.Event()
    members = [
        asyncio.create_task(browse(emulator, taps, user, message, choices, think=think, until=until))
        for user, message in people.items()
    ]
    await stop()
    until.set()
    total = Sample()
    for sample in await asyncio.gather(*members):
        total.add(sample)
    return total


def report(name: str, sample: Sample, too_many: int, early: int, cpu: float) -> None:
    taps = len(sample.answers) + sample.unanswered
    print(
        f"  {name}: {taps} taps, answered p50 {statistics.median(sample.answers) * 1000:.0f} ms, "
        f"p99 {percentile(sample.answers, 0.99) * 1000:.0f} ms; screen shown p50 "
        f"{statistics.median(sample.shown) * 1000:.0f} ms, p99 {percentile(sample.shown, 0.99) * 1000:.0f} ms"
    )
    print(
        f"    answered after {TOO_LATE:.0f} s: {sample.late}, unanswered: {sample.unanswered}; "
        f"429s {too_many}, early retries {early}; bot CPU {cpu:.1f} s, {cpu / max(taps, 1) * 1000:.2f} ms a tap"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--members", type=int, default=200, help="members browsing in phase 1")
    parser.add_argument("--seconds", type=float, default=45, help="how long phase 1 runs")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between an answer and the next tap"
    )
    parser.add_argument("--recipients", type=int, default=1000, help="the broadcast's recipients (phase 2)")
    parser.add_argument("--broadcast-tappers", type=int, default=50, help="members browsing during it")
    args = parser.parse_args()
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = await open_store(url)
    browsers = [FIRST + i for i in range(args.members)]
    recipients = [FIRST + args.members + i for i in range(args.recipients)]
    async with db.begin() as session:
        await demo.seed(session)
        branch = (await session.scalar(select(Member.branch_id).limit(1))) or 1
        rows = [
            {"telegram_user_id": user, "display_name": f"m{user}", "branch_id": branch, "locale": "zh-CN"}
            for user in browsers + recipients
        ]
        await session.execute(insert(Member), rows)
        await roles.grant(session, telegram_user_id=recipients[0], role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == recipients[0]))
        county_ids = [county.id for county, _ in await catalog.counties(session)]
        category_ids = [category.id for category, _ in await catalog.categories(session)]
    choices = screens(county_ids, category_ids)

    emulator = BotApiEmulator(bot_username="aixin_bench_bot", limits=True)
    await emulator.start()
    for user in browsers + recipients:
        emulator.add_user(user, f"m{user}")
    taps = Taps()
    emulator.on_call = taps.on_call
    bot = await start_bot(emulator, url, quiet_hours="0-0")
    menus = await open_menus(emulator, browsers)
    print(
        f"{db.dialect}: {args.members} members browsing for {args.seconds:g} s, think {args.think:g} s; "
        f"then a broadcast to {args.recipients} while {args.broadcast_tappers} browse"
    )

    cpu = cpu_seconds(bot.pid)
    browsing = await phase(emulator, taps, menus, choices, args.think, lambda: asyncio.sleep(args.seconds))
    cpu = cpu_seconds(bot.pid) - cpu
    report("browsing", browsing, len(emulator.limits.too_many), len(emulator.limits.early_retries), cpu)

    await asyncio.sleep(3)  # the last screens out, and a second for every chat
    emulator.limits.reset()
    cpu = cpu_seconds(bot.pid)
    async with db.begin() as session:
        broadcast = await broadcasts.create(
            session, organiser_id=organiser, text=MARK, send_at=datetime.now(UTC)
        )
    started = time.perf_counter()

    # A tapper's chat gets the broadcast once they pause (the bot keeps bulk sends off a chat in
    # use), so the phase lasts until everyone else has it.
    tappers = dict(list(menus.items())[: args.broadcast_tappers])
    others = set(browsers + recipients) - set(tappers)

    async def others_have_it() -> None:
        async with asyncio.timeout(len(others) / 25 * 4 + 120):
            while not others <= taps.announced.keys():  # noqa: ASYNC110 - filled by the emulator's hook
                await asyncio.sleep(0.25)

    during = await phase(emulator, taps, tappers, choices, args.think, others_have_it)
    wall, cpu = time.perf_counter() - started, cpu_seconds(bot.pid) - cpu
    too_many = len(emulator.limits.too_many)
    report("during the broadcast", during, too_many, len(emulator.limits.early_retries), cpu)
    sent = sorted(taps.announced[chat] for chat in others)
    print(
        f"    broadcast: {len(others)} members not tapping had it in {wall:.1f} s, the first after "
        f"{sent[0] - started:.1f} s, then {(len(sent) - 1) / (sent[-1] - sent[0]):.1f}/s"
    )
    async with asyncio.timeout(120):
        while True:
            async with db.read() as session:
                if (await session.get(Broadcast, broadcast.id)).status == BroadcastStatus.done:
                    break
            await asyncio.sleep(0.25)
    for method, chat, seconds, _ in emulator.limits.too_many[:10]:
        print(
            f"    429: {method} to {chat} ({'a tapper' if chat in tappers else 'not tapping'}), {seconds} s"
        )
    print(
        f"    the tappers had it {len(taps.announced.keys() & set(tappers))} of {len(tappers)}, "
        f"429s after they stopped {len(emulator.limits.too_many) - too_many}"
    )
    bot.send_signal(signal.SIGTERM)
    await bot.wait()
    await emulator.stop()
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
