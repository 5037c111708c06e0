"""Notification e-mails about publications: to the resource's creator and managers when a
publication (manual or automatic) succeeded or failed. An automatic publication that failed
is told by ``schedule.auto_publish_failed`` (with the failures in a row and whether
auto-publishing stopped), so it is skipped here."""

from __future__ import annotations

from django.urls import reverse

from core.models import Job, JobStatus
from publisher.services.installation import installation_base_url
from publisher.services.notifications import PUBLICATIONS, job_facts, notify
from resources.models import Resource

from .start import PublishParams


def resource_managers_emails(resource: Resource) -> list[str]:
    """The creator and the co-managers, each once."""
    emails = [resource.creator.email, *resource.managers.values_list("email", flat=True)]
    return list(dict.fromkeys(e for e in emails if e))


def resource_facts(resource: Resource) -> dict:
    link = installation_base_url() + reverse("resource-overview", args=[resource.shortname])
    return {"title": resource.title or resource.shortname, "name": resource.shortname, "link": link}


def publication_finished(job: Job) -> None:
    """The listener of the publication job kind (``finished_listener_register``)."""
    params = PublishParams.from_json(job.params)
    resource = Resource.objects.filter(pk=params.resource).select_related("creator").first()
    if resource is None:
        return
    result = job.result if isinstance(job.result, dict) else {}
    if job.status == JobStatus.SUCCEEDED and "skipped" not in result:
        template = "publication_succeeded"
    elif job.status == JobStatus.FAILED and not params.auto:
        template = "publication_failed"
    else:
        return
    context = {
        "resource": resource_facts(resource),
        "job": job_facts(job),
        "version": result.get("version", ""),
        "auto": params.auto,
    }
    notify(
        topic=PUBLICATIONS,
        emails=resource_managers_emails(resource),
        template=template,
        context=context,
    )
