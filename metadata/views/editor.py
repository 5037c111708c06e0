"""The metadata editor: one page per section, with badges for every section.

A section page posts to itself. "Save" parses the section's inputs into its part of the
document (the other sections stay as stored), saves and shows the page again with the
validation messages beside the inputs. The list buttons (add, remove, move, global box,
pick a shared contact, copy a creator) work without JavaScript: they post the whole form,
change it and show it again, not yet saved.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.errors import UserError
from core.views.decorators import login_required
from core.views.helpers import found_or_404, shown_job
from metadata.eml.model import Document
from metadata.eml.serialize import to_dict
from metadata.eml.validate import SECTIONS, Issue
from metadata.forms import (
    COVERAGE_SECTIONS,
    FORMS,
    SECTION_LABELS,
    ErrorMap,
    Op,
    OpError,
    apply_op,
    focus_id,
    parse_op,
    section_bind,
    section_empty,
    section_parse,
)
from metadata.forms.choices import dataset_types, ranks
from metadata.forms.ops import tokens
from metadata.models import CoverageMode
from metadata.selectors import contact_get_for_user
from metadata.services.contacts import contact_as_agent
from metadata.services.coverage import (
    coverage_last,
    coverage_modes,
    metadata_settings_update,
    note_message,
)
from metadata.services.documents import (
    dataset_type_conflict,
    document_issues,
    metadata_from_json,
    metadata_get,
    metadata_record,
    metadata_save,
    published_dataset_type,
)
from resources.models import Resource
from resources.selectors import resource_get_for_manager
from resources.services.logo import resource_logo_path

# What saving each section says: whole sentences, not ones composed from a section's label.
SAVED = {
    "basic": gettext_lazy("The basic metadata was saved."),
    "contacts": gettext_lazy("The contacts were saved."),
    "acknowledgements": gettext_lazy("The acknowledgements were saved."),
    "geocoverage": gettext_lazy("The geographic coverage was saved."),
    "taxcoverage": gettext_lazy("The taxonomic coverage was saved."),
    "tempcoverage": gettext_lazy("The temporal coverage was saved."),
    "keywords": gettext_lazy("The keywords were saved."),
    "project": gettext_lazy("The project data were saved."),
    "methods": gettext_lazy("The sampling methods were saved."),
    "citations": gettext_lazy("The citations were saved."),
    "collections": gettext_lazy("The collection data were saved."),
    "physical": gettext_lazy("The external links were saved."),
    "additionalDescription": gettext_lazy("The additional description was saved."),
    "additional": gettext_lazy("The additional metadata was saved."),
}
SUMMARY_ID = "section-issues"  # the redirect after saving names it: forms.js focuses it

COVERAGE_PART = {
    "geocoverage": "geographic",
    "taxcoverage": "taxonomic",
    "tempcoverage": "temporal",
}


def section_url(resource: Resource, section: str) -> str:
    """The editor page of one section."""
    return reverse("metadata-edit", args=[resource.shortname, section])


def sections_nav(
    resource: Resource, issues: list[Issue], data: dict, current: str = ""
) -> list[dict]:
    """Every section with its number of problems and whether nothing is entered in it (in the
    document JSON ``data``), for the side navigation and the overview."""
    counts = Counter(issue.section for issue in issues)
    return [
        {
            "name": name,
            "label": SECTION_LABELS[name],
            "problems": counts[name],
            "empty": section_empty(name, data),
            "url": section_url(resource, name),
            "current": name == current,
        }
        for name in SECTIONS
    ]


def editor_issues(doc: Document) -> list[Issue]:
    """The document's issues the editor shows (see ``document_issues``)."""
    return document_issues(doc)


def _messages(issues: list[Issue], section: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for issue in issues:
        if issue.section == section:
            found.setdefault(issue.field, []).append(_(issue.message))
    return found


def _anchor(bound, field: str) -> str:
    """The id of the input (or the nearest enclosing block) a field path belongs to."""
    parts = tokens(field) if field else []
    while parts:
        path = "".join("[%d]" % p if isinstance(p, int) else ("." + p) for p in parts)
        for top in bound:
            found = top.find(path.lstrip("."))
            if found is not None:
                return found.anchor
        parts = parts[:-1]
    return ""


def type_conflict(resource: Resource, doc: Document) -> dict | None:
    """The stated and the published dataset type (labels) when the working metadata states
    another type than the resource's core: publication writes the latter, so say so."""
    stated = dataset_type_conflict(resource, doc)
    if not stated:
        return None
    labels = dict(dataset_types())
    published = published_dataset_type(resource)
    return {"stated": labels.get(stated, stated), "published": labels.get(published, published)}


def _coverage_context(request, resource: Resource, section: str) -> dict:
    if section not in COVERAGE_SECTIONS:
        return {}
    job = shown_job(request, resource)  # before what it infers: see render_overview
    inferred = coverage_last(resource)
    return {
        "coverage_mode": coverage_modes(resource)[COVERAGE_PART[section]],
        "coverage_modes": CoverageMode.choices,
        "inferred": inferred,
        "inferred_notes": [
            note_message(code)
            for code in inferred.notes
            if code.startswith((COVERAGE_PART[section] + ":", "mappings:"))
        ],
        "job": job,
    }


def render_section(
    request,
    resource: Resource,
    section: str,
    data: dict,
    *,
    issues: list[Issue],
    saved_issues: list[Issue],
    saved: dict | None = None,
    unsaved: bool = False,
    focus: str = "",
    status: int = 200,
):
    """The section page for the document JSON ``data`` with ``issues`` beside the inputs; the
    navigation shows the stored document ``saved`` (default: ``data``) and its issues."""
    by_field = _messages(issues, section)
    bound = section_bind(section, data, ErrorMap(by_field))
    summary = [
        {"message": message, "anchor": _anchor(bound, field)}
        for field, messages_ in by_field.items()
        for message in messages_
    ]
    context = {
        "resource": resource,
        "section": section,
        "section_label": SECTION_LABELS[section],
        "nav": sections_nav(resource, saved_issues, data if saved is None else saved, section),
        "summary_id": SUMMARY_ID,
        "bound": bound,
        "summary": summary,
        "unsaved": unsaved,
        "focus": focus_id(bound, focus) if focus else "",
        "ranks": ranks() if section == "taxcoverage" else [],
        "citation_auto": metadata_record(resource).citation_auto,
        "type_conflict": type_conflict(resource, metadata_get(resource))
        if section == "basic"
        else None,
        "logo_uploaded": section == "additional" and resource_logo_path(resource) is not None,
        **_coverage_context(request, resource, section),
    }
    return render(request, "metadata/edit.html", context, status=status)


@login_required
def metadata_index(request, shortname):
    """The editor starts at the basic section."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    return redirect(section_url(resource, SECTIONS[0]))


@login_required
def metadata_edit(request, shortname, section):
    """GET shows a section; POST saves it, or applies one of its list buttons (unsaved)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    if section not in SECTIONS:
        raise Http404
    if request.method == "POST":
        return _post(request, resource, section)
    doc = metadata_get(resource)
    issues = editor_issues(doc)
    return render_section(
        request, resource, section, to_dict(doc), issues=issues, saved_issues=issues
    )


def _pick(user, contact_id: str) -> dict | None:
    """The shared contact to fill a block with, if ``user`` may see it."""
    if not contact_id.isdigit():
        return None
    contact = contact_get_for_user(user=user, pk=int(contact_id))
    return to_dict(contact_as_agent(contact)) if contact else None


def _apply(request, section: str, data: dict, op: Op) -> str:
    """Apply a list button to the parsed section; returns the path to focus ("" if none)."""
    try:
        return apply_op(FORMS[section], data, op, pick=lambda pk: _pick(request.user, pk))
    except OpError:
        messages.error(request, _("That button no longer matches the form; nothing changed."))
        return ""


def _post(request, resource: Resource, section: str):
    stored = to_dict(metadata_get(resource))
    try:
        op = parse_op(request.POST.get("op", ""))
    except OpError:
        op = None
    data = section_parse(section, request.POST, stored, prune=op is None)
    focus = _apply(request, section, data, op) if op is not None else ""
    saved_issues = editor_issues(metadata_get(resource))
    try:
        doc = metadata_from_json({**stored, **data})
    except UserError as exc:  # pragma: no cover - the forms only produce text and lists
        messages.error(request, exc.localized_message())
        return render_section(
            request,
            resource,
            section,
            stored,
            issues=saved_issues,
            saved_issues=saved_issues,
            status=400,
        )
    if op is not None:
        return render_section(
            request,
            resource,
            section,
            to_dict(doc),
            issues=editor_issues(doc),
            saved_issues=saved_issues,
            saved=stored,
            unsaved=True,
            focus=focus,
        )
    with transaction.atomic():
        metadata_save(resource, doc, user=request.user)
        _save_settings(request, resource, section)
    remaining = sum(1 for issue in editor_issues(doc) if issue.section == section)
    _saved_message(request, section, remaining)
    return redirect(section_url(resource, section) + ("#" + SUMMARY_ID if remaining else ""))


def _save_settings(request, resource: Resource, section: str) -> None:
    """The record's switches shown on some sections: generated citation, the mode of the
    section's coverage."""
    if section == "citations":
        metadata_settings_update(
            resource, citation_auto=request.POST.get("citation_auto") == "1", user=request.user
        )
    mode = request.POST.get("coverage_mode", "")
    if section in COVERAGE_SECTIONS and mode in CoverageMode.values:
        # Only this page's coverage: each of the three has its own mode.
        field = COVERAGE_PART[section] + "_coverage_mode"
        metadata_settings_update(resource, **{field: mode}, user=request.user)


def _saved_message(request, section: str, remaining: int) -> None:
    saved = str(SAVED[section])
    if remaining:
        problems = ngettext(
            "This section still has %(count)d problem to fix.",
            "This section still has %(count)d problems to fix.",
            remaining,
        ) % {"count": remaining}
        messages.warning(request, "%s %s" % (saved, problems))
    else:
        messages.success(request, saved)
