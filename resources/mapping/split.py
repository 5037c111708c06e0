"""Splitting a flat table into events and occurrences: what to propose, and what it gives.

A flat table holds one row per species per sample, with the sample's site, date, protocol
and effort repeated on each row. A ``Split`` says which columns identify an event (its
``key``, composed into the event id by ``template``), which columns are event-level and
which occurrence-level, and optionally a coarser key for parent events (site -> site:date).
``suggest`` proposes one from a sample of rows: the key from the columns that name an
event, a site, a date and a protocol; event-level the columns whose values are constant
within the key and that the Event core has a term for. ``tally`` counts what a split
would give (events, parents, occurrences, conflicts) over the rows it is given.

Django-free: columns, rows as lists of cells, and the Event and Occurrence terms by column
(what auto-mapping found) come in; plain data comes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..quality.values import key as name_key
from .model import ON_CONFLICT, MappingError, gettext_noop
from .template import parse_template

DWC = "http://rs.tdwg.org/dwc/terms/"
# What a column names, by its Event term: the event itself, its site (locationID first, then
# a column named as a site, then the others), its date, its protocol.
EVENT_ID = DWC + "eventID"
SITE_TERMS = (DWC + "locationID", DWC + "fieldNumber", DWC + "locality")
DATE_TERMS = (DWC + "eventDate", DWC + "verbatimEventDate")
DAY_TERMS = (DWC + "year", DWC + "month", DWC + "day")
PROTOCOL_TERMS = (DWC + "samplingProtocol",)
# Unmapped column names that usually hold a site or a sample (compared as keys are).
SITE_NAMES = frozenset(
    name_key(n)
    for n in ("site", "site id", "station", "station id", "plot", "plot id", "transect", "trap")
)
SAMPLE_NAMES = frozenset(name_key(n) for n in ("sample", "sample id", "survey id", "visit id"))
# Terms that stay on the parent (the site) when the events have one.
PLACE_TERMS = frozenset(
    DWC + n
    for n in (
        "locationID",
        "locality",
        "decimalLatitude",
        "decimalLongitude",
        "geodeticDatum",
        "coordinateUncertaintyInMeters",
        "country",
        "countryCode",
        "stateProvince",
        "county",
        "municipality",
        "habitat",
        "minimumElevationInMeters",
        "maximumElevationInMeters",
        "footprintWKT",
        "locationRemarks",
        "waterBody",
        "island",
        "continent",
    )
)
SAMPLE_ROWS = 50_000  # rows a suggestion reads at most


@dataclass
class Split:
    """How a flat source becomes events and occurrences.

    ``key``: the columns that identify an event; ``template`` composes the eventID from
    them (``{site}:{date}``; by default the key columns joined with ``:``). ``event``:
    event-level columns by Event term; ``occurrence``: occurrence-level columns by
    Occurrence term. ``parent_key`` (a part of the key) and ``parent`` (columns by Event
    term, constant per parent) make parent events with their own ``parent_template``.
    ``occurrence_id``: a template for occurrenceID when no column holds one."""

    key: list[str]
    event: dict[str, str] = field(default_factory=dict)
    occurrence: dict[str, str] = field(default_factory=dict)
    template: str = ""
    parent_key: list[str] = field(default_factory=list)
    parent: dict[str, str] = field(default_factory=dict)
    parent_template: str = ""
    occurrence_id: str = ""
    on_conflict: str = "first"

    def event_template(self) -> str:
        return self.template or joined(self.key)

    def parent_id_template(self) -> str:
        return self.parent_template or joined(self.parent_key)


def joined(columns: Sequence[str]) -> str:
    """The template of columns joined with ``:`` (braces in names doubled)."""
    return ":".join("{%s}" % c.replace("{", "{{").replace("}", "}}") for c in columns)


def check(split: Split, columns: Sequence[str]) -> None:
    """Refuse a split that cannot work on ``columns`` (``MappingError``, code
    ``mapping:split``): no key, a key, parent key or mapped column the source lacks, a parent
    key that is not part of the key, a template naming other columns than its key, or a
    column that is both event- and occurrence-level."""
    have = set(columns)
    if not split.key:
        _refuse(gettext_noop("Choose at least one column that identifies an event."))
    for column in [*split.key, *split.parent_key, *split.event, *split.parent, *split.occurrence]:
        if column not in have:
            _refuse(
                gettext_noop("The source has no column %(column)r."),
                column=column,
            )
    if set(split.parent_key) - set(split.key):
        _refuse(gettext_noop("The parent events' key must be a part of the events' key."))
    if split.parent_key and set(split.parent_key) == set(split.key):
        _refuse(gettext_noop("The parent events' key must be coarser than the events' key."))
    for template, key in (
        (split.event_template(), split.key),
        (split.parent_id_template() if split.parent_key else "", split.parent_key),
    ):
        if template and set(template_columns(template)) != set(key):
            _refuse(
                gettext_noop("The template %(template)r must name exactly the key's columns."),
                template=template,
            )
    both = sorted((set(split.event) | set(split.parent)) & set(split.occurrence))
    if both:
        _refuse(
            gettext_noop("A column cannot be both event-level and occurrence-level: %(columns)s."),
            columns=", ".join(both),
        )
    if split.on_conflict not in ON_CONFLICT:
        _refuse(gettext_noop("Choose what to do with conflicting rows: first value or block."))


def template_columns(template: str) -> list[str]:
    return [part[0] for part in parse_template(template) if not isinstance(part, str)]


def _refuse(message: str, **params: str) -> None:
    raise MappingError(message, code="mapping:split", params=params or None)


@dataclass
class Tally:
    """What a split gives over the rows read: events, parent events, occurrences (rows),
    events whose rows disagree on event-level columns with the first such rows' lines, and
    whether the rows were cut at ``SAMPLE_ROWS``."""

    rows: int = 0
    events: int = 0
    parents: int = 0
    conflicts: int = 0
    conflict_lines: list[tuple[str, int, int, str]] = field(default_factory=list)
    capped: bool = False


def tally(
    split: Split,
    columns: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    *,
    cap: int = SAMPLE_ROWS,
    shown: int = 20,
) -> Tally:
    """Count what ``split`` gives over the first ``cap`` of ``rows`` ((line, cells)): one
    event per distinct key, one parent per distinct parent key, and the events (and parents)
    whose rows disagree on an event-level column; ``conflict_lines`` names up to ``shown``
    of them: (event id, its first line, the disagreeing line, the column)."""
    index = {c: i for i, c in reversed(list(enumerate(columns)))}
    result = Tally()
    levels = [(split.key, list(split.event), split.event_template())]
    if split.parent_key:
        levels.append((split.parent_key, list(split.parent), split.parent_id_template()))
    seen: list[dict[tuple[str, ...], tuple[int, tuple[str, ...]]]] = [{} for _ in levels]
    flagged: set[tuple[int, tuple[str, ...]]] = set()
    for line, cells in rows:
        if result.rows >= cap:
            result.capped = True
            break
        result.rows += 1
        for level, (key, event_columns, template) in enumerate(levels):
            ident = tuple(_cell(cells, index[c]) for c in key)
            values = tuple(_cell(cells, index[c]) for c in event_columns)
            first = seen[level].setdefault(ident, (line, values))
            if first[1] == values or (level, ident) in flagged:
                continue
            flagged.add((level, ident))
            result.conflicts += 1
            if len(result.conflict_lines) < shown:
                column = next(
                    c for c, a, b in zip(event_columns, first[1], values, strict=True) if a != b
                )
                event_id = _compose(template, dict(zip(key, ident, strict=True)))
                result.conflict_lines.append((event_id, first[0], line, column))
    result.events = len(seen[0])
    result.parents = len(seen[1]) if split.parent_key else 0
    return result


def _compose(template: str, values: dict[str, str]) -> str:
    return "".join(
        part if isinstance(part, str) else values.get(part[0], "")
        for part in parse_template(template)
    )


def _cell(cells: Sequence[str], i: int) -> str:
    return cells[i] if i < len(cells) else ""


def suggest(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    event_terms: dict[str, str],
    occurrence_terms: dict[str, str],
) -> Split | None:
    """A split for a flat source, from a sample of its ``rows``: ``event_terms`` and
    ``occurrence_terms`` give the term auto-mapping found for each column in the Event
    core and the Occurrence extension. None when no column identifies an event.

    The key is the eventID column when there is one; else a site (or sample) column, a date
    column and a protocol column, each kept only when it makes more events. Event-level are
    the columns with an Event term whose values are constant within the key (the rest with
    an Occurrence term are occurrence-level). With a site and a date in the key, the site
    makes parent events that hold the columns constant per site that describe the place
    (when every row names its site).
    """
    index = {c: i for i, c in reversed(list(enumerate(columns)))}
    by_term = {term: column for column, term in event_terms.items()}
    names = {name_key(c): c for c in reversed(columns)}
    if EVENT_ID in by_term:
        key = [by_term[EVENT_ID]]
        site: list[str] = []
    else:
        site = _first(
            [by_term.get(SITE_TERMS[0])]
            + [names.get(n) for n in sorted(SITE_NAMES)]
            + [by_term.get(t) for t in SITE_TERMS[1:]]
        )
        sample = _first([names.get(n) for n in SAMPLE_NAMES])
        date = _first([by_term.get(t) for t in DATE_TERMS])
        if not date and all(t in by_term for t in DAY_TERMS):
            date = [by_term[t] for t in DAY_TERMS]
        protocol = _first([by_term.get(t) for t in PROTOCOL_TERMS])
        key = []
        for part in (sample or site, date, protocol):
            if part and _distinct(rows, index, key + part) > _distinct(rows, index, key):
                key += part
        if sample:
            site = []
    if not key:
        return None
    for column in site:
        if column not in event_terms and SITE_TERMS[0] not in by_term:
            event_terms = {**event_terms, column: SITE_TERMS[0]}  # a site column: locationID
    constant = _constant(rows, index, key, [c for c in columns if c not in key])
    keyed = set(key)
    event = {c: t for c, t in event_terms.items() if c in constant or c in keyed}
    occurrence = {
        c: t
        for c, t in occurrence_terms.items()
        if c not in event and t not in (EVENT_ID,) and c not in keyed
    }
    split = Split(key=key, event=event, occurrence=occurrence)
    parent_key = [c for c in site if c in keyed]
    # A row without a site would make a parent event without an id: no parents then.
    if parent_key and len(parent_key) < len(key) and _filled(rows, index, parent_key):
        per_site = _constant(rows, index, parent_key, [c for c in event if c not in key])
        parent = {c: t for c, t in event.items() if c in per_site and t in PLACE_TERMS}
        parent.update({c: event[c] for c in parent_key if c in event})
        split.parent_key, split.parent = parent_key, parent
        split.event = {c: t for c, t in event.items() if c not in parent or c in keyed}
    if not any(t == DWC + "occurrenceID" for t in occurrence_terms.values()):
        species = next(
            (c for c, t in occurrence_terms.items() if t == DWC + "scientificName"), None
        )
        if species is not None:
            split.occurrence_id = split.event_template() + ":" + joined([species])
    return split


def _first(candidates: Sequence[str | None]) -> list[str]:
    return next(([c] for c in candidates if c), [])


def _filled(rows: Sequence[Sequence[str]], index: dict[str, int], columns: list[str]) -> bool:
    """Whether every row has a value in one of ``columns`` at least."""
    return all(any(_cell(r, index[c]).strip() for c in columns) for r in rows)


def _distinct(rows: Sequence[Sequence[str]], index: dict[str, int], key: list[str]) -> int:
    if not key:
        return 1
    return len({tuple(_cell(r, index[c]) for c in key) for r in rows})


def _constant(
    rows: Sequence[Sequence[str]], index: dict[str, int], key: list[str], candidates: list[str]
) -> set[str]:
    """The ``candidates`` whose value is the same on every row of each key."""
    first: dict[tuple[str, ...], list[str]] = {}
    varying: set[str] = set()
    for row in rows:
        ident = tuple(_cell(row, index[c]) for c in key)
        values = [_cell(row, index[c]) for c in candidates]
        known = first.setdefault(ident, values)
        if known is not values:
            varying.update(c for c, a, b in zip(candidates, known, values, strict=True) if a != b)
    return set(candidates) - varying
