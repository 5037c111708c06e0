"""Deleting a published version, with the GBIF registration that points at the newest one."""

from __future__ import annotations

from publisher.models import User
from publisher.services.registration import dataset_update_queue
from resources.models import Version
from resources.services.publication import latest_version
from resources.services.publication.removal import version_delete as version_remove


def version_delete(*, version: Version, by: User, reason: str) -> Version:
    """Delete the version (``resources.services.publication.removal.version_delete``); when
    it was the newest one of a resource registered with GBIF, its registration is updated
    (a job) as after a publication, so that GBIF crawls the version that is current now."""
    was_latest = latest_version(version.resource) == version
    tombstone = version_remove(version=version, by=by, reason=reason)
    if was_latest:
        dataset_update_queue(resource=version.resource, user=by)
    return tombstone
