"""The metadata's error codes: the JSON document, EML import and the API's formats. Those of
the Django-free ``metadata/eml/`` (raised there as plain strings, and given as the
``reason`` of a ``metadata:eml`` error) are declared here too. The mechanism is in
``core/error_codes.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.error_codes import ErrorCode

# --- the metadata document ----------------------------------------------------------------------
METADATA_SHAPE = ErrorCode(
    "metadata:shape",
    400,
    _("The metadata document does not have the expected shape; details names the field."),
)
METADATA_EML = ErrorCode(
    "metadata:eml", 400, _("The EML document cannot be imported; details gives the reason.")
)
METADATA_SETTINGS = ErrorCode("metadata:settings", 400, _("Unknown coverage mode."))
METADATA_FORMAT = ErrorCode(
    "metadata:format", 400, _("Unknown format; details lists the formats allowed.")
)
METADATA_CITATION_FORMAT = ErrorCode(
    "metadata:citation-format",
    400,
    _("Unknown citation format; details lists the formats allowed."),
)

# --- reading EML (metadata/eml/) ----------------------------------------------------------------
EML_INVALID = ErrorCode("eml:invalid", 400, _("The EML document is not valid."))
EML_TOO_LARGE = ErrorCode(
    "eml:too-large", 400, _("The EML document is too large; it must be smaller than 20 MB.")
)
EML_DOCTYPE = ErrorCode(
    "eml:doctype",
    400,
    _("The EML document has DOCTYPE or ENTITY declarations, which are not allowed."),
)
EML_SYNTAX = ErrorCode("eml:syntax", 400, _("The EML document is not well-formed XML."))
EML_NOT_EML = ErrorCode(
    "eml:not-eml", 400, _("The document is not EML 2.1.1 or 2.2.0 (its root is not <eml>).")
)
EML_NO_DATASET = ErrorCode("eml:no-dataset", 400, _("The EML document has no <dataset> element."))
