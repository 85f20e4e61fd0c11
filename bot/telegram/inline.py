"""Inline mode: `@bot 蜂蜜` in any chat offers matching product cards to share (相互推介)."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from handlers.catalog import card_text
from handlers.format import clean_text, name, number, yuan
from store import catalog
from store.errors import NotFound

from .context import Context

PER_ANSWER = 20


async def inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with product cards, paged by `next_offset`."""
    query = update.inline_query
    text = clean_text(query.query).strip()
    page = number(query.offset) or 0
    async with context.db.read() as session:
        if text.startswith("p_") and (product_id := number(text[2:])) is not None:
            try:
                products = [await catalog.product(session, product_id=product_id)]
            except NotFound:
                products = []
            has_next = False
        else:
            if text:
                found = await catalog.search(session, text=text, page=page, per_page=PER_ANSWER)
            else:
                found = await catalog.products_page(session, page=page, per_page=PER_ANSWER)
            products = await catalog.with_details(session, [p.id for p in found.items])
            has_next = found.has_next
    results = [_result(context, product) for product in products]
    await query.answer(
        results, cache_time=30, is_personal=False, next_offset=str(page + 1) if has_next else ""
    )


def _result(context: Context, product) -> InlineQueryResultArticle:
    open_button = InlineKeyboardButton(context.t("inline-open"), url=context.product_link(product.id))
    description = context.t(
        "inline-description",
        price=yuan(product.price_fen),
        unit=product.unit,
        county=name(product.county, context.locale),
    )
    return InlineQueryResultArticle(
        id=f"p{product.id}",
        title=product.name_en if context.locale == "en" and product.name_en else product.name,
        description=description,
        input_message_content=InputTextMessageContent(
            card_text(context, product), parse_mode=ParseMode.HTML, link_preview_options=None
        ),
        reply_markup=InlineKeyboardMarkup([[open_button]]),
        thumbnail_url=product.photo if product.photo.startswith("http") else None,
    )
