"""The feed entries of published versions (``VersionFragments``): rendered once, at the
publication, and joined by the feeds, so that a feed with thousands of resources reads no
file and renders nothing but its head.

Besides the version, an entry shows a few things that may change later: the base URL, the
resource's organisation, GBIF key and first publication, the packageId its metadata keeps.
``fragments_key`` digests them; a feed renders an entry again (and stores it) when the key
no longer matches, as it does for versions published before there were fragments.
"""

from __future__ import annotations

import hashlib
import logging

from django.db.models import QuerySet

from metadata.services.documents import metadata_record
from publisher.services.installation import installation_base_url, installation_request_scope
from resources.models import Resource, Version, VersionFragments

from . import links
from .documents import version_card
from .feeds.dcat import Contact, DcatDataset, DcatEntry, dataset_turtle, dcat_listed
from .feeds.rss import RssItem, rss_item_xml
from .selectors import resources_listed, with_versions

logger = logging.getLogger(__name__)
FRAGMENTS_SHAPE = 1  # bump when what an entry shows changes: every entry is then rendered again


def gbif_key(resource: Resource) -> str | None:
    """The GBIF dataset key once the registry has one."""
    key = getattr(resource, "gbif_key", None)
    return str(key) if key else None


def _package_id(resource: Resource) -> str:
    """The packageId the resource keeps (selected with the listing, else read)."""
    record = getattr(resource, "metadata_record", None)
    return str((record or metadata_record(resource)).package_id)


def fragments_key(resource: Resource, version: Version, base_url: str) -> str:
    """A digest of everything an entry shows besides the published version's files."""
    organisation = resource.organisation
    values = (
        FRAGMENTS_SHAPE,
        base_url,
        resource.shortname,
        _package_id(resource),
        gbif_key(resource),
        (str(organisation.key), organisation.name) if organisation is not None else None,
        resource.published_at.isoformat() if resource.published_at else None,
        version.pk,
        version.label,
        version.title,
        version.published_at.isoformat(),
        version.change_summary,
        version.has_archive,
        version.records,
    )
    return hashlib.sha256(repr(values).encode()).hexdigest()


def rss_item(resource: Resource) -> RssItem:
    """The RSS item of ``resource``'s latest public version (``resource.latest``)."""
    version = resource.latest
    card = version_card(version)
    shortname = resource.shortname
    contact = next((c for c in card.get("contacts", []) if c.get("email")), None)
    return RssItem(
        title=card.get("title") or version.title or shortname,
        version=version.label,
        link=links.landing(shortname),
        description=version.change_summary or card.get("abstract", ""),
        eml_url=links.absolute("eml.do", shortname),
        archive_url=links.absolute("archive.do", shortname)
        if version.has_archive and version.records > 0
        else "",
        published=version.published_at,
        guid=rss_guid(resource, version.label),
        author="%s (%s)" % (contact["email"], contact["name"]) if contact else "",
    )


def rss_guid(resource: Resource, label: str) -> str:
    """``<packageId>/v<version>``, from the packageId the resource keeps: the one its EML
    was published with here, and the IPT's for versions an import brought (whose own EML may
    hold an older IPT's URL form)."""
    return "%s/v%s" % (_package_id(resource), label)


def _bbox(card: dict):
    try:
        return tuple(float(v) for v in card["bbox"]) if card.get("bbox") else None
    except (TypeError, ValueError):
        return None


def dcat_publisher(resource: Resource) -> dict:
    """The resource's organisation as DCAT names it (the dataset as it stands now)."""
    organisation = resource.organisation
    if organisation is None:
        return {}
    return {"publisher_key": str(organisation.key), "publisher_name": organisation.name}


def dcat_dataset(resource: Resource) -> DcatDataset:
    """The DCAT dataset of ``resource``'s latest public version (``resource.latest``)."""
    version = resource.latest
    card = version_card(version)
    return DcatDataset(
        title=card.get("title") or version.title or resource.shortname,
        description=card.get("abstract", ""),
        landing_page=links.landing(resource.shortname),
        archive_url=links.absolute("archive.do", resource.shortname),
        licence_url=card.get("licence_url", ""),
        version=version.label,
        issued=resource.published_at or version.published_at,
        modified=version.published_at,
        version_notes=version.change_summary,
        keywords=card.get("keywords", []),
        contacts=[Contact(c.get("name", ""), c.get("email", "")) for c in card.get("contacts", [])],
        bbox=_bbox(card),
        gbif_key=gbif_key(resource) or "",
        language=card.get("language", ""),
        has_archive=version.has_archive,
        **dcat_publisher(resource),
    )


def _render(fragments: VersionFragments, resource: Resource, key: str) -> None:
    dataset = dcat_dataset(resource)
    fragments.key = key
    fragments.rss = rss_item_xml(rss_item(resource))
    fragments.dcat = dataset_turtle(dataset) if dcat_listed(dataset) else ""


def current_fragments(resources: list[Resource]) -> list[VersionFragments]:
    """The entries of ``resources``' latest versions (``resource.latest``, with its
    ``fragments`` selected; the resource with its organisation and metadata record), in
    their order; missing or outdated ones are rendered and stored (two queries at most)."""
    base_url = installation_base_url()
    found, new, outdated = [], [], []
    for resource in resources:
        version = resource.latest
        key = fragments_key(resource, version, base_url)
        fragments = getattr(version, "fragments", None)
        if fragments is None:
            fragments = VersionFragments(version=version)
            new.append(fragments)
        elif fragments.key != key:
            outdated.append(fragments)
        if fragments.key != key:
            _render(fragments, resource, key)
        found.append(fragments)
    if new:
        VersionFragments.objects.bulk_create(new, ignore_conflicts=True)
    if outdated:
        VersionFragments.objects.bulk_update(outdated, ["key", "rss", "dcat"])
    return found


def feed_resources(resources: QuerySet[Resource] | None = None) -> list[Resource]:
    """``resources`` (default: every listed one, newest first) with what the feeds show:
    their organisation, metadata record and latest version with its fragments."""
    listed = resources if resources is not None else resources_listed()
    listed = listed.select_related("organisation", "metadata_record")
    return with_versions(listed, fragments=True)


def dcat_entry(resource: Resource, fragments: VersionFragments) -> DcatEntry | None:
    if not fragments.dcat:
        return None
    return DcatEntry(links.landing(resource.shortname), fragments.dcat, **dcat_publisher(resource))


def version_fragments_build(version: Version) -> None:
    """Render and store the entries of ``version`` now (at the end of its publication).
    Never raises: a feed renders the entries it misses."""
    try:
        _build(version)
    except Exception:
        logger.exception(
            "Feed entries of resource %s version %s failed", version.resource_id, version.label
        )


def _build(version: Version) -> None:
    resource = (
        Resource.objects.select_related("organisation", "metadata_record")
        .filter(pk=version.resource_id)
        .first()
    )
    if resource is None:
        return
    resource.latest = version
    version.resource = resource
    with installation_request_scope():  # the base URL read once
        current_fragments([resource])
