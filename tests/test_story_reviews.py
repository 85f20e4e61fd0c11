"""Stories of reviews and recommendations through Telegram (issue #5)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.telegram import callbacks
from store import ledger, roles
from store.community_models import Recommendation, Review
from store.models import Member, OrderLine, Product, Role
from tests.community import aggregates_match_rows
from tests.stories import give_contact, member_at_chicken


async def _received_chicken(tg, name="alice"):
    """A member who bought 城口山地鸡 (offline settlement), had it shipped and confirmed receipt."""
    async with tg.db.begin() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
        await roles.grant(session, telegram_user_id=900, role=Role.supplier, scope_id=product.supplier_id)
    supplier = tg.member("supplier", user_id=900)
    alice = await member_at_chicken(tg, name)
    await alice.tap("一键下单")
    await give_contact(alice)
    await supplier.tap("确认收款")
    await supplier.tap("发货")
    await supplier.tap("顺丰")  # the courier, then the number
    await supplier.send("SF1234567890")
    await alice.tap("确认收货")
    return alice, product.id


async def test_a_buyer_rates_after_receipt_and_the_card_shows_it(tg):
    alice, product_id = await _received_chicken(tg)
    assert "打个分" in alice.last  # invited at receipt
    await alice.tap("评价 城口山地鸡")
    await alice.send("很好")  # text where stars are asked
    assert "星星" in alice.recent(2)
    await alice.tap("⭐⭐⭐⭐")
    await alice.send_sticker()  # a sticker where text is asked
    assert "文字" in alice.recent(2) and "几句评价" in alice.last
    await alice.send("好" * 501)
    assert "501" in alice.recent(2) and "几句评价" in alice.last
    await alice.send("肉质紧实，炖汤很香")
    await alice.send("这是照片")  # text where a photo is asked
    assert "照片" in alice.recent(2)
    await alice.send_sticker()
    assert "不是贴纸" in alice.recent(2)
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Review)) == 0  # nothing yet
    await alice.send_photo()
    assert "评价已保存" in alice.last and "爱心积分 +5" in alice.last
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    assert "⭐ 4.0（1 条评价）" in alice.last
    await alice.tap("评价（1）")
    assert "肉质紧实" in alice.last and "⭐⭐⭐⭐" in alice.last and "📷" in alice.last
    await alice.tap("返回")
    assert "城口山地鸡" in alice.last and "一键下单" in " ".join(alice.buttons)
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
        review = await session.scalar(select(Review))
        assert (
            await ledger.points_of(
                session, member_id=member.id, reason="review", source=f"review:{review.id}"
            )
            == 5
        )
    await aggregates_match_rows(tg.db, product_id)

    # a second review of the same line is refused; the order page offers to change the first instead
    await alice.tap_data(callbacks.make("rv-start", review.order_line_id))
    await alice.tap("⭐⭐")
    assert "原来的：肉质紧实，炖汤很香" in alice.last
    await alice.tap("保留原来的")  # the words and the photo stay as they were
    await alice.tap("保留原来的")
    assert "评价已保存" in alice.last and "肉质紧实" in alice.last and "积分" not in alice.last
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Review)) == 1
        assert (await session.get(Product, product_id)).rating_sum == 2
        changed = await session.scalar(select(Review))
        assert (changed.stars, changed.text, changed.photo) == (2, "肉质紧实，炖汤很香", review.photo)


async def test_nobody_reviews_what_they_did_not_receive_and_only_admins_hide(tg):
    alice, product_id = await _received_chicken(tg)
    bob = await member_at_chicken(tg, "bob")
    await bob.tap("一键下单")
    await give_contact(bob)  # placed, not received
    async with tg.db.read() as session:
        alice_line, bob_line = list(await session.scalars(select(OrderLine.id).order_by(OrderLine.id)))
    for line_id in (alice_line, bob_line, 99_999):  # someone else's, not received, missing
        await bob.tap_data(callbacks.make("rv-start", line_id))
        assert "确认收货后" in bob.alert
    await bob.tap_data(callbacks.make("dlg-pick", 1, 5))  # no dialog: a stale button
    assert "失效" in bob.alert
    await alice.tap("评价 城口山地鸡")
    async with tg.db.read() as session:
        version = await session.scalar(
            select(Member.dialog_version).where(Member.telegram_user_id == alice.id)
        )
    await alice.tap_data(callbacks.make("dlg-pick", version, 9))  # forged number of stars
    assert "失效" in alice.alert
    await alice.tap("⭐⭐⭐⭐⭐")
    await alice.tap("跳过")
    await alice.tap("跳过")
    async with tg.db.read() as session:
        review = await session.scalar(select(Review))
    await bob.tap_data(callbacks.make("rv-hide", review.id))
    assert "权限" in bob.alert
    admin = await tg.admin(user_id=901)
    await admin.send(f"/start p_{product_id}")
    await admin.tap("评价（1）")
    await admin.tap(f"隐藏评价 #{review.id}")
    await admin.send("含有广告")
    assert "将隐藏评价" in admin.last  # asked first
    async with tg.db.read() as session:
        assert not (await session.get(Review, review.id)).hidden
    await admin.tap("确认隐藏")
    assert "已隐藏" in admin.last
    async with tg.db.read() as session:
        stored = await session.get(Review, review.id)
        assert stored.hidden and stored.hidden_reason == "含有广告"
        assert await session.scalar(select(func.count()).select_from(Review)) == 1
    await aggregates_match_rows(tg.db, product_id)


async def test_fifty_taps_on_recommend_make_one_recommendation_and_tapping_again_withdraws(tg):
    alice = await member_at_chicken(tg)
    assert "👍 0 人重点推荐" in alice.last
    message_id, data = alice.find_button("重点推荐")
    updates = await asyncio.gather(*(tg.emulator.tap(alice.id, message_id, data) for _ in range(50)))
    await asyncio.gather(*(tg.deliver(u) for u in updates))
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Recommendation)) == 1
        product_id = await session.scalar(select(Product.id).where(Product.name == "城口山地鸡"))
    await aggregates_match_rows(tg.db, product_id)
    await alice.send("城口山地鸡")
    await alice.tap("城口山地鸡")
    assert "👍 1 人重点推荐" in alice.last
    await alice.tap("已推荐")
    assert "已取消推荐" in alice.alert and "👍 0 人重点推荐" in alice.last
    await alice.tap_data(callbacks.make("rec", product_id, 7, 0, 0, 0))  # forged state
    assert "失效" in alice.alert
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Recommendation)) == 0
    await aggregates_match_rows(tg.db, product_id)


async def test_the_auto_receive_job_invites_the_buyer_to_rate(tg):
    from handlers.review_dialog import invite_to_review
    from jobs import orders as order_jobs

    async with tg.db.begin() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
        await roles.grant(session, telegram_user_id=900, role=Role.supplier, scope_id=product.supplier_id)
    supplier = tg.member("supplier", user_id=900)
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    await supplier.tap("确认收款")
    await supplier.tap("发货")
    await supplier.tap("顺丰")  # the courier, then the number
    await supplier.send("SF1234567890")
    assert await order_jobs.receive_shipped(tg.db, days=0, invite=invite_to_review) == 1
    await tg.application.notices_settled()
    assert "已确认收货" in alice.last and "打个分" in alice.last
    await alice.tap("评价 城口山地鸡")
    assert "打几颗星" in alice.last


async def test_a_recommended_product_leads_the_ranked_pages_and_back_returns_there(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("重点推荐")
    await alice.send("/menu")
    await alice.tap("好品推荐")
    assert "好品推荐" in alice.last and "综合评分" in alice.last
    assert alice.buttons[0].startswith("城口山地鸡")  # the only product with any activity
    await alice.tap("主菜单")
    await alice.tap("按区县选购")
    await alice.tap("城口县")
    await alice.tap("按口碑排序")
    assert "按口碑" in alice.last and alice.buttons[0].startswith("城口山地鸡")
    await alice.tap("城口山地鸡")
    assert "👍 1 人重点推荐" in alice.last
    await alice.tap("评价（0）")
    assert "还没有评价" in alice.last
    await alice.tap("返回")  # to the card
    await alice.tap("返回")  # to the county, still sorted by the ranking
    assert "按口碑" in alice.last
    await alice.tap("按销量排序")
    assert "按口碑" not in alice.last and "按口碑排序" in " ".join(alice.buttons)
