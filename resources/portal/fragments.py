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
from .selectors import resources_listed

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


# What a feed reads of each listed resource: its latest public version, a few fields of the
# resource, its organisation and metadata record, and the stored entries (plain rows: with
# thousands of resources, model instances would cost more than the feed).
ROW_FIELDS = (
    "pk",
    "label",
    "title",
    "published_at",
    "change_summary",
    "records",
    "archive_name",
    "archive_removed_at",
    "resource_id",
    "resource__shortname",
    "resource__published_at",
    "resource__gbif_key",
    "resource__organisation__key",
    "resource__organisation__name",
    "resource__metadata_record__package_id",
    "fragments__key",
    "fragments__rss",
    "fragments__dcat",
)


def fragments_key(row: dict, base_url: str) -> str:
    """A digest of everything the entries of the version in ``row`` show besides its
    published files (a row of ``ROW_FIELDS``)."""
    values = (
        FRAGMENTS_SHAPE,
        base_url,
        *(row[name] for name in ROW_FIELDS[1:9]),
        row["resource__shortname"],
        row["resource__published_at"],
        row["resource__gbif_key"],
        row["resource__organisation__key"],
        row["resource__organisation__name"],
        row["resource__metadata_record__package_id"],
    )
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _row(resource: Resource, version: Version) -> dict:
    """The row of ``ROW_FIELDS`` (without the entries) of a resource and version read whole."""
    organisation = resource.organisation
    record = getattr(resource, "metadata_record", None)
    return {
        **{name: getattr(version, name) for name in ROW_FIELDS[1:9]},
        "pk": version.pk,
        "resource__shortname": resource.shortname,
        "resource__published_at": resource.published_at,
        "resource__gbif_key": resource.gbif_key,
        "resource__organisation__key": organisation.key if organisation else None,
        "resource__organisation__name": organisation.name if organisation else None,
        "resource__metadata_record__package_id": record.package_id if record else None,
    }


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


def _render(resource: Resource, base_url: str) -> VersionFragments:
    """The entries of ``resource.latest`` (its resource with organisation and record)."""
    version = resource.latest
    dataset = dcat_dataset(resource)
    rss = rss_item_xml(rss_item(resource))
    return VersionFragments(
        version=version,
        key=fragments_key(_row(resource, version), base_url),
        rss=rss,
        dcat=dataset_turtle(dataset) if dcat_listed(dataset) else "",
    )


def _store(rendered: list[VersionFragments], existing: set[int]) -> None:
    new = [f for f in rendered if f.version_id not in existing]
    outdated = [f for f in rendered if f.version_id in existing]
    if new:
        VersionFragments.objects.bulk_create(new, ignore_conflicts=True)
    if outdated:
        VersionFragments.objects.bulk_update(outdated, ["key", "rss", "dcat"])


def _rendered(version_ids: list[int], base_url: str) -> dict[int, VersionFragments]:
    """Render the entries of these versions (read whole: only those that need it)."""
    versions = Version.objects.defer("report").in_bulk(version_ids)
    resources = Resource.objects.select_related("organisation", "metadata_record").in_bulk(
        [v.resource_id for v in versions.values()]
    )
    found = {}
    for pk, version in versions.items():
        resource = resources[version.resource_id]
        version.resource = resource
        resource.latest = version
        found[pk] = _render(resource, base_url)
    return found


def feed_rows(resources: QuerySet[Resource] | None = None) -> list[dict]:
    """One row (``ROW_FIELDS``) per resource of ``resources`` (default: every listed one;
    annotated with ``latest_id``), newest publication first, each with the current entries
    of its latest version: missing or outdated ones are rendered and stored. A constant
    number of queries: one, and two more when some entries had to be rendered."""
    listed = resources if resources is not None else resources_listed()
    versions = Version.objects.filter(pk__in=listed.order_by().values("latest_id"))
    rows = list(versions.order_by("-published_at", "resource_id").values(*ROW_FIELDS))
    base_url = installation_base_url()
    stale = [r for r in rows if r["fragments__key"] != fragments_key(r, base_url)]
    if stale:
        rendered = _rendered([r["pk"] for r in stale], base_url)
        _store(list(rendered.values()), {r["pk"] for r in stale if r["fragments__key"]})
        for row in stale:
            fragments = rendered[row["pk"]]
            row["fragments__key"] = fragments.key
            row["fragments__rss"] = fragments.rss
            row["fragments__dcat"] = fragments.dcat
    return rows


def dcat_entry(row: dict) -> DcatEntry | None:
    """The catalogue's entry of a row of ``feed_rows``; None when DCAT leaves it out."""
    if not row["fragments__dcat"]:
        return None
    key = row["resource__organisation__key"]
    return DcatEntry(
        links.landing(row["resource__shortname"]),
        row["fragments__dcat"],
        str(key) if key else "",
        row["resource__organisation__name"] or "",
    )


def version_fragments_build(version: Version) -> None:
    """Render and store the entries of ``version`` now (at the end of its publication).
    Never raises: a feed renders the entries it misses."""
    try:
        with installation_request_scope():  # the base URL read once
            base_url = installation_base_url()
            existing = VersionFragments.objects.filter(version=version).exists()
            _store(
                list(_rendered([version.pk], base_url).values()),
                {version.pk} if existing else set(),
            )
    except Exception:
        logger.exception(
            "Feed entries of resource %s version %s failed", version.resource_id, version.label
        )
