"""The translation catalogues (``locale/<lang>/LC_MESSAGES/<domain>.po``): compile, count, check.

Compiling uses polib, not GNU gettext, so that a fresh clone needs no gettext tools and the
same ``.po`` always gives byte-identical ``.mo`` (the committed ``.mo`` files are compared
with a fresh compilation). The checks return the offending msgids; they are what
``tests/test_catalogues.py`` asserts to be empty for every language.
"""

from __future__ import annotations

from core.catalogues.checks import (
    Problem,
    empty_or_fuzzy,
    placeholder_mismatches,
    same_as_source,
)
from core.catalogues.files import (
    Catalogue,
    Status,
    catalogues,
    compile_po,
    is_stale,
    msgfmt_check,
    read_allowlist,
    status,
    write_mo,
)

DJANGO_FREE = True

__all__ = [
    "Catalogue",
    "Problem",
    "Status",
    "catalogues",
    "compile_po",
    "empty_or_fuzzy",
    "is_stale",
    "msgfmt_check",
    "placeholder_mismatches",
    "read_allowlist",
    "same_as_source",
    "status",
    "write_mo",
]
