"""Admin pages: the organisations associated with the installation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import AppError, UserError
from core.views.decorators import admin_required
from publisher.forms_registry import (
    OrganisationAddForm,
    OrganisationDoiForm,
    OrganisationEditForm,
    OrganisationManualForm,
)
from publisher.models import Organisation
from publisher.services.dois import doi_account_set
from publisher.services.installation import installation_settings
from publisher.services.organisations import (
    EDITABLE,
    organisation_add,
    organisation_remove,
    organisation_update,
    registry_organisations,
)


@admin_required
def organisation_list(request):
    return render(
        request,
        "organisations/list.html",
        {
            "organisations": Organisation.objects.order_by("name"),
            "current": installation_settings(),
        },
    )


def _add_form(request):
    """The registry's organisations to pick from; typing the key when it is unreachable.
    A POST uses the list shown (cached) or the typed key, so that the page waits for the
    registry once, for the token check."""
    try:
        found = registry_organisations(cached_only=request.method == "POST")
    except AppError as exc:
        messages.warning(request, exc.localized_message())
        found = None
    if found is None:
        return OrganisationManualForm(request.POST or None)
    known = {str(o.key) for o in Organisation.objects.all()}
    choices = [(o.key, o.name) for o in found if o.key not in known]
    return OrganisationAddForm(request.POST or None, choices=choices)


@admin_required
def organisation_new(request):
    """Associate an organisation; its token is checked with the registry before saving."""
    form = _add_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_add(
                **{**form.cleaned_data, "key": str(form.cleaned_data["key"])}
            )
        except (UserError, AppError) as exc:
            form.add_error(
                "token" if exc.code == "organisation:token" else None, exc.localized_message()
            )
        else:
            messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
            return redirect("organisation-list")
    return render(request, "organisations/form.html", {"form": form, "creating": True})


def _edit_page(request, organisation, *, form=None, doi_form=None):
    """The organisation's page: its own settings and its DataCite account, two forms."""
    if form is None:
        form = OrganisationEditForm(
            initial={name: getattr(organisation, name) for name in EDITABLE}
        )
    if doi_form is None:
        doi_form = OrganisationDoiForm(organisation=organisation)
    context = {"organisation": organisation, "form": form, "doi_form": doi_form}
    return render(request, "organisations/form.html", context)


@admin_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationEditForm(
        request.POST or None,
        initial={name: getattr(organisation, name) for name in EDITABLE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(organisation=organisation, **form.cleaned_data)
        except (UserError, AppError) as exc:
            form.add_error(
                "token" if exc.code == "organisation:token" else None, exc.localized_message()
            )
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": organisation.name})
            return redirect("organisation-list")
    return _edit_page(request, organisation, form=form)


# The form field a ``doi:account`` error names in its details.
DOI_FIELDS = {"prefix": "doi_prefix", "api_url": "doi_api_url"}


@require_POST
@admin_required
def organisation_doi(request, pk):
    """Save the organisation's DataCite account (the DOI section of its page)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationDoiForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            doi_account_set(organisation=organisation, **form.account())
        except UserError as exc:
            field = DOI_FIELDS.get((exc.details or {}).get("field", ""))
            form.add_error(field, exc.localized_message())
            organisation.refresh_from_db()
        else:
            messages.success(
                request,
                _("The DataCite account of %(name)s was saved.") % {"name": organisation.name},
            )
            return redirect("organisation-list")
    return _edit_page(request, organisation, doi_form=form)


@require_POST
@admin_required
def organisation_delete(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        organisation_remove(organisation=organisation)
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": organisation.name})
    return redirect("organisation-list")
