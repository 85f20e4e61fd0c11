"""The example in a prompt is one a person can copy: the trip, fair and broadcast times and the
disbursement day it shows are computed from today (in the configured zone), never a fixed date gone
by, and sending the example as it stands is taken."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.format import example_day, example_time
from store import roles
from store.models import Role
from tests.stories import paid_chicken

ZONE = ZoneInfo("Asia/Shanghai")
EXAMPLE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?")


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}  # the fund story pays for its ¥1 match


def _example(text: str) -> str:
    found = EXAMPLE.findall(text)
    assert len(found) == 1, text
    return found[0]


def _ahead(example: str) -> timedelta:
    """How far ahead of now an example time lies."""
    return datetime.strptime(example, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE) - datetime.now(ZONE)


def test_an_example_is_counted_from_today_in_the_configured_zone():
    now = datetime(2026, 12, 19, 17, 30, tzinfo=UTC)  # already the 20th, 01:30, in Shanghai
    assert example_time("Asia/Shanghai", days=1, hour=9, now=now) == "2026-12-21 09:00"
    assert example_day("Asia/Shanghai", now=now) == "2026-12-20"


async def _organiser(tg):
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
    return tg.member("organiser", user_id=903)


async def test_a_trips_example_times_are_to_come_and_taken_as_shown(tg):
    organiser = await _organiser(tg)
    await organiser.send("/event")
    await organiser.send("进城口县，购扶贫产品")
    await organiser.tap("城口县")
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    shown = []
    for question in ("出发时间？", "结束时间？", "报名截止时间？"):
        assert question in organiser.last
        shown.append(_example(organiser.last))
        await organiser.send(shown[-1])
    assert "名额多少人" in organiser.last  # each example taken, in order
    start, end, deadline = (_ahead(e) for e in shown)
    # A trip about a week from today, sign-up closing two days before: room to sign up, whenever asked.
    assert timedelta(days=4) < deadline < start < end < timedelta(days=8)
    await organiser.send("30")
    await organiser.send("-")
    assert "预览" in organiser.last


async def test_a_bad_time_is_answered_with_an_example_to_come(tg):
    organiser = await _organiser(tg)
    await organiser.send("/event")
    await organiser.send("进城口县，购扶贫产品")
    await organiser.tap("城口县")
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    await organiser.send("下个月吧")
    refusal = organiser.last.split("\n")[0]  # the refusal heads the question asked again
    assert "时间格式不对" in refusal and "明天 9点" in refusal
    assert _ahead(_example(refusal)) > timedelta(days=1)


async def test_a_fairs_example_times_are_to_come_and_taken_as_shown(tg):
    organiser = await _organiser(tg)
    await organiser.send("/fair")
    await organiser.send("渝交会网上展销")
    await organiser.send("渝交会")
    assert "开幕时间？" in organiser.last
    opens = _example(organiser.last)
    await organiser.send(opens)
    assert "闭幕时间？" in organiser.last
    closes = _example(organiser.last)
    await organiser.send(closes)
    assert "商品名称" in organiser.last
    assert timedelta(0) < _ahead(opens) < timedelta(days=2) and _ahead(opens) < _ahead(closes)


async def test_a_broadcasts_example_time_is_to_come_and_taken_as_shown(tg):
    organiser = await _organiser(tg)
    await organiser.send("/broadcast")
    await organiser.send("渝交会网上展销会明天开幕")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("不加按钮")
    example = _example(organiser.last)
    assert "明天 9点" in organiser.last and timedelta(0) < _ahead(example) < timedelta(days=2)
    await organiser.send(example)
    assert "将发给" in organiser.last


async def test_a_disbursements_example_day_is_today_and_taken_as_shown(tg):
    await paid_chicken(tg)  # ¥1 in the fund
    admin = await tg.admin()
    await admin.send("/fund_out")
    await admin.send("0.6")
    await admin.send("城口县岚溪村小学")
    await admin.send("图书角")
    example = _example(admin.last)
    assert example == datetime.now(ZONE).date().isoformat()
    await admin.send(example)
    await admin.tap("确认记录")  # the disbursement's preview
    assert "已记录拨付 ¥0.60" in admin.last
