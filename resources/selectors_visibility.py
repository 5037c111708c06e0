"""What the public sees of a resource now, and what its next publication changes: the
visibility card says both in plain sentences, so that a change waiting for the next
publication is not taken for a change that did nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from resources.models import VISIBLE, Resource, Version, Visibility
from resources.selectors import has_registered_doi
from resources.services.publication.public import may_publish_public


@dataclass(frozen=True)
class VisibilityOutlook:
    """``latest``: the newest version (any visibility); ``public_version``: the newest one
    anyone may see now (None: the public sees nothing); ``next_visibility``: the visibility
    the next publication gives the resource and its new version; ``changes``: True when that
    differs from now; ``publish_public``: "Make public and publish now" applies;
    ``has_doi``: a published version carries a DOI (the resource stays public; deleting
    withdraws it and restoring makes it public again)."""

    latest: Version | None
    public_version: Version | None
    next_visibility: str
    changes: bool
    publish_public: bool
    has_doi: bool = False


def _next_visibility(resource: Resource) -> str:
    if resource.visibility_pending:
        return str(resource.visibility_pending)
    due = resource.public_from is not None and resource.public_from <= timezone.localdate()
    if due and resource.visibility == Visibility.PRIVATE:
        return str(Visibility.PUBLIC)
    return str(resource.visibility)


def visibility_outlook(resource: Resource) -> VisibilityOutlook:
    """The resource's visibility now and after its next publication."""
    versions = resource.versions.defer("report").order_by("-major", "-minor")
    latest = versions.first()
    public = None
    if resource.visibility in VISIBLE:
        public = versions.filter(visibility__in=VISIBLE).first()
    upcoming = _next_visibility(resource)
    return VisibilityOutlook(
        latest=latest,
        public_version=public,
        next_visibility=upcoming,
        changes=upcoming != resource.visibility,
        publish_public=may_publish_public(resource),
        has_doi=has_registered_doi(resource),
    )
