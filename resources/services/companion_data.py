"""Which resource's sources and mappings make a resource's data (issue #24). Kept apart from
``companions`` so that the metadata app can ask it without a ring of imports."""

from __future__ import annotations

from resources.models import Resource


def data_resource(resource: Resource) -> Resource:
    """The resource whose sources and mappings make ``resource``'s data: the original for an
    access-limited companion, else ``resource`` itself. Publication, validation and coverage
    inference read the data through it."""
    if resource.companion_of_id is None:
        return resource
    return resource.companion_of  # type: ignore[return-value]
