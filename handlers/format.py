"""Small formatting helpers shared by the screens: money, localized names, escaping."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
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


# What never belongs in what a person types: C0 and C1 control characters (newline is kept, tab is a
# space), bidi embeddings, overrides and isolates (they make an address or a review read otherwise to
# the supplier or admin than it was written), invisible zero-width space, word joiner and BOM (they
# make a search word miss), and lone surrogates (no UTF-8 for either database). The zero-width
# joiner and non-joiner stay: emoji sequences (👨‍👩‍👧) and some scripts need them.
_NOT_TEXT = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but newline and tab, DEL, C1
    r"\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069"  # zero-width, bidi
    r"\ud800-\udfff]"  # lone surrogates
)


def clean_text(text: str) -> str:
    """What a member typed (a message, a caption, an inline query, a command's words), as text that
    every store keeps: PostgreSQL refuses NUL in text, and no one means a control character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _NOT_TEXT.sub("", text)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` columns (a Chinese character takes two), with … where it was cut:
    12 characters of 城口山地鸡 and of Chengkou Mountain Chicken are not the same length."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width:
            return text[: max(i - 1, 0)] + "…"
    return text


# A date (and time) as people type them: 2026-12-05 08:30, 2026/12/5 8:30, 2026年12月5日 8点30,
# 12月5日 8:30 — full-width digits and colons too (NFKC).
_DAY = r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
_WHEN = re.compile(_DAY + r"\s*(?P<hour>\d{1,2})\s*[:点时]\s*(?P<minute>\d{1,2})?\s*分?")
_ONLY_DAY = re.compile(_DAY)
AHEAD = timedelta(days=183)  # how far a date without a year may lie in the next year
# Nobody schedules a trip, a fair or a broadcast, or records a disbursement, more than ten years
# from now; and year 1 or 9999 would overflow on the way to UTC (or in a reminder a day before).
YEARS = 10


def parse_local(text: str, timezone: str, *, now: datetime | None = None) -> datetime:
    """A moment typed in the configured zone, as UTC; InvalidInput if it is none, or is more than
    YEARS years from now. Without a year, this year's, or next year's when that is within half a
    year: in December, 1月5日 is next January's, but on 11-30, 11月1日 is this year's (and has
    passed), not 2027's."""
    found = _WHEN.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        raise InvalidInput("time")
    zone, now = ZoneInfo(timezone), now or datetime.now(UTC)
    parts = {k: int(v) for k, v in found.groupdict(default="0").items()}
    this_year = now.astimezone(zone).year
    year = parts.pop("year") or this_year
    if abs(year - this_year) > YEARS:
        raise InvalidInput("time")
    try:
        local = datetime(year, **parts, tzinfo=zone)
        if not found["year"] and local < now - timedelta(days=1):
            following = local.replace(year=year + 1)
            local = following if following - now < AHEAD else local
    except ValueError:  # 2月30日, 25:00
        raise InvalidInput("time") from None
    return local.astimezone(UTC)


def parse_day(text: str, timezone: str, *, today: date | None = None) -> date:
    """A day typed as people write it (2026-11-29, 2026年11月29日, 11月29日: this year's);
    InvalidInput if it is none, or is more than YEARS years from `today` (in the configured zone)."""
    found = _ONLY_DAY.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None:
        raise InvalidInput("date")
    today = today or datetime.now(ZoneInfo(timezone)).date()
    year = int(found["year"] or today.year)
    if abs(year - today.year) > YEARS:
        raise InvalidInput("date")
    try:
        return date(year, int(found["month"]), int(found["day"]))
    except ValueError:
        raise InvalidInput("date") from None
