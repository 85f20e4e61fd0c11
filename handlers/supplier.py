"""Suppliers: confirm offline payment, ship with a tracking number, see their own orders (/supply)."""

from __future__ import annotations

import re

from store import order_lists, orders, roles, settlement
from store.errors import Forbidden, WrongStatus
from store.models import OrderStatus, Role, Settlement
from store.notices import Button

from . import dialog
from .dialog_spec import CHOICE, Dialog, Option, Refusal, Step
from .notify import order_summary, tell
from .purchase import tell_paid
from .registry import command, intent
from .reply import Alert, Reply, Screen, button, pages, parts
from .request import Request

TRACKING_DIALOG = "tracking"


@intent("offline-paid")
async def confirm_offline_paid(context: Request, order_id: int) -> Reply:
    """确认收款 on a new-order notice: the supplier (or an admin) says the money arrived."""
    now = context.now
    async with context.db.begin() as session:
        order = await settlement.confirm_offline(
            session,
            order_id=order_id,
            actor_id=context.member_id,
            now=now,
            points_per_yuan=context.policy.points_per_yuan,
        )
        await tell_paid(session, context, order, now=now)
    summary = order_summary(context, order, shop=True)
    ship = [[button(context.t("supplier-ship"), "ship", order.id)]]
    return [Alert(context.t("supplier-confirmed")), Screen(context.t("supplier-order", **summary), ship)]


@intent("ship")
async def start_ship(context: Request, order_id: int) -> Reply:
    """发货: what to ship and where to (the new-order notice may be long gone), then who carries the
    parcel and its tracking number (a dialog on the engine)."""
    async with context.db.read() as session:
        order = await orders.for_supplier(session, order_id=order_id, actor_id=context.member_id)
    if order.status != OrderStatus.paid:  # an old notice's button: cancelled or shipped since
        raise WrongStatus(order.status)
    shown = Screen(context.t("supplier-order", **order_summary(context, order, shop=True)), new=True)
    asked = await dialog.begin(context, TRACKING, {"order_id": order.id})
    return [shown, *parts(asked)]


async def _couriers(req: Request, data: dict) -> list[Option]:
    return [Option(req.t("courier-name", courier=code), i) for i, code in enumerate(orders.COURIERS)]


# A tracking number: six or more letters and digits, five of them digits at least (SF1234567890,
# 中通 75312345678); a farm household delivering itself starts with 自送 or 送货上门. "3天后再发"
# and "暂时无法送货" are neither.
_NUMBER = re.compile(r"(?=[A-Za-z0-9-]*(?:\d[A-Za-z-]*){5})[A-Za-z0-9-]{6,40}")
_SELF_DELIVERY = re.compile(r"^\s*(?:自送|送货上门|自提|self\b)", re.I)


def _tracking(req: Request, text: str, data: dict) -> str:
    if not (_SELF_DELIVERY.search(text) or _NUMBER.search(text)):  # "明天再发": not shipped yet
        raise Refusal("supplier-tracking-invalid")
    return text.strip()[:64]


async def _ship(session, req: Request, data: dict) -> Reply:
    """The order is shipped and the buyer told, with a button to confirm receipt."""
    delivers_self = bool(_SELF_DELIVERY.search(data["number"]))
    courier = orders.SELF_DELIVERY if delivers_self else orders.COURIERS[data["courier"]]
    order = await orders.ship(
        session,
        order_id=data["order_id"],
        actor_id=req.member_id,
        tracking_no=data["number"],
        now=req.now,
        courier=courier,
    )
    receive = [[Button("orders-receive", "order-receive", (order.id,))]]
    await tell(
        session,
        [order.member_id],
        "order-shipped",
        about=f"order:{order.id}",
        now=req.now,
        actions=receive,
        order_id=order.id,
    )
    return Screen(req.t("supplier-shipped", **order_summary(req, order, shop=True)))


TRACKING = dialog.register(
    Dialog(
        TRACKING_DIALOG,
        (
            Step(
                "courier",
                kind=CHOICE,
                ask="supplier-ask-courier",
                ask_args=lambda req, data: {"order": data["order_id"]},
                options=_couriers,
                columns=3,
                hint="supplier-courier-first",
                show_value=lambda req, data: req.t("courier-name", courier=orders.COURIERS[data["courier"]]),
            ),
            Step(
                "number",
                ask="supplier-ask-tracking",
                ask_args=lambda req, data: {"order": data["order_id"]},
                check=_tracking,
            ),
        ),
        _ship,
        title="tracking-dialog",
    )
)


@command("supply")
async def supply_command(req: Request, text: str) -> Reply:
    return await supply(req, 0)


@intent("supply")
async def supply(context: Request, page: int) -> Reply:
    """/supply: the orders of my supplier(s), newest first; for suppliers and admins only."""
    async with context.db.read() as session:
        if not roles.allows(await roles.roles_of(session, member_id=context.member_id or 0), Role.supplier):
            raise Forbidden(Role.supplier)
        found = await order_lists.of_suppliers_page(session, member_id=context.member_id or 0, page=page)
    lines = [context.t("supplier-order-line", **order_summary(context, o, shop=True)) for o in found.items]
    rows = []
    for order in found.items:
        if order.status == "paid":
            rows.append([button(context.t("supplier-ship-button", order=order.id), "ship", order.id)])
        elif order.status == "pending_payment" and order.settlement == Settlement.offline:
            rows.append(
                [button(context.t("supplier-confirm-button", order=order.id), "offline-paid", order.id)]
            )
    if nav := pages(context, found, "supply"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    key = "supplier-orders" if found.total else "supplier-orders-none"
    text = "\n\n".join([context.t(key, count=found.total), *lines])
    return Screen(text, rows)
