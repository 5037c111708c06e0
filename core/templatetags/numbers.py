"""``{{ count|grouped }}``: a number as people read it in the page's language (1,234,567 in
English, 1 234 567 in French, 1.234.567 in Portuguese).

Registered as a template builtin (settings ``TEMPLATES``), so no template loads it.
``USE_THOUSAND_SEPARATOR`` stays off: it would group every number a template prints, ids and
years in attributes and input values included.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """A number with the active language's thousands separator and decimal mark; "" for
    None; anything that is no number comes back as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return number_format(value, force_grouping=True)
