"""Property: after any sequence of sales, cancellations, reviews, edits, hides and recommendation
taps, every product's cached aggregates equal what its rows say, and its score is the formula's."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from store import orders, ranking, recommendations, reviews, settlement
from store.community_models import Recommendation
from store.errors import DomainError
from store.models import Order, OrderLine, OrderStatus, Product
from tests.community import aggregates_match_rows, buy_received
from tests.shop import NOW, open_shop


@pytest.mark.parametrize("seed", [1, 2])
async def test_aggregates_and_scores_equal_their_rows_after_random_steps(db, seed):
    rng = random.Random(seed)
    shop = await open_shop(db, members=4)
    products = [shop.product_id, shop.charity_product_id]
    lines: list[tuple[int, int]] = []  # (member, order line) of received orders
    written: list[tuple[int, int]] = []  # (member, review id)
    for step in range(40):
        now = NOW + timedelta(hours=step * 7)
        member, product = rng.choice(shop.members), rng.choice(products)
        action = rng.choice(["buy", "buy", "unpaid-cancel", "review", "edit", "hide", "recommend"])
        try:
            async with db.begin() as session:
                if action == "buy":
                    pass
                elif action == "unpaid-cancel":
                    placed = await orders.place(
                        session, member_id=member, product_id=product, quantity=1, key=f"c{step}", now=now
                    )
                    await settlement.pay(
                        session, order_id=placed.id, amount=placed.total_fen, currency="CNY", now=now
                    )
                    await orders.cancel(session, order_id=placed.id, member_id=member, now=now)
                elif action == "review" and lines:
                    owner, line_id = rng.choice(lines)
                    review = await reviews.submit(
                        session, member_id=owner, order_line_id=line_id, stars=rng.randint(1, 5), now=now
                    )
                    written.append((owner, review.id))
                elif action == "edit" and written:
                    owner, review_id = rng.choice(written)
                    await reviews.edit(
                        session, member_id=owner, review_id=review_id, stars=rng.randint(1, 5), now=now
                    )
                elif action == "hide" and written:
                    await reviews.hide(
                        session, admin_id=shop.admin, review_id=rng.choice(written)[1], reason="x", now=now
                    )
                elif action == "recommend":
                    await recommendations.set_recommended(
                        session, member_id=member, product_id=product, on=rng.random() < 0.6, now=now
                    )
                if action == "refresh" or step % 10 == 9:
                    await ranking.refresh(session, now=now)
        except DomainError:
            pass  # refused steps (a second review, an edit too late) must change nothing
        if action == "buy":
            order = await buy_received(
                db,
                member_id=member,
                product_id=product,
                at=now,
                quantity=rng.randint(1, 3),
                actor_id=shop.supplier_member,
            )
            lines.append((member, order.lines[0].id))
    async with db.begin() as session:
        prior = await ranking.refresh(session, now=NOW)
    for product_id in products:
        await aggregates_match_rows(db, product_id)
        async with db.read() as session:
            product = await session.get(Product, product_id)
            sold = await session.execute(
                select(OrderLine.quantity, Order.paid_at)
                .join(Order, Order.id == OrderLine.order_id)
                .where(OrderLine.product_id == product_id, Order.status == OrderStatus.received)
            )
            heat = sum(q * ranking.weight(at) for q, at in sold)
            recommended = await session.scalars(
                select(Recommendation.created_at).where(Recommendation.product_id == product_id)
            )
            heat += sum(ranking.RECOMMEND_WEIGHT * ranking.weight(at) for at in recommended)
        assert product.heat == pytest.approx(heat, rel=1e-9, abs=1e-6)
        expected = ranking.score(
            rating_sum=product.rating_sum, rating_count=product.rating_count, heat=heat, prior=prior
        )
        assert product.rank_score == pytest.approx(expected, rel=1e-9, abs=1e-6)
