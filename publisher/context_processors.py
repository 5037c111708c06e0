"""Values every page's layout needs."""

from django.conf import settings

from publisher import __version__


def site(request) -> dict:
    return {
        "site_version": __version__,
        "site_base_url": settings.BASE_URL,
        "site_title": getattr(settings, "SITE_TITLE", "Sampling-event publisher"),
    }
