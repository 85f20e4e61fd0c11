"""The ranking orders a fixed catalog as the README's formula says (issue #5, must-hold 3).

score = R̄ × A, R̄ = (m·C + Σ stars) / (m + n) with m = 10 and C the catalog's mean rating,
A = Σ w · 2^(−age / 30 days), w = 1 per unit sold and 3 per recommendation.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from store import catalog, ranking, recommendations, reviews, settlement
from store.models import Product, ProductStatus
from tests.community import aggregates_match_rows, buy_received
from tests.shop import open_shop

T0 = ranking.EPOCH + timedelta(days=300)  # 2^(300/30) = 1024: a sale at T0 adds 1024 to heat
TWO_MONTHS_AGO = T0 - timedelta(days=60)  # a sale then adds 256: worth a quarter of a sale today


async def test_the_ranking_follows_the_formula(db):
    shop = await open_shop(db, members=6)
    async with db.begin() as session:
        names = ["A 一条五星", "B 四条好评", "C 两月前热销", "D 有人推荐", "E 新近热销"]
        products = [
            Product(
                name=n,
                category_id=1,
                county_id=2,
                supplier_id=shop.supplier_id,
                price_fen=1000,
                stock=100,
                unit="袋",
                status=ProductStatus.listed,
                search_text=n,
            )
            for n in names
        ]
        session.add_all(products)
        await session.flush()
        a, b, c, d, e = (p.id for p in products)

    async def sold(product_id, *, member=0, at=T0, stars=None):
        order = await buy_received(
            db, member_id=shop.members[member], product_id=product_id, at=at, actor_id=shop.supplier_member
        )
        if stars:
            async with db.begin() as session:
                await reviews.submit(
                    session,
                    member_id=shop.members[member],
                    order_line_id=order.lines[0].id,
                    stars=stars,
                    now=at,
                )

    await sold(a, stars=5)  # A: one five-star review, one sale today
    for member, stars in enumerate([5, 4, 5, 4]):  # B: four sales today, average 4.5
        await sold(b, member=member, stars=stars)
    for member in range(4):  # C: eight sales two months ago, no reviews
        await sold(c, member=member, at=TWO_MONTHS_AGO)
        await sold(c, member=member + 1, at=TWO_MONTHS_AGO)
    await sold(d, stars=2)  # D: one sale and one recommendation today, one two-star review
    async with db.begin() as session:
        await recommendations.set_recommended(
            session, member_id=shop.members[5], product_id=d, on=True, now=T0
        )
    for member in range(3):  # E: three sales today, no reviews
        await sold(e, member=member)

    async with db.begin() as session:
        prior = await ranking.refresh(session, now=T0)
    # C = (5 + 5+4+5+4 + 2) / 6 = 25/6
    assert prior == pytest.approx(25 / 6)
    m_c = 10 * 25 / 6  # 41.667
    expected = {
        a: (m_c + 5) / 11 * 1024,  # 4.2424 × 1024 = 4344.2
        b: (m_c + 18) / 14 * 4 * 1024,  # 4.2619 × 4096 = 17456.8
        c: 25 / 6 * 8 * 256,  # 4.1667 × 2048 = 8533.3
        d: (m_c + 2) / 11 * (1 + 3) * 1024,  # 3.9697 × 4096 = 16259.9
        e: 25 / 6 * 3 * 1024,  # 4.1667 × 3072 = 12800.0
    }
    async with db.read() as session:
        page = await catalog.products_page(session, county_id=2, ranked=True)
        by_sales = await catalog.products_page(session, county_id=2)
    scores = {p.id: p.rank_score for p in page.items}
    assert scores == pytest.approx(expected)
    # B (best rated among the busiest) > D (as busy, poorly rated) > E (3 sales today)
    # > C (8 sales two months ago: worth 2 today) > A (one five-star review does not beat B's four)
    assert [p.id for p in page.items] == [b, d, e, c, a]
    assert [p.id for p in by_sales.items][0] == c  # the sales page still sorts by units sold
    for product_id in expected:
        await aggregates_match_rows(db, product_id)


async def test_a_cancelled_paid_order_and_a_withdrawn_recommendation_leave_no_heat(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    from store import orders

    async with db.begin() as session:
        order = await orders.place(
            session, member_id=alice, product_id=shop.product_id, quantity=2, key="x", now=T0
        )
        await settlement.pay(session, order_id=order.id, amount=order.total_fen, currency="CNY", now=T0)
        await recommendations.set_recommended(
            session, member_id=alice, product_id=shop.product_id, on=True, now=T0
        )
    async with db.read() as session:
        assert (await session.get(Product, shop.product_id)).heat == pytest.approx(5 * 1024)
    async with db.begin() as session:
        await orders.cancel(session, order_id=order.id, member_id=alice, now=T0 + timedelta(days=3))
        await recommendations.set_recommended(
            session, member_id=alice, product_id=shop.product_id, on=False, now=T0 + timedelta(days=3)
        )
    async with db.read() as session:
        product = await session.get(Product, shop.product_id)
    assert (product.heat, product.rank_score, product.sales_count, product.recommend_count) == (0, 0, 0, 0)


def test_one_five_star_review_does_not_beat_two_hundred_of_four_and_a_half():
    prior = 4.2
    one = ranking.score(rating_sum=5, rating_count=1, heat=1, prior=prior)  # one sale
    many = ranking.score(rating_sum=900, rating_count=200, heat=200, prior=prior)  # 200 sales
    assert ranking.bayesian_average(rating_sum=5, rating_count=1, prior=prior) == pytest.approx(47 / 11)
    assert ranking.bayesian_average(rating_sum=900, rating_count=200, prior=prior) == pytest.approx(942 / 210)
    assert many > one
    # with equal activity too, the Bayesian average alone puts the 200 reviews first
    assert ranking.score(rating_sum=900, rating_count=200, heat=1, prior=prior) > one
