"""Stories of members using the bot through Telegram (the emulator), on the demo catalog."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.telegram import callbacks
from store import members, orders, settlement
from store.models import Branch, Category, Product
from tests.stories import register


async def _registered(tg, name="alice"):
    alice = tg.member(name)
    await alice.send("/start")
    await alice.tap("中文")
    await alice.tap("市财政局")
    await alice.tap("第一党支部")
    return alice


async def test_command_menu_is_registered_in_chinese_and_english(tg):
    zh = {c["command"]: c["description"] for c in tg.emulator.commands[("default", "zh")]}
    en = {c["command"]: c["description"] for c in tg.emulator.commands[("default", "en")]}
    assert zh.keys() == en.keys() >= {"start", "search", "orders", "me", "fund", "help"}
    assert zh["orders"] == "我的订单" and en["orders"] == "My orders"


async def test_first_start_picks_language_and_branch_then_menu(tg):
    alice = tg.member("alice")
    await alice.send("/start")
    assert "请选择语言" in alice.last
    await alice.tap("中文")
    assert "请选择您所在的机关" in alice.last
    await alice.tap("市财政局")
    await alice.tap("第一党支部")
    assert "已加入" in alice.last
    assert {"🗺 按区县选购", "🧺 按品类选购", "🔥 热销好物", "🔍 搜索"} <= set(alice.buttons)
    await alice.send("/me")
    assert "市财政局" in alice.last and "党员" in alice.last


async def test_join_by_invite_link(tg):
    async with tg.db.begin() as session:
        branch = await session.scalar(select(Branch).order_by(Branch.id.desc()))
        code = await members.make_invite(session, branch_id=branch.id)
    bob = tg.member("bob")
    await bob.send(f"/start join_{code}")
    await bob.tap("中文")
    assert "按区县选购" in " ".join(bob.buttons)
    await bob.send("/me")
    assert branch.name in bob.last
    await bob.send(f"/start join_{code}")  # again: already there, nothing to ask
    assert "按区县选购" in " ".join(bob.buttons)
    await bob.send("/start join_nosuchcode")
    assert "邀请链接无效" in bob.recent(2) and "按区县选购" in " ".join(bob.buttons)

    alice = await register(tg, "alice")  # of 市财政局机关第一党支部
    await alice.send(f"/start join_{code}")
    assert "您现在是 市财政局机关第一党支部 的成员" in alice.last  # asked before moving
    await alice.tap("保持不变")
    await alice.send("/me")
    assert "市财政局机关第一党支部" in alice.last
    await alice.send(f"/start join_{code}")
    await alice.tap("改为加入")
    assert f"已加入 {branch.name}" in alice.last


async def test_branch_search_by_typing(tg):
    carol = tg.member("carol")
    await carol.send("/start")
    await carol.tap("中文")
    await carol.send("第二党支部")
    assert "相关的支部" in carol.last
    await carol.tap("第二党支部")
    assert "已加入" in carol.last


async def test_browse_county_pages_and_product_card(tg):
    alice = await _registered(tg)
    await alice.tap("按区县选购")
    assert len([b for b in alice.buttons if "（" in b]) == 18
    await alice.tap("城口县")
    assert "城口县" in alice.last
    product_buttons = [b for b in alice.buttons if "¥" in b]
    assert 1 <= len(product_buttons) <= 8
    await alice.tap(product_buttons[0])
    card = alice.last
    assert "¥" in card and "产地" in card and "城口县" in card and "供应商" in card
    assert "https://t.me/aixin_test_bot?start=p_" in card
    assert "演示数据" in card
    await alice.tap("« 返回")
    assert "城口县" in alice.last and any("¥" in b for b in alice.buttons)
    await alice.tap("主菜单")
    assert "按区县选购" in " ".join(alice.buttons)


async def test_category_paging_next_and_previous(tg):
    alice = await _registered(tg)
    await alice.tap("按品类选购")
    await alice.tap("蜂蜜")
    first = alice.last
    assert "第 1/2 页，共 9 件" in first  # the demo catalog has 9 honeys: two pages of 8 and 1
    await alice.tap("下一页 ›")
    assert "第 2/2 页" in alice.last and "下一页 ›" not in alice.buttons
    await alice.tap("‹ 上一页")
    assert alice.last == first


async def test_hot_products_and_search(tg):
    alice = await _registered(tg)
    async with tg.db.begin() as session:
        best = await session.scalar(select(Product).where(Product.name.like("%蜂蜜%")))
        best.sales_count = 1000
    await alice.tap("热销好物")
    assert alice.buttons[0].startswith(best.name)
    await alice.send("蜂蜜")
    assert "蜂蜜" in alice.last and any("蜂蜜" in b for b in alice.buttons)
    await alice.send("这个词什么也找不到")
    assert "没有找到" in alice.last


async def test_deep_link_opens_a_product(tg):
    async with tg.db.read() as session:
        product = await session.scalar(select(Product).order_by(Product.id))
    dave = tg.member("dave")
    await dave.send(f"/start p_{product.id}")
    assert product.name in dave.last and "¥" in dave.last


async def test_inline_mode_offers_product_cards(tg):
    alice = tg.member("alice")
    results = await alice.inline("蜂蜜")
    async with tg.db.read() as session:
        honey = set(await session.scalars(select(Product.name).join(Category).where(Category.name == "蜂蜜")))
        product = await session.scalar(select(Product).order_by(Product.id))
    assert {r["title"] for r in results} == honey
    shared = await alice.inline(f"p_{product.id}")
    assert [r["id"] for r in shared] == [f"p{product.id}"]
    assert f"start=p_{product.id}" in shared[0]["reply_markup"]["inline_keyboard"][0][0]["url"]


async def test_english_member_sees_english(tg):
    eve = tg.member("eve", language_code="en")
    await eve.send("/start")
    await eve.tap("English")
    assert "Choose your agency" in eve.last
    await eve.tap("Finance")
    await eve.tap("1")
    await eve.tap("By county")
    assert any("Chengkou" in b for b in eve.buttons)
    await eve.tap("Wanzhou")
    assert "Wanzhou Tai'an Local Honey" in " ".join(eve.buttons)  # a label is plain text, not HTML
    async with tg.db.begin() as session:  # eve buys something, so that her agency is ranked
        member = await members.by_telegram_id(session, eve.id)
        await members.set_contact(
            session, member_id=member.id, name="Eve", phone="13800138000", address="重庆市渝中区人民路100号"
        )
        order = await orders.place(
            session,
            member_id=member.id,
            product_id=await session.scalar(select(Product.id)),
            quantity=1,
            key="eve",
            now=datetime.now(UTC),
        )
        await settlement.pay(
            session, order_id=order.id, amount=order.total_fen, currency="CNY", now=datetime.now(UTC)
        )
    await eve.send("/rank")
    await eve.tap("agencies")  # by agency: the names in English too
    assert "Finance" in eve.last and "市财政局" not in eve.last


async def test_bad_input_gets_a_kind_answer_and_changes_nothing(tg):
    alice = await _registered(tg)
    async with tg.db.read() as session:
        before = (await members.by_telegram_id(session, alice.id)).branch_id
    await alice.send("/nonsense")
    assert "没有这个命令" in alice.last
    await alice.send_sticker()
    assert "只能识别文字" in alice.last
    await alice.send_photo()
    assert "只能识别文字" in alice.last
    await alice.send("蜂" * 5000)
    assert "太长" in alice.last
    for odd in ("/start p_²", "/start p_99999999999999999999", "/refund ²", "/refund 99999999999999999999"):
        await alice.send(odd)  # a superscript digit, a number past any column: a kind answer
        assert "出了点问题" not in alice.recent(2), odd
        assert odd.startswith("/refund") or "没有找到" in alice.recent(2), odd  # a link: not found
    # Data no screen could have made is a stale button; a well-formed id of nothing is not found.
    for forged in (
        "garbage",
        "1:county:99999999999999999999:0",
        "1:product:1:9:9:9",
        "1:county:x:y",
        "9:menu",
    ):
        await alice.tap_data(forged)
        assert "这个按钮已失效" in alice.alert, forged
    for forged in ("1:county:999999:0", "1:join:424242"):
        await alice.tap_data(forged)
        assert "没有找到该内容" in alice.alert, forged
    await alice.tap_data(callbacks.make("language", 7))
    assert "失效" in alice.alert
    async with tg.db.read() as session:
        after = await members.by_telegram_id(session, alice.id)
    assert after.branch_id == before and after.locale == "zh-CN"


async def test_a_command_leaves_choosing_another_branch(tg):
    alice = await register(tg, "alice")
    await alice.send("/me")
    await alice.tap("更换支部")
    await alice.send("/menu")
    await alice.send("蜂蜜")  # a product search again, not a branch search
    assert "相关的支部" not in alice.last and "蜂蜜" in alice.last
    await alice.send("/me")
    await alice.tap("更换支部")
    await alice.send("/cancel")
    assert "已取消" in alice.last
