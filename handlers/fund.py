"""The 党员一元捐 fund for everyone (/fund); admins record disbursements (/fund_out) and see the
payments that matched no order (/payments). Refunds are in `refunds`."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from store import ledger, payments, roles
from store.errors import InvalidInput
from store.models import Role
from store.money import parse_yuan

from . import steps
from .context import Context
from .format import escape, example_day, parse_day, yuan
from .screens import button

FUND_OUT_DIALOG = "fund_out"
STEPS = ("amount", "recipient", "purpose", "date")


async def fund(update: Update, context: Context) -> None:
    """/fund: balance, matched, disbursed, and the latest disbursements."""
    async with context.db.read() as session:
        summary = await ledger.fund_summary(session)
    latest = "\n".join(
        context.t(
            "fund-disbursement",
            date=str(entry.disbursed_on),
            amount=yuan(-entry.amount_fen),
            recipient=escape(entry.recipient),
            purpose=escape(entry.purpose),
        )
        for entry in summary.latest
    )
    await update.effective_message.reply_text(
        context.t(
            "fund-summary",
            balance=yuan(summary.balance_fen),
            matched=yuan(summary.matched_fen),
            reversed=yuan(summary.reversed_fen),
            disbursed=yuan(summary.disbursed_fen),
            latest=latest or context.t("fund-no-disbursement"),
        ),
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[button(context.t("nav-menu"), "menu")]]),
    )


async def fund_out(update: Update, context: Context) -> None:
    """/fund_out: an admin records money paid out of the fund, in a short dialog."""
    async with context.db.begin() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
        key = f"fund-out:{context.member_id}:{time.time_ns()}"
        await steps.keep(session, context, FUND_OUT_DIALOG, {"step": "amount", "key": key})
        balance = await ledger.disbursable(session)
    await update.effective_message.reply_text(context.t("fund-out-balance", balance=yuan(balance)))
    await steps.ask(update, context, "fund-out-ask", field=STEPS[0])


async def on_fund_out_text(update: Update, context: Context, text: str) -> None:
    amount_step = (context.member.dialog_data or {}).get("step") == "amount"
    if amount_step and await _over_balance(update, context, text):
        return
    data = await steps.answer(
        update,
        context,
        text,
        dialog=FUND_OUT_DIALOG,
        steps=STEPS,
        check=lambda step, answer: _check(step, answer, context.config.timezone),
        ask_key="fund-out-ask",
        invalid_key="fund-out-invalid",
        args=_examples(context),
    )
    if data is None:
        return
    try:
        async with context.db.begin() as session:
            await ledger.disburse(
                session,
                admin_id=context.member_id,
                amount_fen=data["amount"],
                recipient=data["recipient"],
                purpose=data["purpose"],
                disbursed_on=date.fromisoformat(data["date"]),
                key=data["key"],
                now=datetime.now(UTC),
            )
            await steps.keep(session, context, None)
    except InvalidInput:
        async with context.db.begin() as session:  # the answer is final: leave the dialog
            await steps.keep(session, context, None)
        await update.effective_message.reply_text(context.t("fund-out-over-balance"))
        return
    await update.effective_message.reply_text(
        context.t("fund-out-done", amount=yuan(data["amount"]), recipient=escape(data["recipient"]))
    )


async def _over_balance(update: Update, context: Context, text: str) -> bool:
    """An amount past the fund's balance is refused at once, not after three more questions (the
    disbursement checks again when it is recorded: the balance may change meanwhile)."""
    try:
        amount = parse_yuan(" ".join(text.split()))
    except InvalidInput:
        return False  # the dialog's own check explains the format
    async with context.db.read() as session:
        balance = await ledger.disbursable(session)
    if amount <= balance:
        return False
    await update.effective_message.reply_text(context.t("fund-out-over-balance-now", balance=yuan(balance)))
    await steps.ask(update, context, "fund-out-ask", field="amount")
    return True


async def ask_fund_out_again(update: Update, context: Context) -> None:
    await steps.ask_again(update, context, "fund-out-ask", STEPS[0], **_examples(context))


def _examples(context: Context) -> dict[str, str]:
    """The day the prompts give as an example: today (a disbursement day cannot be to come)."""
    return {"today": example_day(context.config.timezone)}


async def payments_to_settle(update: Update, context: Context) -> None:
    """/payments: payments that matched no payable order, for an admin to settle by hand."""
    async with context.db.read() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
        entries = await payments.needing_attention(session)
    lines = [
        context.t(
            "payments-entry",
            charge=escape(e.telegram_payment_charge_id),
            user=e.telegram_user_id,
            amount=yuan(e.total_amount),
            payload=escape(e.payload),
            status=e.status.value,
        )
        for e in entries
    ]
    await update.effective_message.reply_text(
        "\n".join([context.t("payments-title", count=len(entries)), *lines]),
        reply_markup=InlineKeyboardMarkup([[button(context.t("nav-menu"), "menu")]]),
    )


def _check(step: str, text: str, timezone: str) -> object:
    text = " ".join(text.split())
    if step == "amount":
        return parse_yuan(text)
    if step == "date":  # the day the money went out: not one still to come
        day = parse_day(text, timezone)
        if day > datetime.now(ZoneInfo(timezone)).date():
            raise InvalidInput(step)
        return day.isoformat()
    if not 1 <= len(text) <= (128 if step == "recipient" else 256):
        raise InvalidInput(step)
    return text
