"""Times people cannot mean: year 1 or year 9999 in any time step (a trip, a broadcast, a fair, a
disbursement) is answered as a time in the wrong format and asked again, never an OverflowError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store import roles
from store.models import Role
from tests.stories import paid_chicken

# 0001-01-01 07:00 in Shanghai is before the first moment UTC can hold; 9999-12-31 23:59 leaves no
# room for a reminder or a day's grace after it.
UNMEANT = ("0001-01-01 09:00", "0001-01-01 07:00", "9999-12-31 23:59")
ZONE = ZoneInfo("Asia/Shanghai")
SORRY = "出了点问题"  # the generic error: nothing may end there


def _local(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}  # the fund story pays for its ¥1 match


async def _organiser(tg):
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=903, role=Role.organiser)
    return tg.member("organiser", user_id=903)


async def test_a_trip_at_a_time_nobody_means_is_asked_again(tg):
    organiser = await _organiser(tg)
    now = datetime.now(UTC)
    await organiser.send("/event")
    await organiser.send("进城口县岚溪村，购扶贫产品")
    await organiser.tap("城口县")
    await organiser.tap("不指定村")
    await organiser.send("市委大院东门")
    for step, question, good in (
        ("starts_at", "出发时间？", now + timedelta(days=3)),
        ("ends_at", "结束时间？", now + timedelta(days=3, hours=8)),
        ("signup_deadline", "报名截止时间？", now + timedelta(days=2)),
    ):
        for typed in UNMEANT:
            await organiser.send(typed)
            assert "时间格式不对" in organiser.recent(2) and question in organiser.last, (step, typed)
            assert SORRY not in organiser.recent(2)
        await organiser.send(_local(good))
    assert "名额多少人" in organiser.last  # every time kept; the dialog goes on


async def test_a_broadcast_at_a_time_nobody_means_is_asked_again(tg):
    organiser = await _organiser(tg)
    await organiser.send("/broadcast")
    await organiser.send("渝交会网上展销会今天开幕")
    await organiser.tap("展销会")
    await organiser.tap("全体订阅成员")
    await organiser.tap("不加按钮")
    for typed in UNMEANT:
        await organiser.send(typed)
        tomorrow = (datetime.now(ZONE) + timedelta(days=1)).date().isoformat()
        assert f"时间格式应为 {tomorrow} 09:00" in organiser.last, typed
        assert "将发给" not in organiser.recent(2) and SORRY not in organiser.recent(2)
    await organiser.send(_local(datetime.now(UTC) + timedelta(days=1)))
    assert "将发给" in organiser.last


async def test_a_fair_at_a_time_nobody_means_is_asked_again(tg):
    organiser = await _organiser(tg)
    now = datetime.now(UTC)
    await organiser.send("/fair")
    await organiser.send("渝交会网上展销")
    await organiser.send("渝交会")
    for question, good in (("开幕时间？", now + timedelta(days=1)), ("闭幕时间？", now + timedelta(days=3))):
        for typed in UNMEANT:
            await organiser.send(typed)
            assert "时间格式不对" in organiser.recent(2) and question in organiser.last, typed
            assert SORRY not in organiser.recent(2)
        await organiser.send(_local(good))
    assert "商品名称" in organiser.last  # both times kept: on to the products


async def test_a_disbursement_on_a_day_nobody_means_is_asked_again(tg):
    await paid_chicken(tg)  # ¥1 in the fund
    async with tg.db.begin() as session:
        await roles.grant(session, telegram_user_id=902, role=Role.admin)
    admin = tg.member("admin", user_id=902)
    await admin.send("/fund_out")
    await admin.send("0.6")
    await admin.send("城口县岚溪村小学")
    await admin.send("图书角")
    for typed in ("0001-01-01", "0001年1月1日", "9999-12-31"):
        await admin.send(typed)
        today = datetime.now(ZONE).date().isoformat()
        assert f"格式 {today}" in admin.recent(2) and "拨付日期" in admin.last, typed
        assert "已记录拨付" not in admin.recent(2) and SORRY not in admin.recent(2)
    await admin.send(datetime.now(ZONE).date().isoformat())
    await admin.tap("确认记录")
    assert "已记录拨付 ¥0.60" in admin.last
