"""Republishing an occurrence dataset as a sampling-event dataset (issue #25), two ways.

*In place*: the resource's occurrence source is split into events and occurrences
(``derive_apply``), the resource becomes a sampling-event resource and its next publication is
a new major version. The GBIF dataset keeps its key, DOI and citations; the registration
update after that publication sends the sampling-event archive type. It fits when the
occurrenceIDs stay the same.

*As a new dataset*: GBIF's guide. A new sampling-event resource gets copies of the
original's files, the events derived from them, and a copy of its metadata naming the
original in ``dc:replaces``; GBIF's help desk then marks the original as replaced.

Either way the occurrences keep the field rules the Occurrence mapping had (translations,
defaults, constants), except those of the terms that became event-level.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.definitions.offer import EVENT, OCCURRENCE
from core.errors import UserError
from metadata.services.citations import resource_url
from metadata.services.companions import metadata_copy
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import User
from resources import error_codes as codes
from resources.mapping.split import Split
from resources.models import ExtensionMapping, Resource, ResourceType, Source
from resources.permissions import may_manage_resource
from resources.sources import FileSpec

from .derive import derive_apply
from .mappings import mapping_definition, mapping_update
from .resources import resource_create
from .sources import source_add_file

logger = logging.getLogger(__name__)

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT_ID = DWC + "eventID"
OCCURRENCE_ID = DWC + "occurrenceID"
SAMPLING_EVENT_TYPE = "sampling-event"  # the EML dataset type (keyword "Samplingevent")
HELPDESK = "helpdesk@gbif.org"


@dataclass(frozen=True)
class OldMapping:
    """What the Occurrence mapping of the source said before the split replaced it."""

    rules: dict[str, dict]  # field rules by term
    filters: list[dict]


# --- checks and reads ---------------------------------------------------------------------------


def occurrence_source(resource: Resource) -> Source | None:
    """The source the resource's Occurrence core is mapped from (None when unmapped)."""
    mapping = (
        resource.mappings.filter(extension__row_type=OCCURRENCE, source__isnull=False)
        .select_related("source")
        .order_by("position", "pk")
        .first()
    )
    return mapping.source if mapping is not None else None


def republish_problem(resource: Resource) -> str:
    """Why ``resource`` cannot be republished as a sampling-event dataset ("" when it can)."""
    if resource.type != ResourceType.OCCURRENCE or resource.companion_of_id is not None:
        return str(codes.REPUBLISH_NOT_OCCURRENCE.message)
    if occurrence_source(resource) is None:
        return str(codes.REPUBLISH_NO_SOURCE.message)
    return ""


def _check(resource: Resource, by: User) -> Source:
    if not may_manage_resource(by, resource):
        raise UserError(
            _("Only the managers of this resource may republish it."),
            code=codes.REPUBLISH_FORBIDDEN,
        )
    if resource.type != ResourceType.OCCURRENCE or resource.companion_of_id is not None:
        raise UserError(
            _("Only an occurrence resource is republished as a sampling-event dataset."),
            code=codes.REPUBLISH_NOT_OCCURRENCE,
        )
    source = occurrence_source(resource)
    if source is None:
        raise UserError(
            _("Map a source to the Occurrence core before republishing the resource."),
            code=codes.REPUBLISH_NO_SOURCE,
        )
    return source


def _old_mapping(source: Source) -> OldMapping:
    """The field rules of the source's Occurrence mapping by term; the core id column becomes
    the occurrenceID when no rule writes one, so that the occurrences keep their ids."""
    mapping = source.mappings.filter(extension__row_type=OCCURRENCE).order_by("pk").first()
    if mapping is None:
        return OldMapping(rules={}, filters=[])
    definition = mapping_definition(mapping)
    rules = {rule["term"]: rule for rule in definition["fields"]}
    if OCCURRENCE_ID not in rules and definition.get("id_column"):
        rules[OCCURRENCE_ID] = {"term": OCCURRENCE_ID, "column": definition["id_column"]}
    return OldMapping(rules=rules, filters=list(definition["filters"]))


# --- carrying the old rules over -------------------------------------------------------------


def _event_level(split: Split) -> set[str]:
    return {*split.event.values(), *split.parent.values(), EVENT_ID}


def _carry(created: list[ExtensionMapping], old: OldMapping, split: Split) -> None:
    """Give the derived mappings the old mapping's rules: events those of their own columns
    (translations, defaults) and the old filters on columns, occurrences every rule of a
    term that stayed occurrence-level and all the old filters."""
    event_level = _event_level(split)
    for mapping in created:
        definition = mapping_definition(mapping)
        fields = {rule["term"]: rule for rule in definition["fields"]}
        if mapping.extension.row_type == EVENT:
            for term, rule in fields.items():
                kept = old.rules.get(term)
                if kept is not None and kept.get("column") == rule.get("column"):
                    fields[term] = kept
            # the rows the old mapping left out make no events either (filters on source
            # columns; those on translated terms test terms the events may not map)
            definition["filters"] = [f for f in old.filters if not f.get("after_translation")]
        else:
            fields.update({t: r for t, r in old.rules.items() if t not in event_level})
            definition["filters"] = old.filters
        definition["fields"] = list(fields.values())
        mapping_update(mapping=mapping, definition=definition)


def _derive(resource: Resource, source: Source, split: Split, old: OldMapping) -> list:
    created = derive_apply(resource=resource, source=source, split=split)
    _carry(created, old, split)
    return created


def _set_dataset_type(resource: Resource, by: User, *, replaces: str | None = None) -> None:
    doc = metadata_get(resource)
    doc.dataset_type = SAMPLING_EVENT_TYPE
    if replaces is not None:
        doc.replaces = replaces
    metadata_save(resource, doc, user=by)


# --- in place ---------------------------------------------------------------------------------


@transaction.atomic
def republish_in_place(
    *, resource: Resource, source: Source | None = None, split: Split, by: User
) -> list[ExtensionMapping]:
    """Make the occurrence ``resource`` a sampling-event resource with the events ``split``
    derives from its Occurrence source: its next publication is a new major version of the
    same dataset (same GBIF key and DOI). Returns the derived mappings.

    Refused for people who do not manage it, for resources that are not occurrence ones and
    when no source is mapped to the Occurrence core."""
    mapped = _check(resource, by)
    source = source or mapped
    old = _old_mapping(source)
    created = _derive(resource, source, split, old)
    resource.next_major = True
    resource.save(update_fields=["next_major", "modified"])
    _set_dataset_type(resource, by)
    logger.info("Resource %s republished in place as events by user %s", resource.pk, by.pk)
    return created


# --- as a new dataset -----------------------------------------------------------------------------


def replaced_identifier(resource: Resource) -> str:
    """How the new dataset's ``dc:replaces`` names ``resource``: its GBIF dataset key when
    registered, else the DOI of its newest version that has one, else its landing page."""
    if resource.gbif_key:
        return str(resource.gbif_key)
    version = resource.versions.exclude(doi="").order_by("-major", "-minor").first()
    if version is not None:
        return "https://doi.org/" + version.doi
    return resource_url(resource)


def _copy_sources(original: Resource, target: Resource) -> dict[int, Source]:
    """Copies of the original's file sources (read as they were), by original source id."""
    copies = {}
    for source in original.sources.exclude(path="").order_by("pk"):
        copy = source_add_file(
            resource=target,
            path=settings.DATA_DIR / source.path,
            name=source.name,
            spec=FileSpec.from_dict(source.spec) if source.spec else None,
        )
        if source.date_format:
            copy.date_format = source.date_format
            copy.save(update_fields=["date_format"])
        copies[source.pk] = copy
    return copies


@transaction.atomic
def republish_as_new(*, resource: Resource, split: Split, by: User, shortname: str) -> Resource:
    """Create and return a new sampling-event resource named ``shortname`` that replaces the
    occurrence ``resource``: copies of its files, the events ``split`` derives from its
    Occurrence source, its metadata with the sampling-event type and ``dc:replaces`` naming
    the original. Same organisation and managers; the original is left unchanged."""
    source = _check(resource, by)
    new = resource_create(
        shortname=shortname,
        creator=by,
        title=resource.title,
        type=ResourceType.SAMPLING_EVENT,
    )
    new.organisation = resource.organisation
    new.republished_from = resource
    new.save(update_fields=["organisation", "republished_from"])
    new.managers.set({*resource.managers.all(), by})
    copies = _copy_sources(resource, new)
    _derive(new, copies[source.pk], split, _old_mapping(source))
    metadata_copy(source=resource, target=new, title=new.title, user=by)
    _set_dataset_type(new, by, replaces=replaced_identifier(resource))
    logger.info(
        "Resource %s republished as the new resource %s by user %s", resource.pk, new.pk, by.pk
    )
    return new


# --- the help desk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpdeskMail:
    """The e-mail that asks GBIF's help desk to mark the original dataset as replaced."""

    original_key: str
    new_key: str  # "" while the new resource is not registered
    href: str  # mailto: link, "" until both are registered


def helpdesk_mail(resource: Resource) -> HelpdeskMail | None:
    """The help desk e-mail of a resource republished as a new dataset (None for others)."""
    original = resource.republished_from
    if original is None:
        return None
    original_key = str(original.gbif_key or "")
    new_key = str(resource.gbif_key or "")
    href = ""
    if original_key and new_key:
        # Written in English on purpose: it is read by GBIF's help desk, not by the user.
        subject = "Dataset %s replaced by dataset %s" % (original_key, new_key)
        body = (
            "Hello,\n\nThe occurrence dataset https://www.gbif.org/dataset/%s was republished "
            "as the sampling-event dataset https://www.gbif.org/dataset/%s, which names it in "
            "dc:replaces. Please mark the original dataset as replaced by the new one.\n\n"
            "Thank you."
        ) % (original_key, new_key)
        href = "mailto:%s?subject=%s&body=%s" % (HELPDESK, quote(subject), quote(body))
    return HelpdeskMail(original_key=original_key, new_key=new_key, href=href)
