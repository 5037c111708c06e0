"""GBIF's EventType vocabulary and the check of dwc:eventType values against it.

Django-free. GBIF interprets eventType against the EventType vocabulary of its vocabulary server
and leaves a value that matches no concept uninterpreted, without a flag. The catalogue has that
vocabulary built in (``catalogue/definitions/builtin/vocabularies/gbif__event_type.json``). When
the caller gives its values in ``file.vocabularies`` under :data:`EVENT_TYPE` (lower-cased, as
for any vocabulary) the check reads them there, else it uses :data:`EVENT_TYPES`, generated from
that file (a test checks that the two agree).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .declarations import WARNING, Check, FileLike, Finding, Use, claim, declare, gettext_noop

EVENT_TYPE = "http://rs.tdwg.org/dwc/terms/eventType"
claim(EVENT_TYPE)
# The built-in catalogue vocabulary's uri and source: how a caller finds it to give its values.
EVENT_TYPE_VOCABULARY = "https://api.gbif.org/v1/vocabularies/EventType"

# Each concept name of the built-in EventType vocabulary (in the order of its keys) with its
# labels and alternative labels where they differ from the name. GBIF's spelling is kept
# (OccurenceObservation).
EVENT_TYPES: Mapping[str, tuple[str, ...]] = {
    "Event": (),
    "Survey": (),
    "SiteVisit": ("Site Visit",),
    "Sample": (),
    "Subsample": (),
    "Find": (),
    "MaterialSample": ("Material Sample",),
    "TissueSample": ("Tissue Sample",),
    "MediaSample": ("Media Sample",),
    "Photograph": (),
    "Audio": ("Audio Recording",),
    "Video": ("Video Recording",),
    "Observation": (),
    "OccurenceObservation": ("Occurrence Observation",),
    "MeasurementObservation": ("Measurement Observation",),
    "Geolocation": (),
    "Chronolocation": (),
    "Assertion": (),
    "Identification": ("Identificación",),
    "Collect": (),
    "Project": (),
    "Expedition": (),
    "Registration": (),
    "Report": (),
    "ConditionReport": (),
    "Assay": (),
}
_SQUASH = re.compile(r"[\s_\-]+")


def _squash(value: str) -> str:
    """A spelling reduced to what tells concepts apart: lower case, no spaces, _ or -."""
    return _SQUASH.sub("", value).lower()


@dataclass(frozen=True, slots=True)
class EventTypes:
    """The eventType values accepted as written (concept names and labels), the lower-cased
    values accepted in any case (concepts the catalogue has that :data:`EVENT_TYPES` lacks)
    and, per squashed spelling, the concept name a variant should be translated to."""

    exact: frozenset[str]
    loose: frozenset[str]
    names: Mapping[str, str]

    @classmethod
    def of(
        cls, concepts: Mapping[str, Iterable[str]], allowed: frozenset[str] | None = None
    ) -> EventTypes:
        """The values of ``concepts`` (name: other spellings), kept to those in ``allowed``
        (lower-cased, as the catalogue gives them) when it is given."""
        spelt = {s: name for name, others in concepts.items() for s in (name, *others)}
        if allowed is not None:
            spelt = {s: name for s, name in spelt.items() if s.lower() in allowed}
        known = {s.lower() for s in spelt}
        loose = frozenset(a for a in allowed or () if a not in known)
        names = {_squash(s): name for s, name in spelt.items()}
        return cls(frozenset(spelt), loose, names)

    def finding(self, value: str) -> Finding | None:
        """None for a concept name or label as written; otherwise a finding, suggesting the
        concept name when the value is one written in another case or with spaces, _ or -."""
        written = value.strip()
        if not written or written in self.exact or written.lower() in self.loose:
            return None
        return Finding(value, suggestion=self.names.get(_squash(written)))


BUNDLED = EventTypes.of(EVENT_TYPES)


def event_type_uses(file: FileLike) -> list[Use]:
    """eventType in any file that maps it, against the vocabulary the caller gives for it,
    else against the bundled one."""
    if EVENT_TYPE not in file.terms:
        return []
    allowed = file.vocabularies.get(EVENT_TYPE)
    types = BUNDLED if allowed is None else EventTypes.of(EVENT_TYPES, allowed)
    return [Use((EVENT_TYPE,), types.finding)]


declare(
    Check(
        "event-type-unknown",
        severity=WARNING,
        title=gettext_noop("An eventType is not in GBIF's EventType vocabulary."),
        message=gettext_noop(
            'eventType "%(value)s" is not a concept of GBIF\'s EventType vocabulary. Use a '
            "concept such as Survey, SiteVisit, Sample or Observation, or translate the value "
            "in the mapping."
        ),
        rule=gettext_noop(
            "GBIF interprets eventType against its EventType vocabulary and leaves a value "
            "that matches no concept uninterpreted, without a flag; case variants are offered "
            "as translations to the concept name."
        ),
        uses=event_type_uses,
    )
)
