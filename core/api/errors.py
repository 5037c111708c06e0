"""One error shape for the whole API: ``{"code": ..., "message": ..., "details": ...}``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import AppError, UserError

_CODES = {
    exceptions.NotAuthenticated: "auth:not-authenticated",
    exceptions.AuthenticationFailed: "auth:failed",
    exceptions.PermissionDenied: "auth:forbidden",
    exceptions.NotFound: "not-found",
    exceptions.MethodNotAllowed: "method-not-allowed",
    exceptions.NotAcceptable: "not-acceptable",
    exceptions.UnsupportedMediaType: "unsupported-media-type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse-error",
    exceptions.ValidationError: "invalid",
}


def error_body(code: str, message: str, details=None) -> dict:
    return {"code": code, "message": message, "details": details}


def exception_handler(exc, context):
    """Render DRF, Django and toolkit errors in the one API error shape."""
    if isinstance(exc, UserError):
        return Response(error_body(exc.code, exc.message, exc.details), status=400)
    if isinstance(exc, AppError):
        return Response(error_body(exc.code, exc.message, exc.details), status=503)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        message, details = _("The request has invalid fields."), response.data
    else:
        message, details = str(getattr(exc, "detail", exc)), None
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Token realm="api"'
    response.data = error_body(code, message, details)
    return response
