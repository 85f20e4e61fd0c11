"""A first secretary lists a village product as a draft (name, price, unit, stock, category);
the admins are told and approve drafts with /drafts; the village's secretaries are told once it is
listed. The dialog's step lives in the member's row."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update

from store import catalog, roles
from store import village_products as drafts_store
from store.errors import InvalidInput
from store.models import Role
from store.money import parse_yuan
from store.notices import Action

from . import callbacks, steps
from .catalog import FROM_MENU
from .context import Context
from .format import escape, name, parse_count, yuan
from .notify import tell
from .screens import Screen, button, show

DIALOG = "village_product"
TEXT_STEPS = ("name", "price", "unit", "stock")


async def begin(update: Update, context: Context) -> None:
    """上架村产品: the dialog, for the first secretary of that village."""
    _, (village_id,) = callbacks.parse(update.callback_query.data, "vp-new")
    async with context.db.begin() as session:
        await roles.authorize(
            session, member_id=context.member_id, role=Role.first_secretary, scope_id=village_id
        )
        await steps.keep(session, context, DIALOG, {"step": "name", "village_id": village_id})
    await update.callback_query.answer()
    await steps.ask(update, context, "draft-ask", field="name")


def _check(step: str, text: str) -> object:
    text = text.strip()
    if step == "price":
        try:
            return parse_yuan(text)  # as the nomination queue takes prices: '39.8', '39.8元', '¥68'
        except InvalidInput:
            return None
    if step == "stock":  # 80, ８０, 80袋
        try:
            return parse_count(text, most=100_000)
        except InvalidInput:
            return None
    return text if 1 <= len(text) <= (64 if step == "name" else 32) else None


async def on_text(update: Update, context: Context, text: str) -> None:
    data = dict(context.member.dialog_data or {})
    step = data.get("step", "name")
    if step not in TEXT_STEPS:
        await update.effective_message.reply_text(context.t("dialog-tap-please"))
        await _ask(update, context, step)
        return
    value = _check(step, text)
    if value is None:
        await update.effective_message.reply_text(context.t("event-invalid", field=step))
        await steps.ask(update, context, "draft-ask", field=step)
        return
    data[step] = value
    following = "category" if step == "stock" else TEXT_STEPS[TEXT_STEPS.index(step) + 1]
    data["step"] = following
    async with context.db.begin() as session:
        await steps.keep(session, context, DIALOG, data)
    await _ask(update, context, following)


async def on_other(update: Update, context: Context) -> None:
    """A photo or sticker mid-dialog: the same question again, with its buttons if it has them."""
    step = (context.member.dialog_data or {}).get("step", "name")
    await update.effective_message.reply_text(
        context.t("dialog-text-please" if step in TEXT_STEPS else "dialog-tap-please")
    )
    await _ask(update, context, step)


async def _ask(update: Update, context: Context, step: str) -> None:
    if step in TEXT_STEPS:
        await steps.ask(update, context, "draft-ask", field=step)
        return
    async with context.db.read() as session:
        categories = [c for c, _ in await catalog.categories(session)]
    rows = [[button(name(c, context.locale), "vp-cat", c.id)] for c in categories]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("draft-ask", field="category"), rows))


async def category(update: Update, context: Context) -> None:
    """The last answer: the category; the draft is stored for an admin to approve."""
    _, (category_id,) = callbacks.parse(update.callback_query.data, "vp-cat")
    member = context.member
    data = member.dialog_data or {} if member and member.dialog == DIALOG else {}
    if data.get("step") != "category":
        raise callbacks.BadCallback(update.callback_query.data)
    now = datetime.now(UTC)
    async with context.db.begin() as session:
        data = await steps.finish(session, update, context, DIALOG, "category")
        product = await drafts_store.draft_product(
            session,
            author_id=context.member_id,
            village_id=data["village_id"],
            name=data["name"],
            category_id=category_id,
            price_fen=data["price"],
            unit=data["unit"],
            stock=data["stock"],
        )
        admins = await drafts_store.reviewers(session)
        await tell(
            session,
            [a.id for a in admins],
            "draft-submitted",
            about=f"draft:{product.id}",
            now=now,
            actions=[[Action("drafts-open", "drafts")]],
            name=product.name,
            village=product.village.name,
            price=yuan(product.price_fen),
        )
    await update.callback_query.answer()
    text = context.t("draft-saved", name=escape(product.name), price=yuan(product.price_fen))
    await show(update, context, Screen(text, [[button(context.t("nav-menu"), "menu")]]))


async def drafts(update: Update, context: Context) -> None:
    """/drafts, or the button under "a draft was submitted": the drafts, each opening in full
    to be listed or turned down (admins)."""
    screen = await _drafts_screen(context)
    if update.callback_query:
        await update.callback_query.answer()
    await show(update, context, screen)


async def _drafts_screen(context: Context) -> Screen:
    async with context.db.read() as session:
        found = await drafts_store.drafts(session, admin_id=context.member_id)
    rows = [
        [
            button(
                context.t(
                    "draft-row",
                    name=p.name,
                    village=p.village.name if p.village else "-",
                    price=yuan(p.price_fen),
                ),
                "draft-view",
                p.id,
            )
        ]
        for p in found
    ]
    rows.append([button(context.t("nav-menu"), "menu")])
    return Screen(context.t("drafts-title", count=len(found)), rows)


async def view(update: Update, context: Context) -> None:
    """A draft in full, to list it or turn it down."""
    _, (product_id,) = callbacks.parse(update.callback_query.data, "draft-view")
    async with context.db.read() as session:
        product = await drafts_store.draft(session, product_id=product_id, admin_id=context.member_id)
    text = context.t(
        "draft-detail",
        name=escape(product.name),
        village=escape(product.village.name if product.village else "-"),
        price=yuan(product.price_fen),
        unit=escape(product.unit),
        stock=product.stock,
        category=name(product.category, context.locale),
    )
    rows = [
        [
            button(context.t("draft-approve"), "draft-ok", product.id),
            button(context.t("draft-reject"), "draft-no", product.id),
        ],
        [button(context.t("nav-back"), "drafts")],
    ]
    await update.callback_query.answer()
    await show(update, context, Screen(text, rows))


async def reject(update: Update, context: Context) -> None:
    """退回 a draft: never listed; its village's first secretaries are told (once)."""
    _, (product_id,) = callbacks.parse(update.callback_query.data, "draft-no")
    async with context.db.begin() as session:
        product = await drafts_store.reject(session, product_id=product_id, admin_id=context.member_id)
        if product is None:
            raise callbacks.BadCallback(update.callback_query.data)
        told = await drafts_store.secretaries(session, product=product)
        await tell(
            session,
            [s.id for s in told],
            "draft-rejected-notice",
            about=f"draft:{product.id}",
            now=datetime.now(UTC),
            name=product.name,
        )
    await update.callback_query.answer(context.t("draft-rejected", name=product.name), show_alert=True)
    await show(update, context, await _drafts_screen(context))


async def approve(update: Update, context: Context) -> None:
    """Tap a draft: it is listed, and its village's first secretaries are told (once)."""
    _, (product_id,) = callbacks.parse(update.callback_query.data, "draft-ok")
    async with context.db.begin() as session:
        product, listed_now = await drafts_store.approve(
            session, product_id=product_id, admin_id=context.member_id
        )
        told = await drafts_store.secretaries(session, product=product) if listed_now else []
        await tell(
            session,
            [s.id for s in told],
            "draft-listed",
            about=f"draft:{product.id}",
            now=datetime.now(UTC),
            actions=[[Action("draft-view", "product", (product.id, FROM_MENU, 0, 0))]],
            name=product.name,
        )
    await update.callback_query.answer(context.t("draft-approved", name=product.name), show_alert=True)
    await show(update, context, await _drafts_screen(context))
