"""The community ranking: a Bayesian average of ratings times recency-weighted activity.

    score = R̄ × A
    R̄ = (m·C + Σ stars) / (m + n)        n visible reviews, C the catalog's mean rating, m = 10
    A = Σ w · 2^(−age / 30 days)          w = 1 per unit sold, 3 per recommendation

`A` is kept as `heat` = Σ w · 2^((t − EPOCH) / HALF_LIFE), which only grows by adding events: at
any moment heat = A · 2^((now − EPOCH) / HALF_LIFE), the same factor for every product, so sorting
by R̄ × heat sorts by R̄ × A without a job ageing anything. Each event updates its product's heat and
score in its own transaction; `refresh` (a job) recomputes C and rescores every product with it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Float, bindparam, case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .community_models import RankingPrior
from .models import Product, utc

PRIOR_WEIGHT = 10  # m: how many catalog-average reviews a product starts with
DEFAULT_PRIOR = 4.0  # C before anything has been reviewed
SALE_WEIGHT = 1.0  # per unit sold
RECOMMEND_WEIGHT = 3.0  # per recommendation
HALF_LIFE = timedelta(days=30)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def weight(at: datetime) -> float:
    """2^((at − EPOCH) / HALF_LIFE): what an event of weight 1 at `at` adds to `heat`."""
    at = utc(at)
    return 2.0 ** ((at - EPOCH) / HALF_LIFE)


def bayesian_average(*, rating_sum: int, rating_count: int, prior: float) -> float:
    return (PRIOR_WEIGHT * prior + rating_sum) / (PRIOR_WEIGHT + rating_count)


def score(*, rating_sum: int, rating_count: int, heat: float, prior: float) -> float:
    """What `product.rank_score` holds, as a plain function (the README's formula)."""
    return bayesian_average(rating_sum=rating_sum, rating_count=rating_count, prior=prior) * heat


_PRIOR = select(RankingPrior.mean_rating).where(RankingPrior.id == 1)


async def prior(session: AsyncSession) -> float:
    """C, the catalog's mean rating as of the last refresh."""
    found = await session.scalar(_PRIOR)
    return DEFAULT_PRIOR if found is None else found


def _adjusted() -> dict:
    """SET values that add deltas (bound at execution) to a product and rescore it, in one statement.

    The right-hand sides of SET read the row as it was, so the score is computed from old + delta:
    R̄'s numerator and denominator come bound with m·C and m plus the deltas.
    """
    t = Product.__table__
    new_heat = t.c.heat + bindparam("heat", type_=Float)
    new_heat = case((new_heat < 1e-9, literal(0.0, Float)), else_=new_heat)  # float residue of removals
    numerator = bindparam("numerator_base", type_=Float) + t.c.rating_sum
    denominator = bindparam("denominator_base", type_=Float) + t.c.rating_count
    return {
        t.c.heat: new_heat,
        t.c.rating_count: t.c.rating_count + bindparam("rating_count"),
        t.c.rating_sum: t.c.rating_sum + bindparam("rating_sum"),
        t.c.rank_score: numerator / denominator * new_heat,
        t.c.recommend_count: t.c.recommend_count + bindparam("recommend_count"),
        t.c.sales_count: t.c.sales_count + bindparam("sales_count"),
        t.c.stock: t.c.stock + bindparam("stock"),
    }


# Built once: every sale, review and recommendation runs it (see members._BY_TELEGRAM_ID).
_ADJUST = (
    update(Product.__table__).where(Product.__table__.c.id == bindparam("product_id")).values(_adjusted())
)


async def adjust(
    session: AsyncSession,
    *,
    product_id: int,
    heat: float = 0.0,
    rating_count: int = 0,
    rating_sum: int = 0,
    recommend_count: int = 0,
    sales_count: int = 0,
    stock: int = 0,
    catalog_mean: float | None = None,
) -> None:
    """Add deltas to one product's figures (and stock) and rescore it with C (`catalog_mean`, read
    if None: callers adjusting several products read it once). A Product already loaded in the
    session keeps its old figures: load it again (populate_existing) to show the new ones."""
    mean = await prior(session) if catalog_mean is None else catalog_mean
    await session.execute(
        _ADJUST,
        {
            "product_id": product_id,
            "heat": heat,
            "rating_count": rating_count,
            "rating_sum": rating_sum,
            "recommend_count": recommend_count,
            "sales_count": sales_count,
            "stock": stock,
            "numerator_base": PRIOR_WEIGHT * mean + rating_sum,
            "denominator_base": float(PRIOR_WEIGHT + rating_count),
        },
    )


async def refresh(session: AsyncSession, *, now: datetime) -> float:
    """Recompute C from every visible review and rescore every product with it; returns C."""
    total, count = (
        await session.execute(
            select(
                func.coalesce(func.sum(Product.rating_sum), 0),
                func.coalesce(func.sum(Product.rating_count), 0),
            )
        )
    ).one()
    mean = total / count if count else DEFAULT_PRIOR
    row = await session.get(RankingPrior, 1)
    if row is None:
        session.add(RankingPrior(id=1, mean_rating=mean, refreshed_at=now))
    else:
        row.mean_rating, row.refreshed_at = mean, now
    await session.execute(update(Product).values(rank_score=_score_sql(mean, Product.heat, 0, 0)))
    return mean


def _score_sql(prior: float, heat, rating_count: int, rating_sum: int):
    numerator = literal(PRIOR_WEIGHT * prior + rating_sum, Float) + Product.rating_sum
    denominator = literal(float(PRIOR_WEIGHT + rating_count), Float) + Product.rating_count
    return numerator / denominator * heat
