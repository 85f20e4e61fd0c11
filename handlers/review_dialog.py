"""Rating a received order line: stars (buttons) → a few words or 跳过 → a photo or 跳过.

Offered on the order page of a received order and in a message when the member confirms receipt.
The step and the answers so far live in the member's row; the store checks again, on saving,
that the line is theirs and received and not reviewed yet (or still editable).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from store import ledger, members, orders, reviews
from store.errors import DomainError, ReviewEditClosed
from store.models import Order, OrderStatus, PointsReason

from . import callbacks, steps
from .context import Context
from .format import escape, name
from .screens import Screen, button, show

DIALOG = "review"
log = logging.getLogger(__name__)


def order_rows(context: Context, order: Order, reviewed: dict) -> list[list]:
    """评价 (or 修改评价 while it may be changed) for each line of a received order."""
    if order.status != OrderStatus.received:
        return []
    now, rows = datetime.now(UTC), []
    for line in order.lines:
        review = reviewed.get(line.id)
        if review is None or reviews.editable(review, now):
            key = "review-write" if review is None else "review-change"
            rows.append(
                [button(context.t(key, name=name(line.product, context.locale)), "rv-start", line.id)]
            )
    return rows


async def invite(update: Update, context: Context, order: Order) -> None:
    """After the member confirms receipt: a message asking them to rate what they bought."""
    if rows := order_rows(context, order, {}):
        await context.bot.send_message(
            update.effective_chat.id,
            context.t("review-invite", order=order.id),
            reply_markup=InlineKeyboardMarkup(rows),
        )


async def invite_to_review(context: Context, order_ids: list[int]) -> None:
    """The same invitation for orders the auto-receive job confirmed, each in its buyer's language."""
    async with context.db.read() as session:
        received = [await orders.get(session, order_id=order_id) for order_id in order_ids]
        buyers = {o.id: await members.get(session, member_id=o.member_id) for o in received}
    for order in received:
        buyer = buyers[order.id]
        context.locale = buyer.locale or context.bot_data.translator.default_locale
        rows = order_rows(context, order, {})
        if not rows or buyer.telegram_user_id is None:
            continue
        try:
            await context.bot.send_message(
                buyer.telegram_user_id,
                context.t("review-invite", order=order.id),
                reply_markup=InlineKeyboardMarkup(rows),
            )
        except TelegramError as error:  # blocked, or gone: the order page still offers 评价
            log.info("could not invite member %s to review: %s", buyer.id, error)


async def start(update: Update, context: Context) -> None:
    """评价 on an order line: checked, then the stars."""
    _, (line_id,) = callbacks.parse(update.callback_query.data, "rv-start")
    async with context.db.begin() as session:
        line = await reviews.reviewable_line(session, member_id=context.member_id or 0, order_line_id=line_id)
        existing = (await reviews.of_order(session, order_id=line.order_id)).get(line.id)
        if existing and not reviews.editable(existing, datetime.now(UTC)):
            raise ReviewEditClosed(existing.id)
        label = name(line.product, context.locale)
        data = {"step": "stars", "line": line.id, "review": existing.id if existing else 0, "name": label}
        if existing:  # a change keeps what is not given again
            data |= {"text": existing.text, "photo": existing.photo}
        await steps.keep(session, context, DIALOG, data)
    await update.callback_query.answer()
    await _ask_stars(update, context, label)


async def _ask_stars(update: Update, context: Context, label: str) -> None:
    rows = [[button("⭐" * n, "rv-stars", n)] for n in range(5, 0, -1)]
    rows.append(steps.cancel_row(context))
    await show(update, context, Screen(context.t("review-ask-stars", name=label), rows))


async def stars(update: Update, context: Context) -> None:
    """A star button; anything but the stars step (or a forged number) is a stale button."""
    _, (count,) = callbacks.parse(update.callback_query.data, "rv-stars")
    data = _data(context)
    if data is None or data.get("step") != "stars" or not 1 <= count <= 5:
        raise callbacks.BadCallback(update.callback_query.data)
    await _save(context, data, step="text", stars=count)
    await update.callback_query.answer("⭐" * count)
    await _ask(update, context, "text", data)


async def skip(update: Update, context: Context) -> None:
    """跳过: no text, or no photo (which saves the review); on a change, 保留原来的 keeps them."""
    data = _data(context)
    if data is None or data.get("step") not in ("text", "photo"):
        raise callbacks.BadCallback(update.callback_query.data)
    await update.callback_query.answer()
    if data["step"] == "text":
        data = {**data, "text": data.get("text", "")}
        await _save(context, data, step="photo")
        await _ask(update, context, "photo", data)
    else:
        await _finish(update, context, {**data, "photo": data.get("photo", "")})


async def on_text(update: Update, context: Context, text: str) -> None:
    data = _data(context)
    step = data.get("step")
    if step == "text":
        if len(text) > reviews.TEXT_LIMIT:
            await update.effective_message.reply_text(
                context.t("review-too-long", limit=reviews.TEXT_LIMIT, length=len(text))
            )
            await _ask(update, context, "text", data)
            return
        await _save(context, data, step="photo", text=text)
        await _ask(update, context, "photo", data)
    elif step == "photo":
        await update.effective_message.reply_text(context.t("review-photo-please"))
        await _ask(update, context, "photo", data)
    else:
        await update.effective_message.reply_text(context.t("review-stars-please"))
        await _ask_stars(update, context, data.get("name", ""))


async def on_other(update: Update, context: Context) -> None:
    """A photo at the photo step saves the review; anything else asks the step again."""
    data = _data(context)
    message = update.effective_message
    if data.get("step") == "photo" and message.photo:
        await _finish(update, context, {**data, "photo": message.photo[-1].file_id})
        return
    if data.get("step") == "photo":
        await message.reply_text(context.t("review-photo-please"))
        await _ask(update, context, "photo", data)
    elif data.get("step") == "text":
        await message.reply_text(context.t("dialog-text-please"))
        await _ask(update, context, "text", data)
    else:
        await message.reply_text(context.t("review-stars-please"))
        await _ask_stars(update, context, data.get("name", ""))


async def _finish(update: Update, context: Context, data: dict) -> None:
    now = datetime.now(UTC)
    zone = ZoneInfo(context.config.timezone)
    day_start = datetime.combine(now.astimezone(zone).date(), time(), zone).astimezone(UTC)
    points = 0
    try:
        async with context.db.begin() as session:
            if data.get("review"):
                review = await reviews.edit(
                    session,
                    member_id=context.member_id,
                    review_id=data["review"],
                    stars=data["stars"],
                    text=data.get("text", ""),
                    photo=data["photo"],
                    now=now,
                )
            else:
                review = await reviews.submit(
                    session,
                    member_id=context.member_id,
                    order_line_id=data["line"],
                    stars=data["stars"],
                    text=data.get("text", ""),
                    photo=data["photo"],
                    now=now,
                    points=context.config.points_per_review,
                    daily_cap=context.config.review_points_daily_cap,
                    day_start=day_start,
                )
                points = await ledger.points_of(
                    session,
                    member_id=context.member_id,
                    reason=PointsReason.review,
                    source=f"review:{review.id}",
                )
            await steps.keep(session, context, None)
    except DomainError:  # reviewed meanwhile, or no longer reviewable: the dialog ends
        async with context.db.begin() as session:
            await steps.keep(session, context, None)
        raise
    key = "review-saved-points" if points else "review-saved"
    rows = [[button(context.t("nav-menu"), "menu")]]
    await context.bot.send_message(
        update.effective_chat.id,
        context.t(key, stars="⭐" * review.stars, points=points, text=escape(review.text)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _ask(update: Update, context: Context, step: str, data: dict) -> None:
    change = bool(data.get("review"))  # then 跳过 keeps what the review had
    skip = button(context.t("review-keep" if change else "review-skip"), "rv-skip")
    rows = [[skip, button(context.t("dialog-cancel"), "dialog-cancel")]]
    key = f"review-ask-{step}{'-change' if change else ''}"
    await context.bot.send_message(
        update.effective_chat.id,
        context.t(key, limit=reviews.TEXT_LIMIT, text=data.get("text") or "-"),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _data(context: Context) -> dict | None:
    member = context.member
    return dict(member.dialog_data or {}) if member and member.dialog == DIALOG else None


async def _save(context: Context, data: dict, **changes: object) -> None:
    data = {**data, **changes}
    await steps.save(context, DIALOG, data)
