"""The two kinds of failure the toolkit distinguishes.

A ``UserError`` is something the user can fix (bad encoding, an unmapped required term); it
carries a stable ``code`` such as ``source:encoding`` and a message saying what to fix. An
``AppError`` is ours or the environment's (storage, registry outage); background jobs retry it
with backoff before failing. The API renders both as ``{"code", "message", "details"}``, with
the HTTP status the code's entry in the registry gives (``core/error_codes.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

from core import error_codes as codes
from core.error_codes import ErrorCode


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Text:
    """A message kept translatable: a msgid and the values that fill it. A value may be a
    ``Text`` itself or a list of values (shown joined by ", "), so that a message and where
    it happened are translated piece by piece. ``to_dict`` keeps it in JSON (a job's)."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The text in the active language (``translate``: gettext), filled in after."""
        translate = translate or gettext
        text = translate(self.template) if self.template else ""
        if not self.params:
            return text
        return text % {k: _render(v, translate) for k, v in self.params.items()}

    def english(self) -> str:
        return self.render(_same)

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Text:
        params = {k: _revived(v) for k, v in (data.get("params") or {}).items()}
        return cls(str(data["template"]), params)


def located(message: Text, where: str | Text | None, line: int | None, column: int | None) -> Text:
    """``message`` after where it happened: ``where`` (a file's name), then its line and
    column when known, each translated on its own (``occurrence.tsv, line 3, column 2: …``);
    ``message`` alone when nothing is known."""
    parts: list[str | Text] = [where] if where else []
    if line:
        parts.append(Text(gettext_noop("line %(line)s"), {"line": line}))
        if column:
            parts.append(Text(gettext_noop("column %(column)s"), {"column": column}))
    if not parts:
        return message
    return Text(gettext_noop("%(where)s: %(message)s"), {"where": parts, "message": message})


def _render(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, Text):
        return value.render(translate)
    if isinstance(value, list):
        return ", ".join(str(_render(v, translate)) for v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _revived(value: Any) -> Any:
    if isinstance(value, dict) and "template" in value:
        return Text.from_dict(value)
    if isinstance(value, list):
        return [_revived(v) for v in value]
    return value


class PublisherError(Exception):
    """Base class: a stable machine-readable code, a human message and optional details.

    ``code`` is given as a registry constant (``ErrorCode``) or its string; ``exc.code`` is
    always the plain string. Without a message, the code's default message is used. A message
    with ``%(name)s`` placeholders comes with ``params`` (or is given as a ``Text``):
    ``exc.message`` is the English text filled in, ``localized_message()`` the text in the
    active language (translated first, filled in after), ``text()`` what a job keeps of it.
    """

    default_code: str | ErrorCode = codes.APP_ERROR

    def __init__(
        self,
        message: str | Promise | Text | None = None,
        *,
        code: str | ErrorCode | None = None,
        details: Any = None,
        params: dict[str, Any] | None = None,
    ):
        code = code or self.default_code
        if message is None:
            message = getattr(code, "message", "") or str(code)
        if isinstance(message, str):  # a lazy message (Promise) is no str
            message = Text(message, params or {})
        self.template, self.params = message, params
        if isinstance(message, Text):
            self.message = message.english()
        else:
            self.message = _fill(str(message), params)
        super().__init__(self.message)
        self.code = str(code)
        self.details = details

    def localized_message(self) -> str:
        """The message in the active language, its placeholders filled in after translating."""
        if isinstance(self.template, Text):
            return self.template.render()
        return _fill(gettext(str(self.template)), self.params)

    def text(self) -> Text | None:
        """The message as a ``Text`` (None for a lazy message, already in a language)."""
        return self.template if isinstance(self.template, Text) else None


def _fill(message: str, params: dict[str, Any] | None) -> str:
    return message % params if params else message


class UserError(PublisherError):
    """Bad input the user can correct; never retried."""

    default_code: str | ErrorCode = codes.USER_INVALID


class AppError(PublisherError):
    """A transient or internal failure; retried with backoff by background jobs."""

    default_code: str | ErrorCode = codes.APP_ERROR
