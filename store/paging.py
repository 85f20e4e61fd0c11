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
    """Page `page` (clamped into range) of `query`'s rows, with the total count.

    The count rides along as an uncorrelated subquery, so a page costs one round trip.
    """
    total_of = select(func.count()).select_from(query.order_by(None).subquery()).scalar_subquery()
    page = max(page, 0)
    rows = (await session.execute(query.add_columns(total_of).limit(per_page).offset(page * per_page))).all()
    if rows:
        total = rows[0][-1]
    else:
        total = await session.scalar(select(total_of))
        if total and page * per_page >= total:  # past the end, e.g. a stale button: show the last page
            return await paginate(session, query, page=(total - 1) // per_page, per_page=per_page)
    return Page([row[0] for row in rows], page, max(1, -(-total // per_page)), total)
