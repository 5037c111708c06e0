"""The portal search's facts of published versions: built at the end of each publication,
and rebuilt for versions published before there were facts (``manage.py portal_reindex``)."""

from __future__ import annotations

import logging

from resources.models import FACTS_SHAPE, Version, VersionFacts
from resources.portal.documents import version_document, version_summary
from resources.portal.facts import facts_of
from resources.portal.landing import version_publisher

logger = logging.getLogger(__name__)


def version_facts_build(*, version: Version, summarise: bool = False) -> VersionFacts | None:
    """Compute and keep the search facts of ``version`` from its published EML and its
    archive's summary. The summary of an archive too large to read during a request is built
    only when ``summarise`` (otherwise the follow-up summary job builds the facts again).
    Never raises: a version without facts is still found by its title and short name."""
    try:
        return _build(version, summarise)
    except Exception:
        logger.exception(
            "Search facts of resource %s version %s failed", version.resource_id, version.label
        )
        return None


def _build(version: Version, summarise: bool) -> VersionFacts:
    facts = facts_of(
        doc=version_document(version),
        summary=version_summary(version, build=summarise),
        names=[version.title, version.resource.shortname],
        organisation=version_publisher(version),
    )
    row, _ = VersionFacts.objects.update_or_create(
        version=version,
        defaults={
            "text": facts.text,
            "organisation": facts.organisation,
            "licence": facts.licence,
            "countries": " %s " % " ".join(facts.countries) if facts.countries else "",
            "first_year": facts.first_year,
            "last_year": facts.last_year,
            "shape": FACTS_SHAPE,
        },
    )
    return row


def resource_facts_build(*, resource) -> int:
    """Build the facts of every version of ``resource`` (after an import brought versions
    that were published elsewhere); returns how many were built. Never raises."""
    versions = resource.versions.select_related("resource__organisation").order_by("pk")
    return sum(version_facts_build(version=v, summarise=True) is not None for v in versions)


def facts_reindex(*, everything: bool = False) -> int:
    """Build the facts (and, if missing, the archive summary) of every version that has no
    facts or older ones (of all versions when ``everything``); returns how many were built."""
    versions = Version.objects.defer("report").select_related("resource__organisation")
    if not everything:
        current = VersionFacts.objects.filter(shape=FACTS_SHAPE).values("version_id")
        versions = versions.exclude(pk__in=current)
    built = 0
    for version in versions.order_by("pk").iterator(chunk_size=200):
        built += version_facts_build(version=version, summarise=True) is not None
    return built
