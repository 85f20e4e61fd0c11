"""The payment inbox: every successful payment is written down before Telegram is told we have it,
then applied to its order once. Nothing Telegram charged is lost or applied twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from . import members, orders, settlement
from .errors import DomainError, NotFound
from .ledger_models import PaymentInbox, PaymentStatus
from .models import MAX_ID, Order
from .sql import insert_ignoring_duplicates

PAYLOAD_PREFIX = "order:"


def payload_for(order_id: int) -> str:
    return f"{PAYLOAD_PREFIX}{order_id}"


def order_id_of(payload: str) -> int | None:
    """The order an invoice payload names, or None for a payload this bot did not make."""
    number = payload.removeprefix(PAYLOAD_PREFIX)
    if not payload.startswith(PAYLOAD_PREFIX) or not number.isdecimal() or len(number) > 10:
        return None
    return int(number) if int(number) <= MAX_ID else None


@dataclass(frozen=True)
class Reported:
    """A successful payment as Telegram reported it."""

    charge_id: str
    provider_charge_id: str
    telegram_user_id: int
    payload: str
    total_amount: int
    currency: str


async def record(session: AsyncSession, reported: Sequence[Reported], *, now: datetime) -> None:
    """Keep reported payments (once per charge id) until they are applied: one statement for all."""
    if not reported:
        return
    statement = insert_ignoring_duplicates(session, PaymentInbox, "telegram_payment_charge_id")
    await session.execute(
        statement,
        [
            {
                "telegram_payment_charge_id": payment.charge_id,
                "provider_payment_charge_id": payment.provider_charge_id[:128],
                "telegram_user_id": payment.telegram_user_id,
                "payload": payment.payload[:128],
                "total_amount": payment.total_amount,
                "currency": payment.currency[:3],
                "status": PaymentStatus.pending,
                "note": "",
                "received_at": now,
            }
            for payment in reported
        ],
    )


@dataclass(frozen=True)
class Applied:
    entry: PaymentInbox
    order: Order | None
    newly_paid: bool


# Built once: the payment path runs them for every payment (see members._BY_TELEGRAM_ID).
_ENTRY = (
    select(PaymentInbox)
    .where(PaymentInbox.telegram_payment_charge_id == bindparam("charge_id"))
    .with_for_update()
)
_SETTLE = (
    update(PaymentInbox)
    .where(PaymentInbox.id == bindparam("entry_id"))
    .values(status=bindparam("status"), note=bindparam("note"), applied_at=bindparam("now"))
    .execution_options(synchronize_session=False)  # `_settle` updates the loaded entry itself
)


async def apply(session: AsyncSession, *, charge_id: str, now: datetime, points_per_yuan: int = 1) -> Applied:
    """Apply a recorded payment to its order. A second call for the same charge changes nothing.

    A payment that cannot be applied (unknown order, another member's, amount differs, order no
    longer payable) is kept with that status and a note, for an admin to settle by hand.
    """
    entry = await session.scalar(_ENTRY, {"charge_id": charge_id})
    if entry is None:
        raise NotFound("payment", charge_id)
    if entry.status != PaymentStatus.pending:
        order_id = order_id_of(entry.payload)
        order = await session.get(Order, order_id) if order_id else None
        return Applied(entry, order, newly_paid=False)
    order_id = order_id_of(entry.payload)
    member_id = await members.id_of(session, entry.telegram_user_id)
    order = await _order(session, order_id)
    if order is None or order.member_id != member_id:
        return Applied(
            await _settle(session, entry, PaymentStatus.unknown_order, "no such order of this member", now),
            None,
            False,
        )
    if order.telegram_payment_charge_id == charge_id:
        return Applied(await _settle(session, entry, PaymentStatus.duplicate, "", now), order, False)
    try:
        # The charge id is unique to this inbox entry, which is pending: no order carries it yet.
        paid = await settlement.pay_loaded(
            session,
            order,
            amount=entry.total_amount,
            currency=entry.currency,
            now=now,
            points_per_yuan=points_per_yuan,
            charge_id=charge_id,
            provider_charge_id=entry.provider_payment_charge_id,
        )
    except DomainError as refused:
        return Applied(await _settle(session, entry, PaymentStatus.rejected, refused.code, now), order, False)
    return Applied(await _settle(session, entry, PaymentStatus.applied, "", now), paid, True)


async def _order(session: AsyncSession, order_id: int | None) -> Order | None:
    try:
        return await orders.get(session, order_id=order_id) if order_id else None
    except NotFound:
        return None


async def pending_charges(session: AsyncSession, *, limit: int = 100) -> list[str]:
    """Charges recorded but not applied yet: left behind by a crash, applied at start."""
    return list(
        await session.scalars(
            select(PaymentInbox.telegram_payment_charge_id)
            .where(PaymentInbox.status == PaymentStatus.pending)
            .order_by(PaymentInbox.id)
            .limit(limit)
        )
    )


async def needing_attention(session: AsyncSession, *, limit: int = 20) -> list[PaymentInbox]:
    """Payments an admin has to settle by hand: unknown orders and refused ones."""
    return list(
        await session.scalars(
            select(PaymentInbox)
            .where(PaymentInbox.status.in_((PaymentStatus.unknown_order, PaymentStatus.rejected)))
            .order_by(PaymentInbox.id.desc())
            .limit(limit)
        )
    )


async def _settle(
    session: AsyncSession, entry: PaymentInbox, status: PaymentStatus, note: str, now: datetime
) -> PaymentInbox:
    await session.execute(_SETTLE, {"entry_id": entry.id, "status": status, "note": note, "now": now})
    for name, value in (("status", status), ("note", note), ("applied_at", now)):
        set_committed_value(entry, name, value)  # as stored: no second UPDATE at the flush
    return entry
