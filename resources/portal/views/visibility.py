"""The visibility card's form on the resource overview: change, make public and publish,
date, withdraw, restore."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import with_job
from resources import error_codes as codes
from resources.services.publication.public import resource_publish_public
from resources.services.visibility import (
    resource_public_from_set,
    resource_visibility_change,
)
from resources.views.resources import overview_url, resource_or_404
from workflows.resources import resource_restore, resource_withdraw


def _date(text: str) -> datetime.date | None:
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(_("Enter the date as YYYY-MM-DD."), code=codes.VISIBILITY_DATE) from exc


def _apply(request, resource) -> str:
    action = request.POST.get("action", "")
    user = request.user
    if action == "change":
        resource_visibility_change(
            resource=resource, user=user, visibility=request.POST.get("visibility", "")
        )
        if resource.visibility_pending:
            return _("The change applies with the next publication.")
        return _("Visibility changed.")
    if action == "date":
        resource_public_from_set(
            resource=resource, user=user, public_from=_date(request.POST.get("public_from", ""))
        )
        return _("Public date saved.")
    if action == "withdraw":
        withdrawn = resource_withdraw(resource=resource, user=user)
        if withdrawn.deregistration:
            return _(
                "The resource is deleted: its pages and files answer 410 Gone. Its GBIF "
                "dataset is being deleted; the registration card shows when GBIF confirmed."
            )
        return _("The resource is deleted: its pages and files answer 410 Gone.")
    if action == "restore":
        resource_restore(resource=resource, user=user)
        return _("The resource is restored, as private.")
    raise UserError(_("Unknown action."), code=codes.VISIBILITY_ACTION)


def _publish_public(request, resource):
    """Make public and start the publication; the overview then follows its job."""
    try:
        job = resource_publish_public(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(overview_url(resource) + "#visibility")
    messages.success(
        request,
        _(
            "The resource is being published as public; its landing page and archive "
            "answer to everyone once the publication has ended."
        ),
    )
    return redirect(with_job(overview_url(resource), job, "#publication"))


@require_POST
@login_required
def visibility_update(request, shortname):
    """Apply one visibility action, then back to the overview's visibility card."""
    resource = resource_or_404(request, shortname)
    if request.POST.get("action") == "publish-public":
        return _publish_public(request, resource)
    try:
        messages.success(request, _apply(request, resource))
    except UserError as exc:
        messages.error(request, exc.localized_message())
    return redirect(overview_url(resource) + "#visibility")
