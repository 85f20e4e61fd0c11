"""Browsing the catalog: by county, by category, hot products, search, and the product card."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, Update

from store import catalog, fairs, members, orders, recommendations, stories
from store.models import Product
from store.paging import Page

from . import callbacks, chat, ratings
from .context import Context
from .format import escape, name, yuan
from .screens import Screen, button, pager, show, show_with_photo

# Where a product card was opened from, so its back button returns there.
FROM_MENU, FROM_COUNTY, FROM_CATEGORY, FROM_HOT, FROM_SEARCH = range(5)
FROM_RANKED, FROM_COUNTY_RANKED = 5, 6  # 好品推荐 and a county sorted by the ranking (community.py)
FROM_FAIR = 7  # a fair's page (fairs.py)
FROM_VILLAGE = 8  # a village's page in 第一书记代言 (stories.py)
LAST_ORIGIN = FROM_VILLAGE
MAX_QUERY_CHARS = 64


async def counties(update: Update, context: Context) -> None:
    """The counties with their listed-product counts."""
    async with context.db.read() as session:
        rows = await catalog.counties(session)
    buttons = [
        button(
            context.t("county-button", county=name(county, context.locale), count=n), "county", county.id, 0
        )
        for county, n in rows
    ]
    keyboard = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    keyboard.append([button(context.t("nav-menu"), "menu")])
    await _answer(update)
    await show(update, context, Screen(context.t("counties-title"), keyboard))


async def county_page(update: Update, context: Context) -> None:
    """One page of a county's listed products, best sellers first."""
    _, (county_id, page) = callbacks.parse(update.callback_query.data, "county")
    async with context.db.read() as session:
        county = await catalog.county(session, county_id=county_id)
        products = await catalog.products_page(session, county_id=county_id, page=page)
    title = context.t("county-title", county=name(county, context.locale))
    screen = _product_list(
        context, title, products, FROM_COUNTY, county_id, "county", county_id, back="counties"
    )
    screen.rows.insert(-1, [button(context.t("sort-by-rank"), "county-rank", county_id, 0)])
    await _answer(update)
    await show(update, context, screen)


async def categories(update: Update, context: Context) -> None:
    """The categories with their listed-product counts."""
    async with context.db.read() as session:
        rows = await catalog.categories(session)
    buttons = [
        button(context.t("category-button", category=name(c, context.locale), count=n), "category", c.id, 0)
        for c, n in rows
    ]
    keyboard = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    keyboard.append([button(context.t("nav-menu"), "menu")])
    await _answer(update)
    await show(update, context, Screen(context.t("categories-title"), keyboard))


async def category_page(update: Update, context: Context) -> None:
    """One page of a category's listed products."""
    _, (category_id, page) = callbacks.parse(update.callback_query.data, "category")
    async with context.db.read() as session:
        category = await catalog.category(session, category_id=category_id)
        products = await catalog.products_page(session, category_id=category_id, page=page)
    title = context.t("category-title", category=name(category, context.locale))
    screen = _product_list(
        context, title, products, FROM_CATEGORY, category_id, "category", category_id, back="categories"
    )
    await _answer(update)
    await show(update, context, screen)


async def hot(update: Update, context: Context) -> None:
    """The best-selling products of the whole catalog."""
    _, (page,) = callbacks.parse(update.callback_query.data, "hot")
    async with context.db.read() as session:
        products = await catalog.products_page(session, page=page)
    await _answer(update)
    await show(update, context, _product_list(context, context.t("hot-title"), products, FROM_HOT, 0, "hot"))


async def search_help(update: Update, context: Context) -> None:
    """Explains that any words sent to the bot search the catalog."""
    await _answer(update)
    await show(update, context, Screen(context.t("search-help"), [[button(context.t("nav-menu"), "menu")]]))


async def search_text(update: Update, context: Context, text: str, *, free: bool = False) -> None:
    """Search for the words the member sent, remembering them for paging. `free` text (a message,
    not /search) that finds nothing is searched again without the words around a product's name
    (有蜂蜜吗？, 我想买天麻), and if it is clearly talk, answered with where to find help."""
    if len(text) > MAX_QUERY_CHARS:
        if free and chat.says_something(text):
            await show(update, context, chat.answer(context))
        else:
            await update.effective_message.reply_text(context.t("search-too-long", limit=MAX_QUERY_CHARS))
        return
    talk = None
    async with context.db.begin() as session:
        member = await members.ensure(
            session, telegram_user_id=update.effective_user.id, display_name=update.effective_user.full_name
        )
        products = await catalog.search(session, text=text, page=0)
        if not products.total and free and (words := chat.product_words(text)):
            found = await catalog.search(session, text=words, page=0)
            if found.total:
                text, products = words, found
        if not products.total and free and chat.is_chat(text):
            talk = chat.answer(context)
        if talk is None:
            await members.set_last_search(session, member_id=member.id, text=text)
    await show(update, context, talk or _search_screen(context, text, products))


async def search_page(update: Update, context: Context) -> None:
    """Another page of the member's last search."""
    _, (page,) = callbacks.parse(update.callback_query.data, "search")
    text = context.member.last_search if context.member else ""
    async with context.db.read() as session:
        products = await catalog.search(session, text=text, page=page)
    await _answer(update)
    await show(update, context, _search_screen(context, text, products))


async def product_card(update: Update, context: Context) -> None:
    """A product card opened from a list."""
    _, (product_id, origin, origin_id, origin_page) = callbacks.parse(update.callback_query.data, "product")
    await _show_card(update, context, product_id, 1, (origin, origin_id, origin_page))


async def quantity(update: Update, context: Context) -> None:
    """The − / + buttons of a product card."""
    _, (product_id, qty, *origin) = callbacks.parse(update.callback_query.data, "qty")
    await _show_card(update, context, product_id, qty, tuple(origin))


async def product_by_link(update: Update, context: Context, product_id: int) -> None:
    """A product card opened by a shared deep link `?start=p_<id>`."""
    await _show_card(update, context, product_id, 1, (FROM_MENU, 0, 0))


async def _show_card(update: Update, context: Context, product_id: int, qty: int, origin: tuple) -> None:
    if origin[0] > LAST_ORIGIN or not 1 <= qty <= orders.MAX_QUANTITY:
        raise callbacks.BadCallback(update.callback_query.data)
    async with context.db.read() as session:
        product = await catalog.product(session, product_id=product_id)
        recommended = await recommendations.is_recommended(
            session, member_id=context.member_id, product_id=product_id
        )
        fair = await fairs.open_fair_of(session, product_id=product_id, now=datetime.now(UTC))
        story = await stories.endorsement_of(session, product_id=product_id)
    await _answer(update)
    screen = card(context, product, qty, origin, recommended=recommended)
    _add_content(context, screen, fair, story)
    await show_with_photo(update, context, screen)  # a listed nomination's photo came from a member


def _add_content(context: Context, screen: Screen, fair, story) -> None:
    """The fair badge and the link to the first secretary's endorsement (issue #6)."""
    if fair is not None:
        lines = screen.text.split("\n")
        lines.insert(1, context.t("badge-fair", name=escape(fair.name)))
        screen.text = "\n".join(lines)
    if story is not None:
        screen.rows.insert(-1, [button(context.t("product-endorsement"), "story", story.id)])


def card(
    context: Context, product: Product, qty: int, origin: tuple[int, int, int], *, recommended: bool = False
) -> Screen:
    """The product card: photo when there is one, the facts a buyer needs, quantity and one-tap order."""
    t = context.t
    qty = max(1, min(qty, product.stock or 1, orders.MAX_QUANTITY))
    rows = []
    if product.stock:
        steps = []
        if qty > 1:
            steps.append(button(t("product-less"), "qty", product.id, qty - 1, *origin))
        if qty < min(product.stock, orders.MAX_QUANTITY):
            steps.append(button(t("product-more"), "qty", product.id, qty + 1, *origin))
        if steps:
            rows.append(steps)
        total = yuan(product.price_fen * qty)
        rows.append(
            [button(t("product-order", quantity=qty, total=total), "order", product.id, qty, _nonce())]
        )
    rows.append(ratings.card_row(context, product, recommended, origin))
    rows.append([InlineKeyboardButton(t("product-share"), switch_inline_query=f"p_{product.id}")])
    rows.append([_back(context, *origin), button(t("nav-menu"), "menu")])
    return Screen(card_text(context, product), rows, photo=product.photo)


def _nonce() -> int:
    """Marks one showing of a card: taps on that showing's order button are one order."""
    return time.time_ns() // 1_000_000 % 10**12


def card_text(context: Context, product: Product) -> str:
    """What a product card says; also the message that inline mode shares."""
    t, locale = context.t, context.locale
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
    lines.append(ratings.card_line(context, product))
    if product.description:
        lines.append("")
        lines.append(escape(product.description[:300]))
    lines.append("")
    lines.append(t("product-share-link", link=share_link(context, product.id)))
    return "\n".join(lines)


def share_link(context: Context, product_id: int) -> str:
    return f"https://t.me/{context.bot_data.bot_username}?start=p_{product_id}"


def _product_list(
    context: Context,
    title: str,
    products: Page[Product],
    origin: int,
    origin_id: int,
    action: str,
    *action_args: int,
    back: str = "menu",
) -> Screen:
    t = context.t
    if products.total:
        text = t("list-page", title=title, page=products.page + 1, pages=products.pages, total=products.total)
    else:
        text = t("list-empty", title=title)
    rows = [
        [
            button(
                t("product-button", name=name(p, context.locale), price=yuan(p.price_fen)),
                "product",
                p.id,
                origin,
                origin_id,
                products.page,
            )
        ]
        for p in products.items
    ]
    if nav := pager(context, products, action, *action_args):
        rows.append(nav)
    back_row = [button(t("nav-back"), back)] if back != "menu" else []
    rows.append([*back_row, button(t("nav-menu"), "menu")])
    return Screen(text, rows)


def _search_screen(context: Context, text: str, products: Page[Product]) -> Screen:
    title = context.t("search-title", query=escape(text))
    screen = _product_list(context, title, products, FROM_SEARCH, 0, "search")
    if not products.total:
        screen.text = context.t("search-nothing", query=escape(text))
    return screen


def _back(context: Context, origin: int, origin_id: int, page: int) -> InlineKeyboardButton:
    label = context.t("nav-back")
    if origin == FROM_COUNTY:
        return button(label, "county", origin_id, page)
    if origin == FROM_CATEGORY:
        return button(label, "category", origin_id, page)
    if origin == FROM_HOT:
        return button(label, "hot", page)
    if origin == FROM_SEARCH:
        return button(label, "search", page)
    if origin == FROM_RANKED:
        return button(label, "ranked", page)
    if origin == FROM_COUNTY_RANKED:
        return button(label, "county-rank", origin_id, page)
    if origin == FROM_FAIR:
        return button(label, "fair", origin_id, page)
    if origin == FROM_VILLAGE:
        return button(label, "zone-village", origin_id)
    return button(label, "menu")


async def _answer(update: Update) -> None:
    if update.callback_query:
        await update.callback_query.answer()
