"""Users' regular expressions, matched in linear time.

Filter patterns come from users and run over every row of a source, so a pattern such as
``^(a+)+b`` must not be able to stall a worker (Python's ``re`` backtracks: exponential
time). They are compiled with RE2, which matches in time linear in the value; RE2 cannot
take backreferences or lookarounds, and such patterns are refused with ``mapping:pattern``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import re2

from .model import MappingError, gettext_noop


class Pattern(Protocol):
    """A compiled pattern (RE2's); ``search`` answers a match object or None."""

    def search(self, text: str) -> object | None: ...


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a refused pattern is the user's error, not a log line


def compile_pattern(pattern: str) -> Pattern:
    """``pattern`` compiled by RE2, whose ``search`` runs in time linear in the value.

    Raises ``MappingError``: ``mapping:filter`` when the pattern is not a regular
    expression at all, ``mapping:pattern`` when it is one that RE2 cannot match in linear
    time (backreferences such as ``\\1``, lookarounds such as ``(?=...)``).
    """
    try:
        re.compile(pattern)
    except re.error as exc:
        raise MappingError(
            gettext_noop(
                'The filter pattern "%(pattern)s" is not a valid regular expression: %(error)s.'
            ),
            code="mapping:filter",
            details={"pattern": pattern},
            params={"pattern": pattern, "error": str(exc)},
        ) from exc
    try:
        compiled: Any = re2.compile(pattern, _OPTIONS)
        return compiled  # type: ignore[no-any-return]
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args else ""
        raise MappingError(
            gettext_noop(
                'The filter pattern "%(pattern)s" uses a feature that cannot be matched safely '
                "(%(reason)s). Backreferences such as \\1 and lookarounds such as (?=...) or "
                "(?<!...) are not supported; rewrite the pattern without them."
            ),
            code="mapping:pattern",
            details={"pattern": pattern, "reason": reason},
            params={"pattern": pattern, "reason": reason},
        ) from exc
