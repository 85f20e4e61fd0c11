"""Money is integer fen; people write yuan."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import InvalidInput

MAX_YUAN = Decimal(1_000_000)


def parse_yuan(text: str) -> int:
    """'68', '39.9' or '¥1,280.00' as fen; InvalidInput for anything else, ≤ 0 or past a million."""
    cleaned = text.strip().lstrip("¥￥").replace(",", "").replace("元", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("amount") from None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount > MAX_YUAN
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise InvalidInput("amount")
    return int(amount * 100)
