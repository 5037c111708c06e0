"""The DOI card of the resource overview, with its own context (issue #23)."""

from __future__ import annotations

from django import template

from publisher.forms_registry import DoiReserveForm
from publisher.selectors_dois import doi_status
from resources.models import DoiStatus

register = template.Library()


@register.inclusion_tag("registry/_doi_card.html", takes_context=True)
def doi_card(context, resource):
    """The current DOI with the versions it covers, the reserved one and what happens to it
    next, the last DOI job, and the forms (or why the viewer may not use them)."""
    request = context.get("request")
    status = doi_status(resource=resource, user=request.user)
    dois = status["dois"]
    reserved = next((row for row in dois if row["doi"] == status["reserved"]), None)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "resource": resource,
        "status": status,
        "current": next((row for row in dois if row["current"]), None),
        "earlier": [r for r in dois if r["status"] == DoiStatus.REGISTERED and not r["current"]],
        "reserved": reserved,
        "reserved_status": DoiStatus(reserved["status"]).label if reserved else "",
        "form": DoiReserveForm(),
    }
