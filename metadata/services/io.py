"""Importing EML into a resource's working metadata, and exporting it as EML.

Uploaded EML is parsed by the hardened parser of ``metadata.eml``; anything it refuses
becomes a ``metadata:eml`` user error and leaves the stored metadata as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.errors import UserError
from metadata import error_codes as codes
from metadata.eml.model import Document
from metadata.eml.parse import EmlError, parse_eml
from metadata.eml.serialize import to_dict
from metadata.eml.write import write_eml
from metadata.models import ResourceMetadata
from publisher.models import User
from resources.models import Resource

from .citations import citation_apply
from .documents import (
    metadata_from_json,
    metadata_get,
    metadata_record,
    metadata_save,
    published_dataset_type,
)

logger = logging.getLogger(__name__)

IMPORT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Change:
    """One value an import would change: a dotted ``path`` (``creators[0].emails[1]``)."""

    path: str
    old: str
    new: str


@dataclass
class ImportPreview:
    """The document an import would store and what it changes, field by field."""

    document: Document
    changes: list[Change]


def _parsed(resource: Resource, current: Document, data: bytes, filename: str) -> Document:
    if len(data) >= IMPORT_MAX_BYTES:
        raise UserError(
            gettext_noop("%(file)s is 50 MB or larger; EML documents must be smaller."),
            params={"file": filename},
            code=codes.METADATA_EML,
            details={"reason": "eml:too-large", "line": None},
        )
    try:
        doc = parse_eml(data, source=filename)
    except EmlError as exc:
        raise UserError(
            str(exc), code=codes.METADATA_EML, details={"reason": exc.code, "line": exc.line}
        ) from exc
    doc.short_name = current.short_name or resource.shortname
    if not doc.dataset_type:  # older documents do not say; the resource does
        doc.dataset_type = resource.type
    doc.metadata_language = doc.metadata_language or current.metadata_language
    doc.language = doc.language or current.language
    doc.package_id = current.package_id
    return doc


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> dict[str, str]:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[{index}]", out)
    elif value not in ("", None):
        out[prefix] = str(value)
    return out


def document_changes(old: Document, new: Document) -> list[Change]:
    """Every leaf value that differs between two documents, in document order."""
    before = _flatten(to_dict(old), "", {})
    after = _flatten(to_dict(new), "", {})
    paths = list(after) + [p for p in before if p not in after]
    return [
        Change(path, before.get(path, ""), after.get(path, ""))
        for path in paths
        if before.get(path, "") != after.get(path, "")
    ]


def metadata_import_preview(
    resource: Resource, *, data: bytes, filename: str = "eml.xml"
) -> ImportPreview:
    """What importing ``data`` would store (the short name is kept) and the changed values.

    Raises ``UserError`` (``metadata:eml``) for unsafe, malformed, non-EML or oversized input.
    """
    current = metadata_get(resource)
    doc = _parsed(resource, current, data, filename)
    return ImportPreview(document=doc, changes=document_changes(current, doc))


def metadata_json_preview(resource: Resource, *, data: object) -> ImportPreview:
    """What storing the JSON document ``data`` (the shape of the API and of ``metadata_export``
    in JSON) would store and change; the short name stays the resource's.

    Raises ``UserError`` (``metadata:shape``, naming the field) when it does not fit the model.
    """
    current = metadata_get(resource)
    doc = metadata_from_json(data)
    doc.short_name = resource.shortname
    return ImportPreview(document=doc, changes=document_changes(current, doc))


@transaction.atomic
def metadata_import(
    resource: Resource, *, data: bytes, user: User | None, filename: str = "eml.xml"
) -> Document:
    """Replace the working metadata by the EML in ``data`` (the short name is kept).

    A document that brings its own citation keeps it: automatic citation is switched off,
    so the publisher's citation is published as written (as the IPT-folder import does).
    Nothing is stored when the input is refused (``UserError`` ``metadata:eml``).
    """
    doc = _parsed(resource, metadata_get(resource), data, filename)
    metadata_save(resource, doc, user=user)
    if doc.citation.text.strip():
        ResourceMetadata.objects.filter(resource=resource).update(citation_auto=False)
    logger.info("EML imported into resource %s (%d bytes)", resource.pk, len(data))
    return doc


def metadata_export(resource: Resource) -> bytes:
    """The working metadata as EML (GBIF profile 1.3) with the resource's stable packageId,
    its dataset type (``published_dataset_type``) and its citation generated when the resource
    asks for automatic citations. Before the
    first publication the (required) publication date is today's, as the IPT writes it."""
    record = metadata_record(resource)
    doc = metadata_get(resource)
    doc.dataset_type = published_dataset_type(resource)
    doc = citation_apply(resource, doc)
    if not doc.pub_date:
        doc.pub_date = timezone.localdate().isoformat()
    return write_eml(doc, package_id=str(record.package_id))
