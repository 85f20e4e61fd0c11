"""The shop's flows driven as Request → Reply: no HTTP, no Telegram, on SQLite and PostgreSQL.
What a door shows is its own affair; what the shop offers and refuses is asserted here."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

import handlers  # noqa: F401  (the flows register their intents on import)
from handlers import registry
from handlers.policy import Policy
from handlers.reply import Alert, Screen, Swap, parts
from handlers.request import Request, Visitor
from locales import Translator
from store import broadcasts, members, orders
from store.errors import NotFound
from store.models import County, Product, ProductStatus, Settlement

# A door's libraries and the doors themselves: the flows import none of them.
DOORS = {"telegram", "wechatpy", "aiohttp", "bot"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_flows_know_no_door():
    folder = Path(handlers.__file__).parent
    speaking = {path.name: _imports(path) & DOORS for path in sorted(folder.glob("*.py"))}
    assert {name: doors for name, doors in speaking.items() if doors} == {}


@pytest.fixture
async def visitor(demo_db):
    """A member of a branch, in Chinese, as any door would ask for them."""
    async with demo_db.begin() as session:
        member = await members.ensure(session, telegram_user_id=5001, display_name="张三")
        await members.set_locale(session, member_id=member.id, locale="zh-CN")
        branch = (await members.branches(session, text="", page=0, per_page=1)).items[0]
        await members.join_branch(session, member_id=member.id, branch_id=branch.id)
        member = await members.get(session, member_id=member.id)
    return member


def _request(db, member) -> Request:
    return Request(
        db=db,
        translator=Translator("zh-CN"),
        policy=Policy(),
        member=member,
        visitor=Visitor(5001, "张三"),
        product_link=lambda product_id: f"https://door.example/p/{product_id}",
    )


async def test_a_county_page_offers_its_products_and_a_way_back(demo_db, visitor):
    async with demo_db.read() as session:
        county = await session.scalar(select(County).where(County.name == "城口县"))
    (screen,) = parts(await registry.run(_request(demo_db, visitor), "county", (county.id, 0)))
    assert isinstance(screen, Screen) and "城口县" in screen.text
    intents = [action.intent for row in screen.rows for action in row]
    assert "product" in intents and intents[-2:] == ["counties", "menu"]
    product = next(a for row in screen.rows for a in row if a.intent == "product")
    (card,) = parts(await registry.run(_request(demo_db, visitor), "product", product.args))
    assert f"https://door.example/p/{product.args[0]}" in card.text  # the door's own link
    assert any(a.share == f"p_{product.args[0]}" for row in card.rows for a in row)


async def test_unsubscribing_under_a_broadcast_swaps_its_button_and_is_kept(demo_db, visitor):
    kind = broadcasts.KINDS.index("fair") if "fair" in broadcasts.KINDS else 0
    reply = parts(await registry.run(_request(demo_db, visitor), "unsub", (kind,)))
    assert isinstance(reply[0], Alert) and reply[0].modal
    assert isinstance(reply[1], Swap) and reply[1].action.intent == "resub"
    async with demo_db.read() as session:
        assert broadcasts.KINDS[kind] in await broadcasts.muted_kinds(session, member_id=visitor.id)


async def test_an_intent_asked_out_of_its_range_is_stale_and_changes_nothing(demo_db, visitor):
    with pytest.raises(registry.Stale):
        await registry.run(_request(demo_db, visitor), "unsub", (99,))
    with pytest.raises(registry.Stale):
        await registry.run(_request(demo_db, visitor), "no-such-intent", ())
    with pytest.raises(registry.Stale):
        await registry.run(_request(demo_db, visitor), "county", (1,))  # one argument short
    async with demo_db.read() as session:
        assert await broadcasts.muted_kinds(session, member_id=visitor.id) == set()


async def test_someone_elses_order_is_not_found_exactly_like_a_missing_one(demo_db, visitor):
    async with demo_db.begin() as session:
        await members.set_contact(
            session,
            member_id=visitor.id,
            name="张三",
            phone="13800138000",
            address="重庆市渝中区解放碑街道 1 号",
        )
        product = await session.scalar(select(Product).where(Product.status == ProductStatus.listed))
        order = await orders.place(
            session,
            member_id=visitor.id,
            product_id=product.id,
            quantity=1,
            key="flows:order:1",
            now=datetime.now(UTC),
            settlement=Settlement.offline,
        )
        other = await members.ensure(session, telegram_user_id=5003, display_name="王五")
        other = await members.get(session, member_id=other.id)
    (page,) = parts(await registry.run(_request(demo_db, visitor), "order-view", (order.id,)))
    assert f"订单 #{order.id}" in page.text
    for asked in (order.id, order.id + 1000):  # another member's order, and none at all
        with pytest.raises(NotFound):
            await registry.run(_request(demo_db, other), "order-view", (asked,))


async def test_the_ranking_switches_between_branches_and_agencies_and_periods(demo_db, visitor):
    (screen,) = parts(await registry.run(_request(demo_db, visitor), "rank", (0, 0)))
    offered = {(a.intent, a.args) for row in screen.rows for a in row}
    assert {("rank", (1, 0)), ("rank", (0, 1)), ("menu", ())} <= offered
    with pytest.raises(registry.Stale):
        await registry.run(_request(demo_db, visitor), "rank", (2, 0))
