"""Taps are answered ahead of the queue: the update processor's two lanes (bot/lanes.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, PreCheckoutQuery, Update, User

from bot import lanes


def tap(update_id: int, person: int | None = None) -> Update:
    """A tap by `person` (by default someone of their own: one person's updates take turns)."""
    who = User(person or update_id, "Alice", False)
    return Update(update_id, callback_query=CallbackQuery(str(update_id), who, "chat", data="1:hot:0"))


def text(update_id: int, person: int | None = None) -> Update:
    who = User(person or update_id, "Alice", False)
    chat = Chat(who.id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, datetime.now(UTC), chat, from_user=who, text="hi"))


async def test_a_tap_runs_while_the_bulk_lane_is_full_then_steps_aside_after_answering():
    processor = lanes.Lanes(bulk=1)
    busy, release = asyncio.Event(), asyncio.Event()
    log = []

    async def slow_message() -> None:
        busy.set()
        await release.wait()
        log.append("message done")

    async def tapped() -> None:
        log.append("tap answered")
        await lanes.step_aside()  # what AixinBot.answer_callback_query does after answering
        log.append("tap finished")

    message = asyncio.create_task(processor.process_update(text(1), slow_message()))
    await busy.wait()
    second = asyncio.create_task(processor.process_update(text(2), _append(log, "second message")))
    the_tap = asyncio.create_task(processor.process_update(tap(3), tapped()))
    await asyncio.sleep(0.05)
    assert log == ["tap answered"]  # answered at once; its rest and the second message wait
    release.set()
    await asyncio.gather(message, second, the_tap)
    assert log[0] == "tap answered" and log[1] == "message done"
    assert sorted(log[2:]) == ["second message", "tap finished"]
    await asyncio.sleep(0)
    assert processor._bulk._value == 1 and processor._fast._value == 256  # every place given back


async def test_a_tap_is_not_held_behind_many_waiting_messages():
    processor = lanes.Lanes(fast=2, bulk=1)
    release = asyncio.Event()
    waiting = [asyncio.create_task(processor.process_update(text(i), release.wait())) for i in range(1, 500)]
    answered = asyncio.Event()

    async def tapped() -> None:
        answered.set()

    the_tap = asyncio.create_task(processor.process_update(tap(500), tapped()))
    async with asyncio.timeout(1):
        await answered.wait()
    release.set()
    await asyncio.gather(the_tap, *waiting)


async def test_messages_wait_while_taps_wait_for_their_answers_but_not_for_long(monkeypatch):
    monkeypatch.setattr(lanes, "TAPS_FIRST", 0.2)
    processor = lanes.Lanes()
    answer, log = asyncio.Event(), []

    async def tapped() -> None:
        await answer.wait()
        log.append("tap answered")
        await lanes.step_aside()

    the_tap = asyncio.create_task(processor.process_update(tap(1), tapped()))
    await asyncio.sleep(0)
    message = asyncio.create_task(processor.process_update(text(2), _append(log, "message")))
    await asyncio.sleep(0.05)
    assert log == []  # the message lets the unanswered tap go first
    answer.set()
    await asyncio.gather(the_tap, message)
    assert log == ["tap answered", "message"]

    stuck = asyncio.create_task(processor.process_update(tap(3), asyncio.Event().wait()))
    await asyncio.sleep(0)
    async with asyncio.timeout(1):  # a tap that never answers holds messages back 0.2 s, no more
        await processor.process_update(text(4), _append(log, "next message"))
    assert log[-1] == "next message"
    stuck.cancel()


async def _append(log: list, entry: str) -> None:
    log.append(entry)


async def test_one_persons_updates_run_one_at_a_time_in_order_and_others_run_meanwhile():
    processor = lanes.Lanes(fast=8, bulk=8)
    running: dict[int, int] = {1: 0, 2: 0}
    seen: list[tuple[int, int]] = []
    overlap = []

    async def handle(user: int, n: int) -> None:
        running[user] += 1
        overlap.append(running[user])
        await asyncio.sleep(0.01)
        seen.append((user, n))
        running[user] -= 1

    updates = [(user, n) for n in range(5) for user in (1, 2)]
    await asyncio.gather(
        *(
            processor.process_update((tap if n % 2 else text)(10 * n + user, user), handle(user, n))
            for user, n in updates
        )
    )
    assert max(overlap) == 1  # never two of one person's updates at once, taps and messages alike
    assert [n for user, n in seen if user == 1] == list(range(5)) == [n for user, n in seen if user == 2]
    assert sorted(seen[:2]) == [(1, 0), (2, 0)]  # the two people ran side by side
    assert processor._people == {}  # nobody is remembered once their updates are done


async def test_a_pre_checkout_query_does_not_wait_for_the_same_persons_message():
    processor = lanes.Lanes()
    release, answered = asyncio.Event(), asyncio.Event()
    message = asyncio.create_task(processor.process_update(text(1, person=7), release.wait()))
    await asyncio.sleep(0)
    query = PreCheckoutQuery("q", User(7, "Alice", False), "CNY", 100, "order:1")
    checkout = asyncio.create_task(
        processor.process_update(Update(2, pre_checkout_query=query), _set(answered))
    )
    async with asyncio.timeout(1):  # Telegram wants its answer within 10 s, whatever else is going on
        await answered.wait()
    release.set()
    await asyncio.gather(message, checkout)


async def _set(event: asyncio.Event) -> None:
    event.set()
