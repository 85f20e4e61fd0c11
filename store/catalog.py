"""Reading the catalog: counties, categories, product pages, search, one product."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from . import search as product_search
from .errors import InvalidInput, NotFound
from .models import Category, County, Product, ProductStatus, Supplier, Village
from .paging import Page, paginate

PAGE_SIZE = 8
MAX_QUERY_CHARS = product_search.MAX_QUERY_CHARS


async def counties(session: AsyncSession) -> list[tuple[County, int]]:
    """Every county with its number of listed products, in the catalog's order."""
    listed = (
        select(Product.county_id, func.count().label("n"))
        .where(Product.status == ProductStatus.listed)
        .group_by(Product.county_id)
        .subquery()
    )
    rows = await session.execute(
        select(County, func.coalesce(listed.c.n, 0))
        .outerjoin(listed, listed.c.county_id == County.id)
        .order_by(County.sort_order, County.id)
    )
    return [(county, n) for county, n in rows]


async def categories(session: AsyncSession) -> list[tuple[Category, int]]:
    """Every category with its number of listed products."""
    listed = (
        select(Product.category_id, func.count().label("n"))
        .where(Product.status == ProductStatus.listed)
        .group_by(Product.category_id)
        .subquery()
    )
    rows = await session.execute(
        select(Category, func.coalesce(listed.c.n, 0))
        .outerjoin(listed, listed.c.category_id == Category.id)
        .order_by(Category.sort_order, Category.id)
    )
    return [(category, n) for category, n in rows]


def county_names(counties) -> dict:
    """Counties by each name they are written with: 奉节县, 奉节 (without 县, 区 or 市, where
    that names only one) and Fengjie."""
    found = {}
    short: dict[str, list] = {}
    for county in counties:
        found[county.name] = county
        if county.name_en:
            found[county.name_en.lower()] = county
        if len(county.name) > 2 and county.name[-1] in "县区市":
            short.setdefault(county.name[:-1], []).append(county)
    for name, named in short.items():
        if len(named) == 1:
            found.setdefault(name, named[0])
    return found


async def county_by_name(session: AsyncSession, *, name: str) -> County | None:
    """The county written as `name` (奉节县, 奉节 or Fengjie), as the catalog import reads it;
    None for a name that is no county's or names more than one."""
    table = county_names(await session.scalars(select(County)))
    wanted = name.strip()
    return table.get(wanted) or table.get(wanted.lower())


async def add_category(session: AsyncSession, *, name: str, name_en: str = "") -> Category:
    """A category an admin adds (核桃 filed under its own, not 水果); a name taken is refused."""
    name, name_en = name.strip(), name_en.strip() or name.strip()
    if not 1 <= len(name) <= 32 or await session.scalar(select(Category.id).where(Category.name == name)):
        raise InvalidInput("category", name)
    last = await session.scalar(select(func.max(Category.sort_order))) or 0
    category = Category(name=name, name_en=name_en, sort_order=last + 1)
    session.add(category)
    await session.flush()
    return category


async def county(session: AsyncSession, *, county_id: int) -> County:
    found = await session.get(County, county_id)
    if found is None:
        raise NotFound("county", county_id)
    return found


async def category(session: AsyncSession, *, category_id: int) -> Category:
    found = await session.get(Category, category_id)
    if found is None:
        raise NotFound("category", category_id)
    return found


async def products_page(
    session: AsyncSession,
    *,
    page: int = 0,
    county_id: int | None = None,
    category_id: int | None = None,
    per_page: int = PAGE_SIZE,
    ranked: bool = False,
) -> Page[Product]:
    """Listed products of a county, a category or the whole catalog, best sellers first
    (or by the community ranking, `ranked`; see store/ranking.py)."""
    where = [Product.status == ProductStatus.listed]
    if county_id is not None:
        where.append(Product.county_id == county_id)
    if category_id is not None:
        where.append(Product.category_id == category_id)
    key = Product.rank_score if ranked else Product.sales_count
    query = select(Product).where(*where).order_by(key.desc(), Product.id.desc())
    return await paginate(session, query, page=page, per_page=per_page)


async def search(
    session: AsyncSession, *, text: str, page: int = 0, per_page: int = PAGE_SIZE
) -> Page[Product]:
    """Listed products whose name, county, village, category or supplier together hold `text`'s
    parts, in any order, a slip forgiven, best matches first (store/search.py). Every search
    of the catalog comes here: messages, /search, inline mode and the broadcast and fair pickers."""
    return await product_search.search(session, text=text, page=page, per_page=per_page)


def containing(expression, text: str):
    """`expression LIKE '%text%'` with `%`, `_` and `\\` in `text` meaning themselves: a search for
    "%" finds what has a "%" in it, not everything."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return expression.like(f"%{escaped}%", escape="\\")


def search_text_of(
    *,
    name: str,
    name_en: str,
    county: County,
    village: Village | None,
    supplier: Supplier,
    category: Category,
) -> str:
    """What `search` looks in for one product: the terms (store/search.py) of its names, origin,
    supplier and category. Every write of a product's `search_text` goes through here."""
    parts = [
        name,
        name_en,
        county.name,
        county.name_en,
        village.name if village else "",
        supplier.name,
        category.name,
        category.name_en,
    ]
    return product_search.terms(" ".join(part for part in parts if part), name=name)


# Many-to-one, so joined into the product's own query: a card is one round trip, not five.
_DETAILS = (
    joinedload(Product.county),
    joinedload(Product.village),
    joinedload(Product.supplier),
    joinedload(Product.category),
)


# Built once: every product card reads it (see members._BY_TELEGRAM_ID).
_PRODUCT = select(Product).where(Product.id == bindparam("product_id")).options(*_DETAILS)


async def product(session: AsyncSession, *, product_id: int, listed_only: bool = True) -> Product:
    """One product with its county, village, supplier and category loaded."""
    found = await session.scalar(_PRODUCT, {"product_id": product_id})
    if found is None or (listed_only and found.status != ProductStatus.listed):
        raise NotFound("product", product_id)
    return found


async def with_details(session: AsyncSession, product_ids: list[int]) -> list[Product]:
    """Several products with their details loaded, in the order of `product_ids`."""
    if not product_ids:
        return []
    found = {
        p.id: p
        for p in await session.scalars(select(Product).where(Product.id.in_(product_ids)).options(*_DETAILS))
    }
    return [found[i] for i in product_ids if i in found]
