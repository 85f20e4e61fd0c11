"""A nomination's village in the store: the county's own village when the name folds to it (as
product names fold), the close ones to offer otherwise, never a second village beside the real one."""

from __future__ import annotations

from sqlalchemy import func, select, update

from store import names, nominations
from store.community_models import Nomination
from store.models import County, Village
from tests.shop import NOW, open_shop


def test_a_typed_village_may_mean_a_known_one_only_when_close():
    near = names.near_place
    fold = names.normalize
    assert near(fold("凤凰村"), fold("太安镇凤凰村")) and near(fold("凤凰"), fold("太安镇凤凰村"))
    assert near(fold("万州区太安镇凤凰村"), fold("太安镇凤凰村"))  # the county written before it
    assert near(fold("太安凤凰村"), fold("太安镇凤凰村"))  # one character left out inside
    assert not near(fold("凤"), fold("太安镇凤凰村"))  # one character says nothing
    assert not near(fold("新华村"), fold("太安镇凤凰村"))


async def _villages(db, county: str) -> int:
    async with db.begin() as session:
        county_id = await session.scalar(select(County.id).where(County.name == county))
        for name in ("岚天乡岚溪村", "河鱼乡平原村"):
            session.add(Village(county_id=county_id, name=name))
    return county_id


async def _nominate(db, member_id, key, village, county_id, name="城口手工红薯粉"):
    async with db.begin() as session:
        return await nominations.submit(
            session,
            member_id=member_id,
            key=key,
            name=name,
            county_id=county_id,
            village=village,
            supplier="城口农户李大哥",
            contact="李大哥 13900002222",
            reason="高山上种的，软糯香甜",
            now=NOW,
        )


async def test_matches_are_the_countys_own_and_an_approved_nomination_uses_them(db):
    shop = await open_shop(db)
    chengkou = await _villages(db, "城口县")
    await _villages(db, "巫溪县")  # the same names in another county are other villages
    async with db.read() as session:

        async def matches(typed):
            same, close = await nominations.village_matches(session, county_id=chengkou, name=typed)
            return (same.county_id, same.name) if same else None, [(v.county_id, v.name) for v in close]

        assert await matches(" 河鱼乡　平原村 ") == ((chengkou, "河鱼乡平原村"), [])
        assert await matches("城口县河鱼乡平原村") == ((chengkou, "河鱼乡平原村"), [])
        assert await matches("岚溪") == (None, [(chengkou, "岚天乡岚溪村")])
        assert await matches("城口岚溪村") == (None, [(chengkou, "岚天乡岚溪村")])
        assert await matches("高山村") == (None, [])

    typed = await _nominate(db, shop.members[0], "n1", "河鱼乡 平原村", chengkou)
    assert typed.village_name == "河鱼乡平原村"  # kept under the village's own name
    # One stored before names were matched, as it was typed: approving it still finds the village.
    older = await _nominate(db, shop.members[1], "n2", "新村", chengkou, name="城口野生猕猴桃")
    async with db.begin() as session:
        await session.execute(
            update(Nomination).where(Nomination.id == older.id).values(village_name="岚天乡 岚溪村")
        )
    new = await _nominate(db, shop.members[2], "n3", "高山村", chengkou, name="城口高山土豆")
    async with db.read() as session:
        before = await session.scalar(select(func.count()).select_from(Village))
    drafts = []
    for nomination in (typed, older, new):
        async with db.begin() as session:
            drafts.append(
                await nominations.approve(
                    session, admin_id=shop.admin, nomination_id=nomination.id, category_id=1, now=NOW
                )
            )
    async with db.read() as session:
        villages = {v.id: (v.county_id, v.name) for v in await session.scalars(select(Village))}
    assert len(villages) == before + 1
    assert [villages[d.village_id] for d in drafts] == [
        (chengkou, "河鱼乡平原村"),
        (chengkou, "岚天乡岚溪村"),
        (chengkou, "高山村"),
    ]
