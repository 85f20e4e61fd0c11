"""A fair's closing summary counts the fair's own sales: its products, paid while it was open, in
orders that stand (not cancelled awaiting a refund, not refunded); two fairs open at once never
count the same sale twice. On SQLite and PostgreSQL, through the clock's job."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.fairs import tell_summary
from jobs import fairs as fair_jobs
from store import fairs, orders, roles, settlement
from store.models import Member, Product, ProductStatus, Role
from tests.shop import NOW, fair_summaries_told, open_shop

A_OPENS, A_CLOSES = NOW + timedelta(days=1), NOW + timedelta(days=4)
B_OPENS, B_CLOSES = NOW + timedelta(days=3), NOW + timedelta(days=6)  # overlaps A's last day
DURING_A, DURING_BOTH, DURING_B = A_OPENS + timedelta(hours=1), B_OPENS + timedelta(hours=1), A_CLOSES


async def _product(session, shop, name: str, county_id: int, price_fen: int) -> int:
    product = Product(
        name=name,
        category_id=1,
        county_id=county_id,
        supplier_id=shop.supplier_id,
        price_fen=price_fen,
        unit="件",
        stock=100,
        status=ProductStatus.listed,
        search_text="",
    )
    session.add(product)
    await session.flush()
    return product.id


async def _buy(db, member_id, product_id, key, at, quantity=1):
    async with db.begin() as session:
        order = await orders.place(
            session, member_id=member_id, product_id=product_id, quantity=quantity, key=key, now=at
        )
        await settlement.pay(
            session, order_id=order.id, amount=order.total_fen, currency="CNY", charge_id=f"ch-{key}", now=at
        )
    return order


async def test_a_fair_summary_counts_its_own_standing_sales_once_per_county(db):
    shop = await open_shop(db, members=3)
    alice, bob, carol = shop.members
    async with db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.organiser)
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 902))
        bacon = shop.product_id  # county 1, ¥128.00
        honey = await _product(session, shop, "巫溪土蜂蜜（罐）", 2, 6_850)  # at both fairs
        potato = await _product(session, shop, "巫山洋芋", 3, 2_500)  # at fair B only
        chicken = await _product(session, shop, "城口山地鸡", 1, 9_900)  # at neither
        fair_a = await fairs.create(
            session,
            organiser_id=organiser,
            name="渝交会网上展销",
            starts_at=A_OPENS,
            ends_at=A_CLOSES,
            now=NOW,
            product_ids=[bacon, honey],
        )
        fair_b = await fairs.create(
            session,
            organiser_id=organiser,
            name="西部农交会网上展",
            starts_at=B_OPENS,
            ends_at=B_CLOSES,
            now=NOW,
            product_ids=[honey, potato],
        )
    fair_a, fair_b = fair_a.id, fair_b.id

    await _buy(db, alice, bacon, "a-bacon", DURING_A, quantity=2)  # A, county 1: 2 × 128.00
    await _buy(db, bob, bacon, "a-bacon-2", DURING_BOTH)  # A, county 1: 128.00
    await _buy(db, alice, chicken, "chicken", DURING_A)  # at no fair: counted nowhere
    await _buy(db, bob, bacon, "before", A_OPENS - timedelta(minutes=1))  # before A opened
    await _buy(db, carol, honey, "honey-both", DURING_BOTH)  # at both, open at once: A's (the badge)
    await _buy(db, carol, honey, "honey-b", DURING_B)  # A has closed: B's, county 2
    await _buy(db, alice, potato, "potato", DURING_BOTH, quantity=3)  # B, county 3: 3 × 25.00
    shipped = await _buy(db, bob, potato, "potato-2", DURING_B)  # B, county 3, shipped and received
    async with db.begin() as session:
        await orders.ship(
            session,
            order_id=shipped.id,
            actor_id=shop.supplier_member,
            tracking_no="SF1234567890",
            now=DURING_B,
        )
        await orders.receive(session, order_id=shipped.id, member_id=bob, now=DURING_B)
    # Paid during the fairs, then cancelled: one waits for its refund, one has had it.
    waiting = await _buy(db, carol, bacon, "cancelled-paid", DURING_A)
    refunded = await _buy(db, carol, potato, "refunded", DURING_B)
    async with db.begin() as session:
        await orders.cancel(session, order_id=waiting.id, member_id=carol, now=DURING_A)
        await orders.cancel(session, order_id=refunded.id, member_id=carol, now=DURING_B)
        await orders.refund(session, order_id=refunded.id, admin_id=shop.admin, now=DURING_B)
    await _buy(db, alice, honey, "after", B_CLOSES)  # both closed

    for moment in (A_OPENS, B_OPENS, A_CLOSES, B_CLOSES):
        await fair_jobs.run_fairs(db, tell_summary, now=moment)

    told = await fair_summaries_told(db)
    summaries = {
        fair: {f.county_id: (f.orders, f.amount_fen) for f in figures} for fair, figures in told.items()
    }
    assert summaries == {
        fair_a: {1: (2, 3 * 12_800), 2: (1, 6_850)},
        fair_b: {2: (1, 6_850), 3: (2, 4 * 2_500)},
    }
    async with db.read() as session:  # the store's own answer is the same after the fact
        figures = await fairs.summary(session, fair_id=fair_a)
    assert [(f.county_id, f.orders, f.amount_fen) for f in figures] == [(1, 2, 38_400), (2, 1, 6_850)]
