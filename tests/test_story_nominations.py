"""Stories of nominations through Telegram (issue #5, must-holds 4 and 5)."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.telegram import callbacks
from store.community_models import Nomination, NominationStatus
from store.models import Product, ProductStatus
from tests.stories import register


async def _nominate(member, name="巫溪洋芋粉条"):
    await member.send("/nominate")
    await member.send(name)
    await member.tap("巫溪县")
    await member.tap("跳过")
    await member.send("红池坝农户王大姐")
    await member.send("王大姐 13900001111")
    await member.send("手工晾晒，口感筋道，是村里的主要收入")
    await member.send_photo()
    await member.tap("提交提名")


async def test_the_nomination_dialog_survives_a_restart_and_asks_again_after_junk(tg):
    alice = await register(tg, "alice")
    await alice.send("/nominate")
    assert "产品叫什么名字" in alice.last
    await alice.send("   ")  # empty
    assert "2 到 64 个字" in alice.recent(2) and "产品叫什么名字" in alice.last
    await alice.send("粉" * 65)  # too long
    assert "2 到 64 个字" in alice.recent(2) and "产品叫什么名字" in alice.last
    await alice.send_sticker()
    assert "文字" in alice.recent(2) and "产品叫什么名字" in alice.last
    await alice.send("巫溪洋芋粉条")
    assert "哪个区县" in alice.last
    await alice.send("火星县")  # no such county
    assert "没有找到这个区县" in alice.recent(2) and "哪个区县" in alice.last
    await alice.send_photo()
    assert "哪个区县" in alice.last
    await tg.restart()  # a deploy in the middle of the dialog
    await alice.tap("巫溪县")
    assert "哪个村" in alice.last
    await alice.send("村" * 65)
    assert "64 个字" in alice.recent(2) and "哪个村" in alice.last
    await alice.tap("跳过")
    assert "供应商或农户" in alice.last
    await alice.send("王")
    assert "2 到 128 个字" in alice.recent(2)
    await alice.send("红池坝农户王大姐")
    await alice.send("1390")
    assert "5 到 128 个字" in alice.recent(2) and "联系" in alice.last
    await alice.send("王大姐 13900001111")
    assert "为什么推荐" in alice.last
    await alice.send("好" * 501)
    assert "5 到 500 个字" in alice.recent(2)
    await tg.restart()
    await alice.send("手工晾晒，口感筋道，是村里的主要收入")
    assert "照片" in alice.last
    await alice.send("没有照片")
    assert "不是贴纸" in alice.recent(2) and "照片" in alice.last
    await alice.send_sticker()
    assert "不是贴纸" in alice.recent(2)
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 0
    await alice.send_photo()
    assert "请确认您的提名" in alice.last and "照片：已附" in alice.last  # nothing is sent yet
    async with tg.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 0
    await alice.tap("← 上一步")  # the photo step again, with its photo kept
    await alice.tap("保留")
    await alice.tap("提交提名")
    assert "已收到您的提名" in alice.last
    async with tg.db.read() as session:
        nomination = await session.scalar(select(Nomination))
    assert (nomination.product_name, nomination.village_name, nomination.status) == (
        "巫溪洋芋粉条",
        "",
        "open",
    )
    assert nomination.photo and nomination.contact == "王大姐 13900001111"
    await alice.send("/my_nominations")
    assert "巫溪洋芋粉条" in alice.last and "待核实" in alice.last


async def test_a_listed_product_is_pointed_at_and_a_second_nomination_is_merged(tg):
    alice = await register(tg, "alice")
    await alice.send("/nominate")
    await alice.send("城口 老腊肉（五花）")
    await alice.tap("城口县")
    assert "已经在爱心购上架" in alice.last
    await alice.tap("打开商品")
    assert "城口老腊肉（五花）" in alice.last and "¥68.00" in alice.last
    await _nominate(alice)
    bob = await register(tg, "bob")
    await bob.send("/nominate")
    await bob.send("巫溪 洋芋粉条")
    await bob.send("巫溪")  # typed, not tapped: the county whose name begins so
    assert "已经有人提名" in bob.recent(2)
    await bob.tap("跳过")
    await bob.send("王大姐家")
    await bob.send("王大姐 13900001111")
    await bob.send("亲自吃过，很好吃")
    await bob.tap("跳过")
    await bob.tap("提交提名")
    assert "已记为附议" in bob.last
    async with tg.db.read() as session:
        statuses = list(await session.scalars(select(Nomination.status).order_by(Nomination.id)))
    assert statuses == [NominationStatus.open, NominationStatus.merged]


async def test_only_admins_decide_and_forged_queue_buttons_change_nothing(tg):
    alice = await register(tg, "alice")
    await _nominate(alice)
    await _nominate(alice, "巫溪手工挂面")
    async with tg.db.read() as session:
        first, second = list(await session.scalars(select(Nomination.id).order_by(Nomination.id)))
    bob = await register(tg, "bob")
    await bob.send("/nominations")
    assert "权限" in bob.last
    for action, args in (
        ("noms", (0,)),
        ("nom-view", (first,)),
        ("nom-approve", (first, 0)),
        ("nom-approve", (first, 1)),
        ("nom-list", (first,)),
        ("nom-reject", (first,)),
    ):
        await bob.tap_data(callbacks.make(action, *args))
        assert "权限" in bob.alert, action
    await bob.tap_data(callbacks.make("dlg-go", 1))  # a listing's confirmation, forged: no dialog of his
    assert "失效" in bob.alert
    await bob.tap_data("1:nom-approve:1")  # malformed
    assert "失效" in bob.alert

    admin = await tg.admin(user_id=901)
    await admin.send("/nominations")
    await admin.tap_data(callbacks.make("nom-view", 99_999))
    assert "没有找到" in admin.alert
    await admin.tap_data(callbacks.make("nom-approve", first, 99))  # no such category
    assert "没有找到" in admin.alert
    async with tg.db.read() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Product).where(Product.name == "巫溪洋芋粉条")
            )
            == 0
        )
        assert set(await session.scalars(select(Nomination.status))) == {NominationStatus.open}

    assert "待处理的提名" in admin.last
    await admin.tap("巫溪洋芋粉条")
    assert "红池坝农户王大姐" in admin.last
    await admin.tap("批准")
    await admin.tap("土家禽")
    assert "已通过核实" in alice.last
    assert "售价" in admin.last
    await admin.send("三十块")
    assert "大于 0" in admin.recent(2)
    await admin.send("25")
    await admin.send("500克/袋")
    await admin.send("很多")
    assert "整数" in admin.recent(2)
    await admin.send("80")
    assert "确认上架" in admin.last and "售价 ¥25.00 / 500克/袋 · 库存 80" in admin.last  # nothing listed yet
    assert "已上架" not in alice.last
    await admin.send("好")  # words at the preview: the buttons decide, and the preview comes again
    assert "请点" in admin.recent(2) and "确认上架" in admin.last
    _, list_it = admin.find_button("确认上架")
    await admin.tap("确认上架")
    assert "已上架" in admin.last
    assert "已上架" in alice.last and "爱心积分 +20" in alice.last
    await admin.tap_data(list_it)  # a second tap: listed once
    assert "失效" in admin.alert
    await admin.tap_data(callbacks.make("nom-list", first))  # listed already
    assert "失效" in admin.alert
    await admin.send("/nominations")
    await admin.tap("巫溪手工挂面")
    await admin.tap("驳回")
    await admin.send("已有同类产品在售")
    assert "确认驳回" in " ".join(admin.buttons) and "未通过核实" not in alice.last  # asked first
    await admin.tap("确认驳回")
    assert "已驳回" in admin.last
    assert "未通过核实" in alice.last and "已有同类产品在售" in alice.last
    async with tg.db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == "巫溪洋芋粉条"))
        assert (product.status, product.price_fen, product.stock) == (ProductStatus.listed, 2500, 80)
        assert await alice.points() == 20
        assert (await session.get(Nomination, second)).status == NominationStatus.rejected
    await alice.send("/my_nominations")
    assert "已上架" in alice.last and "未通过" in alice.last
    # Should Telegram no longer know the member's photo, the product and the nomination still show.
    assert product.photo
    tg.emulator._files.clear()
    await alice.send("巫溪洋芋粉条")
    await alice.tap("巫溪洋芋粉条")
    assert "¥25.00" in alice.last and not alice.alert
    assert tg.emulator.violations == ["sendPhoto: wrong file identifier/HTTP URL specified"]
    tg.emulator.violations.clear()
