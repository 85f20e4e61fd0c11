"""The delivery contact dialog (name → phone → address), asked once before the first order and
again with /address. Its step lives in the store, so a restart mid-dialog continues where it was."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from store import members

from . import ordering, steps
from .context import Context
from .format import escape
from .screens import Screen, button, show

DIALOG = "contact"
STEPS = ("name", "phone", "address")


async def begin(update: Update, context: Context, *, pending: dict | None = None) -> None:
    """Start asking for the contact; `pending` is the order to place once it is complete (the
    first order: said so, since the questions would otherwise come out of the blue)."""
    async with context.db.begin() as session:
        await steps.keep(session, context, DIALOG, {"step": "name", "pending": pending})
    if pending:
        await update.effective_message.reply_text(context.t("contact-intro"))
    await steps.ask(update, context, "contact-ask", field=STEPS[0])


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


async def on_text(update: Update, context: Context, text: str) -> None:
    """One answer of the dialog; the last one saves the contact and places the pending order."""
    data = await steps.answer(
        update,
        context,
        text,
        dialog=DIALOG,
        steps=STEPS,
        check=members.check_contact_field,
        ask_key="contact-ask",
        invalid_key="contact-invalid",
    )
    if data is None:
        return
    async with context.db.begin() as session:
        await members.set_contact(
            session,
            member_id=context.member_id,
            name=data["name"],
            phone=data["phone"],
            address=data["address"],
        )
        await steps.keep(session, context, None)
    menu = None if data.get("pending") else InlineKeyboardMarkup([[button(context.t("nav-menu"), "menu")]])
    await update.effective_message.reply_text(
        context.t(
            "contact-saved",
            name=escape(data["name"]),
            phone=escape(data["phone"]),
            address=escape(data["address"]),
        ),
        parse_mode="HTML",
        reply_markup=menu,  # the order, when one waits, comes next
    )
    if data.get("pending"):
        await ordering.place_pending(update, context, data["pending"])


async def ask_again(update: Update, context: Context) -> None:
    await steps.ask_again(update, context, "contact-ask", STEPS[0])
