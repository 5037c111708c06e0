"""The one error the source library raises: a user error with a stable code and a place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class SourceError(Exception):
    """A source file cannot be read as it is; the message says what is wrong and what to do.

    ``code`` is stable (``source:encoding``, ``source:empty``, ``source:format``,
    ``source:zip-unsafe``, ``source:zip-bomb``, ``source:encrypted``, ``source:too-large``);
    ``file`` is the file name as the publisher knows it; ``line`` and ``column`` are 1-based
    when known. ``str(exc)`` reads ``"<file>, line L, column C: <message>"``.

    A message with ``%(name)s`` placeholders comes with ``params``: ``template`` is the
    message as marked for translation, ``message`` the English text filled in. The web side
    translates ``template`` and fills it in after (``resources.services.sources``).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        params: Mapping[str, Any] | None = None,
    ):
        self.template, self.params = message, dict(params or {})
        self.message = message % self.params if self.params else message
        self.code, self.file = code, file
        self.line, self.column = line, column
        super().__init__(self._text())

    def _text(self) -> str:
        where = [self.file] if self.file else []
        if self.line:
            where.append("line %d" % self.line)
            if self.column:
                where.append("column %d" % self.column)
        return "%s: %s" % (", ".join(where), self.message) if where else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments: pickled (from a worker process) by its fields.
        fields = (self.template, self.code, self.file, self.line, self.column, self.params)
        return (_source_error, fields)

    def to_dict(self) -> dict[str, Any]:
        """The API error shape: ``{"code", "message", "details"}``."""
        details = {"file": self.file, "line": self.line, "column": self.column}
        return {"code": self.code, "message": str(self), "details": details}


def _source_error(
    message: str,
    code: str,
    file: str,
    line: int | None,
    column: int | None,
    params: dict[str, Any] | None = None,
) -> SourceError:
    return SourceError(message, code=code, file=file, line=line, column=column, params=params)


class SplitRefused(Exception):
    """A range of a file cut for parallel reading met something only a reading of the whole
    file reports well (undecodable bytes, an overlong field, a malformed quote): read the
    whole file instead."""
