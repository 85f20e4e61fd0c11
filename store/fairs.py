"""Online fairs (网上展销会): a time-boxed exhibition beside an offline fair, with a curated product
list and per-county features. Open from `starts_at` to `ends_at`; the clock's jobs record the
opening and the closing once each, and after closing a summary per county is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, distinct, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from .content_models import Fair, FairFeature, FairProduct
from .errors import InvalidInput, NotFound
from .models import County, Order, OrderLine, OrderStatus, Product, ProductStatus, utc
from .paging import Page, paginate
from .roles import ALL, Role, authorize, organiser_scope

MAX_PRODUCTS, MAX_PHOTOS = 60, 5


async def create(
    session: AsyncSession,
    *,
    organiser_id: int,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    offline_fair: str = "",
    product_ids: list[int] = (),
) -> Fair:
    """A fair, by an organiser or an admin; its products must be listed ones."""
    scope_id = await organiser_scope(session, member_id=organiser_id)
    if not 1 <= len(name) <= 64 or len(offline_fair) > 64:
        raise InvalidInput("name")
    if not now < utc(ends_at) or not starts_at < ends_at:
        raise InvalidInput("times")
    fair = Fair(
        organiser_id=organiser_id,
        scope_id=scope_id,
        name=name,
        offline_fair=offline_fair,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    session.add(fair)
    await session.flush()
    await set_products(session, fair_id=fair.id, actor_id=organiser_id, product_ids=list(product_ids))
    return fair


async def _authorized(session: AsyncSession, fair_id: int, actor_id: int | None) -> Fair:
    fair = await get(session, fair_id=fair_id)
    # A fair for all agencies (scope 0) is run only by organisers of all agencies and admins.
    await authorize(session, member_id=actor_id, role=Role.organiser, scope_id=fair.scope_id)
    return fair


async def set_products(
    session: AsyncSession, *, fair_id: int, actor_id: int | None, product_ids: list[int]
) -> None:
    """Replace a fair's curated product list."""
    await _authorized(session, fair_id, actor_id)
    chosen = list(dict.fromkeys(product_ids))
    if len(chosen) > MAX_PRODUCTS:
        raise InvalidInput("products")
    listed = set(
        await session.scalars(
            select(Product.id).where(Product.id.in_(chosen), Product.status == ProductStatus.listed)
        )
    )
    if missing := [p for p in chosen if p not in listed]:
        raise NotFound("product", missing[0])
    await session.execute(delete(FairProduct).where(FairProduct.fair_id == fair_id))
    session.add_all(FairProduct(fair_id=fair_id, product_id=p) for p in chosen)
    await session.flush()


async def set_feature(
    session: AsyncSession,
    *,
    fair_id: int,
    actor_id: int | None,
    county_id: int,
    text: str,
    photos: list[str] = (),
) -> FairFeature:
    """A county's feature at the fair (food and scenery): text and up to five photos."""
    await _authorized(session, fair_id, actor_id)
    if await session.get(County, county_id) is None:
        raise NotFound("county", county_id)
    if not 1 <= len(text) <= 1000 or len(photos) > MAX_PHOTOS:
        raise InvalidInput("feature")
    feature = await session.get(FairFeature, (fair_id, county_id))
    if feature is None:
        feature = FairFeature(fair_id=fair_id, county_id=county_id)
        session.add(feature)
    feature.text, feature.photos = text, list(photos)
    await session.flush()
    return feature


async def get(session: AsyncSession, *, fair_id: int) -> Fair:
    fair = await session.get(Fair, fair_id)
    if fair is None:
        raise NotFound("fair", fair_id)
    return fair


async def set_broadcast(session: AsyncSession, *, fair_id: int, broadcast_id: int) -> None:
    await session.execute(update(Fair).where(Fair.id == fair_id).values(broadcast_id=broadcast_id))


async def open_now(session: AsyncSession, *, now: datetime) -> list[Fair]:
    """Fairs open at `now` (what the main menu shows)."""
    return list(
        await session.scalars(
            select(Fair).where(Fair.starts_at <= now, Fair.ends_at > now).order_by(Fair.starts_at, Fair.id)
        )
    )


_NOW = bindparam("now")
# Built once: every product card asks (see members._BY_TELEGRAM_ID).
_OPEN_FAIR_OF = (
    select(Fair)
    .join(FairProduct, FairProduct.fair_id == Fair.id)
    .where(FairProduct.product_id == bindparam("product_id"), Fair.starts_at <= _NOW, Fair.ends_at > _NOW)
    .order_by(Fair.id)
    .limit(1)
)


async def open_fair_of(session: AsyncSession, *, product_id: int, now: datetime) -> Fair | None:
    """The open fair a product is shown at, if any (for the badge on its card)."""
    return await session.scalar(_OPEN_FAIR_OF, {"product_id": product_id, "now": now})


async def products_page(
    session: AsyncSession, *, fair_id: int, page: int = 0, per_page: int = 8
) -> Page[Product]:
    query = (
        select(Product)
        .join(FairProduct, FairProduct.product_id == Product.id)
        .where(FairProduct.fair_id == fair_id, Product.status == ProductStatus.listed)
        .order_by(Product.county_id, Product.id)
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def features(session: AsyncSession, *, fair_id: int) -> list[tuple[FairFeature, County]]:
    rows = await session.execute(
        select(FairFeature, County)
        .join(County, County.id == FairFeature.county_id)
        .where(FairFeature.fair_id == fair_id)
        .order_by(County.sort_order, County.id)
    )
    return [(f, c) for f, c in rows]


async def of_organiser(session: AsyncSession, *, organiser_id: int) -> list[Fair]:
    scope_id = await organiser_scope(session, member_id=organiser_id)
    query = select(Fair).order_by(Fair.starts_at.desc(), Fair.id.desc()).limit(10)
    if scope_id != ALL:
        query = query.where(Fair.scope_id == scope_id)
    return list(await session.scalars(query))


async def open_due(session: AsyncSession, *, now: datetime) -> list[int]:
    """Record the opening of fairs whose start has come; each is opened once."""
    due = list(
        await session.scalars(
            select(Fair.id).where(Fair.opened_at.is_(None), Fair.starts_at <= now, Fair.ends_at > now)
        )
    )
    opened = []
    for fair_id in due:
        changed = await session.execute(
            update(Fair).where(Fair.id == fair_id, Fair.opened_at.is_(None)).values(opened_at=now)
        )
        if changed.rowcount == 1:
            opened.append(fair_id)
    return opened


async def close_due(session: AsyncSession, *, now: datetime) -> list[int]:
    """Record the closing of fairs whose end has come; each is closed once."""
    due = list(await session.scalars(select(Fair.id).where(Fair.closed_at.is_(None), Fair.ends_at <= now)))
    closed = []
    for fair_id in due:
        changed = await session.execute(
            update(Fair).where(Fair.id == fair_id, Fair.closed_at.is_(None)).values(closed_at=now)
        )
        if changed.rowcount == 1:
            closed.append(fair_id)
    return closed


# How long a claimed summary is left to its sender: one message, so a claim older than this was
# left by a crash, and the summary is owed again.
SUMMARY_LEASE = timedelta(minutes=5)


def _summary_owed(now: datetime, lease: timedelta):
    unclaimed = or_(Fair.summary_claimed_at.is_(None), Fair.summary_claimed_at < now - lease)
    return and_(Fair.closed_at.is_not(None), Fair.summary_sent_at.is_(None), unclaimed)


async def summaries_due(
    session: AsyncSession, *, now: datetime, lease: timedelta = SUMMARY_LEASE
) -> list[Fair]:
    """Closed fairs whose summary has not gone out yet and is not being sent."""
    return list(await session.scalars(select(Fair).where(_summary_owed(now, lease)).order_by(Fair.id)))


async def claim_summary(
    session: AsyncSession, *, fair_id: int, now: datetime, lease: timedelta = SUMMARY_LEASE
) -> bool:
    """Take a closed fair's summary for sending, before it is sent: True for one caller only, so of
    two workers on the same tick only one sends it. The sender records it (`summary_sent`) or hands
    it back (`release_summary`); a claim a crash left lapses after `lease`, and the summary goes out
    then: never lost, twice only if the crash came between Telegram taking it and the record."""
    changed = await session.execute(
        update(Fair)
        .where(Fair.id == fair_id, _summary_owed(now, lease))
        .values(summary_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


async def summary_sent(session: AsyncSession, *, fair_id: int, now: datetime) -> None:
    await session.execute(update(Fair).where(Fair.id == fair_id).values(summary_sent_at=now))


async def release_summary(session: AsyncSession, *, fair_id: int) -> None:
    """The claimed summary did not go out: owed again, for the next tick."""
    await session.execute(update(Fair).where(Fair.id == fair_id).values(summary_claimed_at=None))


@dataclass(frozen=True)
class CountyFigures:
    county_id: int
    county: str
    county_en: str
    orders: int
    amount_fen: int


# What a fair's summary counts: sales that stand. A paid order cancelled before shipping waits for
# its money to go back, and a refunded one has had it back: neither was bought at the fair.
SOLD = (OrderStatus.paid, OrderStatus.shipped, OrderStatus.received)


async def summary(session: AsyncSession, *, fair_id: int) -> list[CountyFigures]:
    """The fair's sales per county of its products: order lines of the fair's products, paid while
    it was open, in orders that are paid, shipped or received (not cancelled, not refunded).

    A product shown at two fairs open at once is counted at one, the one its card's badge names
    (`open_fair_of`: the earlier created), so overlapping fairs never count a sale twice."""
    fair = await get(session, fair_id=fair_id)
    other, other_product = aliased(Fair), aliased(FairProduct)
    shown_earlier = (
        select(other.id)
        .join(other_product, other_product.fair_id == other.id)
        .where(
            other_product.product_id == OrderLine.product_id,
            other.id < fair.id,
            other.starts_at <= Order.paid_at,
            other.ends_at > Order.paid_at,
        )
        .exists()
    )
    amount = func.sum(OrderLine.price_fen * OrderLine.quantity)
    rows = await session.execute(
        select(County.id, County.name, County.name_en, func.count(distinct(Order.id)), amount)
        .select_from(Order)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(
            FairProduct,
            and_(FairProduct.product_id == OrderLine.product_id, FairProduct.fair_id == fair.id),
        )
        .join(Product, Product.id == OrderLine.product_id)
        .join(County, County.id == Product.county_id)
        .where(
            Order.status.in_(SOLD),
            Order.paid_at >= utc(fair.starts_at),
            Order.paid_at < utc(fair.ends_at),
            ~shown_earlier,
        )
        .group_by(County.id, County.name, County.name_en)
        .order_by(amount.desc(), County.id)
    )
    return [CountyFigures(*row) for row in rows]
