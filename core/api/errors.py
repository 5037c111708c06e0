"""One error shape for the whole API: ``{"code": ..., "message": ..., "details": ...}``.

The HTTP status of a toolkit error is the one its code is registered with
(``core/error_codes.py``); the framework's own errors keep the framework's status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core import error_codes as codes
from core.error_codes import ErrorCode, registry
from core.errors import AppError, PublisherError, UserError

_CODES = {
    exceptions.NotAuthenticated: codes.AUTH_NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: codes.AUTH_FAILED,
    exceptions.PermissionDenied: codes.AUTH_FORBIDDEN,
    exceptions.NotFound: codes.NOT_FOUND,
    exceptions.MethodNotAllowed: codes.METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: codes.NOT_ACCEPTABLE,
    exceptions.UnsupportedMediaType: codes.UNSUPPORTED_MEDIA_TYPE,
    exceptions.Throttled: codes.THROTTLED,
    exceptions.ParseError: codes.PARSE_ERROR,
    exceptions.ValidationError: codes.INVALID,
}


def error_body(code: str | ErrorCode, message: str, details=None) -> dict:
    return {"code": str(code), "message": message, "details": details}


def error_status(exc: PublisherError) -> int:
    """The status registered for the error's code; 503 for an undeclared app error's, 400
    for any other undeclared code's."""
    return registry.status(exc.code, 503 if isinstance(exc, AppError) else 400)


def exception_handler(exc, context):
    """Render DRF, Django and toolkit errors in the one API error shape."""
    if isinstance(exc, UserError | AppError):
        message = exc.localized_message()
        return Response(error_body(exc.code, message, exc.details), status=error_status(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), codes.ERROR)
    if isinstance(exc, exceptions.ValidationError):
        message, details = _("The request has invalid fields."), response.data
    else:
        message, details = str(getattr(exc, "detail", exc)), None
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Token realm="api"'
    response.data = error_body(code, message, details)
    return response
