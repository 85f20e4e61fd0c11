"""One page of a longer list, read with LIMIT/OFFSET over an indexed order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


EMPTY: Page = Page([], 0, 1, 0)


async def paginate(session: AsyncSession, query: Select, *, page: int, per_page: int) -> Page:
    """Page `page` (clamped into range) of `query`'s rows, with the total count."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 0), pages - 1)
    items = list(await session.scalars(query.limit(per_page).offset(page * per_page)))
    return Page(items, page, pages, total)
