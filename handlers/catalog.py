"""Browsing the catalog: by county, by category, hot products, search, and the product card."""

from __future__ import annotations

import time

from store import catalog, fairs, members, orders, recommendations, stories
from store.models import Product
from store.paging import Page

from . import chat, ratings
from .format import escape, name, yuan
from .registry import Stale, command, intent
from .reply import Action, Reply, Screen, pages
from .request import Request

# Where a product card was opened from, so its back button returns there.
FROM_MENU, FROM_COUNTY, FROM_CATEGORY, FROM_HOT, FROM_SEARCH = range(5)
FROM_RANKED, FROM_COUNTY_RANKED = 5, 6  # 好品推荐 and a county sorted by the ranking (community.py)
FROM_FAIR = 7  # a fair's page (fairs.py)
FROM_VILLAGE = 8  # a village's page in 第一书记代言 (stories.py)
LAST_ORIGIN = FROM_VILLAGE
MAX_QUERY_CHARS = 64


@intent("counties")
async def counties(req: Request) -> Reply:
    """The counties with their listed-product counts."""
    async with req.db.read() as session:
        rows = await catalog.counties(session)
    buttons = [
        Action(req.t("county-button", county=name(county, req.locale), count=n), "county", (county.id, 0))
        for county, n in rows
    ]
    return Screen(req.t("counties-title"), _two_a_row(req, buttons))


def _two_a_row(req: Request, buttons: list[Action]) -> list[list[Action]]:
    return [*(buttons[i : i + 2] for i in range(0, len(buttons), 2)), [Action(req.t("nav-menu"), "menu")]]


@intent("county")
async def county(req: Request, county_id: int, page: int) -> Reply:
    """One page of a county's listed products, best sellers first."""
    async with req.db.read() as session:
        found = await catalog.county(session, county_id=county_id)
        products = await catalog.products_page(session, county_id=county_id, page=page)
    title = req.t("county-title", county=name(found, req.locale))
    screen = product_list(req, title, products, FROM_COUNTY, county_id, "county", county_id, back="counties")
    screen.rows.insert(-1, [Action(req.t("sort-by-rank"), "county-rank", (county_id, 0))])
    return screen


@intent("categories")
async def categories(req: Request) -> Reply:
    """The categories with their listed-product counts."""
    async with req.db.read() as session:
        rows = await catalog.categories(session)
    buttons = [
        Action(req.t("category-button", category=name(c, req.locale), count=n), "category", (c.id, 0))
        for c, n in rows
    ]
    return Screen(req.t("categories-title"), _two_a_row(req, buttons))


@intent("category")
async def category(req: Request, category_id: int, page: int) -> Reply:
    """One page of a category's listed products."""
    async with req.db.read() as session:
        found = await catalog.category(session, category_id=category_id)
        products = await catalog.products_page(session, category_id=category_id, page=page)
    title = req.t("category-title", category=name(found, req.locale))
    return product_list(
        req, title, products, FROM_CATEGORY, category_id, "category", category_id, back="categories"
    )


@intent("hot")
async def hot(req: Request, page: int) -> Reply:
    """The best-selling products of the whole catalog."""
    async with req.db.read() as session:
        products = await catalog.products_page(session, page=page)
    return product_list(req, req.t("hot-title"), products, FROM_HOT, 0, "hot")


@intent("search-help")
async def search_help(req: Request) -> Reply:
    """Explains that any words sent to the bot search the catalog."""
    return Screen(req.t("search-help"), [[Action(req.t("nav-menu"), "menu")]])


@command("search")
async def search_command(req: Request, text: str) -> Reply:
    """/search 蜂蜜: search at once; /search alone (or with nothing readable) explains how."""
    return await search_text(req, text) if text else await search_help(req)


async def search_text(req: Request, text: str, *, free: bool = False) -> Reply:
    """Search for the words the member sent, remembering them for paging. `free` text (a message,
    not /search) that finds nothing is searched again without the words around a product's name
    (有蜂蜜吗？, 我想买天麻), and if it is clearly talk, answered with where to find help."""
    if len(text) > MAX_QUERY_CHARS:
        if free and chat.says_something(text):
            return chat.answer(req)
        return Screen(req.t("search-too-long", limit=MAX_QUERY_CHARS))
    talk = None
    async with req.db.begin() as session:
        member = await members.ensure(
            session, telegram_user_id=req.visitor.account_id, display_name=req.visitor.display_name
        )
        products = await catalog.search(session, text=text, page=0)
        if not products.total and free and (words := chat.product_words(text)):
            found = await catalog.search(session, text=words, page=0)
            if found.total:
                text, products = words, found
        if not products.total and free and chat.is_chat(text):
            talk = chat.answer(req)
        if talk is None:
            await members.set_last_search(session, member_id=member.id, text=text)
    return talk or _search_screen(req, text, products)


@intent("search")
async def search_page(req: Request, page: int) -> Reply:
    """Another page of the member's last search."""
    text = req.member.last_search if req.member else ""
    async with req.db.read() as session:
        products = await catalog.search(session, text=text, page=page)
    return _search_screen(req, text, products)


@intent("product")
async def product(req: Request, product_id: int, origin: int, origin_id: int, origin_page: int) -> Reply:
    """A product card opened from a list."""
    return await _card(req, product_id, 1, (origin, origin_id, origin_page))


@intent("qty")
async def quantity(
    req: Request, product_id: int, qty: int, origin: int, origin_id: int, origin_page: int
) -> Reply:
    """The − / + buttons of a product card."""
    return await _card(req, product_id, qty, (origin, origin_id, origin_page))


async def product_by_link(req: Request, product_id: int) -> Reply:
    """A product card opened by a shared link (Telegram's `?start=p_<id>`)."""
    return await _card(req, product_id, 1, (FROM_MENU, 0, 0))


async def _card(req: Request, product_id: int, qty: int, origin: tuple) -> Reply:
    if origin[0] > LAST_ORIGIN or not 1 <= qty <= orders.MAX_QUANTITY:
        raise Stale("product")
    async with req.db.read() as session:
        product = await catalog.product(session, product_id=product_id)
        recommended = await recommendations.is_recommended(
            session, member_id=req.member_id, product_id=product_id
        )
        fair = await fairs.open_fair_of(session, product_id=product_id, now=req.now)
        story = await stories.endorsement_of(session, product_id=product_id)
    screen = card(req, product, qty, origin, recommended=recommended)
    _add_content(req, screen, fair, story)
    return screen


def _add_content(req: Request, screen: Screen, fair, story) -> None:
    """The fair badge and the link to the first secretary's endorsement story."""
    if fair is not None:
        lines = screen.text.split("\n")
        lines.insert(1, req.t("badge-fair", name=escape(fair.name)))
        screen.text = "\n".join(lines)
    if story is not None:
        screen.rows.insert(-1, [Action(req.t("product-endorsement"), "story", (story.id,))])


def card(
    req: Request, product: Product, qty: int, origin: tuple[int, int, int], *, recommended: bool = False
) -> Screen:
    """The product card: photo when there is one, the facts a buyer needs, quantity and one-tap order."""
    t = req.t
    qty = max(1, min(qty, product.stock or 1, orders.MAX_QUANTITY))
    rows = []
    if product.stock:
        steps = []
        if qty > 1:
            steps.append(Action(t("product-less"), "qty", (product.id, qty - 1, *origin)))
        if qty < min(product.stock, orders.MAX_QUANTITY):
            steps.append(Action(t("product-more"), "qty", (product.id, qty + 1, *origin)))
        if steps:
            rows.append(steps)
        total = yuan(product.price_fen * qty)
        rows.append(
            [Action(t("product-order", quantity=qty, total=total), "order", (product.id, qty, _nonce()))]
        )
    rows.append(ratings.card_row(req, product, recommended, origin))
    rows.append([Action(t("product-share"), share=f"p_{product.id}")])
    rows.append([_back(req, *origin), Action(t("nav-menu"), "menu")])
    return Screen(card_text(req, product), rows, photo=product.photo)


def _nonce() -> int:
    """Marks one showing of a card: taps on that showing's order button are one order."""
    return time.time_ns() // 1_000_000 % 10**12


def card_text(req: Request, product: Product) -> str:
    """What a product card says; also the message that inline mode shares."""
    t, locale = req.t, req.locale
    lines = [t("product-title", name=name(product, locale))]
    badges = []
    if product.charity_item:
        badges.append(t("badge-charity"))
    if product.is_demo:
        badges.append(t("badge-demo"))
    if badges:
        lines.append(" ".join(badges))
    lines.append(t("product-price", price=yuan(product.price_fen), unit=escape(product.unit)))
    origin = name(product.county, locale)
    if product.village:
        origin = t("product-origin-village", county=origin, village=escape(product.village.name))
    lines.append(t("product-origin", origin=origin))
    lines.append(
        t("product-supplier", supplier=escape(product.supplier.name), kind=product.supplier.kind.value)
    )
    lines.append(t("product-stock", stock=product.stock) if product.stock else t("product-sold-out"))
    if product.certification_no:
        lines.append(t("product-certification", number=escape(product.certification_no)))
    lines.append(ratings.card_line(req, product))
    if product.description:
        lines.append("")
        lines.append(escape(product.description[:300]))
    lines.append("")
    lines.append(t("product-share-link", link=req.product_link(product.id)))
    return "\n".join(lines)


def product_list(
    req: Request,
    title: str,
    products: Page[Product],
    origin: int,
    origin_id: int,
    action: str,
    *action_args: int,
    back: str = "menu",
) -> Screen:
    t = req.t
    if products.total:
        text = t("list-page", title=title, page=products.page + 1, pages=products.pages, total=products.total)
    else:
        text = t("list-empty", title=title)
    rows = [
        [
            Action(
                t("product-button", name=name(p, req.locale), price=yuan(p.price_fen)),
                "product",
                (p.id, origin, origin_id, products.page),
            )
        ]
        for p in products.items
    ]
    if nav := pages(req, products, action, *action_args):
        rows.append(nav)
    back_row = [Action(t("nav-back"), back)] if back != "menu" else []
    rows.append([*back_row, Action(t("nav-menu"), "menu")])
    return Screen(text, rows)


def _search_screen(req: Request, text: str, products: Page[Product]) -> Screen:
    title = req.t("search-title", query=escape(text))
    screen = product_list(req, title, products, FROM_SEARCH, 0, "search")
    if not products.total:
        screen.text = req.t("search-nothing", query=escape(text))
    return screen


_BACK = {
    FROM_COUNTY: "county",
    FROM_CATEGORY: "category",
    FROM_COUNTY_RANKED: "county-rank",
    FROM_FAIR: "fair",
}  # lists of one thing (its id) on a page
_BACK_PAGE = {FROM_HOT: "hot", FROM_SEARCH: "search", FROM_RANKED: "ranked"}  # lists of a page


def _back(req: Request, origin: int, origin_id: int, page: int) -> Action:
    label = req.t("nav-back")
    if origin in _BACK:
        return Action(label, _BACK[origin], (origin_id, page))
    if origin in _BACK_PAGE:
        return Action(label, _BACK_PAGE[origin], (page,))
    if origin == FROM_VILLAGE:
        return Action(label, "zone-village", (origin_id,))
    return Action(label, "menu")
