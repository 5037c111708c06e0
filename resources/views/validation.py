"""Validation pages: start a validation, and its report with the flagged rows."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import with_job
from resources.forms.publication import ValidateForm
from resources.services.publication.start import validation_start
from resources.services.publication.validation import latest_validation, validation_flagged_path

from .publication import DOWNLOADS, _download, _report_context
from .resources import overview_url, resource_or_404


@require_POST
@login_required
def validation_start_view(request, shortname):
    """Start validating the resource (whoever may publish it may); the overview then
    follows the job."""
    resource = resource_or_404(request, shortname)
    form = ValidateForm(request.POST)
    form.is_valid()  # a checkbox: never invalid
    try:
        job = validation_start(resource=resource, user=request.user, **form.cleaned_data)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(overview_url(resource) + "#publication")
    return redirect(with_job(overview_url(resource), job, "#publication"))


def _validation_or_404(resource):
    validation = latest_validation(resource)
    if validation is None:
        raise Http404
    return validation


@login_required
def validation_report(request, shortname):
    """The report of the resource's latest validation, as a publication report shows it."""
    resource = resource_or_404(request, shortname)
    validation = _validation_or_404(resource)
    flagged = validation_flagged_path(validation)
    return render(
        request,
        "publication/report.html",
        {
            "resource": resource,
            "validation": validation,
            **_report_context(validation.report),
            "flagged_url": reverse("validation-flagged", args=[shortname])
            if flagged and flagged.exists()
            else "",
        },
    )


@login_required
def validation_flagged(request, shortname):
    """Every row the latest validation flagged (gzipped TSV)."""
    validation = _validation_or_404(resource_or_404(request, shortname))
    return _download(validation_flagged_path(validation), DOWNLOADS["flagged"])
