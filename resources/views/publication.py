"""Publication pages: publish, version history, reports, downloads and settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.models import Job
from core.permissions import is_admin
from core.views.decorators import login_required
from core.views.helpers import with_job
from resources.check_text import report_entry
from resources.forms.publication import (
    PublicationSettingsForm,
    PublishForm,
    VersionDeleteForm,
    VersionSummaryForm,
)
from resources.models import Resource, Version
from resources.services.publication import (
    publication_settings,
    publication_settings_update,
    publish_jobs,
    resource_publish,
    version_path,
)
from resources.services.publication.run import failed_flagged_path
from resources.services.publication.store import version_change_summary_set
from resources.services.publication.validation import quality_summary
from workflows.versions import version_delete

from .resources import overview_url, resource_or_404

RECENT_ATTEMPTS = 10
DOWNLOADS = {
    "archive": "application/zip",
    "eml": "application/xml",
    "report": "application/json",
    "flagged": "application/gzip",
    "datapackage": "application/zip",
}


def _version_or_404(resource: Resource, label: str) -> Version:
    version = resource.versions.select_related("published_by").filter(label=label).first()
    if version is None:
        raise Http404
    return version


def _job_or_404(resource: Resource, job_id) -> Job:
    job = publish_jobs(resource).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def _warning_rows(resource: Resource) -> int:
    """The warned rows the publisher confirms having read before publishing."""
    summary = quality_summary(resource)
    return summary.warning_rows if summary else 0


@require_POST
@login_required
def publication_start(request, shortname):
    """Start publishing the next version; the overview then follows the job."""
    resource = resource_or_404(request, shortname)
    form = PublishForm(request.POST, warnings=_warning_rows(resource))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(overview_url(resource) + "#publication")
    try:
        job = resource_publish(resource=resource, user=request.user, **form.publish_options())
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(overview_url(resource) + "#publication")
    if request.htmx:
        return render(request, "jobs/_progress.html", {"job": job}, status=202)
    return redirect(with_job(overview_url(resource), job, "#publication"))


@login_required
def version_list(request, shortname):
    """Every published version, newest first, with the recent publication attempts."""
    resource = resource_or_404(request, shortname)
    versions = resource.versions.select_related("published_by").order_by("-major", "-minor")
    deleted = (
        Version.all_objects.filter(resource=resource, deleted_at__isnull=False)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )
    attempts = publish_jobs(resource).select_related("created_by")[:RECENT_ATTEMPTS]
    return render(
        request,
        "publication/versions.html",
        {
            "resource": resource,
            "versions": versions,
            "deleted": deleted,
            "attempts": attempts,
            "may_delete": is_admin(request.user) and len(versions) > 1,
        },
    )


@login_required
def version_delete_view(request, shortname, label):
    """Delete a published version, with the reason (admins): its files go, its addresses
    answer 410 Gone, the history keeps who removed it and why."""
    resource = resource_or_404(request, shortname)
    version = _version_or_404(resource, label)
    if not is_admin(request.user):
        raise PermissionDenied
    form = VersionDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version_delete(version=version, by=request.user, reason=form.cleaned_data["reason"])
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(request, _("Version %(v)s was deleted.") % {"v": version.label})
            return redirect("version-list", shortname=resource.shortname)
    if form.errors:
        status = 400
    return render(
        request,
        "publication/version_delete.html",
        {"resource": resource, "version": version, "form": form},
        status=status,
    )


def _report_context(report: dict) -> dict:
    """The checks that flagged something, errors first; the others only counted."""
    run = report.get("checks", [])
    checks = [report_entry(c) for c in run if c.get("count")]
    return {
        "report": report,
        "checks": checks,
        "passed": len(run) - len(checks),
        "errors": [c for c in checks if c.get("severity") == "error"],
        "warnings": [c for c in checks if c.get("severity") != "error"],
        "counts": report.get("counts", {}),
    }


@login_required
def version_summary_edit(request, shortname, label):
    """Edit the change summary of a published version (as the IPT's history page does)."""
    resource = resource_or_404(request, shortname)
    version = _version_or_404(resource, label)
    form = VersionSummaryForm(
        request.POST or None, initial={"change_summary": version.change_summary}
    )
    if request.method == "POST" and form.is_valid():
        version_change_summary_set(version=version, summary=form.cleaned_data["change_summary"])
        messages.success(
            request, _("The change summary of version %(v)s was saved.") % {"v": version.label}
        )
        return redirect("version-list", shortname=resource.shortname)
    return render(
        request,
        "publication/summary.html",
        {"resource": resource, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def version_report(request, shortname, label):
    """The publication report of a version: checks by severity with sample rows."""
    resource = resource_or_404(request, shortname)
    version = _version_or_404(resource, label)
    flagged = version_path(version, "flagged")
    return render(
        request,
        "publication/report.html",
        {
            "resource": resource,
            "version": version,
            **_report_context(version.report),
            "flagged_url": reverse("version-download", args=[shortname, label, "flagged"])
            if flagged and flagged.exists()
            else "",
        },
    )


@login_required
def job_report(request, shortname, job_id):
    """The report of a publication that did not pass its checks (kept on the job)."""
    resource = resource_or_404(request, shortname)
    job = _job_or_404(resource, job_id)
    result = job.result or {}
    flagged = failed_flagged_path(resource, job)
    return render(
        request,
        "publication/report.html",
        {
            "resource": resource,
            "job": job,
            "label": result.get("version", ""),
            **_report_context(result.get("report") or {}),
            "flagged_url": reverse("publication-job-flagged", args=[shortname, job.pk])
            if flagged.exists()
            else "",
        },
    )


def _download(path, content_type: str):
    if path is None or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )


@login_required
def version_download(request, shortname, label, kind):
    """A version's archive, EML, report, flagged rows or data package (managers only)."""
    if kind not in DOWNLOADS:
        raise Http404
    version = _version_or_404(resource_or_404(request, shortname), label)
    return _download(version_path(version, kind), DOWNLOADS[kind])


@login_required
def job_flagged(request, shortname, job_id):
    """The flagged rows of the last failed publication."""
    resource = resource_or_404(request, shortname)
    return _download(
        failed_flagged_path(resource, _job_or_404(resource, job_id)), DOWNLOADS["flagged"]
    )


@login_required
def publication_settings_view(request, shortname):
    """Archival mode and auto-publishing."""
    resource = resource_or_404(request, shortname)
    options = publication_settings(resource)
    form = PublicationSettingsForm(request.POST or None, initial=model_to_dict(options))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                publication_settings_update(resource=resource, **form.cleaned_data)
            except UserError as exc:
                form.add_error((exc.details or {}).get("field"), exc.localized_message())
            else:
                messages.success(request, _("The publication settings were saved."))
                return redirect("publication-settings", shortname=resource.shortname)
        status = 400
    return render(
        request,
        "publication/settings.html",
        {
            "resource": resource,
            "options": options,
            "form": form,
        },
        status=status,
    )
