"""Property 3 of issue #3: after 10,000 random operations from many concurrent members, the ledgers
agree with the orders. Seeded, so a failing sequence can be replayed (SEED below)."""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from store import ledger, orders, settlement
from store.errors import DomainError
from store.ledger_models import FundEntry, FundReason, PointsEntry
from store.models import Order, OrderStatus, Product
from tests.shop import NOW, open_shop

SEED = 20261129
OPERATIONS = 10_000
WORKERS = 16
MEMBERS = 40
STOCK = 400


async def test_ten_thousand_random_operations_keep_the_ledgers_true(db):
    shop = await open_shop(db, members=MEMBERS, stock=STOCK)
    products = (shop.product_id, shop.charity_product_id)
    rng = random.Random(SEED)
    plan = [
        (
            rng.choice(
                [
                    "order",
                    "order",
                    "pay",
                    "pay",
                    "duplicate_pay",
                    "expire",
                    "cancel",
                    "ship",
                    "receive",
                    "refund",
                ]
            ),
            rng.choice(shop.members),
            rng.choice(products),
            rng.randint(1, 3),
            rng.random(),
        )
        for _ in range(OPERATIONS)
    ]
    known: list[int] = []  # order ids, in the order they were placed
    charges: dict[int, str] = {}
    queue = iter(enumerate(plan))

    async def run(index: int, op: str, member: int, product: int, quantity: int, pick: float) -> None:
        now = NOW + timedelta(seconds=index)
        # Most operations concern recent orders, as members act on what they just bought.
        target = known[-1 - int(pick * min(len(known), 60))] if known else None
        async with db.begin() as session:
            if op == "order":
                order = await orders.place(
                    session, member_id=member, product_id=product, quantity=quantity, key=f"k{index}", now=now
                )
                known.append(order.id)
            elif op == "expire":
                await orders.expire_due(session, now=now)  # orders placed 30 minutes (1,800 steps) ago
            elif target is None:
                return
            elif op in ("pay", "duplicate_pay"):
                order = await orders.get(session, order_id=target)
                charge = charges.get(target) if op == "duplicate_pay" else f"ch{index}"
                if charge is None:
                    raise DomainError("nothing paid yet to pay again")
                await settlement.pay(
                    session,
                    order_id=target,
                    amount=order.total_fen,
                    currency="CNY",
                    charge_id=charge,
                    now=now,
                )
                charges.setdefault(target, charge)
            elif op == "cancel":
                order = await orders.get(session, order_id=target)
                await orders.cancel(session, order_id=target, member_id=order.member_id, now=now)
            elif op == "ship":
                await orders.ship(
                    session, order_id=target, actor_id=shop.supplier_member, tracking_no=f"SF{index}", now=now
                )
            elif op == "receive":
                order = await orders.get(session, order_id=target)
                await orders.receive(session, order_id=target, member_id=order.member_id, now=now)
            elif op == "refund":
                await orders.refund(session, order_id=target, admin_id=shop.admin, now=now)

    succeeded: Counter[str] = Counter()

    async def worker() -> None:
        for index, step in queue:
            try:
                await run(index, *step)
                succeeded[step[0]] += 1
            except DomainError:
                pass  # refused operations are part of the game; they must change nothing

    async with asyncio.TaskGroup() as workers:  # one failure stops them all
        for _ in range(WORKERS):
            workers.create_task(worker())

    async with db.read() as session:
        all_orders = list(await session.scalars(select(Order).options(selectinload(Order.lines))))
        entries = list(await session.scalars(select(PointsEntry)))
        fund = list(await session.scalars(select(FundEntry)))
        stock = {p.id: p for p in await session.scalars(select(Product))}
        summary = await ledger.fund_summary(session)
        balances = {m: await ledger.points_balance(session, member_id=m) for m in shop.members}

    assert len(all_orders) > 1000, "the random plan should have placed many orders"
    assert len(succeeded) == 8 and min(succeeded.values()) > 10, (
        f"every kind of operation must happen: {succeeded}"
    )
    paid = [o for o in all_orders if o.paid_at is not None]

    expected_points: dict[int, int] = defaultdict(int)
    for order in paid:
        if order.status != OrderStatus.refunded:
            expected_points[order.member_id] += order.total_fen // 100
    summed: dict[int, int] = defaultdict(int)
    for entry in entries:
        summed[entry.member_id] += entry.delta
    for member in shop.members:
        assert balances[member] == summed[member] == expected_points[member], member

    matches = defaultdict(list)
    for entry in fund:
        matches[entry.order_id].append(entry.reason)
    for order in all_orders:
        if order.has_charity_item and order.paid_at is not None:
            expected = (
                [FundReason.match, FundReason.reversal]
                if order.status == OrderStatus.refunded
                else [FundReason.match]
            )
            assert sorted(matches[order.id]) == sorted(expected), order.id
        else:
            assert order.id not in matches, order.id
    assert summary.balance_fen == summary.matched_fen - summary.reversed_fen - summary.disbursed_fen
    assert summary.balance_fen == 100 * sum(
        1 for o in paid if o.has_charity_item and o.status != OrderStatus.refunded
    )

    holding = (OrderStatus.pending_payment, OrderStatus.paid, OrderStatus.shipped, OrderStatus.received)
    sold = (OrderStatus.paid, OrderStatus.shipped, OrderStatus.received)
    for product_id in products:
        lines = [
            (o.status, line.quantity) for o in all_orders for line in o.lines if line.product_id == product_id
        ]
        assert stock[product_id].stock + sum(q for s, q in lines if s in holding) == STOCK
        assert stock[product_id].stock >= 0
        assert stock[product_id].sales_count == sum(q for s, q in lines if s in sold)
