"""The catalogue's error codes: installing and updating extensions and vocabularies. Those of
the Django-free ``catalogue/definitions/`` (raised there as plain strings) are declared here
too. The mechanism is in ``core/error_codes.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.error_codes import ErrorCode

# --- reading definitions (catalogue/definitions/) -----------------------------------------------
EXTENSION_FORMAT = ErrorCode(
    "extension:format", 400, _("This is not a valid extension definition; the message says why.")
)
EXTENSION_TOO_LARGE = ErrorCode(
    "extension:too-large", 400, _("The extension definition is larger than the limit accepted.")
)
EXTENSION_HOSTILE = ErrorCode(
    "extension:hostile",
    400,
    _("The extension definition has DOCTYPE or ENTITY declarations, which are refused."),
)
EXTENSION_XML = ErrorCode(
    "extension:xml", 400, _("The extension definition is not well-formed XML.")
)
VOCABULARY_FORMAT = ErrorCode(
    "vocabulary:format", 400, _("This is not a valid vocabulary definition; the message says why.")
)
VOCABULARY_TOO_LARGE = ErrorCode(
    "vocabulary:too-large", 400, _("The vocabulary definition is larger than the limit accepted.")
)
VOCABULARY_HOSTILE = ErrorCode(
    "vocabulary:hostile",
    400,
    _("The vocabulary definition has DOCTYPE or ENTITY declarations, which are refused."),
)
VOCABULARY_XML = ErrorCode(
    "vocabulary:xml", 400, _("The vocabulary definition is not well-formed XML.")
)
REGISTRY_FORMAT = ErrorCode(
    "registry:format", 502, _("The extension registry's list of extensions cannot be read.")
)

# --- installing, updating, removing -------------------------------------------------------------
EXTENSION_UNKNOWN = ErrorCode(
    "extension:unknown", 400, _("There is no built-in definition of this name.")
)
EXTENSION_NOT_NEWER = ErrorCode(
    "extension:not-newer",
    400,
    _("This version is already installed or older; only a newer version can replace it."),
)
EXTENSION_NO_UPDATE = ErrorCode(
    "extension:no-update", 400, _("No newer version is known; check for updates first.")
)
EXTENSION_IN_USE = ErrorCode(
    "extension:in-use", 400, _("Mappings use the extension; remove those mappings first.")
)
EXTENSION_CORE = ErrorCode(
    "extension:core",
    400,
    _("Unknown core row type; offer the extension under Event, Occurrence or Taxon."),
)
VOCABULARY_NO_UPDATE = ErrorCode(
    "vocabulary:no-update", 400, _("No newer version of the vocabulary is known; check first.")
)
VOCABULARY_MISMATCH = ErrorCode(
    "vocabulary:mismatch",
    400,
    _("The registry's file is another vocabulary, or not newer than the installed version."),
)
