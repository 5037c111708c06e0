"""Endpoints that answer a file: the file whatever the Accept header asks for, errors in the
API's JSON error shape."""

from __future__ import annotations

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer


class DownloadNegotiation(BaseContentNegotiation):
    """Never 406: a client asking for ``application/zip`` (or anything) gets the file, and an
    error is rendered as JSON (the view's only renderer)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DownloadMixin:
    """For views that answer a ``FileResponse``."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = DownloadNegotiation
