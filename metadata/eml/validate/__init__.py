"""Validation of EML: against the profile XSD, and against the editor's rules.

:func:`validate` applies the IPT's required fields plus every rule the GBIF profile 1.3 XSD
enforces on values the model holds, so a document without issues writes as schema-valid
EML. Messages are plain English marked with :func:`gettext_noop`; the Django layer
translates them when it displays them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Document
from ..serialize import to_dict
from .agents import check_document_agents
from .base import SECTION_OF, SECTIONS, Issue, Issues, gettext_noop, section_of
from .basic import LICENCES, MIN_ABSTRACT_CHARS, check_basic, licence_code
from .coverage import check_coverage
from .formats import xml_safe
from .sections import check_sections
from .xsd import validate_xsd

__all__ = [
    "LICENCES",
    "MIN_ABSTRACT_CHARS",
    "SECTIONS",
    "SECTION_OF",
    "Issue",
    "gettext_noop",
    "licence_code",
    "section_of",
    "validate",
    "validate_xsd",
]


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, text) of every string in ``to_dict`` output."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _characters(issues: Issues, doc: Document) -> None:
    for path, text in _strings(to_dict(doc)):
        if not xml_safe(text):
            issues.add(path, gettext_noop("Remove the control characters from this text."))


def validate(doc: Document) -> list[Issue]:
    """Every problem in ``doc``, in editor order; an empty list means publishable.

    Each :class:`Issue` names the editor section and the JSON path of the value to fix.
    """
    issues = Issues()
    check_basic(issues, doc)
    check_document_agents(issues, doc)
    check_coverage(issues, doc)
    check_sections(issues, doc)
    _characters(issues, doc)
    return list(issues)
