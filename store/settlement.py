"""Settling an order's money, once: a Telegram checkout approved and its charge applied once per
charge id, an offline order confirmed by its supplier, or an admin who took the money some other
way; and the love points a paid order earns (`points_for`), the one formula every door uses.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from . import ledger, members, ranking
from .errors import (
    AwaitsOnlinePayment,
    InvalidInput,
    OrderExpired,
    WrongAmount,
    WrongStatus,
)
from .ledger_models import FundReason, PointsReason
from .models import Member, Order, OrderStatus, Settlement, utc
from .orders import get, of_member
from .roles import Role, authorize

log = logging.getLogger(__name__)

CURRENCY = "CNY"
SETTLEMENT_NOTE_LIMIT = 200
_orders = Order.__table__

_PAID = (
    update(_orders)
    .where(_orders.c.id == bindparam("order_id"), _orders.c.status == OrderStatus.pending_payment)
    .values(
        status=OrderStatus.paid,
        paid_at=bindparam("now"),
        telegram_payment_charge_id=bindparam("charge_id"),
        provider_payment_charge_id=bindparam("provider_charge_id"),
    )
)


# One statement approves a pre-checkout query on the busy path: every condition of
# `check_payable` in its WHERE, the member found by Telegram id, nothing loaded.
_CHECKOUT = (
    update(Order)
    .where(
        Order.id == bindparam("order_id"),
        Order.member_id
        == select(Member.id)
        .where(Member.telegram_user_id == bindparam("telegram_user_id"))
        .scalar_subquery(),
        Order.status == OrderStatus.pending_payment,
        or_(Order.expires_at.is_(None), Order.expires_at > bindparam("now")),
        Order.total_fen == bindparam("amount"),
    )
    .values(checkout_at=bindparam("now"))
    .execution_options(synchronize_session=False)
)


async def approve_checkout(
    session: AsyncSession, *, order_id: int, telegram_user_id: int, amount: int, currency: str, now: datetime
) -> None:
    """Telegram asks whether to take the money: yes for this user's pending, unexpired order, for
    exactly this amount (then its expiry waits a grace period); otherwise the DomainError saying why."""
    if currency == CURRENCY:
        approved = await session.execute(
            _CHECKOUT,
            {"order_id": order_id, "telegram_user_id": telegram_user_id, "now": now, "amount": amount},
        )
        if approved.rowcount == 1:
            return
    member_id = await members.id_of(session, telegram_user_id)
    order = await check_payable(
        session, order_id=order_id, member_id=member_id or 0, amount=amount, currency=currency, now=now
    )
    raise WrongStatus(order.status)  # payable a moment ago, no longer


async def check_payable(
    session: AsyncSession, *, order_id: int, member_id: int, amount: int, currency: str, now: datetime
) -> Order:
    """The pre-checkout check: this member's pending, unexpired order, for exactly this amount."""
    order = await of_member(session, order_id=order_id, member_id=member_id)
    if order.status != OrderStatus.pending_payment:
        raise WrongStatus(order.status)
    if order.expires_at and utc(order.expires_at) <= now:
        raise OrderExpired(order_id)
    if amount != order.total_fen or currency != CURRENCY:
        raise WrongAmount(amount, currency)
    order.checkout_at = now
    return order


async def pay(
    session: AsyncSession,
    *,
    order_id: int,
    amount: int,
    currency: str,
    now: datetime,
    points_per_yuan: int = 1,
    charge_id: str | None = None,
    provider_charge_id: str = "",
) -> Order:
    """Mark the order paid and credit its effects, once per charge id (or once, offline)."""
    if charge_id and (
        done := await session.scalar(select(Order).where(Order.telegram_payment_charge_id == charge_id))
    ):
        return done
    return await pay_loaded(
        session,
        await get(session, order_id=order_id),
        amount=amount,
        currency=currency,
        now=now,
        points_per_yuan=points_per_yuan,
        charge_id=charge_id,
        provider_charge_id=provider_charge_id,
    )


async def pay_loaded(
    session: AsyncSession,
    order: Order,
    *,
    amount: int,
    currency: str,
    now: datetime,
    points_per_yuan: int,
    charge_id: str | None,
    provider_charge_id: str,
) -> Order:
    """`pay` for an order already loaded with its lines, whose charge id the caller has checked."""
    order_id = order.id
    if amount != order.total_fen or currency != CURRENCY:
        raise WrongAmount(amount, currency)
    changed = await session.execute(
        _PAID,
        {"order_id": order_id, "now": now, "charge_id": charge_id, "provider_charge_id": provider_charge_id},
    )
    if changed.rowcount != 1:
        raise WrongStatus(order.status)
    for name, value in (
        ("status", OrderStatus.paid),
        ("paid_at", now),
        ("telegram_payment_charge_id", charge_id),
        ("provider_payment_charge_id", provider_charge_id),
    ):
        set_committed_value(order, name, value)  # the loaded order, as stored
    mean = await ranking.prior(session)
    for line in order.lines:
        heat = ranking.SALE_WEIGHT * line.quantity * ranking.weight(now)
        await ranking.adjust(
            session, product_id=line.product_id, heat=heat, sales_count=line.quantity, catalog_mean=mean
        )
    await ledger.credit_points(
        session,
        member_id=order.member_id,
        branch_id=order.branch_id,
        agency_id=order.agency_id,
        delta=points_for(order, points_per_yuan),
        reason=PointsReason.purchase,
        source=f"order:{order.id}",
        now=now,
    )
    if order.has_charity_item:
        await ledger.fund_entry(
            session,
            amount_fen=ledger.MATCH_FEN,
            reason=FundReason.match,
            source=f"order:{order.id}",
            order_id=order.id,
            member_id=order.member_id,
            now=now,
        )
    return order


def points_for(order: Order, points_per_yuan: int) -> int:
    """The love points a paid order credits: POINTS_PER_YUAN per whole yuan."""
    return order.total_fen // 100 * points_per_yuan


async def confirm_offline(
    session: AsyncSession, *, order_id: int, actor_id: int, now: datetime, points_per_yuan: int = 1
) -> Order:
    """Offline settlement (货到付款 / 单位结算): the order's supplier or an admin confirms payment.
    An order placed to be paid in the chat is refused, whoever asks: marking it paid would credit
    points and a match for money nobody took."""
    order = await get(session, order_id=order_id)
    await authorize(session, member_id=actor_id, role=Role.supplier, scope_id=order.supplier_id)
    if order.settlement != Settlement.offline:
        raise AwaitsOnlinePayment(order_id)
    return await pay(
        session,
        order_id=order_id,
        amount=order.total_fen,
        currency=CURRENCY,
        now=now,
        points_per_yuan=points_per_yuan,
    )


async def settle_by_admin(
    session: AsyncSession, *, order_id: int, admin_id: int, note: str, now: datetime, points_per_yuan: int = 1
) -> Order:
    """An admin who took an order's money outside the chat (a bank transfer, say) marks it paid,
    saying how: the order keeps who did it and the note, and its points and match follow as for
    any payment. Only admins; only a pending order; the note is required."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    note = note.strip()
    if not 1 <= len(note) <= SETTLEMENT_NOTE_LIMIT:
        raise InvalidInput("note")
    order = await get(session, order_id=order_id)
    paid = await pay_loaded(
        session,
        order,
        amount=order.total_fen,
        currency=CURRENCY,
        now=now,
        points_per_yuan=points_per_yuan,
        charge_id=None,
        provider_charge_id="",
    )
    await session.execute(
        update(Order).where(Order.id == order_id).values(settled_by_id=admin_id, settlement_note=note)
    )
    set_committed_value(paid, "settled_by_id", admin_id)
    set_committed_value(paid, "settlement_note", note)
    log.warning("order %s marked paid by admin %s: %s", order_id, admin_id, note)
    return paid
