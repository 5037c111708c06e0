"""Making DataCite show what the published versions say (issue #23).

One job kind does it all, from the database's state, so that any retry converges and no
fault can leave two DOIs for one version: for each registered DOI of the resource, the
DataCite record is rebuilt from the EML of the newest version carrying it, with

- the URL: ``resource?r=<r>`` for the current DOI (the one the newest version carries), and
  ``resource?r=<r>&v=<the last version it covered>`` for a DOI a newer one replaced;
- the state: findable while the resource is public, registered but hidden while it is
  deleted (the DOI then leads to the 410 tombstone, which names it);
- the relations: ``IsNewVersionOf`` the DOI it replaced, ``IsPreviousVersionOf`` the DOI that
  replaced it, and the GBIF dataset page once registered with GBIF.

The job is queued after each publication that stored a version with a DOI, after the
resource is deleted and after it is restored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import Text, UserError
from core.jobs import JobContext, JobParams
from core.models import Job, JobStatus
from core.selectors import jobs_of_target
from core.services.jobs import job_create
from metadata.datacite import DataCiteMetadataError, Related, datacite_xml
from metadata.eml.parse import parse_eml
from publisher.models import User
from resources.models import Doi, DoiStatus, Resource, Version, Visibility
from resources.services.publication import version_path

from ..installation import installation_base_url, installation_settings
from .accounts import datacite_client
from .calls import datacite_call

logger = logging.getLogger(__name__)

DOI_SYNC = "doi-sync"


@dataclass(frozen=True)
class DoiSyncParams(JobParams):
    """The resource whose DOIs DataCite must show as its versions say."""

    resource: int


def doi_sync_queue(*, resource: Resource, user: User | None) -> Job | None:
    """Queue the DataCite update of the resource's registered DOIs (None when it has none);
    a pending one already queued is reused, since it reads the resource when it runs."""
    if not resource.dois.filter(status=DoiStatus.REGISTERED).exists():
        return None
    pending = (
        jobs_of_target(target=resource)
        .filter(kind=DOI_SYNC, status=JobStatus.PENDING)
        .order_by("created_at")
        .first()
    )
    if pending is not None:
        return pending
    params = DoiSyncParams(resource=resource.pk)
    return job_create(kind=DOI_SYNC, created_by=user, target=resource, params=params.to_json())


@dataclass(frozen=True)
class Wanted:
    """What DataCite should hold for one DOI."""

    row: Doi
    version: Version
    url: str
    findable: bool
    related: tuple[Related, ...]


def doi_sync_run(ctx: JobContext) -> dict:
    """Send each registered DOI's record, URL and state to DataCite (the current DOI first,
    so that a replaced DOI never points to a newer version than exists)."""
    resource = Resource.objects.filter(pk=DoiSyncParams.from_json(ctx.params).resource).first()
    if resource is None:
        return {"skipped": "no resource"}
    done = []
    for wanted in _wanted(resource):
        done.append(_send(ctx, resource, wanted))
    return {"dois": done}


def _wanted(resource: Resource) -> list[Wanted]:
    """The registered DOIs, newest (current) first, with what DataCite should hold."""
    rows = {
        row.doi: row
        for row in resource.dois.filter(status=DoiStatus.REGISTERED).select_related("organisation")
    }
    newest: dict[str, Version] = {}
    order: list[str] = []
    for version in resource.versions.exclude(doi="").order_by("-major", "-minor"):
        if version.doi not in newest:
            newest[version.doi] = version
            order.append(version.doi)
    order = [doi for doi in order if doi in rows]
    findable = resource.visibility != Visibility.DELETED
    base = "%s/resource?r=%s" % (installation_base_url(), resource.shortname)
    wanted = []
    for index, doi in enumerate(order):
        related = []
        if index > 0:  # replaced by the DOI before it in the list
            related.append(Related(order[index - 1], "DOI", "IsPreviousVersionOf"))
        if index + 1 < len(order):
            related.append(Related(order[index + 1], "DOI", "IsNewVersionOf"))
        url = base if index == 0 else "%s&v=%s" % (base, newest[doi].label)
        wanted.append(Wanted(rows[doi], newest[doi], url, findable, tuple(related)))
    return wanted


def _send(ctx: JobContext, resource: Resource, wanted: Wanted) -> dict:
    row = wanted.row
    xml = _record(resource, wanted)
    client = datacite_client(row.organisation)
    ctx.phase("updating " + row.doi)
    with datacite_call():
        found = client.get(row.doi)
        state = found.state if found is not None else ""
        if found is None:  # the draft is gone (deleted at DataCite by hand): make it again
            client.create_draft(row.doi)
            state = "draft"
        event = _event(state, wanted.findable)
        record = client.update(row.doi, xml=xml, url=wanted.url, event=event)
    Doi.objects.filter(pk=row.pk).update(
        datacite_state=record.state, target_url=record.url or wanted.url, synced_at=timezone.now()
    )
    ctx.log("DOI %s: %s, %s" % (row.doi, record.state, wanted.url))
    return {"doi": row.doi, "state": record.state, "url": wanted.url, "event": event or ""}


def _event(state: str, findable: bool) -> str | None:
    """The DataCite event that moves ``state`` to what is wanted (None: no change)."""
    if findable:
        return None if state == "findable" else "publish"
    if state == "findable":
        return "hide"
    return "register" if state == "draft" else None


def _record(resource: Resource, wanted: Wanted) -> bytes:
    """The DataCite XML of the DOI, from the EML of the newest version carrying it."""
    version = wanted.version
    path = version_path(version, "eml")
    if path is None or not path.exists():
        raise UserError(
            gettext_noop("The EML of version %(version)s is missing; publish again."),
            params={"version": version.label},
            code=codes.DOI_METADATA,
        )
    doc = parse_eml(path.read_bytes(), source=path.name)
    portal = installation_settings().portal_url
    try:
        return datacite_xml(
            doc,
            doi=wanted.row.doi,
            publisher=version.publisher or getattr(resource.organisation, "name", "") or "",
            publication_year=version.published_at.year,
            version=version.label,
            url=wanted.url,
            related=wanted.related,
            gbif_dataset_url="%s/dataset/%s" % (portal, resource.gbif_key)
            if resource.gbif_key and portal
            else "",
        )
    except DataCiteMetadataError as exc:
        raise UserError(
            gettext_noop(
                "The metadata of version %(version)s cannot make a valid DataCite record: "
                "%(problem)s Correct it and publish again."
            ),
            params={"version": version.label, "problem": Text(exc.template, exc.params)},
            code=codes.DOI_METADATA,
            details={"field": exc.field},
        ) from exc
