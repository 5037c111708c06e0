"""Template helpers of the catalogue: row types shown by name, never as bare URIs; term
labels in the UI language."""

from __future__ import annotations

import re

from django import template

from catalogue.selectors import row_type_extension_name
from catalogue.terms import term_label

register = template.Library()

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\s-]+")


def readable(name: str) -> str:
    """A machine name in words: "MeasurementOrFact" gives "Measurement Or Fact", "DNADerivedData"
    "DNA Derived Data"."""
    words = [w for w in _BOUNDARY.split(name) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or name


def readable_segment(row_type: str) -> str:
    """The last path segment of a row type URI in words."""
    return readable(re.split(r"[/#:]", row_type.rstrip("/#"))[-1] or row_type)


@register.filter
def row_type_name(row_type: str) -> str:
    """The name a person knows a row type by: the installed extension's name ("Occurrence"),
    else the last segment of the URI, in words either way; never the bare URI."""
    if not row_type:
        return ""
    return readable(row_type_extension_name(row_type)) or readable_segment(str(row_type))


@register.filter(name="term_label")
def term_label_filter(prop) -> str:
    """A term's label in the UI language (see ``catalogue.terms.term_label``)."""
    return term_label(prop)
