"""Every photo a story, an exemplar or a fair's county feature has is there to see (the first on
its page, the others one tap away as an album), a review's photo can be opened, and the demo
catalog has pictures, uploaded to Telegram once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import demo_photos
from bot.telegram import callbacks
from bot.telegram.emulator.spec import Upload
from store import exemplars, fairs, media, reviews, roles
from store.media_models import MediaDoorId
from store.models import County, Member, Product, Role
from tests.community import buy_received
from tests.stories import register


@pytest.fixture
def bot_settings(tmp_path) -> dict:
    return {"media_dir": str(tmp_path / "media")}


async def _photos(tg, n: int) -> list[str]:
    """File ids of `n` photos Telegram has (the bot sent them once, to someone else)."""
    tg.emulator.add_user(59_999, "uploader")
    bot = tg.application.bot
    return [(await bot.send_photo(59_999, f"photo {i}".encode())).photo[-1].file_id for i in range(n)]


def _album(member) -> list[dict]:
    """The newest album in the member's chat, its photos in order."""
    messages = member.messages()
    group = messages[-1].get("media_group_id")
    assert group, f"the newest message is no album: {messages[-1]}"
    return [m for m in messages if m.get("media_group_id") == group]


def _file(message: dict) -> str:
    return message["photo"][-1]["file_id"]


async def test_a_story_shows_its_first_photo_and_the_others_as_an_album(tg):
    async with tg.db.read() as session:
        village_id = await session.scalar(
            select(Product.village_id).where(Product.name == "城口老腊肉（五花）")
        )
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=920, role=Role.first_secretary, scope_id=village_id)
    secretary = tg.member("secretary", user_id=920)
    await secretary.send("/story")
    await secretary.tap("写新故事")
    await secretary.send("平原村的老腊肉")
    await secretary.send("大巴山深处，柴火熏足九十天。")
    for _ in range(3):
        await secretary.send_photo()
    await secretary.tap("照片好了（3 张）")
    await secretary.tap("城口老腊肉（五花）")
    await secretary.tap("完成")
    await secretary.tap("只发布")
    assert "故事已发布" in secretary.alert
    async with tg.db.read() as session:
        from store.content_models import Story

        photos = (await session.scalar(select(Story))).photos
    assert len(photos) == 3

    alice = await register(tg, "alice")
    await alice.send("/menu")
    await alice.tap("第一书记代言")
    await alice.tap("城口县")
    await alice.tap("1 篇故事")
    await alice.tap("平原村的老腊肉")
    page = alice.messages()[-1]
    assert "柴火熏足九十天" in alice.last and _file(page) == photos[0]
    await alice.tap("更多照片（2 张）")
    album = _album(alice)
    assert [_file(m) for m in album] == photos[1:]
    assert "平原村的老腊肉 的另外 2 张照片" in album[0]["caption"]
    assert alice.messages()[-3]["message_id"] == page["message_id"]  # the page stays, buttons and all
    assert "更多照片（2 张）" in " ".join(alice.buttons)


async def test_an_exemplar_and_a_fair_feature_show_every_photo(tg):
    photos = await _photos(tg, 4)
    organiser = await tg.organiser()
    await organiser.send("/start")
    now = datetime.now(UTC)
    async with tg.db.begin() as session:
        organiser_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == 903))
        county_id = await session.scalar(select(County.id).where(County.name == "城口县"))
        await exemplars.publish(
            session,
            author_id=organiser_id,
            title="平原村驻村工作队",
            team="市财政局驻平原村工作队",
            county_id=county_id,
            text="三年修通了进村公路。",
            photos=photos[:3],
            now=now,
        )
        fair = await fairs.create(
            session,
            organiser_id=organiser_id,
            name="春季展销会",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=3),
            now=now,
        )
        await fairs.set_feature(
            session,
            fair_id=fair.id,
            actor_id=organiser_id,
            county_id=county_id,
            text="城口的腊肉和山景",
            photos=photos,
        )

    alice = await register(tg, "alice")
    await alice.send("/menu")
    await alice.tap("先进典型")
    assert "三年修通了进村公路" in alice.last and _file(alice.messages()[-1]) == photos[0]
    await alice.tap("更多照片（2 张）")
    assert [_file(m) for m in _album(alice)] == photos[1:3]

    await alice.send("/menu")
    await alice.tap("春季展销会")
    await alice.tap("城口县 美食与风光")
    assert "城口的腊肉和山景" in alice.last and _file(alice.messages()[-1]) == photos[0]
    await alice.tap("更多照片（3 张）")
    album = _album(alice)
    assert [_file(m) for m in album] == photos[1:]
    assert "春季展销会 · 城口县 的另外 3 张照片" in album[0]["caption"]
    group_calls = [p for method, p in tg.emulator.calls if method == "sendMediaGroup"]
    assert [len(p["media"]) for p in group_calls] == [2, 3]
    await alice.tap_data(callbacks.make("fair-photos", fair.id, county_id + 1))  # a county not featured
    assert "没有找到" in alice.alert


async def test_a_reviews_photo_opens_and_a_hidden_ones_does_not(tg):
    (photo,) = await _photos(tg, 1)
    alice = await register(tg, "alice")
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=921, role=Role.admin)
        buyer = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        buyer.contact_name, buyer.contact_phone, buyer.contact_address = "张三", "13800138000", "重庆市渝中区"
        alice_id = buyer.id
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
    admin = tg.member("admin", user_id=921)
    await admin.send("/start")
    async with tg.db.read() as session:
        admin_id = await session.scalar(select(Member.id).where(Member.telegram_user_id == 921))
    now = datetime.now(UTC)
    with_photo, without = [
        await buy_received(tg.db, member_id=alice_id, product_id=product.id, at=now, actor_id=admin_id)
        for _ in range(2)
    ]
    async with tg.db.begin() as session:
        first = await reviews.submit(
            session,
            member_id=alice_id,
            order_line_id=with_photo.lines[0].id,
            stars=5,
            text="鸡汤很鲜",
            photo=photo,
            now=now,
        )
        await reviews.submit(
            session, member_id=alice_id, order_line_id=without.lines[0].id, stars=4, text="不错", now=now
        )

    bob = await register(tg, "bob")
    await bob.send("城口山地鸡")
    await bob.tap("城口山地鸡")
    await bob.tap("评价（2）")
    assert f"📷 #{first.id}" in bob.last
    assert [b for b in bob.buttons if "照片" in b] == [
        f"📷 看评价 #{first.id} 的照片"
    ]  # one: one has a photo
    await bob.tap("的照片")
    opened = bob.messages()[-1]
    assert _file(opened) == photo
    assert (
        f"评价 #{first.id} · 城口山地鸡" in bob.last and "⭐⭐⭐⭐⭐" in bob.last and "鸡汤很鲜" in bob.last
    )
    await bob.tap_data(callbacks.make("rv-photo", 999_999))  # forged
    assert "没有找到" in bob.alert

    async with tg.db.begin() as session:
        await reviews.hide(session, admin_id=admin_id, review_id=first.id, reason="广告", now=now)
    sent = len(bob.messages())
    message_id, data = bob.find_button("的照片")  # the page from before it was hidden
    bob.last_update = await tg.deliver(await tg.emulator.tap(bob.id, message_id, data))
    assert "没有找到" in bob.alert and len(bob.messages()) == sent


async def test_demo_products_have_pictures_uploaded_once(tg):
    media_dir = tg.settings.media_path
    async with tg.db.begin() as session:
        drawn = await demo_photos.give_photos(session, media_dir=media_dir)
    async with tg.db.begin() as session:
        assert await demo_photos.give_photos(session, media_dir=media_dir) == 0  # once
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
    assert drawn == 60 and media.media_id_of(product.photo)
    assert len(list(media_dir.glob("*/*.jpg"))) == 60

    alice = await register(tg, "alice")
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    card = alice.messages()[-1]
    assert card.get("photo") and "演示" in alice.last
    uploads = [p for m, p in tg.emulator.calls if m == "sendPhoto" and isinstance(p["photo"], Upload)]
    assert len(uploads) == 1 and uploads[0]["photo"].data[:3] == b"\xff\xd8\xff"  # a JPEG, uploaded
    async with tg.db.read() as session:
        kept = await session.scalar(select(MediaDoorId.door_id))
    assert kept == _file(card)

    await alice.tap("多一件")  # the card again, one more: the same picture by its file_id
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    assert _file(alice.messages()[-1]) == kept
    calls = [p for m, p in tg.emulator.calls if m in ("sendPhoto", "editMessageMedia")][-2:]
    assert [p.get("photo") or p["media"]["media"] for p in calls] == [kept, kept]

    # A file_id Telegram no longer knows (a new emulator, another bot) is dropped and the picture
    # uploaded again.
    async with tg.db.begin() as session:
        await media.remember(
            session, media_id=media.media_id_of(product.photo), door="telegram", door_id="gone"
        )
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    assert alice.messages()[-1].get("photo")
    assert tg.emulator.violations == ["sendPhoto: wrong file identifier/HTTP URL specified"]
    tg.emulator.violations.clear()
    async with tg.db.read() as session:
        again = await session.scalar(select(MediaDoorId.door_id))
    assert again not in ("gone", kept) and again == _file(alice.messages()[-1])
