"""Plain-JSON form of a :class:`~metadata.eml.model.Document` (what the database and API hold).

``to_dict`` gives nested dicts/lists of strings; ``from_dict`` accepts any subset of keys
(missing ones take their defaults, ``RETIRED`` ones are dropped) and refuses values of the
wrong shape with a :class:`ShapeError` naming the path, so a bad API body never reaches the
database.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from . import model
from .model import Document

# Fields the model no longer has, dropped when read so older stored documents and exports
# still load: a keyword set's language (the GBIF profile cannot write it).
RETIRED: dict[type, frozenset[str]] = {model.KeywordSet: frozenset({"lang"})}


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class ShapeError(ValueError):
    """A JSON value that does not fit the document model; ``path`` locates it. ``template``
    is the message as marked for translation, ``message`` the English text filled in."""

    def __init__(self, path: str, message: str, **params: str) -> None:
        self.template, self.params = message, params
        self.message = message % params if params else message
        super().__init__(f"{path or 'document'}: {self.message}")
        self.path = path


def to_dict(doc: Any) -> dict[str, Any]:
    """The document (or any model dataclass) as JSON-ready nested dicts."""
    return dataclasses.asdict(doc)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _convert(value: Any, hint: Any, path: str) -> Any:
    if hint is str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ShapeError(path, gettext_noop("expected text"))
        return str(value)
    origin = typing.get_origin(hint)
    if origin is list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ShapeError(path, gettext_noop("expected a list"))
        (item_hint,) = typing.get_args(hint)
        return [_convert(item, item_hint, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, path)
    if isinstance(hint, types.UnionType):  # pragma: no cover - the model has no unions
        raise ShapeError(path, "unsupported type")
    raise ShapeError(path, f"unsupported type {hint!r}")  # pragma: no cover


def _build(cls: type, data: Any, path: str) -> Any:
    if data is None:
        return cls()
    if not isinstance(data, dict):
        raise ShapeError(path, gettext_noop("expected an object"))
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    data = {k: v for k, v in data.items() if k not in RETIRED.get(cls, ())}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ShapeError(path, gettext_noop("unknown field %(name)r"), name=unknown[0])
    kwargs = {}
    for name, value in data.items():
        kwargs[name] = _convert(value, hints[name], f"{path}.{name}" if path else name)
    return cls(**kwargs)


def from_dict(data: Any, cls: type = Document) -> Any:
    """Build a document (or another model dataclass ``cls``) from JSON data."""
    return _build(cls, data, "")
