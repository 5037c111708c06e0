"""Request-scoped memo of installation settings (the public base URL), and the signed-in
user's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from publisher.services.installation import installation_request_scope


class InstallationSettingsMiddleware:
    """Reads the installation's base URL at most once per request (lazily)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with installation_request_scope():
            return self.get_response(request)


class UserLanguageMiddleware:
    """Pages for a signed-in user who saved a language are in that language, whatever the
    browser asks; the language cookie is set to it too, so that pages stay in it after
    logging out. Sits after LocaleMiddleware (which chose from cookie and Accept-Language)
    and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = _saved_language(request)
        if language and language != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            _set_language_cookie(response, language)
        return response


def _saved_language(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else ""


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
