"""Catalog pages at scale: `python -m bench.catalog [--url URL] [--samples N]`.

Builds 10,000 products over the 18 counties and 7 categories and 50,000 members, then times the
county page, category page, hot-products page and search through the store functions, first with
10,000 order lines behind the sales figures and then with 1,000,000, each time with reviews on a
tenth of the order lines and recommendations (one per 20 order lines) present; the same county
page and the whole catalog are also timed sorted by the community ranking (好品推荐). Pages read
cached aggregates (`product.sales_count`, `product.rank_score`) over indexes, so the order history,
the reviews and the recommendations should not slow them down.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Boolean, DateTime, func, insert, literal, select, text, update

from bot.store_setup import open_store
from store import catalog, ranking, search
from store.community_models import Recommendation, Review
from store.models import Agency, Branch, Category, County, Member, Order, OrderLine, Product, Supplier
from store.paging import paginate

PRODUCTS = 10_000
MEMBERS = 50_000
SUPPLIERS = 500
WORDS = ["腊肉", "蜂蜜", "天麻", "鲜笋", "土鸡", "脐橙", "脆李", "织锦", "山地", "高山", "老", "土"]
TYPED = ["城口腊肉", "腊肉城口", "城口腊内", "巫溪高山蜂蜜", "天麻巫山", "chengkou product", "巫溪老"]
NOW = datetime(2026, 11, 1, tzinfo=UTC)


async def build(db, rng: random.Random) -> None:
    async with db.begin() as session:
        counties = list(await session.scalars(select(County)))
        categories = list(await session.scalars(select(Category)))
        agency = Agency(name="基准测试机关", name_en="Bench agency")
        session.add(agency)
        await session.flush()
        branch = Branch(agency_id=agency.id, name="基准测试支部", name_en="Bench branch")
        session.add(branch)
        await session.flush()
        await session.execute(
            insert(Supplier),
            [
                {
                    "id": 1000 + i,
                    "name": f"供应商{i}",
                    "kind": rng.choice(["brand", "shop", "farm"]),
                    "contact": "",
                }
                for i in range(SUPPLIERS)
            ],
        )
        rows = []
        for i in range(PRODUCTS):
            county, category = rng.choice(counties), rng.choice(categories)
            name = f"{county.name[:2]}{rng.choice(WORDS)}{category.name}{i}"
            rows.append(
                {
                    "id": i + 1,
                    "name": name,
                    "name_en": f"product {i}",
                    "category_id": category.id,
                    "county_id": county.id,
                    "supplier_id": 1000 + rng.randrange(SUPPLIERS),
                    "price_fen": rng.randrange(990, 29_900),
                    "unit": "件",
                    "stock": rng.randrange(0, 500),
                    "charity_item": rng.random() < 0.2,
                    "search_text": search.terms(
                        f"{name} product {i} {county.name} {county.name_en} 供应商{i % SUPPLIERS}",
                        name=name,
                    ),
                    "sales_count": 0,
                }
            )
        await session.execute(insert(Product), rows)
        await session.execute(
            insert(Member),
            [
                {"id": i + 1, "telegram_user_id": 10_000_000 + i, "branch_id": branch.id}
                for i in range(MEMBERS)
            ],
        )


async def add_order_lines(db, rng: random.Random, target: int) -> None:
    """Grow the order history to `target` lines (two per order), then refresh the sales aggregates."""
    async with db.begin() as session:
        have = await session.scalar(select(func.count()).select_from(OrderLine))
        next_order = (await session.scalar(select(func.max(Order.id)))) or 0
        batch = 20_000
        while have < target:
            orders, lines = [], []
            for _ in range(min(batch, (target - have) // 2)):
                next_order += 1
                orders.append(
                    {
                        "id": next_order,
                        "member_id": rng.randrange(1, MEMBERS + 1),
                        "supplier_id": 1000,
                        "status": "received",
                        "total_fen": 0,
                        "idempotency_key": f"bench:{next_order}",
                        "created_at": NOW,
                    }
                )
                for _ in range(2):
                    product = int(rng.paretovariate(1.2)) % PRODUCTS + 1
                    lines.append(
                        {"order_id": next_order, "product_id": product, "quantity": 1, "price_fen": 100}
                    )
            await session.execute(insert(Order), orders)
            await session.execute(insert(OrderLine), lines)
            have += len(lines)
        sold = (
            select(func.coalesce(func.sum(OrderLine.quantity), 0))
            .where(OrderLine.product_id == Product.id)
            .scalar_subquery()
        )
        await session.execute(update(Product).values(sales_count=sold))
    if db.dialect == "postgresql":
        await vacuum_analyze(db)


async def add_community(db, rng: random.Random, *, every: int, recommendations: int) -> tuple[int, int]:
    """Reviews on every `every`-th order line not reviewed yet (3–5 stars) and random recommendations
    up to `recommendations`, then the cached aggregates and ranking scores recomputed from the rows."""
    async with db.begin() as session:
        reviewed = select(Review.order_line_id)
        lines = (
            select(
                OrderLine.id,
                OrderLine.product_id,
                Order.member_id,
                3 + OrderLine.id % 3,
                literal(""),
                literal(""),
                literal(False, Boolean),
                literal(""),
                literal(NOW, DateTime(timezone=True)),
                literal(NOW, DateTime(timezone=True)),
            )
            .join(Order, Order.id == OrderLine.order_id)
            .where(OrderLine.id % every == 0, OrderLine.id.not_in(reviewed))
        )
        columns = ["order_line_id", "product_id", "member_id", "stars", "text", "photo", "hidden"]
        columns += ["hidden_reason", "created_at", "updated_at"]
        await session.execute(insert(Review).from_select(columns, lines))
        have = {
            tuple(row)
            for row in await session.execute(select(Recommendation.member_id, Recommendation.product_id))
        }
        fresh = set()
        while len(have) + len(fresh) < recommendations:
            pair = (rng.randrange(1, MEMBERS + 1), int(rng.paretovariate(1.2)) % PRODUCTS + 1)
            if pair not in have:
                fresh.add(pair)
        rows = [{"member_id": m, "product_id": p, "created_at": NOW} for m, p in fresh]
        for start in range(0, len(rows), 20_000):
            await session.execute(insert(Recommendation), rows[start : start + 20_000])
        visible = (Review.product_id == Product.id, Review.hidden.is_(False))
        count = select(func.count()).where(*visible).scalar_subquery()
        total = select(func.coalesce(func.sum(Review.stars), 0)).where(*visible).scalar_subquery()
        recommended = select(func.count()).where(Recommendation.product_id == Product.id).scalar_subquery()
        await session.execute(
            update(Product).values(rating_count=count, rating_sum=total, recommend_count=recommended)
        )
        # every event counted as of NOW: heat = (units sold + 3 × recommendations) × 2^((NOW − EPOCH) / 30 days)
        heat = (Product.sales_count + ranking.RECOMMEND_WEIGHT * Product.recommend_count) * ranking.weight(
            NOW
        )
        await session.execute(update(Product).values(heat=heat))
        await ranking.refresh(session, now=NOW)
        n_reviews = await session.scalar(select(func.count()).select_from(Review))
        n_recommendations = await session.scalar(select(func.count()).select_from(Recommendation))
    if db.dialect == "postgresql":
        await vacuum_analyze(db)
    return n_reviews, n_recommendations


async def vacuum_analyze(db) -> None:
    """What autovacuum does after a bulk load: statistics for the planner, and a visibility map, so
    the pages' index-only counts do not visit the heap for every row version the seeding left behind
    (2,579 heap fetches for one county's 564 products without it)."""
    async with db.engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE"))


async def timings(db, rng: random.Random, samples: int) -> dict[str, list[float]]:
    async with db.read() as session:
        counties = list(await session.scalars(select(County.id)))
        categories = list(await session.scalars(select(Category.id)))
    cases = {
        "county page": lambda s: catalog.products_page(
            s, county_id=rng.choice(counties), page=rng.randrange(5)
        ),
        "category page": lambda s: catalog.products_page(
            s, category_id=rng.choice(categories), page=rng.randrange(5)
        ),
        "hot page": lambda s: catalog.products_page(s, page=rng.randrange(5)),
        "ranked county": lambda s: catalog.products_page(
            s, county_id=rng.choice(counties), page=rng.randrange(5), ranked=True
        ),
        "ranked page": lambda s: catalog.products_page(s, page=rng.randrange(5), ranked=True),
        "search": lambda s: catalog.search(
            s, text=rng.choice(WORDS + ["城口", "product 42", "供应商7", "无此商品"])
        ),
        # As people type: no spaces, parts in any order, a slip (城口腊内), English.
        "search, typed": lambda s: catalog.search(s, text=rng.choice(TYPED)),
        # What search was before migration 0009, on the same rows and the same words, for comparison.
        "LIKE scan": lambda s: like_scan(
            s, rng.choice(WORDS + ["城口", "product 42", "供应商7", "无此商品"])
        ),
        "LIKE, typed": lambda s: like_scan(s, rng.choice(TYPED)),
    }
    result: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(samples // 10):  # warm the caches and the connection pool first
        for call in cases.values():
            async with db.read() as session:
                await call(session)
    for _ in range(samples):
        for name, call in cases.items():
            started = time.perf_counter()
            async with db.read() as session:
                await call(session)
            result[name].append((time.perf_counter() - started) * 1000)
    return result


async def like_scan(session, text: str):
    """The search of migration 0008: every word a `LIKE '%word%'` over every listed product."""
    where = [Product.status == "listed"]
    where += [catalog.containing(Product.search_text, word) for word in text.lower().split()[:4]]
    query = select(Product).where(*where).order_by(Product.sales_count.desc(), Product.id.desc())
    return await paginate(session, query, page=0, per_page=catalog.PAGE_SIZE)


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    rng = random.Random(2026)
    db = await open_store(url)
    started = time.perf_counter()
    await build(db, rng)
    print(
        f"{db.dialect}: built {PRODUCTS:,} products and {MEMBERS:,} members in {time.perf_counter() - started:.1f} s"
    )
    figures = {}
    for lines in (10_000, 1_000_000):
        started = time.perf_counter()
        await add_order_lines(db, rng, lines)
        reviews, recommendations = await add_community(db, rng, every=10, recommendations=lines // 20)
        print(
            f"order lines: {lines:,}, reviews: {reviews:,}, recommendations: {recommendations:,}"
            f" (grown in {time.perf_counter() - started:.1f} s)"
        )
        figures[lines] = await timings(db, rng, args.samples)
        for name, samples in figures[lines].items():
            p50, p99 = summary(samples)
            print(f"  {name:14} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    print("ratio 1M / 10k order lines (p99):")
    for name in figures[10_000]:
        small, large = summary(figures[10_000][name])[1], summary(figures[1_000_000][name])[1]
        print(f"  {name:14} {large / small:5.2f}×")
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
