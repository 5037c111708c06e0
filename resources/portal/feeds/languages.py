"""Language codes as the feeds need them: EML says ``eng`` (ISO 639-2), schema.org wants a
BCP 47 tag (``en``) and DCAT an ISO 639-1 IRI."""

from __future__ import annotations

from functools import cache
from types import ModuleType


@cache
def _langcodes() -> ModuleType:
    """langcodes, imported on first use: its tables take ~0.1 s to load, and every process
    (a command-line publication too) imports the feeds."""
    import langcodes

    return langcodes


def bcp47(code: str) -> str:
    """The shortest BCP 47 tag of an ISO 639-1/-2 code or a tag (``eng`` -> ``en``,
    ``en_US`` -> ``en-US``); "" when ``code`` is not a language code."""
    langcodes = _langcodes()
    try:
        return str(langcodes.standardize_tag(code.strip(), macro=True))
    except (langcodes.LanguageTagError, ValueError):
        return ""


def iso639_1(code: str) -> str:
    """The two-letter ISO 639-1 code of the language (``eng`` -> ``en``); "" when it has
    none."""
    tag = bcp47(code)
    language = _langcodes().Language.get(tag).language if tag else None
    return language if language and len(language) == 2 else ""
