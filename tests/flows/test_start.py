"""First contact and the member's own pages, as Request → Reply (handlers/start.py): the commands
/start (plain, with a shared product p_<id>, with an invite join_<code>), /language, /menu, /me,
/rank and /help, and the intents language, menu, agencies, agency, join, me and rank — the
language first, then joining a branch, then the menu; what a link may not do silently; what each
role finds in /help."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers import dialog, registry
from handlers.registry import Stale
from store import members, orders, settlement
from store.errors import NotFound
from store.models import Branch, Product, Role
from tests.flows.door import Door, alert, intents, offered, screens, text

MENU = {"counties", "categories", "hot", "search-help", "ranked", "me", "events"}


def labels(reply, intent: str) -> list[str]:
    return [a.label for a in offered(reply, intent)]


async def _branch(db, name: str) -> Branch:
    async with db.read() as session:
        return await session.scalar(select(Branch).where(Branch.name == name))


async def _chosen_chinese(door: Door) -> Door:
    async with door.db.begin() as session:
        member = await members.ensure(session, telegram_user_id=door.user_id, display_name=door.name)
        await members.set_locale(session, member_id=member.id, locale="zh-CN")
    return door


async def _paid_order(door: Door) -> None:
    """The door's member paid for a 城口山地鸡 (¥168.00) just now."""
    now = datetime.now(UTC)
    async with door.db.begin() as session:
        member = await members.ensure(session, telegram_user_id=door.user_id, display_name=door.name)
        await members.set_contact(
            session, member_id=member.id, name=door.name, phone="13800138000", address="重庆市渝中区 1 号"
        )
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
        order = await orders.place(
            session,
            member_id=member.id,
            product_id=product.id,
            quantity=1,
            key=f"start:{door.user_id}",
            now=now,
        )
        await settlement.pay(session, order_id=order.id, amount=order.total_fen, currency="CNY", now=now)


async def test_a_newcomer_chooses_a_language_then_an_agency_then_a_branch(demo_db):
    door = Door(demo_db, 7401)
    first = await door.command("start")
    assert "请选择语言" in text(first) and labels(first, "language") == ["中文", "English"]
    chosen = await door.press(first, "language")
    assert alert(chosen).text == "已切换为中文" and (await door.member()).locale == "zh-CN"
    assert "欢迎加入爱心购！请选择您所在的机关" in text(chosen) and "menu" not in intents(chosen)
    assert "市财政局" in labels(chosen, "agency")
    assert text(await door.tap("agencies", 0)) == screens(chosen)[-1].text  # « 返回 from its branches
    agency = await door.press(chosen, "agency", nth=labels(chosen, "agency").index("市财政局"))
    assert "市财政局" in text(agency) and "市财政局机关第二党支部" in labels(agency, "join")
    assert intents(agency)[-1] == "agencies"
    joined = await door.press(agency, "join", nth=1)
    assert "✅ 已加入 <b>市财政局机关第二党支部</b>（市财政局）" in text(joined)
    assert set(intents(joined)) >= MENU
    member = await door.member()
    assert member.branch_id == (await _branch(demo_db, "市财政局机关第二党支部")).id
    assert "爱心购 · 消费扶贫" in text(await door.command("start"))  # the menu from now on


async def test_a_language_is_chosen_from_the_command_and_one_out_of_range_is_stale(demo_db):
    door = await Door(demo_db, 7402).join_first_branch()
    asked = await door.command("language")
    assert "请选择语言" in text(asked) and len(offered(asked, "language")) == 2
    english = await door.tap("language", 1)
    assert alert(english).text == "Language set to English" and "Aixin · buy to help" in text(english)
    assert (await door.member()).locale == "en"
    with pytest.raises(Stale):
        await door.tap("language", 2)
    assert (await door.member()).locale == "en"


async def test_staff_need_no_branch_and_a_supplier_is_told_of_orders_to_ship(demo_db):
    async with demo_db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
    supplier = await _chosen_chinese(await Door(demo_db, 7403).grant(Role.supplier, product.supplier_id))
    home = await supplier.command("start")
    assert "您是供应商，暂时没有等待发货的订单" in text(home) and intents(home)[0] == "supply"
    assert set(intents(home)) >= MENU and "agency" not in intents(home)
    await _paid_order(await Door(demo_db, 7404).join_first_branch())
    assert "您是供应商：1 笔已付款订单等待发货" in text(await supplier.command("start"))


async def test_an_invite_link_joins_a_newcomer_and_an_unknown_one_says_so(demo_db):
    door = await _chosen_chinese(Door(demo_db, 7405))
    unknown = await door.command("start", "join_nope")
    assert "这个邀请链接无效或已过期" in text(unknown) and (await door.member()).branch_id is None
    invited = await door.command("start", "join_czj2")
    assert "✅ 已加入 <b>市财政局机关第二党支部</b>" in text(invited) and set(intents(invited)) >= MENU
    assert (await door.member()).branch_id == (await _branch(demo_db, "市财政局机关第二党支部")).id


async def test_an_invite_link_does_not_move_a_member_of_another_branch_unasked(demo_db):
    door = await _chosen_chinese(Door(demo_db, 7406))
    await door.command("start", "join_czj1")
    asked = await door.command("start", "join_czj3")
    assert "您现在是 <b>市财政局机关第一党支部</b> 的成员" in text(asked) and "要改为加入" in text(asked)
    assert labels(asked, "join") == ["改为加入 市财政局机关第三党支部"] and labels(asked, "menu") == [
        "保持不变"
    ]
    first = await _branch(demo_db, "市财政局机关第一党支部")
    assert (await door.member()).branch_id == first.id  # nothing changed yet
    stay = await door.press(asked, "menu")
    assert "爱心购 · 消费扶贫" in text(stay) and (await door.member()).branch_id == first.id
    moved = await door.press(asked, "join")
    assert "已加入 <b>市财政局机关第三党支部</b>" in text(moved)
    assert (await door.member()).branch_id == (await _branch(demo_db, "市财政局机关第三党支部")).id


async def test_a_shared_product_link_opens_its_card_and_a_broken_one_the_menu(demo_db):
    door = await _chosen_chinese(await Door(demo_db, 7407).join_first_branch())
    async with demo_db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
    card = await door.command("start", f"p_{product.id}")
    assert "城口山地鸡" in text(card) and "order" in intents(card) and intents(card)[-2:] == ["menu", "menu"]
    broken = await door.command("start", "p_abc")
    assert "没有找到该内容" in text(broken) and set(intents(broken)) >= MENU


async def test_the_menu_offers_the_shop_and_first_a_draft_that_waits(demo_db):
    door = await _chosen_chinese(await Door(demo_db, 7408).join_first_branch())
    menu = await door.tap("menu")
    assert "爱心购 · 消费扶贫" in text(menu) and set(intents(menu)) >= MENU
    assert labels(menu, "language") == ["🌐 English"]
    assert text(await door.command("menu")) == text(menu)
    await registry.COMMANDS["address"](await door.request(), "")  # a draft of the delivery contact
    await door.say("张三")
    await dialog.pause(await door.request())
    waiting = await door.tap("menu")
    assert intents(waiting)[:2] == ["dlg-resume", "dlg-drop"]
    assert labels(waiting, "dlg-resume")[0].startswith("✏️ 继续填写")
    resumed = await door.press(waiting, "dlg-resume")
    assert "请发送收货人手机号" in text(resumed)


async def test_me_shows_the_branch_roles_and_footprint_and_offers_to_change_branch(demo_db):
    newcomer = Door(demo_db, 7409, "李四")
    alone = await newcomer.command("me")
    assert "李四" in text(alone) and "尚未加入支部" in text(alone) and "角色：党员" in text(alone)
    assert labels(alone, "agencies") == ["加入支部"]
    door = await Door(demo_db, 7410, "王五").join_first_branch()
    await _paid_order(door)
    await door.grant(Role.organiser)
    me = await door.tap("me")
    assert "支部：市财政局机关第一党支部（市财政局）" in text(me) and "党员" not in text(me)
    assert "订单 1 笔 · 消费 ¥168.00" in text(me) and "支部排名 1 / 1" in text(me)
    assert {"orders", "rank", "my-noms", "menu"} <= set(intents(me)) and labels(me, "agencies") == [
        "更换支部"
    ]
    assert text(await door.command("me")) == text(me)
    changing = await door.press(me, "agencies")
    assert "更换支部：请选择新支部所在的机关" in text(changing) and intents(changing)[-1] == "menu"
    assert (await door.member()).dialog == "join"  # what is typed now searches branches
    await door.tap("join", (await _branch(demo_db, "市教委机关第一党支部")).id)
    member = await door.member()
    assert member.dialog is None and member.branch_id == (await _branch(demo_db, "市教委机关第一党支部")).id


async def test_changing_branch_keeps_a_draft_that_waits(demo_db):
    door = await _chosen_chinese(await Door(demo_db, 7411).join_first_branch())
    await registry.COMMANDS["address"](await door.request(), "")
    await door.say("张三")
    await dialog.pause(await door.request())
    asked = await door.tap("agencies", 0)  # 更换支部 in /me, while the delivery contact's draft waits
    assert "未完成的" in text(asked) and intents(asked) == ["dlg-resume", "dlg-drop"]
    member = await door.member()
    assert member.dialog == "contact" and member.dialog_data["name"] == "张三"


async def test_an_unknown_branch_or_agency_is_not_found_and_nothing_changes(demo_db):
    door = await Door(demo_db, 7412).join_first_branch()
    before = (await door.member()).branch_id
    with pytest.raises(NotFound):
        await door.tap("join", 9999)
    with pytest.raises(NotFound):
        await door.tap("agency", 9999, 0)
    assert (await door.member()).branch_id == before


async def test_the_ranking_lists_only_branches_where_someone_took_part(demo_db):
    door = await Door(demo_db, 7413).join_first_branch()
    empty = await door.command("rank")
    assert "支部参与排行 · 本月" in text(empty) and "暂无数据" in text(empty)
    await _paid_order(door)
    month = await door.command("rank")
    assert "1. 市财政局机关第一党支部 · 参与率 100%（1/1）· ¥168.00" in text(month)
    assert "第二党支部" not in text(month) and "只列出有党员参与的单位" in text(month)
    agencies = await door.press(month, "rank")  # 看机关
    assert "机关参与排行 · 本月" in text(agencies) and "1. 市财政局 ·" in text(agencies)
    all_time = await door.tap("rank", 0, 1)
    assert "支部参与排行 · 累计" in text(all_time) and "市财政局机关第一党支部" in text(all_time)
    with pytest.raises(Stale):
        await door.tap("rank", 0, 2)


async def test_help_adds_what_each_role_may_do(demo_db):
    member = await Door(demo_db, 7414).join_first_branch()
    plain = await member.command("help")
    assert "爱心购使用说明" in text(plain) and "/search" in text(plain) and intents(plain) == ["menu"]
    assert "/supply" not in text(plain) and "/payments" not in text(plain)
    async with demo_db.read() as session:
        product = await session.scalar(select(Product).where(Product.name == "城口山地鸡"))
    supplier = await Door(demo_db, 7415).grant(Role.supplier, product.supplier_id)
    said = text(await supplier.command("help"))
    assert "/supply" in said and "/payments" not in said and "/broadcast" not in said
    admin = await Door(demo_db, 7416).grant(Role.admin)
    said = text(await admin.command("help"))
    assert all(part in said for part in ("/supply", "/story", "/broadcast", "/payments"))
