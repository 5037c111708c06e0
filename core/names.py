"""Country and language names in the page's language, from the Unicode CLDR through Babel
(the official vocabularies name countries in English and Spanish only)."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language, to_locale


@cache
def _locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _active() -> str:
    return get_language() or "en"


def country_name(code: str, default: str = "") -> str:
    """The name of an ISO 3166-1 alpha-2 country in the active language, else ``default``."""
    return _locale(_active()).territories.get(code.upper()) or default or code


def language_name(code: str, default: str = "") -> str:
    """The name of an ISO 639 language in the active language, else ``default``."""
    return _locale(_active()).languages.get(code.lower()) or default or code
