"""Feeds and inventories: ``rss.do``, ``dcat``, ``inventory/dataset``, ``inventory/v2/dataset``
and ``sitemap.xml``. Apart from the inventory's private and deleted statuses for managers,
they show only what anyone may see, the same for every viewer, so they are cached until
anything changes (a resource or a version), at most a minute, as the IPT caches DCAT."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from core import __version__
from metadata.services.documents import metadata_record
from publisher.models import Organisation
from publisher.services.installation import installation_base_url, installation_settings
from resources.models import Resource, Version, Visibility

from .. import links
from ..documents import version_card
from ..feeds.dcat import Catalog, Contact, DcatDataset, build_dcat
from ..feeds.inventory import InventoryItem, inventory_v1, inventory_v2
from ..feeds.rss import Channel, RssItem, build_rss
from ..feeds.sitemap import SitemapEntry, build_sitemap
from ..selectors import (
    inventory_entries,
    resources_listed,
    row_types_by_file,
    with_versions,
)
from .common import public_view

CACHE_SECONDS = 60
STATUSES = {v.value: v for v in Visibility}
TYPES_DWCA = ("dwca",)
TYPES_NONE = ("camtrap", "camtrapdp", "camtrap-dp", "coldp", "datapackage")


def gbif_key(resource: Resource) -> str | None:
    """The GBIF dataset key once the registry has one (the registry issue adds it)."""
    key = getattr(resource, "gbif_key", None)
    return str(key) if key else None


def _generation() -> str:
    """Changes whenever anything the public feeds show may have changed."""
    resources = Resource.objects.aggregate(n=Count("pk"), at=Max("modified"))
    versions = Version.objects.aggregate(n=Count("pk"), at=Max("published_at"))
    text = "%(n)s/%(at)s" % resources + "|" + "%(n)s/%(at)s" % versions
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cached(name: str, build):
    key = "portal:%s:%s" % (name, _generation())
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content


def _no_cache(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _public_resources(request) -> list[Resource]:
    listed = resources_listed().select_related("metadata_record")
    shortname = request.GET.get("r", "").strip()
    if shortname:
        listed = listed.filter(pk__in=Resource.objects.filter(shortname=shortname))
    return with_versions(listed)


# --- RSS ---------------------------------------------------------------------------------------


def _rss_item(resource: Resource) -> RssItem:
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
        guid=_guid(resource, version.label),
        author="%s (%s)" % (contact["email"], contact["name"]) if contact else "",
    )


def _guid(resource: Resource, label: str) -> str:
    """``<packageId>/v<version>``, from the packageId the resource keeps: the one its EML
    was published with here, and the IPT's for versions an import brought (whose own EML may
    hold an older IPT's URL form)."""
    record = getattr(resource, "metadata_record", None)  # selected with the listing
    return "%s/v%s" % ((record or metadata_record(resource)).package_id, label)


@public_view
def rss(request):
    """RSS 2.0 of the public resources, newest publication first (``r``: one resource)."""

    def build() -> bytes:
        channel = Channel(
            title=settings.SITE_TITLE,
            base_url=installation_base_url(),
            generator="sampling-event-publisher %s" % __version__,
        )
        resources = _public_resources(request)
        return build_rss(channel, [_rss_item(r) for r in resources])

    name = "rss:" + hashlib.sha256(request.GET.get("r", "").strip().encode()).hexdigest()[:16]
    return HttpResponse(_cached(name, build), content_type="text/xml; charset=UTF-8")


# --- DCAT --------------------------------------------------------------------------------------


def _bbox(card: dict):
    try:
        return tuple(float(v) for v in card["bbox"]) if card.get("bbox") else None
    except (TypeError, ValueError):
        return None


def _dcat_dataset(resource: Resource) -> DcatDataset:
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
        **_dcat_publisher(resource),
    )


def _dcat_publisher(resource: Resource) -> dict:
    """The resource's organisation as DCAT names it (the dataset as it stands now)."""
    organisation = resource.organisation
    if organisation is None:
        return {}
    return {"publisher_key": str(organisation.key), "publisher_name": organisation.name}


def _hosting_publisher() -> dict:
    """The catalogue's publisher: the installation's hosting organisation, as the IPT's."""
    key = installation_settings().hosting_organisation_id
    organisation = Organisation.objects.filter(pk=key).first() if key else None
    if organisation is None:
        return {}
    return {"publisher_key": str(organisation.key), "publisher_name": organisation.name}


@public_view
def dcat(request):
    """DCAT (Turtle) of the public resources whose licence is machine-readable."""

    def build() -> str:
        resources = with_versions(resources_listed().select_related("organisation"))
        catalog = Catalog(
            title=settings.SITE_TITLE,
            description="Biodiversity datasets published through %s" % settings.SITE_TITLE,
            base_url=installation_base_url(),
            modified=resources[0].latest.published_at if resources else timezone.now(),
            **_hosting_publisher(),
        )
        return build_dcat(catalog, [_dcat_dataset(r) for r in resources])

    response = HttpResponse(_cached("dcat", build), content_type="text/turtle; charset=UTF-8")
    return _no_cache(response)


# --- inventories ------------------------------------------------------------------------------


def _inventory_item(row: dict, row_types: dict[str, str]) -> InventoryItem:
    """One inventory entry; a version whose archive is not served (metadata only, an
    archive removed or never brought over by an import) is listed as metadata, no records."""
    version = row["version"]
    shortname = row["shortname"]
    key = row.get("gbif_key")
    served = version["has_archive"]
    return InventoryItem(
        shortname=shortname,
        title=row["title"],
        resource_type=row["type"],
        version=version["label"],
        last_published=timezone.localtime(version["published_at"]).date().isoformat(),
        records=version["records"] if served else 0,
        eml_url=links.absolute("eml.do", shortname),
        archive_url=links.absolute("archive.do", shortname) if served else "",
        gbif_key=str(key) if key else None,
        records_by_extension=_by_row_type(version, row_types) if served else {},
    )


def _by_row_type(version: dict, installed: dict[str, str]) -> dict[str, int]:
    """Records per rowType: as the version's meta.xml declares them; for versions published
    before they were recorded, as the installed extensions name their files."""
    declared = version["row_types"] or {}
    return {
        declared.get(name) or installed.get(name, name): count
        for name, count in version["counts"].items()
    }


def _json(content: bytes) -> HttpResponse:
    return _no_cache(HttpResponse(content, content_type="application/json"))


@public_view
def inventory(request):
    """The IPT inventory v1: registered resources with their latest published version."""

    def build() -> bytes:
        row_types = row_types_by_file()
        rows = inventory_entries(registered=True)
        return inventory_v1([_inventory_item(row, row_types) for row in rows])

    return _json(_cached("inventory-v1", build))


@public_view
def inventory_v2_view(request):
    """The IPT inventory v2: public versions by default; ``status`` filters by visibility
    (private and deleted ones only for their managers), ``type`` by format."""
    status = STATUSES.get(request.GET.get("status", "").strip().lower())
    kind = request.GET.get("type", "").strip().lower()

    def build() -> bytes:
        rows = inventory_entries(user=request.user, status=status)
        if kind in TYPES_NONE or (kind and kind not in TYPES_DWCA):
            rows = []
        elif kind in TYPES_DWCA:
            rows = [r for r in rows if r["type"] != "metadata" and r["version"]["has_archive"]]
        row_types = row_types_by_file()
        return inventory_v2([_inventory_item(row, row_types) for row in rows])

    if status in (Visibility.PRIVATE, Visibility.DELETED):  # depends on the viewer
        return _json(build())
    return _json(_cached("inventory-v2:%s:%s" % (status or "", kind[:20]), build))


# --- sitemap ----------------------------------------------------------------------------------


@public_view
def sitemap(request):
    """The home and about pages and every public landing page with its last publication."""

    def build() -> bytes:
        base = installation_base_url()
        entries = [SitemapEntry(base + reverse("home")), SitemapEntry(base + reverse("about"))]
        for resource in resources_listed().values("shortname", "latest_published_at"):
            entries.append(
                SitemapEntry(
                    links.landing(resource["shortname"]),
                    timezone.localtime(resource["latest_published_at"]).date().isoformat(),
                )
            )
        return build_sitemap(entries)

    return HttpResponse(_cached("sitemap", build), content_type="application/xml")
