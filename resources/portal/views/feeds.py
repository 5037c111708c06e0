"""Feeds and inventories: ``rss.do``, ``dcat``, ``inventory/dataset``, ``inventory/v2/dataset``
and ``sitemap.xml``. Apart from the inventory's private and deleted statuses for managers,
they show only what anyone may see, the same for every viewer, so they are kept in the
shared cache until anything they list changes (a resource, a version, an organisation).
RSS and DCAT join the entries each version's publication rendered (``..fragments``)."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from core import __version__
from core.collector import collector_paused
from publisher.models import Organisation
from publisher.services.installation import installation_base_url, installation_settings
from resources.models import Resource, Visibility

from ..feeds.dcat import Catalog, build_dcat_from_entries
from ..feeds.inventory import InventoryItem, inventory_v1, inventory_v2
from ..feeds.rss import Channel, build_rss_from_items
from ..feeds.sitemap import SitemapEntry, build_sitemap
from ..fragments import FeedRow, dcat_entry, feed_newest, feed_rows
from ..selectors import (
    LISTING_CACHE_SECONDS,
    inventory_entries,
    listing_generation,
    resources_listed,
    row_types_by_file,
)
from .common import public_view

STATUSES = {v.value: v for v in Visibility}
TYPES_DWCA = ("dwca",)
TYPES_NONE = ("camtrap", "camtrapdp", "camtrap-dp", "coldp", "datapackage")


def _cached(name: str, build):
    """``build()``, kept in the shared cache until the listing's generation moves on."""
    base = hashlib.sha256(installation_base_url().encode()).hexdigest()[:8]
    key = "portal:%s:%s:%s" % (name, listing_generation(), base)
    content = cache.get(key)
    if content is None:
        with collector_paused():
            content = build()
        cache.set(key, content, LISTING_CACHE_SECONDS)
    return content


def _no_cache(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _public_rows(request) -> list[FeedRow]:
    listed = resources_listed()
    shortname = request.GET.get("r", "").strip()
    if shortname:
        listed = listed.filter(pk__in=Resource.objects.filter(shortname=shortname))
    return feed_rows("rss", listed)


# --- RSS ---------------------------------------------------------------------------------------


@public_view
def rss(request):
    """RSS 2.0 of the public resources, newest publication first (``r``: one resource)."""

    def build() -> bytes:
        channel = Channel(
            title=settings.SITE_TITLE,
            base_url=installation_base_url(),
            generator="sampling-event-publisher %s" % __version__,
        )
        rows = _public_rows(request)
        return build_rss_from_items(channel, [r.text for r in rows], feed_newest(rows))

    name = "rss:" + hashlib.sha256(request.GET.get("r", "").strip().encode()).hexdigest()[:16]
    return HttpResponse(_cached(name, build), content_type="text/xml; charset=UTF-8")


# --- DCAT --------------------------------------------------------------------------------------


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
        rows = feed_rows("dcat")
        base_url = installation_base_url()
        catalog = Catalog(
            title=settings.SITE_TITLE,
            description="Biodiversity datasets published through %s" % settings.SITE_TITLE,
            base_url=base_url,
            modified=feed_newest(rows) or timezone.now(),
            **_hosting_publisher(),
        )
        entries = [dcat_entry(r, base_url) for r in rows]
        return build_dcat_from_entries(catalog, [e for e in entries if e is not None])

    response = HttpResponse(_cached("dcat", build), content_type="text/turtle; charset=UTF-8")
    return _no_cache(response)


# --- inventories ------------------------------------------------------------------------------


def _inventory_item(row: dict, row_types: dict[str, str], base: _Base) -> InventoryItem:
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
        last_published=base.day(version["published_at"]),
        records=version["records"] if served else 0,
        eml_url=base.url("eml.do", shortname),
        archive_url=base.url("archive.do", shortname) if served else "",
        gbif_key=str(key) if key else None,
        records_by_extension=_by_row_type(version, row_types) if served else {},
        datapackage_url=base.url("datapackage.do", shortname, version["label"])
        if served and version["has_datapackage"]
        else "",
    )


class _Base:
    """The base URL and time zone of this request, looked up once for thousands of rows."""

    def __init__(self) -> None:
        self.base_url = installation_base_url()
        self.zone = timezone.get_current_timezone()

    def url(self, action: str, shortname: str, version: str = "") -> str:
        """``links.absolute(action, shortname, version)``, without its look-ups."""
        url = "%s/%s?r=%s" % (self.base_url, action, quote(shortname, safe=""))
        return url + "&v=" + quote(version, safe="") if version else url

    def day(self, value) -> str:
        return value.astimezone(self.zone).date().isoformat()


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
        base = _Base()
        return inventory_v1([_inventory_item(row, row_types, base) for row in rows])

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
        base = _Base()
        return inventory_v2([_inventory_item(row, row_types, base) for row in rows])

    if status in (Visibility.PRIVATE, Visibility.DELETED):  # depends on the viewer
        return _json(build())
    return _json(_cached("inventory-v2:%s:%s" % (status or "", kind[:20]), build))


# --- sitemap ----------------------------------------------------------------------------------


@public_view
def sitemap(request):
    """The home and about pages and every public landing page with its last publication."""

    def build() -> bytes:
        base = _Base()
        home, about = base.base_url + reverse("home"), base.base_url + reverse("about")
        entries = [SitemapEntry(home), SitemapEntry(about)]
        for resource in resources_listed().values("shortname", "latest_published_at"):
            day = base.day(resource["latest_published_at"])
            entries.append(SitemapEntry(base.url("resource", resource["shortname"]), day))
        return build_sitemap(entries)

    return HttpResponse(_cached("sitemap", build), content_type="application/xml")
