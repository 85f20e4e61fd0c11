"""The delivery contact dialog (name → phone → address), asked once before the first order and
again with /address. Its step lives in the store, so a restart mid-dialog continues where it was."""

from __future__ import annotations

from telegram import Update

from store import members

from . import ordering, steps
from .context import Context
from .format import escape

DIALOG = "contact"
STEPS = ("name", "phone", "address")


async def begin(update: Update, context: Context, *, pending: dict | None = None) -> None:
    """Start asking for the contact; `pending` is the order to place once it is complete."""
    async with context.db.begin() as session:
        await steps.keep(session, context, DIALOG, {"step": "name", "pending": pending})
    await steps.ask(update, context, "contact-ask", field=STEPS[0])


async def address_command(update: Update, context: Context) -> None:
    """/address: show the delivery contact and enter a new one."""
    member = context.member
    if member is None:
        await update.effective_message.reply_text(context.t("order-join-first"))
        return
    if member.contact_phone:
        await update.effective_message.reply_text(
            context.t(
                "contact-current",
                name=escape(member.contact_name),
                phone=escape(member.contact_phone),
                address=escape(member.contact_address),
            ),
            parse_mode="HTML",
        )
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
    await update.effective_message.reply_text(
        context.t(
            "contact-saved",
            name=escape(data["name"]),
            phone=escape(data["phone"]),
            address=escape(data["address"]),
        ),
        parse_mode="HTML",
    )
    if data.get("pending"):
        await ordering.place_pending(update, context, data["pending"])


async def ask_again(update: Update, context: Context) -> None:
    await steps.ask_again(update, context, "contact-ask", STEPS[0])
