"""Value translations of a mapped term: the column's distinct values with counts and what
each is published as, and the suggested translations applied in one click."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from catalogue.models import ExtensionProperty
from core.errors import UserError
from core.views.decorators import login_required
from resources.forms.mappings import suggestions_from_post, translations_from_post
from resources.models import ExtensionMapping
from resources.services.mappings import mapping_definition, translation_set, translation_values

from .mappings import _concepts, _mapping_or_404, mapping_url
from .resources import resource_or_404


def _property_or_404(mapping: ExtensionMapping, position: int) -> ExtensionProperty:
    prop = mapping.extension.properties.filter(position=position).first()
    if prop is None:
        raise Http404
    return prop


@login_required
def mapping_translations(request, shortname, pk, position):
    """Distinct values of a mapped column with counts, and what each is written as."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    prop = _property_or_404(mapping, position)
    if request.method == "POST":
        try:
            translation_set(
                mapping=mapping,
                term=prop.qual_name,
                translations=translations_from_post(request.POST),
            )
        except UserError as exc:
            messages.error(request, exc.localized_message())
        else:
            messages.success(
                request,
                _("The translations of %(term)s were saved.") % {"term": prop.label or prop.name},
            )
            return redirect(mapping_url(mapping) + "#term-%d" % prop.position)
    try:
        values = translation_values(mapping, prop.qual_name)
    except UserError as exc:
        messages.error(request, exc.localized_message())
        return redirect(mapping_url(mapping))
    context = {
        "resource": resource,
        "mapping": mapping,
        "prop": prop,
        "rows": _translation_rows(values),
        "values": values,
        "concepts": _concepts([prop]).get(prop.thesaurus) or [],
    }
    return render(request, "mappings/translations.html", context)


@require_POST
@login_required
def mapping_translations_apply(request, shortname, pk, position):
    """Add the suggested translations of a term's flagged values to its translations."""
    resource = resource_or_404(request, shortname)
    mapping = _mapping_or_404(resource, pk)
    prop = _property_or_404(mapping, position)
    rules = {f["term"]: f for f in mapping_definition(mapping)["fields"]}
    current = rules.get(prop.qual_name, {}).get("translations") or {}
    added = suggestions_from_post(request.POST)
    try:
        translation_set(mapping=mapping, term=prop.qual_name, translations={**current, **added})
    except UserError as exc:
        messages.error(request, exc.localized_message())
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d translation of %(term)s was added.",
                "%(count)d translations of %(term)s were added.",
                len(added),
            )
            % {"count": len(added), "term": prop.label or prop.name},
        )
    return redirect(mapping_url(mapping) + "#checks-term-%d" % prop.position)


def _translation_rows(values: dict) -> list[dict]:
    saved, suggested, unmatched = (
        values["translations"],
        values["suggested"],
        set(values["unmatched"]),
    )
    return [
        {
            "value": value,
            "count": count,
            "saved": value in saved,
            "target": saved.get(value, suggested.get(value, "")),
            "suggested": value in suggested and value not in saved,
            "unmatched": value in unmatched and value not in saved,
        }
        for value, count in values["values"]
    ]
