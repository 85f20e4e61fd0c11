"""Rating a received order line: stars (buttons) → a few words or 跳过 → a photo or 跳过.

Offered on the order page of a received order and in a message when the member confirms receipt.
The step and the answers so far live in the member's row; the store checks again, on saving,
that the line is theirs and received and not reviewed yet (or still editable).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from store import ledger, reviews
from store.errors import DomainError, ReviewEditClosed
from store.ledger_models import PointsReason
from store.models import Order, OrderStatus
from store.notices import Button

from . import dialog
from .dialog_spec import CHOICE, PHOTO, Dialog, Option, Refusal, Step
from .format import escape, name
from .notify import tell
from .registry import intent
from .reply import Action, Reply, Screen, button
from .request import Request

DIALOG = "review"


def order_rows(context: Request, order: Order, reviewed: dict) -> list[list]:
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


def invitation(req: Request, order: Order) -> list[Screen]:
    """After the member confirms receipt: a message asking them to rate what they bought."""
    if rows := order_rows(req, order, {}):
        return [Screen(req.t("review-invite", order=order.id), rows, new=True)]
    return []


async def invite_to_review(session, received: list[Order], *, now: datetime) -> None:
    """The same invitation for orders the auto-receive job confirmed, as each buyer's notice, in
    the transaction that confirmed them (the order page still offers 评价 if it never arrives)."""
    for order in received:
        line = order.lines[0]  # an order is of one product (store.orders.place)
        await tell(
            session,
            [order.member_id],
            "review-invite",
            about=f"order:{order.id}",
            now=now,
            actions=[[Button("review-write", "rv-start", (line.id,))]],
            order_id=order.id,
            product_id=line.product_id,
        )


@intent("rv-start")
async def start(context: Request, line_id: int) -> Reply:
    """评价 on an order line: checked, then the stars (a change keeps what is not given again)."""
    async with context.db.read() as session:
        line = await reviews.reviewable_line(session, member_id=context.member_id or 0, order_line_id=line_id)
        existing = (await reviews.of_order(session, order_id=line.order_id)).get(line.id)
        if existing and not reviews.editable(existing, context.now):
            raise ReviewEditClosed(existing.id)
        label = name(line.product, context.locale)
    data = {"line": line.id, "review": existing.id if existing else 0, "name": label}
    if existing:
        data |= {"text": existing.text, "photo": existing.photo}
    return await dialog.begin(context, REVIEW, data)


async def _stars(req: Request, data: dict) -> list[Option]:
    return [Option("⭐" * n, n) for n in range(5, 0, -1)]


def _words(req: Request, text: str, data: dict) -> str:
    if len(text) > reviews.TEXT_LIMIT:
        raise Refusal("review-too-long", limit=reviews.TEXT_LIMIT, length=len(text))
    return text


async def _save_review(session, req: Request, data: dict) -> Reply:
    """The review (or its change), kept; a line reviewed meanwhile, or no longer reviewable, ends
    the dialog with the reason."""
    zone = ZoneInfo(req.policy.timezone)
    day_start = datetime.combine(req.now.astimezone(zone).date(), time(), zone).astimezone(UTC)
    points = 0
    try:
        async with session.begin_nested():
            if data.get("review"):
                review = await reviews.edit(
                    session,
                    member_id=req.member_id,
                    review_id=data["review"],
                    stars=data["stars"],
                    text=data.get("text", ""),
                    photo=data.get("photo", ""),
                    now=req.now,
                )
            else:
                review = await reviews.submit(
                    session,
                    member_id=req.member_id,
                    order_line_id=data["line"],
                    stars=data["stars"],
                    text=data.get("text", ""),
                    photo=data.get("photo", ""),
                    now=req.now,
                    points=req.policy.points_per_review,
                    daily_cap=req.policy.review_points_daily_cap,
                    day_start=day_start,
                )
                points = await ledger.points_of(
                    session, member_id=req.member_id, reason=PointsReason.review, source=f"review:{review.id}"
                )
    except DomainError as refused:
        return Screen(req.t(f"error-{refused.code}"), [[Action(req.t("nav-menu"), "menu")]])
    key = "review-saved-points" if points else "review-saved"
    text = req.t(key, stars="⭐" * review.stars, points=points, text=escape(review.text))
    return Screen(text, [[Action(req.t("nav-menu"), "menu")]])


REVIEW = dialog.register(
    Dialog(
        DIALOG,
        (
            Step(
                "stars",
                kind=CHOICE,
                ask="review-ask-stars",
                ask_args=lambda req, data: {"name": data["name"]},
                options=_stars,
                hint="review-stars-please",
                show_value=lambda req, data: "⭐" * data["stars"],
            ),
            Step(
                "text",
                ask="review-ask-text",
                ask_args=lambda req, data: {"limit": reviews.TEXT_LIMIT},
                check=_words,
                optional=True,
                current="review-current",
                keep="review-keep",
                skip="review-skip",
            ),
            Step(
                "photo",
                kind=PHOTO,
                ask="review-ask-photo",
                optional=True,
                keep="review-keep",
                skip="review-skip",
                hint="review-photo-please",
            ),
        ),
        _save_review,
        title="review-draft",
    )
)
