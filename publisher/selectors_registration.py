"""Reads for the GBIF registration card, page and API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.jobs import get_kind
from core.models import Job, JobStatus
from publisher.error_codes import REGISTRY_OUTCOME_UNKNOWN
from publisher.models import Organisation
from publisher.services.installation import installation_settings
from publisher.services.registration import (
    Problem,
    registration_jobs,
    registration_problems,
    registration_refusal,
)
from resources.models import Deregistration, Resource
from resources.permissions import may_manage_resource, may_register_resource

OUTCOME_UNKNOWN = REGISTRY_OUTCOME_UNKNOWN.code


@dataclass
class RegistrationStatus:
    """Where a resource stands with GBIF, and what the viewing user may do about it."""

    registered: bool
    key: str
    registered_at: datetime | None
    organisation: Organisation | None
    gbif_url: str
    problems: list[Problem] = field(default_factory=list)
    refusal: str = ""
    may_choose_organisation: bool = False
    last_job: Job | None = None
    deregistration: str = ""
    may_retry_deregistration: bool = False

    @property
    def may_register(self) -> bool:
        return not self.registered and not self.refusal and not self.problems

    @property
    def last_job_label(self) -> str:
        if self.last_job is None:
            return ""
        try:
            return get_kind(self.last_job.kind).label
        except KeyError:
            return self.last_job.kind

    @property
    def may_adopt(self) -> bool:
        """The last registration's outcome is unknown: offer "check the registry and adopt"."""
        job = self.last_job
        return bool(
            job
            and not self.registered
            and not self.refusal
            and job.status == JobStatus.FAILED
            and job.error_code == OUTCOME_UNKNOWN
        )

    @property
    def retrying(self) -> bool:
        """The last registry job failed for now (outage) and waits for its next attempt."""
        job = self.last_job
        return bool(job and job.status == JobStatus.PENDING and job.attempts > 0)


def registration_status(*, resource: Resource, user) -> RegistrationStatus:
    key = str(resource.gbif_key or "")
    portal = installation_settings().portal_url
    return RegistrationStatus(
        registered=bool(key),
        key=key,
        registered_at=resource.registered_at,
        organisation=resource.organisation,
        gbif_url="%s/dataset/%s" % (portal, key) if key and portal else "",
        problems=[] if key else registration_problems(resource),
        refusal=registration_refusal(user, resource),
        may_choose_organisation=may_manage_resource(user, resource) and not key,
        last_job=registration_jobs(resource).first(),
        deregistration=resource.deregistration,
        may_retry_deregistration=resource.deregistration == Deregistration.FAILED
        and may_register_resource(user, resource),
    )
