"""Stories: first secretaries' endorsement stories about their village's products (the
"第一书记代言" zone: county → village → products and stories), and exemplars (先进典型) of resident
work teams, which organisers publish and may nominate for city media."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import bindparam, delete, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .broadcast_models import Broadcast, BroadcastStatus
from .broadcasts import CAPTION_LIMIT, TEXT_LIMIT, withdraw_about
from .content_models import Story, StoryKind, StoryProduct, StoryPush, StoryStatus
from .errors import Forbidden, InvalidInput, NotFound, TooSoon
from .models import County, Product, ProductStatus, Role, Village
from .roles import authorize, roles_of
from .sql import insert_ignoring_duplicates

MAX_PHOTOS, MAX_PRODUCTS = 5, 10
LIMITS = {"title": 64, "text": 3000, "team": 96}


def _check(title: str, text: str, photos: list[str], team: str = "") -> None:
    if not 1 <= len(title) <= LIMITS["title"]:
        raise InvalidInput("title")
    if not 1 <= len(text) <= LIMITS["text"]:
        raise InvalidInput("text")
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput("photos")
    if len(team) > LIMITS["team"]:
        raise InvalidInput("team")


async def village_products(
    session: AsyncSession, *, village_id: int, listed_only: bool = True
) -> list[Product]:
    query = select(Product).where(Product.village_id == village_id).order_by(Product.id)
    if listed_only:
        query = query.where(Product.status == ProductStatus.listed)
    return list(await session.scalars(query))


async def _village_choice(session: AsyncSession, village_id: int, product_ids: list[int]) -> list[int]:
    """The products chosen, each once; all must be of the village."""
    chosen = list(dict.fromkeys(product_ids))
    if len(chosen) > MAX_PRODUCTS:
        raise InvalidInput("products")
    ours = {p.id for p in await village_products(session, village_id=village_id, listed_only=False)}
    if stray := [p for p in chosen if p not in ours]:
        raise Forbidden("product of another village", stray[0])
    return chosen


async def _set_products(session: AsyncSession, story: Story, product_ids: list[int]) -> None:
    chosen = await _village_choice(session, story.village_id, product_ids)
    await session.execute(delete(StoryProduct).where(StoryProduct.story_id == story.id))
    session.add_all(StoryProduct(story_id=story.id, product_id=p) for p in chosen)
    await session.flush()


async def publish_endorsement(
    session: AsyncSession,
    *,
    author_id: int,
    village_id: int,
    title: str,
    text: str,
    now: datetime,
    photos: list[str] = (),
    product_ids: list[int] = (),
) -> Story:
    """An endorsement story, by the first secretary of `village_id` only, about its products."""
    await authorize(session, member_id=author_id, role=Role.first_secretary, scope_id=village_id)
    _check(title, text, list(photos))
    await _village_choice(session, village_id, list(product_ids))  # before anything is written
    village = await session.get(Village, village_id)
    story = Story(
        kind=StoryKind.endorsement,
        author_id=author_id,
        village_id=village_id,
        county_id=village.county_id,
        title=title,
        text=text,
        photos=list(photos),
        created_at=now,
        updated_at=now,
    )
    session.add(story)
    await session.flush()
    await _set_products(session, story, list(product_ids))
    return story


async def _own(session: AsyncSession, story_id: int, actor_id: int | None) -> Story:
    """A story its author (still holding their role) or an admin may change."""
    story = await session.get(Story, story_id)
    if story is None:
        raise NotFound("story", story_id)
    grants = await roles_of(session, member_id=actor_id or 0)
    if any(g.role == Role.admin for g in grants):
        return story
    if story.author_id != actor_id:
        raise Forbidden("not the author")
    if story.kind == StoryKind.endorsement:
        await authorize(session, member_id=actor_id, role=Role.first_secretary, scope_id=story.village_id)
    else:
        await authorize(session, member_id=actor_id, role=Role.organiser)
    return story


async def edit(
    session: AsyncSession,
    *,
    story_id: int,
    actor_id: int | None,
    title: str,
    text: str,
    now: datetime,
    photos: list[str] = (),
    product_ids: list[int] | None = None,
    team: str | None = None,
) -> Story:
    """Change a story's words, photos (and endorsed products, or team)."""
    story = await _own(session, story_id, actor_id)
    _check(title, text, list(photos), team or "")
    story.title, story.text, story.photos, story.updated_at = title, text, list(photos), now
    if team is not None and story.kind == StoryKind.exemplar:
        story.team = team
    if product_ids is not None and story.kind == StoryKind.endorsement:
        await _set_products(session, story, product_ids)
    await session.flush()
    return story


async def withdraw(session: AsyncSession, *, story_id: int, actor_id: int | None, now: datetime) -> Story:
    story = await _own(session, story_id, actor_id)
    story.status, story.updated_at = StoryStatus.withdrawn, now
    # An announcement not sent yet gives the village's week back: withdrawing to mend a typo must
    # not keep the next story quiet for a week. One already going out has used it.
    unsent = select(Broadcast.id).where(Broadcast.status == BroadcastStatus.scheduled)
    await session.execute(
        delete(StoryPush).where(StoryPush.story_id == story.id, StoryPush.broadcast_id.in_(unsent))
    )
    await withdraw_about(session, button="story", button_id=story.id)  # not announced any more
    await session.flush()
    return story


async def get(session: AsyncSession, *, story_id: int, published_only: bool = True) -> Story:
    story = await session.scalar(
        select(Story)
        .where(Story.id == story_id)
        .options(selectinload(Story.county), selectinload(Story.village), selectinload(Story.products))
    )
    if story is None or (published_only and story.status != StoryStatus.published):
        raise NotFound("story", story_id)
    return story


async def of_author(session: AsyncSession, *, author_id: int) -> list[Story]:
    return list(
        await session.scalars(
            select(Story)
            .where(Story.author_id == author_id, Story.status == StoryStatus.published)
            .order_by(Story.id.desc())
            .limit(20)
        )
    )


async def push(
    session: AsyncSession,
    *,
    story_id: int,
    author_id: int | None,
    text: str,
    now: datetime,
    tz: tzinfo,
    key: str = "",
    args: dict | None = None,
) -> Broadcast:
    """Tell story subscribers about an endorsement story through the outbox: at most once per
    village per ISO week, counted in `tz` (the members' zone: a week starts on their Monday, not
    UTC's). `text` is the announcement as its author reads it; `key` and `args` the message each
    subscriber reads it as, in their language (store.broadcasts.announce)."""
    story = await _own(session, story_id, author_id)
    if story.kind != StoryKind.endorsement or story.status != StoryStatus.published:
        raise InvalidInput("story")
    if not 1 <= len(text) <= (CAPTION_LIMIT if story.photos else TEXT_LIMIT):
        raise InvalidInput("text")
    year, week, _ = now.astimezone(tz).isocalendar()
    broadcast = Broadcast(
        organiser_id=author_id,
        kind="stories",
        text=text,
        key=key,
        args=args,
        photo=story.photos[0] if story.photos else "",
        audience="all",
        audience_id=0,
        button="story",
        button_id=story.id,
        status=BroadcastStatus.scheduled,
        send_at=now,
    )
    session.add(broadcast)
    await session.flush()
    pushed = await session.execute(
        insert_ignoring_duplicates(session, StoryPush, "village_id", "week").values(
            village_id=story.village_id,
            week=f"{year}-W{week:02d}",
            story_id=story.id,
            broadcast_id=broadcast.id,
        )
    )
    if pushed.rowcount != 1:
        raise TooSoon(story.village_id)  # the caller's transaction rolls the broadcast back
    return broadcast


async def zone_counties(session: AsyncSession) -> list[tuple[County, int]]:
    """Counties with villages that have endorsement stories, and how many such villages."""
    rows = await session.execute(
        select(County, func.count(distinct(Story.village_id)))
        .join(Story, Story.county_id == County.id)
        .where(Story.kind == StoryKind.endorsement, Story.status == StoryStatus.published)
        .group_by(County.id)
        .order_by(County.sort_order, County.id)
    )
    return [(c, n) for c, n in rows]


async def zone_villages(session: AsyncSession, *, county_id: int) -> list[tuple[Village, int]]:
    rows = await session.execute(
        select(Village, func.count(Story.id))
        .join(Story, Story.village_id == Village.id)
        .where(
            Village.county_id == county_id,
            Story.kind == StoryKind.endorsement,
            Story.status == StoryStatus.published,
        )
        .group_by(Village.id)
        .order_by(Village.id)
    )
    return [(v, n) for v, n in rows]


async def village_name(session: AsyncSession, *, village_id: int) -> str:
    return await session.scalar(select(Village.name).where(Village.id == village_id)) or ""


async def village_stories(session: AsyncSession, *, village_id: int) -> list[Story]:
    return list(
        await session.scalars(
            select(Story)
            .where(
                Story.village_id == village_id,
                Story.kind == StoryKind.endorsement,
                Story.status == StoryStatus.published,
            )
            .order_by(Story.id.desc())
        )
    )


# Built once: every product card asks (see members._BY_TELEGRAM_ID).
_ENDORSEMENT_OF = (
    select(Story)
    .join(StoryProduct, StoryProduct.story_id == Story.id)
    .where(StoryProduct.product_id == bindparam("product_id"), Story.status == StoryStatus.published)
    .order_by(Story.id.desc())
    .limit(1)
)


async def endorsement_of(session: AsyncSession, *, product_id: int) -> Story | None:
    """The latest published story endorsing a product (its card links to it)."""
    return await session.scalar(_ENDORSEMENT_OF, {"product_id": product_id})
