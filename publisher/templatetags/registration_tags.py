"""The GBIF registration card of the resource overview, with its own context."""

from __future__ import annotations

from django import template

from publisher.forms_registry import ResourceOrganisationForm
from publisher.selectors_registration import registration_status

register = template.Library()


@register.inclusion_tag("registry/_registration_card.html", takes_context=True)
def registration_card(context, resource):
    """Key and organisation when registered; else what is missing and who may register."""
    request = context.get("request")
    status = registration_status(resource=resource, user=request.user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "resource": resource,
        "status": status,
        "organisation_form": ResourceOrganisationForm(
            initial={"organisation": resource.organisation_id}
        ),
    }
