"""The page that republishes an occurrence resource as a sampling-event dataset (issue #25):
the two ways explained, the split proposed for its occurrence source, and a button for each."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import UserError
from core.views.decorators import login_required
from resources.forms.republish import RepublishNewForm
from resources.models import Resource
from resources.services.derive import derive_suggest, split_from
from resources.services.republish import (
    occurrence_source,
    republish_as_new,
    republish_in_place,
    republish_problem,
)

from .resources import resource_or_404

IN_PLACE, AS_NEW = "in-place", "as-new"


def _suggestion(resource: Resource) -> tuple[dict | None, str]:
    """The split proposed for the resource's occurrence source, or why there is none."""
    problem = republish_problem(resource)
    if problem:
        return None, problem
    try:
        proposal = derive_suggest(occurrence_source(resource))  # type: ignore[arg-type]
    except UserError as exc:
        return None, exc.localized_message()
    if proposal["split"] is None:
        return None, _(
            "No column identifies an event (an eventID, a site, a date or a protocol): map the "
            "source's columns to these terms first."
        )
    return proposal, ""


def _republish(request, resource: Resource, proposal: dict, form: RepublishNewForm):
    """Run the way the manager chose; the page to go to next, or None when refused."""
    split = split_from(proposal["split"])
    way = request.POST.get("way")
    try:
        if way == IN_PLACE:
            republish_in_place(resource=resource, split=split, by=request.user)
            messages.success(request, _("The resource is now a sampling-event resource."))
            return redirect("resource-overview", shortname=resource.shortname)
        if way == AS_NEW and form.is_valid():
            new = republish_as_new(
                resource=resource,
                split=split,
                by=request.user,
                shortname=form.cleaned_data["shortname"],
            )
            messages.success(request, _("The new sampling-event resource was created."))
            return redirect("resource-overview", shortname=new.shortname)
    except UserError as exc:
        target = "shortname" if way == AS_NEW and "shortname" in exc.code else None
        if target:
            form.add_error(target, exc.localized_message())
        else:
            messages.error(request, exc.localized_message())
    return None


@login_required
def resource_republish(request, shortname):
    """Republish the occurrence resource as a sampling-event dataset, in place or as new."""
    resource = resource_or_404(request, shortname)
    proposal, problem = _suggestion(resource)
    form = RepublishNewForm(request.POST if request.POST.get("way") == AS_NEW else None)
    status = 200
    if request.method == "POST":
        if proposal is None:
            messages.error(request, problem)
            return redirect("resource-republish", shortname=resource.shortname)
        done = _republish(request, resource, proposal, form)
        if done is not None:
            return done
        status = 400
    context = {
        "resource": resource,
        "proposal": proposal,
        "problem": problem,
        "form": form,
        "in_place": IN_PLACE,
        "as_new": AS_NEW,
    }
    return render(request, "resources/republish.html", context, status=status)
