"""Bulk work for admins: publish many resources a few at a time and follow them on one
page; make many public or private, or give them a publishing organisation."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.models import Job
from core.views.decorators import admin_required
from publisher.forms_bulk import ORGANISATION, PUBLISH, BulkForm
from resources.models import Resource
from resources.selectors import resources_changed
from workflows.bulk import (
    BULK_PUBLISH,
    bulk_publish_items,
    bulk_publish_start,
    resources_organisation_set,
    resources_visibility_set,
)


@admin_required
def bulk_work(request):
    """The resources with a box to tick each (``?changed=1`` ticks those changed since their
    latest version), the action to apply and, after a visibility or organisation change, each
    resource's outcome. Publishing leads to the page that follows the run."""
    resources = Resource.objects.select_related("organisation").order_by("shortname")
    changed = set(resources_changed(Resource.objects.all()).values_list("pk", flat=True))
    form = BulkForm(request.POST or None)
    outcomes = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["resources"])
        if data["action"] == PUBLISH:
            job = bulk_publish_start(
                resources=chosen, user=request.user, change_summary=data["change_summary"]
            )
            return redirect("bulk-run", job.pk)
        if data["action"] == ORGANISATION:
            outcomes = resources_organisation_set(
                resources=chosen, user=request.user, organisation=data["organisation"]
            )
        else:
            outcomes = resources_visibility_set(
                resources=chosen, user=request.user, visibility=data["action"]
            )
    if request.method == "POST":
        ticked = {int(pk) for pk in request.POST.getlist("resources") if pk.isdigit()}
    else:
        ticked = changed if request.GET.get("changed") else set()
    context = {
        "form": form,
        "resources": resources,
        "changed": changed,
        "ticked": ticked,
        "outcomes": outcomes,
    }
    return render(request, "bulk/work.html", context)


def _bulk_or_404(job_id) -> Job:
    job = Job.objects.filter(pk=job_id, kind=BULK_PUBLISH).first()
    if job is None:
        raise Http404
    return job


@admin_required
def bulk_run(request, job_id):
    """One bulk publication: its progress and each resource's publication."""
    job = _bulk_or_404(job_id)
    return render(request, "bulk/run.html", {"job": job, "items": bulk_publish_items(job)})


@admin_required
@require_GET
def bulk_run_items(request, job_id):
    """The table of ``bulk_run``, polled by htmx while the run is active."""
    job = _bulk_or_404(job_id)
    return render(request, "bulk/_items.html", {"job": job, "items": bulk_publish_items(job)})
