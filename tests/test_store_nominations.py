"""Nominations in the store: duplicates, the admin's decisions, points when listed (issue #5)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store import catalog, ledger, names, nominations, village_products
from store.community_models import Nomination, NominationStatus
from store.errors import AlreadyListed, Forbidden, InvalidInput, NominationDecided, NotFound
from store.models import Product, ProductStatus, Supplier
from tests.shop import NOW, open_shop


async def _nominate(db, member_id, key, name="巫溪洋芋粉条", county_id=1, **fields):
    values = dict(
        supplier="红池坝农户王大姐", contact="王大姐 13900001111", reason="手工晾晒，口感筋道，村里主要收入"
    )
    values.update(fields)
    async with db.begin() as session:
        return await nominations.submit(
            session, member_id=member_id, key=key, name=name, county_id=county_id, now=NOW, **values
        )


def test_names_are_compared_without_spaces_punctuation_case_or_one_slip():
    same = names.normalize
    assert same(" 城口 老腊肉（五花）") == same("城口老腊肉五花") == "城口老腊肉五花"
    assert same("Wuxi  HONEY!") == "wuxihoney"
    assert names.near_identical(same("巫溪洋芋粉条"), same("巫西洋芋粉条"))  # a slip of the keyboard
    assert names.near_identical(same("城口老腊肉五花"), same("城口老腊肉五(花)"))
    assert not names.near_identical(same("城口山地鸡"), same("城口山地鸡蛋"))  # a character more: eggs
    assert not names.near_identical(same("鸡蛋"), same("土鸡蛋"))
    assert not names.near_identical(same("城口老腊肉"), same("城口腊猪蹄"))
    assert not names.near_identical("蜂蜜", "蜜")  # short names must match exactly


async def test_a_listed_product_is_pointed_at_and_a_second_nomination_is_merged(db):
    shop = await open_shop(db)
    alice, bob, carol = shop.members
    with pytest.raises(AlreadyListed) as listed:
        await _nominate(db, alice, "n1", name=" 城口 老腊肉！")  # listed in county 1 as 城口老腊肉
    assert listed.value.product_id == shop.product_id
    first = await _nominate(db, alice, "n2")
    again = await _nominate(db, alice, "n2")  # the same dialog's last message, delivered twice
    assert again.id == first.id and first.status == NominationStatus.open
    merged = await _nominate(db, bob, "n3", name="巫溪 洋芋粉条 ")
    assert merged.status == NominationStatus.merged and merged.merged_into_id == first.id
    other_county = await _nominate(db, carol, "n4", county_id=2)
    assert other_county.status == NominationStatus.open
    with pytest.raises(InvalidInput):
        await _nominate(db, carol, "n5", name="")
    with pytest.raises(InvalidInput):
        await _nominate(db, carol, "n6", reason="好" * 501)
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 3
        queue = await nominations.queue(session, admin_id=shop.admin, page=0)
    assert [(n.id, supporters) for n, supporters in queue.items] == [(first.id, 1), (other_county.id, 0)]
    dried = await _nominate(db, carol, "n0", name="城口老腊肉干")  # one character more: another product
    assert dried.status == NominationStatus.open


async def test_approve_then_list_creates_supplier_and_product_and_credits_the_nominator(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    nomination = await _nominate(db, alice, "n1", village="红池坝镇茶山村")
    async with db.begin() as session:
        draft = await nominations.approve(
            session, admin_id=shop.admin, nomination_id=nomination.id, category_id=2, now=NOW
        )
    assert draft.status == ProductStatus.draft and draft.name == "巫溪洋芋粉条"
    async with db.read() as session:
        assert (await catalog.search(session, text="粉条")).total == 0  # a draft is not on sale
        supplier = await session.scalar(select(Supplier).where(Supplier.name == "红池坝农户王大姐"))
        assert supplier.contact == "王大姐 13900001111"
    with pytest.raises(NominationDecided):  # approved already
        async with db.begin() as session:
            await nominations.approve(
                session, admin_id=shop.admin, nomination_id=nomination.id, category_id=2, now=NOW
            )
    async with db.begin() as session:
        listed = await nominations.list_product(
            session,
            admin_id=shop.admin,
            nomination_id=nomination.id,
            price_fen=2_500,
            unit="500克/袋",
            stock=80,
            now=NOW,
        )
    assert (listed.status, listed.price_fen, listed.stock) == (ProductStatus.listed, 2_500, 80)
    for _ in range(2):  # points once, however often it is tried
        with pytest.raises(NominationDecided):
            async with db.begin() as session:
                await nominations.list_product(
                    session,
                    admin_id=shop.admin,
                    nomination_id=nomination.id,
                    price_fen=1,
                    unit="袋",
                    stock=1,
                    now=NOW,
                )
    async with db.read() as session:
        assert await ledger.points_balance(session, member_id=alice) == 20
        assert (await catalog.search(session, text="粉条")).total == 1
        product = await catalog.product(session, product_id=listed.id)
        assert product.village.name == "红池坝镇茶山村"


async def test_an_approved_nomination_is_not_a_village_draft_to_list_at_one_fen(db):
    shop = await open_shop(db)
    nomination = await _nominate(db, shop.members[0], "n1")
    async with db.begin() as session:
        draft = await nominations.approve(
            session, admin_id=shop.admin, nomination_id=nomination.id, category_id=2, now=NOW
        )
    async with db.read() as session:
        assert draft.id not in [p.id for p in await village_products.drafts(session, admin_id=shop.admin)]
    with pytest.raises(NotFound):  # a forged /drafts tap cannot put it on sale at ¥0.01
        async with db.begin() as session:
            await village_products.approve(session, product_id=draft.id, admin_id=shop.admin)
    async with db.read() as session:
        assert (await session.get(Product, draft.id)).status == ProductStatus.draft
        assert (await catalog.search(session, text="粉条")).total == 0


async def test_approving_a_nomination_already_read_in_the_same_transaction(db):
    shop = await open_shop(db)
    nomination = await _nominate(db, shop.members[0], "n1")
    async with db.begin() as session:
        seen = await session.get(Nomination, nomination.id)  # read first, its county not loaded
        draft = await nominations.approve(
            session, admin_id=shop.admin, nomination_id=nomination.id, category_id=2, now=NOW
        )
        assert seen.product_id == draft.id and draft.status == ProductStatus.draft


async def test_only_admins_decide_and_a_rejection_keeps_its_reason(db):
    shop = await open_shop(db)
    alice = shop.members[0]
    nomination = await _nominate(db, alice, "n1")
    for actor in (alice, shop.supplier_member):
        for decide in (
            lambda s, a: nominations.approve(
                s, admin_id=a, nomination_id=nomination.id, category_id=1, now=NOW
            ),
            lambda s, a: nominations.reject(
                s, admin_id=a, nomination_id=nomination.id, reason="不符合", now=NOW
            ),
            lambda s, a: nominations.queue(s, admin_id=a, page=0),
        ):
            with pytest.raises(Forbidden):
                async with db.begin() as session:
                    await decide(session, actor)
    with pytest.raises(NotFound):
        async with db.begin() as session:
            await nominations.reject(session, admin_id=shop.admin, nomination_id=999, reason="x", now=NOW)
    async with db.begin() as session:
        await nominations.reject(
            session, admin_id=shop.admin, nomination_id=nomination.id, reason="非贫困区县产品", now=NOW
        )
    async with db.read() as session:
        stored = await session.get(Nomination, nomination.id)
        assert (stored.status, stored.reject_reason) == (NominationStatus.rejected, "非贫困区县产品")
        assert await session.scalar(select(func.count()).select_from(Product)) == 2  # nothing created
        assert await ledger.points_balance(session, member_id=alice) == 0
