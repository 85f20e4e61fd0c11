"""The delivery contact dialog (name → phone → address), asked once before the first order and
again with /address. Its step lives in the store, so a restart mid-dialog continues where it was."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from store import members
from store.errors import InvalidInput

from . import ordering
from .context import Context
from .format import escape
from .screens import button

DIALOG = "contact"
STEPS = ("name", "phone", "address")


async def begin(update: Update, context: Context, *, pending: dict | None = None) -> None:
    """Start asking for the contact; `pending` is the order to place once it is complete."""
    async with context.db.begin() as session:
        await members.set_dialog(
            session, member_id=context.member_id, dialog=DIALOG, data={"step": "name", "pending": pending}
        )
    await _ask(update, context, "name")


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
    """One answer of the dialog: checked, kept, then the next question or the pending order."""
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "name")
    try:
        data[step] = members.check_contact_field(step, text)
    except InvalidInput:
        await update.effective_message.reply_text(context.t("contact-invalid", field=step))
        await _ask(update, context, step)
        return
    following = STEPS.index(step) + 1
    if following < len(STEPS):
        data["step"] = STEPS[following]
        async with context.db.begin() as session:
            await members.set_dialog(session, member_id=context.member_id, dialog=DIALOG, data=data)
        await _ask(update, context, data["step"])
        return
    async with context.db.begin() as session:
        await members.set_contact(
            session,
            member_id=context.member_id,
            name=data["name"],
            phone=data["phone"],
            address=data["address"],
        )
        await members.set_dialog(session, member_id=context.member_id, dialog=None)
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
    """Something other than text arrived mid-dialog: say so and ask the same question again."""
    await update.effective_message.reply_text(context.t("dialog-text-please"))
    await _ask(update, context, (context.member.dialog_data or {}).get("step", "name"))


async def _ask(update: Update, context: Context, step: str) -> None:
    cancel = InlineKeyboardMarkup([[button(context.t("dialog-cancel"), "dialog-cancel")]])
    await context.bot.send_message(
        update.effective_chat.id, context.t("contact-ask", field=step), reply_markup=cancel
    )
