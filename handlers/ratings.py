"""What a product card shows of the community: rating, reviews and recommendations, and the
推荐 / 评价 buttons (the card itself is handlers/catalog.py)."""

from __future__ import annotations

from store.models import Product

from .reply import Action
from .request import Request


def card_line(context: Request, product: Product) -> str:
    """⭐ 4.6 (12 reviews) · 👍 3 recommend it — the average of the visible reviews."""
    if product.rating_count:
        average = f"{product.rating_sum / product.rating_count:.1f}"
        return context.t(
            "card-rating", average=average, count=product.rating_count, recommends=product.recommend_count
        )
    return context.t("card-no-rating", recommends=product.recommend_count)


def card_row(
    context: Request, product: Product, recommended: bool, origin: tuple[int, int, int]
) -> list[Action]:
    """推荐 as a toggle carrying the state asked for (a double tap is one effect), and 评价."""
    recommend = context.t("card-recommended" if recommended else "card-recommend")
    return [
        Action(recommend, "rec", (product.id, 0 if recommended else 1, *origin)),
        Action(context.t("card-reviews", count=product.rating_count), "rvs", (product.id, 0, *origin)),
    ]
