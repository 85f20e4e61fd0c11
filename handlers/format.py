"""Small formatting helpers shared by the screens: money, localized names, escaping."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from store.errors import InvalidInput


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


# A date and time as people type them: 2026-12-05 08:30, 2026/12/5 8:30, 2026年12月5日 8点30,
# 12月5日 8:30 (the next such day) — full-width digits and colons too (NFKC).
_WHEN = re.compile(
    r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
    r"\s*(?P<hour>\d{1,2})\s*[:点时]\s*(?P<minute>\d{1,2})?\s*分?"
)


def parse_local(text: str, timezone: str, *, now: datetime | None = None) -> datetime:
    """A moment typed in the configured zone, as UTC; InvalidInput if it is none. Without a
    year, the next such day: in December, 1月5日 is next January's."""
    found = _WHEN.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        raise InvalidInput("time")
    zone, now = ZoneInfo(timezone), now or datetime.now(UTC)
    parts = {k: int(v) for k, v in found.groupdict(default="0").items()}
    year = parts.pop("year") or now.astimezone(zone).year
    try:
        local = datetime(year, **parts, tzinfo=zone)
        if not found["year"] and local < now - timedelta(days=1):
            local = local.replace(year=year + 1)
    except ValueError:  # 2月30日, 25:00
        raise InvalidInput("time") from None
    return local.astimezone(UTC)
