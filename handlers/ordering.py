"""One-tap ordering: the order button, then an invoice (Telegram Payments) or offline settlement."""

from __future__ import annotations

import asyncio
import html
import os
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, LabeledPrice, Update

from store import orders, payments, roles
from store.errors import ContactMissing, DomainError, OutOfStock
from store.models import Order, OrderStatus, Role, Settlement, Supplier
from store.notices import Button

from . import callbacks, contact
from .context import Context, answers_unread
from .format import clip, name
from .member import identify
from .notify import order_actions, order_summary, tell
from .screens import button

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
            await contact.begin(update, context, pending=pending)
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
        config=context.config,
        product_id=product_id,
        quantity=quantity,
        key=key,
    )


async def place(session, *, member_id: int, config, product_id: int, quantity: int, key: str) -> Order:
    """Place the order, settled as the shop takes money: an invoice in the chat when it has a payment
    provider, offline otherwise — then the supplier is told, in the same transaction, to confirm
    the money when it arrives."""
    now = datetime.now(UTC)
    order = await orders.place(
        session,
        member_id=member_id,
        product_id=product_id,
        quantity=quantity,
        key=key,
        now=now,
        payment_minutes=config.order_payment_minutes,
        settlement=Settlement.online if config.payment_provider_token else Settlement.offline,
    )
    if order.settlement == Settlement.offline and order.status == OrderStatus.pending_payment:
        await tell_suppliers(session, order, "supplier-new-offline", now=now, action=OFFLINE_PAID)
    return order


async def present(update: Update, context: Context, order: Order) -> None:
    """After placing: the invoice to pay, or word that the order awaits offline settlement."""
    chat_id = update.effective_chat.id
    if order.status != "pending_payment":
        await context.bot.send_message(
            chat_id, context.t("order-already", **order_summary(context, order)), parse_mode="HTML"
        )
        return
    if order.settlement == Settlement.online:
        await send_invoice(context, chat_id, order)
        return
    view = InlineKeyboardMarkup([[button(context.t("orders-view"), "order-view", order.id)]])
    await context.bot.send_message(
        chat_id,
        context.t("order-placed-offline", **order_summary(context, order)),
        parse_mode="HTML",
        reply_markup=view,
    )


async def send_invoice(context: Context, chat_id: int, order: Order) -> None:
    line = order.lines[0]  # an invoice is plain text: names unescaped
    title = clip(html.unescape(name(line.product, context.locale)), 32)  # Telegram takes 32 at most
    with answers_unread():
        await context.bot.send_invoice(
            chat_id,
            title=title,
            description=html.unescape(context.t("invoice-description", **order_summary(context, order)))[
                :255
            ],
            payload=payments.payload_for(order.id),
            provider_token=context.config.payment_provider_token,
            currency=orders.CURRENCY,
            prices=[LabeledPrice(f"{title} ×{line.quantity}"[:64], order.total_fen)],
        )


async def pre_checkout(update: Update, context: Context) -> None:
    """Telegram asks whether to take the money: yes only for this member's payable order, as billed."""
    query = update.pre_checkout_query
    try:
        async with context.db.begin() as session:
            await orders.approve_checkout(
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
            session, charge_id=charge_id, now=now, points_per_yuan=context.config.points_per_yuan
        )
        if applied.newly_paid:
            await tell_paid(session, context, applied.order, now=now)
            await tell_suppliers(session, applied.order, "supplier-new-paid", now=now, action=SHIP)
    return applied


async def tell_paid(session, context: Context, order: Order, *, now: datetime) -> None:
    """付款成功, to the buyer: the points it credited, and the order's buttons."""
    points = orders.points_for(order, context.config.points_per_yuan)
    await tell(
        session,
        [order.member_id],
        "order-paid",
        about=f"order:{order.id}",
        now=now,
        actions=order_actions(order.id),
        order_id=order.id,
        points=points,
    )


async def suppliers_of(session, order: Order) -> tuple[list[int], dict[str, object]]:
    """Who is told of a new order: everyone who holds the supplier role for its supplier; the
    admins, while nobody does (a supplier listed from a nomination or a village's draft), so that
    someone confirms the payment and ships (an admin may act for any supplier). The second value
    says for whom the admins stand in, for the notice."""
    if people := await roles.holders(session, role=Role.supplier, scope_id=order.supplier_id):
        return [p.id for p in people], {"standing_in": 0, "supplier": ""}
    supplier = await session.get(Supplier, order.supplier_id)
    who = " ".join(filter(None, (supplier.name, supplier.contact))) if supplier else ""
    admins = await roles.holders(session, role=Role.admin, scope_id=roles.ALL)
    return [a.id for a in admins], {"standing_in": 1, "supplier": who}


# The one button under each kind of news to the order's suppliers: its label and what it does.
OFFLINE_PAID = Button("supplier-confirm-paid", "offline-paid")
SHIP = Button("supplier-ship", "ship")


async def tell_suppliers(
    session,
    order: Order,
    key: str,
    *,
    now: datetime,
    action: Button | None = None,
    more: tuple[Button, ...] = (),
    **args: object,
) -> None:
    """Tell the order's suppliers (`suppliers_of`) about it, with `action` on the order as a button
    (and `more` buttons below it). They read it as its shop: no buyer's phone or address before the
    order is paid."""
    people, standing_in = await suppliers_of(session, order)
    buttons = [[Button(a.label, a.intent, (order.id,))] for a in ((action,) if action else ()) + more]
    await tell(
        session,
        people,
        key,
        about=f"order:{order.id}",
        now=now,
        actions=buttons,
        order_id=order.id,
        shop=1,
        **standing_in,
        **args,
    )


WRITE_TO_BUYER = Button("order-contact-buyer", "om-new")


async def remind_offline(session, due: list[Order], *, now: datetime) -> None:
    """A day after an offline order was placed, its payment still unconfirmed: its suppliers (or the
    admins for a supplier nobody holds) are reminded, once per order, with 确认收款 and a way to ask
    the buyer (the clock's job, in the transaction that marks them reminded)."""
    for order in due:
        await tell_suppliers(
            session, order, "supplier-offline-reminder", now=now, action=OFFLINE_PAID, more=(WRITE_TO_BUYER,)
        )
