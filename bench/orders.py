"""Orders per second: `python -m bench.orders [--url URL] [--members N] [--concurrency C] [--rounds R]`.

Three ways of buying, `concurrency` members at a time, each member one paid order:
1. place + pay: two transactions straight through the store functions, the least a paid order costs.
2. The bot's store calls straight through the store: what the bot does for a paid order through
   Telegram Payments, without Telegram or the bot: place, approve the pre-checkout query, record
   the payment in the inbox, apply it (four transactions, reading the member where the bot does).
   This is the bare ceiling that issue #3's target is set against: no bot, however quick, does
   less store work for an order paid through Telegram Payments.
3. End to end: members tap 一键下单 on a product card and pay the invoice, with the bot running as
   its own process (`python -m bot run`) against the Bot API emulator over HTTP, as it would run
   against Telegram.
The three alternate for `rounds` rounds, new members each time, so that all meet the same moods of
a shared machine. Each round prints paid orders per second and CPU per paid order for each, the end
to end rate's ratio to both store rates, and how fast the order tap's callback was answered (from
the tap reaching the emulator to answerCallbackQuery reaching it); the last lines are medians,
the bot's CPU for opening the product's card, which each member does before the timed part, and
the issue's two targets.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from bench.process import cpu_seconds, start_bot
from bot.store_setup import open_store
from bot.telegram.emulator import BotApiEmulator
from store import demo, members, orders, payments, roles, settlement
from store.models import Branch, Product, Role

FIRST_USER = 20_000_000


async def prepare(db, count: int, offset: int) -> tuple[list[tuple[int, int]], int]:
    """`count` registered members with a delivery contact (member id, Telegram user id), and a
    product with plenty of stock."""
    ids = []
    async with db.begin() as session:
        branch_id = await session.scalar(select(Branch.id).limit(1))
        for i in range(count):
            member = await members.ensure(
                session, telegram_user_id=FIRST_USER + offset + i, display_name=f"m{i}"
            )
            member.branch_id = branch_id
            member.contact_name, member.contact_phone, member.contact_address = (
                "张三",
                "13800138000",
                "重庆市渝中区人民路1号",
            )
            ids.append((member.id, member.telegram_user_id))
        product_id = await session.scalar(select(Product.id).where(Product.charity_item).limit(1))
        await session.execute(update(Product).where(Product.id == product_id).values(stock=10_000_000))
    return ids, product_id


async def bare(
    db, people: list[tuple[int, int]], product_id: int, concurrency: int, *, as_the_bot: bool
) -> tuple[float, float]:
    """Paid orders per second and CPU ms per paid order, straight through the store: place + pay
    (two transactions), or `as_the_bot` does it through Telegram Payments (place, approve the
    pre-checkout query, record the payment, apply it: four transactions, the bot's store calls)."""
    gate = asyncio.Semaphore(concurrency)

    async def buy(member_id: int, user: int) -> None:
        async with gate:
            now = datetime.now(UTC)
            async with db.begin() as session:
                if as_the_bot:  # the bot reads the member in the transaction that places the order
                    await members.by_telegram_id(session, user)
                order = await orders.place(
                    session,
                    member_id=member_id,
                    product_id=product_id,
                    quantity=1,
                    key=f"bare:{member_id}",
                    now=now,
                )
            charge = f"bare:{order.id}"
            if not as_the_bot:
                async with db.begin() as session:
                    await settlement.pay(
                        session,
                        order_id=order.id,
                        amount=order.total_fen,
                        currency="CNY",
                        now=now,
                        charge_id=charge,
                    )
                return
            async with db.begin() as session:
                await settlement.approve_checkout(
                    session,
                    order_id=order.id,
                    telegram_user_id=user,
                    amount=order.total_fen,
                    currency="CNY",
                    now=now,
                )
            paid = payments.Reported(
                charge, charge, user, payments.payload_for(order.id), order.total_fen, "CNY"
            )
            async with db.begin() as session:
                await payments.record(session, [paid], now=now)
            async with db.begin() as session:
                await members.by_telegram_id(session, user)
                applied = await payments.apply(session, charge_id=charge, now=now)
                await roles.holders(session, role=Role.supplier, scope_id=applied.order.supplier_id)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(buy(m, u) for m, u in people))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(people) / elapsed, cpu / len(people) * 1000


@dataclass
class Round:
    rate: float  # paid orders per second
    cpu_ms: float  # bot process CPU per paid order
    busy: float  # share of a core the bot process used
    taps_ms: list[float]  # each tap until its answer, in the order members tapped
    card_cpu_ms: float  # bot process CPU per product card shown (before the timed part)


class Shop:
    """The bot as its own process (`python -m bot run`), as in production; Telegram is the emulator."""

    def __init__(self, url: str, product_id: int, concurrency: int) -> None:
        self.url, self.product_id = url, product_id
        self.gate = asyncio.Semaphore(concurrency)
        self.emulator = BotApiEmulator(bot_username="aixin_bench_bot")
        self.inbox: dict[int, asyncio.Queue] = {}
        self.owner: dict[str, int] = {}  # callback and pre-checkout query id → user
        self.answered: dict[str, float] = {}

    async def start(self, *, rate_limit: bool) -> None:
        await self.emulator.start()
        self.emulator.on_call = self._on_call
        self.bot = await start_bot(
            self.emulator,
            self.url,
            payment_provider_token="bench:provider",
            telegram_rate_limit="1" if rate_limit else "0",
        )

    async def stop(self) -> None:
        self.bot.send_signal(signal.SIGTERM)
        await self.bot.wait()
        await self.emulator.stop()
        assert not self.emulator.violations, self.emulator.violations[:3]

    def _on_call(self, method: str, params: dict, result: object) -> None:
        if method == "answerCallbackQuery":
            self.answered[params["callback_query_id"]] = time.perf_counter()
        query = params.get("callback_query_id") or params.get("pre_checkout_query_id")
        chat = int(params["chat_id"]) if "chat_id" in params else self.owner.get(query)
        if chat in self.inbox:
            self.inbox[chat].put_nowait(method)

    async def _expect(self, user: int, method: str) -> None:
        async with asyncio.timeout(120):
            while await self.inbox[user].get() != method:
                pass

    async def _show_card(self, user: int) -> tuple[int, str]:
        async with self.gate:
            await self.emulator.send_text(user, f"/start p_{self.product_id}")
            await self._expect(user, "sendMessage")
        card = self.emulator.messages(user)[-1]
        key = next(
            k
            for row in card["reply_markup"]["inline_keyboard"]
            for k in row
            if "callback_data" in k and k["callback_data"].startswith("1:order:")
        )
        return card["message_id"], key["callback_data"]

    async def _buy(self, user: int, card: tuple[int, str]) -> float:
        async with self.gate:
            at = time.perf_counter()
            tap = await self.emulator.tap(user, card[0], card[1])
            query = tap["callback_query"]["id"]
            self.owner[query] = user
            await self._expect(user, "sendInvoice")
            invoice = next(
                p
                for m, p in reversed(self.emulator.calls)
                if m == "sendInvoice" and int(p["chat_id"]) == user
            )
            total = sum(price["amount"] for price in invoice["prices"])
            checkout = await self.emulator.pre_checkout(user, invoice["payload"], total, "CNY")
            self.owner[checkout["pre_checkout_query"]["id"]] = user
            await self._expect(user, "answerPreCheckoutQuery")
            assert self.emulator.pre_checkout_answers[checkout["pre_checkout_query"]["id"]]["ok"]
            await self.emulator.successful_payment(user, invoice["payload"], total, "CNY")
            await self._expect(user, "sendMessage")
            return (self.answered[query] - at) * 1000

    async def round(self, users: list[int], *, profile: str | None = None) -> Round:
        """`users` each open the product's card (untimed), then tap 一键下单 and pay (timed)."""
        for user in users:
            self.inbox[user] = asyncio.Queue()
            self.emulator.add_user(user, f"m{user}")
        card_cpu = cpu_seconds(self.bot.pid)
        cards = await asyncio.gather(*(self._show_card(u) for u in users))
        card_cpu = (cpu_seconds(self.bot.pid) - card_cpu) / len(users) * 1000
        spy = await profiler(self.bot.pid, profile) if profile else None
        started, cpu = time.perf_counter(), cpu_seconds(self.bot.pid)
        taps = await asyncio.gather(*(self._buy(u, c) for u, c in zip(users, cards, strict=True)))
        elapsed, cpu = time.perf_counter() - started, cpu_seconds(self.bot.pid) - cpu
        if spy:
            spy.send_signal(signal.SIGINT)
            await spy.wait()
        return Round(len(users) / elapsed, cpu / len(users) * 1000, cpu / elapsed, list(taps), card_cpu)


async def profiler(pid: int, out: str) -> asyncio.subprocess.Process:
    """py-spy sampling the bot process while members buy (its collapsed stacks go to `out`)."""
    spy = await asyncio.create_subprocess_exec(
        *("py-spy", "record", "--pid", str(pid), "--rate", "250", "--format", "raw", "--output", out),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    await asyncio.sleep(1)  # py-spy attaches before the first member taps
    return spy


def _pct(sample: list[float], q: int) -> float:
    ordered = sorted(sample)
    return statistics.median(ordered) if q == 50 else ordered[max(0, int(len(ordered) * q / 100) - 1)]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--members", type=int, default=500, help="members per round and side")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--telegram-rate-limit",
        action="store_true",
        help="keep the 30 messages/s limiter on (it then bounds the end-to-end rate, not this code)",
    )
    parser.add_argument("--profile", metavar="FILE", help="py-spy the bot in the last round (needs py-spy)")
    args = parser.parse_args()
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = await open_store(url)
    async with db.begin() as session:
        await demo.seed(session)
    n, c = args.members, args.concurrency
    groups = [await prepare(db, n, offset) for offset in range(0, 3 * n * args.rounds, n)]
    product_id = groups[0][1]
    shop = Shop(url, product_id, c)
    await shop.start(rate_limit=args.telegram_rate_limit)
    print(f"{db.dialect}: {n} members a side and round, {c} at a time; paid orders/s (CPU ms per paid order)")
    print(
        "  round   place+pay   the bot's store calls   end to end   ratio to each   bot busy   tap p50/p99 ms: first C · rest"
    )
    figures: dict[str, list[float]] = {
        "min": [],
        "bot": [],
        "e2e": [],
        "cpu min": [],
        "cpu bot": [],
        "cpu e2e": [],
    }
    firsts, rests, card_cpu = [], [], []
    for r in range(args.rounds):
        minimal, minimal_cpu = await bare(db, groups[3 * r][0], product_id, c, as_the_bot=False)
        store, store_cpu = await bare(db, groups[3 * r + 1][0], product_id, c, as_the_bot=True)
        got = await shop.round(
            [user for _, user in groups[3 * r + 2][0]], profile=args.profile if r == args.rounds - 1 else None
        )
        # The first C members tap within the same few milliseconds; later taps arrive as members
        # finish paying. Both are shown: the burst costs CPU that no order can skip.
        first, rest = got.taps_ms[:c], got.taps_ms[c:]
        firsts += first
        card_cpu.append(got.card_cpu_ms)
        rests += rest
        for key, value in zip(
            figures, (minimal, store, got.rate, minimal_cpu, store_cpu, got.cpu_ms), strict=True
        ):
            figures[key].append(value)
        print(
            f"  {r + 1:5d}   {minimal:5.1f} ({minimal_cpu:4.1f})   {store:13.1f} ({store_cpu:4.1f})"
            f"   {got.rate:5.1f} ({got.cpu_ms:4.1f})   {got.rate / minimal:5.0%} · {got.rate / store:4.0%}"
            f"   {got.busy:8.0%}   {_pct(first, 50):.0f}/{_pct(first, 99):.0f} · "
            + (f"{_pct(rest, 50):.0f}/{_pct(rest, 99):.0f}" if rest else "-")
        )
    await shop.stop()
    median = {key: statistics.median(values) for key, values in figures.items()}
    ratio = {
        key: statistics.median(e / b for e, b in zip(figures["e2e"], figures[key], strict=True))
        for key in ("min", "bot")
    }
    print(
        f"  medians: end to end {ratio['bot']:.0%} of the bot's store calls straight through the store,"
        f" {ratio['min']:.0%} of place + pay; CPU per paid order {median['cpu min']:.1f} · {median['cpu bot']:.1f}"
        f" · {median['cpu e2e']:.1f} ms (place + pay · the bot's store calls · the bot process)"
    )
    print(
        f"  order tap answered, every round's taps together: first {c} at once p50 {_pct(firsts, 50):.0f}"
        f" / p99 {_pct(firsts, 99):.0f} ms"
        + (f"; the rest p50 {_pct(rests, 50):.0f} / p99 {_pct(rests, 99):.0f} ms" if rests else "")
    )
    print(
        f"  a product card opened (/start p_…, before each round): {statistics.median(card_cpu):.1f} ms of bot CPU"
    )
    # Issue #3's targets. Its bare ceiling, "paid-order transactions straight through the store
    # functions", is the store work of a paid order the bot takes: the bot's four store calls.
    # Place + pay (the offline path's two) is printed beside it for reference (bench/README.md).
    burst = _pct(firsts, 99)

    def verdict(met: bool) -> str:
        return "met" if met else "NOT met"

    print(
        f"  targets: end to end ≥ 60% of the bare ceiling (the bot's store calls): {ratio['bot']:.0%}"
        f" ({verdict(ratio['bot'] >= 0.6)}; of place + pay, for reference: {ratio['min']:.0%});"
        f" tap answered p99 < 300 ms at {c} at once on SQLite: {burst:.0f} ms"
        + (f" ({verdict(burst < 300)})" if db.dialect == "sqlite" else " (the target is SQLite's)")
    )
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
