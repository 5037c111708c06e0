"""The DOI card of the resource overview, with its own context (issue #23)."""

from __future__ import annotations

from django import template

from publisher.forms_registry import DoiReserveForm
from publisher.services.dois import doi_account, doi_refusal, doi_state, resource_doi_jobs
from resources.models import DoiStatus
from resources.services.publication.start import (
    PublicationDoi,
    next_version,
    publication_doi,
    version_label,
)

register = template.Library()


@register.inclusion_tag("registry/_doi_card.html", takes_context=True)
def doi_card(context, resource):
    """The current DOI with the versions it covers, the reserved one and what happens to it
    next, the last DOI job, and the forms (or why the viewer may not use them)."""
    request = context.get("request")
    state = doi_state(resource)
    reserved = next((row for row in state["dois"] if row["doi"] == state["reserved"]), None)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "resource": resource,
        "account": doi_account(),
        "current": next((row for row in state["dois"] if row["current"]), None),
        "earlier": [r for r in state["dois"] if r["status"] == "registered" and not r["current"]],
        "reserved": reserved,
        "reserved_status": DoiStatus(reserved["status"]).label if reserved else "",
        "next": _next(resource, reserved),
        "refusal": doi_refusal(request.user, resource),
        "last_job": resource_doi_jobs(resource).first(),
        "form": DoiReserveForm(),
    }


def _next(resource, reserved: dict | None) -> dict:
    """What the next publication does with the reserved DOI: the version it makes, and
    whether it registers the DOI now (the version is public) or only once it is."""
    if reserved is None or reserved["status"] != DoiStatus.RESERVED:
        return {}
    major, minor = next_version(resource, PublicationDoi(doi=reserved["doi"], new=True))
    return {"version": version_label(major, minor), "now": publication_doi(resource).new}
