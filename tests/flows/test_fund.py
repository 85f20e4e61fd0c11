"""Money an admin handles, as Request → Reply: the 党员一元捐 fund (/fund for everyone; /fund_out and
its dialog "fund_out" for admins, the ledger's balance afterwards), /payments that matched no
order, refunds of paid orders their buyers cancelled (/refunds, refunds, /refund, refund,
refund-ok), and /settle with settle-ok for money taken outside the chat. Money is integer fen; a
non-admin is refused everywhere and nothing changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from handlers.policy import Policy
from handlers.registry import Stale
from store import ledger, payments, settlement
from store.models import Member, Order, OrderStatus
from tests.flows.door import Door, alert, intents, news, offered, order, refusal, text
from tests.shop import open_shop

ONLINE = Policy(payment_provider_token="test:provider")
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
async def shop(db):
    """A shop of one supplier (Telegram user 900), an admin (901) and members 100… with contacts;
    its 巫溪土蜂蜜 (¥68.50) is a charity item, matched with ¥1 once paid."""
    return await open_shop(db)


@pytest.fixture
def buyer(db):
    return Door(db, 100, "member 0", policy=ONLINE)


@pytest.fixture
def admin(db):
    return Door(db, 901, "管理员", policy=ONLINE)


async def _paid_charity(db, shop, buyer, nonce: int = 0) -> Order:
    """An order of the charity item, paid in the chat (the fund gains ¥1.00)."""
    placed, _ = await order(buyer, shop.charity_product_id, nonce=nonce)
    async with db.begin() as session:
        await settlement.pay(
            session,
            order_id=placed.id,
            amount=placed.total_fen,
            currency="CNY",
            now=datetime.now(UTC),
            charge_id=f"charge-{placed.id}",
        )
    return placed


async def _fund(db) -> tuple[int, int, int, int]:
    async with db.read() as session:
        summary = await ledger.fund_summary(session)
    return summary.balance_fen, summary.matched_fen, summary.reversed_fen, summary.disbursed_fen


async def _order(db, order_id: int) -> Order:
    async with db.read() as session:
        return await session.get(Order, order_id)


async def _points(db, member_id: int) -> int:
    async with db.read() as session:
        return await ledger.points_balance(session, member_id=member_id)


# The fund -------------------------------------------------------------------------------------


async def test_everyone_sees_the_fund_grow_with_each_paid_charity_item(db, shop, buyer):
    empty = text(await buyer.command("fund"))
    assert "当前余额：¥0.00" in empty and "最近拨付：\n暂无" in empty
    await _paid_charity(db, shop, buyer, nonce=1)
    await _paid_charity(db, shop, buyer, nonce=2)
    shown = await Door(db, 102, "member 2").command("fund")
    assert "当前余额：¥2.00" in text(shown) and "累计配捐：¥2.00（退款冲回 ¥0.00）" in text(shown)
    assert intents(shown) == ["menu"]
    assert await _fund(db) == (200, 200, 0, 0)


async def test_an_admin_records_a_disbursement_answer_by_answer_refused_answers_asked_again(
    db, shop, buyer, admin
):
    await _paid_charity(db, shop, buyer, nonce=1)
    await _paid_charity(db, shop, buyer, nonce=2)
    asked = await admin.command("fund_out")
    assert "现在可拨付：¥2.00" in text(asked) and "请发送拨付金额（元）" in text(asked)
    refused = await admin.say("abc")
    assert "金额应为大于 0 的数字" in text(refused) and "请发送拨付金额" in text(refused)
    refused = await admin.say("5")  # ¥5 of a ¥2 fund: refused at once
    assert "超过了可拨付的 ¥2.00" in text(refused) and "请发送拨付金额" in text(refused)
    assert "请发送收款方" in text(await admin.say("1.50"))
    refused = await admin.say("   ")
    assert "请写 1 到 128 个字" in text(refused) and "请发送收款方" in text(refused)
    assert "请发送用途" in text(await admin.say("城口县岚溪村小学"))
    assert "请发送拨付日期" in text(await admin.say("图书角"))
    refused = await admin.say((TODAY + timedelta(days=1)).isoformat())  # still to come
    assert "不能是以后的日期" in text(refused) and "请发送拨付日期" in text(refused)
    preview = await admin.say(TODAY.isoformat())
    assert "请确认这笔拨付" in text(preview) and "金额：¥1.50" in text(preview)
    assert "收款方：城口县岚溪村小学" in text(preview) and f"日期：{TODAY.isoformat()}" in text(preview)
    assert await _fund(db) == (200, 200, 0, 0)  # asked first: it cannot be undone
    done = await admin.press(preview, "dlg-go")
    assert "已记录拨付 ¥1.50 → 城口县岚溪村小学" in text(done)
    assert await _fund(db) == (50, 200, 0, 150)
    assert (await admin.member()).dialog is None
    shown = text(await buyer.command("fund"))
    assert "当前余额：¥0.50" in shown and f"{TODAY.isoformat()} · ¥1.50 → 城口县岚溪村小学（图书角）" in shown


async def test_a_disbursement_spent_meanwhile_is_not_recorded(db, shop, buyer, admin):
    await _paid_charity(db, shop, buyer)
    await admin.command("fund_out")
    for answer in ("1", "岚溪村", "修路", "今天"):
        preview = await admin.say(answer)
    async with db.begin() as session:  # another admin spent the fund meanwhile
        await ledger.disburse(
            session,
            admin_id=shop.admin,
            amount_fen=60,
            recipient="别处",
            purpose="别的",
            disbursed_on=TODAY,
            key="elsewhere",
            now=datetime.now(UTC),
        )
    said = await admin.press(preview, "dlg-go")
    assert "拨付金额超过了基金余额，未记录" in text(said)
    assert await _fund(db) == (40, 100, 0, 60)


async def test_the_match_of_an_order_awaiting_its_refund_cannot_be_disbursed(db, shop, buyer, admin):
    placed = await _paid_charity(db, shop, buyer, nonce=1)
    await _paid_charity(db, shop, buyer, nonce=2)
    await buyer.tap("order-cancel-ok", placed.id)
    assert "现在可拨付：¥1.00" in text(await admin.command("fund_out"))  # of a ¥2.00 balance
    assert "超过了可拨付的 ¥1.00" in text(await admin.say("1.01"))


async def test_only_admins_disburse_or_see_stray_payments(db, shop, buyer, admin):
    await _paid_charity(db, shop, buyer)
    supplier = Door(db, 900, "王德明")
    for who in (buyer, supplier):
        assert "没有进行此操作的权限" in await refusal(who.command("fund_out"))
        assert (await who.member()).dialog is None  # no dialog begun
        assert "没有进行此操作的权限" in await refusal(who.command("payments"))
    assert await _fund(db) == (100, 100, 0, 0)


async def test_payments_that_matched_no_order_are_listed_for_an_admin(db, shop, admin):
    assert "待人工处理的付款：0 笔" in text(await admin.command("payments"))
    stray = payments.Reported("stray-1", "p-1", 100, "order:99999", 500, "CNY")
    async with db.begin() as session:
        await payments.record(session, [stray], now=datetime.now(UTC))
        await payments.apply(session, charge_id="stray-1", now=datetime.now(UTC))
    shown = text(await admin.command("payments"))
    assert "待人工处理的付款：1 笔" in shown
    assert "stray-1 · 用户 100 · ¥5.00 · order:99999 · 找不到该用户的这笔订单" in shown


# Refunds --------------------------------------------------------------------------------------


async def test_an_admin_records_a_refund_and_points_and_match_are_reversed(db, shop, buyer, admin):
    placed = await _paid_charity(db, shop, buyer)
    assert await _points(db, shop.members[0]) == 68
    assert "没有待退款的订单" in text(await admin.command("refunds"))
    await buyer.tap("order-cancel-ok", placed.id)
    assert "需要退款" in (await news(admin))[-1]
    queue = await admin.command("refunds")
    assert "待退款的订单</b>（共 1 笔）" in text(queue)
    assert offered(queue, "refund")[0].label == f"↩️ 办理退款 #{placed.id} · ¥68.50"
    asked = await admin.press(queue, "refund")
    assert "请确认已把 ¥68.50 退还给买家 收货人0" in text(asked)
    assert (await _order(db, placed.id)).status == OrderStatus.cancelled  # asked first
    done = await admin.press(asked, "refund-ok")
    assert alert(done).text == "已记为退款"
    assert f"订单 #{placed.id} 已记为退款 ¥68.50，其爱心积分和配捐已冲回" in text(done)
    assert (await _order(db, placed.id)).status == OrderStatus.refunded
    assert await _points(db, shop.members[0]) == 0
    assert await _fund(db) == (0, 100, 100, 0)
    assert "已退款：¥68.50 已退还给您" in (await news(buyer))[-1]
    assert "这笔订单不需要退款" in text(await admin.command("refund", str(placed.id)))  # never twice
    assert "refund-ok" not in intents(await admin.tap("refund", placed.id))
    assert "状态已经变化" in await refusal(admin.tap("refund-ok", placed.id))
    assert await _fund(db) == (0, 100, 100, 0)


async def test_refund_by_command_asks_for_an_order_number_and_refuses_an_order_not_due(
    db, shop, buyer, admin
):
    placed = await _paid_charity(db, shop, buyer)
    for typed in ("", "abc"):
        assert "用法：/refund 订单号" in text(await admin.command("refund", typed))
    assert "这笔订单不需要退款" in text(await admin.command("refund", str(placed.id)))  # not cancelled
    assert "状态已经变化" in await refusal(admin.tap("refund-ok", placed.id))
    assert "没有找到该内容" in await refusal(admin.command("refund", "9999"))
    assert (await _order(db, placed.id)).status == OrderStatus.paid
    await buyer.tap("order-cancel-ok", placed.id)
    asked = await admin.command("refund", f" {placed.id} ")
    assert "请确认已把 ¥68.50 退还给买家" in text(asked) and "refund-ok" in intents(asked)


async def test_only_admins_record_refunds_and_nothing_changes(db, shop, buyer):
    placed = await _paid_charity(db, shop, buyer)
    await buyer.tap("order-cancel-ok", placed.id)
    for who in (buyer, Door(db, 900, "王德明")):
        assert "没有进行此操作的权限" in await refusal(who.command("refunds"))
        assert "没有进行此操作的权限" in await refusal(who.tap("refunds", 0))
        assert "没有进行此操作的权限" in await refusal(who.command("refund", str(placed.id)))
        assert "没有进行此操作的权限" in await refusal(who.tap("refund", placed.id))
        assert "没有进行此操作的权限" in await refusal(who.tap("refund-ok", placed.id))
    assert (await _order(db, placed.id)).status == OrderStatus.cancelled
    assert await _points(db, shop.members[0]) == 68 and await _fund(db) == (100, 100, 0, 0)


# /settle --------------------------------------------------------------------------------------


async def test_an_admin_marks_an_order_paid_saying_how_the_money_came(db, shop, buyer, admin):
    placed, _ = await order(buyer, shop.charity_product_id)
    for typed in ("", str(placed.id), "abc 现金"):
        assert "用法：/settle 订单号 收款说明" in text(await admin.command("settle", typed))
    assert "收款说明最多 200 个字" in text(await admin.command("settle", f"{placed.id} {'长' * 201}"))
    asked = await admin.command("settle", f"{placed.id} 展销会现场收现金 ¥68.5")
    assert "将把这笔订单标记为<b>已付款</b>" in text(asked) and "收款说明：展销会现场收现金 ¥68.5" in text(
        asked
    )
    assert (await _order(db, placed.id)).status == OrderStatus.pending_payment  # asked first
    assert await _points(db, shop.members[0]) == 0
    done = await admin.press(asked, "settle-ok")
    assert alert(done).text == "已标记为已付款" and "买家已收到通知" in text(done)
    stored = await _order(db, placed.id)
    assert (stored.status, stored.settled_by_id, stored.settlement_note) == (
        OrderStatus.paid,
        shop.admin,
        "展销会现场收现金 ¥68.5",
    )
    assert await _points(db, shop.members[0]) == 68 and await _fund(db) == (100, 100, 0, 0)
    assert "付款成功" in (await news(buyer))[-1]
    with pytest.raises(Stale):  # the button again: taken once
        await admin.press(asked, "settle-ok")
    assert "不是待付款状态，无需标记收款" in text(await admin.command("settle", f"{placed.id} 又收了一次"))
    assert await _points(db, shop.members[0]) == 68 and sum("付款成功" in n for n in await news(buyer)) == 1


async def test_settle_ok_for_another_order_than_the_one_asked_changes_nothing(db, shop, buyer, admin):
    first, _ = await order(buyer, shop.product_id, nonce=1)
    second, _ = await order(buyer, shop.product_id, nonce=2)
    await admin.command("settle", f"{first.id} 银行转账")
    with pytest.raises(Stale):
        await admin.tap("settle-ok", second.id)  # forged: not the order confirmed
    assert (await _order(db, second.id)).status == OrderStatus.pending_payment
    assert (await _order(db, first.id)).status == OrderStatus.pending_payment


async def test_only_admins_settle_an_order(db, shop, buyer):
    placed, _ = await order(buyer, shop.product_id)
    supplier = Door(db, 900, "王德明")
    for who in (buyer, supplier):
        assert "没有进行此操作的权限" in await refusal(who.command("settle", f"{placed.id} 现金"))
        assert (await who.member()).dialog is None
        with pytest.raises(Stale):  # nothing was asked of them: nothing to confirm
            await who.tap("settle-ok", placed.id)
    async with db.read() as session:
        stored = await session.get(Order, placed.id)
        nobody = await session.scalar(select(Member.id).where(Member.id == stored.settled_by_id))
    assert (stored.status, nobody) == (OrderStatus.pending_payment, None)


async def test_a_settle_between_keeps_a_disbursement_draft_waiting(db, shop, buyer, admin):
    await _paid_charity(db, shop, buyer, nonce=1)
    placed, _ = await order(buyer, shop.product_id, nonce=2)
    await admin.command("fund_out")
    await admin.say("0.50")  # the amount answered; the recipient asked
    asked = await admin.command("settle", f"{placed.id} 银行转账")  # the phone rang
    assert "未完成的" in text(asked) and intents(asked) == ["dlg-resume", "dlg-drop"]  # as /nominate would
    draft = await admin.member()
    assert (draft.dialog, (draft.dialog_data or {}).get("amount")) == ("fund_out", 50)
    assert (await _order(db, placed.id)).status == OrderStatus.pending_payment
    await admin.press(asked, "dlg-drop")
    asked = await admin.command("settle", f"{placed.id} 银行转账")
    await admin.press(asked, "settle-ok")
    assert (await _order(db, placed.id)).status == OrderStatus.paid
