"""The per-row checks' codes, severities and messages (English, marked for translation).

Errors block publication: they are what makes the IPT fail a publication or GBIF abort or
drop the data. Warnings are what GBIF flags or silently loses.
"""

from __future__ import annotations

ERROR, WARNING = "error", "warning"


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


_MESSAGES: dict[str, str] = {
    "basis-of-record-unmapped": gettext_noop(
        "This occurrence file does not map basisOfRecord. Map it to a column, or give it a "
        "constant such as HumanObservation or PreservedSpecimen."
    ),
    "basis-of-record-missing": gettext_noop(
        "basisOfRecord is empty. Give every occurrence a Darwin Core basis of record, "
        "such as HumanObservation or PreservedSpecimen."
    ),
    "basis-of-record-unknown": gettext_noop(
        'basisOfRecord "%(value)s" is not a Darwin Core basis of record. Use one of '
        "%(allowed)s, or translate the value in the mapping."
    ),
    "occurrence-id-unmapped": gettext_noop(
        "This occurrence file does not map occurrenceID: GBIF drops the occurrences of an "
        "event archive that have none, and aborts the crawl unless unique "
        "institutionCode/collectionCode/catalogNumber triplets identify them. Map "
        "occurrenceID to a column holding a stable, unique identifier."
    ),
    "occurrence-id-missing": gettext_noop(
        "occurrenceID is empty. GBIF drops occurrences without one: give every occurrence "
        "a stable, unique identifier."
    ),
    "parent-event-self": gettext_noop(
        'parentEventID "%(value)s" is the event\'s own eventID. Name the event it belongs '
        "to, or leave parentEventID empty for a top-level event."
    ),
    "sample-size-unit-missing": gettext_noop(
        'sampleSizeValue "%(value)s" has no sampleSizeUnit. Give the unit, such as '
        "square metre or minute."
    ),
    "sample-size-value-missing": gettext_noop(
        'sampleSizeUnit "%(value)s" has no sampleSizeValue. Give the value, or leave both empty.'
    ),
    "sample-size-not-number": gettext_noop(
        'sampleSizeValue "%(value)s" is not a positive number. Write the number alone, '
        "such as 10 or 0.5, and its unit in sampleSizeUnit."
    ),
    "organism-quantity-type-missing": gettext_noop(
        'organismQuantity "%(value)s" has no organismQuantityType. Say what it counts, '
        "such as individuals or %% biomass."
    ),
    "organism-quantity-missing": gettext_noop(
        'organismQuantityType "%(value)s" has no organismQuantity. Give the quantity, or '
        "leave both empty."
    ),
    "event-date-invalid": gettext_noop(
        'eventDate "%(value)s" is not a valid ISO 8601 date, date-time or interval. Write '
        "a real date such as 2020-05-01, 2020-05, 2020-05-01T10:00Z or 2020-05-01/2020-05-03, "
        "with an interval's end not before its start."
    ),
    "event-date-disagrees": gettext_noop(
        'eventDate "%(value)s" disagrees with %(parts)s. Correct one of them, or leave year, '
        "month and day empty."
    ),
    "coordinates-out-of-range": gettext_noop(
        '%(term)s "%(value)s" is not a number from %(low)s to %(high)s. Write decimal '
        "degrees, such as -41.0983."
    ),
    "coordinates-zero": gettext_noop(
        "decimalLatitude and decimalLongitude are both 0 (%(value)s), which usually stands for "
        "an unknown place. Leave both empty when the place is not known."
    ),
    "coordinate-missing-pair": gettext_noop(
        '%(term)s "%(value)s" has no %(other)s. Give both coordinates, or neither.'
    ),
    "vocabulary-value": gettext_noop(
        '%(term)s "%(value)s" is not in the term\'s vocabulary. Use a vocabulary value, or '
        "translate this value in the mapping."
    ),
    "required-unmapped": gettext_noop(
        "%(term)s is required by this extension but is not mapped. Map it to a column or give "
        "it a constant."
    ),
    "required-empty": gettext_noop(
        "%(term)s is required by this extension but is empty. Give it a value on every row."
    ),
}
# Not mapping occurrenceID at all is a warning, as in the IPT: GBIF accepts unique
# institution/collection/catalogue triplets instead (registry-harvest contract C.2).
_ERRORS = frozenset(
    {
        "basis-of-record-unmapped",
        "basis-of-record-missing",
        "basis-of-record-unknown",
        "occurrence-id-missing",
        "parent-event-self",
    }
)
CHECKS: dict[str, tuple[str, str]] = {
    code: (ERROR if code in _ERRORS else WARNING, message) for code, message in _MESSAGES.items()
}
