"""What organisers and members type is taken as they mean it: 今天 14:00, 明天 9点 and 下周一 上午9点半
in the configured zone, 30人 and ３０ as a number of places or a stock, a phone number in full-width
digits, with spaces or +86 (kept as 13800138000). The times nobody means are still refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from handlers.format import parse_count, parse_day, parse_local
from store import members, roles
from store.broadcast_models import Broadcast
from store.content_models import Event
from store.errors import InvalidInput
from store.models import Member, Role, utc
from tests.stories import member_at_chicken

ZONE = ZoneInfo("Asia/Shanghai")
# Sunday 2026-12-20, 01:30 in Shanghai: still Saturday in UTC, so a day of the wrong zone shows.
NOW = datetime(2026, 12, 19, 17, 30, tzinfo=UTC)


def _shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("今天 14:00", _shanghai(20, 14)),  # Shanghai's today, not UTC's
        ("今天14点", _shanghai(20, 14)),
        ("明天 9点", _shanghai(21, 9)),
        ("明天 ９：３０", _shanghai(21, 9, 30)),
        ("明天 上午9点半", _shanghai(21, 9, 30)),
        ("后天 下午3点", _shanghai(22, 15)),
        ("后天 晚上 8点", _shanghai(22, 20)),
        ("明天 下午15:00", _shanghai(21, 15)),  # 下午 with a 24-hour time
        ("下周一 9:00", _shanghai(21, 9)),  # next week's Monday (today is a Sunday)
        ("下下周一 9:00", _shanghai(28, 9)),
        ("周五 8点", _shanghai(25, 8)),  # the coming Friday
        ("星期天 10点", _shanghai(20, 10)),  # today is one
        ("12月25日 下午2点", _shanghai(25, 14)),
    ],
)
def test_a_time_is_taken_as_organisers_type_it(typed, meant):
    assert parse_local(typed, "Asia/Shanghai", now=NOW) == meant


@pytest.mark.parametrize("typed", ["明天", "昨天 9点", "明天 25:00", "明天 下午12点61", "明天 9点 左右"])
def test_a_relative_time_nobody_means_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_local(typed, "Asia/Shanghai", now=NOW)


def test_a_day_is_today_in_the_configured_zone():
    today = date(2026, 12, 20)
    assert parse_day("今天", "Asia/Shanghai", today=today) == today
    assert parse_day("本周一", "Asia/Shanghai", today=today) == date(2026, 12, 14)
    assert parse_day("今天", "Asia/Shanghai") == datetime.now(ZONE).date()


@pytest.mark.parametrize(
    ("typed", "count"),
    [("30", 30), ("３０", 30), ("30人", 30), ("30 名", 30), ("80袋", 80), ("1,000 件", 1000)],
)
def test_a_count_is_taken_as_people_type_it(typed, count):
    assert parse_count(typed, most=10_000) == count


@pytest.mark.parametrize("typed", ["²", "30万", "-3", "三十", "30人左右", "1,00", "10001"])
def test_what_is_no_count_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_count(typed, most=10_000)


@pytest.mark.parametrize(
    "written",
    [
        "１３８００１３８０００",
        "138 0013 8000",
        "+86 138 0013 8000",
        "＋８６ １３８－００１３－８０００",
        "8613800138000",
    ],
)
def test_a_mobile_number_however_written_is_kept_as_its_eleven_digits(written):
    assert members.check_contact_field("phone", written) == "13800138000"


@pytest.mark.parametrize("written", ["١٣٨٠٠١٣٨٠٠٠", "861380013800", "138 0013 800０1"])
def test_what_only_looks_like_a_mobile_number_is_refused(written):
    with pytest.raises(InvalidInput):
        members.check_contact_field("phone", written)


async def test_an_organiser_types_days_and_places_as_they_say_them(tg):
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
    organiser = tg.member("organiser", user_id=903)
    today = datetime.now(ZONE).date()
    await organiser.send("/event")
    await organiser.send("进城口县，购扶贫产品")
    await organiser.tap("城口县")
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    await organiser.send("后天 8点")
    await organiser.send("后天 下午6点")
    await organiser.send("明天 18:00")
    await organiser.send("３０人")
    assert "预览" not in organiser.last
    await organiser.send("-")
    assert "预览" in organiser.last and "名额 30" in organiser.last
    await organiser.tap("发布")

    await organiser.send("/broadcast")
    await organiser.send("渝交会网上展销会明天开幕")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("不加按钮")
    await organiser.send("明天 9点半")
    assert "将发给" in organiser.last
    await organiser.tap("确认发送")

    async with tg.db.read() as session:
        event = await session.scalar(select(Event))
        broadcast = await session.scalar(select(Broadcast).where(Broadcast.kind == "fairs"))

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        day = today + timedelta(days=days)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)

    assert (utc(event.starts_at), utc(event.ends_at), utc(event.signup_deadline), event.capacity) == (
        at(2, 8),
        at(2, 18),
        at(1, 18),
        30,
    )
    assert utc(broadcast.send_at) == at(1, 9, 30)


async def test_a_phone_number_in_full_width_digits_is_a_phone_number(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await alice.send("张三")
    await alice.send("＋８６ １３８ ００１３ ８０００")
    assert "地址" in alice.last
    await alice.send("重庆市渝中区人民路100号")
    async with tg.db.read() as session:
        member = await session.scalar(select(Member).where(Member.telegram_user_id == alice.id))
    assert member.contact_phone == "13800138000"
