"""Reads for the public side: what a viewer may see of a resource, and the public listings.

The rules (the IPT's, except that a hidden resource answers 404 rather than 401, so that
not even its short name leaks):

- admins and the resource's managers see everything, deleted resources included;
- the readers a private resource's managers named (issue #24) see its pages and versions,
  private ones included, but manage nothing and find it in no public listing;
- everyone else sees public and registered resources, and of those only the versions
  that were published public or registered; a deleted resource answers 410 Gone.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from catalogue.models import Extension
from core.permissions import is_admin
from resources.models import VISIBLE, Resource, Version, Visibility
from resources.permissions import is_resource_reader, may_manage_resource
from resources.services.publication.archive import file_name

from .search import Filters, by_relevance, filtered, searched

VERSION_LABEL = re.compile(r"^\d+\.\d+$")
SORTS = ("relevance", "published", "title", "records")  # relevance: only when searching
PER_PAGE = 25
IN_BULK_MAX = 500
INVENTORY_VERSION_FIELDS = (
    "pk",
    "label",
    "title",
    "records",
    "counts",
    "row_types",
    "published_at",
    "archive_name",
    "archive_removed_at",
    "datapackage_name",
)


class ResourceGone(Exception):
    """The resource was deleted: answer 410 with its tombstone."""

    def __init__(self, resource: Resource):
        super().__init__(resource.shortname)
        self.resource = resource


class VersionGone(Exception):
    """The version asked for was deleted: answer 410 with a note naming the current one."""

    def __init__(self, tombstone: Version, current: Version | None):
        super().__init__(tombstone.label)
        self.tombstone = tombstone
        self.current = current


@dataclass
class Viewing:
    """A resource as one viewer may see it; ``manager`` and ``reader`` see private versions
    too, only ``manager`` what concerns managing it."""

    resource: Resource
    manager: bool
    reader: bool = False

    def versions(self) -> QuerySet[Version]:
        """The versions this viewer may see, newest first."""
        versions = self.resource.versions.defer("report").order_by("-major", "-minor")
        if self.manager or self.reader:
            return versions
        return versions.filter(visibility__in=VISIBLE)

    def version(self, label: str | None = None) -> Version | None:
        """Version ``label`` (default: the newest) if this viewer may see it."""
        if not label:
            return self.versions().first()
        if not VERSION_LABEL.match(label):
            return None
        found = self.versions().filter(label=label).first()
        if found is None:
            self.raise_if_gone(label)
        return found

    def raise_if_gone(self, label: str) -> None:
        """Raise ``VersionGone`` when version ``label`` was deleted and this viewer could see
        it (a private version's tombstone stays as hidden as the version was)."""
        gone = Version.all_objects.filter(
            resource=self.resource, label=label, deleted_at__isnull=False
        )
        if not (self.manager or self.reader):
            gone = gone.filter(visibility__in=VISIBLE)
        tombstone = gone.first()
        if tombstone is not None:
            raise VersionGone(tombstone, self.versions().first())


def resource_for_viewer(*, user, shortname: str) -> Viewing | None:
    """The resource named ``shortname`` as ``user`` may see it; None when there is none or
    it is hidden from them; raises ``ResourceGone`` for a deleted one."""
    if not shortname:
        return None
    resource = (
        Resource.objects.select_related("creator").filter(shortname=shortname).first()
        or Resource.objects.select_related("creator").filter(shortname__iexact=shortname).first()
    )
    if resource is None:
        return None
    if may_manage_resource(user, resource):
        return Viewing(resource, manager=True)
    if resource.visibility == Visibility.DELETED:
        raise ResourceGone(resource)
    if is_resource_reader(user, resource):
        return Viewing(resource, manager=False, reader=True)
    if resource.visibility not in VISIBLE:
        return None
    return Viewing(resource, manager=False)


def _latest(field: str, visibilities=VISIBLE) -> Subquery:
    versions = Version.objects.filter(resource=OuterRef("pk"))
    if visibilities is not None:
        versions = versions.filter(visibility__in=visibilities)
    return Subquery(versions.order_by("-major", "-minor").values(field)[:1])


def resources_listed() -> QuerySet[Resource]:
    """Public and registered resources with a version anyone may see, annotated with that
    version's id (``latest_id``), date (``latest_published_at``) and published title
    (``public_title``: never the working title), newest first."""
    return (
        Resource.objects.filter(visibility__in=VISIBLE)
        .annotate(
            latest_id=_latest("pk"),
            latest_published_at=_latest("published_at"),
            public_title=_latest("title"),
        )
        .filter(latest_id__isnull=False)
        .order_by("-latest_published_at", "pk")
    )


# Listings are cached under ``listing_generation()``; this only bounds what it cannot see (a
# change of the installation's title or hosting organisation).
LISTING_CACHE_SECONDS = 3600


def listing_generation() -> str:
    """Changes whenever anything a listing of every public resource shows may have changed:
    one query over the versions, their resources and organisations (a resource without
    versions is in no listing)."""
    found = Version.objects.aggregate(
        n=Count("pk"),
        published=Max("published_at"),
        removed=Max("archive_removed_at"),
        resources=Count("resource", distinct=True),
        modified=Max("resource__modified"),
        registered=Max("resource__registered_at"),
        keys=Count("resource__gbif_key", distinct=True),
        organisations=Sum("resource__organisation_id"),
        renamed=Max("resource__organisation__modified"),
    )
    return hashlib.sha256(repr(sorted(found.items())).encode()).hexdigest()[:16]


def versions_with_facts() -> QuerySet[Version]:
    return Version.objects.defer("report").select_related("facts")


def with_versions(resources) -> list[Resource]:
    """``resources`` (annotated with ``latest_id``) with ``latest`` set, in one query (by id
    for a page, through a subquery for a whole listing: SQLite takes only so many ids)."""
    rows = list(resources)
    selected = versions_with_facts()
    if len(rows) <= IN_BULK_MAX or not isinstance(resources, QuerySet):
        versions = selected.in_bulk([r.latest_id for r in rows])
    else:
        wanted = selected.filter(pk__in=resources.order_by().values("latest_id"))
        versions = {v.pk: v for v in wanted}
    for resource in rows:
        resource.latest = versions.get(resource.latest_id)
        if resource.latest is not None:
            resource.latest.resource = resource  # its files' folder, without a query each
    return rows


def with_facts(resources: list[Resource]) -> list[Resource]:
    """``resources`` (with ``latest``, its facts selected) with ``facts`` set: their latest
    version's search facts, or None when it has none yet."""
    for resource in resources:
        resource.facts = getattr(resource.latest, "facts", None)
    return resources


def resources_page(
    *,
    search: str = "",
    sort: str = "published",
    page: int | str = 1,
    per_page: int = PER_PAGE,
    filters: Filters | None = None,
) -> Page:
    """One page of the public listing, filtered and searched over the facts of each
    resource's latest public version (see ``resources.portal.search``) and sorted in the
    database: best match (when searching), newest publication, title, or most records first.
    Each row has ``latest`` and ``facts`` (None when the version has none yet)."""
    resources = searched(filtered(resources_listed(), filters or Filters()), search)
    if sort == "relevance" and search.split():
        resources = by_relevance(resources)
    elif sort == "title":
        resources = resources.order_by(Lower("public_title"), "shortname")
    elif sort == "records":
        resources = resources.annotate(latest_records=_latest("records")).order_by(
            "-latest_records", "pk"
        )
    paginated = Paginator(resources, per_page).get_page(page)
    paginated.object_list = with_facts(with_versions(paginated.object_list))
    return paginated


def _inventory_base(*, user, status: str | None) -> QuerySet[Resource] | None:
    if status is None:
        return Resource.objects.filter(visibility__in=VISIBLE).annotate(latest_id=_latest("pk"))
    resources = Resource.objects.filter(visibility=status)
    if status in VISIBLE:
        return resources.annotate(latest_id=_latest("pk"))
    if not is_admin(user):
        if not user.is_authenticated:
            return None
        managed = Resource.objects.filter(Q(creator=user) | Q(managers=user))
        resources = resources.filter(pk__in=managed.values("pk"))
    return resources.annotate(latest_id=_latest("pk", visibilities=None))


def inventory_entries(
    *, user=None, status: str | None = None, registered: bool = False
) -> list[dict]:
    """Resources for the inventories as plain rows (fast with thousands), each with its
    ``version`` (label, records, counts, row_types, published_at, has_archive: whether its
    archive is still served, has_datapackage: whether a data package is), by short name.

    By default the public and registered resources with a public version (v2); with
    ``status`` those of exactly that visibility, private and deleted ones only among those
    ``user`` manages (all for admins); ``registered``: the registered ones (v1).
    """
    resources = _inventory_base(user=user, status=status)
    if resources is None:
        return []
    if registered:
        resources = resources.filter(visibility=Visibility.REGISTERED)
    latest = resources.filter(latest_id__isnull=False).order_by().values("latest_id")
    versions = Version.objects.filter(pk__in=latest).order_by("resource__shortname")
    fields = (*INVENTORY_VERSION_FIELDS, "resource__shortname", "resource__type")
    sql, params = versions.values_list(*fields, "resource__gbif_key").query.sql_with_params()
    with connection.cursor() as cursor:  # one query; values as the database gives them
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows = []
    for values in found:
        version = dict(zip(INVENTORY_VERSION_FIELDS, values, strict=False))
        version["counts"] = _json(version["counts"]) or {}
        version["row_types"] = _json(version["row_types"])
        version["published_at"] = db_datetime(version["published_at"])
        version["has_archive"] = bool(
            version["archive_name"] and version["archive_removed_at"] is None
        )
        version["has_datapackage"] = bool(
            version["datapackage_name"] and version["archive_removed_at"] is None
        )
        shortname, kind, key = values[len(INVENTORY_VERSION_FIELDS) :]
        rows.append(
            {
                "shortname": shortname,
                "type": kind,
                "gbif_key": key,
                "latest_id": version["pk"],
                "title": version["title"],  # the published title, not the working one
                "version": version,
            }
        )
    return rows


def _json(value):
    """A JSON column as the database gave it: text (SQLite) or decoded (psycopg2)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def db_datetime(value) -> datetime:
    """A date and time as the database gave it (SQLite: text, naive, in UTC)."""
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def row_types_by_file() -> dict[str, str]:
    """The rowType of each data file name the publication writes (``event.txt`` ->
    ``http://rs.tdwg.org/dwc/terms/Event``), from the installed extensions."""
    found: dict[str, str] = {}
    for name, row_type in Extension.objects.values_list("name", "row_type"):
        found.setdefault(file_name(Extension(name=name), set()), row_type)
    return found
