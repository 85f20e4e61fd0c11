"""Small formatting helpers shared by the screens: money, localized names, escaping."""

from __future__ import annotations

import html


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: 6800 → '68.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def name(thing, locale: str) -> str:
    """A county, category, agency or product name in the member's language, HTML-escaped."""
    english = getattr(thing, "name_en", "")
    return html.escape(english if locale == "en" and english else thing.name)


def escape(text: str) -> str:
    return html.escape(text)
