"""Members search as they write Chinese, everywhere the bot searches the catalog; talk that is
not a product's name is pointed to /help and to a person instead of 'nothing found'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.stories import register

PORK = "城口老腊肉（五花）"  # the demo's; 城口 is its county and 腊肉 its category as well


@pytest.fixture
def bot_settings() -> dict:
    return {"support_contact": "@aixin_help"}


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


async def test_a_member_types_chinese_without_spaces_and_finds_the_product(tg):
    alice = await register(tg, "alice")
    await alice.send("城口腊肉")
    assert alice.buttons[0].startswith(PORK)  # its own name holds both parts: first
    await alice.send("/search 腊肉城口")
    assert alice.buttons[0].startswith(PORK)
    await alice.send("城口腊内")  # a slip of one character
    assert any(label.startswith(PORK) for label in alice.buttons)
    await alice.send("chengkou pork")
    assert any(label.startswith(PORK) for label in alice.buttons)
    titles = [result["title"] for result in await alice.inline("城口腊肉")]
    assert titles[0] == PORK


async def test_the_broadcast_and_fair_product_pickers_find_it_the_same_way(tg):
    organiser = await tg.organiser()
    await organiser.send("/broadcast")
    await organiser.send("城口腊肉上新了")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("打开某个商品")
    await organiser.send("城口腊肉")
    assert "与“城口腊肉”相关的商品" in organiser.last and organiser.buttons[0] == PORK
    await organiser.tap("取消")

    now = datetime.now(UTC)
    await organiser.send("/fair")
    await organiser.send("城口年货节")
    await organiser.send("-")
    await organiser.send(_local(now + timedelta(hours=1)))
    await organiser.send(_local(now + timedelta(days=2)))
    await organiser.send("城口腊肉")
    assert "与“城口腊肉”相关的商品" in organiser.last and organiser.buttons[0] == PORK
    await organiser.tap(PORK)
    assert organiser.buttons[0] == f"✅ {PORK}"


async def test_talk_is_pointed_to_help_and_a_person_and_product_searches_stay_searches(tg):
    alice = await register(tg, "alice")
    for talk in ("谢谢", "你好", "怎么付款？", "thanks!", "请问订单什么时候发货呀"):
        await alice.send(talk)
        assert "不是商品名称" in alice.last and "/help" in alice.last, talk
        assert "@aixin_help" in alice.last and "没有找到" not in alice.last, talk
    await alice.send("有蜂蜜吗？")  # a request for a product: searched without its question words
    assert "“蜂蜜”的搜索结果" in alice.last and any("蜂蜜" in label for label in alice.buttons)
    await alice.send("我想买天麻")
    assert any("天麻" in label for label in alice.buttons)
    await alice.send("蜂蜜")
    assert "“蜂蜜”的搜索结果" in alice.last
    await alice.send("火星腊肠")  # a product's name that is not on sale: said so
    assert "没有找到与“火星腊肠”相关的在售商品" in alice.last
    await alice.send("/search 谢谢")  # asked to search: searched
    assert "没有找到与“谢谢”相关的在售商品" in alice.last
