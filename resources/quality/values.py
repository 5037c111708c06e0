"""The value rules: every "is this value right?" question, answered once.

Django-free. Dates and intervals as ISO 8601 and as GBIF's date parser reads them, numbers,
booleans, coordinates, null tokens, and vocabulary membership with the value a translation
should use instead. The declared checks (``declarations``), the mapping pages, the API
``…/checks``, the validation run and the archive builder all ask these functions, so one value
gets one verdict everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from math import isfinite
from urllib.parse import urlparse

from . import dates

# Written in place of "no value" by spreadsheets, databases and R; published as they are they
# become values ("NULL" as a locality, "-" as a count).
NULL_TOKENS = frozenset({"NULL", "null", "Null", "\\N", "NA", "N/A", "n/a", "#N/A", "-"})
# Where one of those is a real value: Namibia's ISO 3166 code.
NULL_TOKEN_EXCEPTIONS = {"http://rs.tdwg.org/dwc/terms/countryCode": frozenset({"NA"})}

BOOLEANS = {"true": "true", "false": "false"}
# What publishers write for a boolean, and the Darwin Core value it stands for.
BOOLEAN_SPELLINGS = {
    "y": "true",
    "yes": "true",
    "1": "true",
    "t": "true",
    "n": "false",
    "no": "false",
    "0": "false",
    "f": "false",
}

LATITUDE_RANGE = (-90.0, 90.0)
LONGITUDE_RANGE = (-180.0, 180.0)


def blank(value: str) -> bool:
    """Empty or only spaces."""
    return not value or value.isspace()


# --- dates --------------------------------------------------------------------------------------


def is_iso_date(value: str) -> bool:
    """A valid ISO 8601 date, date-time or interval (week and ordinal dates and shortened
    interval ends included), whose calendar days exist."""
    return dates.event_date_days(value) is not None


def gbif_reads_date(value: str) -> bool:
    """Whether GBIF's date parser interprets this value (see ``dates``)."""
    return dates.gbif_reads_date(value)


# --- numbers ------------------------------------------------------------------------------------


def number(value: str) -> float | None:
    """A finite decimal number written plainly (``10``, ``-0.5``, ``1e3``), or None."""
    try:
        found = float(value)
    except ValueError:
        return None
    return found if isfinite(found) else None


def is_positive(value: str) -> bool:
    """A number above zero."""
    found = number(value)
    return found is not None and found > 0


def is_integer(value: str) -> bool:
    """A whole number, optionally signed (``12``, ``-3``)."""
    text = value.strip().removeprefix("+").removeprefix("-")
    return text.isascii() and text.isdigit()


def in_range(value: str, low: float, high: float) -> bool:
    """A number from ``low`` to ``high``."""
    found = number(value)
    return found is not None and low <= found <= high


# --- booleans, URIs -----------------------------------------------------------------------------


def boolean(value: str) -> str | None:
    """``true`` or ``false`` for a Darwin Core boolean (any case), else None."""
    return BOOLEANS.get(value.strip().lower())


def boolean_suggestion(value: str) -> str | None:
    """The boolean a value like ``Y``, ``no`` or ``1`` stands for, or None."""
    key = value.strip().lower()
    return BOOLEANS.get(key) or BOOLEAN_SPELLINGS.get(key)


def is_uri(value: str) -> bool:
    """An absolute URI (``https://…``, ``urn:…``, ``mailto:…``)."""
    parsed = urlparse(value.strip())
    return bool(parsed.scheme and (parsed.netloc or parsed.scheme in ("urn", "mailto")))


# --- null tokens --------------------------------------------------------------------------------


def is_null_token(value: str, term: str = "") -> bool:
    """A placeholder for "no value" (``NULL``, ``\\N``, ``NA``, ``null``, ``-``), except where
    the term takes it as a real value."""
    return value in NULL_TOKENS and value not in NULL_TOKEN_EXCEPTIONS.get(term, ())


# --- vocabularies -------------------------------------------------------------------------------


def key(text: str) -> str:
    """``text`` compared ignoring case, spaces and punctuation (``Human_Observation`` ->
    ``humanobservation``), as vocabulary suggestions match."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def in_vocabulary(value: str, allowed: frozenset[str], delimiter: str = "") -> bool:
    """Whether a value (every non-empty part of it, when the term has a multi-value
    delimiter) is in a lower-cased vocabulary, ignoring case and surrounding spaces."""
    parts = value.split(delimiter) if delimiter else [value]
    return all(part.strip().lower() in allowed for part in parts if part.strip())


def vocabulary_suggestion(value: str, keys: Mapping[str, str]) -> str | None:
    """The concept a value probably means (``keys`` maps :func:`key` of identifiers and labels
    to identifiers), or None."""
    return keys.get(key(value))


def case_variant(value: str, identifiers: Iterable[str]) -> str | None:
    """The identifier a value spells in another case or with underscores
    (``humanobservation`` -> ``HumanObservation``), None when it is exact or unrelated."""
    wanted = key(value)
    for identifier in identifiers:
        if key(identifier) == wanted:
            return None if identifier == value.strip() else identifier
    return None


# --- by extension property type -----------------------------------------------------------------

TYPE_RULES: dict[str, Callable[[str], bool]] = {
    "date": is_iso_date,
    "decimal": lambda value: number(value) is not None,
    "integer": is_integer,
    "uri": is_uri,
    "boolean": lambda value: boolean(value) is not None,
}


def value_fits_type(term_type: str, value: str) -> bool:
    """Whether a non-empty ``value`` is valid for the extension property type."""
    rule = TYPE_RULES.get(term_type)
    return True if rule is None or not value else rule(value)
