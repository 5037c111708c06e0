"""Values every page's layout needs."""

from django.conf import settings

from core import __version__
from publisher.services.installation import installation_base_url


def site(request) -> dict:
    return {
        "site_version": __version__,
        "site_base_url": installation_base_url(),
        "site_title": getattr(settings, "SITE_TITLE", "Sampling-event publisher"),
    }
