"""What a product card shows of the community: rating, reviews and recommendations, and the
推荐 / 评价 buttons (the card itself is handlers/catalog.py)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from store.models import Product

from .context import Context
from .screens import button


def card_line(context: Context, product: Product) -> str:
    """⭐ 4.6 (12 reviews) · 👍 3 recommend it — the average of the visible reviews."""
    if product.rating_count:
        average = f"{product.rating_sum / product.rating_count:.1f}"
        return context.t(
            "card-rating", average=average, count=product.rating_count, recommends=product.recommend_count
        )
    return context.t("card-no-rating", recommends=product.recommend_count)


def card_row(
    context: Context, product: Product, recommended: bool, origin: tuple[int, int, int]
) -> list[InlineKeyboardButton]:
    """推荐 as a toggle carrying the state asked for (a double tap is one effect), and 评价."""
    recommend = context.t("card-recommended" if recommended else "card-recommend")
    return [
        button(recommend, "rec", product.id, 0 if recommended else 1, *origin),
        button(context.t("card-reviews", count=product.rating_count), "rvs", product.id, 0, *origin),
    ]
