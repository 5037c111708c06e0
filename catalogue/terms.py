"""How pages show an extension's terms: in the UI language where the extension has a
translation, with their examples split into segments (the `quoted` ones as code). The
catalogue's pages and the mapping page's term help both use these."""

from __future__ import annotations

import re

from django.utils.translation import get_language

_CODE = re.compile(r"`([^`]*)`")
_EXAMPLE = re.compile(r"(?:`[^`]*`|[^;`])+")


def ui_languages() -> list[str]:
    """The UI language and its base language (``zh-hant`` also finds ``zh`` texts)."""
    lang = (get_language() or "en").lower()
    return list(dict.fromkeys([lang, lang.split("-")[0]]))


def term_examples(text: str) -> list[list[dict]]:
    """Examples split at semicolons; each a list of segments, the `quoted` ones as code."""
    if not text:
        return []
    items = [text] if text.count("`") % 2 else _EXAMPLE.findall(text)
    return [
        [{"text": part, "code": i % 2 == 1} for i, part in enumerate(_CODE.split(item)) if part]
        for item in (i.strip() for i in items)
        if item
    ]


def term_label(prop, langs: list[str] | None = None) -> str:
    """The term's label in the UI language where the extension has one, else its own."""
    _lang, text = term_translation(prop, ui_languages() if langs is None else langs)
    return text.get("label") or prop.label or prop.name


def term_texts(prop, langs: list[str]) -> dict:
    """Label, definition and comments in the first of ``langs`` the term has them in. A text
    that falls back to the definition's own (English) one says so: ``lang`` is the language
    of the translated label or "", ``text_lang`` that of the definition and comments, and
    ``in_english`` is true when the page is in another language than those texts."""
    lang, text = term_translation(prop, langs)
    translated = bool(text.get("description") or text.get("comments"))
    return {
        "lang": lang if text.get("label") else "",
        "label": text.get("label") or prop.label or prop.name,
        "text_lang": lang if translated else "",
        "description": text.get("description") or prop.description,
        "comments": text.get("comments") or prop.comments,
        "in_english": not translated
        and langs[0] != "en"
        and bool(prop.description or prop.comments),
    }


def term_translation(prop, langs: list[str]) -> tuple[str, dict]:
    """The first translation of ``prop`` in one of ``langs``, with its language."""
    for lang in langs:
        if lang in (prop.translations or {}):
            return lang, prop.translations[lang]
    return "", {}
