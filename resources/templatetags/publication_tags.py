"""The publication card of the resource overview, with its own context."""

from __future__ import annotations

from django import template
from django.urls import reverse

from resources import check_text, sensitivity_text
from resources.forms.publication import PublishForm
from resources.models import PublicationSettings, Resource
from resources.services.publication import latest_version, publish_jobs
from resources.services.publication.start import (
    next_version,
    publication_doi,
    validation_jobs,
    version_label,
)
from resources.services.publication.validation import QualitySummary, quality_summary

register = template.Library()


@register.filter
def sensitivity_action(data: object) -> str:
    """``{{ taxon.action|sensitivity_action }}``: see ``resources.sensitivity_text``."""
    return sensitivity_text.action_text(data)


@register.filter
def severity_label(severity: str) -> str:
    """``{{ c.severity|severity_label }}``: see ``resources.check_text.severity_label``."""
    return check_text.severity_label(severity)


def summary_url(resource: Resource, summary: QualitySummary | None) -> str:
    """The page of the report ``summary`` comes from."""
    if summary is None:
        return ""
    if summary.kind == "validation":
        return reverse("validation-report", args=[resource.shortname])
    if summary.job is not None:
        return reverse("publication-job-report", args=[resource.shortname, summary.job.pk])
    return reverse("version-report", args=[resource.shortname, summary.label])


@register.inclusion_tag("publication/_overview_card.html", takes_context=True)
def publication_card(context, resource):
    """Current version, the last publication attempt, the newest check results at a glance,
    the Validate and Publish forms (warning when citations would name no publisher, notice
    when the publication registers a DOI) and links."""
    summary = quality_summary(resource)
    doi = publication_doi(resource)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "resource": resource,
        "version": latest_version(resource),
        "last_job": publish_jobs(resource).first(),
        "validation_job": validation_jobs(resource).first(),
        "summary": summary,
        "summary_url": summary_url(resource, summary),
        "options": PublicationSettings.objects.filter(resource=resource).first(),
        "form": PublishForm(warnings=summary.warning_rows if summary else 0),
        "no_organisation": resource.organisation_id is None,
        "doi": doi,
        "next_label": version_label(*next_version(resource, doi)),
    }
