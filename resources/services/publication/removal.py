"""Deleting a published version (an admin's remedy when a version leaked data).

The version's files are removed and its row stays as a tombstone (``Version.deleted_at``),
so that its addresses answer 410 Gone and its number is never given again. When it was the
newest version, the newest remaining one becomes current; its files are touched so that
their ``Last-Modified`` is no older than the deletion and a harvester holding the removed
copy (``If-Modified-Since``) fetches again. The only remaining version cannot be deleted: a
resource left without any version would look unpublished while GBIF and the feeds still
point at it; delete the resource instead. A version with a DOI cannot be deleted either.
"""

from __future__ import annotations

import logging
import os

from django.db import transaction
from django.utils import timezone

from core.errors import UserError
from core.permissions import is_admin
from publisher.models import User
from resources import error_codes as codes
from resources.models import Resource, Version

from ..resources import resource_dir
from .files import NAMES, version_path
from .start import latest_version, publication_running

logger = logging.getLogger(__name__)

REASON_MAX = 2000
SERVED = ("archive", "eml", "datapackage")  # what archive.do, eml.do, datapackage.do send


def version_delete(*, version: Version, by: User, reason: str) -> Version:
    """Delete ``version``: remove all its files and keep it as a tombstone saying when, by
    whom and why. Refused for non-admins, without a reason, for a version with a DOI, for
    the only remaining version and while the resource is being published. Returns the
    tombstone; the caller updates the GBIF registration when the newest version changed
    (``workflows.versions.version_delete``)."""
    reason = reason.strip()
    _check(version, by, reason)
    resource = version.resource
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()
        now = timezone.now()
        was_latest = latest_version(resource) == version
        Version.all_objects.filter(pk=version.pk).update(
            deleted_at=now, deleted_by=by, deleted_reason=reason
        )
        # landing pages, feeds and listings are cached by what the resource shows
        Resource.objects.filter(pk=resource.pk).update(modified=now)
    _remove_files(version)
    if was_latest:
        _touch_current(resource, now)
    logger.info("Resource %s: version %s deleted by user %s", resource.pk, version.label, by.pk)
    return Version.all_objects.get(pk=version.pk)


def _check(version: Version, by: User, reason: str) -> None:
    if not is_admin(by):
        raise UserError(code=codes.VERSION_DELETE_FORBIDDEN)
    if not reason or len(reason) > REASON_MAX:
        raise UserError(code=codes.VERSION_DELETE_REASON)
    if version.doi:
        raise UserError(code=codes.VERSION_DELETE_DOI)
    if (
        version.deleted_at is not None
        or not version.resource.versions.exclude(pk=version.pk).exists()
    ):
        raise UserError(code=codes.VERSION_DELETE_LAST)
    if publication_running(version.resource):
        raise UserError(code=codes.VERSION_DELETE_RUNNING)


def _remove_files(version: Version) -> None:
    """Every file the version wrote, the archive removed by the archival mode included."""
    folder = resource_dir(version.resource)
    for kind in NAMES:
        name = getattr(version, kind + "_name")
        if name:
            (folder / name).unlink(missing_ok=True)


def _touch_current(resource: Resource, when) -> None:
    """Give the files of the now newest version a modification time no older than the
    deletion: ``Last-Modified`` and the ``ETag`` come from it (here and at a front server)."""
    current = latest_version(resource)
    if current is None:
        return
    stamp = when.timestamp()
    for kind in SERVED:
        path = version_path(current, kind)
        if path is not None and path.exists() and path.stat().st_mtime < stamp:
            os.utime(path, (stamp, stamp))
