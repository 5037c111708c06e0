"""Reserving a DOI for a resource, and deleting a reserved one.

The DOI's name is chosen here, before any call (the account's prefix and a random suffix, or
a DOI the manager already gives as the citation identifier), and stored with the job; the
job asks DataCite for it first and creates the draft only when DataCite does not have it, so
a retry after a lost reply adopts the draft instead of minting a second DOI.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import UserError
from core.jobs import JobContext, JobParams
from core.models import ACTIVE_STATUSES, Job
from core.selectors import jobs_of_target
from core.services.jobs import job_create
from metadata.eml.citation import doi_of
from metadata.services.documents import metadata_get
from publisher.datacite import DataCiteClient, DataCiteConflict, DoiRecord
from publisher.models import Organisation, User
from resources.models import ArchivalMode, Doi, DoiStatus, Resource, Visibility
from resources.permissions import may_manage_resource, may_register_resource
from resources.services.publication import publication_settings

from .accounts import datacite_client, doi_account
from .calls import datacite_call

logger = logging.getLogger(__name__)

DOI_RESERVE = "doi-reserve"
DOI_DELETE = "doi-delete"
# Suffix characters: lower-case letters and digits without the ones read alike (0 o 1 l i).
SUFFIX_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SUFFIX_LENGTH = 8


@dataclass(frozen=True)
class DoiParams(JobParams):
    """The DOI (its ``Doi`` row) to reserve at DataCite or to delete there."""

    doi: int


def resource_doi_jobs(resource: Resource):
    """The DOI jobs of ``resource``, newest first."""
    from .sync import DOI_SYNC

    kinds = (DOI_RESERVE, DOI_DELETE, DOI_SYNC)
    return jobs_of_target(target=resource).filter(kind__in=kinds).order_by("-created_at")


def doi_refusal(user: User, resource: Resource) -> str:
    """Why ``user`` may not manage the DOIs of ``resource`` ("" when they may): only
    managers with registration rights (the Publisher role) and administrators."""
    if may_register_resource(user, resource) or (user.is_authenticated and user.is_admin):
        return ""
    if may_manage_resource(user, resource):
        return _(
            "Only managers with registration rights (the Publisher role) and administrators "
            "can reserve or delete DOIs. Ask an administrator to change your role."
        )
    return _("Only the resource's managers with registration rights can manage its DOIs.")


def doi_state(resource: Resource) -> dict:
    """The resource's DOIs as the overview, the API and the CLI show them: the current
    (registered) DOI, the reserved one, and every DOI with the versions it covers."""
    rows = list(resource.dois.order_by("reserved_at"))
    carried = _versions_by_doi(resource)
    newest = resource.versions.exclude(doi="").order_by("-major", "-minor").first()
    current = newest.doi if newest else ""
    return {
        "current": current,
        "reserved": next((r.doi for r in rows if r.status != DoiStatus.REGISTERED), ""),
        "dois": [
            {
                "doi": row.doi,
                "url": row.url,
                "status": row.status,
                "datacite_state": row.datacite_state,
                "target_url": row.target_url,
                "versions": carried.get(row.doi, []),
                "current": row.doi == current,
                "reserved_at": row.reserved_at.isoformat(),
                "registered_at": row.registered_at.isoformat() if row.registered_at else None,
            }
            for row in rows
        ],
    }


def _versions_by_doi(resource: Resource) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for doi, label in (
        resource.versions.exclude(doi="").order_by("major", "minor").values_list("doi", "label")
    ):
        found.setdefault(doi, []).append(label)
    return found


# --- reserving -----------------------------------------------------------------------------------


def doi_reserve_start(
    *, resource: Resource, user: User, doi: str = "", enqueue: bool = True
) -> Job:
    """Reserve a DOI for ``resource``: ``doi`` when given (it must lie under the account's
    prefix), else the DOI in the citation identifier when it lies under the prefix, else a
    new one. Queues the job that creates the draft at DataCite; the next public publication
    registers it. Refused with ``doi:*`` codes saying why."""
    refusal = doi_refusal(user, resource)
    if refusal:
        raise UserError(refusal, code=codes.DOI_FORBIDDEN)
    account = _account()
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _check_reservable(resource)
        row = resource.dois.exclude(status=DoiStatus.REGISTERED).first()
        if row is None:
            name = _chosen(resource, account, doi)
            try:
                with transaction.atomic():
                    row = Doi.objects.create(
                        resource=resource, doi=name, organisation=account, created_by=user
                    )
            except IntegrityError:
                raise _taken(name) from None
        elif row.status != DoiStatus.RESERVING:
            raise UserError(
                gettext_noop("The DOI %(doi)s is already reserved for this resource."),
                params={"doi": row.doi},
                code=codes.DOI_RESERVED,
            )
        job = job_create(
            kind=DOI_RESERVE,
            created_by=user,
            target=resource,
            params=DoiParams(doi=row.pk).to_json(),
            enqueue=enqueue,
        )
    logger.info("DOI %s of resource %s: reservation queued (job %s)", row.doi, resource.pk, job.pk)
    return job


def _account() -> Organisation:
    account = doi_account()
    if account is None:
        raise UserError(
            _(
                "No DataCite account is active on this installation; an administrator must "
                "set one up on an organisation's page first."
            ),
            code=codes.DOI_NO_ACCOUNT,
        )
    return account


def _check_reservable(resource: Resource) -> None:
    if resource.visibility == Visibility.DELETED:
        raise UserError(_("The resource is deleted; restore it first."), code=codes.DOI_FORBIDDEN)
    if publication_settings(resource).archival_mode != ArchivalMode.ALL:
        raise UserError(
            _(
                "DOIs need the archival mode that keeps the archives of all versions: a DOI "
                "promises that every version it covers stays available. Change it in the "
                "publication settings first."
            ),
            code=codes.DOI_ARCHIVAL,
        )
    _check_idle(resource)


def _check_idle(resource: Resource) -> None:
    """One DOI job at a time per resource: they would race on its one reserved DOI."""
    if resource_doi_jobs(resource).filter(status__in=ACTIVE_STATUSES).exists():
        raise UserError(_("A DOI operation is already under way."), code=codes.DOI_RUNNING)


def _chosen(resource: Resource, account: Organisation, given: str) -> str:
    """The DOI to reserve: the one given, else the citation identifier's when it lies under
    the account's prefix, else a new one."""
    prefix = account.doi_prefix + "/"
    if given.strip():
        name = doi_of(given)
        if not name or not name.lower().startswith(prefix.lower()):
            raise UserError(
                gettext_noop("%(doi)s is not a DOI under the account's prefix %(prefix)s."),
                params={"doi": given.strip()[:200], "prefix": account.doi_prefix},
                code=codes.DOI_INVALID,
            )
        return name
    cited = doi_of(metadata_get(resource).citation.identifier)
    if cited and cited.lower().startswith(prefix.lower()):
        return cited
    return prefix + "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(SUFFIX_LENGTH))


def _taken(name: str) -> UserError:
    return UserError(
        gettext_noop("The DOI %(doi)s belongs to another resource of this installation."),
        params={"doi": name},
        code=codes.DOI_TAKEN,
    )


def _row(ctx: JobContext) -> Doi | None:
    doi = DoiParams.from_json(ctx.params).doi
    return Doi.objects.select_related("organisation").filter(pk=doi).first()


def doi_reserve_run(ctx: JobContext) -> dict:
    """Create the DOI's draft at DataCite, unless DataCite has the DOI already (a retry after
    a lost reply, or a DOI the manager had): then it is adopted as it is."""
    row = (
        Doi.objects.select_related("organisation")
        .filter(pk=DoiParams.from_json(ctx.params).doi)
        .first()
    )
    if row is None or row.status != DoiStatus.RESERVING:
        return {"skipped": "not being reserved"}
    client = datacite_client(row.organisation)
    ctx.phase("looking the DOI up")
    with datacite_call():
        found = client.get(row.doi)
    if found is None:
        ctx.phase("reserving")
        with datacite_call():
            found = _created(client, row.doi)
        ctx.log("DOI %s reserved at DataCite (draft)" % row.doi)
    else:
        ctx.log("DataCite has DOI %s already (%s): adopted" % (row.doi, found.state))
    Doi.objects.filter(pk=row.pk).update(
        status=DoiStatus.RESERVED,
        datacite_state=found.state,
        target_url=found.url or "",
        synced_at=timezone.now(),
    )
    return {"doi": row.doi, "state": found.state}


def _created(client: DataCiteClient, doi: str) -> DoiRecord:
    """Create the draft; when DataCite says it exists (another attempt created it between
    our look-up and now), take the one it has."""
    try:
        return client.create_draft(doi)
    except DataCiteConflict:
        found = client.get(doi)
        if found is None:
            raise
        return found


# --- deleting a reserved DOI ---------------------------------------------------------------


def doi_delete_start(*, resource: Resource, user: User, enqueue: bool = True) -> Job:
    """Delete the resource's reserved DOI (a draft at DataCite; a registered DOI is never
    deleted). Queues the job that deletes the draft at DataCite and then forgets it here."""
    refusal = doi_refusal(user, resource)
    if refusal:
        raise UserError(refusal, code=codes.DOI_FORBIDDEN)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _check_idle(resource)
        row = resource.dois.exclude(status=DoiStatus.REGISTERED).first()
        if row is None:
            raise UserError(
                _("The resource has no reserved DOI; a registered DOI cannot be deleted."),
                code=codes.DOI_NONE,
            )
        Doi.objects.filter(pk=row.pk).update(status=DoiStatus.DELETING)
        job = job_create(
            kind=DOI_DELETE,
            created_by=user,
            target=resource,
            params=DoiParams(doi=row.pk).to_json(),
            enqueue=enqueue,
        )
    logger.info("DOI %s of resource %s: deletion queued (job %s)", row.doi, resource.pk, job.pk)
    return job


def doi_delete_run(ctx: JobContext) -> dict:
    """Delete the draft at DataCite (gone already: fine), then forget the DOI. A DOI that
    DataCite holds as registered or findable (one the manager had) is only forgotten."""
    row = (
        Doi.objects.select_related("organisation")
        .filter(pk=DoiParams.from_json(ctx.params).doi)
        .first()
    )
    if row is None or row.status != DoiStatus.DELETING:
        return {"skipped": "not being deleted"}
    client = datacite_client(row.organisation)
    with datacite_call():
        found = client.get(row.doi)
        if found is not None and found.state == "draft":
            ctx.phase("deleting")
            client.delete_draft(row.doi)
    row.delete()
    ctx.log("DOI %s deleted" % row.doi)
    return {"doi": row.doi, "deleted_at_datacite": bool(found and found.state == "draft")}
