"""Reads of resources and the catalogue for pages and the API."""

from __future__ import annotations

from pathlib import Path

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from catalogue.models import Extension
from core.models import ACTIVE_STATUSES, Job
from core.permissions import is_admin
from core.selectors import jobs_of_target
from resources.jobs.sources import SOURCE_JOBS
from resources.mapping.automap import term_key
from resources.models import VISIBLE, MappingTemplate, Resource, Version, Visibility
from resources.permissions import may_manage_resource


def resources_for_manager(*, user) -> QuerySet[Resource]:
    """Resources the user may manage: all for admins, else created or co-managed ones."""
    resources = Resource.objects.select_related("creator")
    if is_admin(user):
        return resources.all()
    return resources.filter(Q(creator=user) | Q(managers=user)).distinct()


def mapping_template_list_for_user(*, user) -> QuerySet[MappingTemplate]:
    """Mapping templates ``user`` may see and apply, by name: all for admins; for others
    those saved from a resource they manage or from a public or registered resource with a
    public version, and their own saved before templates recorded their resource."""
    templates = MappingTemplate.objects.all()
    if is_admin(user):
        return templates
    if not getattr(user, "is_authenticated", False):
        return templates.none()
    published = Version.objects.filter(visibility__in=VISIBLE).values("resource_id")
    return templates.filter(
        Q(resource__in=resources_for_manager(user=user).values("pk"))
        | Q(resource__visibility__in=VISIBLE, resource__in=published)
        | Q(resource__isnull=True, created_by=user)
    )


def resources_filter(
    resources: QuerySet[Resource],
    *,
    type: str = "",
    visibility: str = "",
    search: str = "",  # noqa: A002
) -> QuerySet[Resource]:
    """``resources`` narrowed to a type and a visibility (empty: any) and to those whose
    short name or title holds every word of ``search``."""
    if type:
        resources = resources.filter(type=type)
    if visibility:
        resources = resources.filter(visibility=visibility)
    for word in search.split():
        resources = resources.filter(Q(shortname__icontains=word) | Q(title__icontains=word))
    return resources


def resource_current_doi(resource: Resource) -> str:
    """The resource's current DOI: the one the newest version carrying a DOI carries ("" when
    none does). Read from ``current_doi`` when the queryset was annotated
    (``with_current_doi``), so that a list costs no query per resource."""
    if hasattr(resource, "current_doi"):
        return resource.current_doi or ""
    found = (
        resource.versions.exclude(doi="")
        .order_by("-major", "-minor")
        .values_list("doi", flat=True)
        .first()
    )
    return found or ""


def with_current_doi(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """``resources`` annotated with ``current_doi`` (see ``resource_current_doi``)."""
    newest = (
        Version.objects.filter(resource=OuterRef("pk"))
        .exclude(doi="")
        .order_by("-major", "-minor")
        .values("doi")[:1]
    )
    return resources.annotate(current_doi=Subquery(newest))


def resource_get_for_manager(*, user, shortname: str) -> Resource | None:
    """The resource if ``user`` may manage it, else None (callers answer 404, not 403, so
    that private short names do not leak)."""
    resource = Resource.objects.filter(shortname=shortname).first()
    if resource is None or not may_manage_resource(user, resource):
        return None
    return resource


def source_jobs_latest(resource: Resource, *, recent: int = 100) -> dict[int, Job]:
    """The newest job of each source of ``resource``, by source id, among its ``recent``
    newest source jobs: found by the ids the jobs recorded (``resources.jobs.sources``)."""
    latest: dict[int, Job] = {}
    for job in jobs_of_target(target=resource).filter(kind__in=SOURCE_JOBS)[:recent]:
        for source_id in [job.params.get("source"), *job.params.get("sources", [])]:
            if source_id:
                latest.setdefault(source_id, job)
    return latest


def extension_find(*, text: str) -> Extension | None:
    """The installed extension ``text`` names: its row type, or its name, title or the last
    part of its row type ignoring case and punctuation (``occurrence``, ``dwc:Event``)."""
    exact = Extension.objects.filter(row_type=text.strip()).first()
    if exact is not None:
        return exact
    wanted = term_key(text.rsplit(":", 1)[-1] if "://" not in text else text.rsplit("/", 1)[-1])
    for extension in Extension.objects.order_by("-is_core", "title"):
        names = (extension.name, extension.title, extension.row_type.rsplit("/", 1)[-1])
        if wanted in {term_key(name) for name in names}:
            return extension
    return None


def staged_uploads_in_use(folder: Path) -> bool:
    """True while a pending or running job (a source ingest, a resource import) is to read the
    staged uploads in ``folder`` (``DATA_DIR/tmp/stage-…``): the temporary-file sweep leaves
    them."""
    jobs = Job.objects.filter(status__in=ACTIVE_STATUSES)
    return jobs.filter(params__staged__folder=str(folder)).exists()


def has_registered_doi(resource: Resource) -> bool:
    """True when a published version carries a DOI (issue #23): the resource's pages must
    then stay reachable, publicly or as a tombstone."""
    return resource.versions.exclude(doi="").exists()


def resources_changed(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """Of ``resources``, those with changes since their latest version: never published, or
    the resource, its metadata, a source or a mapping saved after that version was published
    (as the IPT compares a resource's last modification with its last publication). A
    publication saves what it touches before it creates its version, so a resource just
    published is not changed. Deleted (withdrawn) resources are left out."""
    latest = Version.objects.filter(resource=OuterRef("pk")).order_by("-major", "-minor")
    resources = resources.exclude(visibility=Visibility.DELETED).annotate(
        last_at=Subquery(latest.values("published_at")[:1])
    )
    return resources.filter(
        Q(last_at__isnull=True)
        | Q(modified__gt=F("last_at"))
        | Q(metadata_record__modified__gt=F("last_at"))
        | Q(sources__modified__gt=F("last_at"))
        | Q(mappings__modified__gt=F("last_at"))
    ).distinct()
