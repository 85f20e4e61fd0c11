"""Locale files stay in step; callback data is made and checked by one codec."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.telegram import callbacks
from locales import LOCALES, Translator


def test_every_locale_has_the_same_keys():
    translator = Translator()
    zh, en = (translator.keys(locale) for locale in LOCALES)
    assert zh == en, f"only in zh-CN: {zh - en}; only in en: {en - zh}"


def test_chinese_is_the_default_and_telegram_languages_map():
    translator = Translator()
    assert translator.locale_for("zh-hans") == "zh-CN"
    assert translator.locale_for("en-GB") == "en"
    assert translator.locale_for("ru") == "zh-CN"
    assert translator.t(None, "nav-back") == "« 返回"
    assert translator.t("en", "list-page", title="T", page=1, pages=2, total=1).endswith("one product")


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_naming_a_thing_are_written_without_grouping(locale):
    translator = Translator()
    assert "#12345" in translator.t(locale, "invoice-description", order=12345, lines="")
    assert "#12345" in translator.t(locale, "review-hidden", review=12345)
    assert "#12345" in translator.t(locale, "queue-rejected", nomination=12345)
    # amounts still are: 12,345 points
    assert "12,345" in translator.t(locale, "order-paid", points=12345, **_ORDER)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_check_in_hours_said_are_the_stores(locale):
    from store.attendance import CHECK_IN_FROM, CHECK_IN_UNTIL

    said = Translator().t(locale, "error-check-in-closed")
    assert (
        f"{CHECK_IN_FROM // timedelta(hours=1)} " in said
        and f"{CHECK_IN_UNTIL // timedelta(hours=1)} " in said
    )


_ORDER = dict(
    order=1,
    status="paid",
    lines="",
    total="1.00",
    charity=0,
    name="",
    phone="",
    address="",
    tracking="",
    placed="",
    contact_hidden=0,
    timeline="",
)


def test_callback_round_trip_and_bounds():
    data = callbacks.make("product", 123456789, 1, 18, 3)
    assert callbacks.parse(data) == ("product", (123456789, 1, 18, 3))
    assert callbacks.parse(data, "product")[1][0] == 123456789
    assert len(callbacks.make("product", 2**53, 4, 2**53, 2**53).encode()) <= 64
    with pytest.raises(ValueError):
        callbacks.make("county", 1)


@pytest.mark.parametrize(
    "forged",
    [
        None,
        "",
        "hello",
        "1:county:1",  # too few arguments
        "1:county:1:2:3",  # too many
        "1:county:x:0",
        "1:county:-1:0",
        "1:county:01:0",
        "1:county: 1:0",
        "0:county:1:0",  # an older layout
        "1:nuke:1",
        "1:county:1:" + "9" * 70,
    ],
)
def test_forged_callback_data_is_refused(forged):
    with pytest.raises(callbacks.BadCallback):
        callbacks.parse(forged)


def test_callback_for_another_action_is_refused():
    with pytest.raises(callbacks.BadCallback):
        callbacks.parse(callbacks.make("hot", 0), "county")


def test_every_domain_error_has_a_message():
    from store import errors

    translator = Translator()
    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.DomainError)
    }
    for locale in LOCALES:
        assert {f"error-{code}" for code in codes} <= translator.keys(locale)
