"""Fairs: opening and closing on time, once, and a summary whose figures equal the orders
(issue #6, property 4), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers.fairs import tell_summary
from jobs import fairs as fair_jobs
from store import fairs, orders, roles, settlement
from store.errors import Forbidden, NotFound
from store.models import County, Member, Order, OrderStatus, Product, Role
from tests.shop import NOW, fair_summaries_told, open_shop

OPENS, CLOSES = NOW + timedelta(days=1), NOW + timedelta(days=4)


async def _fair(db, shop):
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
        fair = await fairs.create(
            session,
            organiser_id=organiser,
            name="渝交会网上展销",
            offline_fair="渝交会",
            starts_at=OPENS,
            ends_at=CLOSES,
            now=NOW,
            product_ids=[shop.product_id],
        )
        await fairs.set_feature(
            session, fair_id=fair.id, actor_id=organiser, county_id=1, text="城口：山水与腊肉", photos=["p1"]
        )
    return fair.id, organiser


async def _buy(db, member_id, product_id, key, at, quantity=1):
    async with db.begin() as session:
        order = await orders.place(
            session, member_id=member_id, product_id=product_id, quantity=quantity, key=key, now=at
        )
        await settlement.pay(
            session, order_id=order.id, amount=order.total_fen, currency="CNY", charge_id=f"ch-{key}", now=at
        )
    return order


async def test_a_member_cannot_create_a_fair_and_only_listed_products_join_one(db):
    shop = await open_shop(db, members=1)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await fairs.create(
                session, organiser_id=shop.members[0], name="x", starts_at=OPENS, ends_at=CLOSES, now=NOW
            )
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
        with pytest.raises(NotFound):
            await fairs.create(
                session,
                organiser_id=organiser,
                name="x",
                starts_at=OPENS,
                ends_at=CLOSES,
                now=NOW,
                product_ids=[999_999],
            )


async def test_a_fair_opens_and_closes_on_time_once_and_its_summary_equals_the_orders(db):
    shop = await open_shop(db, members=3)
    fair_id, _ = await _fair(db, shop)
    async with db.begin() as session:  # a product of another county at the fair, to see the split
        other = await session.get(Product, shop.charity_product_id)
        other.county_id = 2
        outside = Product(  # and one the fair does not show
            name="城口山地鸡",
            category_id=1,
            county_id=1,
            supplier_id=shop.supplier_id,
            price_fen=9_900,
            unit="只",
            stock=10,
            search_text="",
        )
        session.add(outside)
        await session.flush()
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
        await fairs.set_products(
            session, fair_id=fair_id, actor_id=organiser, product_ids=[shop.product_id, other.id]
        )
    # Before, during and after the fair; one order during it is refunded later.
    await _buy(db, shop.members[0], shop.product_id, "before", OPENS - timedelta(hours=1))
    during = [
        await _buy(db, shop.members[0], shop.product_id, "d1", OPENS + timedelta(hours=1), quantity=2),
        await _buy(db, shop.members[1], shop.charity_product_id, "d2", OPENS + timedelta(days=1)),
        await _buy(db, shop.members[2], shop.product_id, "d3", CLOSES - timedelta(seconds=1)),
    ]
    refunded = await _buy(db, shop.members[1], shop.product_id, "d4", OPENS + timedelta(hours=2))
    async with db.begin() as session:
        await orders.cancel(
            session, order_id=refunded.id, member_id=shop.members[1], now=OPENS + timedelta(hours=3)
        )
        await orders.refund(
            session, order_id=refunded.id, admin_id=shop.admin, now=OPENS + timedelta(hours=3)
        )
    await _buy(db, shop.members[2], shop.product_id, "after", CLOSES)

    for at in (NOW, OPENS - timedelta(seconds=1)):
        assert await fair_jobs.run_fairs(db, tell_summary, now=at) == {
            "opened": [],
            "closed": [],
            "summaries": [],
        }
    async with db.read() as session:
        assert await fairs.open_now(session, now=OPENS - timedelta(seconds=1)) == []
        assert [f.id for f in await fairs.open_now(session, now=OPENS)] == [fair_id]
        assert (await fairs.open_fair_of(session, product_id=shop.product_id, now=OPENS)).id == fair_id
        assert await fairs.open_fair_of(session, product_id=outside.id, now=OPENS) is None
    assert (await fair_jobs.run_fairs(db, tell_summary, now=OPENS))["opened"] == [fair_id]
    assert (await fair_jobs.run_fairs(db, tell_summary, now=OPENS + timedelta(minutes=1)))["opened"] == []
    assert (await fair_jobs.run_fairs(db, tell_summary, now=CLOSES - timedelta(seconds=1)))["closed"] == []
    assert await fair_summaries_told(db) == {}
    done = await fair_jobs.run_fairs(db, tell_summary, now=CLOSES)
    assert done["closed"] == [fair_id] and done["summaries"] == [fair_id]
    await fair_jobs.run_fairs(db, tell_summary, now=CLOSES + timedelta(minutes=1))  # as after a restart
    summaries = list((await fair_summaries_told(db)).items())
    assert len(summaries) == 1

    # The figures equal the orders paid during the fair, per county, recomputed here by hand.
    expected: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    async with db.read() as session:
        for placed in during:
            order = await orders.get(session, order_id=placed.id)
            assert order.status == OrderStatus.paid
            for line in order.lines:
                county = await session.scalar(select(Product.county_id).where(Product.id == line.product_id))
                expected[county][0] += 1
                expected[county][1] += line.price_fen * line.quantity
        assert (await session.get(Order, refunded.id)).status == OrderStatus.refunded
        names = {c.id: c.name for c in await session.scalars(select(County))}
    figures = summaries[0][1]
    assert {f.county_id: [f.orders, f.amount_fen] for f in figures} == dict(expected)
    assert {f.county for f in figures} == {names[1], names[2]}
    assert expected[1] == [2, 3 * 12_800] and expected[2] == [1, 6_850]


async def test_two_workers_on_the_same_tick_tell_a_summary_once(db):
    shop = await open_shop(db)
    fair_id, _ = await _fair(db, shop)
    await fair_jobs.run_fairs(db, tell_summary, now=OPENS)

    async def slow(session, fair_id: int, now) -> None:
        await asyncio.sleep(0.05)  # the other worker runs meanwhile
        await tell_summary(session, fair_id, now)

    first = await asyncio.gather(*(fair_jobs.run_fairs(db, slow, now=CLOSES) for _ in range(2)))
    assert sorted(d["summaries"] for d in first) == [[], [fair_id]]
    await fair_jobs.run_fairs(db, slow, now=CLOSES + timedelta(minutes=1))
    assert list(await fair_summaries_told(db)) == [fair_id]


async def test_the_scheduler_opens_and_closes_a_fair_on_time(db):
    """APScheduler as the clock (as bot.clock runs it), ticking fast: the opening and the closing
    are recorded within a tick of their times, and the summary goes out once."""
    import asyncio
    from datetime import UTC, datetime

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from store.content_models import Fair
    from store.models import utc

    shop = await open_shop(db, members=1)
    start = datetime.now(UTC) + timedelta(seconds=1)
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
        fair = await fairs.create(
            session,
            organiser_id=organiser,
            name="西部农交会网上展",
            starts_at=start,
            ends_at=start + timedelta(seconds=1),
            now=datetime.now(UTC),
            product_ids=[shop.product_id],
        )
    scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"misfire_grace_time": None, "coalesce": True})
    scheduler.add_job(fair_jobs.run_fairs, "interval", seconds=0.1, args=[db, tell_summary], max_instances=1)
    scheduler.start()
    try:
        for _ in range(100):
            await asyncio.sleep(0.1)
            if await fair_summaries_told(db):
                break
        await asyncio.sleep(0.3)  # a few more ticks: nothing more happens
    finally:
        scheduler.shutdown(wait=False)
    async with db.read() as session:
        found = await session.get(Fair, fair.id)
    tick = timedelta(seconds=2)  # generous: the machine running the tests may be busy
    assert start <= utc(found.opened_at) < start + tick
    assert start + timedelta(seconds=1) <= utc(found.closed_at) < start + timedelta(seconds=1) + tick
    assert list(await fair_summaries_told(db)) == [fair.id]


async def test_a_summary_claimed_by_a_worker_that_crashed_goes_out_after_the_lease(db):
    shop = await open_shop(db)
    fair_id, _ = await _fair(db, shop)
    await fair_jobs.run_fairs(db, tell_summary, now=OPENS)
    await fair_jobs.run_fairs(db, tell_summary, now=CLOSES - timedelta(seconds=1))
    async with db.begin() as session:  # closed and claimed, then the process died before sending
        assert await fairs.close_due(session, now=CLOSES) == [fair_id]
        assert await fairs.claim_summary(session, fair_id=fair_id, now=CLOSES)
    within = CLOSES + fairs.SUMMARY_LEASE - timedelta(seconds=1)
    assert (await fair_jobs.run_fairs(db, tell_summary, now=within))["summaries"] == []  # its sender may yet
    assert (await fair_jobs.run_fairs(db, tell_summary, now=CLOSES + fairs.SUMMARY_LEASE))["summaries"] == []
    after = CLOSES + fairs.SUMMARY_LEASE + timedelta(seconds=1)
    assert (await fair_jobs.run_fairs(db, tell_summary, now=after))["summaries"] == [fair_id]
    await fair_jobs.run_fairs(db, tell_summary, now=after + timedelta(minutes=10))
    assert list(await fair_summaries_told(db)) == [fair_id]
