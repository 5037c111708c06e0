"""Templates composing a value from columns: ``"{eventID}:{scientificName}"``.

Braces are doubled for a literal brace (``{{``, ``}}``); a column name is anything between
single braces, spaces and punctuation included.
"""

from __future__ import annotations

import re

from .model import MappingError, gettext_noop

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def parse_template(template: str) -> list[str | tuple[str]]:
    """The template as parts: literal text (str) and column names wrapped as ``(name,)``.

    Returns a list whose items are literal strings or 1-tuples; raises ``MappingError``
    ``mapping:template`` for an unbalanced brace or an empty name.
    """
    parts: list[str | tuple[str]] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        parts.append(template[pos : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif match.group(1) is None or not match.group(1).strip():
            raise MappingError(
                gettext_noop(
                    "The template %(template)r has an unbalanced brace or an empty column name at "
                    "position %(position)d. Write columns as {column}, and a literal brace as {{ "
                    "or }}."
                ),
                code="mapping:template",
                params={"template": template, "position": match.start() + 1},
            )
        else:
            parts.append((match.group(1),))
        pos = match.end()
    parts.append(template[pos:])
    return [p for p in parts if p != ""]
