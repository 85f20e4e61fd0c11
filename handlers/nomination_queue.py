"""/nominations: the admins' queue. View a nomination; 批准 (choose its category) creates the
supplier if new and a draft product, then a short dialog takes price, unit and stock and lists it;
驳回 asks a reason. The nominator (and whoever's nomination was merged into it) is told either
way. The store checks the admin role on every step, so a forged button changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from store import catalog, nominations
from store.errors import InvalidInput
from store.models import NominationStatus
from store.money import parse_yuan
from store.notices import Action

from . import callbacks, steps
from .catalog import FROM_MENU
from .context import Context
from .format import escape, name, parse_count, yuan
from .notify import tell
from .screens import Screen, button, pager, show, show_with_photo

LIST_DIALOG = "nomination_list"
REJECT_DIALOG = "nomination_reject"
LIST_STEPS = ("price", "unit", "stock")


async def queue(update: Update, context: Context) -> None:
    """/nominations or its pages: open and approved nominations, oldest first."""
    page = callbacks.parse(update.callback_query.data, "noms")[1][0] if update.callback_query else 0
    async with context.db.read() as session:
        found = await nominations.queue(session, admin_id=context.member_id or 0, page=page)
    rows = [
        [
            button(
                context.t(
                    "queue-button",
                    nomination=n.id,
                    name=escape(n.product_name),
                    county=name(n.county, context.locale),
                    status=n.status.value,
                    supporters=supporters,
                ),
                "nom-view",
                n.id,
            )
        ]
        for n, supporters in found.items
    ]
    if nav := pager(context, found, "noms"):
        rows.append(nav)
    rows.append([button(context.t("nav-menu"), "menu")])
    if update.callback_query:
        await update.callback_query.answer()
    key = "queue-title" if found.total else "queue-empty"
    await show(update, context, Screen(context.t(key, count=found.total), rows))


async def view(update: Update, context: Context) -> None:
    """One nomination with everything the member said, and what can be done with it."""
    _, (nomination_id,) = callbacks.parse(update.callback_query.data, "nom-view")
    async with context.db.read() as session:
        n = await nominations.for_admin(session, admin_id=context.member_id or 0, nomination_id=nomination_id)
    rows = []
    if n.status == NominationStatus.open:
        rows.append([button(context.t("queue-approve"), "nom-approve", n.id, 0)])
    if n.status == NominationStatus.approved:
        rows.append([button(context.t("queue-list"), "nom-list", n.id)])
    if n.status in nominations.PENDING:
        rows.append([button(context.t("queue-reject"), "nom-reject", n.id)])
    rows.append([button(context.t("nav-back"), "noms", 0), button(context.t("nav-menu"), "menu")])
    text = context.t(
        "queue-nomination",
        nomination=n.id,
        name=escape(n.product_name),
        county=name(n.county, context.locale),
        village=escape(n.village_name) or "-",
        supplier=escape(n.supplier_name),
        contact=escape(n.contact),
        reason=escape(n.reason),
        status=n.status.value,
    )
    await update.callback_query.answer()
    await show_with_photo(update, context, Screen(text, rows, photo=n.photo))


async def approve(update: Update, context: Context) -> None:
    """批准: first the category, then the draft is made and price, unit and stock are asked."""
    _, (nomination_id, category_id) = callbacks.parse(update.callback_query.data, "nom-approve")
    if category_id == 0:
        async with context.db.read() as session:
            await nominations.for_admin(session, admin_id=context.member_id or 0, nomination_id=nomination_id)
            options = [c for c, _ in await catalog.categories(session)]
        rows = [[button(name(c, context.locale), "nom-approve", nomination_id, c.id)] for c in options]
        rows.append([button(context.t("nav-back"), "nom-view", nomination_id)])
        await update.callback_query.answer()
        await show(update, context, Screen(context.t("queue-choose-category"), rows))
        return
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        draft = await nominations.approve(
            session,
            admin_id=context.member_id or 0,
            nomination_id=nomination_id,
            category_id=category_id,
            now=now,
        )
        await steps.keep(session, context, LIST_DIALOG, {"step": "price", "nomination": nomination_id})
        told = await nominations.supporters_of(session, nomination_id=nomination_id)
        await tell(
            session,
            [m.id for m in told],
            "nomination-approved",
            about=f"nomination:{nomination_id}",
            now=now,
            name=draft.name,
        )
    await update.callback_query.answer(context.t("queue-approved"))
    await steps.ask(update, context, "queue-ask", field="price")


async def start_listing(update: Update, context: Context) -> None:
    """完成上架 on an approved nomination: the price, unit and stock dialog (again)."""
    _, (nomination_id,) = callbacks.parse(update.callback_query.data, "nom-list")
    async with context.db.begin() as session:
        found = await nominations.for_admin(
            session, admin_id=context.member_id or 0, nomination_id=nomination_id
        )
        if found.status != NominationStatus.approved:
            raise callbacks.BadCallback(update.callback_query.data)
        await steps.keep(session, context, LIST_DIALOG, {"step": "price", "nomination": nomination_id})
    await update.callback_query.answer()
    await steps.ask(update, context, "queue-ask", field="price")


def _check(step: str, value: str) -> object:
    value = value.strip()
    if step == "price":
        return parse_yuan(value)  # InvalidInput unless a positive amount with at most two decimals
    if step == "stock":  # 80, ８０, 80袋
        return parse_count(value, most=1_000_000)
    if not 1 <= len(value) <= 32:
        raise InvalidInput("unit")
    return value


async def on_list_text(update: Update, context: Context, text: str) -> None:
    if (context.member.dialog_data or {}).get("step") == "preview":  # all answered: the buttons decide
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))
        await _preview(update, context, context.member.dialog_data)
        return
    data = await steps.answer(
        update,
        context,
        text,
        dialog=LIST_DIALOG,
        steps=LIST_STEPS,
        check=_check,
        ask_key="queue-ask",
        invalid_key="queue-invalid",
    )
    if data is None:
        return
    await steps.save(context, LIST_DIALOG, {**data, "step": "preview"})
    await _preview(update, context, data)


async def _preview(update: Update, context: Context, data: dict) -> None:
    """What will be listed, with ✅ 确认上架 and 取消."""
    async with context.db.read() as session:
        nomination = await nominations.for_admin(
            session, admin_id=context.member_id, nomination_id=data["nomination"]
        )
    text = context.t(
        "queue-list-preview",
        name=escape(nomination.product_name),
        price=yuan(data["price"]),
        unit=escape(data["unit"]),
        stock=data["stock"],
    )
    rows = [[button(context.t("queue-list-go"), "nom-list-ok", nomination.id)], steps.cancel_row(context)]
    await show(update, context, Screen(text, rows))


async def confirm_listing(update: Update, context: Context) -> None:
    """确认上架 under the preview: the product goes on sale, once, and its supporters are told."""
    _, (nomination_id,) = callbacks.parse(update.callback_query.data, "nom-list-ok")
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        await nominations.for_admin(session, admin_id=context.member_id or 0, nomination_id=nomination_id)
        data = await steps.finish(session, update, context, LIST_DIALOG, "preview")
        if data["nomination"] != nomination_id:
            raise callbacks.BadCallback(update.callback_query.data)
        product = await nominations.list_product(
            session,
            admin_id=context.member_id,
            nomination_id=data["nomination"],
            price_fen=data["price"],
            unit=data["unit"],
            stock=data["stock"],
            now=now,
            points=context.config.points_per_listed_nomination,
        )
        nomination = await nominations.for_admin(
            session, admin_id=context.member_id, nomination_id=data["nomination"]
        )
        told = await nominations.supporters_of(session, nomination_id=nomination.id)
        open_card = [[Action("nominate-open-listed", "product", (product.id, FROM_MENU, 0, 0))]]
        for member in told:
            points = context.config.points_per_listed_nomination if member.id == nomination.member_id else 0
            await tell(
                session,
                [member.id],
                "nomination-listed",
                about=f"nomination:{nomination.id}",
                now=now,
                actions=open_card,
                name=product.name,
                points=points,
            )
    await update.callback_query.answer()
    card = button(context.t("nominate-open-listed"), "product", product.id, FROM_MENU, 0, 0)
    await update.effective_message.reply_text(
        context.t("queue-listed", name=escape(product.name)), reply_markup=InlineKeyboardMarkup([[card]])
    )


async def start_reject(update: Update, context: Context) -> None:
    """驳回: ask the reason (it is sent to the nominator)."""
    _, (nomination_id,) = callbacks.parse(update.callback_query.data, "nom-reject")
    async with context.db.begin() as session:
        found = await nominations.for_admin(
            session, admin_id=context.member_id or 0, nomination_id=nomination_id
        )
        if found.status not in nominations.PENDING:
            raise callbacks.BadCallback(update.callback_query.data)
        await steps.keep(session, context, REJECT_DIALOG, {"nomination": nomination_id})
    await update.callback_query.answer()
    await steps.ask(update, context, "queue-ask-reason", nomination=nomination_id)


async def on_reject_text(update: Update, context: Context, text: str) -> None:
    nomination_id = (context.member.dialog_data or {}).get("nomination", 0)
    if len(text) > nominations.REASON_LIMIT:
        await update.effective_message.reply_text(
            context.t("reason-too-long", limit=nominations.REASON_LIMIT)
        )
        await steps.ask(update, context, "queue-ask-reason", nomination=nomination_id)
        return
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        rejected = await nominations.reject(
            session, admin_id=context.member_id, nomination_id=nomination_id, reason=text, now=now
        )
        await steps.keep(session, context, None)
        told = await nominations.supporters_of(session, nomination_id=nomination_id)
        await tell(
            session,
            [m.id for m in told],
            "nomination-rejected",
            about=f"nomination:{nomination_id}",
            now=now,
            name=rejected.product_name,
            reason=rejected.reject_reason,
        )
    await update.effective_message.reply_text(context.t("queue-rejected", nomination=nomination_id))


async def ask_again(update: Update, context: Context) -> None:
    """Something other than text in the listing or rejection dialog."""
    data = context.member.dialog_data or {}
    if data.get("step") == "preview":
        await update.effective_message.reply_text(context.t("broadcast-use-buttons"))
        await _preview(update, context, data)
        return
    await update.effective_message.reply_text(context.t("dialog-text-please"))
    if context.member.dialog == LIST_DIALOG:
        await steps.ask(update, context, "queue-ask", field=data.get("step", "price"))
    else:
        await steps.ask(update, context, "queue-ask-reason", nomination=data.get("nomination", 0))
