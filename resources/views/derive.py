"""The page that derives events from a flat source: the suggestion, the manager's changes,
the counts they give, and the mappings made from them (``resources.services.derive``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from core.errors import UserError
from core.views.decorators import login_required
from resources.forms.derive import DeriveForm
from resources.models import Resource, Source
from resources.services.derive import (
    derive_apply,
    derive_columns,
    derive_suggest,
    derive_tally,
    split_from,
)

from .resources import overview_url, resource_or_404
from .sources import _source_or_404


def _page(request, resource: Resource, source: Source, form, **context):
    status = context.pop("status", 200)
    context = {"resource": resource, "source": source, "form": form, **context}
    return render(request, "resources/derive.html", context, status=status)


def _empty_form(source: Source) -> DeriveForm:
    """A form with no choice made, for a source that could not be read."""
    return DeriveForm(columns=list(source.columns), event_terms={}, occurrence_terms={})


def _suggested(request, resource: Resource, source: Source):
    try:
        proposal = derive_suggest(source)
    except UserError as exc:
        form = _empty_form(source)
        return _page(request, resource, source, form, error=exc.localized_message())
    form = DeriveForm(
        initial=DeriveForm.initial_from(proposal["split"]),
        columns=proposal["columns"],
        event_terms=proposal["event_terms"],
        occurrence_terms=proposal["occurrence_terms"],
    )
    return _page(
        request,
        resource,
        source,
        form,
        suggested=proposal["split"] is not None,
        counts=proposal["counts"],
    )


def _applied(request, resource: Resource, source: Source, split) -> str:
    created = derive_apply(resource=resource, source=source, split=split)
    count = len(created)
    messages.success(
        request,
        ngettext(
            "%(count)d mapping was made from %(source)s.",
            "%(count)d mappings were made from %(source)s.",
            count,
        )
        % {"count": count, "source": source.name},
    )
    return overview_url(resource) + "#mappings"


@login_required
def source_derive(request, shortname, name):
    """Derive events from a flat source: GET shows the suggestion and what it gives; POST
    counts the chosen split (``count``) or replaces the source's mappings by it."""
    resource = resource_or_404(request, shortname)
    source = _source_or_404(resource, name)
    if request.method != "POST":
        return _suggested(request, resource, source)
    try:
        form = DeriveForm(request.POST, **derive_columns(source))
    except UserError as exc:
        form = _empty_form(source)
        return _page(request, resource, source, form, error=exc.localized_message(), status=400)
    if not form.is_valid():
        return _page(request, resource, source, form, status=400)
    try:
        split = split_from(form.split())
        if "apply" in request.POST:
            return redirect(_applied(request, resource, source, split))
        counts = derive_tally(source, split)
    except UserError as exc:
        form.add_error(None, exc.localized_message())
        return _page(request, resource, source, form, status=400)
    return _page(request, resource, source, form, counts=counts, counted=True)
