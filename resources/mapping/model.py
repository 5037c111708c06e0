"""Plain data of a mapping: rules per term, filters, the spec and its output rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FILTER_OPS = ("equals", "not_equals", "empty", "not_empty", "in", "regex")


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


class MappingError(Exception):
    """A user error in a mapping, with a stable ``code`` (``mapping:column``, ...) and a
    ``message`` that says what to fix. A message with ``%(name)s`` placeholders comes with
    ``params``: ``template`` is the message as marked for translation, ``message`` the
    English text filled in."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        details: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.template, self.params = message, params or {}
        self.message = message % self.params if self.params else message
        super().__init__(self.message)
        self.code = code
        self.details = details or {}


@dataclass
class FieldRule:
    """How one term (qualified name) gets its value: from ``column``, a ``constant`` or a
    ``template`` over columns such as ``"{eventID}:{scientificName}"``.

    ``default`` replaces an empty result of a column or template; ``translations`` map a
    source value to the value written (applied before the default). ``date_format`` (one of
    ``resources.quality.date_formats.DATE_FORMATS``, set for date-typed terms of a source
    with that reading option) writes column values that fit it as ISO 8601.
    """

    term: str
    column: str | None = None
    constant: str | None = None
    default: str | None = None
    template: str | None = None
    translations: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None


@dataclass
class Filter:
    """A condition a row must meet to be mapped; all filters of a spec must hold (AND).

    ``op`` is one of ``FILTER_OPS``; ``value`` is a text, or a list of texts for ``in``.
    With ``after_translation`` the ``column`` names a term and its output value is tested.
    ``regex`` finds the pattern anywhere in the value (anchor it with ``^...$``).
    """

    column: str
    op: str
    value: str | list[str] = ""
    after_translation: bool = False


ON_CONFLICT = ("first", "block")


@dataclass
class MappingSpec:
    """One source mapped to one row type. ``id_column`` gives the record id for a core and
    the core id for an extension; ``id_template`` composes it from columns instead (empty
    when every column it names is empty).

    ``derive_events``: one row per distinct id, the first (events derived from a flat
    source); rows of an id that disagree with its first on a mapped term are a conflict,
    which blocks the publication when ``on_conflict`` is "block"."""

    row_type: str
    id_column: str | None
    fields: list[FieldRule] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    id_template: str | None = None
    derive_events: bool = False
    on_conflict: str = "first"


@dataclass
class MappedRow:
    """One output record: the source ``line``, its ``id`` and a value per mapped term."""

    line: int
    id: str
    values: dict[str, str]


@dataclass
class Automap:
    """What auto-mapping found: rules ready to use, the id column, and per column the term
    it was mapped to or that it was left unmapped (in source order)."""

    fields: list[FieldRule]
    id_column: str | None
    mapped: dict[str, str]
    unmapped: list[str]


@dataclass
class VocabularyMatch:
    """Source values matched to concept identifiers, and those left unmatched (in order)."""

    matched: dict[str, str]
    unmatched: list[str]
