"""Mapping pages: create (auto-mapped), edit term-first or column-first, filters, value
translations, preview, delete, and mapping templates."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Extension
from catalogue.selectors import extensions_for_core, vocabulary_links
from catalogue.terms import term_label, ui_languages
from core.errors import UserError
from core.views.decorators import login_required
from resources.forms.mappings import (
    FILTER_LABELS,
    FilterForm,
    MappingIdsForm,
    MappingNewForm,
    TemplateApplyForm,
    TemplateSaveForm,
    definition_from_post,
    edited_fields,
    rule_field,
    same_rules,
)
from resources.models import ExtensionMapping, Resource
from resources.services.mappings import (
    core_row_type,
    gbif_notes,
    mapping_create,
    mapping_definition,
    mapping_delete,
    mapping_preview,
    mapping_propose,
    mapping_update,
    template_apply,
    template_save,
)

from .mapping_checks import checks_context, flag_rows
from .mapping_help import add_help
from .resources import overview_url, resource_or_404

TEMPLATE_COLUMN = re.compile(r"\{([^{}]+)\}")

# --- helpers --------------------------------------------------------------------------------


def _mapping_or_404(resource: Resource, pk: int) -> ExtensionMapping:
    mapping = resource.mappings.select_related("extension", "source").filter(pk=pk).first()
    if mapping is None:
        raise Http404
    return mapping


def mapping_url(mapping: ExtensionMapping, name: str = "mapping-edit") -> str:
    return reverse(name, args=[mapping.resource.shortname, mapping.pk])


def _extensions(resource: Resource) -> list[Extension]:
    """The core of the resource first, then the extensions offered under it."""
    core = core_row_type(resource)
    if core is None:
        return []
    first = list(Extension.objects.filter(row_type=core))
    return first + [e for e in extensions_for_core(core) if e.row_type != core]


def _columns(mapping: ExtensionMapping) -> list[str]:
    return list(mapping.source.columns) if mapping.source else []


def _concepts(properties) -> dict[str, list[tuple[str, str]]]:
    """Per thesaurus link: (identifier, label) of the installed vocabulary's concepts."""
    found = vocabulary_links({p.thesaurus for p in properties if p.thesaurus})
    lang = (get_language() or "en").split("-")[0]
    return {
        link: [(c.identifier, c.label(lang)) for c in vocabulary.concepts.all()]
        for link, vocabulary in found.items()
    }


def _term_rows(properties, definition: dict, query: str, only_mapped: bool) -> list[dict]:
    """Term rows grouped by class; rows not matching the search are kept but hidden, so that
    saving the form never drops a rule that is out of sight."""
    rules = {f["term"]: f for f in definition.get("fields", [])}
    concepts = _concepts(properties)
    groups: dict[str, dict] = {}
    langs = ui_languages()
    for prop in properties:
        rule = rules.get(prop.qual_name, {})
        mapped = any(rule.get(k) for k in ("column", "constant", "template", "default"))
        searched = " ".join((prop.name, prop.label, term_label(prop, langs))).lower()
        shown = (not query or query.lower() in searched) and (mapped or not only_mapped)
        group = groups.setdefault(
            prop.group or _("Other"), {"name": prop.group or _("Other"), "rows": [], "shown": False}
        )
        group["shown"] |= shown
        group["rows"].append(
            {
                "prop": prop,
                "rule": rule,
                "mapped": mapped,
                "shown": shown,
                "missing": prop.required and not mapped,
                "concepts": concepts.get(prop.thesaurus),
                "names": {
                    k: rule_field(prop.position, k)
                    for k in ("column", "constant", "template", "default")
                },
                "translations": len(rule.get("translations") or {}),
            }
        )
    return list(groups.values())


def _column_rows(mapping: ExtensionMapping, properties, definition: dict) -> list[dict]:
    """Each source column with the terms it feeds (as column or in a template) and samples."""
    langs = ui_languages()
    labels = {p.qual_name: term_label(p, langs) for p in properties}
    samples = (mapping.source.analysis.get("samples") or []) if mapping.source else []
    rows = []
    for index, column in enumerate(_columns(mapping)):
        feeds = [
            labels.get(f["term"], f["term"])
            for f in definition.get("fields", [])
            if f.get("column") == column
            or column in TEMPLATE_COLUMN.findall(f.get("template") or "")
        ]
        rows.append(
            {
                "name": column,
                "feeds": feeds,
                "is_id": column == definition["id_column"],
                "samples": samples[index] if index < len(samples) else [],
            }
        )
    return rows


def _filter_form(mapping: ExtensionMapping, properties, data=None) -> FilterForm:
    terms = [(p.qual_name, p.label or p.name) for p in properties]
    return FilterForm(data, columns=_columns(mapping), terms=terms, auto_id="filter_%s")


def render_editor(
    request,
    resource: Resource,
    mapping: ExtensionMapping,
    *,
    definition: dict | None = None,
    error: str = "",
    filter_form: FilterForm | None = None,
    ids_form: MappingIdsForm | None = None,
    status: int = 200,
    unsaved: bool = False,
):
    """The editor: term-first (default) or column-first (``?view=columns``); ``unsaved``
    marks ``definition`` as edits not stored yet (the page then warns before leaving)."""
    properties = list(mapping.extension.properties.all())
    definition = definition or mapping_definition(mapping)
    query, only_mapped = request.GET.get("q", "").strip(), request.GET.get("mapped") == "1"
    groups = _term_rows(properties, definition, query, only_mapped)
    rows = [row for group in groups for row in group["rows"]]
    column_rows = _column_rows(mapping, properties, definition)
    checks = checks_context(mapping, properties, mapping_definition(mapping))
    flag_rows(groups, column_rows, definition, checks)
    view = "columns" if request.GET.get("view") == "columns" else "terms"
    context = {
        "resource": resource,
        "mapping": mapping,
        "definition": definition,
        "error": error,
        "unsaved": unsaved,
        "is_core": mapping.extension.row_type == core_row_type(resource),
        "view": view,
        "column_samples": add_help(groups, mapping, properties) if view == "terms" else {},
        "groups": groups,
        "query": query,
        "only_mapped": only_mapped,
        "columns": _columns(mapping),
        "column_rows": column_rows,
        "checks": checks,
        "mapped_count": sum(r["mapped"] for r in rows),
        "missing": [r["prop"] for r in rows if r["missing"]],
        "gbif_notes": gbif_notes(mapping),
        "filters": _filters_shown(definition, properties),
        "filter_form": filter_form or _filter_form(mapping, properties),
        "ids_form": ids_form
        or MappingIdsForm(initial=MappingIdsForm.initial_from(definition), auto_id="ids_%s"),
    }
    return render(request, "mappings/edit.html", context, status=status)


def _filters_shown(definition: dict, properties) -> list[dict]:
    langs = ui_languages()
    labels = {p.qual_name: term_label(p, langs) for p in properties}
    shown = []
    for f in definition.get("filters", []):
        value = f.get("value")
        shown.append(
            {
                **f,
                "op_label": FILTER_LABELS.get(f["op"], f["op"]),
                "column_label": labels.get(f["column"], f["column"])
                if f.get("after_translation")
                else f["column"],
                "value_text": ", ".join(value) if isinstance(value, list) else value,
            }
        )
    return shown


def _mapped_message(proposal: dict) -> str:
    mapped, unmapped = proposal["mapped"], proposal["unmapped"]
    text = _("%(count)d columns were mapped automatically.") % {"count": len(mapped)}
    if unmapped:
        text += " " + _("Left unmapped: %(columns)s.") % {"columns": ", ".join(unmapped)}
    else:
        text += " " + _("Every column was mapped.")
    return text


# --- pages ----------------------------------------------------------------------------------


@login_required
def mapping_new(request, shortname):
    """Choose a source and the core or an extension; the new mapping is auto-mapped."""
    resource = resource_or_404(request, shortname)
    form = MappingNewForm(
        request.POST or None, sources=resource.sources.all(), extensions=_extensions(resource)
    )
    if request.method == "POST" and form.is_valid():
        source, extension = form.cleaned_data["source"], form.cleaned_data["extension"]
        try:
            proposal = mapping_propose(resource=resource, source=source, extension=extension)
            mapping = mapping_create(
                resource=resource, source=source, extension=extension, definition=proposal
            )
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(request, _mapped_message(proposal))
            return redirect(mapping_url(mapping))
    return render(
        request,
        "mappings/new.html",
        {"resource": resource, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def mapping_edit(request, shortname, pk):
    """The mapping editor; POST saves id column and every term's rule at once, or, with
    ``back`` (from the preview of unsaved edits), shows those edits again unsaved."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    if request.method != "POST":
        return render_editor(request, resource, mapping)
    properties = mapping.extension.properties.all()
    definition = definition_from_post(request.POST, properties, mapping_definition(mapping))
    if "back" in request.POST:
        return render_editor(request, resource, mapping, definition=definition, unsaved=True)
    try:
        mapping_update(mapping=mapping, definition=definition)
    except UserError as exc:
        return render_editor(
            request,
            resource,
            mapping,
            definition=definition,
            error=exc.localized_message(),
            status=400,
            unsaved=True,
        )
    messages.success(request, _("The mapping was saved."))
    return redirect(request.get_full_path())


@require_POST
@login_required
def mapping_filters(request, shortname, pk):
    """Add a filter, or remove the one at index ``remove``."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    definition = mapping_definition(mapping)
    if "remove" in request.POST:
        index = int(request.POST["remove"]) if request.POST["remove"].isdigit() else -1
        if 0 <= index < len(definition["filters"]):
            del definition["filters"][index]
    else:
        form = _filter_form(mapping, mapping.extension.properties.all(), request.POST)
        if not form.is_valid():
            return render_editor(request, resource, mapping, filter_form=form, status=400)
        definition["filters"].append(form.as_filter())
    try:
        mapping_update(mapping=mapping, definition=definition)
    except UserError as exc:
        return render_editor(request, resource, mapping, error=exc.localized_message(), status=400)
    messages.success(request, _("The filters were saved."))
    return redirect(mapping_url(mapping) + "#filters")


@require_POST
@login_required
def mapping_ids(request, shortname, pk):
    """Save the id template and the derived-events settings; the rules stay as they are."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    form = MappingIdsForm(request.POST, auto_id="ids_%s")
    if not form.is_valid():
        return render_editor(request, resource, mapping, ids_form=form, status=400)
    try:
        mapping_update(mapping=mapping, definition=form.definition(mapping_definition(mapping)))
    except UserError as exc:
        return render_editor(
            request, resource, mapping, ids_form=form, error=exc.localized_message(), status=400
        )
    messages.success(request, _("The id settings were saved."))
    return redirect(mapping_url(mapping) + "#ids")


@login_required
def mapping_preview_view(request, shortname, pk):
    """The first 100 output rows, written by the same engine as the archive: of the saved
    mapping, or (POST from the editor) of its edits, which stay unsaved and are carried on."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    properties = list(mapping.extension.properties.all())
    labels = {p.qual_name: p.label for p in properties}
    names = {p.qual_name: p.name for p in properties}
    saved = mapping_definition(mapping)
    definition = saved
    if request.method == "POST":
        definition = definition_from_post(request.POST, properties, saved)
    unsaved = not same_rules(definition, saved)
    preview, error = None, ""
    try:
        preview = mapping_preview(mapping, rows=100, definition=definition)
    except UserError as exc:
        error = exc.localized_message()
    headers = [labels.get(t) or names.get(t) or t for t in (preview or {}).get("terms", [])]
    return render(
        request,
        "mappings/preview.html",
        {
            "resource": resource,
            "mapping": mapping,
            "preview": preview,
            "headers": headers,
            "error": error,
            "is_preview": True,
            "unsaved": unsaved,
            "edited_fields": edited_fields(definition, properties) if unsaved else [],
        },
    )


@require_POST
@login_required
def mapping_delete_view(request, shortname, pk):
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    title = mapping.extension.title
    mapping_delete(mapping=mapping)
    messages.success(request, _("The %(extension)s mapping was deleted.") % {"extension": title})
    return redirect(overview_url(resource) + "#mappings")


# --- templates ------------------------------------------------------------------------------


@require_POST
@login_required
def mapping_template_save(request, shortname):
    """Save the resource's mappings as a named template (replacing one of that name)."""
    resource = resource_or_404(request, shortname)
    form = TemplateSaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the template a name."))
        return redirect(overview_url(resource) + "#mappings")
    try:
        template = template_save(resource=resource, name=form.cleaned_data["name"], by=request.user)
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(
            request,
            _("The mappings were saved as the template %(name)s.") % {"name": template.name},
        )
    return redirect(overview_url(resource) + "#mappings")


@login_required
def mapping_templates(request, shortname):
    """The saved templates; POST applies one to this resource."""
    resource = resource_or_404(request, shortname)
    form = TemplateApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        try:
            created = template_apply(template=template, resource=resource)
        except UserError as exc:
            form.add_error(None, exc.localized_message())
        else:
            messages.success(
                request,
                _("The template %(name)s added %(count)d mappings.")
                % {"name": template.name, "count": len(created)},
            )
            return redirect(overview_url(resource) + "#mappings")
    return render(
        request,
        "mappings/templates.html",
        {"resource": resource, "form": form, "templates": form.fields["template"].queryset},
        status=400 if form.errors else 200,
    )
