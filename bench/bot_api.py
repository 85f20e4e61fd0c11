"""Client CPU per Bot API call: `python -m bench.bot_api [--calls N] [--repeats R]`.

The bot is built as bot/app.py builds it (AixinBot over HttpRequest); the emulator runs in a
child process, so `time.process_time()` here counts only the calling side: PTB's encoding, the
HTTP client, and decoding the answer into PTB's objects. Prints CPU µs per call for each method
the order flow uses, the median of `repeats` rounds of `calls` sequential calls; the sends also as
the busy paths make them, their answers unread (`bot.telegram.context.answers_unread`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import statistics
import time
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice

from bot.client import AixinBot
from bot.http_request import HttpRequest
from bot.inbox import InboxQueue
from bot.telegram.context import answers_unread
from bot.telegram.emulator import BotApiEmulator

USER = 30_000_001
MARKUP = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("一键下单", callback_data="1:order:17")],
        [
            InlineKeyboardButton("返回", callback_data="1:county:3"),
            InlineKeyboardButton("分享", url="https://t.me/x"),
        ],
    ]
)
TEXT = "<b>城口老腊肉</b>\n城口县 · 农户自制\n¥128.00 / 500 g\n爱心积分 128 · 公益宝贝：每单配捐一元" * 2


def emulator_process(conn: Connection) -> None:
    """The emulator, serving until told to stop; on request it makes callback or pre-checkout
    queries for the bot to answer, as members' taps and payments would."""

    async def serve() -> None:
        emulator = await BotApiEmulator(bot_username="aixin_bench_bot").start()
        emulator.add_user(USER, "bench")
        conn.send((emulator.token, emulator.base_url))
        loop = asyncio.get_running_loop()
        while (request := await loop.run_in_executor(None, conn.recv)) is not None:
            kind, count, message_id = request
            emulator.calls.clear()  # what the bot did is not read here
            if kind == "tap":
                updates = [await emulator.tap(USER, message_id, "1:order:17") for _ in range(count)]
                conn.send([u["callback_query"]["id"] for u in updates])
            else:
                updates = [await emulator.pre_checkout(USER, "order:1", 12800) for _ in range(count)]
                conn.send([u["pre_checkout_query"]["id"] for u in updates])
        await emulator.stop()

    asyncio.run(serve())


async def measure(calls: int, repeats: int) -> dict[str, list[float]]:
    conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(target=emulator_process, args=(child_conn,))
    child.start()
    token, base_url = conn.recv()
    bot = AixinBot(
        token,
        inbox=InboxQueue(None, None),  # get_updates is not called here
        base_url=base_url,
        request=HttpRequest(connections=256),
        get_updates_request=HttpRequest(connections=1),
    )
    await bot.initialize()
    card = await bot.send_message(USER, TEXT, parse_mode="HTML", reply_markup=MARKUP)

    def queries(kind: str) -> list[str]:
        conn.send((kind, calls, card.message_id))
        return conn.recv()

    async def answer_callback_query(query_id: str) -> object:
        return await bot.answer_callback_query(query_id)

    async def send_message(_: str) -> object:
        return await bot.send_message(USER, TEXT, parse_mode="HTML", reply_markup=MARKUP)

    edits = itertools.cycle([TEXT + "\n已售罄", TEXT])  # Telegram refuses an edit that changes nothing

    async def edit_message_text(_: str) -> object:
        return await bot.edit_message_text(
            next(edits), USER, card.message_id, parse_mode="HTML", reply_markup=MARKUP
        )

    async def send_invoice(_: str) -> object:
        return await bot.send_invoice(
            USER,
            title="城口老腊肉",
            description="城口老腊肉 ×1，¥128.00，爱心积分 128",
            payload="order:1",
            provider_token="bench:provider",
            currency="CNY",
            prices=[LabeledPrice("城口老腊肉 ×1", 12800)],
        )

    async def answer_pre_checkout_query(query_id: str) -> object:
        return await bot.answer_pre_checkout_query(query_id, ok=True)

    def unread(call: Callable[[str], Awaitable[object]]) -> Callable[[str], Awaitable[object]]:
        async def quietly(query_id: str) -> object:
            with answers_unread():  # as screens, invoices, receipts and notices are sent
                return await call(query_id)

        return quietly

    methods: dict[str, tuple[Callable[[str], Awaitable[object]], str | None]] = {
        "answerCallbackQuery": (answer_callback_query, "tap"),
        "sendMessage": (send_message, None),
        "sendMessage, answer unread": (unread(send_message), None),
        "editMessageText": (edit_message_text, None),
        "editMessageText, answer unread": (unread(edit_message_text), None),
        "sendInvoice": (send_invoice, None),
        "sendInvoice, answer unread": (unread(send_invoice), None),
        "answerPreCheckoutQuery": (answer_pre_checkout_query, "checkout"),
    }
    results: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, (call, kind) in methods.items():
            ids = queries(kind) if kind else [""] * calls
            started = time.process_time()
            for query_id in ids:
                await call(query_id)
            results[name].append((time.process_time() - started) / calls * 1e6)
    await bot.shutdown()
    conn.send(None)
    child.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    results = asyncio.run(measure(args.calls, args.repeats))
    print(f"client CPU per call, median of {args.repeats} × {args.calls} sequential calls")
    for name, sample in results.items():
        print(
            f"  {name:32} {statistics.median(sample):7.0f} µs   (min {min(sample):.0f}, max {max(sample):.0f})"
        )


if __name__ == "__main__":
    main()
