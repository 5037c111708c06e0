"""Element helpers shared by the writer modules: blank values are never written."""

from __future__ import annotations

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JOIN = "\n\n"  # the profile allows a single <para> in some elements


def filled(values: list[str]) -> list[str]:
    """The non-blank values of a list (blank list entries are never written)."""
    return [v for v in values if v.strip()]


def sub(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    """A child element with ``text`` and the non-empty ``attrs``."""
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text:
        el.text = text
    return el


def opt(parent: etree._Element, tag: str, text: str) -> None:
    """A child element, only when ``text`` is not blank."""
    if text.strip():
        sub(parent, tag, text)


def paras(parent: etree._Element, tag: str, values: list[str], lang: str = "") -> None:
    """A TextType element with one <para> per non-blank paragraph (left out when none)."""
    values = filled(values)
    if values:
        el = sub(parent, tag)
        if lang:
            el.set(XML_LANG, lang)
        for para in values:
            sub(el, "para", para)


def description(parent: etree._Element, tag: str, values: list[str]) -> etree._Element:
    """A ``description``-typed element (``<tag><description><para>...``), always written."""
    wrapper = sub(parent, tag)
    desc = sub(wrapper, "description")
    for para in filled(values) or [""]:
        sub(desc, "para", para)
    return wrapper


def single_para(parent: etree._Element, tag: str, values: list[str]) -> None:
    """An element the profile limits to one <para>: paragraphs joined by a blank line."""
    values = filled(values)
    if values:
        sub(sub(parent, tag), "para", JOIN.join(values))
