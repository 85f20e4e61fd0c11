"""Community on the product card: recommend (重点推荐), its reviews page, an admin hiding a review;
and the catalog sorted by the ranking: 好品推荐 and a county's page."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from telegram import Update

from store import catalog, recommendations, reviews, roles
from store.errors import NotFound
from store.models import Role, utc

from . import callbacks, dialog
from .catalog import FROM_COUNTY_RANKED, FROM_RANKED, LAST_ORIGIN, _product_list, card
from .context import Context
from .dialog import PREVIEW, Dialog, Step, reason_check
from .format import escape, name
from .reply import Action, Reply
from .request import Request
from .screens import Screen, button, render, show, show_with_photo

HIDE_DIALOG = "review_hide"


async def recommend(update: Update, context: Context) -> None:
    """推荐 / 取消推荐 on a card: the state asked for, then the card again."""
    _, (product_id, on, *origin) = callbacks.parse(update.callback_query.data, "rec")
    if on > 1 or origin[0] > LAST_ORIGIN or context.member_id is None:
        raise callbacks.BadCallback(update.callback_query.data)
    async with context.db.begin() as session:
        now_on = await recommendations.set_recommended(
            session, member_id=context.member_id, product_id=product_id, on=bool(on), now=datetime.now(UTC)
        )
        product = await catalog.product(session, product_id=product_id)
    await update.callback_query.answer(context.t("recommend-on" if now_on else "recommend-off"))
    await show_with_photo(update, context, card(context, product, 1, tuple(origin), recommended=now_on))


async def reviews_page(update: Update, context: Context) -> None:
    """A product's latest visible reviews, a page at a time; back to its card."""
    _, (product_id, page, *origin) = callbacks.parse(update.callback_query.data, "rvs")
    if origin[0] > LAST_ORIGIN:
        raise callbacks.BadCallback(update.callback_query.data)
    async with context.db.read() as session:
        product = await catalog.product(session, product_id=product_id)
        found = await reviews.page(session, product_id=product_id, page=page)
        grants = await roles.roles_of(session, member_id=context.member_id) if context.member else []
    zone = ZoneInfo(context.config.timezone)
    lines = [
        context.t(
            "review-line",
            stars="⭐" * r.stars,
            author=escape(_initial(r.member.display_name)),
            date=utc(r.created_at).astimezone(zone).strftime("%Y-%m-%d"),
            text=escape(r.text) or "-",
            photo=context.t("review-line-photo", review=r.id) if r.photo else "",
        )
        for r in found.items
    ]
    key = "reviews-title" if found.total else "reviews-none"
    head = context.t(
        key, name=name(product, context.locale), count=found.total, page=found.page + 1, pages=found.pages
    )
    rows = [
        [button(context.t("review-photo", review=r.id), "rv-photo", r.id)] for r in found.items if r.photo
    ]
    if roles.allows(grants, Role.admin):
        rows += [[button(context.t("review-hide", review=r.id), "rv-hide", r.id)] for r in found.items]
    nav = []  # the page comes before the card's origin here, so not `pager`
    if found.has_prev:
        nav.append(button(context.t("nav-prev"), "rvs", product_id, found.page - 1, *origin))
    if found.has_next:
        nav.append(button(context.t("nav-next"), "rvs", product_id, found.page + 1, *origin))
    if nav:
        rows.append(nav)
    rows.append(
        [button(context.t("nav-back"), "product", product_id, *origin), button(context.t("nav-menu"), "menu")]
    )
    await update.callback_query.answer()
    await show(update, context, Screen("\n\n".join([head, *lines]), rows))


async def photo_of(req: Request, *, review_id: int) -> Reply:
    """A review's photo, below its page, with what the review says; none of a hidden review."""
    async with req.db.read() as session:
        review = await reviews.shown(session, review_id=review_id)
        product = await catalog.product(session, product_id=review.product_id)
    if not review.photo:
        raise NotFound("photo", review_id)
    text = req.t(
        "review-photo-caption",
        review=review.id,
        name=name(product, req.locale),
        stars="⭐" * review.stars,
        author=escape(_initial(review.member.display_name)),
        date=utc(review.created_at).astimezone(ZoneInfo(req.policy.timezone)).strftime("%Y-%m-%d"),
        text=escape(review.text) or "-",
    )
    return Screen(text, photo=review.photo, new=True)


async def review_photo(update: Update, context: Context) -> None:
    """📷 under a review on a product's reviews page."""
    _, (review_id,) = callbacks.parse(update.callback_query.data, "rv-photo")
    await render(update, context, await photo_of(Request.of(context), review_id=review_id))


async def ranked(update: Update, context: Context) -> None:
    """好品推荐: the whole catalog by the ranking (the formula is in the README)."""
    _, (page,) = callbacks.parse(update.callback_query.data, "ranked")
    async with context.db.read() as session:
        products = await catalog.products_page(session, page=page, ranked=True)
    screen = _product_list(context, context.t("ranked-title"), products, FROM_RANKED, 0, "ranked")
    screen.text += "\n" + context.t("ranked-explain")
    await update.callback_query.answer()
    await show(update, context, screen)


async def county_ranked(update: Update, context: Context) -> None:
    """A county's products by the ranking, with a way back to best sellers first."""
    _, (county_id, page) = callbacks.parse(update.callback_query.data, "county-rank")
    async with context.db.read() as session:
        county = await catalog.county(session, county_id=county_id)
        products = await catalog.products_page(session, county_id=county_id, page=page, ranked=True)
    title = context.t("county-ranked-title", county=name(county, context.locale))
    screen = _product_list(
        context, title, products, FROM_COUNTY_RANKED, county_id, "county-rank", county_id, back="counties"
    )
    screen.rows.insert(-1, [button(context.t("sort-by-sales"), "county", county_id, 0)])
    await update.callback_query.answer()
    await show(update, context, screen)


async def _hide(session, req: Request, data: dict) -> Reply:
    await reviews.hide(
        session, admin_id=req.member_id, review_id=data["review"], reason=data["reason"], now=req.now
    )
    return Screen(req.t("review-hidden", review=data["review"]), [[Action(req.t("nav-menu"), "menu")]])


async def _hide_preview(req: Request, data: dict) -> str:
    return req.t("review-hide-preview", review=data["review"], reason=escape(data["reason"]))


HIDE = dialog.register(
    Dialog(
        HIDE_DIALOG,
        (
            Step(
                "reason",
                ask="review-hide-ask",
                ask_args=lambda req, data: {"review": data["review"]},
                check=reason_check(reviews.REASON_LIMIT),
            ),
            Step("preview", kind=PREVIEW, preview=_hide_preview, confirm="review-hide-confirm"),
        ),
        _hide,
        title="review-hide-draft",
    )
)


async def start_hide(update: Update, context: Context) -> None:
    """隐藏 under a review (admins): the reason, then a confirmation; the step is kept in the store."""
    _, (review_id,) = callbacks.parse(update.callback_query.data, "rv-hide")
    async with context.db.read() as session:
        await roles.authorize(session, member_id=context.member_id, role=Role.admin)
    await render(update, context, await dialog.begin(Request.of(context), HIDE, {"review": review_id}))


def _initial(display_name: str) -> str:
    """Reviews show a first character and a mask, not a member's full name."""
    return (display_name[:1] or "党") + "**"
