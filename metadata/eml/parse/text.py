"""Text of elements: stripped strings, paragraphs, and text split by ``xml:lang``."""

from __future__ import annotations

from typing import cast

from lxml import etree

from ..model import LocalText

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def text(el: etree._Element | None) -> str:
    """All text inside ``el``, stripped ("" when absent)."""
    return "".join(el.itertext()).strip() if el is not None else ""


def texts(parent: etree._Element, path: str) -> list[str]:
    """The non-empty texts of the elements at ``path``."""
    return [t for t in (text(el) for el in parent.findall(path)) if t]


def paras(el: etree._Element | None) -> list[str]:
    """Paragraph texts of a TextType / description element (bare text counts as one)."""
    if el is None:
        return []
    found = texts(el, ".//para")
    return found or ([text(el)] if text(el) else [])


def joined(el: etree._Element | None) -> list[str]:
    """Paragraphs of an element the profile limits to one <para>, as one paragraph."""
    found = paras(el)
    return ["\n\n".join(found)] if found else []


def _lang_of(el: etree._Element, stop: etree._Element) -> str:
    """The nearest ``xml:lang`` on ``el`` or its ancestors below ``stop``."""
    node: etree._Element | None = el
    while node is not None and node is not stop:
        if node.get(XML_LANG):
            return cast(str, node.get(XML_LANG, ""))
        node = node.getparent()
    return ""


def _own_text(para: etree._Element) -> str:
    """A paragraph's text without its ``<value xml:lang>`` translations."""
    parts = [para.text or ""]
    for child in para:
        if not (child.tag == "value" and child.get(XML_LANG)):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def localised_paras(el: etree._Element | None) -> tuple[list[str], list[LocalText]]:
    """Paragraphs of a TextType in the default language, and its translations.

    A translation is a ``<section xml:lang>`` or ``<para xml:lang>`` (what the writer
    emits), or a ``<value xml:lang>`` inside a paragraph (the other EML 2.2 form).
    """
    if el is None:
        return [], []
    default: list[str] = []
    other: dict[str, list[str]] = {}
    for para in el.iter("para"):
        lang = _lang_of(para, el)
        own = _own_text(para)
        if own:
            (other.setdefault(lang, []) if lang else default).append(own)
        for value in para.findall("value"):
            if value.get(XML_LANG) and text(value):
                other.setdefault(value.get(XML_LANG, ""), []).append(text(value))
    if not default and not other and text(el):
        default = [text(el)]
    return default, [LocalText(lang, found) for lang, found in other.items()]
