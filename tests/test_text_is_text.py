"""Text is text on both databases: NUL and other control characters a member types are cleaned away
before they reach a search, a dialog or the store, a message of nothing else gets a kind answer, and
the store itself refuses a NUL that some other path lets through. `%` and `_` in a branch search
mean themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.format import clean_text
from store import catalog, members, roles
from store.errors import InvalidInput
from store.models import Member, Role
from tests.stories import register


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("蜂\x00蜜", "蜂蜜"),
        ("\x07", ""),
        ("重庆市\t渝中区\r\n人民路", "重庆市 渝中区\n人民路"),  # a tab is a space, CR LF a newline
        ("城口\u202e肉腊\u202c", "城口肉腊"),  # a bidi override would show it reversed
        ("蜂\u200b蜜\ufeff", "蜂蜜"),  # invisible: a search for 蜂蜜 would miss it
        ("好评👨\u200d👩\u200d👧", "好评👨\u200d👩\u200d👧"),  # an emoji sequence keeps its joiners
        ("\x85\x9f\ud800腊肉", "腊肉"),  # C1 controls, a lone surrogate
    ],
)
def test_what_a_member_types_is_cleaned_of_what_is_no_text(typed, kept):
    assert clean_text(typed) == kept


async def _names(member) -> list[str]:
    return [b for b in member.buttons if b not in ("« 返回", "下一页 »")]


async def test_a_nul_inside_a_search_word_is_taken_out(tg):
    alice = await register(tg, "alice")
    await alice.send("蜂蜜")
    honey = alice.last
    await alice.send("蜂\x00蜜")
    assert alice.last == honey and "“蜂蜜”的搜索结果" in honey
    await alice.send("/search 蜂\x00蜜")
    assert alice.last == honey
    await alice.send("/search \x00")
    assert "直接发送一两个词即可搜索" in alice.last  # nothing readable: how to search


async def test_a_message_of_control_characters_is_answered_kindly(tg):
    alice = await register(tg, "alice")
    await alice.send("\x07")
    assert "这条消息里没有能识别的文字" in alice.last
    await alice.send("/address")
    assert "收货人姓名" in alice.last
    await alice.send("\x00\x1b")  # mid-dialog: the same question again, nothing kept
    assert "这里需要文字回答" in alice.recent(2) and "收货人姓名" in alice.last
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
    assert member.dialog_data["step"] == "name" and "name" not in member.dialog_data


async def test_a_contact_typed_with_nul_is_kept_without_it(tg):
    alice = await register(tg, "alice")
    await alice.send("/address")
    await alice.send("张\x00三")
    await alice.send("138\x000013\x008000")
    await alice.send("重庆市渝中区\x00人民路100号")
    assert "收货信息已保存：张三 13800138000" in alice.last
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
    assert (member.contact_name, member.contact_phone, member.contact_address) == (
        "张三",
        "13800138000",
        "重庆市渝中区人民路100号",
    )


async def test_an_inline_query_with_nul_is_answered(tg):
    alice = await register(tg, "alice")
    honey = await alice.inline("蜂蜜")
    assert honey
    assert await alice.inline("蜂\x00蜜") == honey
    assert await alice.inline("\x00") == await alice.inline("")  # nothing readable: the catalog


async def test_percent_and_underscore_in_a_branch_search_mean_themselves(tg):
    carol = tg.member("carol")
    await carol.send("/start")
    await carol.tap("中文")
    for typed in ("%", "_", "第%支部", "\\"):
        await carol.send(typed)
        assert "没有找到与" in carol.last and await _names(carol) == [], typed
    await carol.send("第二党支部")
    assert "相关的支部" in carol.last and "市财政局 · 市财政局机关第二党支部" in carol.buttons


async def test_a_photo_caption_with_nul_is_kept_without_it(tg):
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
    organiser = tg.member("organiser", user_id=903)
    await organiser.send("/broadcast")
    await organiser.send_photo(caption="渝交会\x00今天\x1b开幕")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("不加按钮")
    await organiser.tap("立即发送")
    assert "渝交会今天开幕" in organiser.last
    await organiser.tap("确认发送")  # done with it: the next /broadcast starts a new one
    await organiser.send("/broadcast")
    await organiser.send_photo(caption="\x00")  # no words left: a caption is asked for
    assert "图片需要附上说明文字" in organiser.last


async def test_the_store_refuses_a_nul_whatever_path_it_came_by(db):
    async with db.begin() as session:
        member = await members.ensure(session, telegram_user_id=7, display_name="alice")
    with pytest.raises(InvalidInput):
        async with db.begin() as session:
            await members.set_contact(
                session,
                member_id=member.id,
                name="张三",
                phone="13800138000",
                address="重庆市渝中区\x00人民路",
            )
    with pytest.raises(InvalidInput):
        async with db.read() as session:
            await catalog.search(session, text="蜂\x00蜜")
    async with db.read() as session:
        kept = await members.get(session, member_id=member.id)
        assert not kept.contact_address
        assert (await catalog.search(session, text="蜂蜜")).total == 0  # no catalog here; the query runs


async def test_a_nul_in_a_members_telegram_name_does_not_lock_them_out(tg):
    bob = tg.member("b\x00ob")
    await bob.send("/start")
    await bob.tap("中文")
    assert "请选择您所在的机关" in bob.last
    async with tg.db.read() as session:
        member = await members.by_telegram_id(session, bob.id)
    assert member.display_name == "bob"
