"""The row and file checks of Darwin Core data files, each declared once.

Django-free. Each declaration gives the code, the severity and the rule behind it (from the
IPT's pre-publication checks, GBIF's crawler and pipelines: registry-harvest contract §C), the
title and message, and where the check runs with its test. The tests ask ``values`` for every
value question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import dates, values
from .declarations import (
    CLAIMED,
    ERROR,
    WARNING,
    Check,
    FileLike,
    Finding,
    RowTest,
    Use,
    UsesFn,
    claim,
    declare,
    each,
    term_name,
    together,
)
from .declarations import (
    gettext_noop as _,
)

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
_BASIS_OF_RECORD_KEYS = {v.lower(): v for v in BASIS_OF_RECORD_VALUES}


def _basis_of_record_key(value: str) -> str:
    """As the IPT compares: ignoring case and underscores (HUMAN_OBSERVATION)."""
    return value.strip().lower().replace("_", "")


_ALLOWED_BASIS_OF_RECORD = ", ".join(BASIS_OF_RECORD_VALUES)
# Terms with checks of their own, left out of the checks by property type and vocabulary.
claim(EVENT_DATE, LATITUDE, LONGITUDE, SAMPLE_SIZE_VALUE, BASIS_OF_RECORD)

IPT_FATAL = _("The IPT fails the publication (GenerateDwca pre-publication checks).")


def _is_occurrence(file: FileLike) -> bool:
    return file.row_type == OCCURRENCE


# --- basisOfRecord ------------------------------------------------------------------------------


def _basis_of_record_unmapped(file: FileLike) -> list[Finding] | None:
    if not _is_occurrence(file):
        return None
    return [] if BASIS_OF_RECORD in file.terms else [Finding("", BASIS_OF_RECORD)]


declare(
    Check(
        code="basis-of-record-unmapped",
        severity=ERROR,
        title=_("An occurrence file does not map basisOfRecord."),
        message=_(
            "This occurrence file does not map basisOfRecord. Map it to a column, or give it a "
            "constant such as HumanObservation or PreservedSpecimen."
        ),
        rule=IPT_FATAL,
        file_test=_basis_of_record_unmapped,
    )
)


def _basis_of_record_missing(value: str) -> Finding | None:
    return Finding(value) if values.blank(value) else None


declare(
    Check(
        code="basis-of-record-missing",
        severity=ERROR,
        title=_("Occurrences have an empty basisOfRecord."),
        message=_(
            "basisOfRecord is empty. Give every occurrence a Darwin Core basis of record, "
            "such as HumanObservation or PreservedSpecimen."
        ),
        rule=IPT_FATAL,
        uses=each(
            [BASIS_OF_RECORD], _basis_of_record_missing, row_types=[OCCURRENCE], on_empty=True
        ),
    )
)


def _basis_of_record_unknown(value: str) -> Finding | None:
    if values.blank(value) or _basis_of_record_key(value) in _BASIS_OF_RECORD_KEYS:
        return None
    return Finding(value, params={"allowed": _ALLOWED_BASIS_OF_RECORD})


declare(
    Check(
        code="basis-of-record-unknown",
        severity=ERROR,
        title=_("Occurrences have a basisOfRecord outside the Darwin Core vocabulary."),
        message=_(
            'basisOfRecord "%(value)s" is not a Darwin Core basis of record. Use one of '
            "%(allowed)s, or translate the value in the mapping."
        ),
        rule=IPT_FATAL + " " + _("GBIF flags BASIS_OF_RECORD_INVALID."),
        uses=each([BASIS_OF_RECORD], _basis_of_record_unknown, row_types=[OCCURRENCE]),
    )
)


def _basis_of_record_case(value: str) -> Finding | None:
    found = _BASIS_OF_RECORD_KEYS.get(_basis_of_record_key(value))
    if found is None or found == value.strip():
        return None
    return Finding(value, params={"suggestion": found}, suggestion=found)


declare(
    Check(
        code="basis-of-record-case",
        severity=WARNING,
        title=_("basisOfRecord values are spelled differently from the vocabulary."),
        message=_(
            'basisOfRecord "%(value)s" is accepted, but the vocabulary writes it %(suggestion)s. '
            "Translate the value in the mapping."
        ),
        rule=_(
            "The IPT and GBIF accept any case and underscores; the vocabulary's spelling keeps "
            "the data consistent."
        ),
        uses=each([BASIS_OF_RECORD], _basis_of_record_case, row_types=[OCCURRENCE]),
    )
)


# --- events -------------------------------------------------------------------------------------


def _parent_event_self(parent: str, event: str) -> Finding | None:
    if parent and parent == event and not parent.isspace():
        return Finding(parent)
    return None


declare(
    Check(
        code="parent-event-self",
        severity=ERROR,
        title=_("Events name themselves as their parent."),
        message=_(
            'parentEventID "%(value)s" is the event\'s own eventID. Name the event it belongs '
            "to, or leave parentEventID empty for a top-level event."
        ),
        rule=_(
            "GBIF flags PARENT_EVENT_INFINITE_LINEAGE and drops the parent; the event "
            "hierarchy is broken."
        ),
        uses=together(
            [PARENT_EVENT_ID, EVENT_ID],
            _parent_event_self,
            row_types=[EVENT],
            requires=[PARENT_EVENT_ID, EVENT_ID],
            guard="v0 != v1",
        ),
    )
)


def _event_date_invalid(value: str) -> Finding | None:
    return None if value.isspace() or values.is_iso_date(value) else Finding(value)


declare(
    Check(
        code="event-date-invalid",
        severity=WARNING,
        title=_("eventDate values are not valid ISO 8601 dates."),
        message=_(
            'eventDate "%(value)s" is not a valid ISO 8601 date, date-time or interval. Write '
            "a real date such as 2020-05-01, 2020-05, 2020-05-01T10:00Z or "
            "2020-05-01/2020-05-03, with an interval's end not before its start, or set the "
            "source's date format."
        ),
        rule=_("GBIF flags RECORDED_DATE_INVALID and leaves the record without a date."),
        uses=each([EVENT_DATE], _event_date_invalid),
    )
)


def _event_date_not_read(value: str) -> Finding | None:
    if value.isspace() or not values.is_iso_date(value) or values.gbif_reads_date(value):
        return None
    return Finding(value)


declare(
    Check(
        code="event-date-not-read-by-gbif",
        severity=WARNING,
        title=_("eventDate values are valid ISO 8601 that GBIF's date parser does not read."),
        message=_(
            'eventDate "%(value)s" is valid ISO 8601, but GBIF\'s date parser does not read '
            "this form. Write it as a calendar date or an interval of calendar dates, such as "
            "2024-05-13/2024-05-19."
        ),
        rule=_("GBIF flags RECORDED_DATE_INVALID: the record is indexed without a date."),
        uses=each([EVENT_DATE], _event_date_not_read),
    )
)


def _event_date_disagrees(value: str, year: str, month: str, day: str) -> Finding | None:
    if value.isspace() or not (year or month or day):
        return None
    days = dates.event_date_days(value)
    if days is None or dates.parts_agree(days, year, month, day):
        return None
    named = (("year", year), ("month", month), ("day", day))
    parts = ", ".join("%s %s" % (name, part.strip()) for name, part in named if part.strip())
    return Finding(value, params={"parts": parts})


def _event_date_parts(file: FileLike) -> Iterable[Use]:
    terms = set(file.terms)
    if EVENT_DATE not in terms or not terms & {YEAR, MONTH, DAY}:
        return []
    return [Use((EVENT_DATE, YEAR, MONTH, DAY), _event_date_disagrees)]


declare(
    Check(
        code="event-date-disagrees",
        severity=WARNING,
        title=_("eventDate disagrees with year, month or day."),
        message=_(
            'eventDate "%(value)s" disagrees with %(parts)s. Correct one of them, or leave year, '
            "month and day empty."
        ),
        rule=_("GBIF flags RECORDED_DATE_MISMATCH."),
        uses=_event_date_parts,
    )
)


# --- coordinates --------------------------------------------------------------------------------

_RANGES = {LATITUDE: values.LATITUDE_RANGE, LONGITUDE: values.LONGITUDE_RANGE}


def _out_of_range(latitude: str, longitude: str) -> list[Finding] | None:
    found = []
    for term, value in ((LATITUDE, latitude), (LONGITUDE, longitude)):
        low, high = _RANGES[term]
        if not values.blank(value) and not values.in_range(value, low, high):
            found.append(Finding(value, term, {"low": "%g" % low, "high": "%g" % high}))
    return found or None


_IN_RANGE = "%r <= float(v0) <= %r and %r <= float(v1) <= %r" % (
    *values.LATITUDE_RANGE,
    *values.LONGITUDE_RANGE,
)


declare(
    Check(
        code="coordinates-out-of-range",
        severity=WARNING,
        title=_("Coordinates are not numbers within their range."),
        message=_(
            '%(term)s "%(value)s" is not a number from %(low)s to %(high)s. Write decimal '
            "degrees, such as -41.0983."
        ),
        rule=_("GBIF flags COORDINATE_OUT_OF_RANGE or COORDINATE_INVALID and drops the point."),
        uses=together([LATITUDE, LONGITUDE], _out_of_range, guard=_IN_RANGE),
    )
)


def _coordinates_zero(latitude: str, longitude: str) -> Finding | None:
    if values.number(latitude) == 0 and values.number(longitude) == 0:
        return Finding("%s, %s" % (latitude, longitude), "")
    return None


declare(
    Check(
        code="coordinates-zero",
        severity=WARNING,
        title=_("Coordinates are both 0, which usually stands for an unknown place."),
        message=_(
            "decimalLatitude and decimalLongitude are both 0 (%(value)s), which usually stands "
            "for an unknown place. Leave both empty when the place is not known."
        ),
        rule=_("GBIF flags ZERO_COORDINATE."),
        uses=together(
            [LATITUDE, LONGITUDE],
            _coordinates_zero,
            requires=[LATITUDE, LONGITUDE],
            guard="float(v0) != 0.0 or float(v1) != 0.0",
        ),
    )
)


def _coordinate_missing_pair(latitude: str, longitude: str) -> Finding | None:
    if values.blank(latitude) == values.blank(longitude):
        return None
    if values.blank(longitude):
        return Finding(latitude, LATITUDE, {"other": term_name(LONGITUDE)})
    return Finding(longitude, LONGITUDE, {"other": term_name(LATITUDE)})


declare(
    Check(
        code="coordinate-missing-pair",
        severity=WARNING,
        title=_("A coordinate is given without the other."),
        message=_('%(term)s "%(value)s" has no %(other)s. Give both coordinates, or neither.'),
        rule=_("GBIF cannot place a record with one coordinate (COORDINATE_INVALID)."),
        uses=together(
            [LATITUDE, LONGITUDE],
            _coordinate_missing_pair,
            guard="(not v0) == (not v1) and not v0.isspace() and not v1.isspace()",
        ),
    )
)


# --- value and unit pairs -----------------------------------------------------------------------


def _sample_size_unit_missing(value: str, unit: str) -> Finding | None:
    return Finding(value) if not values.blank(value) and values.blank(unit) else None


def _sample_size_value_missing(value: str, unit: str) -> Finding | None:
    return (
        Finding(unit, SAMPLE_SIZE_UNIT) if values.blank(value) and not values.blank(unit) else None
    )


def _sample_size_not_number(value: str) -> Finding | None:
    return None if values.blank(value) or values.is_positive(value) else Finding(value)


_SAMPLE_SIZE = [SAMPLE_SIZE_VALUE, SAMPLE_SIZE_UNIT]
_PAIRS_RULE = _(
    "GBIF computes relativeOrganismQuantity only from complete pairs; it raises no issue."
)
declare(
    Check(
        code="sample-size-not-number",
        severity=WARNING,
        title=_("sampleSizeValue values are not positive numbers."),
        message=_(
            'sampleSizeValue "%(value)s" is not a positive number. Write the number alone, '
            "such as 10 or 0.5, and its unit in sampleSizeUnit."
        ),
        rule=_("GBIF parses sampleSizeValue as a number and drops what it cannot read."),
        uses=each([SAMPLE_SIZE_VALUE], _sample_size_not_number),
    )
)


declare(
    Check(
        code="sample-size-unit-missing",
        severity=WARNING,
        title=_("sampleSizeValue is given without sampleSizeUnit."),
        message=_(
            'sampleSizeValue "%(value)s" has no sampleSizeUnit. Give the unit, such as '
            "square metre or minute."
        ),
        rule=_PAIRS_RULE,
        uses=together(_SAMPLE_SIZE, _sample_size_unit_missing),
    )
)
declare(
    Check(
        code="sample-size-value-missing",
        severity=WARNING,
        title=_("sampleSizeUnit is given without sampleSizeValue."),
        message=_(
            'sampleSizeUnit "%(value)s" has no sampleSizeValue. Give the value, or leave both '
            "empty."
        ),
        rule=_PAIRS_RULE,
        uses=together(_SAMPLE_SIZE, _sample_size_value_missing),
    )
)


def _quantity_type_missing(amount: str, kind: str) -> Finding | None:
    return Finding(amount) if not values.blank(amount) and values.blank(kind) else None


def _quantity_missing(amount: str, kind: str) -> Finding | None:
    return Finding(kind, QUANTITY_TYPE) if values.blank(amount) and not values.blank(kind) else None


_QUANTITY = [QUANTITY, QUANTITY_TYPE]
declare(
    Check(
        code="organism-quantity-type-missing",
        severity=WARNING,
        title=_("organismQuantity is given without organismQuantityType."),
        message=_(
            'organismQuantity "%(value)s" has no organismQuantityType. Say what it counts, '
            "such as individuals or %% biomass."
        ),
        rule=_PAIRS_RULE,
        uses=together(_QUANTITY, _quantity_type_missing),
    )
)
declare(
    Check(
        code="organism-quantity-missing",
        severity=WARNING,
        title=_("organismQuantityType is given without organismQuantity."),
        message=_(
            'organismQuantityType "%(value)s" has no organismQuantity. Give the quantity, or '
            "leave both empty."
        ),
        rule=_PAIRS_RULE,
        uses=together(_QUANTITY, _quantity_missing),
    )
)


# --- vocabularies -------------------------------------------------------------------------------


def _vocabulary_terms(file: FileLike) -> list[str]:
    own = {BASIS_OF_RECORD} if _is_occurrence(file) else set()
    return [t for t in file.terms if t in file.vocabularies and t not in own | CLAIMED]


def _vocabulary_value(file: FileLike) -> Iterable[Use]:
    def test_of(term: str) -> RowTest:
        allowed, delimiter = file.vocabularies[term], file.delimiters.get(term, "")
        keys = file.vocabulary_keys.get(term, {})

        def test(value: str) -> Finding | None:
            if values.in_vocabulary(value, allowed, delimiter):
                return None
            return Finding(value, term, suggestion=values.vocabulary_suggestion(value, keys))

        return test

    return [Use((term,), test_of(term)) for term in _vocabulary_terms(file)]


declare(
    Check(
        code="vocabulary-value",
        severity=WARNING,
        title=_("Values are not in their term's vocabulary."),
        message=_(
            '%(term)s "%(value)s" is not in the term\'s vocabulary. Use a vocabulary value, or '
            "translate this value in the mapping."
        ),
        rule=_("GBIF flags values it cannot interpret (e.g. OCCURRENCE_STATUS_UNPARSABLE)."),
        uses=_vocabulary_value,
    )
)


def _vocabulary_case(file: FileLike) -> Iterable[Use]:
    def test_of(term: str) -> RowTest:
        identifiers = sorted(set(file.vocabulary_keys.get(term, {}).values()))
        allowed = file.vocabularies[term]

        def test(value: str) -> Finding | None:
            if value.strip().lower() not in allowed:
                return None
            found = values.case_variant(value, identifiers)
            if found is None:
                return None
            return Finding(value, term, {"suggestion": found}, suggestion=found)

        return test

    terms = [t for t in _vocabulary_terms(file) if file.vocabulary_keys.get(t)]
    return [Use((term,), test_of(term)) for term in terms if not file.delimiters.get(term)]


declare(
    Check(
        code="vocabulary-case",
        severity=WARNING,
        title=_("Vocabulary values are spelled differently from the vocabulary."),
        message=_(
            '%(term)s "%(value)s" is accepted, but the vocabulary writes it %(suggestion)s. '
            "Translate the value in the mapping."
        ),
        rule=_("GBIF reads either spelling; the vocabulary's keeps the data consistent."),
        uses=_vocabulary_case,
    )
)


# --- required terms, null tokens, property types -----------------------------------------------


def _own_terms(file: FileLike) -> set[str]:
    return {BASIS_OF_RECORD, OCCURRENCE_ID} if _is_occurrence(file) else set()


def _required_unmapped(file: FileLike) -> list[Finding] | None:
    wanted = file.required - _own_terms(file)
    if not wanted:
        return None
    return [Finding("", term) for term in sorted(wanted - set(file.terms))]


declare(
    Check(
        code="required-unmapped",
        severity=WARNING,
        title=_("Terms the extension requires are not mapped."),
        message=_(
            "%(term)s is required by this extension but is not mapped. Map it to a column or "
            "give it a constant."
        ),
        rule=_(
            "The extension's definition requires the term; GBIF's validator reports "
            "REQUIRED_TERM_MISSING."
        ),
        file_test=_required_unmapped,
    )
)


def _required_empty(file: FileLike) -> Iterable[Use]:
    def test_of(term: str) -> RowTest:
        return lambda value: Finding(value, term) if values.blank(value) else None

    wanted = sorted((file.required & set(file.terms)) - _own_terms(file))
    guard = "v0 and not v0.isspace()"
    return [Use((term,), test_of(term), on_empty=True, guard=guard) for term in wanted]


declare(
    Check(
        code="required-empty",
        severity=WARNING,
        title=_("Terms the extension requires are empty."),
        message=_(
            "%(term)s is required by this extension but is empty. Give it a value on every row."
        ),
        rule=_("The extension's definition requires the term."),
        uses=_required_empty,
    )
)


def _null_tokens(file: FileLike) -> Iterable[Use]:
    def test_of(term: str) -> RowTest:
        return lambda value: (
            Finding(value, term, suggestion="") if values.is_null_token(value, term) else None
        )

    return [Use((term,), test_of(term), scan=values.NULL_TOKENS) for term in file.terms]


declare(
    Check(
        code="null-token",
        severity=WARNING,
        title=_("Placeholders for no value (NULL, \\N, NA, -) are published as values."),
        message=_(
            '%(term)s is "%(value)s", a placeholder for no value, which GBIF would publish as '
            "the value. Translate it to empty in the mapping."
        ),
        rule=_('GBIF publishes the text as given (a locality "NULL", a count "-").'),
        uses=_null_tokens,
    )
)


def _typed(kind: str, test: Callable[[str], RowTest]) -> UsesFn:
    def uses(file: FileLike) -> Iterable[Use]:
        terms = [t for t in file.terms if file.types.get(t) == kind and t not in CLAIMED]
        return [Use((term,), test(term)) for term in terms]

    return uses


def _type_test(kind: str) -> Callable[[str], RowTest]:
    def test_of(term: str) -> RowTest:
        def test(value: str) -> Finding | None:
            if values.blank(value) or values.is_null_token(value, term):
                return None
            if values.value_fits_type(kind, value):
                return None
            suggestion = values.boolean_suggestion(value) if kind == "boolean" else None
            return Finding(value, term, suggestion=suggestion)

        return test

    return test_of


_TYPE_MESSAGES = {
    "date": (
        _("Values of date terms are not ISO 8601 dates."),
        _(
            '%(term)s "%(value)s" is not an ISO 8601 date. Write it as 2020-05-01, or set the '
            "source's date format."
        ),
        _("GBIF flags the date as invalid (e.g. IDENTIFIED_DATE_INVALID) and drops it."),
    ),
    "decimal": (
        _("Values of number terms are not numbers."),
        _('%(term)s "%(value)s" is not a number. Write the number alone, such as 12.5.'),
        _("GBIF parses the term as a number and drops what it cannot read."),
    ),
    "integer": (
        _("Values of whole-number terms are not whole numbers."),
        _('%(term)s "%(value)s" is not a whole number. Write it alone, such as 12.'),
        _("GBIF parses the term as a whole number (e.g. INDIVIDUAL_COUNT_INVALID)."),
    ),
    "uri": (
        _("Values of URI terms are not URIs."),
        _(
            '%(term)s "%(value)s" is not a URI. Write a full address, such as https://example.org/a.'
        ),
        _("GBIF flags invalid URIs (e.g. REFERENCES_URI_INVALID)."),
    ),
    "boolean": (
        _("Values of true/false terms are not true or false."),
        _('%(term)s "%(value)s" is not true or false. Translate it in the mapping.'),
        _("Darwin Core booleans are true or false; GBIF flags others as invalid."),
    ),
}
_TYPE_CODES = {
    "date": "date-invalid",
    "decimal": "number-invalid",
    "integer": "integer-invalid",
    "uri": "uri-invalid",
    "boolean": "boolean-invalid",
}
for _kind, (_title, _message, _rule) in _TYPE_MESSAGES.items():
    declare(
        Check(
            code=_TYPE_CODES[_kind],
            severity=WARNING,
            title=_title,
            message=_message,
            rule=_rule,
            uses=_typed(_kind, _type_test(_kind)),
        )
    )
