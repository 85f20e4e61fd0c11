"""Small formatting helpers shared by the screens: money, localized names, escaping."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from store.errors import InvalidInput
from store.models import MAX_ID


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: 6800 → '68.00'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def name(thing, locale: str) -> str:
    """A county, category, agency or product name in the member's language, HTML-escaped."""
    english = getattr(thing, "name_en", "")
    return html.escape(english if locale == "en" and english else thing.name)


def number(text: str) -> int | None:
    """A typed id or count ('12'), if it is one a column can hold; None otherwise ('²', '1e3')."""
    return int(text) if text.isdecimal() and len(text) <= 10 and int(text) <= MAX_ID else None


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
# 12月5日 8:30, 明天 9点, 今天 14:00, 下周一 上午9点半, 周五 下午3点, tomorrow 9:00 — full-width
# digits and colons too (NFKC).
_DAY = r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
_RELATIVE = (
    r"(?P<relative>今天|今日|明天|明日|后天|today|tomorrow"
    r"|(?P<week>下下|下|本|这)?\s*(?:周|星期|礼拜)\s*(?P<weekday>[一二三四五六日天]))"
)
_TIME = (
    r"(?P<half>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?\s*"
    r"(?P<hour>\d{1,2})\s*[:点时]\s*(?:(?P<minute>\d{1,2})\s*分?|(?P<half_hour>半))?"
)
_WHEN = re.compile(rf"(?:{_DAY}|{_RELATIVE})\s*{_TIME}")
_ONLY_DAY = re.compile(rf"{_DAY}|{_RELATIVE}")
_AFTERNOON = ("中午", "下午", "傍晚", "晚上")  # 下午3点 is 15:00; 中午12点 stays noon
_DAYS_FROM_TODAY = {"今天": 0, "今日": 0, "today": 0, "明天": 1, "明日": 1, "tomorrow": 1, "后天": 2}
_WEEKS_AHEAD = {"本": 0, "这": 0, "下": 1, "下下": 2}
AHEAD = timedelta(days=183)  # how far a date without a year may lie in the next year
# Nobody schedules a trip, a fair or a broadcast, or records a disbursement, more than ten years
# from now; and year 1 or 9999 would overflow on the way to UTC (or in a reminder a day before).
YEARS = 10


def _relative_day(found: re.Match, today: date) -> date:
    """今天, 明天, 后天; 本周五 and 下周一 in calendar weeks from Monday; 周五 alone is the next
    Friday, today included."""
    if found["relative"] in _DAYS_FROM_TODAY:
        return today + timedelta(days=_DAYS_FROM_TODAY[found["relative"]])
    weekday = "一二三四五六日".index(found["weekday"].replace("天", "日"))
    if found["week"] is None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * _WEEKS_AHEAD[found["week"]] + weekday)


def example_time(timezone: str, *, days: int, hour: int, now: datetime | None = None) -> str:
    """A time `days` after today at `hour` o'clock in the configured zone, as prompts show an
    example of what to type (2026-12-05 08:00): computed, so an example is never a day gone by."""
    day = (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).date() + timedelta(days=days)
    return f"{day.isoformat()} {hour:02d}:00"


def example_day(timezone: str, *, days: int = 0, now: datetime | None = None) -> str:
    """A day `days` after today in the configured zone (2026-11-29), for a prompt's example."""
    return (
        (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).date() + timedelta(days=days)
    ).isoformat()


def parse_local(text: str, timezone: str, *, now: datetime | None = None) -> datetime:
    """A moment typed in the configured zone, as UTC; InvalidInput if it is none, or is more than
    YEARS years from now. 今天, 明天, 后天 and weekdays are days in that zone. Without a year, this
    year's, or next year's when that is within half a year: in December, 1月5日 is next January's,
    but on 11-30, 11月1日 is this year's (and has passed), not 2027's."""
    found = _WHEN.fullmatch(unicodedata.normalize("NFKC", text).strip().lower())
    if found is None:
        raise InvalidInput("time")
    zone, now = ZoneInfo(timezone), now or datetime.now(UTC)
    hour = int(found["hour"])
    hour += 12 if found["half"] in _AFTERNOON and hour < 12 else 0
    minute = 30 if found["half_hour"] else int(found["minute"] or 0)
    this_year = now.astimezone(zone).year
    try:
        if found["relative"]:
            day = _relative_day(found, now.astimezone(zone).date())
            return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)
        year = int(found["year"] or this_year)
        if abs(year - this_year) > YEARS:
            raise InvalidInput("time")
        local = datetime(year, int(found["month"]), int(found["day"]), hour, minute, tzinfo=zone)
        if not found["year"] and local < now - timedelta(days=1):
            following = local.replace(year=year + 1)
            local = following if following - now < AHEAD else local
    except ValueError:  # 2月30日, 25:00
        raise InvalidInput("time") from None
    return local.astimezone(UTC)


def parse_day(text: str, timezone: str, *, today: date | None = None) -> date:
    """A day typed as people write it (2026-11-29, 2026年11月29日, 11月29日: this year's; 今天,
    本周一 in the configured zone); InvalidInput if it is none, or is more than YEARS years from
    `today` (in the configured zone)."""
    found = _ONLY_DAY.fullmatch(unicodedata.normalize("NFKC", text).strip().lower())
    if found is None:
        raise InvalidInput("date")
    today = today or datetime.now(ZoneInfo(timezone)).date()
    if found["relative"]:
        return _relative_day(found, today)
    year = int(found["year"] or today.year)
    if abs(year - today.year) > YEARS:
        raise InvalidInput("date")
    try:
        return date(year, int(found["month"]), int(found["day"]))
    except ValueError:
        raise InvalidInput("date") from None


# A number of people or things as people type it: 30, ３０ (full width), 30人, 30 名, 1,000 件.
# Only full-width digits are folded: a superscript ² is no number.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_COUNT = re.compile(
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s*"
    r"(?:人|名|位|个|件|份|袋|盒|瓶|罐|箱|包|斤|公斤|千克|克|只|条|枚|套|本|张|把|块|头|桶|提|束|串"
    r"|people|persons|pcs)?",
    re.IGNORECASE,
)


def parse_count(text: str, *, most: int, least: int = 0) -> int:
    """A count typed as people write it (a trip's places, a product's stock), from `least` to
    `most`; InvalidInput("count") if it is none or out of that range."""
    found = _COUNT.fullmatch(text.translate(_FULL_WIDTH_DIGITS).strip())
    if found is None or len(found["number"]) > 12:
        raise InvalidInput("count")
    count = int(found["number"].replace(",", ""))
    if not least <= count <= most:
        raise InvalidInput("count")
    return count
