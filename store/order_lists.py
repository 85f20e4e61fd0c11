"""The lists of orders people page through: a member's own, a supplier's (every supplier's for an
admin), the admins' queue of refunds owed, and the count waiting for a supplier to ship."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import Order, OrderLine, OrderStatus
from .paging import Page, paginate
from .roles import Role, authorize, roles_of


async def of_member_page(
    session: AsyncSession, *, member_id: int, page: int, per_page: int = 8
) -> Page[Order]:
    """The member's orders, newest first."""
    query = (
        select(Order)
        .where(Order.member_id == member_id)
        .order_by(Order.id.desc())
        .options(selectinload(Order.lines).joinedload(OrderLine.product))
    )
    return await paginate(session, query, page=page, per_page=per_page)


async def of_suppliers_page(
    session: AsyncSession, *, member_id: int, page: int, per_page: int = 8
) -> Page[Order]:
    """Orders of the suppliers this member holds the supplier role for (every supplier's, for an
    admin), newest first."""
    grants = await roles_of(session, member_id=member_id)
    query = select(Order)
    if not any(g.role == Role.admin for g in grants):
        query = query.where(Order.supplier_id.in_([g.scope_id for g in grants if g.role == Role.supplier]))
    query = query.order_by(Order.id.desc()).options(selectinload(Order.lines).joinedload(OrderLine.product))
    return await paginate(session, query, page=page, per_page=per_page)


async def awaiting_shipment(session: AsyncSession, *, member_id: int) -> int | None:
    """How many paid orders wait for the suppliers this member supplies for to ship them; None for a
    member who supplies nothing (an admin sees them all in /supply, but is not a supplier here)."""
    suppliers = [g.scope_id for g in await roles_of(session, member_id=member_id) if g.role == Role.supplier]
    if not suppliers:
        return None
    waiting = select(func.count()).where(Order.supplier_id.in_(suppliers), Order.status == OrderStatus.paid)
    return await session.scalar(waiting)


async def awaiting_refund(
    session: AsyncSession, *, admin_id: int, page: int, per_page: int = 8
) -> Page[Order]:
    """Paid orders their members cancelled, whose money has yet to go back: oldest first (admins)."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    query = (
        select(Order)
        .where(Order.awaits_refund)
        .order_by(Order.closed_at, Order.id)
        .options(selectinload(Order.lines).joinedload(OrderLine.product))
    )
    return await paginate(session, query, page=page, per_page=per_page)
