"""The access-limited companion card of the overview: create the companion, name and remove
its readers (managers only; others get 404 as on every management page)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from resources.forms.companions import ReaderAddForm
from resources.forms.resources import ManagerRemoveForm
from resources.services.companions import (
    companion_create,
    companion_reader_add,
    companion_reader_remove,
)

from .resources import overview_url, render_overview, resource_or_404

CARD = "#companion"


@require_POST
@login_required
def companion_create_view(request, shortname):
    """Create the resource's access-limited companion and open its overview."""
    resource = resource_or_404(request, shortname)
    try:
        companion = companion_create(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(overview_url(resource) + CARD)
    messages.success(
        request,
        _(
            "The access-limited companion %(name)s was created. It is private; publish it to "
            "make the precise data available to its managers and readers."
        )
        % {"name": companion.shortname},
    )
    return redirect(overview_url(companion) + CARD)


@require_POST
@login_required
def companion_readers(request, shortname):
    """Name a reader (by e-mail) or remove one (``remove`` = user id)."""
    resource = resource_or_404(request, shortname)
    if "remove" in request.POST:
        return _remove_reader(request, resource)
    form = ReaderAddForm(request.POST)
    if not form.is_valid():
        return render_overview(request, resource, status=400, reader_form=form)
    try:
        reader = companion_reader_add(
            resource=resource, user=request.user, email=form.cleaned_data["email"]
        )
    except UserError as exc:
        form.add_error("email", exc.localized_message())
        return render_overview(request, resource, status=400, reader_form=form)
    messages.success(request, _("%(email)s may now see this resource.") % {"email": reader.email})
    return redirect(overview_url(resource) + CARD)


def _remove_reader(request, resource):
    form = ManagerRemoveForm(request.POST)
    reader = None
    if form.is_valid():
        reader = resource.readers.filter(pk=form.cleaned_data["remove"]).first()
    if reader is None:
        messages.error(request, _("That user is not a reader of this resource."))
        return redirect(overview_url(resource) + CARD)
    try:
        companion_reader_remove(resource=resource, user=request.user, reader=reader)
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(
            request, _("%(email)s may no longer see this resource.") % {"email": reader.email}
        )
    return redirect(overview_url(resource) + CARD)
