"""💳 去付款 on an order page that is out of date (the order was paid or cancelled since) says why
there is nothing to pay, and the page is shown as the order now stands."""

from __future__ import annotations

import pytest

from tests.stories import give_contact, member_at_chicken


@pytest.fixture
def bot_settings() -> dict:
    return {"payment_provider_token": "test:provider"}


async def test_pay_on_an_order_paid_since_says_so_and_refreshes_the_page(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    await alice.send("/orders")
    await alice.tap("#")
    assert "待付款" in alice.last and "💳 去付款" in alice.buttons
    page = alice.messages()[-1]["message_id"]
    await alice.pay_invoice()  # the invoice sent when ordering, still in the chat
    assert "付款成功" in alice.last
    await alice.tap("去付款")  # on the page shown before paying
    assert alice.alert == "这笔订单已付款，不需要再付款。"
    again = next(m for m in alice.messages() if m["message_id"] == page)
    assert "已付款" in again["text"] and "💳 去付款" not in str(again["reply_markup"])
    assert "invoice" not in alice.messages()[-1]  # no second invoice


async def test_pay_on_an_order_cancelled_since_says_so(tg):
    alice = await member_at_chicken(tg)
    await alice.tap("一键下单")
    await give_contact(alice)
    await alice.send("/orders")
    await alice.tap("#")
    pay = alice.find_button("去付款")
    await alice.tap("取消订单")
    await alice.tap("确认取消")
    await alice.tap_data(pay[1])  # the button of the page before cancelling
    assert alice.alert == "这笔订单已取消，不需要再付款。"
    assert "已取消" in alice.last
