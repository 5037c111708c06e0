"""Template helpers of the metadata editor and of the overview's metadata card."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from metadata.eml.serialize import to_dict
from metadata.forms.choices import LICENCE_HELP
from metadata.services.documents import metadata_get
from metadata.views.editor import editor_issues, sections_nav, type_conflict

register = template.Library()


@register.filter
def fill_number(text: str, number: int) -> str:
    """``text`` with ``{n}`` replaced by ``number`` (item labels the script renumbers)."""
    return str(text).replace("{n}", str(number))


@lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(
        '<option value="%s">%s</option>' % (escape(v), escape(label)) for v, label in choices
    )


@register.simple_tag
def select_options(bound) -> SafeString:
    """The escaped ``<option>``s of a bound choice, the current value selected.

    Built once per list of choices: the countries, repeated in every person block, would
    take most of a page's time through the template engine.
    """
    html = _options(tuple((str(v), str(label)) for v, label in bound.choices))
    if bound.value:
        found = '<option value="%s">' % escape(bound.value)
        html = html.replace(found, found[:-1] + " selected>", 1)
    return mark_safe(html)  # noqa: S308 - every value and label is escaped above


@register.filter
def licence_help(url: str) -> str:
    """What a licence the editor offers allows, in a few words."""
    return str(LICENCE_HELP.get(url, ""))


@register.simple_tag
def metadata_summary(resource) -> dict:
    """Sections with their problem counts, and a dataset type the working metadata states
    against the resource's (``type_conflict``), for the overview page's metadata card."""
    doc = metadata_get(resource)
    nav = sections_nav(resource, editor_issues(doc), to_dict(doc))
    invalid = [entry for entry in nav if entry["problems"]]
    empty = [entry for entry in nav if entry["empty"] and not entry["problems"]]
    return {
        "sections": nav,
        "invalid": invalid,
        "empty": empty,
        "valid_count": len(nav) - len(invalid),
        "type_conflict": type_conflict(resource, doc),
    }
