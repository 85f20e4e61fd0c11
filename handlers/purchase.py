"""Buying, whichever door: placing an order as the shop takes money, and who is told of it."""

from __future__ import annotations

from datetime import UTC, datetime

from store import orders, roles, settlement
from store.models import Order, OrderStatus, Role, Settlement, Supplier
from store.notices import Button

from .notify import order_actions, order_summary, tell
from .reply import Payment, Reply, Screen, button


async def place(session, *, member_id: int, policy, product_id: int, quantity: int, key: str) -> Order:
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
        payment_minutes=policy.order_payment_minutes,
        settlement=Settlement.online if policy.payment_provider_token else Settlement.offline,
    )
    if order.settlement == Settlement.offline and order.status == OrderStatus.pending_payment:
        await tell_suppliers(session, order, "supplier-new-offline", now=now, action=OFFLINE_PAID)
    return order


def placed(req, order: Order) -> Reply:
    """After placing: the payment asked for, or word that the order awaits offline settlement."""
    if order.status != "pending_payment":
        return Screen(req.t("order-already", **order_summary(req, order)), new=True)
    if order.settlement == Settlement.online:
        return Payment(order)
    view = [[button(req.t("orders-view"), "order-view", order.id)]]
    return Screen(req.t("order-placed-offline", **order_summary(req, order)), view, new=True)


async def tell_paid(session, context, order: Order, *, now: datetime) -> None:
    """付款成功, to the buyer: the points it credited, and the order's buttons."""
    points = settlement.points_for(order, context.policy.points_per_yuan)
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
