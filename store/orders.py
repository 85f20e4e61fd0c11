"""Orders: place (reserving stock), pay once per charge, ship, receive, cancel, expire, refund.

Every state change is a conditional UPDATE on the current status, so two racing changes cannot
both apply on either database; every effect of a payment (points, the one-yuan match, sales
figures) is keyed by the order, so it happens once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from . import ledger, ranking
from .errors import (
    ContactMissing,
    InvalidInput,
    NotFound,
    OutOfStock,
    WrongStatus,
)
from .ledger_models import FundReason, PointsReason
from .models import Branch, Member, Order, OrderLine, OrderStatus, Product, ProductStatus, Settlement, utc
from .roles import Role, authorize
from .sql import insert_ignoring_duplicates

log = logging.getLogger(__name__)

MAX_QUANTITY = 20
CHECKOUT_GRACE = timedelta(minutes=10)
NOT_SHIPPED = (OrderStatus.pending_payment, OrderStatus.paid)
# Who carries a parcel, as a supplier chooses it when shipping: 顺丰, 中通, 圆通, 韵达, 邮政, 京东, 其他.
COURIERS = ("sf", "zto", "yto", "yunda", "post", "jd", "other")
SELF_DELIVERY = "self"  # the supplier brings it (自送, 送货上门)


async def place(
    session: AsyncSession,
    *,
    member_id: int,
    product_id: int,
    quantity: int,
    key: str,
    now: datetime,
    payment_minutes: int = 30,
    settlement: Settlement = Settlement.online,
) -> Order:
    """Place an order and reserve its stock; the same `key` always gives the same order. How it is
    settled is fixed now: `online`, an invoice paid in the chat within `payment_minutes`, or
    `offline`, confirmed by hand whenever the money arrives (it never expires)."""
    if existing := await _by_key(session, key):
        if existing.member_id != member_id:
            raise NotFound("order", key)
        return existing
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput("quantity", quantity)
    buyer = (await session.execute(_BUYER, {"member_id": member_id})).first()
    if buyer is None:
        raise NotFound("member", member_id)
    if not (buyer.contact_name and buyer.contact_phone and buyer.contact_address):
        raise ContactMissing(member_id)
    product = (await session.execute(_LISTED, {"product_id": product_id})).first()
    if product is None:
        raise NotFound("product", product_id)
    online = settlement == Settlement.online
    expires_at = now + timedelta(minutes=payment_minutes) if online else None
    inserted = await session.execute(
        insert_ignoring_duplicates(session, Order, "idempotency_key", returning="id"),
        {
            "member_id": member_id,
            "supplier_id": product.supplier_id,
            "branch_id": buyer.branch_id,
            "agency_id": buyer.agency_id,
            "status": OrderStatus.pending_payment,
            "total_fen": product.price_fen * quantity,
            "has_charity_item": product.charity_item,
            "idempotency_key": key,
            "contact_name": buyer.contact_name,
            "contact_phone": buyer.contact_phone,
            "contact_address": buyer.contact_address,
            "created_at": now,
            "expires_at": expires_at,
            "settlement": settlement,
        },
    )
    order_id = inserted.scalar()
    if order_id is None:  # a concurrent tap with the same key won; its order is the answer
        return await _by_key(session, key)
    taken = await session.execute(_TAKE_STOCK, {"product_id": product_id, "quantity": quantity})
    if taken.rowcount != 1:
        raise OutOfStock(product_id)
    line = {"order_id": order_id, "product_id": product_id, "quantity": quantity}
    await session.execute(
        _NEW_LINE, {**line, "price_fen": product.price_fen, "charity_item": product.charity_item}
    )
    return await get(session, order_id=order_id)


# Built once, as every order runs them (see members._BY_TELEGRAM_ID); plain rows, no entities.
_BUYER = (
    select(
        Member.contact_name, Member.contact_phone, Member.contact_address, Member.branch_id, Branch.agency_id
    )
    .outerjoin(Branch, Branch.id == Member.branch_id)
    .where(Member.id == bindparam("member_id"))
)
_LISTED = select(Product.supplier_id, Product.price_fen, Product.charity_item).where(
    Product.id == bindparam("product_id"), Product.status == ProductStatus.listed
)
_products = Product.__table__
_TAKE_STOCK = (
    update(_products)
    .where(
        _products.c.id == bindparam("product_id"),
        _products.c.status == ProductStatus.listed,
        _products.c.stock >= bindparam("quantity"),
    )
    .values(stock=_products.c.stock - bindparam("quantity"))
)
_RESTOCK = (
    update(_products)
    .where(_products.c.id == bindparam("product_id"))
    .values(stock=_products.c.stock + bindparam("quantity"))
)
_NEW_LINE = insert(OrderLine.__table__)
_ORDER_ID_BY_KEY = select(Order.id).where(Order.idempotency_key == bindparam("key"))
_orders = Order.__table__
_WITH_LINES = (  # built once: see members._BY_TELEGRAM_ID
    select(Order)
    .where(Order.id == bindparam("order_id"))
    .options(joinedload(Order.lines).joinedload(OrderLine.product))
    .execution_options(populate_existing=True)
)


async def get(session: AsyncSession, *, order_id: int) -> Order:
    found = await session.scalars(_WITH_LINES, {"order_id": order_id})
    order = found.unique().first()
    if order is None:
        raise NotFound("order", order_id)
    return order


async def of_member(session: AsyncSession, *, order_id: int, member_id: int) -> Order:
    """The member's own order; someone else's is NotFound, exactly like a missing one."""
    order = await get(session, order_id=order_id)
    if order.member_id != member_id:
        raise NotFound("order", order_id)
    return order


async def cancel(session: AsyncSession, *, order_id: int, member_id: int, now: datetime) -> Order:
    """The member cancels before shipping; stock goes back. A paid order waits for a refund."""
    for _ in range(3):  # the order may change under us (a payment arriving): read it again
        order = await of_member(session, order_id=order_id, member_id=member_id)
        if order.status not in NOT_SHIPPED:
            raise WrongStatus(order.status)
        if await close_unshipped(session, [order], reason="member", now=now):
            return await get(session, order_id=order_id)
    raise WrongStatus(order.status)


async def expire_due(session: AsyncSession, *, now: datetime, limit: int = 500) -> list[Order]:
    """Cancel unpaid orders past their time and release their stock; returns them. Only orders to be
    paid in the chat expire: an offline one waits for its supplier or an admin to confirm the money
    (or for its buyer to cancel it), however long that takes."""
    # Lock the due orders up front, in id order, skipping any another transaction holds (a payment
    # in flight): taking them one by one while also touching products could deadlock on PostgreSQL.
    due = list(
        await session.scalars(
            select(Order)
            .where(
                Order.status == OrderStatus.pending_payment,
                Order.settlement == Settlement.online,
                Order.expires_at <= now,
            )
            .order_by(Order.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .options(selectinload(Order.lines))
        )
    )
    # An order whose pre-checkout was just approved may be being charged by Telegram right now.
    due = [o for o in due if not (o.checkout_at and utc(o.checkout_at) > now - CHECKOUT_GRACE)]
    return await close_unshipped(
        session, due, reason="expired", now=now, only_from=(OrderStatus.pending_payment,)
    )


async def ship(
    session: AsyncSession,
    *,
    order_id: int,
    actor_id: int,
    tracking_no: str,
    now: datetime,
    courier: str = "",
) -> Order:
    """The supplier marks a paid order shipped with a tracking number and who carries it (one of
    COURIERS, SELF_DELIVERY, or "" when not said)."""
    order = await get(session, order_id=order_id)
    await authorize(session, member_id=actor_id, role=Role.supplier, scope_id=order.supplier_id)
    tracking_no = tracking_no.strip()
    if not 1 <= len(tracking_no) <= 64:
        raise InvalidInput("tracking_no")
    if courier not in (*COURIERS, SELF_DELIVERY, ""):
        raise InvalidInput("courier")
    await _transition(
        session,
        order,
        OrderStatus.paid,
        OrderStatus.shipped,
        shipped_at=now,
        tracking_no=tracking_no,
        courier=courier,
    )
    return await get(session, order_id=order_id)


async def receive(session: AsyncSession, *, order_id: int, member_id: int, now: datetime) -> Order:
    """The member confirms receipt."""
    order = await of_member(session, order_id=order_id, member_id=member_id)
    await _transition(session, order, OrderStatus.shipped, OrderStatus.received, received_at=now)
    return await get(session, order_id=order_id)


async def receive_due(session: AsyncSession, *, now: datetime, days: int, limit: int = 500) -> list[Order]:
    """Confirm receipt of orders shipped more than `days` ago (their lines loaded)."""
    due = list(
        await session.scalars(
            select(Order)
            .options(selectinload(Order.lines))
            .where(Order.status == OrderStatus.shipped, Order.shipped_at <= now - timedelta(days=days))
            .order_by(Order.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    done = []
    for order in due:
        try:
            await _transition(session, order, OrderStatus.shipped, OrderStatus.received, received_at=now)
            done.append(order)
        except WrongStatus:
            pass
    return done


async def refund(session: AsyncSession, *, order_id: int, admin_id: int, now: datetime) -> Order:
    """An admin records that a paid, cancelled order's money was returned: points and match reverse."""
    await authorize(session, member_id=admin_id, role=Role.admin)
    order = await get(session, order_id=order_id)
    if not order.awaits_refund:
        raise WrongStatus(order.status)
    await _transition(session, order, OrderStatus.cancelled, OrderStatus.refunded)
    source = f"order:{order.id}"
    credited = await ledger.points_of(
        session, member_id=order.member_id, reason=PointsReason.purchase, source=source
    )
    await ledger.credit_points(
        session,
        member_id=order.member_id,
        branch_id=order.branch_id,
        agency_id=order.agency_id,
        delta=-credited,
        reason=PointsReason.purchase_reversal,
        source=source,
        now=now,
    )
    if order.has_charity_item:
        await ledger.fund_entry(
            session,
            amount_fen=-ledger.MATCH_FEN,
            reason=FundReason.reversal,
            source=source,
            order_id=order.id,
            member_id=order.member_id,
            now=now,
        )
    return await get(session, order_id=order_id)


async def close_unshipped(
    session: AsyncSession, due: list[Order], *, reason: str, now: datetime, only_from: tuple = NOT_SHIPPED
) -> list[Order]:
    """Cancel orders not shipped yet and put their stock (and sales, if paid) back.

    Returns those it closed. Products are updated last and in id order, so that two transactions
    closing orders of the same products cannot wait for each other.
    """
    closed, stock, sales, heat = [], defaultdict(int), defaultdict(int), defaultdict(float)
    for order in sorted(due, key=lambda o: o.id):
        if order.status not in only_from:
            continue
        was_paid = order.status == OrderStatus.paid
        # Only from the status we read: if a payment landed meanwhile, its sales must be undone too,
        # so the caller has to look again rather than close on stale knowledge.
        changed = await session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status == order.status)
            .values(status=OrderStatus.cancelled, closed_at=now, close_reason=reason)
        )
        if changed.rowcount != 1:
            continue
        closed.append(order)
        for line in order.lines:
            stock[line.product_id] += line.quantity
            if was_paid:
                sales[line.product_id] += line.quantity
                heat[line.product_id] += (
                    ranking.SALE_WEIGHT * line.quantity * ranking.weight(order.paid_at or now)
                )
    mean = await ranking.prior(session) if heat else 0.0
    for product_id in sorted(stock):
        if heat[product_id]:  # a paid sale is taken back from the ranking as it was added
            await ranking.adjust(
                session,
                product_id=product_id,
                heat=-heat[product_id],
                sales_count=-sales[product_id],
                stock=stock[product_id],
                catalog_mean=mean,
            )
        else:  # unpaid: only its stock comes back; the ranking is not touched
            await session.execute(_RESTOCK, {"product_id": product_id, "quantity": stock[product_id]})
    return closed


async def _transition(
    session: AsyncSession, order: Order, from_: OrderStatus, to: OrderStatus, **values
) -> None:
    changed = await session.execute(
        update(Order).where(Order.id == order.id, Order.status == from_).values(status=to, **values)
    )
    if changed.rowcount != 1:
        raise WrongStatus(order.status)


async def _by_key(session: AsyncSession, key: str) -> Order | None:
    order_id = await session.scalar(_ORDER_ID_BY_KEY, {"key": key})
    return await get(session, order_id=order_id) if order_id else None


async def for_supplier(session: AsyncSession, *, order_id: int, actor_id: int) -> Order:
    """An order as its supplier (or an admin) sees it; Forbidden for anyone else."""
    order = await get(session, order_id=order_id)
    await authorize(session, member_id=actor_id, role=Role.supplier, scope_id=order.supplier_id)
    return order
