"""The API's JSON parser: bounded in size and in nesting depth.

DRF's parser reads the whole stream and lets Python's decoder recurse as deep as the body
nests, so a body nested 100,000 levels raised RecursionError (a 500 page). This one reads
at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes and refuses bodies nested deeper than
``JSON_MAX_DEPTH`` with a declared code, in the API's error shape.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from core import error_codes as codes
from core.errors import UserError

JSON_MAX_DEPTH = 100  # far above any body the API takes (mappings, EML as JSON: under 20)


def too_large_error() -> UserError:
    """The error of a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return UserError(
        gettext_noop("The request body is larger than %(limit)d bytes; send less data at once."),
        params={"limit": limit},
        code=codes.REQUEST_TOO_LARGE,
        details={"limit": limit},
    )


def _too_deep_error() -> UserError:
    return UserError(
        gettext_noop("The JSON body is nested more than %(depth)d levels deep; flatten it."),
        params={"depth": JSON_MAX_DEPTH},
        code=codes.REQUEST_TOO_DEEP,
        details={"max_depth": JSON_MAX_DEPTH},
    )


def _depth_exceeds(data: object, limit: int) -> bool:
    """Whether ``data`` nests containers more than ``limit`` levels (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in node)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size and a depth limit (``request:too-large``/``-deep``)."""

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise too_large_error()
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.loads(
                raw.decode(encoding),
                parse_constant=json.strict_constant if self.strict else None,
            )
        except RecursionError as exc:
            raise _too_deep_error() from exc
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        if _depth_exceeds(data, JSON_MAX_DEPTH):
            raise _too_deep_error()
        return data
