"""E-mails about GBIF registration and DOI jobs that failed after their last attempt: to the
publishers concerned (registered when the app is ready)."""

from __future__ import annotations

from core.jobs import finished_listener_register
from core.models import Job, JobStatus
from publisher.models import Role, User
from publisher.services import dois
from publisher.services.notifications import PROBLEMS, job_facts, notify
from publisher.services.registration import datasets, installation, networks
from resources.models import Resource

KINDS = (
    installation.INSTALLATION_REGISTER,
    installation.INSTALLATION_UPDATE,
    datasets.DATASET_REGISTER,
    datasets.DATASET_UPDATE,
    networks.DATASET_NETWORK,
    datasets.DATASET_DEREGISTER,
    dois.DOI_RESERVE,
    dois.DOI_DELETE,
    dois.DOI_SYNC,
)


def problem_recipients(job: Job) -> list[str]:
    """Who started the job, and the resource's creator and managers with registration
    rights; the active admins when that leaves nobody (the installation's registration)."""
    users = [job.created_by] if job.created_by_id else []
    target = job.target if job.target_type_id else None
    if isinstance(target, Resource):
        users += [target.creator, *target.managers.all()]
    emails = [u.email for u in users if u is not None and u.has_registration_rights]
    if not emails:
        admins = User.objects.filter(role=Role.ADMIN, is_active=True)
        emails = list(admins.values_list("email", flat=True))
    return list(dict.fromkeys(emails))


def registration_failed(job: Job) -> None:
    """The listener of the registration and DOI job kinds: tell of a final failure."""
    if job.status != JobStatus.FAILED:
        return
    notify(
        topic=PROBLEMS,
        emails=problem_recipients(job),
        template="registration_failed",
        context={"job": job_facts(job)},
    )


def listeners_register() -> None:
    finished_listener_register(KINDS, registration_failed)
