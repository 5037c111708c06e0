"""Editor forms: each section's node tree, binding to the document JSON and parsing POSTs."""

from __future__ import annotations

from typing import Any

from .nodes import Bound, ErrorMap, Node, is_blank
from .ops import Op, OpError, apply_op, parse_op
from .sections import COVERAGE_SECTIONS, FORMS, SECTION_LABELS

__all__ = [
    "COVERAGE_SECTIONS",
    "FORMS",
    "SECTION_LABELS",
    "Bound",
    "ErrorMap",
    "Op",
    "OpError",
    "apply_op",
    "focus_id",
    "parse_op",
    "section_bind",
    "section_empty",
    "section_parse",
]


def section_bind(section: str, data: dict[str, Any], errors: ErrorMap) -> list[Bound]:
    """The section's fields bound to the document JSON ``data`` and the error messages."""
    return [
        node.bind(node.key, data.get(node.key, node.default()), errors) for node in FORMS[section]
    ]


def section_empty(section: str, data: dict[str, Any]) -> bool:
    """True when nothing is entered in the section's part of the document JSON ``data``."""
    return all(is_blank(data.get(node.key)) for node in FORMS[section])


def section_parse(section: str, post: Any, data: dict[str, Any], *, prune: bool) -> dict[str, Any]:
    """The section's part of the document JSON, read from a POST.

    Only the keys this section shows are returned; the others stay as they were.
    ``prune`` drops list entries left blank (when saving, not while adding entries).
    """
    nodes: list[Node] = FORMS[section]
    return {node.key: node.parse(node.key, post, data.get(node.key), prune) for node in nodes}


def focus_id(bound: list[Bound], target: str) -> str:
    """The element id to focus after an operation that returned ``target``."""
    if target.startswith("op-"):
        return target
    for top in bound:
        found = top.find(target)
        if found is not None:
            first = found.first_field()
            return first.id if first is not None else found.id
    return ""
