"""The visibility card's reading of what the public sees now and after the next publication."""

from __future__ import annotations

from django import template

from resources.models import Resource
from resources.selectors_visibility import VisibilityOutlook, visibility_outlook

register = template.Library()


@register.simple_tag
def outlook_of(resource: Resource) -> VisibilityOutlook:
    """``{% outlook_of resource as outlook %}``: see ``visibility_outlook``."""
    return visibility_outlook(resource)
