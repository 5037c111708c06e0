"""The metadata of an access-limited companion (issue #24): a copy of the original's working
metadata to start from, and the sentences that tie the two documents together at
publication."""

from __future__ import annotations

from metadata.eml.model import Document
from metadata.models import COVERAGE_PARTS
from publisher.models import User
from resources.models import Resource

from .coverage import metadata_settings_update
from .documents import metadata_get, metadata_record, metadata_save


def metadata_copy(*, source: Resource, target: Resource, title: str, user: User | None) -> None:
    """Give ``target`` a copy of ``source``'s working metadata and settings, with ``title`` as
    its default title. The identifiers that name ``source`` (citation identifier, alternate
    identifiers, packageId) are left out: they would name the wrong dataset."""
    doc = metadata_get(source)
    _retitle(doc, title)
    doc.package_id = ""
    doc.alternate_identifiers = []
    doc.citation.identifier = ""
    metadata_save(target, doc, user=user)
    record = metadata_record(source)
    modes = {p + "_coverage_mode": getattr(record, p + "_coverage_mode") for p in COVERAGE_PARTS}
    metadata_settings_update(target, citation_auto=record.citation_auto, user=user, **modes)


def _retitle(doc: Document, title: str) -> None:
    for entry in doc.titles:
        if doc.is_default_language(entry.lang):
            entry.text = title
            return
    if doc.titles:
        doc.titles[0].text = title
