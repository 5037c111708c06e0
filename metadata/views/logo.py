"""The resource logo's upload and removal, beside the logo URL in the editor's
"additional" section; the service keeps the file and the metadata's URL together."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import found_or_404
from resources.selectors import resource_get_for_manager
from resources.services.logo import resource_logo_remove, resource_logo_upload

from .editor import section_url

SECTION = "additional"


def _back(resource):
    return redirect(section_url(resource, SECTION) + "#logo")


@require_POST
@login_required
def logo_upload(request, shortname):
    """Store the posted image (field ``logo``) as the resource's logo."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    upload = request.FILES.get("logo")
    if upload is None:
        messages.error(request, _("Choose an image file to upload."))
        return _back(resource)
    try:
        resource_logo_upload(resource=resource, upload=upload, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(request, _("The logo was uploaded; the logo URL now points at it."))
    return _back(resource)


@require_POST
@login_required
def logo_remove(request, shortname):
    """Remove the uploaded logo (and the logo URL when it named it)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    if resource_logo_remove(resource=resource, user=request.user):
        messages.success(request, _("The logo was removed."))
    else:
        messages.info(request, _("There was no uploaded logo to remove."))
    return _back(resource)
