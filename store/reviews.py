"""Reviews: the buyer of a received order line rates it 1–5 stars with optional text and photo.

One review per order line (unique); editable by its author for EDIT_DAYS; an admin can hide one
(kept, no longer shown or counted). The product's `rating_count` and `rating_sum` count the visible
reviews and change in the same transaction as the review, with its ranking score.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from . import ledger, ranking
from .community_models import Review
from .errors import AlreadyReviewed, InvalidInput, NotFound, NotReviewable, ReviewEditClosed
from .ledger_models import PointsEntry, PointsReason
from .models import Member, Order, OrderLine, OrderStatus, utc
from .paging import Page, paginate
from .roles import Role, authorize
from .sql import insert_ignoring_duplicates

TEXT_LIMIT = 500
REASON_LIMIT = 256
EDIT_DAYS = 7
PAGE_SIZE = 5


def check_stars(stars: int) -> int:
    if not 1 <= stars <= 5:
        raise InvalidInput("stars")
    return stars


def check_text(text: str) -> str:
    """The review's words, trimmed; InvalidInput when longer than TEXT_LIMIT."""
    text = text.strip()
    if len(text) > TEXT_LIMIT:
        raise InvalidInput("text")
    return text


async def reviewable_line(session: AsyncSession, *, member_id: int, order_line_id: int) -> OrderLine:
    """The member's own order line of a received order, with its product; NotReviewable otherwise."""
    line = await session.scalar(
        select(OrderLine)
        .where(OrderLine.id == order_line_id)
        .options(joinedload(OrderLine.order), joinedload(OrderLine.product))
    )
    if line is None or line.order.member_id != member_id or line.order.status != OrderStatus.received:
        raise NotReviewable(order_line_id)
    return line


async def submit(
    session: AsyncSession,
    *,
    member_id: int,
    order_line_id: int,
    stars: int,
    text: str = "",
    photo: str = "",
    now: datetime,
    points: int = 5,
    daily_cap: int = 15,
    day_start: datetime | None = None,
) -> Review:
    """Store the review of one order line and credit its points (at most `daily_cap` a day)."""
    line = await reviewable_line(session, member_id=member_id, order_line_id=order_line_id)
    stars, text = check_stars(stars), check_text(text)
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Review, "order_line_id")
        .values(
            order_line_id=line.id,
            product_id=line.product_id,
            member_id=member_id,
            stars=stars,
            text=text,
            photo=photo[:256],
            hidden=False,
            hidden_reason="",
            created_at=now,
            updated_at=now,
        )
        .returning(Review.id)
    )
    review_id = inserted.scalar()
    if review_id is None:
        raise AlreadyReviewed(order_line_id)
    await ranking.adjust(session, product_id=line.product_id, rating_count=1, rating_sum=stars)
    await _credit(session, line.order, review_id, points, daily_cap, day_start or _midnight(now), now)
    return await session.get(Review, review_id)


async def _credit(
    session: AsyncSession, order: Order, review_id: int, points: int, cap: int, since: datetime, now: datetime
) -> None:
    # The member's row is locked so that two reviews at once cannot both fit under the cap.
    await session.execute(select(Member.id).where(Member.id == order.member_id).with_for_update())
    earned = await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(
            PointsEntry.member_id == order.member_id,
            PointsEntry.reason == PointsReason.review,
            PointsEntry.created_at >= since,
        )
    )
    await ledger.credit_points(
        session,
        member_id=order.member_id,
        branch_id=order.branch_id,
        agency_id=order.agency_id,
        delta=max(0, min(points, cap - earned)),
        reason=PointsReason.review,
        source=f"review:{review_id}",
        now=now,
    )


async def edit(
    session: AsyncSession,
    *,
    member_id: int,
    review_id: int,
    stars: int,
    text: str = "",
    photo: str = "",
    now: datetime,
) -> Review:
    """The author changes their review within EDIT_DAYS of writing it."""
    review = await session.scalar(select(Review).where(Review.id == review_id).with_for_update())
    if review is None or review.member_id != member_id:
        raise NotFound("review", review_id)
    if review.hidden or utc(review.created_at) + timedelta(days=EDIT_DAYS) < now:
        raise ReviewEditClosed(review_id)
    stars, text = check_stars(stars), check_text(text)
    await ranking.adjust(session, product_id=review.product_id, rating_sum=stars - review.stars)
    review.stars, review.text, review.photo, review.updated_at = stars, text, photo[:256], now
    return review


async def hide(session: AsyncSession, *, admin_id: int, review_id: int, reason: str, now: datetime) -> Review:
    """An admin hides a review with a reason: kept, no longer shown or counted."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    reason = reason.strip()
    if not 1 <= len(reason) <= REASON_LIMIT:
        raise InvalidInput("reason")
    # The stars are those the row holds when it is hidden (RETURNING, after any edit that held its
    # lock), not a read from before: an edit landing in between would leave rating_sum off.
    hidden = await session.execute(
        update(Review)
        .where(Review.id == review_id, Review.hidden.is_(False))
        .values(hidden=True, hidden_reason=reason, hidden_by=admin_id, updated_at=now)
        .returning(Review.product_id, Review.stars)
        .execution_options(synchronize_session=False)
    )
    if row := hidden.first():
        await ranking.adjust(session, product_id=row.product_id, rating_count=-1, rating_sum=-row.stars)
    review = await session.get(Review, review_id, populate_existing=True)
    if review is None:
        raise NotFound("review", review_id)
    return review


async def shown(session: AsyncSession, *, review_id: int) -> Review:
    """A review as members see it, with its author; NotFound for one hidden (or none such)."""
    review = await session.scalar(
        select(Review).where(Review.id == review_id).options(joinedload(Review.member))
    )
    if review is None or review.hidden:
        raise NotFound("review", review_id)
    return review


async def page(
    session: AsyncSession, *, product_id: int, page: int, per_page: int = PAGE_SIZE
) -> Page[Review]:
    """A product's visible reviews, newest first, with their authors."""
    query = (
        select(Review)
        .where(Review.product_id == product_id, Review.hidden.is_(False))
        .order_by(Review.id.desc())
        .options(joinedload(Review.member))
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def of_order(session: AsyncSession, *, order_id: int) -> dict[int, Review]:
    """The reviews of an order's lines, by order line id."""
    found = await session.scalars(
        select(Review)
        .join(OrderLine, OrderLine.id == Review.order_line_id)
        .where(OrderLine.order_id == order_id)
    )
    return {review.order_line_id: review for review in found}


def editable(review: Review, now: datetime) -> bool:
    return not review.hidden and utc(review.created_at) + timedelta(days=EDIT_DAYS) >= now


def _midnight(now: datetime) -> datetime:
    return now.replace(hour=0, minute=0, second=0, microsecond=0)
