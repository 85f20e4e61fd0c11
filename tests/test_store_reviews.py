"""Reviews and recommendations in the store (issue #5, must-hold 1 and 2), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from store import ledger, orders, ranking, recommendations, reviews, settlement
from store.community_models import Recommendation, Review
from store.errors import AlreadyReviewed, Forbidden, InvalidInput, NotReviewable, ReviewEditClosed
from store.ledger_models import PointsEntry
from store.models import Product
from tests.community import aggregates_match_rows, buy_received
from tests.shop import NOW, open_shop


async def _review(db, member_id, line_id, stars=5, text="", now=NOW, **kwargs):
    async with db.begin() as session:
        return await reviews.submit(
            session, member_id=member_id, order_line_id=line_id, stars=stars, text=text, now=now, **kwargs
        )


async def _reviews(db) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(Review))


async def test_only_the_buyer_of_a_received_line_reviews_it_once(db):
    shop = await open_shop(db)
    alice, bob = shop.members[:2]
    async with db.begin() as session:  # paid, not received yet
        placed = await orders.place(
            session, member_id=alice, product_id=shop.product_id, quantity=1, key="a", now=NOW
        )
        await settlement.pay(session, order_id=placed.id, amount=placed.total_fen, currency="CNY", now=NOW)
    with pytest.raises(NotReviewable):
        await _review(db, alice, placed.lines[0].id)
    received = await buy_received(
        db, member_id=alice, product_id=shop.product_id, at=NOW, actor_id=shop.supplier_member
    )
    line_id = received.lines[0].id
    with pytest.raises(NotReviewable):  # someone else's order line
        await _review(db, bob, line_id)
    with pytest.raises(NotReviewable):  # no such line
        await _review(db, alice, 10_000)
    with pytest.raises(InvalidInput):
        await _review(db, alice, line_id, text="好" * 501)
    with pytest.raises(InvalidInput):
        await _review(db, alice, line_id, stars=6)
    assert await _reviews(db) == 0
    await _review(db, alice, line_id, stars=4, text="肥而不腻")
    with pytest.raises(AlreadyReviewed):
        await _review(db, alice, line_id, stars=1)
    results = await asyncio.gather(*(_review(db, alice, line_id) for _ in range(10)), return_exceptions=True)
    assert all(isinstance(r, AlreadyReviewed) for r in results)
    assert await _reviews(db) == 1
    await aggregates_match_rows(db, shop.product_id)
    async with db.read() as session:
        product = await session.get(Product, shop.product_id)
        assert (product.rating_count, product.rating_sum) == (1, 4)
        assert await ledger.points_of(session, member_id=alice, reason="review", source="review:1") == 5


async def test_review_points_stop_at_the_daily_cap(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    lines = []
    for _ in range(4):
        order = await buy_received(
            db, member_id=alice, product_id=shop.product_id, at=NOW, actor_id=shop.supplier_member
        )
        lines.append(order.lines[0].id)
    for line_id in lines[:3]:
        await _review(db, alice, line_id, points=5, daily_cap=12)
    await _review(db, alice, lines[3], now=NOW + timedelta(days=1), points=5, daily_cap=12)
    async with db.read() as session:
        deltas = list(
            await session.scalars(
                select(PointsEntry.delta).where(PointsEntry.reason == "review").order_by(PointsEntry.id)
            )
        )
    assert deltas == [5, 5, 2, 5]  # the third review of a day fills the cap of 12; a new day starts again


async def test_a_review_is_editable_for_seven_days_and_an_admin_hides_it(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    order = await buy_received(
        db, member_id=alice, product_id=shop.product_id, at=NOW, actor_id=shop.supplier_member
    )
    review = await _review(db, alice, order.lines[0].id, stars=2)
    async with db.begin() as session:
        await reviews.edit(
            session, member_id=alice, review_id=review.id, stars=5, text="改好评", now=NOW + timedelta(days=6)
        )
    with pytest.raises(ReviewEditClosed):
        async with db.begin() as session:
            await reviews.edit(
                session, member_id=alice, review_id=review.id, stars=1, now=NOW + timedelta(days=8)
            )
    await aggregates_match_rows(db, shop.product_id)
    for not_admin in (alice, shop.supplier_member):
        with pytest.raises(Forbidden):
            async with db.begin() as session:
                await reviews.hide(session, admin_id=not_admin, review_id=review.id, reason="广告", now=NOW)
    async with db.begin() as session:
        await reviews.hide(session, admin_id=shop.admin, review_id=review.id, reason="含广告", now=NOW)
    async with db.begin() as session:  # twice is once
        await reviews.hide(session, admin_id=shop.admin, review_id=review.id, reason="含广告", now=NOW)
    await aggregates_match_rows(db, shop.product_id)
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).rating_count == 0
        assert (await reviews.page(session, product_id=shop.product_id, page=0)).total == 0
        assert (await session.get(Review, review.id)).hidden_reason == "含广告"  # kept


async def test_hiding_takes_away_the_stars_the_review_has_when_hidden(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    order = await buy_received(
        db, member_id=alice, product_id=shop.product_id, at=NOW, actor_id=shop.supplier_member
    )
    review = await _review(db, alice, order.lines[0].id, stars=5)
    async with db.begin() as session:
        seen = await session.get(Review, review.id)  # read (and kept) before the edit below
        assert seen.stars == 5
        # The author's edit to one star lands in between, as another worker's transaction would.
        await session.execute(
            update(Review)
            .where(Review.id == review.id)
            .values(stars=1)
            .execution_options(synchronize_session=False)
        )
        await ranking.adjust(session, product_id=shop.product_id, rating_sum=-4)
        hidden = await reviews.hide(
            session, admin_id=shop.admin, review_id=review.id, reason="含广告", now=NOW
        )
        assert hidden is seen and (seen.hidden, seen.stars) == (True, 1)
    await aggregates_match_rows(db, shop.product_id)


async def test_an_edit_and_a_hide_at_once_leave_the_aggregates_right(db):
    shop = await open_shop(db, members=6)
    found = []
    for member_id in shop.members:
        order = await buy_received(
            db, member_id=member_id, product_id=shop.product_id, at=NOW, actor_id=shop.supplier_member
        )
        found.append((member_id, await _review(db, member_id, order.lines[0].id, stars=5)))

    async def edit(member_id, review_id):
        async with db.begin() as session:
            await reviews.edit(session, member_id=member_id, review_id=review_id, stars=1, now=NOW)

    async def hide(review_id):
        async with db.begin() as session:
            await reviews.hide(session, admin_id=shop.admin, review_id=review_id, reason="广告", now=NOW)

    results = await asyncio.gather(
        *(edit(m, r.id) for m, r in found), *(hide(r.id) for _, r in found), return_exceptions=True
    )
    assert all(r is None or isinstance(r, ReviewEditClosed) for r in results)
    await aggregates_match_rows(db, shop.product_id)


@pytest.mark.parametrize("taps", ["all on", "on and off"])
async def test_fifty_concurrent_recommendation_taps_end_consistent(db, taps):
    shop = await open_shop(db)
    alice = shop.members[0]

    async def tap(i):
        async with db.begin() as session:
            on = True if taps == "all on" else i % 2 == 0
            return await recommendations.set_recommended(
                session, member_id=alice, product_id=shop.product_id, on=on, now=NOW
            )

    await asyncio.gather(*(tap(i) for i in range(50)))
    async with db.read() as session:
        rows = await session.scalar(select(func.count()).select_from(Recommendation))
        product = await session.get(Product, shop.product_id)
    assert rows in (0, 1) and (taps != "all on" or rows == 1)
    assert product.recommend_count == rows
    assert product.heat == pytest.approx(
        rows * 3 * 2 ** ((NOW - NOW.replace(month=1, day=1, hour=0)) / timedelta(days=30))
    )
    await aggregates_match_rows(db, shop.product_id)
