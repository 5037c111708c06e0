"""What a published document says of the resources related to its own (issue #24): the public
resource that precise data exist on request, its access-limited companion which resource's
data it publishes precisely. The GBIF profile has no element for related datasets, so both
go into ``additionalInfo``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from publisher.services.installation import installation_base_url
from resources.models import Resource


def companion_note(resource: Resource) -> str:
    """The sentence ``resource``'s documents and landing page carry about its access-limited
    companion or original; "" when it has neither. A public resource's note names no address
    of its companion, which answers 404 to the public."""
    original = resource.companion_of
    if original is not None:
        url = "%s/resource?r=%s" % (installation_base_url(), original.shortname)
        return _(
            "This access-limited dataset holds the precise data of %(title)s (%(url)s), "
            "which publishes them under a sensitivity policy."
        ) % {"title": original.title or original.shortname, "url": url}
    if Resource.objects.filter(companion_of=resource).exists():
        return precise_data_note()
    return ""


def precise_data_note() -> str:
    """What a resource with an access-limited companion tells everyone."""
    return _(
        "Precise data for the records generalised under the sensitivity policy exist in an "
        "access-limited dataset: contact the dataset's contacts."
    )


def with_companion_note(paragraphs: list[str], resource: Resource) -> list[str]:
    """``paragraphs`` (additional information) with the companion note last, once."""
    note = companion_note(resource)
    kept = [p for p in paragraphs if p.strip() != note]
    return [*kept, note] if note else kept
