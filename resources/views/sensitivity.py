"""Pages of sensitive species: a resource's policy (its managers) and the shared lists of
taxa (admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.views.decorators import admin_required, login_required
from resources.forms.sensitivity import PolicyDeleteForm, SensitivityForm, TaxonListForm
from resources.models import Resource, TaxonList
from resources.sensitivity.policy import Taxon
from resources.services.sensitivity import (
    policy_delete,
    policy_of,
    policy_update,
    sensitivity_policy,
    taxa_as_lines,
    taxa_from_lines,
    taxa_merged,
    taxa_parse,
    taxon_list_create,
    taxon_list_delete,
    taxon_list_update,
)
from resources.services.sensitivity_files import MAX_BYTES

from .resources import resource_or_404

# Where a field named by a service error (``default.grid``, ``taxa[3]``) is on the form.
_FORM_FIELDS = {"kind": "kind", "grid": "grid", "rank": "rank", "fields": "terms"}


def _form_field(field: str) -> str | None:
    if field.startswith("default"):
        return _FORM_FIELDS.get(field.rsplit(".", 1)[-1], "kind")
    if field.startswith("taxa"):
        return "taxa"
    if field == "lists":
        return "lists"
    return None


def _own_taxa(resource: Resource) -> list[Taxon]:
    stored = policy_of(resource)
    if stored is None:
        return []
    return [Taxon.from_json(t) for t in stored.taxa]


def _initial(resource: Resource) -> dict[str, Any]:
    stored = policy_of(resource)
    if stored is None:
        return {}
    return {
        **SensitivityForm.initial_from(stored.default_action),
        "separate_events": stored.separate_events,
        "taxa": taxa_as_lines([Taxon.from_json(t) for t in stored.taxa]),
        "lists": list(stored.lists.all()),
    }


def _uploaded(upload) -> list[Taxon] | None:
    if upload is None:
        return None
    return taxa_parse(upload.read(MAX_BYTES + 1), upload.name)


def _taxa_of(form: SensitivityForm | TaxonListForm, keep: list[Taxon]) -> list[Taxon]:
    """The typed taxa (those kept from ``keep`` keep their actions), with the upload
    replacing or joining them; ``UserError`` (shown on the upload field) else."""
    typed = taxa_from_lines(form.cleaned_data["taxa"], keep=keep)
    try:
        uploaded = _uploaded(form.cleaned_data.get("upload"))
    except UserError as exc:
        form.add_error("upload", exc.localized_message())
        raise
    if uploaded is None:
        return typed
    if form.cleaned_data["mode"] == "replace":
        return uploaded
    return taxa_merged(typed, [uploaded])


def _save(request, resource: Resource, form: SensitivityForm) -> bool:
    try:
        taxa = _taxa_of(form, _own_taxa(resource))
        data = {
            "taxa": [t.to_json() for t in taxa],
            "default": form.action_json(),
            "separate_events": form.cleaned_data["separate_events"],
            "lists": [t.pk for t in form.cleaned_data["lists"]],
        }
        policy_update(resource=resource, user=request.user, data=data)
    except UserError as exc:
        if not form.has_error("upload"):
            field = _form_field((exc.details or {}).get("field", "")) if exc.details else None
            form.add_error(field or "taxa", exc.localized_message())
        return False
    return True


def _summary(resource: Resource) -> dict[str, Any]:
    stored = policy_of(resource)
    policy = sensitivity_policy(resource)
    return {
        "stored": stored,
        "own_count": len(stored.taxa) if stored else 0,
        "total_count": len(policy.taxa) if policy else 0,
    }


@login_required
def sensitivity_edit(request, shortname):
    """The resource's sensitivity policy: default action, option, taxa, shared lists."""
    resource = resource_or_404(request, shortname)
    form = SensitivityForm(request.POST or None, request.FILES or None, initial=_initial(resource))
    if request.method == "POST" and form.is_valid() and _save(request, resource, form):
        messages.success(request, _("The sensitivity policy was saved."))
        return redirect("resource-sensitivity", shortname=resource.shortname)
    status = 400 if request.method == "POST" else 200
    context = {
        "resource": resource,
        "form": form,
        "delete_form": PolicyDeleteForm(),
        **_summary(resource),
    }
    return render(request, "resources/sensitivity.html", context, status=status)


@require_POST
@login_required
def sensitivity_delete(request, shortname):
    """Remove the resource's policy; the next version is published without one."""
    resource = resource_or_404(request, shortname)
    form = PolicyDeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm removing the policy."))
    elif policy_delete(resource=resource, user=request.user):
        messages.success(request, _("The sensitivity policy was removed."))
    return redirect("resource-sensitivity", shortname=resource.shortname)


# --- shared lists (admins) ---------------------------------------------------------------------


@admin_required
def taxon_list_list(request):
    lists = TaxonList.objects.order_by("name")
    return render(request, "resources/taxon_lists.html", {"lists": lists})


def _list_save(request, form: TaxonListForm, current: TaxonList | None) -> TaxonList | None:
    try:
        keep = [Taxon.from_json(t) for t in current.taxa] if current else []
        taxa = _taxa_of(form, keep)
        fields = {
            "name": form.cleaned_data["name"],
            "description": form.cleaned_data["description"],
            "taxa": taxa,
        }
        if current is None:
            return taxon_list_create(user=request.user, **fields)
        return taxon_list_update(taxon_list=current, user=request.user, **fields)
    except UserError as exc:
        if not form.has_error("upload"):
            name_error = exc.code == "sensitivity:list-name"
            form.add_error("name" if name_error else "taxa", exc.localized_message())
        return None


def _list_page(request, current: TaxonList | None):
    initial = {}
    if current is not None:
        taxa = [Taxon.from_json(t) for t in current.taxa]
        initial = {
            "name": current.name,
            "description": current.description,
            "taxa": taxa_as_lines(taxa),
        }
    form = TaxonListForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _list_save(request, form, current)
        if saved is not None:
            messages.success(request, _("The list %(name)s was saved.") % {"name": saved.name})
            return redirect("taxon-list-list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "taxon_list": current}
    return render(request, "resources/taxon_list_form.html", context, status=status)


@admin_required
def taxon_list_new(request):
    return _list_page(request, None)


@admin_required
def taxon_list_edit(request, pk):
    return _list_page(request, get_object_or_404(TaxonList, pk=pk))


@require_POST
@admin_required
def taxon_list_delete_view(request, pk):
    taxon_list = get_object_or_404(TaxonList, pk=pk)
    taxon_list_delete(taxon_list=taxon_list, user=request.user)
    messages.success(request, _("The list %(name)s was removed.") % {"name": taxon_list.name})
    return redirect("taxon-list-list")
