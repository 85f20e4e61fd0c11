"""Reference data every database has: the 18 counties and the product categories.

Kept as CSV files in the package and inserted where missing, so `aixin db upgrade` on a new
database and a later release with one more county both end up with the full list.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Category, County


def read_csv(package: str, name: str) -> list[dict[str, str]]:
    text = (files(package) / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


async def ensure(session: AsyncSession) -> None:
    """Insert the counties and categories that are not there yet."""
    counties = set(await session.scalars(select(County.name)))
    for order, row in enumerate(read_csv("store", "data/counties.csv")):
        if row["county"] not in counties:
            session.add(County(name=row["county"], name_en=row["county_en"], sort_order=order))
    categories = set(await session.scalars(select(Category.name)))
    for order, row in enumerate(read_csv("store", "data/categories.csv")):
        if row["category"] not in categories:
            session.add(Category(name=row["category"], name_en=row["category_en"], sort_order=order))
    await session.flush()
