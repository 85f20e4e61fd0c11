"""A nomination's village is the county's own when it is one: the same name however it is typed
(widths, spaces) is taken as it is, a name close to one of the county's villages is asked about,
and only a village the county does not have becomes a new one when the nomination is approved."""

from __future__ import annotations

from sqlalchemy import select

from bot.telegram import callbacks
from store.community_models import Nomination
from store.models import County, Member, Product, Village
from tests.stories import register


async def _nominate_until_village(member, product: str, village: str) -> None:
    await member.send("/nominate")
    await member.send(product)
    await member.tap("城口县")
    await member.send(village)


async def _finish(member) -> None:
    await member.send("城口农户李大哥")
    await member.send("李大哥 13900002222")
    await member.send("高山上种的，软糯香甜，村里的主要收入")
    await member.tap("跳过")
    await member.tap("提交提名")
    assert "已收到您的提名" in member.last


async def _villages(tg) -> dict[str, int]:
    async with tg.db.read() as session:
        county = await session.scalar(select(County.id).where(County.name == "城口县"))
        return dict(
            (await session.execute(select(Village.name, Village.id).where(Village.county_id == county))).all()
        )


async def test_a_nominated_village_is_matched_against_the_countys_villages(tg):
    alice = await register(tg, "alice")
    before = await _villages(tg)
    assert "岚天乡岚溪村" in before and "河鱼乡平原村" in before

    # Short for one the county has: asked, with the county's village first among the choices.
    await _nominate_until_village(alice, "城口手工红薯粉", "岚溪村")
    assert "您说的“岚溪村”是下面哪一个" in alice.last
    assert alice.buttons[:2] == ["岚天乡岚溪村", "都不是，就写“岚溪村”"] and "取消" in alice.buttons
    async with tg.db.read() as session:
        version = await session.scalar(
            select(Member.dialog_version).where(Member.telegram_user_id == alice.id)
        )
    await alice.tap_data(callbacks.make("dlg-pick", version, 999_999))  # a village it did not offer
    assert alice.alert and "哪一个" in alice.last
    await alice.tap("岚天乡岚溪村")
    assert "供应商或农户" in alice.last
    await _finish(alice)

    # The same name typed in full-width with a space: taken as the county's, nothing asked.
    await _nominate_until_village(alice, "城口野生猕猴桃", "河鱼乡　平原村")
    assert "供应商或农户" in alice.last
    await _finish(alice)

    # Close to one, but the member means another: kept as typed.
    await _nominate_until_village(alice, "城口高山土豆", "兴田村")
    assert "东安镇兴田村" in alice.buttons
    await alice.tap("都不是，就写“兴田村”")
    assert "供应商或农户" in alice.last
    await _finish(alice)

    async with tg.db.read() as session:
        kept = dict((await session.execute(select(Nomination.product_name, Nomination.village_name))).all())
    assert kept == {
        "城口手工红薯粉": "岚天乡岚溪村",
        "城口野生猕猴桃": "河鱼乡平原村",
        "城口高山土豆": "兴田村",
    }

    admin = await tg.admin(user_id=901)
    for product in kept:
        await admin.send("/nominations")
        await admin.tap(product)
        await admin.tap("批准")
        await admin.tap("土家禽")
        assert "已通过核实" in alice.last
    after = await _villages(tg)
    assert after == {**before, "兴田村": after["兴田村"]}  # one more: the one the county lacked
    async with tg.db.read() as session:
        drafts = dict(
            (
                await session.execute(select(Product.name, Product.village_id).where(Product.name.in_(kept)))
            ).all()
        )
    assert drafts == {
        "城口手工红薯粉": before["岚天乡岚溪村"],
        "城口野生猕猴桃": before["河鱼乡平原村"],
        "城口高山土豆": after["兴田村"],
    }
