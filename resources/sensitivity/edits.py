"""What an action does to one record's values, and the sentences that say so in the record
(``dataGeneralizations``, ``informationWithheld``).

An ``Edit`` is what is done to a record: a grid for its coordinates, terms to withhold, a
rank to generalise its identification to. Several actions meeting on one record (an event
holding two sensitive taxa) make one edit: the coarser grid, every term, the higher rank.
After the edit, every other value of the record that still holds a value it removed (a
coordinate in ``locality`` or ``eventRemarks``, a name in ``occurrenceRemarks``) is withheld
too, so nothing of an original value survives in a published file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableSequence, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import grid as grids
from .names import canonical
from .policy import COORDINATES, DWC, FIELDS, IDENTIFICATION, RANKS, Action, Policy

LATITUDE, LONGITUDE = DWC + "decimalLatitude", DWC + "decimalLongitude"
UNCERTAINTY = DWC + "coordinateUncertaintyInMeters"
EVENT_DATE, LOCALITY = DWC + "eventDate", DWC + "locality"
SCIENTIFIC_NAME, TAXON_RANK = DWC + "scientificName", DWC + "taxonRank"
GENERALIZATIONS, WITHHELD = DWC + "dataGeneralizations", DWC + "informationWithheld"
NOTE_TERMS = (GENERALIZATIONS, WITHHELD)
# What a generalised location withholds: the texts and shapes that give the place precisely.
LOCATION_TEXTS = tuple(
    DWC + t
    for t in (
        "locality",
        "verbatimLocality",
        "verbatimCoordinates",
        "verbatimLatitude",
        "verbatimLongitude",
        "footprintWKT",
        "locationRemarks",
        "georeferenceRemarks",
        "locationID",
        "coordinatePrecision",
        "pointRadiusSpatialFit",
        "footprintSpatialFit",
    )
)
# What cutting eventDate to year and month withholds.
DATE_DETAILS = tuple(
    DWC + t for t in ("day", "eventTime", "startDayOfYear", "endDayOfYear", "verbatimEventDate")
)
# What a generalised identification withholds, beside the ranks below the one kept.
NAME_DETAILS = tuple(
    DWC + t
    for t in (
        "specificEpithet",
        "infraspecificEpithet",
        "cultivarEpithet",
        "infragenericEpithet",
        "scientificNameAuthorship",
        "vernacularName",
        "taxonID",
        "scientificNameID",
        "acceptedNameUsage",
        "acceptedNameUsageID",
        "originalNameUsage",
        "originalNameUsageID",
        "nameAccordingTo",
        "nameAccordingToID",
        "taxonConceptID",
        "verbatimIdentification",
        "previousIdentifications",
        "identificationRemarks",
        "taxonRemarks",
        "typeStatus",
    )
)
SUBGENUS, GENERIC_NAME = DWC + "subgenus", DWC + "genericName"
# Values that link records: never withheld (the policy changes what they point to instead).
IDENTIFIERS = frozenset(
    DWC + t for t in ("eventID", "parentEventID", "occurrenceID", "basisOfRecord", "eventType")
)
# What a generated, generalised event keeps of the event it copies (then generalised).
COPY_KEEPS = frozenset(
    DWC + t
    for t in (
        "eventType",
        "eventDate",
        "year",
        "month",
        "decimalLatitude",
        "decimalLongitude",
        "coordinateUncertaintyInMeters",
        "geodeticDatum",
        "continent",
        "waterBody",
        "country",
        "countryCode",
        "stateProvince",
        "dataGeneralizations",
        "informationWithheld",
    )
) | frozenset(
    "http://purl.org/dc/terms/" + t for t in ("type", "language", "license", "rightsHolder")
)
SHORTEST_GUARDED = 4  # shorter removed values ("5", "12") are not looked for elsewhere


@dataclass(frozen=True)
class Edit:
    grid: str = ""
    fields: frozenset[str] = frozenset()
    rank: str = ""  # identification kept at this rank

    @classmethod
    def of(cls, actions: Iterable[Action], *, names: bool = True) -> Edit:
        """The one edit of ``actions`` together; ``names=False`` leaves identifications
        alone (what an event, or the other records of an event, take of an action)."""
        grid, rank = "", ""
        fields: set[str] = set()
        for action in actions:
            if action.kind == COORDINATES:
                if not grid or grids.size_metres(action.grid) > grids.size_metres(grid):
                    grid = action.grid
            elif action.kind == FIELDS:
                fields.update(action.fields)
            elif action.kind == IDENTIFICATION and names:
                wanted = action.rank or "genus"
                if not rank or RANKS.index(wanted) < RANKS.index(rank):
                    rank = wanted
        return cls(grid, frozenset(fields), rank)

    def __bool__(self) -> bool:
        return bool(self.grid or self.fields or self.rank)


def grid_words(grid: str) -> str:
    if grid.startswith("decimals:"):
        return "%s decimal(s)" % grid.split(":", 1)[1]
    if grid.endswith("km"):
        return "a %s km grid" % grid[:-2]
    return "a %s° grid" % grid


@lru_cache(maxsize=256)
def sentence(edit: Edit, *, year_only: bool = False) -> str:
    """What ``edit`` does, in one sentence (for ``dataGeneralizations``); ``year_only``:
    the date gave no month to keep."""
    parts = []
    if edit.grid:
        parts.append(
            "coordinates generalised to the centre of a cell of %s, "
            "coordinateUncertaintyInMeters raised to cover the cell" % grid_words(edit.grid)
        )
    if EVENT_DATE in edit.fields:
        parts.append(
            "eventDate cut to the year" if year_only else "eventDate cut to year and month"
        )
    if edit.rank:
        parts.append("identification generalised to %s" % edit.rank)
    if not parts:
        return "Sensitive species: values withheld."
    return "Sensitive species: " + "; ".join(parts) + "."


def _short(term: str) -> str:
    return term.rsplit("/", 1)[-1]


class Editor:
    """Applies edits to the values of one file's records (in the order of ``terms``)."""

    def __init__(self, terms: list[str]) -> None:
        self.at = {term: i for i, term in enumerate(terms)}
        self.terms = terms
        self._guarded = [
            i for i, t in enumerate(terms) if t not in IDENTIFIERS and t not in NOTE_TERMS
        ]

    def name_at(self, cells: Sequence[str], rank: str) -> str:
        """The name a record's identification becomes at ``rank`` ("" when the record does
        not give it): the rank's term, or for genus the first word of the name."""
        at = self.at.get(DWC + rank)
        if at is not None and cells[at].strip():
            return cells[at].strip()
        if rank == "genus":
            at = self.at.get(SCIENTIFIC_NAME)
            words = canonical(cells[at]).split(" ") if at is not None else []
            if len(words) > 1:
                return words[0].capitalize()
        return ""

    def coarse_copy(self, cells: Sequence[str], edit: Edit) -> list[str]:
        """A generated event's values: only the coarse ones (``COPY_KEEPS``) of the event it
        copies, its place generalised by ``edit`` and its date cut to year and month, so that
        the copy cannot be matched to the precise event by its other values."""
        values = [cells[i] if term in COPY_KEEPS else "" for i, term in enumerate(self.terms)]
        self.apply(values, Edit(edit.grid, edit.fields | {EVENT_DATE}, ""))
        self._note(values, WITHHELD, "the other event details withheld for a sensitive species")
        return values

    def touches(self, edit: Edit) -> bool:
        """Whether ``edit`` can change a record with these terms."""
        at = self.at
        if edit.grid and LATITUDE in at and LONGITUDE in at:
            return True
        if any(term in at for term in edit.fields):
            return True
        if EVENT_DATE in edit.fields and any(t in at for t in DATE_DETAILS):
            return True
        names = (SCIENTIFIC_NAME, TAXON_RANK, SUBGENUS, GENERIC_NAME, *NAME_DETAILS)
        return bool(edit.rank) and any(t in at for t in (*names, *(DWC + r for r in RANKS)))

    def apply(self, cells: MutableSequence[str], edit: Edit) -> bool:
        """Edit ``cells`` in place; True when something changed (the notes then say what)."""
        at = self.at
        removed: list[str] = []
        withheld: list[str] = []
        changed: set[int] = set()
        notes = ""

        def blank(term: str) -> None:
            i = at.get(term)
            if i is not None and cells[i]:
                removed.append(cells[i])
                cells[i] = ""
                changed.add(i)
                withheld.append(_short(term))

        if edit.grid and self._coordinates(cells, edit.grid, removed, changed, withheld):
            notes = edit.grid
            for term in LOCATION_TEXTS:
                blank(term)
        for term in sorted(edit.fields):
            if term == EVENT_DATE:
                self._month(cells, removed, changed)
                for detail in DATE_DETAILS:
                    blank(detail)
            else:
                blank(term)
        if edit.rank:
            self._identification(cells, edit.rank, removed, changed, blank)
        if not changed:
            return False
        self._guard(cells, removed, changed, withheld)
        done = Edit(notes, edit.fields, edit.rank)
        date_at = self.at.get(EVENT_DATE)
        year_only = date_at is not None and len(cells[date_at]) == 4
        self._note(cells, GENERALIZATIONS, sentence(done, year_only=year_only))
        if withheld:
            self._note(
                cells,
                WITHHELD,
                "%s withheld for a sensitive species" % ", ".join(dict.fromkeys(withheld)),
            )
        return True

    def _coordinates(
        self,
        cells: MutableSequence[str],
        grid: str,
        removed: list[str],
        changed: set[int],
        withheld: list[str],
    ) -> bool:
        lat_at, lon_at = self.at.get(LATITUDE), self.at.get(LONGITUDE)
        if lat_at is None or lon_at is None:
            return False
        lat, lon = cells[lat_at], cells[lon_at]
        if not (lat.strip() or lon.strip()):
            return False
        for value in (lat, lon):
            removed.extend(_forms(value))
        changed.update((lat_at, lon_at))
        cell = grids.generalise(lat, lon, grid)
        if cell is None:  # not a coordinate that can be generalised: withheld
            cells[lat_at] = cells[lon_at] = ""
            withheld.extend(("decimalLatitude", "decimalLongitude"))
            return True
        cells[lat_at], cells[lon_at] = cell.latitude, cell.longitude
        at = self.at.get(UNCERTAINTY)
        if at is not None:
            cells[at] = str(cell.radius + _metres(cells[at]))
            changed.add(at)
        return True

    def _month(self, cells: MutableSequence[str], removed: list[str], changed: set[int]) -> None:
        at = self.at.get(EVENT_DATE)
        if at is None or not cells[at]:
            return
        value = cells[at]
        removed.append(value)
        cells[at] = year_month(value)
        changed.add(at)

    def _identification(
        self,
        cells: MutableSequence[str],
        rank: str,
        removed: list[str],
        changed: set[int],
        blank: object,
    ) -> None:
        assert callable(blank)
        name_at = self.at.get(SCIENTIFIC_NAME)
        name = self.name_at(cells, rank)
        if name_at is not None and cells[name_at]:
            original = cells[name_at]
            removed.append(original)
            full = canonical(original)
            if " " in full:
                removed.append(full)
            cells[name_at] = name
            changed.add(name_at)
        lower = RANKS[RANKS.index(rank) + 1 :]
        for term in (*(DWC + r for r in lower), *NAME_DETAILS):
            blank(term)
        if RANKS.index(rank) <= RANKS.index("genus"):
            blank(SUBGENUS)
        if rank != "genus":
            blank(GENERIC_NAME)
        rank_at = self.at.get(TAXON_RANK)
        if rank_at is not None:
            cells[rank_at] = rank
            changed.add(rank_at)

    def _guard(
        self,
        cells: MutableSequence[str],
        removed: list[str],
        changed: set[int],
        withheld: list[str],
    ) -> None:
        """Withhold every other value that still holds a removed one."""
        looked = {v.strip().lower() for v in removed if len(v.strip()) >= SHORTEST_GUARDED}
        if not looked:
            return
        others = "\x00".join([cells[i] for i in self._guarded if i not in changed]).lower()
        looked = {old for old in looked if old in others}  # nearly always none is left
        if not looked:
            return
        for i in self._guarded:
            value = cells[i]
            if i in changed or not value:
                continue
            low = value.lower()
            if any(old in low for old in looked):
                cells[i] = ""
                changed.add(i)
                withheld.append(_short(self.terms[i]))

    def _note(self, cells: MutableSequence[str], term: str, text: str) -> None:
        at = self.at.get(term)
        if at is None:
            return
        given = cells[at].strip()
        cells[at] = text if not given or text in given else given.rstrip(".;") + "; " + text


def _forms(value: str) -> list[str]:
    """A coordinate as written, and cut to three decimals (as a text might quote it)."""
    value = value.strip()
    forms = [value]
    if "." in value:
        whole, _, decimals = value.partition(".")
        if len(decimals) > 3:
            forms.append(whole + "." + decimals[:3])
    return forms


def _metres(text: str) -> int:
    try:
        value = float(text.strip())
    except ValueError:
        return 0
    return int(value) + (value > int(value)) if 0 < value < 1e8 else 0


def year_month(value: str) -> str:
    """A date or an ISO 8601 interval cut to year and month: ``2020-05-17`` → ``2020-05``,
    ``2020/5/17`` → ``2020-05``, ``2020-05-30/2020-06-02`` → ``2020-05/2020-06``; a value
    that gives only a year becomes the year; "" when it does not start with a year."""
    value = value.strip()
    parts = value.split("/")
    if len(parts) == 2 and all(_YEAR.match(p.strip()) for p in parts):  # an interval
        cut = [_cut(p) for p in parts]
        return cut[0] if cut[0] == cut[1] else "/".join(cut)
    return _cut(value)


_YEAR = re.compile(r"^\d{4}(?![\d])")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})(?![\d])")


def _cut(value: str) -> str:
    value = value.strip()
    found = _YEAR_MONTH.match(value)
    if found and 1 <= int(found.group(2)) <= 12:
        return "%s-%02d" % (found.group(1), int(found.group(2)))
    year = _YEAR.match(value)
    return year.group(0) if year else ""


def action_words(action: Action) -> str:
    """What ``action`` does, in English (the EML's methods step)."""
    if action.kind == COORDINATES:
        return (
            "coordinates generalised to the centre of a cell of %s (coordinateUncertaintyInMeters"
            " covering the cell) and precise location texts withheld" % grid_words(action.grid)
        )
    if action.kind == IDENTIFICATION:
        return "identification generalised to %s" % (action.rank or "genus")
    if action.kind == FIELDS:
        names = ", ".join(_short(t) for t in action.fields)
        return "%s withheld%s" % (
            names,
            " (eventDate cut to year and month)" if EVENT_DATE in action.fields else "",
        )
    return "occurrences withheld"


def method_step(policy: Policy) -> str:
    """The EML methods step that describes ``policy`` (no taxon is named: the list itself is
    what the policy protects)."""
    counts: dict[Action, int] = {}
    for taxon in policy.taxa:
        action = policy.action_of(taxon)
        counts[action] = counts.get(action, 0) + 1
    parts = [
        "for %d %s, %s" % (n, "taxon" if n == 1 else "taxa", action_words(action))
        for action, n in counts.items()
    ]
    events = (
        "Sensitive occurrences that carry a location are published under generated, "
        "generalised events, so that their original events keep full precision."
        if policy.separate_events
        else "An event holding a sensitive occurrence is generalised as a whole, with its "
        "child events and the records at the same place."
    )
    return (
        "Sensitive species: this dataset is published under a sensitivity policy naming "
        "%d %s: %s. %s Every changed record says what was done in dataGeneralizations and "
        "informationWithheld."
        % (len(policy.taxa), "taxon" if len(policy.taxa) == 1 else "taxa", "; ".join(parts), events)
    )
