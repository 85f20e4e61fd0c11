"""The fund in the chat: everyone sees it; only admins pay out of it and record refunds."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from store import ledger
from store.models import Order, OrderStatus
from tests.stories import paid_chicken


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}


async def test_admin_pays_out_of_the_fund_and_records_a_refund(tg):
    alice = await paid_chicken(tg)
    await alice.send("/fund")
    assert "当前余额：¥1.00" in alice.last
    await alice.tap("主菜单")  # a way back
    assert "热销好物" in " ".join(alice.buttons)
    await alice.send("/fund_out")
    assert "没有进行此操作的权限" in alice.last
    await alice.send("/refund 1")
    assert "没有进行此操作的权限" in alice.last

    admin = await tg.admin()
    await admin.send("/me")  # in no branch: no rank in one, and a way to join one
    assert "管理员" in admin.last and "支部排名" not in admin.last and "加入支部" in admin.buttons
    await admin.send("/help")
    assert "/refunds" in admin.last and "/broadcast" in admin.last and "/supply" in admin.last
    await alice.send("/help")
    assert "/orders" in alice.last and "管理员" not in alice.last and "/supply" not in alice.last
    await admin.send("/fund_out")
    assert "现在可拨付：¥1.00" in admin.recent(2)
    await admin.send("5")  # ¥5 of a ¥1 fund: refused at once, and asked again
    assert "超过了可拨付的 ¥1.00" in admin.recent(2) and "拨付金额" in admin.last
    await admin.send("/cancel")
    await admin.send("蜂蜜")
    assert "拨付" not in admin.last  # not taken as an answer: the dialog has ended
    await admin.send("/fund_out")
    await admin.send("abc")
    assert "金额应为" in admin.recent(2)
    await admin.send("0.6")
    await admin.send("城口县岚溪村小学")
    await admin.send("图书角")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    await admin.send((today + timedelta(days=1)).isoformat())  # a day still to come: asked again
    assert "不能是以后的日期" in admin.recent(2)
    await admin.send(today.isoformat())
    assert "请确认这笔拨付" in admin.last and "图书角" in admin.last  # asked first: it cannot be undone
    async with tg.db.read() as session:
        assert (await ledger.fund_summary(session)).disbursed_fen == 0
    await admin.tap("← 上一步")  # the date again, as it was
    assert "拨付日期" in admin.last and today.isoformat() in admin.last
    await admin.tap("保留")
    await admin.tap("确认记录")
    assert "已记录拨付 ¥0.60" in admin.last
    await alice.send("/fund")
    assert "当前余额：¥0.40" in alice.last and "城口县岚溪村小学" in alice.last

    await alice.send("/orders")
    await alice.tap("#")
    await alice.tap("取消订单")
    assert "管理员会为您办理退款" in alice.last
    await alice.tap("确认取消")
    assert "已取消 · 退款办理中" in alice.last
    assert "需要退款" in admin.last  # every admin is told
    async with tg.db.read() as session:
        order = await session.scalar(select(Order))
        assert await alice.points() == 168  # until the refund
    await admin.send(f"/refund {order.id}")
    assert "请确认已把 ¥168.00 退还给买家 张三" in admin.last  # asked first: nothing changed yet
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.cancelled
    await admin.send("/refunds")
    assert "待退款的订单（共 1 笔）" in admin.last
    await admin.tap("办理退款")
    await admin.tap("确认已退款")
    assert "已记为退款" in admin.last
    assert "已退款：¥168.00 已退还给您" in alice.last and "查看订单" in alice.buttons
    await admin.tap("待退款订单")
    assert "没有待退款的订单" in admin.last
    await admin.send(f"/refund {order.id}")
    assert "这笔订单不需要退款" in admin.last  # refunded once, never twice
    async with tg.db.read() as session:
        assert (await session.get(Order, order.id)).status == OrderStatus.refunded
        assert await alice.points() == 0
        summary = await ledger.fund_summary(session)
        assert (summary.matched_fen, summary.reversed_fen, summary.disbursed_fen) == (100, 100, 60)
