"""Orders per second: `python -m bench.orders [--url URL] [--members N] [--concurrency C]`.

1. The bare store ceiling: place + pay, two transactions per paid order, straight through the
   store functions, `concurrency` members at a time.
2. End to end: the same number of members each tap 一键下单 on a product card and pay the invoice,
   `concurrency` at a time, with the bot running as its own process (`python -m bot run`) against
   the Bot API emulator over HTTP, as it would run against Telegram.
Prints paid orders per second for both, their ratio, and how fast the order tap's callback was
answered (p50/p99, from the tap to answerCallbackQuery reaching the emulator).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from bench.process import cpu_seconds, start_bot
from bot.emulator import BotApiEmulator
from bot.store_setup import open_store
from store import demo, members, orders
from store.models import Branch, Product

FIRST_USER = 20_000_000


async def prepare(db, count: int, offset: int) -> tuple[list[int], int]:
    """`count` registered members with a delivery contact, and a product with plenty of stock."""
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
            ids.append(member.id)
        product_id = await session.scalar(select(Product.id).where(Product.charity_item).limit(1))
        await session.execute(update(Product).where(Product.id == product_id).values(stock=10_000_000))
    return ids, product_id


async def bare(db, member_ids: list[int], product_id: int, concurrency: int) -> tuple[float, float]:
    gate = asyncio.Semaphore(concurrency)

    async def buy(member_id: int) -> None:
        async with gate:
            now = datetime.now(UTC)
            async with db.begin() as session:
                order = await orders.place(
                    session,
                    member_id=member_id,
                    product_id=product_id,
                    quantity=1,
                    key=f"bare:{member_id}",
                    now=now,
                )
            async with db.begin() as session:
                await orders.pay(
                    session,
                    order_id=order.id,
                    amount=order.total_fen,
                    currency="CNY",
                    now=now,
                    charge_id=f"bare:{order.id}",
                )

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(buy(m) for m in member_ids))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(member_ids) / elapsed, cpu / len(member_ids) * 1000


async def end_to_end(
    url: str, users: list[int], product_id: int, concurrency: int, *, rate_limit: bool, profile: str | None
) -> tuple[float, float, list[float]]:
    """The bot as its own process (`python -m bot run`), as in production; Telegram is the emulator here."""
    emulator = BotApiEmulator(bot_username="aixin_bench_bot")
    await emulator.start()
    inbox: dict[int, asyncio.Queue] = {user: asyncio.Queue() for user in users}
    owner: dict[str, int] = {}  # callback and pre-checkout query id → user
    tapped: dict[str, float] = {}
    answered: dict[str, float] = {}

    def on_call(method: str, params: dict, result: object) -> None:
        if method == "answerCallbackQuery":
            answered[params["callback_query_id"]] = time.perf_counter()
        query = params.get("callback_query_id") or params.get("pre_checkout_query_id")
        chat = int(params["chat_id"]) if "chat_id" in params else owner.get(query)
        if chat in inbox:
            inbox[chat].put_nowait(method)

    async def expect(user: int, method: str) -> None:
        async with asyncio.timeout(120):
            while await inbox[user].get() != method:
                pass

    emulator.on_call = on_call
    for user in users:
        emulator.add_user(user, f"m{user}")
    bot = await start_bot(
        emulator, url, payment_provider_token="bench:provider", telegram_rate_limit="1" if rate_limit else "0"
    )
    gate = asyncio.Semaphore(concurrency)

    async def show_card(user: int) -> tuple[int, str]:
        async with gate:
            await emulator.send_text(user, f"/start p_{product_id}")
            await expect(user, "sendMessage")
        card = emulator.messages(user)[-1]
        key = next(
            k
            for row in card["reply_markup"]["inline_keyboard"]
            for k in row
            if "callback_data" in k and k["callback_data"].startswith("1:order:")
        )
        return card["message_id"], key["callback_data"]

    cards = await asyncio.gather(*(show_card(u) for u in users))

    async def buy(user: int, card: tuple[int, str]) -> None:
        async with gate:
            tap = await emulator.tap(user, card[0], card[1])
            query = tap["callback_query"]["id"]
            owner[query] = user
            tapped[query] = time.perf_counter()
            await expect(user, "sendInvoice")
            invoice = next(
                p for m, p in reversed(emulator.calls) if m == "sendInvoice" and int(p["chat_id"]) == user
            )
            total = sum(price["amount"] for price in invoice["prices"])
            checkout = await emulator.pre_checkout(user, invoice["payload"], total, "CNY")
            owner[checkout["pre_checkout_query"]["id"]] = user
            await expect(user, "answerPreCheckoutQuery")
            assert emulator.pre_checkout_answers[checkout["pre_checkout_query"]["id"]]["ok"]
            await emulator.successful_payment(user, invoice["payload"], total, "CNY")
            await expect(user, "sendMessage")

    spy = await profiler(bot.pid, profile) if profile else None
    started, cpu = time.perf_counter(), cpu_seconds(bot.pid)
    await asyncio.gather(*(buy(u, c) for u, c in zip(users, cards, strict=True)))
    rate = len(users) / (time.perf_counter() - started)
    cpu_ms = (cpu_seconds(bot.pid) - cpu) / len(users) * 1000
    if spy:
        spy.send_signal(signal.SIGINT)
        await spy.wait()
    bot.send_signal(signal.SIGTERM)
    await bot.wait()
    await emulator.stop()
    assert not emulator.violations, emulator.violations[:3]
    return rate, cpu_ms, [(answered[q] - t) * 1000 for q, t in tapped.items()]


async def profiler(pid: int, out: str) -> asyncio.subprocess.Process:
    """py-spy sampling the bot process while members buy (its collapsed stacks go to `out`)."""
    spy = await asyncio.create_subprocess_exec(
        "py-spy",
        "record",
        "--pid",
        str(pid),
        "--rate",
        "250",
        "--format",
        "raw",
        "--output",
        out,
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
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument(
        "--telegram-rate-limit",
        action="store_true",
        help="keep the 30 messages/s limiter on (it then bounds the end-to-end rate, not this code)",
    )
    parser.add_argument("--profile", metavar="FILE", help="py-spy the bot while members buy (needs py-spy)")
    args = parser.parse_args()
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = await open_store(url)
    async with db.begin() as session:
        await demo.seed(session)
    bare_members, product_id = await prepare(db, args.members, 0)
    await prepare(db, args.members, args.members)
    ceiling, ceiling_cpu = await bare(db, bare_members, product_id, args.concurrency)
    users = [FIRST_USER + args.members + i for i in range(args.members)]
    rate, rate_cpu, latencies = await end_to_end(
        url, users, product_id, args.concurrency, rate_limit=args.telegram_rate_limit, profile=args.profile
    )
    print(f"{db.dialect}: {args.members} members, {args.concurrency} at a time")
    print(f"  bare store ceiling   {ceiling:8.1f} paid orders/s")
    print(f"  end to end           {rate:8.1f} paid orders/s   ({rate / ceiling:.0%} of the ceiling)")
    print(f"  CPU per paid order   bare {ceiling_cpu:5.1f} ms   bot process end to end {rate_cpu:5.1f} ms")
    # The first `concurrency` members all tap within the same few milliseconds; after that, taps
    # arrive as members finish paying. Both are shown: the burst costs CPU that no order can skip.
    first, rest = latencies[: args.concurrency], latencies[args.concurrency :]
    for label, sample in (("all", latencies), ("first taps at once", first), ("the rest", rest)):
        if sample:
            print(
                f"  order tap answered   p50 {_pct(sample, 50):6.1f} ms   p99 {_pct(sample, 99):6.1f} ms   ({label})"
            )
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
