"""The delivery contact (name → phone → address), asked once before the first order and again with
/address. A dialog on the engine: its step lives in the store, so a restart continues where it was."""

from __future__ import annotations

from store import members
from store.errors import OutOfStock

from . import dialog, purchase
from .dialog_spec import Dialog, Step
from .format import escape
from .registry import command, intent
from .reply import Action, Reply, Screen, button, parts
from .request import Request

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
            order = await purchase.place(session, member_id=req.member_id, policy=req.policy, **pending)
    except OutOfStock:
        return [saved, Screen(req.t("order-out-of-stock"), new=True)]
    return [saved, *parts(purchase.placed(req, order))]


DIALOG = dialog.register(Dialog("contact", tuple(_field(f) for f in FIELDS), _finish, title="contact-draft"))


async def begin(req: Request, *, pending: dict | None = None) -> Reply:
    """Start asking for the contact; `pending` is the order to place once it is complete (the
    first order: said so, since the questions would otherwise come out of the blue)."""
    intro = [Screen(req.t("contact-intro"), new=True)] if pending and dialog.active(req) is None else []
    asked = await dialog.begin(req, DIALOG, {"pending": pending} if pending else {})
    return [*intro, *parts(asked)]


@command("address")
async def address_command(context: Request, text: str) -> Reply:
    """/address: the delivery contact, with a button to change it; asked for if there is none."""
    member = context.member
    if member is None:
        return Screen(context.t("order-join-first"))
    if not member.contact_phone:
        return await begin(context)
    text = context.t(
        "contact-current",
        name=escape(member.contact_name),
        phone=escape(member.contact_phone),
        address=escape(member.contact_address),
    )
    rows = [[button(context.t("contact-change"), "address-edit")], [button(context.t("nav-menu"), "menu")]]
    return Screen(text, rows)


@intent("address-edit")
async def change(req: Request) -> Reply:
    """修改收货信息 under /address."""
    return await begin(req)
