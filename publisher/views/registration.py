"""The registration card's forms on the resource overview: publishing organisation,
registering with GBIF, retrying a failed deregistration."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import found_or_404
from publisher.forms_registry import ResourceOrganisationForm
from publisher.services.registration import (
    dataset_adopt_start,
    dataset_register_start,
    resource_organisation_set,
)
from resources.selectors import resource_get_for_manager
from workflows.resources import resource_deregister_retry

ANCHOR = "#registration"


@require_POST
@login_required
def resource_organisation(request, shortname):
    """Choose the publishing organisation (any manager of the resource)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    form = ResourceOrganisationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the organisations offered."))
        return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)
    try:
        resource_organisation_set(
            resource=resource, user=request.user, organisation=form.cleaned_data["organisation"]
        )
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(request, _("The publishing organisation was saved."))
    return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)


@require_POST
@login_required
def resource_register(request, shortname):
    """Queue the registration; the overview then follows its job."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    try:
        job = dataset_register_start(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)
    return redirect(
        "%s?job=%s%s" % (reverse("resource-overview", args=[resource.shortname]), job.pk, ANCHOR)
    )


@require_POST
@login_required
def resource_deregister_retry_view(request, shortname):
    """Try the failed deregistration again; the overview then follows its job (the
    resource may be gone once it succeeded: the job page tells)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    try:
        job = resource_deregister_retry(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)
    messages.success(request, _("The deregistration was queued again."))
    if job is None:
        return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)
    return redirect(reverse("job-detail", args=[job.pk]))


def resource_register_adopt(request, shortname):
    """Check the registry and adopt the dataset an uncertain registration may have created;
    the overview then follows its job."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    try:
        job = dataset_adopt_start(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(reverse("resource-overview", args=[resource.shortname]) + ANCHOR)
    return redirect(
        "%s?job=%s%s" % (reverse("resource-overview", args=[resource.shortname]), job.pk, ANCHOR)
    )
