"""Community on the product card, as Request → Reply (handlers/community.py, handlers/review_dialog.py):
the intents rec, rvs, rv-photo, ranked, county-rank, rv-hide and rv-start, and the dialogs
"review" (the buyer of a received order rates it: stars, words, photo) and "review_hide" (an admin
hides a review with a reason) — run to their finish with what the store keeps, a bad answer refused
and asked again, and those without the right refused with nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.registry import Stale
from locales import Translator
from store import ledger, members, orders, reviews, roles
from store.community_models import Recommendation, Review
from store.errors import Forbidden, NotFound, NotReviewable, ReviewEditClosed
from store.models import Product, Role
from tests.community import aggregates_match_rows, buy_received
from tests.flows.door import Door, alert, intents, offered, screens, text

SUPPLIER = 7300


def words(error) -> str:
    """What a door says for a refused domain error: the message of its code."""
    return Translator().t("zh-CN", f"error-{error.code}")


def labels(reply, intent: str) -> list[str]:
    return [a.label for a in offered(reply, intent)]


async def _chicken(db) -> Product:
    async with db.read() as session:
        return await session.scalar(select(Product).where(Product.name == "城口山地鸡"))


async def _received(door: Door, product: Product) -> int:
    """The door's member bought `product`, had it shipped and confirmed receipt: its order line."""
    async with door.db.begin() as session:
        member = await members.ensure(session, telegram_user_id=door.user_id, display_name=door.name)
        await members.set_contact(
            session, member_id=member.id, name=door.name, phone="13800138000", address="重庆市渝中区 1 号"
        )
        await roles.grant(
            session, telegram_user_id=SUPPLIER, role=Role.supplier, scope_id=product.supplier_id
        )
        supplier = await members.id_of(session, SUPPLIER)
    order = await buy_received(
        door.db, member_id=member.id, product_id=product.id, at=datetime.now(UTC), actor_id=supplier
    )
    return order.lines[0].id


async def _reviewed(door: Door, product: Product, stars: int, text: str = "", photo: str = "") -> Review:
    line_id = await _received(door, product)
    member = await door.member()
    async with door.db.begin() as session:
        return await reviews.submit(
            session,
            member_id=member.id,
            order_line_id=line_id,
            stars=stars,
            text=text,
            photo=photo,
            now=datetime.now(UTC),
        )


async def _review_rows(db) -> list[Review]:
    async with db.read() as session:
        return list(await session.scalars(select(Review).order_by(Review.id)))


async def _pick(door: Door, reply, label: str):
    return await door.press(reply, "dlg-pick", nth=labels(reply, "dlg-pick").index(label))


# 重点推荐 ---------------------------------------------------------------------------------------


async def test_recommending_is_a_toggle_kept_once_however_often_tapped(demo_db):
    door = Door(demo_db, 7301)
    chicken = await _chicken(demo_db)
    card = await door.tap("product", chicken.id, 0, 0, 0)
    assert "👍 0 人重点推荐" in text(card) and labels(card, "rec") == ["👍 重点推荐"]
    on = await door.press(card, "rec")
    assert alert(on).text == "已重点推荐，谢谢！"
    assert "👍 1 人重点推荐" in text(on) and labels(on, "rec") == ["✅ 已推荐（点此取消）"]
    await door.press(card, "rec")  # the same button of the old card again: still one
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Recommendation)) == 1
    off = await door.press(on, "rec")
    assert alert(off).text == "已取消推荐" and "👍 0 人重点推荐" in text(off)
    with pytest.raises(Stale):
        await door.tap("rec", chicken.id, 7, 0, 0, 0)  # a state no card offers
    async with demo_db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Recommendation)) == 0
    await aggregates_match_rows(demo_db, chicken.id)


async def test_the_ranked_pages_put_what_members_recommend_first(demo_db):
    door = Door(demo_db, 7302)
    chicken = await _chicken(demo_db)
    await door.tap("rec", chicken.id, 1, 0, 0, 0)
    ranked = await door.tap("ranked", 0)
    assert "好品推荐" in text(ranked) and "综合评分" in text(ranked)
    assert labels(ranked, "product")[0] == "城口山地鸡 · ¥168.00" and "ranked" in intents(ranked)
    county = await door.tap("county-rank", chicken.county_id, 0)
    assert "城口县</b> · 按口碑" in text(county) and labels(county, "product")[0].startswith("城口山地鸡")
    assert offered(county, "county")[0].args == (chicken.county_id, 0)  # 按销量排序
    card = await door.press(county, "product")
    back = await door.press(card, "county-rank")  # back to the county still sorted by the ranking
    assert "按口碑" in text(back)
    by_sales = await door.press(back, "county")
    assert "按口碑" not in text(by_sales) and labels(by_sales, "county-rank") == ["👍 按口碑排序"]


# The reviews page and its photos -----------------------------------------------------------------


async def test_a_product_without_reviews_says_so_and_leads_back_to_its_card(demo_db):
    door = Door(demo_db, 7303)
    chicken = await _chicken(demo_db)
    card = await door.tap("product", chicken.id, 0, 0, 0)
    page = await door.press(card, "rvs")
    assert "还没有评价" in text(page) and intents(page) == ["product", "menu"]
    assert "城口山地鸡" in text(await door.press(page, "product"))
    with pytest.raises(Stale):
        await door.tap("rvs", chicken.id, 0, 99, 0, 0)


async def test_reviews_page_five_at_a_time_and_only_an_admin_may_hide_them(demo_db):
    chicken = await _chicken(demo_db)
    for n in range(6):
        await _reviewed(Door(demo_db, 7310 + n, "王芳"), chicken, stars=5 - n % 2, text=f"第{n}条")
    photographed = await _reviewed(Door(demo_db, 7316, "李明"), chicken, 3, "有图", photo="ph-1")
    member = Door(demo_db, 7304)
    first = await member.tap("rvs", chicken.id, 0, 0, 0, 0)
    assert "共 7 条，第 1/2 页" in text(first) and "有图" in text(first) and "李**" in text(first)
    assert "李明" not in text(first) and "第1条" not in text(first)  # newest first, five a page
    assert [a.args for a in offered(first, "rv-photo")] == [(photographed.id,)]
    assert not offered(first, "rv-hide")
    second = await member.press(first, "rvs")
    assert "第 2/2 页" in text(second) and "第0条" in text(second) and labels(second, "rvs") == ["‹ 上一页"]
    admin = await Door(demo_db, 7305).grant(Role.admin)
    as_admin = await admin.tap("rvs", chicken.id, 0, 0, 0, 0)
    assert len(offered(as_admin, "rv-hide")) == 5
    assert f"🙈 隐藏评价 #{photographed.id}" in labels(as_admin, "rv-hide")


async def test_a_review_photo_is_shown_with_its_words_but_none_of_a_review_without(demo_db):
    chicken = await _chicken(demo_db)
    plain = await _reviewed(Door(demo_db, 7320), chicken, 4, "没有照片")
    shot = await _reviewed(Door(demo_db, 7321, "赵六"), chicken, 5, "炖汤很香", photo="ph-2")
    door = Door(demo_db, 7322)
    (photo,) = screens(await door.tap("rv-photo", shot.id))
    assert photo.photo == "ph-2" and photo.new
    assert f"评价 #{shot.id}" in photo.text and "炖汤很香" in photo.text and "赵**" in photo.text
    for missing in (plain.id, shot.id + 100):
        with pytest.raises(NotFound):
            await door.tap("rv-photo", missing)


# Hiding a review (dialog "review_hide") -----------------------------------------------------------


async def test_a_member_may_not_hide_a_review_and_nothing_changes(demo_db):
    chicken = await _chicken(demo_db)
    review = await _reviewed(Door(demo_db, 7330), chicken, 1, "广告")
    member = Door(demo_db, 7331)
    with pytest.raises(Forbidden) as refused:
        await member.tap("rv-hide", review.id)
    assert "没有进行此操作的权限" in words(refused.value)
    assert (await member.member()).dialog is None
    assert not (await _review_rows(demo_db))[0].hidden


async def test_an_admin_hides_a_review_with_a_reason_after_seeing_what_will_happen(demo_db):
    chicken = await _chicken(demo_db)
    review = await _reviewed(Door(demo_db, 7340), chicken, 1, "加微信买更便宜")
    admin = await Door(demo_db, 7341).grant(Role.admin)
    page = await admin.tap("rvs", chicken.id, 0, 0, 0, 0)
    asked = await admin.press(page, "rv-hide")
    assert f"请发送隐藏评价 #{review.id} 的原因" in text(asked) and "dialog-cancel" in intents(asked)
    assert (await admin.member()).dialog == "review_hide"
    refused = await admin.say("   ")
    assert "这里需要文字回答" in text(refused) and "的原因" in text(refused)
    refused = await admin.say("广" * 257)
    assert "原因太长了，请控制在 256 字以内" in text(refused) and "的原因" in text(refused)
    preview = await admin.say("含有广告")
    assert f"将隐藏评价 #{review.id}，原因：含有广告" in text(preview)
    assert not (await _review_rows(demo_db))[0].hidden  # nothing before the confirmation
    done = await admin.press(preview, "dlg-go")
    assert f"评价 #{review.id} 已隐藏" in text(done)
    (stored,) = await _review_rows(demo_db)
    assert stored.hidden and stored.hidden_reason == "含有广告"
    assert stored.hidden_by == (await admin.member()).id and (await admin.member()).dialog is None
    await aggregates_match_rows(demo_db, chicken.id)  # no longer counted
    assert "还没有评价" in text(await admin.tap("rvs", chicken.id, 0, 0, 0, 0))
    with pytest.raises(NotFound):
        await admin.tap("rv-photo", review.id)


# Writing a review (dialog "review") ---------------------------------------------------------------


async def test_only_the_buyer_of_a_received_order_may_review_it(demo_db):
    chicken = await _chicken(demo_db)
    alice_line = await _received(Door(demo_db, 7350, "爱丽丝"), chicken)
    bob = Door(demo_db, 7351, "鲍勃")
    async with demo_db.begin() as session:
        member = await members.ensure(session, telegram_user_id=bob.user_id, display_name=bob.name)
        await members.set_contact(
            session, member_id=member.id, name="鲍勃", phone="13900139000", address="重庆市江北区 2 号"
        )
        placed = await orders.place(  # placed, not received
            session, member_id=member.id, product_id=chicken.id, quantity=1, key="bob", now=datetime.now(UTC)
        )
    for line_id in (alice_line, placed.lines[0].id, 99_999):  # someone else's, not received, none
        with pytest.raises(NotReviewable) as refused:
            await bob.tap("rv-start", line_id)
        assert "只有确认收货后，买家本人才能评价" in words(refused.value)
    assert (await bob.member()).dialog is None and await _review_rows(demo_db) == []


async def test_a_buyer_rates_in_stars_words_and_a_photo_and_earns_points(demo_db):
    chicken = await _chicken(demo_db)
    door = Door(demo_db, 7360)
    line_id = await _received(door, chicken)
    stars = await door.tap("rv-start", line_id)
    assert "给 <b>城口山地鸡</b> 打几颗星" in text(stars) and len(offered(stars, "dlg-pick")) == 5
    again = await door.say("很好")  # words where stars are asked
    assert "请点上面的星星按钮打分" in text(again) and "打几颗星" in text(again)
    forged = await door.tap("dlg-pick", (await door.member()).dialog_version, 9)
    assert "这个按钮已失效" in alert(forged).text and "打几颗星" in text(forged)
    asked = await _pick(door, stars, "⭐⭐⭐⭐")
    assert "写几句评价吧（500 字以内）" in text(asked) and "dlg-back" in intents(asked)
    too_long = await door.say("好" * 501)
    assert "评价最多 500 字，您写了 501 字" in text(too_long) and "写几句评价" in text(too_long)
    asked = await door.say("肉质紧实，炖汤很香")
    assert "发一张实物照片" in text(asked) and labels(asked, "dlg-skip") == ["跳过"]
    again = await door.say("这是照片")
    assert "这里需要一张照片" in text(again) and "发一张实物照片" in text(again)
    assert await _review_rows(demo_db) == []  # nothing before the last answer
    saved = await door.photo("ph-chicken")
    assert "评价已保存：⭐⭐⭐⭐，爱心积分 +5" in text(saved) and intents(saved) == ["menu"]
    (review,) = await _review_rows(demo_db)
    assert (review.stars, review.text, review.photo) == (4, "肉质紧实，炖汤很香", "ph-chicken")
    member = await door.member()
    assert member.dialog is None
    async with demo_db.read() as session:
        assert (
            await ledger.points_of(
                session, member_id=member.id, reason="review", source=f"review:{review.id}"
            )
            == 5
        )
    await aggregates_match_rows(demo_db, chicken.id)


async def test_a_review_changed_keeps_what_is_not_given_again_and_earns_no_more(demo_db):
    chicken = await _chicken(demo_db)
    door = Door(demo_db, 7370)
    line_id = await _received(door, chicken)
    stars = await door.tap("rv-start", line_id)
    skipped = await door.press(await _pick(door, stars, "⭐⭐⭐⭐⭐"), "dlg-skip")
    saved = await door.press(skipped, "dlg-skip")
    assert "评价已保存：⭐⭐⭐⭐⭐，爱心积分 +5" in text(saved)
    change = await door.tap("rv-start", line_id)
    words_kept = await _pick(door, change, "⭐⭐")
    assert not offered(words_kept, "dlg-keep")  # no words were given: skip again
    asked = await door.say("第二次买，还是很好")
    again = await door.press(asked, "dlg-skip")
    assert "评价已保存：⭐⭐" in text(again) and "积分" not in text(again)
    (review,) = await _review_rows(demo_db)
    assert (review.stars, review.text, review.photo) == (2, "第二次买，还是很好", "")
    change = await door.tap("rv-start", line_id)
    kept = await _pick(door, change, "⭐⭐⭐")
    assert "原来的：第二次买，还是很好" in text(kept)
    await door.press(await door.press(kept, "dlg-keep"), "dlg-skip")
    (review,) = await _review_rows(demo_db)
    assert (review.stars, review.text) == (3, "第二次买，还是很好")
    await aggregates_match_rows(demo_db, chicken.id)


async def test_a_review_older_than_a_week_may_no_longer_be_changed(demo_db):
    chicken = await _chicken(demo_db)
    door = Door(demo_db, 7380)
    review = await _reviewed(door, chicken, 4, "好")
    async with demo_db.begin() as session:
        (await session.get(Review, review.id)).created_at = datetime.now(UTC) - timedelta(days=8)
    with pytest.raises(ReviewEditClosed) as refused:
        await door.tap("rv-start", review.order_line_id)
    assert "这条评价已经不能修改了" in words(refused.value)
    assert (await door.member()).dialog is None
