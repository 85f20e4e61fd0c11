"""The 党员一元捐 fund for everyone (/fund); admins record disbursements (/fund_out) and see the
payments that matched no order (/payments). Refunds are in `refunds`."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from store import ledger, payments, roles
from store.errors import InvalidInput
from store.models import Role
from store.money import parse_yuan

from . import dialog
from .dialog_spec import PREVIEW, Dialog, Refusal, Step
from .format import escape, example_day, parse_day, yuan
from .registry import command
from .reply import Action, Reply, Screen, button, parts
from .request import Request

FUND_OUT_DIALOG = "fund_out"


@command("fund")
async def fund(context: Request, text: str) -> Reply:
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
    text = context.t(
        "fund-summary",
        balance=yuan(summary.balance_fen),
        matched=yuan(summary.matched_fen),
        reversed=yuan(summary.reversed_fen),
        disbursed=yuan(summary.disbursed_fen),
        latest=latest or context.t("fund-no-disbursement"),
    )
    return Screen(text, [[button(context.t("nav-menu"), "menu")]])


async def _amount(req: Request, text: str, data: dict) -> int:
    """An amount past the fund's balance is refused at once, not after three more questions (the
    disbursement checks again when it is recorded: the balance may change meanwhile)."""
    amount = parse_yuan(" ".join(text.split()))
    balance = await ledger.disbursable(req.session)
    if amount > balance:
        raise Refusal("fund-out-over-balance-now", balance=yuan(balance))
    return amount


def _text(limit: int):
    def check(req: Request, text: str, data: dict) -> str:
        text = " ".join(text.split())
        if not 1 <= len(text) <= limit:
            raise InvalidInput("text")
        return text

    return check


def _day(req: Request, text: str, data: dict) -> str:
    """The day the money went out: not one still to come."""
    day = parse_day(" ".join(text.split()), req.policy.timezone)
    if day > datetime.now(ZoneInfo(req.policy.timezone)).date():
        raise InvalidInput("date")
    return day.isoformat()


async def _preview(req: Request, data: dict) -> str:
    return req.t(
        "fund-out-preview",
        amount=yuan(data["amount"]),
        recipient=escape(data["recipient"]),
        purpose=escape(data["purpose"]),
        date=data["date"],
    )


async def _record(session, req: Request, data: dict) -> Reply:
    try:
        await ledger.disburse(
            session,
            admin_id=req.member_id,
            amount_fen=data["amount"],
            recipient=data["recipient"],
            purpose=data["purpose"],
            disbursed_on=date.fromisoformat(data["date"]),
            key=data["key"],
            now=datetime.now(UTC),
        )
    except InvalidInput:  # spent meanwhile: nothing recorded, and the dialog is over
        return Screen(req.t("fund-out-over-balance"), [[Action(req.t("nav-menu"), "menu")]])
    text = req.t("fund-out-done", amount=yuan(data["amount"]), recipient=escape(data["recipient"]))
    return Screen(text, [[Action(req.t("nav-menu"), "menu")]])


FUND_OUT = dialog.register(
    Dialog(
        FUND_OUT_DIALOG,
        (
            Step(
                "amount",
                ask="fund-out-ask",
                check=_amount,
                invalid="fund-out-invalid",
                number=True,
                show_value=lambda req, d: "¥" + yuan(d["amount"]),
            ),
            Step("recipient", ask="fund-out-ask", check=_text(128), invalid="fund-out-invalid"),
            Step("purpose", ask="fund-out-ask", check=_text(256), invalid="fund-out-invalid"),
            Step("date", ask="fund-out-ask", check=_day, invalid="fund-out-invalid"),
            Step("preview", kind=PREVIEW, preview=_preview, confirm="fund-out-confirm"),
        ),
        _record,
        title="fund-out-draft",
        ask_args=lambda req: {
            "today": example_day(req.policy.timezone)
        },  # a disbursement day cannot be to come
    )
)


@command("fund_out")
async def fund_out(req: Request, text: str) -> Reply:
    """/fund_out: an admin records money paid out of the fund, in a short dialog ending in a
    preview (what is recorded cannot be taken back)."""
    async with req.db.read() as session:
        await roles.authorize(session, member_id=req.member_id, role=Role.admin)
        balance = await ledger.disbursable(session)
    key = f"fund-out:{req.member_id}:{time.time_ns()}"
    asked = await dialog.begin(req, FUND_OUT, {"key": key})
    return [Screen(req.t("fund-out-balance", balance=yuan(balance)), new=True), *parts(asked)]


@command("payments")
async def payments_to_settle(context: Request, text: str) -> Reply:
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
    text = "\n".join([context.t("payments-title", count=len(entries)), *lines])
    return Screen(text, [[button(context.t("nav-menu"), "menu")]])
