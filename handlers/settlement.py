"""/settle: an admin marks an order paid whose money came outside the chat (a bank transfer, cash at
a fair), saying how. While the shop takes payments in the chat nobody else can mark an order paid:
the store refuses `confirm_offline` for an order that awaits its online payment."""

from __future__ import annotations

from store import orders, roles, settlement
from store.models import OrderStatus, Role

from . import dialog
from .dialog_question import draft_waiting
from .dialogs import take
from .format import escape, number
from .notify import order_summary
from .purchase import tell_paid
from .registry import Stale, command, intent
from .reply import Alert, Reply, Screen, button
from .request import Request

DIALOG = "settle"


@command("settle")
async def ask(req: Request, text: str) -> Reply:
    """/settle ORDER_ID HOW: the order and the note, to confirm."""
    words = text.split()
    order_id = number(words[0]) if words else None
    note = " ".join(words[1:]).strip()
    if order_id is None or not note:
        return Screen(req.t("settle-usage"))
    if len(note) > settlement.SETTLEMENT_NOTE_LIMIT:
        return Screen(req.t("settle-note-too-long", limit=settlement.SETTLEMENT_NOTE_LIMIT))
    if (waiting := dialog.active(req)) is not None:  # its confirmation would take the draft's place
        return draft_waiting(req, waiting)
    async with dialog.step_transaction(req) as session:
        await roles.authorize(session, member_id=req.member_id, role=Role.admin)
        order = await orders.get(session, order_id=order_id)
        if order.status == OrderStatus.pending_payment:
            await dialog.keep(req, DIALOG, {"step": "confirm", "order": order.id, "note": note})
    summary = order_summary(req, order)
    menu = [button(req.t("nav-menu"), "menu")]
    if order.status != OrderStatus.pending_payment:
        return Screen(req.t("settle-not-pending", **summary), [menu])
    confirm = [button(req.t("settle-confirm-button"), "settle-ok", order.id)]
    cancel = [button(req.t("dialog-cancel"), "dialog-cancel")]
    return Screen(req.t("settle-confirm", note=escape(note), **summary), [confirm, cancel])


@intent("settle-ok")
async def settle(req: Request, order_id: int) -> Reply:
    """✅ 确认已收款: the order is paid, as the admin said; the buyer gets the receipt."""
    async with req.db.begin() as session:
        data = await take(req, session, DIALOG, "confirm")
        if data.get("order") != order_id:
            raise Stale("settle-ok")
        order = await settlement.settle_by_admin(
            session,
            order_id=order_id,
            admin_id=req.member_id,
            note=data["note"],
            now=req.now,
            points_per_yuan=req.policy.points_per_yuan,
        )
        await tell_paid(session, req, order, now=req.now)
    text = req.t("settle-done", note=escape(order.settlement_note), **order_summary(req, order))
    return [Alert(req.t("settle-done-alert")), Screen(text, [[button(req.t("nav-menu"), "menu")]])]
