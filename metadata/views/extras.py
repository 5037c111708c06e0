"""Small helpers of the editor: shared-contact suggestions and the coverage inference."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import found_or_404, with_job
from metadata.eml.validate import SECTIONS
from metadata.forms import COVERAGE_SECTIONS
from metadata.selectors import contact_suggest_for_user
from metadata.services.coverage import coverage_infer_start
from resources.selectors import resource_get_for_manager

from .editor import section_url

SEARCH_SUFFIX = ".__contact"
# Where an agent block may sit: the four people lists and project personnel.
AGENT_PATH = re.compile(
    r"^(?:creators|contacts|metadata_providers|associated_parties|project\.personnel"
    r"|project\.related_projects\[\d{1,6}\]\.personnel)\[\d{1,6}\]$"
)
SUGGESTIONS = 8


@require_GET
@login_required
def contact_suggest(request, shortname):
    """Shared contacts matching the search box of one agent block (an htmx partial).

    The box is named ``<agent path>.__contact`` so that the answer's buttons name the
    block to fill; each posts the editor form with ``op=pick:<path>:<contact id>``.
    """
    found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    found = [
        (key[: -len(SEARCH_SUFFIX)], value)
        for key, value in request.GET.items()
        if key.endswith(SEARCH_SUFFIX)
    ]
    if len(found) != 1 or not AGENT_PATH.match(found[0][0]):
        return HttpResponseBadRequest("unknown block")
    path, query = found[0]
    contacts = (
        contact_suggest_for_user(user=request.user, query=query.strip(), limit=SUGGESTIONS)
        if query.strip()
        else []
    )
    return render(
        request,
        "metadata/_contact_suggestions.html",
        {"path": path, "contacts": contacts, "query": query.strip()},
    )


@require_POST
@login_required
def coverage_infer_view(request, shortname):
    """Start inferring the coverage from the mapped data; the section page follows the job."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    section = request.POST.get("section", "")
    section = section if section in COVERAGE_SECTIONS else SECTIONS[3]
    try:
        job = coverage_infer_start(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(section_url(resource, section))
    messages.info(request, _("Reading the mapped data to infer the coverage…"))
    return redirect(with_job(section_url(resource, section), job, "#inferred"))
