"""A metadata-only resource from a lone EML document, as the IPT makes one from an ``.xml``
upload."""

from __future__ import annotations

from pathlib import Path

from metadata.services.io import metadata_import
from publisher.models import User
from resources.models import ResourceType

from ..resources import resource_create
from .dwca import ImportResult
from .undo import undone_on_failure


def resource_from_eml(*, path: Path, user: User, shortname: str) -> ImportResult:
    """Create the metadata-only resource ``shortname`` described by the EML at ``path``;
    its title is the document's. Refused (``UserError``, nothing created): a taken or invalid
    short name, a document the EML parser refuses (``metadata:eml``)."""
    with undone_on_failure() as keep:
        resource = keep(
            resource_create(shortname=shortname, creator=user, type=ResourceType.METADATA)
        )
        # The resource's title follows the document's (metadata_save).
        metadata_import(resource, data=path.read_bytes(), user=user, filename=path.name)
    return ImportResult(resource=resource)
