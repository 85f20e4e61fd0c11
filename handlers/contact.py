"""The delivery contact (name → phone → address), asked once before the first order and again with
/address. A dialog on the engine: its step lives in the store, so a restart continues where it was."""

from __future__ import annotations

from telegram import Update

from store import members
from store.errors import OutOfStock

from . import dialog, ordering
from .context import Context
from .dialog import Dialog, Step
from .format import escape
from .reply import Action, Payment, Reply, Screen, parts
from .request import Request
from .screens import button, render, show

FIELDS = ("name", "phone", "address")


def _field(name: str) -> Step:
    return Step(
        name,
        ask="contact-ask",
        check=lambda req, text, data: members.check_contact_field(name, text),
        invalid="contact-invalid",
    )


async def _finish(session, req: Request, data: dict) -> Reply:
    """The contact is kept; the order that waited for it, if one did, is placed (same key: still
    one order) and asked to be paid."""
    await members.set_contact(
        session, member_id=req.member_id, name=data["name"], phone=data["phone"], address=data["address"]
    )
    pending = data.get("pending")
    text = req.t(
        "contact-saved",
        name=escape(data["name"]),
        phone=escape(data["phone"]),
        address=escape(data["address"]),
    )
    if not pending:
        return Screen(text, [[Action(req.t("nav-menu"), "menu")]], new=True)
    saved = Screen(text, new=True)  # the order comes next
    try:
        async with session.begin_nested():  # sold out meanwhile: the contact stays, no order
            order = await ordering.place(session, member_id=req.member_id, config=req.policy, **pending)
    except OutOfStock:
        return [saved, Screen(req.t("order-out-of-stock"), new=True)]
    return [saved, Payment(order)]


DIALOG = dialog.register(Dialog("contact", tuple(_field(f) for f in FIELDS), _finish, title="contact-draft"))


async def begin(update: Update, context: Context, *, pending: dict | None = None) -> None:
    """Start asking for the contact; `pending` is the order to place once it is complete (the
    first order: said so, since the questions would otherwise come out of the blue)."""
    req = Request.of(context)
    intro = [Screen(req.t("contact-intro"), new=True)] if pending and dialog.active(req) is None else []
    asked = await dialog.begin(req, DIALOG, {"pending": pending} if pending else {})
    await render(update, context, [*intro, *parts(asked)])


async def address_command(update: Update, context: Context) -> None:
    """/address: the delivery contact, with a button to change it; asked for if there is none."""
    member = context.member
    if member is None:
        await update.effective_message.reply_text(context.t("order-join-first"))
        return
    if not member.contact_phone:
        await begin(update, context)
        return
    text = context.t(
        "contact-current",
        name=escape(member.contact_name),
        phone=escape(member.contact_phone),
        address=escape(member.contact_address),
    )
    rows = [[button(context.t("contact-change"), "address-edit")], [button(context.t("nav-menu"), "menu")]]
    await show(update, context, Screen(text, rows))


async def change(update: Update, context: Context) -> None:
    """修改收货信息 under /address."""
    await update.callback_query.answer()
    await begin(update, context)
