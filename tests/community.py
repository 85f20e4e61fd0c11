"""Helpers for the community tests: received purchases, aggregates checked against rows."""

from __future__ import annotations

from itertools import count

from sqlalchemy import func, select

from store import orders, settlement
from store.community_models import Recommendation, Review
from store.models import Product

_keys = count(1)


async def buy_received(db, *, member_id: int, product_id: int, at, quantity: int = 1, actor_id: int):
    """A paid, shipped and received order of one product; returns the order (lines loaded)."""
    async with db.begin() as session:
        order = await orders.place(
            session,
            member_id=member_id,
            product_id=product_id,
            quantity=quantity,
            key=f"k{next(_keys)}",
            now=at,
        )
        await settlement.pay(session, order_id=order.id, amount=order.total_fen, currency="CNY", now=at)
        await orders.ship(session, order_id=order.id, actor_id=actor_id, tracking_no="SF1", now=at)
        return await orders.receive(session, order_id=order.id, member_id=member_id, now=at)


async def aggregates_match_rows(db, product_id: int) -> None:
    """The product's cached counts equal its visible reviews and its recommendations."""
    async with db.read() as session:
        product = await session.get(Product, product_id)
        visible = (Review.product_id == product_id, Review.hidden.is_(False))
        n = await session.scalar(select(func.count()).select_from(Review).where(*visible))
        total = await session.scalar(select(func.coalesce(func.sum(Review.stars), 0)).where(*visible))
        recommended = await session.scalar(
            select(func.count()).select_from(Recommendation).where(Recommendation.product_id == product_id)
        )
    assert (product.rating_count, product.rating_sum, product.recommend_count) == (n, total, recommended)
