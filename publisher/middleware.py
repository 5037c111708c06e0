"""Request-scoped memo of installation settings (the public base URL)."""

from __future__ import annotations

from publisher.services.installation import installation_request_scope


class InstallationSettingsMiddleware:
    """Reads the installation's base URL at most once per request (lazily)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with installation_request_scope():
            return self.get_response(request)
