"""The DOI card's forms on the resource overview: reserve a DOI, delete the reserved one
(issue #23). The services check the rights and say why they refuse."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import found_or_404, with_job
from publisher.forms_registry import DoiReserveForm
from publisher.services.dois import doi_delete_start, doi_reserve_start
from resources.selectors import resource_get_for_manager

ANCHOR = "#doi"


def _overview(resource) -> str:
    return reverse("resource-overview", args=[resource.shortname])


@require_POST
@login_required
def resource_doi_reserve(request, shortname):
    """Queue the reservation (a DOI the manager gives, or a new one); the overview then
    follows its job."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    form = DoiReserveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(_overview(resource) + ANCHOR)
    try:
        job = doi_reserve_start(resource=resource, user=request.user, doi=form.cleaned_data["doi"])
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(_overview(resource) + ANCHOR)
    return redirect(with_job(_overview(resource), job, ANCHOR))


@require_POST
@login_required
def resource_doi_delete(request, shortname):
    """Queue the deletion of the reserved DOI; the overview then follows its job."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    try:
        job = doi_delete_start(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(_overview(resource) + ANCHOR)
    messages.success(request, _("The reserved DOI is being deleted."))
    return redirect(with_job(_overview(resource), job, ANCHOR))
