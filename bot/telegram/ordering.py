"""One-tap ordering: the order button, then an invoice (Telegram Payments) or offline settlement."""

from __future__ import annotations

import asyncio
import html
import os
from datetime import UTC, datetime

from telegram import LabeledPrice, Update

from handlers import contact
from handlers.format import clip, name
from handlers.notify import summarize
from handlers.purchase import SHIP, place, placed, tell_paid, tell_suppliers
from store import payments, settlement
from store.errors import ContactMissing, DomainError, OutOfStock
from store.models import Order

from . import callbacks
from .context import Context, answers_unread
from .member import identify

# The crash test holds the handler here — after the inbox write and Telegram's confirmation of the
# update, before anything is applied — and kills the process (tests/test_crash.py).
PAUSE_BEFORE_APPLYING = os.environ.get("AIXIN_PAUSE_BEFORE_APPLYING_PAYMENT") == "1"


async def order_now(update: Update, context: Context) -> None:
    """一键下单 on a product card: one order per showing of the card, however often it is tapped."""
    query = update.callback_query
    _, (product_id, quantity, nonce) = callbacks.parse(query.data, "order")
    # Answered at once, before the store is asked anything: at 200 members tapping together, each
    # answer waits only for the taps ahead of it, not for their reads.
    await query.answer()
    try:
        async with context.db.begin() as session:
            await identify(session, update, context)
            member = context.member
            if member is None or member.branch_id is None:
                order = None
            else:
                order = await _place(
                    session,
                    context,
                    product_id=product_id,
                    quantity=quantity,
                    key=_order_key(member.id, product_id, quantity, nonce),
                )
    except DomainError as refused:  # the tap is answered already: a refusal is said in the chat
        async with context.db.read() as session:  # the rollback expired the member read above
            await identify(session, update, context)
        if isinstance(refused, ContactMissing):
            key = _order_key(context.member_id, product_id, quantity, nonce)
            pending = {"product_id": product_id, "quantity": quantity, "key": key}
            from .render import render

            await render(update, context, await contact.begin(context.request(update), pending=pending))
            return
        key = "order-out-of-stock" if isinstance(refused, OutOfStock) else f"error-{refused.code}"
        await update.effective_message.reply_text(context.t(key))
        return
    if order is None:
        await update.effective_message.reply_text(context.t("order-join-first"))
        return
    await present(update, context, order)


def _order_key(member_id: int, product_id: int, quantity: int, nonce: int) -> str:
    return f"order:{member_id}:{product_id}:{quantity}:{nonce}"


async def _place(session, context: Context, *, product_id: int, quantity: int, key: str) -> Order:
    return await place(
        session,
        member_id=context.member_id,
        policy=context.policy,
        product_id=product_id,
        quantity=quantity,
        key=key,
    )


async def present(update: Update, context: Context, order: Order) -> None:
    from .render import render

    await render(update, context, placed(context, order))


async def send_invoice(context: Context, chat_id: int, order: Order) -> None:
    line = order.lines[0]  # an invoice is plain text: names unescaped
    title = clip(html.unescape(name(line.product, context.locale)), 32)  # Telegram takes 32 at most
    summary = summarize(order, context.locale, context.policy.timezone, context.translator)
    with answers_unread():
        await context.bot.send_invoice(
            chat_id,
            title=title,
            description=html.unescape(context.t("invoice-description", **summary))[:255],
            payload=payments.payload_for(order.id),
            provider_token=context.policy.payment_provider_token,
            currency=settlement.CURRENCY,
            prices=[LabeledPrice(f"{title} ×{line.quantity}"[:64], order.total_fen)],
        )


async def pre_checkout(update: Update, context: Context) -> None:
    """Telegram asks whether to take the money: yes only for this member's payable order, as billed."""
    query = update.pre_checkout_query
    try:
        async with context.db.begin() as session:
            await settlement.approve_checkout(
                session,
                order_id=payments.order_id_of(query.invoice_payload) or 0,
                telegram_user_id=query.from_user.id,
                amount=query.total_amount,
                currency=query.currency,
                now=datetime.now(UTC),
            )
    except DomainError as refused:
        async with context.db.read() as session:  # the refusal is said in the member's language
            await identify(session, update, context)
        await query.answer(ok=False, error_message=context.t("checkout-refused", reason=refused.code))
        return
    await query.answer(ok=True)


async def successful_payment(update: Update, context: Context) -> None:
    """Apply the payment the inbox recorded on arrival, then tell the member and the supplier."""
    payment = update.effective_message.successful_payment
    if PAUSE_BEFORE_APPLYING:
        print(f"paused before applying payment {payment.telegram_payment_charge_id}", flush=True)
        await asyncio.Event().wait()
    applied = await apply_payment(context, payment.telegram_payment_charge_id, update)
    if applied.entry.status in ("unknown_order", "rejected"):
        with answers_unread():
            await update.effective_message.reply_text(context.t("payment-kept-for-admin"))


async def apply_payment(context: Context, charge_id: str, update: Update | None = None) -> payments.Applied:
    """Apply one recorded payment (also used at start for those a crash left behind, with no
    update). The receipt and the supplier's new order are notices of the same transaction: a crash
    after the commit still sends each, once."""
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        if update is not None:
            await identify(session, update, context)
        applied = await payments.apply(
            session, charge_id=charge_id, now=now, points_per_yuan=context.policy.points_per_yuan
        )
        if applied.newly_paid:
            await tell_paid(session, context, applied.order, now=now)
            await tell_suppliers(session, applied.order, "supplier-new-paid", now=now, action=SHIP)
    return applied
