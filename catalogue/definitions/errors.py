"""The one error the catalogue raises: it names the source and, where known, line and column."""

from __future__ import annotations


class CatalogueError(Exception):
    """A definition could not be read. ``code`` is stable (``extension:xml``, ...)."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        source: str = "",
        line: int | None = None,
        column: int | None = None,
    ):
        self.code, self.source, self.line, self.column = code, source, line, column
        self.detail = message
        super().__init__(self._text())

    def _text(self) -> str:
        where = self.source or "definition"
        if self.line:
            where += ", line %d" % self.line
            if self.column:
                where += ", column %d" % self.column
        return "%s: %s" % (where, self.detail)
