"""Reading the registry's replies: XML ``<key>`` documents, JSON lists and objects.

XML is parsed with entities, DTDs and network access off, so a hostile or broken reply can
neither expand nor fetch anything. Every function raises ``RegistryBadResponse`` on a body
that does not have the documented shape.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .errors import RegistryBadResponse, gettext_noop

KEY_ELEMENTS = ("key", "resourcekey")  # the IPT falls back to <resourceKey>
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OrganisationBrief:
    """One entry of ``organisation.json``."""

    key: str
    name: str


@dataclass(frozen=True)
class OrganisationDetail:
    """``organisation/{key}.json``: what the IPT copies into its organisation record."""

    key: str
    name: str
    description: str = ""
    homepage_url: str = ""
    node_key: str = ""
    node_name: str = ""
    node_contact_email: str = ""
    primary_contact_type: str = ""
    primary_contact_name: str = ""
    primary_contact_email: str = ""


@dataclass(frozen=True)
class NetworkBrief:
    """One entry of ``network.json``."""

    key: str
    name: str


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def parse_key(body: bytes, *, url: str = "") -> str:
    """The UUID in the first ``<key>`` (else ``<resourceKey>``) element, any namespace or
    case, whitespace removed (``RegistryEntryHandler``)."""
    try:
        root = etree.fromstring(body, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise RegistryBadResponse(
            gettext_noop("The registry's reply is not XML."), url=url
        ) from exc
    for wanted in KEY_ELEMENTS:
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname.lower() == wanted:
                key = _SPACE.sub("", element.text or "")
                if is_uuid(key):
                    return str(uuid.UUID(key))
                raise RegistryBadResponse(
                    gettext_noop("The registry returned a key that is not a UUID."), url=url
                )
    raise RegistryBadResponse(gettext_noop("The registry's reply has no <key>."), url=url)


def parse_json(body: bytes, *, url: str = "") -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RegistryBadResponse(
            gettext_noop("The registry's reply is not JSON."), url=url
        ) from exc


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_briefs(body: bytes, *, url: str = "") -> list[tuple[str, str]]:
    """``[{"key", "name"}, ...]`` as (key, name) pairs; entries without a name or a UUID
    key are skipped, as the IPT skips them."""
    data = parse_json(body, url=url)
    if not isinstance(data, list):
        raise RegistryBadResponse(gettext_noop("The registry's list is not a JSON array."), url=url)
    pairs = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        key, name = _text(entry.get("key")), _text(entry.get("name"))
        if name and is_uuid(key):
            pairs.append((key, name))
    return pairs


def parse_organisation(body: bytes, *, url: str = "") -> OrganisationDetail:
    data = parse_json(body, url=url)
    if not isinstance(data, dict) or not is_uuid(_text(data.get("key"))):
        raise RegistryBadResponse(gettext_noop("The registry's organisation has no key."), url=url)
    return OrganisationDetail(
        key=_text(data.get("key")),
        name=_text(data.get("name")),
        description=_text(data.get("description")),
        homepage_url=_text(data.get("homepageURL")),
        node_key=_text(data.get("nodeKey")),
        node_name=_text(data.get("nodeName")),
        node_contact_email=_text(data.get("nodeContactEmail")),
        primary_contact_type=_text(data.get("primaryContactType")),
        primary_contact_name=_text(data.get("primaryContactName")),
        primary_contact_email=_text(data.get("primaryContactEmail")),
    )


def parse_boolean(body: bytes, *, url: str = "") -> bool:
    """``true``/``false`` (as ``BooleanUtils.toBoolean``: anything else is false)."""
    return body.decode("utf-8", "replace").strip().strip('"').lower() in ("true", "yes", "on")
