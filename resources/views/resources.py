"""Resource pages: create, overview with its sections, edit, managers, delete."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import login_required, manager_required
from core.views.helpers import found_or_404, shown_job
from resources.forms.companions import ReaderAddForm
from resources.forms.resources import (
    ManagerAddForm,
    ManagerRemoveForm,
    ResourceDeleteForm,
    ResourceForm,
    SourceSqlForm,
    SourceUploadForm,
    SourceUrlForm,
)
from resources.models import Resource
from resources.selectors import (
    has_registered_doi,
    resource_get_for_manager,
    source_jobs_latest,
)
from resources.selectors_visibility import visibility_outlook
from resources.services.companions import companion_of_resource
from resources.services.republish import helpdesk_mail
from resources.services.resources import (
    resource_add_manager,
    resource_create,
    resource_remove_manager,
    resource_update,
)
from workflows.resources import resource_delete

# --- helpers shared with the source pages ---------------------------------------------------


def resource_or_404(request, shortname: str) -> Resource:
    """The resource if the user may manage it; 404 otherwise, so names do not leak."""
    return found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))


def overview_url(resource: Resource) -> str:
    return reverse("resource-overview", args=[resource.shortname])


def render_overview(request, resource: Resource, *, status: int = 200, **forms):
    """The overview page; ``forms`` replace the empty forms (bound, with their errors).

    The job is read before what it makes: a job seen finished has its sources on the page,
    and one seen running makes the page reload when it ends."""
    job = shown_job(request, resource)
    sources = list(resource.sources.all())
    jobs = source_jobs_latest(resource)
    for source in sources:
        source.last_job = jobs.get(source.pk)
        source.problem_count = len(source.analysis.get("problems", [])) + source.analysis.get(
            "truncated_problems", 0
        )
    context = {
        "resource": resource,
        "sources": sources,
        "job": job,
        "managers": resource.managers.order_by("email"),
        "mapping_count": resource.mappings.count(),
        "upload_form": SourceUploadForm(),
        "url_form": SourceUrlForm(),
        "sql_form": SourceSqlForm(),
        "manager_form": ManagerAddForm(),
        "delete_form": ResourceDeleteForm(resource=resource),
        "outlook": visibility_outlook(resource),  # the visibility and delete cards' one
        **companion_context(resource),
        "helpdesk": helpdesk_mail(resource),
        **forms,
    }
    return render(request, "resources/overview.html", context, status=status)


def companion_context(resource: Resource) -> dict:
    """The access-limited companion card's: the companion of an original, the readers of a
    companion and the form to name one."""
    if resource.companion_of_id is not None:
        return {"readers": resource.readers.order_by("email"), "reader_form": ReaderAddForm()}
    return {"companion": companion_of_resource(resource)}


# --- pages ----------------------------------------------------------------------------------


@manager_required
def resource_new(request):
    """Create a resource; its creator becomes its first manager."""
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_create(creator=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(
                "shortname" if "shortname" in exc.code else None, exc.localized_message()
            )
        else:
            messages.success(
                request, _("The resource %(name)s was created.") % {"name": resource.shortname}
            )
            return redirect("resource-overview", shortname=resource.shortname)
    return render(request, "resources/form.html", {"form": form, "creating": True})


@login_required
def resource_overview(request, shortname):
    """Everything about a resource, in sections: sources, mappings, metadata, publication…"""
    return render_overview(request, resource_or_404(request, shortname))


@login_required
def resource_edit(request, shortname):
    """Change title and type, and the short name until the first publication."""
    resource = resource_or_404(request, shortname)
    form = ResourceForm(request.POST or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            resource_update(resource=resource, **form.changes())
        except UserError as exc:
            form.add_error(
                "shortname" if "shortname" in exc.code else None, exc.localized_message()
            )
            resource.refresh_from_db()
        else:
            messages.success(request, _("The resource was saved."))
            return redirect("resource-overview", shortname=resource.shortname)
    return render(request, "resources/form.html", {"form": form, "resource": resource})


@require_POST
@login_required
def resource_delete_view(request, shortname):
    """Delete the resource with its sources and files, once the short name is confirmed."""
    resource = resource_or_404(request, shortname)
    form = ResourceDeleteForm(request.POST, resource=resource)
    if not form.is_valid():
        return render_overview(request, resource, status=400, delete_form=form)
    with_doi = has_registered_doi(resource)
    try:
        job = resource_delete(resource=resource, user=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(overview_url(resource) + "#delete")
    if with_doi:
        messages.info(
            request,
            _(
                "The resource %(name)s has a registered DOI, so it was withdrawn instead: its "
                "pages answer 410 Gone with its DOI and citation, and the DOI is hidden at "
                "DataCite. Restore it from the visibility card."
            )
            % {"name": shortname},
        )
        return redirect(overview_url(resource) + "#visibility")
    if job is not None:
        messages.info(
            request,
            _(
                "The resource %(name)s was withdrawn; it will be deleted once GBIF's registry "
                "confirmed the deletion of its dataset."
            )
            % {"name": shortname},
        )
        return redirect("%s?job=%s#registration" % (overview_url(resource), job.pk))
    messages.success(request, _("The resource %(name)s was deleted.") % {"name": shortname})
    return redirect("dashboard")


@require_POST
@login_required
def resource_managers(request, shortname):
    """Add a co-manager (by e-mail) or remove one (``remove`` = user id)."""
    resource = resource_or_404(request, shortname)
    if "remove" in request.POST:
        return _remove_manager(request, resource)
    form = ManagerAddForm(request.POST)
    if not form.is_valid():
        return render_overview(request, resource, status=400, manager_form=form)
    try:
        resource_add_manager(resource=resource, user=form.cleaned_data["email"])
    except UserError as exc:
        form.add_error("email", exc.localized_message())
        return render_overview(request, resource, status=400, manager_form=form)
    messages.success(
        request,
        _("%(email)s now manages this resource.") % {"email": form.cleaned_data["email"].email},
    )
    return redirect(overview_url(resource) + "#managers")


def _remove_manager(request, resource: Resource):
    form = ManagerRemoveForm(request.POST)
    user = None
    if form.is_valid():
        user = resource.managers.filter(pk=form.cleaned_data["remove"]).first()
    if user is None:
        messages.error(request, _("That user is not a co-manager of this resource."))
    else:
        resource_remove_manager(resource=resource, user=user)
        messages.success(
            request, _("%(email)s no longer manages this resource.") % {"email": user.email}
        )
    return redirect(overview_url(resource) + "#managers")
