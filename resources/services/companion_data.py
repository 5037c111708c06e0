"""Which resource's sources and mappings make a resource's data (issue #24). Kept apart from
``companions`` so that the metadata app can ask it without a ring of imports."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from core.errors import UserError
from resources.error_codes import COMPANION_SOURCES
from resources.models import Resource


def data_resource(resource: Resource) -> Resource:
    """The resource whose sources and mappings make ``resource``'s data: the original for an
    access-limited companion, else ``resource`` itself. Publication, validation and coverage
    inference read the data through it."""
    if resource.companion_of_id is None:
        return resource
    return resource.companion_of  # type: ignore[return-value]


def refuse_companion_data(resource: Resource) -> None:
    """A companion has no sources or mappings of its own: adding one is refused."""
    if resource.companion_of_id is not None:
        raise UserError(
            gettext_noop(
                "An access-limited companion publishes the sources and mappings of its "
                "original; add or change them there."
            ),
            code=COMPANION_SOURCES,
        )
