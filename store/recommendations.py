"""重点推荐: one recommendation per member and product; withdrawing deletes it.

`set` takes the state the member asked for, not a flip, so a button tapped twice is one effect;
`product.recommend_count` changes only with a row that was really inserted or deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from . import ranking
from .community_models import Recommendation
from .errors import NotFound
from .models import Product, ProductStatus
from .sql import insert_ignoring_duplicates


async def set_recommended(
    session: AsyncSession, *, member_id: int, product_id: int, on: bool, now: datetime
) -> bool:
    """Recommend (on) or withdraw (off); returns whether the member recommends it afterwards."""
    if on:
        status = await session.scalar(select(Product.status).where(Product.id == product_id))
        if status != ProductStatus.listed:
            raise NotFound("product", product_id)
        inserted = await session.execute(
            insert_ignoring_duplicates(session, Recommendation, "member_id", "product_id").values(
                member_id=member_id, product_id=product_id, created_at=now
            )
        )
        if inserted.rowcount == 1:
            heat = ranking.RECOMMEND_WEIGHT * ranking.weight(now)
            await ranking.adjust(session, product_id=product_id, heat=heat, recommend_count=1)
        return True
    removed = await session.execute(
        delete(Recommendation)
        .where(Recommendation.member_id == member_id, Recommendation.product_id == product_id)
        .returning(Recommendation.created_at)
    )
    created_at = removed.scalar()
    if created_at is not None:  # taken back from the ranking as it was added
        heat = ranking.RECOMMEND_WEIGHT * ranking.weight(created_at)
        await ranking.adjust(session, product_id=product_id, heat=-heat, recommend_count=-1)
    return False


# Built once: every product card asks (see members._BY_TELEGRAM_ID).
_RECOMMENDED = select(Recommendation.member_id).where(
    Recommendation.member_id == bindparam("member_id"), Recommendation.product_id == bindparam("product_id")
)


async def is_recommended(session: AsyncSession, *, member_id: int | None, product_id: int) -> bool:
    if member_id is None:
        return False
    found = await session.scalar(_RECOMMENDED, {"member_id": member_id, "product_id": product_id})
    return found is not None
