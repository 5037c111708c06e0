"""The dataset identifier of an imported IPT resource: its EML packageId is kept.

The IPT's packageId (``<uuid>/v<version>``) names the dataset across its versions, and
readers of the RSS feed know it by that name; a new UUID would make it another dataset.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from metadata.models import ResourceMetadata
from metadata.services.documents import metadata_record
from resources.ipt.model import IptResource
from resources.ipt.package_id import eml_package_id, package_uuid
from resources.models import Resource


def ipt_package_id_keep(
    *, resource: Resource, ipt: IptResource, folder: Path, notes: list[str]
) -> str | None:
    """Make the UUID of the IPT's packageId (``eml.xml``) the resource's packageId, or the
    GBIF key of a registered resource when the packageId is an old IPT's resource URL (the
    IPT then used that key). Returns the kept id; None, with a note, when the resource keeps
    its new one (nothing usable, or another resource here has it)."""
    eml = folder / "eml.xml"
    found = eml_package_id(eml.read_bytes()) if eml.is_file() else ""
    registered = ipt.key if ipt.status == "REGISTERED" else ""
    kept = package_uuid(found) or package_uuid(registered)
    record = metadata_record(resource)
    if kept is None:
        notes.append(
            _(
                "The packageId %(old)s is not a UUID, so it could not be kept; the "
                "dataset's packageId here is %(new)s."
            )
            % {"old": found or "-", "new": record.package_id}
        )
        return None
    if ResourceMetadata.objects.filter(package_id=kept).exclude(pk=record.pk).exists():
        notes.append(
            _("The packageId %(old)s belongs to another resource here; this one got %(new)s.")
            % {"old": kept, "new": record.package_id}
        )
        return None
    ResourceMetadata.objects.filter(pk=record.pk).update(package_id=kept)
    return kept
