"""Fluent message files, zh-CN first and en, and the one function that turns a key into text."""

from __future__ import annotations

from importlib.resources import files

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk, Message

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"


class Translator:
    """Formats messages by key in one of LOCALES, falling back to the default locale."""

    def __init__(self, default_locale: str = DEFAULT_LOCALE) -> None:
        self.default_locale = default_locale if default_locale in LOCALES else DEFAULT_LOCALE
        self.bundles = {locale: _load(locale) for locale in LOCALES}

    def t(self, locale: str | None, key: str, **args: object) -> str:
        bundle = self.bundles.get(locale or "") or self.bundles[self.default_locale]
        if not bundle.has_message(key):
            bundle = self.bundles[self.default_locale]
        message = bundle.get_message(key)
        text, errors = bundle.format_pattern(message.value, args)
        if errors:
            raise ValueError(f"{key}: {errors}")
        return text

    def keys(self, locale: str) -> set[str]:
        return set(self.bundles[locale]._messages)

    def locale_for(self, language_code: str | None) -> str:
        """The locale to use for a Telegram user's interface language (zh-hans, en-US, …)."""
        code = (language_code or "").lower()
        if code.startswith("en"):
            return "en"
        if code.startswith("zh"):
            return "zh-CN"
        return self.default_locale


def _load(locale: str) -> FluentBundle:
    # Isolation marks around placeables would show up as stray characters in Telegram clients.
    bundle = FluentBundle([locale], use_isolating=False)
    defined: dict[str, str] = {}
    for path in sorted((files("locales") / locale).iterdir()):
        if path.name.endswith(".ftl"):
            resource = FluentResource(path.read_text(encoding="utf-8"))
            # Fluent skips what it cannot parse, and the message would just be missing: refuse it.
            if junk := [entry for entry in resource.body if isinstance(entry, Junk)]:
                raise ValueError(f"{locale}/{path.name}: cannot parse {junk[0].content[:80]!r}")
            # A key defined in two files would keep only one of them, silently: refuse it too.
            for entry in resource.body:
                if isinstance(entry, Message):
                    if entry.id.name in defined:
                        raise ValueError(
                            f"{locale}: {entry.id.name} is in {defined[entry.id.name]} and {path.name}"
                        )
                    defined[entry.id.name] = path.name
            bundle.add_resource(resource)
    return bundle
