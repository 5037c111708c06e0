"""Per-row data checks run on every mapped row while an archive is written.

Django-free. :class:`RowChecks` is built once per archive file: it works out which checks
apply to the file's terms, skips the others and picks out the values it reads in one C-level
step, so a row costs a few look-ups when nothing is wrong. Results for values that repeat
(event dates with their year/month/day, vocabulary values, basisOfRecord, sample sizes) are
kept in bounded caches.

Errors block publication: they are what makes the IPT fail a publication or GBIF abort or
drop the data. Warnings are what GBIF flags or silently loses (registry-harvest-contract
§C). Codes are stable; messages are English templates in :data:`CHECKS`, marked for
translation where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import isfinite
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar, cast

from resources.dwca.model import ArchiveFile

from .dates import Days, event_date_days, parts_agree
from .messages import CHECKS

DWC = "http://rs.tdwg.org/dwc/terms/"
OCCURRENCE = DWC + "Occurrence"
EVENT = DWC + "Event"
BASIS_OF_RECORD = DWC + "basisOfRecord"
OCCURRENCE_ID = DWC + "occurrenceID"
EVENT_ID = DWC + "eventID"
PARENT_EVENT_ID = DWC + "parentEventID"
EVENT_DATE = DWC + "eventDate"
YEAR, MONTH, DAY = DWC + "year", DWC + "month", DWC + "day"
LATITUDE, LONGITUDE = DWC + "decimalLatitude", DWC + "decimalLongitude"
SAMPLE_SIZE_VALUE, SAMPLE_SIZE_UNIT = DWC + "sampleSizeValue", DWC + "sampleSizeUnit"
QUANTITY, QUANTITY_TYPE = DWC + "organismQuantity", DWC + "organismQuantityType"

CACHE_SIZE = 50_000  # entries per cache; a full cache is emptied, not evicted entry by entry
T = TypeVar("T")


# The Darwin Core basis of record vocabulary (rs.gbif.org vocabulary/dwc/
# basis_of_record_2024-02-19.xml, 9 concepts). Like the IPT, values match ignoring case,
# and like GBIF's enum names, with underscores (HUMAN_OBSERVATION).
BASIS_OF_RECORD_VALUES = (
    "PreservedSpecimen",
    "FossilSpecimen",
    "LivingSpecimen",
    "HumanObservation",
    "MachineObservation",
    "MaterialEntity",
    "MaterialSample",
    "Occurrence",
    "MaterialCitation",
)
_BASIS_OF_RECORD_KEYS = frozenset(v.lower() for v in BASIS_OF_RECORD_VALUES)
_RANGES = {LATITUDE: (-90.0, 90.0), LONGITUDE: (-180.0, 180.0)}


@dataclass(frozen=True, slots=True)
class Flag:
    """One problem found: a stable check code, its severity ("error" blocks publication),
    the term it is about ("" for the whole row), the value as found and what to fix."""

    check: str
    severity: str
    term: str
    value: str
    message: str


_CLEAN: tuple[Flag, ...] = ()
_ALLOWED_BASIS_OF_RECORD = ", ".join(BASIS_OF_RECORD_VALUES)
# Position, term, allowed values, multi-value delimiter and cache: value -> allowed.
VocabularyEntry = tuple[int, str, frozenset[str], str, dict[str, bool]]
DateEntry = tuple[str, str, str, str]  # check code ("" when fine), year, month, day


def term_name(term: str) -> str:
    """The simple name of a term URI (``basisOfRecord``)."""
    return term.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def make_flag(code: str, term: str, value: str, **params: str) -> Flag:
    """A flag of the check ``code`` with its message filled in (``value``, the term's simple
    name as ``term``, and any ``params`` the message names)."""
    severity, template = CHECKS[code]
    message = template % {"value": value, "term": term_name(term), **params}
    return Flag(code, severity, term, value, message)


class _Plan(NamedTuple):
    """Which checks run on a file: None (or empty) for a check that is skipped, otherwise
    the positions of its terms in a row (-1 for an optional term the file lacks) and its
    cache."""

    basis_of_record: tuple[dict[str, str], int] | None  # cache: value -> code, "" if fine
    occurrence_id: int | None
    parent_event: tuple[int, int] | None  # parentEventID, eventID
    event_dates: tuple[dict[str, DateEntry], int, int, int, int] | None  # + year, month, day
    coordinates: tuple[int, int] | None
    sample_size: tuple[dict[str, bool], int, int] | None  # cache: value -> positive number
    organism_quantity: tuple[int, int] | None
    vocabularies: tuple[VocabularyEntry, ...]
    required: tuple[tuple[int, str], ...]


_PlanTuple = tuple[
    tuple[dict[str, str], int] | None,
    int | None,
    tuple[int, int] | None,
    tuple[dict[str, DateEntry], int, int, int, int] | None,
    tuple[int, int] | None,
    tuple[dict[str, bool], int, int] | None,
    tuple[int, int] | None,
    tuple[VocabularyEntry, ...],
    tuple[tuple[int, str], ...],
]

# The per-row checks each field of a plan turns on.
_CODES_BY_PLAN = {
    "basis_of_record": ("basis-of-record-missing", "basis-of-record-unknown"),
    "occurrence_id": ("occurrence-id-missing",),
    "parent_event": ("parent-event-self",),
    "event_dates": ("event-date-invalid",),
    "coordinates": ("coordinates-out-of-range", "coordinates-zero", "coordinate-missing-pair"),
    "sample_size": (
        "sample-size-unit-missing",
        "sample-size-value-missing",
        "sample-size-not-number",
    ),
    "organism_quantity": ("organism-quantity-type-missing", "organism-quantity-missing"),
    "vocabularies": ("vocabulary-value",),
    "required": ("required-empty",),
}


class RowChecks:
    """The per-row checks that apply to one archive file.

    ``file.vocabularies`` maps a term to its allowed values, which the caller gives
    lower-cased; a value matches when its trimmed, lower-cased form (each part, for a term
    with a multi-value delimiter) is in the set. On occurrence files basisOfRecord is checked
    by its own checks, not as a vocabulary, and occurrenceID and basisOfRecord are not
    repeated as required terms. A whitespace-only value counts as empty. ``active`` lists, in
    :data:`CHECKS` order, the codes of every check that runs on this file, including those
    of :meth:`file_flags`; ``terms_read`` holds the terms the checks read.
    """

    def __init__(self, file: ArchiveFile) -> None:
        self.file = file
        self._terms = frozenset(file.terms)
        self._occurrence = file.row_type == OCCURRENCE
        self._own_terms = {BASIS_OF_RECORD, OCCURRENCE_ID} if self._occurrence else set()
        self._days: dict[str, Days | None] = {}  # eventDate -> its days, None when invalid
        self._agreement: dict[tuple[Days, str, str, str], bool] = {}
        # Checks see a row as the values of the terms they read, in file order.
        first = {term: i for i, term in reversed(list(enumerate(file.terms)))}  # first wins
        positions = sorted(_positions(self._make_plan(first)))
        self._read = tuple(file.terms[i] for i in positions)
        self._plan = self._make_plan({term: i for i, term in enumerate(self._read)})
        # The same as a plain tuple, which unpacks three times faster than a NamedTuple.
        self._unpacked = cast(_PlanTuple, tuple(self._plan))
        self._pick_values = _picker(self._read)
        self._pick_cells = _picker(tuple(positions))
        self.active: list[str] = self._active_codes()
        self.terms_read: frozenset[str] = frozenset(self._read)

    def check(self, values: dict[str, str]) -> Sequence[Flag]:
        """The flags of one mapped row given as values by term URI (a term the row lacks
        counts as empty; only ``terms_read`` are needed). A row without problems gets a
        shared empty tuple, anything else a new list."""
        try:
            read = self._pick_values(values)
        except KeyError:
            read = tuple(values.get(term, "") for term in self._read)
        return self._check(read)

    def check_cells(self, cells: Sequence[str]) -> Sequence[Flag]:
        """The same as :meth:`check` for a row given as its values in the order of
        ``file.terms`` (what ``Mapper.cells`` yields), without building a dict."""
        return self._check(self._pick_cells(cells))

    def _check(self, cells: Sequence[str]) -> Sequence[Flag]:  # noqa: C901  (hot loop, below)
        """The flags of a row given as the values of the terms read (``self._read``)."""
        # One method on purpose: it runs on every row, and a call per check would cost more
        # than most checks do. Each block is the fast path of one check, skipped when the
        # file lacks its terms; anything suspect goes to a helper that decides carefully.
        (bor, occurrence_id, parent, dates, coordinates, sample, quantity,
         vocabularies, required) = self._unpacked  # fmt: skip
        flags: list[Flag] | None = None
        if bor is not None:
            codes, i = bor
            value = cells[i]
            code = codes.get(value)
            if code is None:
                code = _remember(codes, value, basis_of_record_code(value))
            if code:
                flags = _add(flags, [_basis_of_record_flag(code, value)])
        if occurrence_id is not None:
            value = cells[occurrence_id]
            if not value or value.isspace():
                flags = _add(flags, [make_flag("occurrence-id-missing", OCCURRENCE_ID, value)])
        if parent is not None:
            value = cells[parent[0]]
            if value and value == cells[parent[1]] and not value.isspace():
                flags = _add(flags, [make_flag("parent-event-self", PARENT_EVENT_ID, value)])
        if dates is not None:
            entries, i, year_at, month_at, day_at = dates
            value = cells[i]
            if value:
                year = cells[year_at] if year_at >= 0 else ""
                month = cells[month_at] if month_at >= 0 else ""
                day = cells[day_at] if day_at >= 0 else ""
                # The entry of the last row with this date: a date nearly always comes with
                # the same year, month and day, so one look-up settles the row.
                entry = entries.get(value)
                if entry is None or entry[1] != year or entry[2] != month or entry[3] != day:
                    verdict = self._date_code(value, year, month, day)
                    entry = _remember(entries, value, (verdict, year, month, day))
                if entry[0]:
                    flags = _add(flags, [_date_flag(value, entry)])
        if coordinates is not None:
            latitude = cells[coordinates[0]] if coordinates[0] >= 0 else ""
            longitude = cells[coordinates[1]] if coordinates[1] >= 0 else ""
            if latitude or longitude:
                try:
                    y, x = float(latitude), float(longitude)
                    clean = -90.0 <= y <= 90.0 and -180.0 <= x <= 180.0 and (y != 0 or x != 0)
                except ValueError:
                    clean = False
                if not clean:
                    flags = _add(flags, coordinate_flags(latitude, longitude))
        if sample is not None:
            positives, value_at, unit_at = sample
            value = cells[value_at] if value_at >= 0 else ""
            unit = cells[unit_at] if unit_at >= 0 else ""
            if value or unit:
                positive = positives.get(value)
                if positive is None:
                    positive = _remember(positives, value, _is_positive(value))
                if not positive or not unit or unit.isspace():
                    flags = _add(flags, sample_size_flags(value, unit))
        if quantity is not None:
            amount = cells[quantity[0]] if quantity[0] >= 0 else ""
            kind = cells[quantity[1]] if quantity[1] >= 0 else ""
            if (amount or kind) and (not amount or not kind or amount.isspace() or kind.isspace()):
                flags = _add(flags, organism_quantity_flags(amount, kind))
        for i, term, allowed, delimiter, known_values in vocabularies:
            value = cells[i]
            if value:
                known = known_values.get(value)
                if known is None:
                    known = _remember(known_values, value, in_vocabulary(value, allowed, delimiter))
                if not known:
                    flags = _add(flags, [make_flag("vocabulary-value", term, value)])
        for i, term in required:
            value = cells[i]
            if not value or value.isspace():
                flags = _add(flags, [make_flag("required-empty", term, value)])
        return _CLEAN if flags is None else flags

    def file_flags(self) -> list[Flag]:
        """Problems of the file as a whole, reported once: an occurrence file that does not
        map basisOfRecord or occurrenceID, and required terms that are not mapped."""
        flags = []
        if self._occurrence and BASIS_OF_RECORD not in self._terms:
            flags.append(make_flag("basis-of-record-unmapped", BASIS_OF_RECORD, ""))
        if self._occurrence and OCCURRENCE_ID not in self._terms:
            flags.append(make_flag("occurrence-id-unmapped", OCCURRENCE_ID, ""))
        for term in sorted(self.file.required - self._terms - self._own_terms):
            flags.append(make_flag("required-unmapped", term, ""))
        return flags

    def _make_plan(self, at: dict[str, int]) -> _Plan:
        """The checks that run, reading each term at its position ``at``."""
        file, occurrence, own = self.file, self._occurrence, self._own_terms

        def pair(first: str, second: str) -> tuple[int, int] | None:
            found = (at.get(first, -1), at.get(second, -1))
            return found if max(found) >= 0 else None

        sample = pair(SAMPLE_SIZE_VALUE, SAMPLE_SIZE_UNIT)
        parent = pair(PARENT_EVENT_ID, EVENT_ID)
        return _Plan(
            ({}, at[BASIS_OF_RECORD]) if occurrence and BASIS_OF_RECORD in at else None,
            at[OCCURRENCE_ID] if occurrence and OCCURRENCE_ID in at else None,
            parent if file.row_type == EVENT and parent and min(parent) >= 0 else None,
            ({}, at[EVENT_DATE], at.get(YEAR, -1), at.get(MONTH, -1), at.get(DAY, -1))
            if EVENT_DATE in at
            else None,
            pair(LATITUDE, LONGITUDE),
            ({}, *sample) if sample else None,
            pair(QUANTITY, QUANTITY_TYPE),
            tuple(
                (at[term], term, allowed, file.delimiters.get(term, ""), {})
                for term, allowed in file.vocabularies.items()
                if term in at and term not in own
            ),
            tuple((at[term], term) for term in sorted((file.required & self._terms) - own)),
        )

    def _active_codes(self) -> list[str]:
        runs = {
            code
            for field, codes in _CODES_BY_PLAN.items()
            if getattr(self._plan, field) not in (None, ())
            for code in codes
        }
        if self._occurrence:
            runs.update(("basis-of-record-unmapped", "occurrence-id-unmapped"))
        dates = self._plan.event_dates
        if dates is not None and max(dates[2:]) >= 0:
            runs.add("event-date-disagrees")
        if self.file.required - self._own_terms:
            runs.add("required-unmapped")
        return [code for code in CHECKS if code in runs]

    def _date_code(self, value: str, year: str, month: str, day: str) -> str:
        if value.isspace():
            return ""
        if value in self._days:
            days = self._days[value]
        else:
            days = _remember(self._days, value, event_date_days(value))
        if days is None:
            return "event-date-invalid"
        if not (year or month or day):
            return ""
        # Rows may alternate year/month/day under one eventDate; this keeps that cheap too.
        key = (days, year, month, day)
        agrees = self._agreement.get(key)
        if agrees is None:
            agrees = _remember(self._agreement, key, parts_agree(days, year, month, day))
        return "" if agrees else "event-date-disagrees"


def _positions(plan: _Plan) -> set[int]:
    """The positions of the terms a plan reads."""
    found: set[int] = set()
    for pair in (plan.parent_event, plan.coordinates, plan.organism_quantity):
        found.update(pair or ())
    for cached in (plan.basis_of_record, plan.event_dates, plan.sample_size):
        found.update(cached[1:] if cached else ())
    if plan.occurrence_id is not None:
        found.add(plan.occurrence_id)
    found.update(entry[0] for entry in plan.vocabularies + plan.required)
    found.discard(-1)
    return found


def _picker(keys: tuple[str, ...] | tuple[int, ...]) -> Callable[[Any], tuple[str, ...]]:
    """A function giving the values at ``keys`` of a row, as a tuple (C speed)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return itemgetter(*keys) if keys else lambda row: ()


def _remember(cache: dict[Any, T], key: object, result: T) -> T:
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = result
    return result


def _add(flags: list[Flag] | None, found: list[Flag]) -> list[Flag] | None:
    if not found:
        return flags
    if flags is None:
        return found
    flags.extend(found)
    return flags


def _blank(value: str) -> bool:
    return not value or value.isspace()


def basis_of_record_code(value: str) -> str:
    """The check code for a basisOfRecord value, "" when it is fine."""
    value = value.strip()
    if not value:
        return "basis-of-record-missing"
    if value.lower().replace("_", "") in _BASIS_OF_RECORD_KEYS:
        return ""
    return "basis-of-record-unknown"


def _basis_of_record_flag(code: str, value: str) -> Flag:
    return make_flag(code, BASIS_OF_RECORD, value, allowed=_ALLOWED_BASIS_OF_RECORD)


def _date_flag(value: str, entry: DateEntry) -> Flag:
    code, year, month, day = entry
    named = (("year", year), ("month", month), ("day", day))
    parts = ", ".join("%s %s" % (name, part.strip()) for name, part in named if part.strip())
    return make_flag(code, EVENT_DATE, value, parts=parts)


def coordinate_flags(latitude: str, longitude: str) -> list[Flag]:
    """Every coordinate problem of one row (the careful path behind the fast one)."""
    given = {t: v for t, v in ((LATITUDE, latitude), (LONGITUDE, longitude)) if not _blank(v)}
    flags = []
    numbers = {}
    for term, value in given.items():
        number = numbers[term] = _number(value)
        low, high = _RANGES[term]
        if number is None or not low <= number <= high:
            flags.append(
                make_flag("coordinates-out-of-range", term, value, low="%g" % low, high="%g" % high)
            )
    if len(given) == 1:
        ((term, value),) = given.items()
        other = term_name(LONGITUDE if term == LATITUDE else LATITUDE)
        flags.append(make_flag("coordinate-missing-pair", term, value, other=other))
    elif len(given) == 2 and numbers[LATITUDE] == 0 and numbers[LONGITUDE] == 0:
        flags.append(make_flag("coordinates-zero", "", "%s, %s" % (latitude, longitude)))
    return flags


def _number(value: str) -> float | None:
    """A finite number (not nan or inf), or None."""
    try:
        number = float(value)
    except ValueError:
        return None
    return number if isfinite(number) else None


def _is_positive(value: str) -> bool:
    number = _number(value)
    return number is not None and number > 0


def sample_size_flags(value: str, unit: str) -> list[Flag]:
    """Every problem of one row's sampleSizeValue and sampleSizeUnit."""
    if _blank(value):
        if _blank(unit):
            return []
        return [make_flag("sample-size-value-missing", SAMPLE_SIZE_UNIT, unit)]
    flags = []
    if not _is_positive(value):
        flags.append(make_flag("sample-size-not-number", SAMPLE_SIZE_VALUE, value))
    if _blank(unit):
        flags.append(make_flag("sample-size-unit-missing", SAMPLE_SIZE_VALUE, value))
    return flags


def organism_quantity_flags(amount: str, kind: str) -> list[Flag]:
    """The problem, if any, of one row's organismQuantity and organismQuantityType."""
    if _blank(amount) and not _blank(kind):
        return [make_flag("organism-quantity-missing", QUANTITY_TYPE, kind)]
    if _blank(kind) and not _blank(amount):
        return [make_flag("organism-quantity-type-missing", QUANTITY, amount)]
    return []


def in_vocabulary(value: str, allowed: frozenset[str], delimiter: str = "") -> bool:
    """Whether a value (every non-empty part of it, when the term has a multi-value
    delimiter) is in a lower-cased vocabulary, ignoring case and surrounding spaces."""
    parts = value.split(delimiter) if delimiter else [value]
    return all(part.strip().lower() in allowed for part in parts if part.strip())
