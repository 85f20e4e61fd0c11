"""Offline settlement (货到付款 / 单位结算) over time: an offline order never expires, so the store
says when its suppliers should be reminded of it, which ones waited too long for an admin to look
at, and lets an admin close one nobody will settle.

An order placed to be paid in the chat is none of this module's business (`orders.expire_due`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from . import orders
from .errors import NotOverdue, WrongStatus
from .models import Order, OrderLine, OrderStatus, Settlement, utc
from .paging import Page, paginate
from .roles import Role, authorize

REMIND_AFTER = timedelta(days=1)


def _waiting(placed_before: datetime):
    return (
        Order.status == OrderStatus.pending_payment,
        Order.settlement == Settlement.offline,
        Order.created_at <= placed_before,
    )


async def remind_due(
    session: AsyncSession, *, now: datetime, after: timedelta = REMIND_AFTER, limit: int = 200
) -> list[Order]:
    """Offline orders placed more than `after` ago whose payment nobody has confirmed and whose
    suppliers were not reminded yet: marked reminded now, in the caller's transaction (which
    writes the reminders), so each order is reminded once however often the clock asks."""
    due = list(
        await session.scalars(
            select(Order)
            .where(*_waiting(now - after), Order.reminded_at.is_(None))
            .order_by(Order.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if due:  # locked above (PostgreSQL) or under SQLite's one writer: nobody else marks them
        await session.execute(
            update(Order)
            .where(Order.id.in_([o.id for o in due]))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
    return due


async def overdue_page(
    session: AsyncSession, *, admin_id: int, now: datetime, days: int, page: int, per_page: int = 5
) -> Page[Order]:
    """For admins: offline orders still waiting for their payment to be confirmed more than `days`
    after they were placed, oldest first."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    query = (
        select(Order)
        .where(*_waiting(now - timedelta(days=days)))
        .order_by(Order.created_at, Order.id)
        .options(selectinload(Order.lines).joinedload(OrderLine.product))
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def overdue(session: AsyncSession, *, order_id: int, admin_id: int, now: datetime, days: int) -> Order:
    """The offline order an admin may close because nobody confirmed its money within `days` (asked
    before closing it, and checked again when closing): earlier, its supplier may still confirm
    it; a paid one is its buyer's to cancel."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    order = await orders.get(session, order_id=order_id)
    if order.status != OrderStatus.pending_payment or order.settlement != Settlement.offline:
        raise WrongStatus(order.status)
    if utc(order.created_at) > now - timedelta(days=days):
        raise NotOverdue(order_id, days)
    return order


async def cancel_overdue(
    session: AsyncSession, *, order_id: int, admin_id: int, now: datetime, days: int
) -> Order:
    """An admin closes an overdue offline order (`overdue`): its stock goes back. The caller tells
    the buyer and the supplier in the same transaction."""
    order = await overdue(session, order_id=order_id, admin_id=admin_id, now=now, days=days)
    closed = await orders.close_unshipped(
        session, [order], reason="admin", now=now, only_from=(OrderStatus.pending_payment,)
    )
    if not closed:  # paid or cancelled meanwhile
        raise WrongStatus(order.status)
    return await orders.get(session, order_id=order_id)
