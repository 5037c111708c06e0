"""Readers for the rs.gbif.org extension and thesaurus XML formats."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from .errors import CatalogueError, gettext_noop
from .model import Concept, Extension, Property, Translation, Vocabulary
from .safexml import parse_xml

EXT_NS = "http://rs.gbif.org/extension/"
THESAURUS_NS = "http://rs.gbif.org/thesaurus/"
DC = "{http://purl.org/dc/terms/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def _text(element: etree._Element, name: str) -> str:
    return (element.get(name) or "").strip()


def _check_root(root: etree._Element, namespace: str, tag: str, source: str, code: str) -> None:
    if root.tag != "{%s}%s" % (namespace, tag):
        message = (
            gettext_noop(
                "this is not an extension definition: the root element is <%(found)s>, "
                "expected <%(tag)s> in namespace %(namespace)s"
            )
            if tag == "extension"
            else gettext_noop(
                "this is not a vocabulary definition: the root element is <%(found)s>, "
                "expected <%(tag)s> in namespace %(namespace)s"
            )
        )
        raise CatalogueError(
            message,
            params={"found": etree_local(root.tag), "tag": tag, "namespace": namespace},
            code=code,
            source=source,
            line=root.sourceline,
        )


def etree_local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_extension(data: bytes, *, source: str = "extension") -> Extension:
    """Parse an extension (or core) definition; raise ``CatalogueError`` naming the problem."""
    root = parse_xml(data, source=source, kind="extension")
    _check_root(root, EXT_NS, "extension", source, "extension:format")
    for required in ("rowType", "name"):
        if not _text(root, required):
            raise CatalogueError(
                gettext_noop("the <extension> element has no %(attribute)s attribute"),
                params={"attribute": required},
                code="extension:format",
                source=source,
                line=root.sourceline,
            )
    properties = [_property(el, source) for el in root if el.tag == "{%s}property" % EXT_NS]
    _check_unique(properties, source)
    return Extension(
        title=_text(root, DC + "title") or _text(root, "name"),
        name=_text(root, "name"),
        namespace=_text(root, "namespace"),
        row_type=_text(root, "rowType"),
        issued=_date(root.get(DC + "issued")),
        subjects=tuple(s for s in re.split(r"[\s,]+", _text(root, DC + "subject")) if s),
        description=_text(root, DC + "description"),
        link=_text(root, DC + "relation"),
        properties=tuple(properties),
    )


def _property(el: etree._Element, source: str) -> Property:
    name, namespace = _text(el, "name"), _text(el, "namespace")
    if not name:
        raise CatalogueError(
            gettext_noop("a <property> has no name attribute"),
            code="extension:format",
            source=source,
            line=el.sourceline,
        )
    translations = tuple(
        Translation(
            lang=(t.get(XML_LANG) or "").strip().lower(),
            label=_text(t, "label"),
            description=_text(t, DC + "description"),
            comments=_text(t, "comments"),
        )
        for t in el
        if t.tag == "{%s}translation" % EXT_NS and t.get(XML_LANG)
    )
    return Property(
        name=name,
        namespace=namespace,
        qual_name=_text(el, "qualName") or namespace + name,
        group=_text(el, "group"),
        type=_text(el, "type") or "string",
        required=_text(el, "required").lower() == "true",
        thesaurus=_text(el, "thesaurus"),
        label=_text(el, "label"),
        description=_text(el, DC + "description"),
        comments=_text(el, "comments"),
        examples=_text(el, "examples"),
        translations=translations,
    )


def _check_unique(properties: list[Property], source: str) -> None:
    seen: set[str] = set()
    for prop in properties:
        if prop.qual_name in seen:
            raise CatalogueError(
                gettext_noop("the term %(term)s is defined twice"),
                params={"term": prop.qual_name},
                code="extension:format",
                source=source,
            )
        seen.add(prop.qual_name)


def parse_vocabulary(data: bytes, *, source: str = "vocabulary") -> Vocabulary:
    """Parse a thesaurus (vocabulary) definition; raise ``CatalogueError`` naming the problem."""
    root = parse_xml(data, source=source, kind="vocabulary")
    _check_root(root, THESAURUS_NS, "thesaurus", source, "vocabulary:format")
    uri = _text(root, DC + "URI")
    if not uri:
        raise CatalogueError(
            gettext_noop("the <thesaurus> element has no dc:URI attribute"),
            code="vocabulary:format",
            source=source,
            line=root.sourceline,
        )
    concepts = [_concept(el) for el in root if el.tag == "{%s}concept" % THESAURUS_NS]
    return Vocabulary(
        uri=uri,
        title=_text(root, DC + "title") or uri,
        description=_text(root, DC + "description"),
        issued=_date(root.get(DC + "issued")),
        concepts=tuple(c for c in concepts if c.identifier),
    )


def _concept(el: etree._Element) -> Concept:
    labels: dict[str, str] = {}
    alternatives: dict[str, list[str]] = {}
    for group in el:
        kind = etree_local(group.tag)
        for term in group:
            lang = (term.get(XML_LANG) or "en").strip().lower()
            title = _text(term, DC + "title")
            if not title:
                continue
            if kind == "preferred":
                labels.setdefault(lang, title)
            elif kind == "alternative":
                alternatives.setdefault(lang, []).append(title)
    return Concept(
        identifier=_text(el, DC + "identifier"),
        uri=_text(el, DC + "URI"),
        description=_text(el, DC + "description"),
        labels=labels,
        alternatives={k: tuple(v) for k, v in alternatives.items()},
    )
