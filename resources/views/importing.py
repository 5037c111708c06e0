"""Pages to create resources from an archive or IPT folder, and to export one as a folder."""

from __future__ import annotations

import uuid

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import UserError
from core.selectors import job_get_for_user
from core.uploads import refused_upload
from core.views.decorators import login_required, manager_required
from resources.forms.resources import ResourceImportForm
from resources.services.exporting import resource_export_file
from resources.services.importing.start import RESOURCE_IMPORT, resource_import_start
from resources.services.sources import source_stage_uploads

from .resources import resource_or_404


@manager_required
def resource_import_view(request):
    """Upload (or name a URL of) an archive or IPT folder; then follow the import job."""
    form = ResourceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        refused = refused_upload(request)
        if refused:
            form.add_error("file", refused)
        elif form.is_valid():
            try:
                job = _start(request, form.cleaned_data)
            except UserError as exc:
                form.add_error(None, exc.localized_message())
            else:
                return redirect("%s?job=%s" % (reverse("resource-import"), job.pk))
    job = _shown_job(request)
    return render(
        request,
        "resources/import.html",
        {"form": form, "job": job},
        status=400 if form.errors else 200,
    )


def _start(request, data: dict):
    staged = source_stage_uploads(files=[data["file"]]) if data.get("file") else None
    return resource_import_start(
        user=request.user,
        staged=staged,
        url=data.get("url") or "",
        shortname=data.get("shortname") or "",
    )


def _shown_job(request):
    try:
        job_id = uuid.UUID(request.GET.get("job", ""))
    except ValueError:
        return None
    job = job_get_for_user(user=request.user, job_id=job_id)
    return job if job is not None and job.kind == RESOURCE_IMPORT else None


@login_required
def resource_export_view(request, shortname):
    """The resource as a zipped folder (sources, mappings, metadata, versions)."""
    resource = resource_or_404(request, shortname)
    path = resource_export_file(resource=resource)
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the data readable until the response is sent
    return FileResponse(
        handle,
        as_attachment=True,
        filename="%s.zip" % resource.shortname,
        content_type="application/zip",
    )
