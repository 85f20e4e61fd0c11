"""Exemplars (先进典型): stories of resident work teams that organisers and admins publish, paged
through by members; an organiser may nominate one for city media (recorded; no call goes out)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .content_models import MediaNomination, Story, StoryKind, StoryStatus
from .errors import InvalidInput, NotFound
from .models import County, Role
from .paging import Page, paginate
from .roles import authorize
from .sql import insert_ignoring_duplicates
from .stories import _check, get


async def publish(
    session: AsyncSession,
    *,
    author_id: int,
    title: str,
    text: str,
    team: str,
    county_id: int,
    now: datetime,
    photos: list[str] = (),
) -> Story:
    """An exemplar of a resident work team, by an organiser or an admin."""
    await authorize(session, member_id=author_id, role=Role.organiser)
    _check(title, text, list(photos), team)
    if await session.get(County, county_id) is None:
        raise NotFound("county", county_id)
    story = Story(
        kind=StoryKind.exemplar,
        author_id=author_id,
        county_id=county_id,
        team=team,
        title=title,
        text=text,
        photos=list(photos),
        created_at=now,
        updated_at=now,
    )
    session.add(story)
    await session.flush()
    return story


async def showcase(session: AsyncSession, *, page: int = 0, per_page: int = 1) -> Page[Story]:
    """The showcase, newest first, one exemplar a page by default."""
    query = (
        select(Story)
        .where(Story.kind == StoryKind.exemplar, Story.status == StoryStatus.published)
        .options(selectinload(Story.county))
        .order_by(Story.id.desc())
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def nominate(session: AsyncSession, *, story_id: int, organiser_id: int | None, now: datetime) -> bool:
    """Record an organiser's nomination of an exemplar for city media; False if already nominated."""
    await authorize(session, member_id=organiser_id, role=Role.organiser)
    story = await get(session, story_id=story_id)
    if story.kind != StoryKind.exemplar:
        raise InvalidInput("story")
    done = await session.execute(
        insert_ignoring_duplicates(session, MediaNomination, "story_id").values(
            story_id=story_id, organiser_id=organiser_id, nominated_at=now
        )
    )
    return done.rowcount == 1


async def nominated(session: AsyncSession, *, story_id: int) -> bool:
    return await session.get(MediaNomination, story_id) is not None
