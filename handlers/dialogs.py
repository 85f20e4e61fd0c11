"""Routing text (and non-text) to the dialog a member is in; the step itself lives in the store."""

from __future__ import annotations

from telegram import Update

from . import (
    broadcast,
    community,
    contact,
    event_admin,
    exemplars,
    fairs,
    fund,
    nominate,
    nomination_queue,
    order_messages,
    review_dialog,
    steps,
    stories,
    supplier,
    village_products,
)
from .context import Context
from .screens import Screen, button, show

# dialog name → (what to do with text, what to do with anything else)
DIALOGS = {
    contact.DIALOG: (contact.on_text, contact.ask_again),
    supplier.TRACKING_DIALOG: (supplier.on_tracking_text, supplier.ask_tracking_again),
    order_messages.DIALOG: (order_messages.on_text, order_messages.on_other),
    fund.FUND_OUT_DIALOG: (fund.on_fund_out_text, fund.ask_fund_out_again),
    broadcast.DIALOG: (broadcast.on_text, broadcast.on_other),
    review_dialog.DIALOG: (review_dialog.on_text, review_dialog.on_other),
    community.HIDE_DIALOG: (community.on_hide_text, community.ask_hide_again),
    nominate.DIALOG: (nominate.on_text, nominate.on_other),
    nomination_queue.LIST_DIALOG: (nomination_queue.on_list_text, nomination_queue.ask_again),
    nomination_queue.REJECT_DIALOG: (nomination_queue.on_reject_text, nomination_queue.ask_again),
    event_admin.DIALOG: (event_admin.on_text, event_admin.on_other),
    fairs.DIALOG: (fairs.on_text, fairs.on_other),
    stories.DIALOG: (stories.on_text, stories.on_other),
    village_products.DIALOG: (village_products.on_text, village_products.on_other),
    exemplars.DIALOG: (exemplars.on_text, exemplars.on_other),
}


def active(context: Context) -> str | None:
    member = context.member
    return member.dialog if member and member.dialog in DIALOGS else None


async def on_text(update: Update, context: Context, text: str) -> None:
    await DIALOGS[active(context)][0](update, context, text)


async def on_other(update: Update, context: Context) -> None:
    await DIALOGS[active(context)][1](update, context)


async def cancel(update: Update, context: Context) -> None:
    """The cancel button of any dialog: forget the step, change nothing else."""
    await _leave(context)
    await update.callback_query.answer()
    await show(
        update, context, Screen(context.t("dialog-cancelled"), [[button(context.t("nav-menu"), "menu")]])
    )


async def cancel_command(update: Update, context: Context) -> None:
    """/cancel: leave the dialog the member is in, if any; nothing else changes."""
    key = "dialog-cancelled" if context.member and context.member.dialog else "dialog-none"
    await _leave(context)
    await show(update, context, Screen(context.t(key), [[button(context.t("nav-menu"), "menu")]]))


async def leave_on_command(update: Update, context: Context) -> None:
    """Runs before every command: a command leaves the dialog the member was in (choosing a branch
    too), so that what they type next is not taken as its answer; /cancel says so itself.

    Its own small transaction, before the command's: leaving stands even if the command fails.
    """
    if context.member and context.member.dialog and not update.effective_message.text.startswith("/cancel"):
        await _leave(context)


async def _leave(context: Context) -> None:
    if context.member is None or context.member.dialog is None:
        return
    await steps.save(context, None)
