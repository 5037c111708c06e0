"""Published versions brought from another installation: their files byte for byte under
our names, a ``Version`` row each, and the resource's registration and visibility.

Shared by the IPT folder import and the import of this publisher's own export. The files
keep their bytes, and their modification time is the version's publication time, so that
``archive.do?r=<shortname>&v=<version>`` answers with the same file and a ``Last-Modified``
that is the version's publication time (as the IPT's, in UTC).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publisher.models import Organisation, User
from publisher.services.organisations import PORTABLE, organisation_import
from resources.ipt.archive import archive_counts, archive_row_types
from resources.ipt.model import IptError, IptOrganisation
from resources.models import Resource, Version, Visibility

from ..publication.files import data_sha256, file_sha256, resource_folder, version_file_name

LABEL = re.compile(r"^(\d+)(?:\.(\d+))?$")
# IPT publication status -> our visibility.
VISIBILITY = {
    "PRIVATE": Visibility.PRIVATE,
    "PUBLIC": Visibility.PUBLIC,
    "REGISTERED": Visibility.REGISTERED,
    "DELETED": Visibility.DELETED,
}


@dataclass
class Adopted:
    """One version to bring in. ``files`` maps a kind (archive, eml, report, flagged, ids,
    datapackage) to the file to copy; ``fields`` are Version fields known from the source (counts,
    records, digests ...), the rest is computed from the files."""

    label: str
    published_at: datetime | None
    visibility: str = Visibility.PRIVATE
    change_summary: str = ""
    published_by: User | None = None
    files: dict[str, Path] = field(default_factory=dict)
    fields: dict = field(default_factory=dict)


def version_numbers(label: str) -> tuple[int, int] | None:
    """``10.2`` -> (10, 2); an old integer version ``3`` -> (3, 0); else None."""
    match = LABEL.match(label.strip())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def versions_adopt(
    *, resource: Resource, versions: list[Adopted], notes: list[str]
) -> list[Version]:
    """Copy the files and create the versions (labels that do not parse or repeat are
    noted and skipped). The resource counts as published from its first version on."""
    created, seen = [], set()
    folder = resource_folder(resource)
    for item in versions:
        numbers = version_numbers(item.label)
        if numbers is None or numbers in seen:
            notes.append(
                _(
                    "Version %(label)s was not imported: its number is not of the form "
                    "1.0 or appears twice."
                )
                % {"label": item.label}
            )
            continue
        seen.add(numbers)
        created.append(_adopt(resource, folder, item, numbers, notes))
    if created:
        first = min(v.published_at for v in created)
        Resource.objects.filter(pk=resource.pk).update(published_at=first)
        resource.published_at = first
    return created


def _adopt(
    resource: Resource, folder: Path, item: Adopted, numbers: tuple[int, int], notes: list[str]
) -> Version:
    label = "%d.%d" % numbers
    published_at = item.published_at or timezone.now()
    names = {}
    for kind, path in item.files.items():
        names[kind] = version_file_name(kind, label)
        shutil.copy2(path, folder / names[kind])
        _stamp(folder / names[kind], published_at)
    values = dict(item.fields)
    archive = folder / names["archive"] if "archive" in names else None
    if archive is not None:
        values |= _archive_facts(archive, values, label, notes)
    if "datapackage" in names:
        values |= _datapackage_facts(folder / names["datapackage"])
    return Version.objects.create(
        resource=resource,
        major=numbers[0],
        minor=numbers[1],
        label=label,
        published_at=published_at,
        published_by=item.published_by,
        change_summary=item.change_summary,
        visibility=item.visibility,
        archive_name=names.get("archive", ""),
        eml_name=names.get("eml", ""),
        report_name=names.get("report", ""),
        flagged_name=names.get("flagged", ""),
        ids_name=names.get("ids", ""),
        datapackage_name=names.get("datapackage", ""),
        **values,
    )


def _stamp(path: Path, published_at: datetime) -> None:
    """The file's modification time (its Last-Modified at archive.do and eml.do) becomes the
    version's publication time, recorded in UTC: a zip entry's time is local to whoever made
    the zip, and an EML taken out of an archive would otherwise carry the import time."""
    stamp = published_at.timestamp()
    os.utime(path, (stamp, stamp))


def _datapackage_facts(package: Path) -> dict:
    """Size and digest of the Darwin Core Data Package as copied (the bytes served)."""
    return {"datapackage_size": package.stat().st_size, "datapackage_sha256": file_sha256(package)}


def _archive_facts(archive: Path, known: dict, label: str, notes: list[str]) -> dict:
    facts = {
        "archive_size": archive.stat().st_size,
        "archive_sha256": known.get("archive_sha256") or file_sha256(archive),
    }
    if not known.get("data_sha256"):
        facts["data_sha256"] = data_sha256(archive)
    if not known.get("row_types"):
        facts["row_types"] = _row_types(archive)
    if "counts" not in known:
        try:
            counted = archive_counts(archive)
        except IptError as exc:
            notes.append(
                _(
                    "The archive of version %(label)s could not be read to count its "
                    "records: %(error)s"
                )
                % {"label": label, "error": exc.message}
            )
        else:
            facts["counts"] = counted.counts
            if counted.core:
                facts["records"] = counted.records
    return facts


def _row_types(archive: Path) -> dict[str, str]:
    """The rowTypes of the archive's meta.xml; a damaged archive is noted by the counting."""
    try:
        return archive_row_types(archive)
    except IptError:
        return {}


# --- visibility, registration, organisation -------------------------------------------------


@dataclass
class Standing:
    """Who may see the resource and how it is registered, as the source had it; ``extra``
    holds other resource fields to keep (creation date, pending visibility, public-from)."""

    visibility: str = Visibility.PRIVATE
    gbif_key: str = ""
    registered_at: datetime | None = None
    organisation_key: str = ""
    organisation: IptOrganisation | None = None
    extra: dict = field(default_factory=dict)


@transaction.atomic
def resource_standing_set(*, resource: Resource, standing: Standing, notes: list[str]) -> None:
    """Set visibility, GBIF key and publishing organisation in one step.

    Written here rather than through the visibility services: an import states what the
    resource already is elsewhere; it requests no change. A GBIF key that another resource
    here holds is not carried over; an organisation unknown here is created from
    ``standing.organisation`` (the registration data of the data directory), without its
    token, else noted.
    """
    changes: dict = {
        "visibility": standing.visibility,
        **standing.extra,
        "modified": timezone.now(),
    }
    key = _uuid(standing.gbif_key)
    if key and Resource.objects.filter(gbif_key=key).exclude(pk=resource.pk).exists():
        notes.append(
            _("The GBIF key %(key)s belongs to another resource here; it was not carried over.")
            % {"key": key}
        )
        key = None
    if key:
        changes |= {"gbif_key": key, "registered_at": standing.registered_at or timezone.now()}
    elif standing.visibility == Visibility.REGISTERED:
        changes["visibility"] = Visibility.PUBLIC
        notes.append(
            _("The resource was registered but has no usable GBIF key; it was imported as public.")
        )
    organisation = _organisation(standing, notes)
    if organisation is not None:
        changes["organisation"] = organisation
    Resource.objects.filter(pk=resource.pk).update(**changes)
    for name, value in changes.items():
        setattr(resource, name, value)


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip())) if text and text.strip() else None
    except ValueError:
        return None


def _organisation(standing: Standing, notes: list[str]) -> Organisation | None:
    key = _uuid(standing.organisation_key)
    if key is None:
        return None
    found = Organisation.objects.filter(key=key).first()
    if found is not None:
        return found
    if standing.organisation is not None:
        data = standing.organisation
        notes.append(
            _(
                "The organisation %(name)s was added without its token (the IPT keeps "
                "it encrypted); an administrator must enter it before registering."
            )
            % {"name": data.name or key}
        )
        return organisation_import(key=key, **{name: getattr(data, name) for name in PORTABLE})
    notes.append(
        _(
            "The publishing organisation %(key)s is not associated with this "
            "installation; an administrator can add it, then choose it for the "
            "resource."
        )
        % {"key": key}
    )
    return None
