"""DOI, ORCID, ROR and funder identifiers: accept the forms people paste, check format and
check digits.

DOIs are case-insensitive (ASCII letters): ``10.21373/ABC`` and ``10.21373/abc`` name the
same DOI, and DataCite's REST API answers in lower case. :func:`normalise_doi` keeps the case
it was given; compare DOIs with :func:`doi_equal` (or on ``.lower()``), never with ``==``.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

DOI_RESOLVER = "https://doi.org/"
ORCID_DIRECTORY = "https://orcid.org/"
# "doi:" (any case, spaces allowed) or a doi.org / dx.doi.org address (http or https).
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
# A directory indicator 10, a registrant code of digits (sub-divisions allowed), a suffix
# of printable characters without spaces.
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
# Characters left as they are in a doi.org address; the others are percent-encoded.
_DOI_URL_SAFE = "/:;()._-~!*'@,$+=&[]"
ROR_DIRECTORY = "https://ror.org/"
_ORCID = re.compile(
    r"(?:(?:https?://)?(?:www\.)?orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?", re.I
)
# Crockford base 32 without i, l, o, u; a leading 0, six characters and two check digits.
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ROR = re.compile(r"(?:(?:https?://)?(?:www\.)?ror\.org/)?(0[0-9a-hjkmnp-tv-z]{6}\d{2})/?", re.I)


def normalise_doi(text: str) -> str | None:
    """The bare DOI (``10.21373/abc``) in ``text``, or None when it holds none.

    Accepts the bare DOI, ``doi:10.x/y`` and ``http(s)://(dx.)doi.org/10.x/y`` (an address
    is percent-decoded); the prefix must be ``10.`` and a registrant number. Case is kept
    (see the module's note on comparing).
    """
    value = text.strip()
    match = _DOI_PREFIX.match(value)
    if match:
        value = value[match.end() :]
        if "doi.org" in match.group(0).lower():
            value = unquote(value)
    return value if _DOI.fullmatch(value) else None


def doi_equal(first: str, second: str) -> bool:
    """True when both texts hold the same DOI (in any accepted form, in any case)."""
    a, b = normalise_doi(first), normalise_doi(second)
    return a is not None and b is not None and a.lower() == b.lower()


def doi_url(doi: str) -> str:
    """The resolver address of the bare ``doi``: ``https://doi.org/<doi>``, with the
    characters an address cannot hold (``#``, ``?``, ``%``, spaces…) percent-encoded."""
    return DOI_RESOLVER + quote(doi, safe=_DOI_URL_SAFE)


def _orcid_check_digit(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str | None:
    """The bare ORCID iD (``0000-0002-1825-0097``) of ``value``, or None if it is not one.

    Accepts the bare iD or the orcid.org URL (http or https, trailing slash allowed) and
    checks the ISO 7064 MOD 11-2 check digit.
    """
    match = _ORCID.fullmatch(value.strip())
    if not match:
        return None
    orcid = match.group(1).upper()
    digits = orcid.replace("-", "")
    return orcid if _orcid_check_digit(digits[:15]) == digits[15] else None


def orcid_valid(value: str) -> bool:
    """True when ``value`` is an ORCID iD (bare or as URL) with a correct check digit."""
    return normalise_orcid(value) is not None


def _ror_check_digits(body: str) -> str:
    """ISO 7064 MOD 97-10 check digits of the base-32 number ``body`` (ROR's scheme)."""
    number = 0
    for char in body:
        number = number * 32 + _CROCKFORD.index(char)
    return "%02d" % (98 - (number * 100) % 97)


def normalise_ror(value: str) -> str | None:
    """The bare ROR id (``03yrm5c26``) of ``value``, or None if it is not one.

    Accepts the bare id or the ror.org URL and checks the format and the check digits.
    """
    match = _ROR.fullmatch(value.strip())
    if not match:
        return None
    ror = match.group(1).lower()
    return ror if _ror_check_digits(ror[:7]) == ror[7:] else None


def ror_valid(value: str) -> bool:
    """True when ``value`` is a ROR id (bare or as URL) with correct check digits."""
    return normalise_ror(value) is not None


# Crossref Open Funder Registry DOIs: prefix 10.13039, a number (doi.org URL or doi: allowed).
_FUNDER_DOI = re.compile(r"(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?(10\.13039/\d+)/?", re.I)


def normalise_funder_id(value: str) -> str | None:
    """The canonical URL of a funder identifier, or None if ``value`` is not one.

    Accepts a Crossref Open Funder Registry DOI (``10.13039/100000001``, as doi.org URL or
    ``doi:``), giving ``https://doi.org/10.13039/...``, and a ROR id or URL with correct check
    digits, giving ``https://ror.org/...``.
    """
    match = _FUNDER_DOI.fullmatch(value.strip())
    if match:
        return doi_url(match.group(1))
    ror = normalise_ror(value)
    return ROR_DIRECTORY + ror if ror else None


def funder_id_valid(value: str) -> bool:
    """True when ``value`` is a Funder Registry DOI or a ROR id (bare or as URL)."""
    return normalise_funder_id(value) is not None


def _is_directory(directory: str, host: str) -> bool:
    value = directory.strip().lower()
    return (
        value == host.split(".")[0]
        or re.search(rf"(?:^|[/.]){re.escape(host)}(?:/|$)", value) is not None
    )


def is_orcid_directory(directory: str) -> bool:
    """True when a user id's directory is ORCID (``https://orcid.org/``, http, or "ORCID")."""
    return _is_directory(directory, "orcid.org")


def is_ror_directory(directory: str) -> bool:
    """True when a user id's directory is ROR (``https://ror.org/``, http, or "ROR")."""
    return _is_directory(directory, "ror.org")
