"""The one error the catalogue raises: it names the source and, where known, line and column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class CatalogueError(Exception):
    """A definition could not be read. ``code`` is stable (``extension:xml``, ...).

    A message with ``%(name)s`` placeholders comes with ``params``: ``template`` is the
    message as marked for translation, ``detail`` the English text filled in; the web side
    translates ``template`` and fills it in after (``catalogue.services.install``).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        source: str = "",
        line: int | None = None,
        column: int | None = None,
        params: Mapping[str, Any] | None = None,
    ):
        self.code, self.source, self.line, self.column = code, source, line, column
        self.template, self.params = message, dict(params or {})
        self.detail = message % self.params if self.params else message
        super().__init__(self._text())

    def _text(self) -> str:
        where = self.source or "definition"
        if self.line:
            where += ", line %d" % self.line
            if self.column:
                where += ", column %d" % self.column
        return "%s: %s" % (where, self.detail)
