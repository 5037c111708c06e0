"""Reading, saving and validating a resource's working metadata (the one entry point).

The API, the editor pages, imports and publication all go through these functions.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.editable import fitted
from core.errors import UserError
from metadata import error_codes as codes
from metadata.eml.model import Document, Title
from metadata.eml.serialize import ShapeError, from_dict, to_dict
from metadata.eml.validate import SECTIONS, Issue, validate
from metadata.models import ResourceMetadata
from publisher.models import User
from resources.models import Resource

from .contacts import contacts_harvest

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"


def _default_document(resource: Resource) -> Document:
    return Document(
        titles=[Title(text=resource.title or resource.shortname)],
        short_name=resource.shortname,
        dataset_type=resource.type if resource.type != "metadata" else "metadata",
        metadata_language=DEFAULT_LANGUAGE,
        language=DEFAULT_LANGUAGE,
    )


def metadata_record(resource: Resource) -> ResourceMetadata:
    """The resource's metadata row, created with a default document on first use."""
    record = ResourceMetadata.objects.filter(resource=resource).first()
    if record is None:
        record, _created = ResourceMetadata.objects.get_or_create(
            resource=resource, defaults={"document": to_dict(_default_document(resource))}
        )
    return record


def metadata_get(resource: Resource) -> Document:
    """The working document of ``resource``."""
    record = metadata_record(resource)
    try:
        return from_dict(record.document)
    except ShapeError:  # pragma: no cover - only written through metadata_save
        logger.exception("Stored metadata of resource %s does not fit the model", resource.pk)
        raise


def metadata_from_json(data: object) -> Document:
    """Build a document from API/editor JSON, or a UserError naming the bad field."""
    if not isinstance(data, dict):
        raise UserError(
            _("The metadata must be a JSON object."),
            code=codes.METADATA_SHAPE,
            details={"field": ""},
        )
    try:
        return from_dict(data)
    except ShapeError as exc:
        problem = _(exc.template) % exc.params if exc.params else _(exc.template)
        message = _("%(where)s: %(message)s") % {
            "where": exc.path or "document",
            "message": problem,
        }
        raise UserError(message, code=codes.METADATA_SHAPE, details={"field": exc.path}) from exc


@transaction.atomic
def metadata_save(resource: Resource, doc: Document, *, user: User | None = None) -> list[Issue]:
    """Store ``doc`` as the working metadata; returns the validation issues (saved anyway).

    The resource's title follows the document's default title; the people and organisations
    of the document are remembered as shared contacts.
    """
    record = metadata_record(resource)
    doc.short_name = resource.shortname
    record.document = to_dict(doc)
    record.modified_by = user
    # Only these fields: a running inference may be writing ``inferred`` meanwhile.
    record.save(update_fields=["document", "modified_by", "modified"])
    if doc.title and doc.title != resource.title:
        resource.title = fitted(Resource, title=doc.title)["title"]
        resource.save(update_fields=["title", "modified"])
    contacts_harvest(doc, user=user, resource=resource)
    logger.info("Metadata of resource %s saved by user %s", resource.pk, user.pk if user else None)
    return validate(doc)


def published_dataset_type(resource: Resource) -> str:
    """The dataset type publication writes: the resource's, which its core decides (the IPT
    writes its core type), whatever the working metadata says."""
    return str(resource.type)


def dataset_type_conflict(resource: Resource, doc: Document) -> str:
    """The dataset type the working metadata states when it is not the one publication
    writes ("" when they agree or the document states none), to be shown to the manager."""
    stated = doc.dataset_type.strip()
    return stated if stated and stated != published_dataset_type(resource) else ""


def document_issues(doc: Document) -> list[Issue]:
    """The issues of a working document: all but the publication date's, which publication
    and export set and no page can enter."""
    return [i for i in validate(doc) if i.field != "pub_date"]


def metadata_validate(resource: Resource) -> list[Issue]:
    """The validation issues of the working document (empty: publishable)."""
    return document_issues(metadata_get(resource))


def validation_sections(issues: list[Issue]) -> dict[str, str]:
    """Every editor section with "invalid" when an issue lies in it, else "valid"."""
    bad = {issue.section for issue in issues}
    return {section: "invalid" if section in bad else "valid" for section in SECTIONS}
