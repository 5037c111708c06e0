"""Template helpers of the catalogue: row types shown by name, never as bare URIs."""

from __future__ import annotations

import re

from django import template

from catalogue.selectors import row_type_title

register = template.Library()

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def readable_segment(row_type: str) -> str:
    """The last path segment of a row type URI in words: ``.../MeasurementOrFact`` gives
    "Measurement Or Fact"; a value without letters is returned as it is."""
    segment = re.split(r"[/#:]", row_type.rstrip("/#"))[-1]
    words = _WORD.findall(segment)
    if not words:
        return row_type
    return " ".join(w[:1].upper() + w[1:] for w in words)


@register.filter
def row_type_name(row_type: str) -> str:
    """The name a person knows a row type by: the installed extension's title, else the last
    segment of the URI in readable form ("Occurrence" for ``.../dwc/terms/Occurrence``)."""
    if not row_type:
        return ""
    return row_type_title(row_type) or readable_segment(str(row_type))
