"""Endorsement stories and exemplars (issue #6, property 3 for first secretaries), on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from store import exemplars, roles, stories, village_products
from store.broadcast_models import Broadcast, BroadcastStatus
from store.errors import Forbidden, TooSoon
from store.models import Member, Product, ProductStatus, Role
from tests.shop import NOW


async def _secretary(db, telegram_user_id=920):
    """The first secretary of the village of the first demo product that has one."""
    async with db.begin() as session:
        product = await session.scalar(
            select(Product).where(Product.village_id.is_not(None)).order_by(Product.id).limit(1)
        )
        await roles.grant(
            session, telegram_user_id=telegram_user_id, role=Role.first_secretary, scope_id=product.village_id
        )
        member = await session.scalar(select(Member.id).where(Member.telegram_user_id == telegram_user_id))
        other = await session.scalar(
            select(Product)
            .where(Product.village_id.is_not(None), Product.village_id != product.village_id)
            .limit(1)
        )
    return member, product, other


async def test_a_first_secretary_posts_for_their_village_only(demo_db):
    db = demo_db
    secretary, ours, theirs = await _secretary(db)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await stories.publish_endorsement(
                session, author_id=secretary, village_id=theirs.village_id, title="t", text="x", now=NOW
            )
    async with db.begin() as session:
        with pytest.raises(Forbidden):  # another village's product cannot be endorsed either
            await stories.publish_endorsement(
                session,
                author_id=secretary,
                village_id=ours.village_id,
                title="t",
                text="x",
                now=NOW,
                product_ids=[theirs.id],
            )
    async with db.begin() as session:
        story = await stories.publish_endorsement(
            session,
            author_id=secretary,
            village_id=ours.village_id,
            title="平原村的老腊肉",
            text="柴火熏足九十天。",
            photos=["a", "b"],
            product_ids=[ours.id],
            now=NOW,
        )
    async with db.read() as session:
        assert (await stories.endorsement_of(session, product_id=ours.id)).id == story.id
        assert [c.id for c, _ in await stories.zone_counties(session)] == [ours.county_id]
        assert [v.id for v, _ in await stories.zone_villages(session, county_id=ours.county_id)] == [
            ours.village_id
        ]
    # Someone else, even a member of the same village, cannot change or withdraw it.
    other, _, _ = await _secretary(db, telegram_user_id=921)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await stories.withdraw(session, story_id=story.id, actor_id=other, now=NOW)
    async with db.begin() as session:
        await stories.edit(
            session,
            story_id=story.id,
            actor_id=secretary,
            title="新标题",
            text="新内容",
            now=NOW,
            product_ids=[],
        )
    async with db.read() as session:
        assert await stories.endorsement_of(session, product_id=ours.id) is None
    async with db.begin() as session:
        await stories.withdraw(session, story_id=story.id, actor_id=secretary, now=NOW)
    async with db.read() as session:
        assert await stories.zone_counties(session) == []


async def test_story_subscribers_are_told_at_most_once_per_village_a_week(demo_db):
    db = demo_db
    secretary, ours, _ = await _secretary(db)
    async with db.begin() as session:
        first = await stories.publish_endorsement(
            session, author_id=secretary, village_id=ours.village_id, title="一", text="x", now=NOW
        )
        second = await stories.publish_endorsement(
            session, author_id=secretary, village_id=ours.village_id, title="二", text="y", now=NOW
        )
    async with db.begin() as session:
        await stories.push(session, story_id=first.id, author_id=secretary, text="新故事", now=NOW, tz=UTC)
    with pytest.raises(TooSoon):
        async with db.begin() as session:
            await stories.push(
                session, story_id=second.id, author_id=secretary, text="又一个", now=NOW, tz=UTC
            )
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 1
    async with db.begin() as session:  # next week
        await stories.push(
            session,
            story_id=second.id,
            author_id=secretary,
            text="又一个",
            now=NOW + timedelta(days=7),
            tz=UTC,
        )
    async with db.begin() as session:  # the first story withdrawn: its announcement is not sent
        await stories.withdraw(session, story_id=first.id, actor_id=secretary, now=NOW)
    async with db.read() as session:
        statuses = dict((await session.execute(select(Broadcast.button_id, Broadcast.status))).all())
        assert statuses == {first.id: BroadcastStatus.cancelled, second.id: BroadcastStatus.scheduled}
    async with db.begin() as session:  # never sent: the first week is free again for a new story
        third = await stories.publish_endorsement(
            session, author_id=secretary, village_id=ours.village_id, title="三", text="z", now=NOW
        )
        await stories.push(session, story_id=third.id, author_id=secretary, text="改好了", now=NOW, tz=UTC)


async def test_the_push_week_starts_on_monday_in_shanghai_not_in_utc(demo_db):
    db = demo_db
    secretary, ours, _ = await _secretary(db)
    shanghai = ZoneInfo("Asia/Shanghai")
    async with db.begin() as session:
        told = [
            await stories.publish_endorsement(
                session, author_id=secretary, village_id=ours.village_id, title=t, text="x", now=NOW
            )
            for t in "一二三"
        ]

    async def push(story, local: datetime) -> bool:
        try:
            async with db.begin() as session:
                await stories.push(
                    session, story_id=story.id, author_id=secretary, text="新故事", now=local, tz=shanghai
                )
        except TooSoon:
            return False
        return True

    # Sunday noon, then Monday 00:30 in Shanghai (still Sunday in UTC): a new week, pushed.
    assert await push(told[0], datetime(2026, 12, 6, 12, 0, tzinfo=shanghai))
    assert await push(told[1], datetime(2026, 12, 7, 0, 30, tzinfo=shanghai).astimezone(UTC))
    # Monday 09:00 in Shanghai (a new week in UTC too, but the same one here): too soon.
    assert not await push(told[2], datetime(2026, 12, 7, 9, 0, tzinfo=shanghai).astimezone(UTC))


async def test_drafts_wait_for_an_admin_and_exemplars_are_nominated_once(demo_db):
    db = demo_db
    secretary, ours, theirs = await _secretary(db)
    async with db.begin() as session:
        with pytest.raises(Forbidden):
            await village_products.draft_product(
                session,
                author_id=secretary,
                village_id=theirs.village_id,
                name="x",
                category_id=1,
                price_fen=100,
                unit="袋",
                stock=1,
            )
        draft = await village_products.draft_product(
            session,
            author_id=secretary,
            village_id=ours.village_id,
            name="村里的笋干",
            category_id=1,
            price_fen=3_000,
            unit="袋",
            stock=20,
        )
        await roles.grant(session, telegram_user_id=930, role=Role.admin)
        await roles.grant(session, telegram_user_id=931, role=Role.organiser)
        admin = await session.scalar(select(Member.id).where(Member.telegram_user_id == 930))
        organiser = await session.scalar(select(Member.id).where(Member.telegram_user_id == 931))
        with pytest.raises(Forbidden):
            await village_products.approve(session, product_id=draft.id, admin_id=secretary)
        assert [p.id for p in await village_products.drafts(session, admin_id=admin)] == [draft.id]
        assert [m.id for m in await village_products.reviewers(session)] == [admin]
        product, listed_now = await village_products.approve(session, product_id=draft.id, admin_id=admin)
        assert listed_now and product.status == ProductStatus.listed
        assert (await session.get(Product, draft.id)).status == ProductStatus.listed
        # Approving again (a double tap, a second admin) lists nothing new: nobody is told twice.
        _, listed_now = await village_products.approve(session, product_id=draft.id, admin_id=admin)
        assert not listed_now
        assert [m.id for m in await village_products.secretaries(session, product=product)] == [secretary]

        with pytest.raises(Forbidden):
            await exemplars.publish(
                session, author_id=secretary, title="t", text="x", team="驻村工作队", county_id=1, now=NOW
            )
        exemplar = await exemplars.publish(
            session,
            author_id=organiser,
            title="驻村三年",
            text="……",
            team="市财政局驻村工作队",
            county_id=1,
            now=NOW,
        )
        assert await exemplars.nominate(session, story_id=exemplar.id, organiser_id=organiser, now=NOW)
        assert not await exemplars.nominate(session, story_id=exemplar.id, organiser_id=admin, now=NOW)
        with pytest.raises(Forbidden):
            await exemplars.nominate(session, story_id=exemplar.id, organiser_id=secretary, now=NOW)
        page = await exemplars.showcase(session)
        assert [s.id for s in page.items] == [exemplar.id] and page.total == 1
