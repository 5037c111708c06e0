"""Renderers and parsers of the metadata API: EML in and out, citation formats, safe JSON."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.errors import UserError
from metadata import error_codes as codes
from metadata.services.io import IMPORT_MAX_BYTES

_FILENAME = re.compile(r'filename="?([^";]+)"?')


class SafeJSONRenderer(JSONRenderer):
    """JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``... escapes.

    Metadata holds whatever people paste; escaped, it can never be taken for markup by a
    browser or a template that embeds the response, and it still decodes to the same text.
    (These characters only occur inside JSON strings, where the escapes are equivalent.)
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class EmlRenderer(BaseRenderer):
    """EML bytes as produced by the export service."""

    media_type = "application/xml"
    format = "xml"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class EmlParser(BaseParser):
    """An EML request body, kept as bytes (the hardened EML parser reads it later).

    Reads at most one byte past the import limit, so the service can refuse oversized
    documents without the whole body in memory.
    """

    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(IMPORT_MAX_BYTES + 1) if stream is not None else b""


class TextXmlEmlParser(EmlParser):
    media_type = "text/xml"


def body_filename(request, default: str = "eml.xml") -> str:
    """The file name a client gave in ``Content-Disposition``, for error messages."""
    found = _FILENAME.search(request.META.get("HTTP_CONTENT_DISPOSITION", ""))
    return found.group(1).strip() if found else default


class CitationTextRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "text"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8") if isinstance(data, str) else data


class BibtexRenderer(CitationTextRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"


class RisRenderer(CitationTextRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"


class CslJsonRenderer(SafeJSONRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl"


CITATION_RENDERERS = [CitationTextRenderer, BibtexRenderer, RisRenderer, CslJsonRenderer]


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=`` picks one of the view's formats; an unknown one is a user error (400 with
    the formats allowed), not DRF's 404."""

    code = codes.METADATA_FORMAT

    def message(self) -> str:
        return _("Unknown format %(format)s; use one of %(allowed)s.")

    def filter_renderers(self, renderers, format):  # noqa: A002 - DRF's signature
        found = [r for r in renderers if r.format == format]
        if not found:
            allowed = [r.format for r in renderers]
            raise UserError(
                self.message() % {"format": format, "allowed": ", ".join(allowed)},
                code=self.code,
                details={"allowed": allowed},
            )
        return found


class CitationNegotiation(FormatNegotiation):
    """``?format=`` picks a citation format."""

    code = codes.METADATA_CITATION_FORMAT

    def message(self) -> str:
        return _("Unknown citation format %(format)s; use one of %(allowed)s.")


class JsonErrorsMixin:
    """Errors are JSON in the API's one error shape, whatever format was asked for."""

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = SafeJSONRenderer()
            request.accepted_media_type = SafeJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
