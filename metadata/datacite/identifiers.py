"""DOIs as people paste them: ``doi:10.x/y``, ``https://doi.org/10.x/y``, or bare.

DOIs are case-insensitive (ASCII letters): ``10.21373/ABC`` and ``10.21373/abc`` name the
same DOI, and DataCite's REST API answers in lower case. :func:`doi_normalise` keeps the
case it was given; compare DOIs with :func:`doi_equal` (or on ``.lower()``), never with
``==``.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# "doi:" (any case, spaces allowed) or a doi.org / dx.doi.org address (http or https).
_PREFIX = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)
# A directory indicator 10, a registrant code of digits (sub-divisions allowed), a suffix
# of printable characters without spaces.
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
# Characters left as they are in a doi.org address; the others are percent-encoded.
_URL_SAFE = "/:;()._-~!*'@,$+=&[]"


def doi_normalise(text: str) -> str | None:
    """The bare DOI (``10.21373/abc``) in ``text``, or None when it holds none.

    Accepts the bare DOI, ``doi:10.x/y`` and ``http(s)://(dx.)doi.org/10.x/y`` (an address
    is percent-decoded); the prefix must be ``10.`` and a registrant number. Case is kept
    (see the module's note on comparing).
    """
    value = text.strip()
    match = _PREFIX.match(value)
    if match:
        value = value[match.end() :]
        if "doi.org" in match.group(0).lower():
            value = unquote(value)
    return value if _DOI.fullmatch(value) else None


def doi_equal(first: str, second: str) -> bool:
    """True when both texts hold the same DOI (in any accepted form, in any case)."""
    a, b = doi_normalise(first), doi_normalise(second)
    return a is not None and b is not None and a.lower() == b.lower()


def doi_url(doi: str) -> str:
    """The resolver address of ``doi``: ``https://doi.org/<doi>``, with the characters an
    address cannot hold (``#``, ``?``, ``%``, spaces…) percent-encoded."""
    return "https://doi.org/" + quote(doi, safe=_URL_SAFE)
