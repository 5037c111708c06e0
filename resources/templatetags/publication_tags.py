"""The publication card of the resource overview, with its own context."""

from __future__ import annotations

from django import template

from resources.forms.publication import PublishForm
from resources.models import PublicationSettings
from resources.services.publication import latest_version, publish_jobs

register = template.Library()


@register.inclusion_tag("publication/_overview_card.html", takes_context=True)
def publication_card(context, resource):
    """Current version, the last publication attempt, the Publish form and links."""
    last_job = publish_jobs(resource).first()
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "resource": resource,
        "version": latest_version(resource),
        "last_job": last_job,
        "options": PublicationSettings.objects.filter(resource=resource).first(),
        "form": PublishForm(),
    }
