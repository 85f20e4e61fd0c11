"""Money is integer fen; people write yuan."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import InvalidInput

MAX_YUAN = Decimal(1_000_000)
_PLAIN = re.compile(r"\d+(?:\.\d+)?")  # no exponent ('1e3'), sign, NaN or Infinity


def parse_yuan(text: str) -> int:
    """'68', '39.9' or '¥1,280.00' as fen; InvalidInput for anything else, ≤ 0 or past a million."""
    cleaned = text.strip().lstrip("¥￥").replace(",", "").replace("，", "").replace("元", "").strip()
    if not _PLAIN.fullmatch(cleaned):
        raise InvalidInput("amount")
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
