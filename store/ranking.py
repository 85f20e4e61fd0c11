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

from sqlalchemy import Float, case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Product, RankingPrior

PRIOR_WEIGHT = 10  # m: how many catalog-average reviews a product starts with
DEFAULT_PRIOR = 4.0  # C before anything has been reviewed
SALE_WEIGHT = 1.0  # per unit sold
RECOMMEND_WEIGHT = 3.0  # per recommendation
HALF_LIFE = timedelta(days=30)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def weight(at: datetime) -> float:
    """2^((at − EPOCH) / HALF_LIFE): what an event of weight 1 at `at` adds to `heat`."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return 2.0 ** ((at - EPOCH) / HALF_LIFE)


def bayesian_average(*, rating_sum: int, rating_count: int, prior: float) -> float:
    return (PRIOR_WEIGHT * prior + rating_sum) / (PRIOR_WEIGHT + rating_count)


def score(*, rating_sum: int, rating_count: int, heat: float, prior: float) -> float:
    """What `product.rank_score` holds, as a plain function (the README's formula)."""
    return bayesian_average(rating_sum=rating_sum, rating_count=rating_count, prior=prior) * heat


async def prior(session: AsyncSession) -> float:
    """C, the catalog's mean rating as of the last refresh."""
    found = await session.scalar(select(RankingPrior.mean_rating).where(RankingPrior.id == 1))
    return DEFAULT_PRIOR if found is None else found


def changes(
    prior: float, *, heat: float = 0.0, rating_count: int = 0, rating_sum: int = 0, recommend_count: int = 0
) -> dict:
    """UPDATE values that add these deltas to a product and rescore it, in one statement.

    The right-hand sides of SET read the row as it was, so the score is computed from old + delta.
    """
    new_heat = Product.heat + literal(heat, Float)
    new_heat = case((new_heat < 1e-9, literal(0.0, Float)), else_=new_heat)  # float residue of removals
    values = {
        Product.heat: new_heat,
        Product.rating_count: Product.rating_count + rating_count,
        Product.rating_sum: Product.rating_sum + rating_sum,
        Product.rank_score: _score_sql(prior, new_heat, rating_count, rating_sum),
    }
    if recommend_count:
        values[Product.recommend_count] = Product.recommend_count + recommend_count
    return values


async def adjust(session: AsyncSession, *, product_id: int, **deltas) -> None:
    """Add deltas (heat, rating_count, rating_sum, recommend_count) to one product and rescore it."""
    values = changes(await prior(session), **deltas)
    await session.execute(update(Product).where(Product.id == product_id).values(values))


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
