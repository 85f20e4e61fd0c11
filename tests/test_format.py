"""Times as organisers type them (one parser for trips, fairs and broadcasts)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.format import parse_day, parse_local
from store.errors import InvalidInput

NOW = datetime(2026, 12, 20, 4, 0, tzinfo=UTC)  # noon in Shanghai


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-12-25 09:00", datetime(2026, 12, 25, 1, 0, tzinfo=UTC)),
        ("2026/12/25 9:00", datetime(2026, 12, 25, 1, 0, tzinfo=UTC)),
        ("2026-12-25 09：00", datetime(2026, 12, 25, 1, 0, tzinfo=UTC)),  # a Chinese keyboard's colon
        ("１２月２５日 ９：３０", datetime(2026, 12, 25, 1, 30, tzinfo=UTC)),  # full-width digits
        ("2026年12月25日 8点", datetime(2026, 12, 25, 0, 0, tzinfo=UTC)),
        ("1月5日 8:00", datetime(2027, 1, 5, 0, 0, tzinfo=UTC)),  # no year: next January's, in December
        ("11月1日 8:00", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),  # not next November's: it has passed
    ],
)
def test_a_time_is_taken_as_people_write_it(typed, utc):
    assert parse_local(typed, "Asia/Shanghai", now=NOW) == utc


@pytest.mark.parametrize("typed", ["明天", "25:00", "2026-02-30 08:00", "2026-12-25 24:00", "2026-12-25"])
def test_what_is_no_time_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_local(typed, "Asia/Shanghai", now=NOW)


@pytest.mark.parametrize("typed", ["2026-11-29", "2026/11/29", "2026年11月29日", "１１月２９日"])
def test_a_day_is_taken_as_people_write_it(typed):
    assert parse_day(typed, "Asia/Shanghai").replace(year=2026) == date(2026, 11, 29)


@pytest.mark.parametrize("typed", ["昨天", "2026-02-30", "11-29 8:00"])
def test_what_is_no_day_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_day(typed, "Asia/Shanghai")


@pytest.mark.parametrize(
    "typed",
    [
        "0001-01-01 09:00",
        "0001-01-01 07:00",  # before the first moment UTC can hold, in Shanghai
        "9999-12-31 23:59",
        "2037-01-01 00:00",  # eleven years ahead
        "2015-12-31 23:59",  # eleven years back
    ],
)
def test_a_time_nobody_means_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_local(typed, "Asia/Shanghai", now=NOW)


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2036-12-31 23:59", datetime(2036, 12, 31, 15, 59, tzinfo=UTC)),  # ten years ahead
        ("2016-01-01 08:00", datetime(2016, 1, 1, 0, 0, tzinfo=UTC)),  # ten years back: "past" is the flow's
    ],
)
def test_a_time_within_ten_years_is_taken(typed, utc):
    assert parse_local(typed, "Asia/Shanghai", now=NOW) == utc


@pytest.mark.parametrize("typed", ["0001-01-01", "0001年1月1日", "9999-12-31", "2037-01-01", "2015-12-31"])
def test_a_day_nobody_means_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_day(typed, "Asia/Shanghai", today=date(2026, 12, 20))


def test_a_day_within_ten_years_is_taken():
    today = date(2026, 12, 20)
    assert parse_day("2016-01-01", "Asia/Shanghai", today=today) == date(2016, 1, 1)
    assert parse_day("2036-12-31", "Asia/Shanghai", today=today) == date(2036, 12, 31)
    assert parse_day("11月29日", "Asia/Shanghai", today=today) == date(2026, 11, 29)
