"""Reading DataCite's JSON:API replies: one DOI record, or a list of errors.

A DOI reply is ``{"data": {"id": ..., "type": "dois", "attributes": {...}}}``; the DataCite
XML comes back base64-encoded in ``attributes.xml`` (null while a draft has none). An error
reply is ``{"errors": [{"status": ..., "source": ..., "title": ...}]}``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from .errors import DataCiteBadResponse, gettext_noop

STATES = ("draft", "registered", "findable")


@dataclass(frozen=True)
class DoiRecord:
    """A DOI as DataCite holds it: its name (lower case, as DataCite writes it), ``state``
    (``draft``, ``registered`` or ``findable``), target ``url`` (empty when none), metadata
    ``xml`` (None when none) and when it was last ``updated`` (ISO 8601, as answered)."""

    doi: str
    state: str
    url: str
    xml: bytes | None
    updated: str


def parse_record(body: bytes, *, url: str, status: int) -> DoiRecord:
    """The DOI record of a 2xx reply; ``DataCiteBadResponse`` when it has another shape."""
    data = _json(body, url=url, status=status)
    record = data.get("data") if isinstance(data, dict) else None
    attributes = record.get("attributes") if isinstance(record, dict) else None
    if not isinstance(attributes, dict):
        raise _malformed(url, status)
    doi, state = attributes.get("doi"), attributes.get("state")
    if not isinstance(doi, str) or not doi or state not in STATES:
        raise _malformed(url, status)
    return DoiRecord(
        doi=doi.lower(),
        state=str(state),
        url=str(attributes.get("url") or ""),
        xml=_xml(attributes.get("xml"), url=url, status=status),
        updated=str(attributes.get("updated") or ""),
    )


def parse_errors(body: bytes) -> tuple[tuple[str, str], ...]:
    """The ``(source, title)`` pairs of a JSON:API error reply (source "" when absent); an
    empty tuple when the body is no such reply."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ()
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, dict):  # some DataCite answers give one error, not a list
        errors = [errors]
    if not isinstance(errors, list):
        return ()
    return tuple(
        (_text(error.get("source")), _text(error.get("title")))
        for error in errors
        if isinstance(error, dict)
    )


def _text(value: Any) -> str:
    if isinstance(value, dict):  # the JSON:API form {"pointer": "/data/attributes/url"}
        value = value.get("pointer") or value.get("parameter") or ""
        return str(value).rsplit("/", 1)[-1]
    return "" if value is None else str(value)


def _json(body: bytes, *, url: str, status: int) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _malformed(url, status) from None


def _xml(value: Any, *, url: str, status: int) -> bytes | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _malformed(url, status)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed(url, status) from None


def _malformed(url: str, status: int) -> DataCiteBadResponse:
    return DataCiteBadResponse(
        gettext_noop("DataCite's reply (%(status)s) is not the DOI record it should be."),
        {"status": status},
        url=url,
        status=status,
    )
