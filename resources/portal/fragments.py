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
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from metadata.services.documents import metadata_record
from publisher.services.installation import installation_base_url, installation_request_scope
from resources.models import Resource, Version, VersionFragments

from . import links
from .documents import version_card
from .feeds.dcat import Contact, DcatDataset, DcatEntry, dataset_turtle, dcat_listed
from .feeds.rss import RssItem, rss_item_xml
from .selectors import db_datetime, resources_listed

logger = logging.getLogger(__name__)
FRAGMENTS_SHAPE = 2  # bump when what an entry shows changes: every entry is then rendered again


def gbif_key(resource: Resource) -> str | None:
    """The GBIF dataset key once the registry has one."""
    key = getattr(resource, "gbif_key", None)
    return str(key) if key else None


def _package_id(resource: Resource) -> str:
    """The packageId the resource keeps (selected with the listing, else read)."""
    record = getattr(resource, "metadata_record", None)
    return str((record or metadata_record(resource)).package_id)


# What a feed reads of each listed resource: its latest public version, what the entries
# show of the resource, its organisation and metadata record (``KEY_FIELDS``: the key is a
# digest of them), then the stored entry's key and text. Read as the database gives them,
# without converting a value: with thousands of resources, conversions and model instances
# cost more than the rest of the feed.
KEY_FIELDS = (
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
    "datapackage_name",
)
PK, PUBLISHED, SHORTNAME, ORGANISATION_KEY, ORGANISATION_NAME = 0, 3, 9, 12, 13
STORED_KEY, TEXT = len(KEY_FIELDS), len(KEY_FIELDS) + 1
TEXTS = ("rss", "dcat")


def _raw_rows(versions: QuerySet[Version], text: str) -> list[tuple]:
    """``KEY_FIELDS``, the stored key and the stored ``text`` of ``versions``, as the
    database gives them (one query)."""
    fields = (*KEY_FIELDS, "fragments__key", "fragments__" + text)
    sql, params = versions.values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fragments_key(row: tuple, base_url: str) -> str:
    """A digest of everything the entries of the version in ``row`` show besides its
    published files."""
    values = (FRAGMENTS_SHAPE, base_url, *row[: len(KEY_FIELDS)])
    return hashlib.sha256(repr(values).encode()).hexdigest()


def rss_item(resource: Resource, card: dict) -> RssItem:
    """The RSS item of ``resource``'s latest public version (``resource.latest``, whose
    ``version_card`` is ``card``)."""
    version = resource.latest
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
        datapackage_url=links.absolute("datapackage.do", shortname, version.label)
        if version.has_datapackage
        else "",
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


def dcat_dataset(resource: Resource, card: dict) -> DcatDataset:
    """The DCAT dataset of ``resource``'s latest public version (``resource.latest``, whose
    ``version_card`` is ``card``)."""
    version = resource.latest
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


def _render(resource: Resource, key: str) -> VersionFragments:
    """The entries of ``resource.latest`` (its resource with organisation and record)."""
    card = version_card(resource.latest)
    dataset = dcat_dataset(resource, card)
    return VersionFragments(
        version=resource.latest,
        key=key,
        rss=rss_item_xml(rss_item(resource, card)),
        dcat=dataset_turtle(dataset) if dcat_listed(dataset) else "",
    )


def _render_and_store(stale: list[tuple], base_url: str) -> dict[int, VersionFragments]:
    """Render and store the entries of the versions of ``stale`` rows (read whole: only
    those that need it; two queries to read, one or two to store)."""
    versions = Version.objects.defer("report").in_bulk([row[PK] for row in stale])
    resources = Resource.objects.select_related("organisation", "metadata_record").in_bulk(
        [v.resource_id for v in versions.values()]
    )
    found = {}
    for row in stale:
        version = versions.get(row[PK])
        if version is None:  # deleted since the feed read it
            continue
        resource = resources[version.resource_id]
        version.resource = resource
        resource.latest = version
        found[version.pk] = _render(resource, fragments_key(row, base_url))
    new = [found[row[PK]] for row in stale if row[PK] in found and row[STORED_KEY] is None]
    outdated = [found[row[PK]] for row in stale if row[PK] in found and row[STORED_KEY]]
    if new:
        VersionFragments.objects.bulk_create(new, ignore_conflicts=True)
    if outdated:
        VersionFragments.objects.bulk_update(outdated, ["key", "rss", "dcat"])
    return found


@dataclass
class FeedRow:
    """One resource in a feed: its latest public version's stored entry (``text``)."""

    version_id: int
    published_at: datetime
    shortname: str
    organisation_key: str
    organisation_name: str
    text: str


def _organisation_key(value) -> str:
    return str(uuid.UUID(str(value))) if value else ""


def feed_rows(text: str, resources: QuerySet[Resource] | None = None) -> list[FeedRow]:
    """One row per resource of ``resources`` (default: every listed one; annotated with
    ``latest_id``), newest publication first, with the current ``text`` entry (``rss`` or
    ``dcat``) of its latest version: missing or outdated ones are rendered and stored. A
    constant number of queries: one, and four more when some entries had to be rendered."""
    if text not in TEXTS:
        raise ValueError("no such feed entry: %r" % text)
    listed = resources if resources is not None else resources_listed()
    versions = Version.objects.filter(pk__in=listed.order_by().values("latest_id"))
    rows = _raw_rows(versions.order_by("-published_at", "resource_id"), text)
    base_url = installation_base_url()
    stale = [row for row in rows if row[STORED_KEY] != fragments_key(row, base_url)]
    rendered = _render_and_store(stale, base_url) if stale else {}
    return [
        FeedRow(
            version_id=row[PK],
            published_at=row[PUBLISHED],
            shortname=row[SHORTNAME],
            organisation_key=row[ORGANISATION_KEY],
            organisation_name=row[ORGANISATION_NAME] or "",
            text=getattr(rendered[row[PK]], text) if row[PK] in rendered else row[TEXT] or "",
        )
        for row in rows
    ]


def feed_newest(rows: list[FeedRow]) -> datetime | None:
    """When the newest of ``rows`` was published."""
    return db_datetime(rows[0].published_at) if rows else None


def dcat_entry(row: FeedRow, base_url: str) -> DcatEntry | None:
    """The catalogue's entry of a row of ``feed_rows("dcat")``; None when DCAT leaves it
    out. ``base_url``: the installation's, looked up once for thousands of rows."""
    if not row.text:
        return None
    return DcatEntry(
        base_url + links.relative("resource", row.shortname),
        row.text,
        _organisation_key(row.organisation_key),
        row.organisation_name,
    )


def version_fragments_build(version: Version) -> None:
    """Render and store the entries of ``version`` now (at the end of its publication).
    Never raises: a feed renders the entries it misses."""
    try:
        with installation_request_scope():  # the base URL read once
            rows = _raw_rows(Version.objects.filter(pk=version.pk), "rss")
            _render_and_store(rows, installation_base_url())
    except Exception:
        logger.exception(
            "Feed entries of resource %s version %s failed", version.resource_id, version.label
        )
