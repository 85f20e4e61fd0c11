"""Community on the product card: recommend (重点推荐), its reviews page, an admin hiding a review;
and the catalog sorted by the ranking: 好品推荐 and a county's page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from store import catalog, recommendations, reviews, roles
from store.errors import NotFound
from store.models import Role, utc

from . import dialog
from .catalog import FROM_COUNTY_RANKED, FROM_RANKED, LAST_ORIGIN, card, product_list
from .dialog_spec import PREVIEW, Dialog, Step, reason_check
from .format import escape, name
from .registry import Stale, intent
from .reply import Action, Alert, Reply, Screen
from .request import Request

HIDE_DIALOG = "review_hide"


@intent("rec")
async def recommend(
    req: Request, product_id: int, on: int, origin: int, origin_id: int, origin_page: int
) -> Reply:
    """推荐 / 取消推荐 on a card: the state asked for, then the card again."""
    if on > 1 or origin > LAST_ORIGIN or req.member_id is None:
        raise Stale("rec")
    async with req.db.begin() as session:
        now_on = await recommendations.set_recommended(
            session, member_id=req.member_id, product_id=product_id, on=bool(on), now=req.now
        )
        product = await catalog.product(session, product_id=product_id)
    screen = card(req, product, 1, (origin, origin_id, origin_page), recommended=now_on)
    return [Alert(req.t("recommend-on" if now_on else "recommend-off")), screen]


@intent("rvs")
async def reviews_page(
    req: Request, product_id: int, page: int, origin: int, origin_id: int, origin_page: int
) -> Reply:
    """A product's latest visible reviews, a page at a time; back to its card."""
    if origin > LAST_ORIGIN:
        raise Stale("rvs")
    back = (origin, origin_id, origin_page)
    async with req.db.read() as session:
        product = await catalog.product(session, product_id=product_id)
        found = await reviews.page(session, product_id=product_id, page=page)
        grants = await roles.roles_of(session, member_id=req.member_id) if req.member else []
    zone = ZoneInfo(req.policy.timezone)
    lines = [
        req.t(
            "review-line",
            stars="⭐" * r.stars,
            author=escape(_initial(r.member.display_name)),
            date=utc(r.created_at).astimezone(zone).strftime("%Y-%m-%d"),
            text=escape(r.text) or "-",
            photo=req.t("review-line-photo", review=r.id) if r.photo else "",
        )
        for r in found.items
    ]
    key = "reviews-title" if found.total else "reviews-none"
    head = req.t(
        key, name=name(product, req.locale), count=found.total, page=found.page + 1, pages=found.pages
    )
    rows = [[Action(req.t("review-photo", review=r.id), "rv-photo", (r.id,))] for r in found.items if r.photo]
    if roles.allows(grants, Role.admin):
        rows += [[Action(req.t("review-hide", review=r.id), "rv-hide", (r.id,))] for r in found.items]
    nav = []  # the page comes before the card's origin here, so not `pages`
    if found.has_prev:
        nav.append(Action(req.t("nav-prev"), "rvs", (product_id, found.page - 1, *back)))
    if found.has_next:
        nav.append(Action(req.t("nav-next"), "rvs", (product_id, found.page + 1, *back)))
    if nav:
        rows.append(nav)
    rows.append(
        [Action(req.t("nav-back"), "product", (product_id, *back)), Action(req.t("nav-menu"), "menu")]
    )
    return Screen("\n\n".join([head, *lines]), rows)


@intent("rv-photo")
async def review_photo(req: Request, review_id: int) -> Reply:
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


@intent("ranked")
async def ranked(req: Request, page: int) -> Reply:
    """好品推荐: the whole catalog by the ranking (the formula is in the README)."""
    async with req.db.read() as session:
        products = await catalog.products_page(session, page=page, ranked=True)
    screen = product_list(req, req.t("ranked-title"), products, FROM_RANKED, 0, "ranked")
    screen.text += "\n" + req.t("ranked-explain")
    return screen


@intent("county-rank")
async def county_ranked(req: Request, county_id: int, page: int) -> Reply:
    """A county's products by the ranking, with a way back to best sellers first."""
    async with req.db.read() as session:
        county = await catalog.county(session, county_id=county_id)
        products = await catalog.products_page(session, county_id=county_id, page=page, ranked=True)
    title = req.t("county-ranked-title", county=name(county, req.locale))
    screen = product_list(
        req, title, products, FROM_COUNTY_RANKED, county_id, "county-rank", county_id, back="counties"
    )
    screen.rows.insert(-1, [Action(req.t("sort-by-sales"), "county", (county_id, 0))])
    return screen


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


@intent("rv-hide")
async def start_hide(req: Request, review_id: int) -> Reply:
    """隐藏 under a review (admins): the reason, then a confirmation; the step is kept in the store."""
    async with req.db.read() as session:
        await roles.authorize(session, member_id=req.member_id, role=Role.admin)
    return await dialog.begin(req, HIDE, {"review": review_id})


def _initial(display_name: str) -> str:
    """Reviews show a first character and a mask, not a member's full name."""
    return (display_name[:1] or "党") + "**"
