"""Which DwC-DP table each archive file's rows go to, and how a row becomes a table row.

A plan is made once per publication, before the per-row pass, from the archive files' row
types and terms and the shipped table schemas (``schemas``). Fields are matched to terms by
name (``eventDate`` to ``event.eventDate``); the keys (``*_pk``, ``*_fk``) are filled from the
row's id and the identifiers it holds; a few terms are renamed where DwC-DP names the same
thing differently (MeasurementOrFact becomes an assertion). The README's "Darwin Core Data
Package" section lists the result as a table.

Rows are given as the builder has them: the row's id (the core id: an event's id, or the
event an extension row belongs to), its cells in the order of the file's terms, its source and
line. A table row is its key values followed by the picked cells; the package's descriptor
lists the fields in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from .schemas import field_of, foreign_key, is_key, primary_key, table_names, table_schema

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
OCCURRENCE = DWC + "Occurrence"
MOF = DWC + "MeasurementOrFact"
EMOF = "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"
DNA = "http://rs.gbif.org/terms/1.0/DNADerivedData"
HUMBOLDT = "http://rs.tdwg.org/eco/terms/Event"

# An Event core's events are the survey events of a sampling-event dataset unless the data
# says otherwise (``eventCategory`` is required in DwC-DP 1.0).
DEFAULT_EVENT_CATEGORY = "survey"

# MeasurementOrFact terms and the assertion fields that hold them.
ASSERTION_FIELDS = {
    "measurementID": "assertionID",
    "measurementType": "assertionType",
    "measurementTypeID": "assertionTypeIRI",
    "measurementValue": "assertionValue",
    "measurementValueID": "assertionValueIRI",
    "measurementUnit": "assertionUnit",
    "measurementUnitID": "assertionUnitIRI",
    "measurementAccuracy": "assertionError",
    "measurementDeterminedDate": "assertionMadeDate",
    "measurementDeterminedBy": "assertionBy",
    "measurementMethod": "assertionProtocols",
    "measurementRemarks": "assertionRemarks",
}
# DNA-derived data terms renamed in DwC-DP.
SEQUENCE_FIELDS = {"DNA_sequence": "sequence"}
# Terms of an occurrence that say who identified what: with any of them, the occurrence
# gets an identification row.
IDENTIFICATION_TERMS = frozenset(
    {
        "identifiedBy",
        "identifiedByID",
        "dateIdentified",
        "identificationQualifier",
        "identificationReferences",
        "identificationRemarks",
        "identificationVerificationStatus",
        "typeStatus",
        "verbatimIdentification",
    }
)

Row = list[str]
Prefix = Callable[[str, Sequence[str], str, int], list[str] | None]


def local_name(term: str) -> str:
    return term.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class Output:
    """Rows of one archive file going to one DwC-DP table. ``fields``: the table's fields
    in the order written (``keys`` first, then the picked terms); ``prefix`` gives a row's
    key values (None: the row does not go to this table); ``pick`` its picked cells.
    ``required``: the positions of key fields that must not be empty, with the term a
    publisher would fill; ``references``: per foreign key to another table, its position and
    the referenced table."""

    table: str
    keys: list[str]
    picked: list[str]
    prefix: Prefix
    pick: Callable[[Sequence[str]], Any] | None
    required: dict[int, str] = field(default_factory=dict)
    references: dict[int, str] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # the archive terms picked, in order
    # A chunk at once, instead of prefix + pick: ``expand`` gives rows, several per archive
    # row (a survey's targets); ``bulk`` gives columns, a row per archive row (an event, an
    # occurrence), each column made in one go.
    expand: Callable[[Sequence[str], Sequence[Sequence[str]]], list[Row]] | None = None
    bulk: Callable[[Sequence[str], Sequence[Sequence[str]]], list[Sequence[str]]] | None = None
    # With ``bulk``: which rows of a chunk go to this table (None: all).
    mask: Callable[[Sequence[Sequence[str]]], list[bool]] | None = None
    # Key fields filled from a term of another name (``organismQuantity`` from
    # ``individualCount``): field -> the term's simple name.
    key_sources: dict[str, str] = field(default_factory=dict)

    def source_term(self, name: str) -> str:
        """The simple name of the archive term a field's values come from ("" for none)."""
        if name in self.key_sources:
            return self.key_sources[name]
        if name in self.picked:
            return local_name(self.terms[self.picked.index(name)])
        return ""

    @property
    def fields(self) -> list[str]:
        return self.keys + self.picked

    def row(self, row_id: str, cells: Sequence[str], source: str, line: int) -> Row | None:
        keys = self.prefix(row_id, cells, source, line)
        if keys is None:
            return None
        if self.pick is None:
            return keys
        picked = self.pick(cells)  # itemgetter: a tuple, or the value itself for one
        if len(self.picked) == 1:
            return [*keys, picked]
        return [*keys, *picked]


@dataclass
class FilePlan:
    """What one archive file gives: its outputs, and the terms no table takes."""

    outputs: list[Output]
    left_out: list[str]


def _picks(
    table: str, terms: list[str], renames: dict[str, str], taken: set[str]
) -> tuple[list[str], list[int], list[str]]:
    """The fields of ``table`` that the file's terms fill (by name, or renamed), the cell
    positions and the terms, in the file's order; keys and ``taken`` fields excluded."""
    names, at, used = [], [], []
    by_uri = _fields_by_uri(table)
    for i, term in enumerate(terms):
        name = renames.get(local_name(term), local_name(term))
        if field_of(table, name) is None:  # MIxS terms: a number as name, matched by URI
            name = by_uri.get(_unversioned(term), name)
        if name in taken or is_key(name) or name in names or field_of(table, name) is None:
            continue
        names.append(name)
        at.append(i)
        used.append(term)
    return names, at, used


@cache
def _fields_by_uri(table: str) -> dict[str, str]:
    """The table's fields (not keys) by the term they are a version of (``http``/``https``
    alike), the first of each."""
    found: dict[str, str] = {}
    for item in table_schema(table)["fields"]:
        if not is_key(item["name"]):
            found.setdefault(_unversioned(item.get("dcterms:isVersionOf", "")), item["name"])
    return found


def _unversioned(uri: str) -> str:
    return uri.split("://", 1)[-1].rstrip("/")


def _joined(
    columns: list[Sequence[str]], at: list[int], cells: Sequence[Sequence[str]]
) -> list[Sequence[str]]:
    """A chunk's columns: the key columns, then the cells at ``at``, each a column."""
    return [*columns, *(list(map(itemgetter(i), cells)) for i in at)]


def _getter(at: list[int]) -> Callable[[Sequence[str]], Any] | None:
    return itemgetter(*at) if at else None


def _position(terms: list[str], name: str) -> int | None:
    return next((i for i, t in enumerate(terms) if local_name(t) == name), None)


def _cell(cells: Sequence[str], at: int | None) -> str:
    return cells[at] if at is not None and at < len(cells) else ""


def plan_file(
    row_type: str,
    terms: list[str],
    *,
    core: bool,
    core_type: str,
    agents: dict[str, str] | None = None,
    humboldt: bool = False,
) -> FilePlan:
    """The outputs of an archive file of ``row_type`` with ``terms`` (after ``id``), in a
    package whose core is of ``core_type``; ``agents``: the primary keys of the agents the
    dataset's metadata names, by name, for the roles the rows give them; ``humboldt``: the
    archive has a Humboldt file (its rows are the surveys)."""
    outputs: list[Output] = []
    if core_type == EVENT:
        if core and row_type == EVENT:
            outputs = [_event(terms), *_agent_roles("event", terms, agents, None)]
            if not humboldt:
                outputs += _event_surveys(terms)
        elif row_type == OCCURRENCE and not core:
            occurrence_at = _position(terms, "occurrenceID")
            outputs = [
                *_occurrence(terms),
                *_agent_roles("occurrence", terms, agents, occurrence_at),
            ]
        elif row_type in (MOF, EMOF) and not core:
            outputs = _assertions(terms)
        elif row_type == HUMBOLDT and not core:
            outputs = [_survey(terms), *_survey_targets(terms)]
        elif row_type == DNA and not core:
            outputs = _dna(terms)
    used = {t for o in outputs for t in o.terms}
    return FilePlan(outputs, [t for t in terms if t not in used])


def _event(terms: list[str]) -> Output:
    table = "event"
    pk = primary_key(table) or "event_pk"
    parent = foreign_key(table, table)
    own_id = _position(terms, "eventID")
    parent_at = _position(terms, "parentEventID")
    category_at = _position(terms, "eventCategory")
    taken = {"eventID", "eventCategory"}
    names, at, used = _picks(table, terms, {}, taken)
    keys = [pk, "eventID", "eventCategory"] + ([parent] if parent and parent_at is not None else [])

    def prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str]:
        category = _cell(cells, category_at) or DEFAULT_EVENT_CATEGORY
        out = [row_id, _cell(cells, own_id) or row_id, category]
        if len(keys) == 4:
            out.append(_cell(cells, parent_at))
        return out

    pick = _getter(at)
    own = itemgetter(own_id) if own_id is not None else None
    category = itemgetter(category_at) if category_at is not None else None
    parent_of = itemgetter(parent_at) if len(keys) == 4 and parent_at is not None else None

    def bulk(ids: Sequence[str], cells: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        event_ids = list(map(own, cells)) if own is not None else ids
        kinds = (
            [c or DEFAULT_EVENT_CATEGORY for c in map(category, cells)]
            if category is not None
            else [DEFAULT_EVENT_CATEGORY] * len(ids)
        )
        columns: list[Sequence[str]] = [
            ids,
            [e or i for e, i in zip(event_ids, ids, strict=True)],
            kinds,
        ]
        if parent_of is not None:
            columns.append(list(map(parent_of, cells)))
        return _joined(columns, at, cells)

    extra = [t for t in terms if local_name(t) in ("eventID", "parentEventID", "eventCategory")]
    output = Output(table, keys, names, prefix, pick, {0: "id"}, terms=used + extra, bulk=bulk)
    if parent and parent_at is not None:
        output.references[3] = table
    return output


# Event terms that DwC-DP keeps on the survey (the event's sampling), not the event.
SAMPLING = ("samplingProtocol", "sampleSizeValue", "sampleSizeUnit")


def _event_surveys(terms: list[str]) -> list[Output]:
    """Without a Humboldt file, an event's sampling protocol and sample size make its survey
    (one per event that has them, identified as the event)."""
    table = "survey"
    at = [i for i, t in enumerate(terms) if local_name(t) in SAMPLING]
    if not at or field_of(table, "samplingProtocol") is None:
        return []
    names = [local_name(terms[i]) for i in at]
    pick = itemgetter(*at)

    def prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str] | None:
        values = pick(cells)
        if not any(values if len(at) > 1 else (values,)):
            return None
        return [row_id, row_id, row_id]

    def mask(cells: Sequence[Sequence[str]]) -> list[bool]:
        return [any(v) for v in zip(*(map(itemgetter(i), cells) for i in at), strict=True)]

    def bulk(ids: Sequence[str], cells: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        return _joined([ids, ids, ids], at, cells)

    return [
        Output(
            table,
            [
                primary_key(table) or "survey_pk",
                "surveyID",
                foreign_key(table, "event") or "event_fk",
            ],
            names,
            prefix,
            pick,
            references={2: "event"},
            terms=[terms[i] for i in at],
            bulk=bulk,
            mask=mask,
        )
    ]


def _occurrence(terms: list[str]) -> list[Output]:
    table = "occurrence"
    pk = primary_key(table) or "occurrence_pk"
    event_fk = foreign_key(table, "event") or "event_fk"
    occ_at = _position(terms, "occurrenceID")
    names, at, used = _picks(table, terms, {}, {"occurrenceID"})
    # DwC-DP counts with organismQuantity: an individualCount is a quantity of individuals.
    count_at = _position(terms, "individualCount") if "organismQuantity" not in names else None
    keys = [pk, "occurrenceID", event_fk]
    if count_at is not None:
        keys += ["organismQuantity", "organismQuantityType"]
        kept = [j for j, n in enumerate(names) if n != "organismQuantityType"]
        names, at, used = [names[j] for j in kept], [at[j] for j in kept], [used[j] for j in kept]

    def prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str]:
        occurrence_id = _cell(cells, occ_at)
        if count_at is None:
            return [occurrence_id, occurrence_id, row_id]
        count = _cell(cells, count_at)
        return [occurrence_id, occurrence_id, row_id, count, "individuals" if count else ""]

    occurrence_of = itemgetter(occ_at) if occ_at is not None else None
    count_of = itemgetter(count_at) if count_at is not None else None

    def bulk(ids: Sequence[str], cells: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        found = list(map(occurrence_of, cells)) if occurrence_of else [""] * len(ids)
        columns: list[Sequence[str]] = [found, found, ids]
        if count_of is not None:
            counts = list(map(count_of, cells))
            columns += [counts, ["individuals" if c else "" for c in counts]]
        return _joined(columns, at, cells)

    extra = [terms[i] for i in (occ_at, count_at) if i is not None]
    occurrence = Output(
        table,
        keys,
        names,
        prefix,
        _getter(at),
        required={0: "occurrenceID"},
        references={2: "event"},
        terms=used + extra,
        key_sources={"organismQuantity": "individualCount"} if count_at is not None else {},
        bulk=bulk,
    )
    outputs = [occurrence]
    local = {local_name(t) for t in terms}
    if local & IDENTIFICATION_TERMS and "identification" in table_names():
        outputs.append(_identification(terms, occ_at))
    return outputs


def _identification(terms: list[str], occ_at: int | None) -> Output:
    table = "identification"
    pk = primary_key(table) or "identification_pk"
    based_on = foreign_key(table, "occurrence")
    own_at = _position(terms, "identificationID")
    names, at, used = _picks(table, terms, {}, {"identificationID"})

    def prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str] | None:
        occurrence_id = _cell(cells, occ_at)
        if not occurrence_id:
            return None  # said once, for the occurrence table
        own = _cell(cells, own_at) or occurrence_id + ":identification"
        return [own, own, occurrence_id] if based_on else [own, own]

    keys = [pk, "identificationID"] + ([based_on] if based_on else [])
    output = Output(table, keys, names, prefix, _getter(at), terms=used)
    if based_on:
        output.references[2] = "occurrence"
    return output


def _assertions(terms: list[str]) -> list[Output]:
    occ_at = _position(terms, "occurrenceID")
    outputs = []
    for table, parent in (("event-assertion", "event"), ("occurrence-assertion", "occurrence")):
        if parent == "occurrence" and occ_at is None:
            continue
        fk = foreign_key(table, parent) or parent + "_fk"
        names, at, used = _picks(table, terms, ASSERTION_FIELDS, set())

        def prefix(
            row_id: str,
            cells: Sequence[str],
            source: str,
            line: int,
            occurrence: bool = parent == "occurrence",
        ) -> list[str] | None:
            occurrence_id = _cell(cells, occ_at)
            if occurrence != bool(occurrence_id):
                return None  # an assertion about the occurrence when it names one
            return [occurrence_id or row_id]

        outputs.append(
            Output(table, [fk], names, prefix, _getter(at), references={0: parent}, terms=used)
        )
    if occ_at is not None:
        outputs[-1].terms.append(terms[occ_at])
    return outputs


def _survey(terms: list[str]) -> Output:
    table = "survey"
    pk = primary_key(table) or "survey_pk"
    event_fk = foreign_key(table, "event") or "event_fk"
    own_at = _position(terms, "surveyID")
    names, at, used = _picks(table, terms, {}, {"surveyID"})

    def prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str]:
        own = _cell(cells, own_at) or row_id
        return [own, own, row_id]

    return Output(
        table,
        [pk, "surveyID", event_fk],
        names,
        prefix,
        _getter(at),
        references={2: "event"},
        terms=used,
    )


# Humboldt's scopes: the kind of target (DwC-DP's ``surveyTargetType``), its terms for the
# values included and excluded, and whether the scope is fully reported.
SCOPES = (
    ("taxon", "targetTaxonomicScope", "excludedTaxonomicScope", "isTaxonomicScopeFullyReported"),
    (
        "lifeStage",
        "targetLifeStageScope",
        "excludedLifeStageScope",
        "isLifeStageScopeFullyReported",
    ),
    (
        "degreeOfEstablishment",
        "targetDegreeOfEstablishmentScope",
        "excludedDegreeOfEstablishmentScope",
        "isDegreeOfEstablishmentScopeFullyReported",
    ),
    (
        "growthForm",
        "targetGrowthFormScope",
        "excludedGrowthFormScope",
        "isGrowthFormScopeFullyReported",
    ),
    ("habitat", "targetHabitatScope", "excludedHabitatScope", ""),
)
LIST_SEPARATOR = "|"  # Humboldt lists: values separated by " | "
TRUE = frozenset(("true", "1", "yes"))


def _survey_targets(terms: list[str]) -> list[Output]:
    """A survey target per scope a Humboldt row gives (``<survey>:taxon``…), linked to its
    survey, and a descriptor per value it includes or excludes. A scope not said to be fully
    reported is not: absence cannot be inferred from it."""
    own_at = _position(terms, "surveyID")
    cap_at = _position(terms, "abundanceCap")
    scopes = [
        (kind, _position(terms, target), _position(terms, excluded), _position(terms, full))
        for kind, target, excluded, full in SCOPES
    ]
    scopes = [s for s in scopes if s[1] is not None or s[2] is not None]
    if not scopes:
        return []
    used = [terms[i] for s in scopes for i in s[1:] if i is not None] + (
        [terms[cap_at]] if cap_at is not None else []
    )

    def found(
        row_id: str, cells: Sequence[str]
    ) -> list[tuple[str, str, list[str], list[str], str]]:
        survey = _cell(cells, own_at) or row_id
        out = []
        for kind, target_at, excluded_at, full_at in scopes:
            included = _values(_cell(cells, target_at))
            excluded = _values(_cell(cells, excluded_at))
            if included or excluded:
                full = "true" if _cell(cells, full_at).strip().lower() in TRUE else "false"
                out.append((survey, kind, included, excluded, full))
        return out

    def targets(row_id: str, cells: Sequence[str]) -> list[Row]:
        cap = _cell(cells, cap_at)
        return [
            [
                "%s:%s" % (survey, kind),
                "%s:%s" % (survey, kind),
                full,
                cap if kind == "taxon" else "",
            ]
            for survey, kind, _inc, _exc, full in found(row_id, cells)
        ]

    def links(row_id: str, cells: Sequence[str]) -> list[Row]:
        return [[survey, "%s:%s" % (survey, kind)] for survey, kind, *_ in found(row_id, cells)]

    def descriptors(row_id: str, cells: Sequence[str]) -> list[Row]:
        rows = []
        for survey, kind, included, excluded, _full in found(row_id, cells):
            key = "%s:%s" % (survey, kind)
            rows += [[key, kind, value, "include"] for value in included]
            rows += [[key, kind, value, "exclude"] for value in excluded]
        return rows

    def never(row_id: str, cells: Sequence[str], source: str, line: int) -> None:
        return None

    target, link, descriptor = "survey-target", "survey-survey-target", "survey-target-descriptor"
    return [
        Output(
            target,
            [
                primary_key(target) or "surveyTarget_pk",
                "surveyTargetID",
                "isSurveyTargetFullyReported",
                "abundanceCap",
            ],
            [],
            never,
            None,
            terms=used,
            expand=_per_row(targets),
        ),
        Output(
            link,
            [
                foreign_key(link, "survey") or "survey_fk",
                foreign_key(link, target) or "surveyTarget_fk",
            ],
            [],
            never,
            None,
            references={0: "survey", 1: target},
            expand=_per_row(links),
        ),
        Output(
            descriptor,
            [
                foreign_key(descriptor, target) or "surveyTarget_fk",
                "surveyTargetType",
                "surveyTargetValue",
                "includeOrExclude",
            ],
            [],
            never,
            None,
            references={0: target},
            expand=_per_row(descriptors),
        ),
    ]


# The terms of a row that name agents, and the role they give them.
AGENT_TERMS = {"event": ("recordedBy",), "occurrence": ("recordedBy", "identifiedBy")}


def _agent_roles(
    parent: str, terms: list[str], agents: dict[str, str] | None, id_at: int | None
) -> list[Output]:
    """A role per agent of the metadata that a row names (``recordedBy``, a ``|`` list):
    ``event-agent-role`` or ``occurrence-agent-role``, in the order the row names them."""
    places = [(name, _position(terms, name)) for name in AGENT_TERMS[parent]]
    places = [(name, at) for name, at in places if at is not None]
    if not agents or not places:
        return []
    known = dict(agents)
    table = parent + "-agent-role"

    getters = [(role, itemgetter(at)) for role, at in places]
    key_of = itemgetter(id_at) if id_at is not None else None

    def roles(ids: Sequence[str], cells: Sequence[Sequence[str]]) -> list[Row]:
        rows: list[Row] = []
        for role, get in getters:
            values = list(map(get, cells))
            joined = "\x00".join(values)
            # Nearly every chunk: no value names an agent of the metadata, even in a list.
            if not any(name in joined for name in known):
                continue
            keys = list(map(key_of, cells)) if key_of is not None else ids
            for key, value in zip(keys, values, strict=True):
                if not key or not value:
                    continue
                names = _values(value) if LIST_SEPARATOR in value else [value]
                for order, name in enumerate(names, start=1):
                    agent = known.get(name)
                    if agent is not None:
                        rows.append([key, agent, role, str(order)])
        return rows

    def never(row_id: str, cells: Sequence[str], source: str, line: int) -> None:
        return None

    return [
        Output(
            table,
            [
                foreign_key(table, parent) or parent + "_fk",
                foreign_key(table, "agent") or "agent_fk",
                "agentRole",
                "agentRoleOrder",
            ],
            [],
            never,
            None,
            references={0: parent, 1: "agent"},
            expand=roles,
        )
    ]


def _per_row(
    rows_of: Callable[[str, Sequence[str]], list[Row]],
) -> Callable[[Sequence[str], Sequence[Sequence[str]]], list[Row]]:
    """A chunk's rows from a function giving an archive row's."""

    def expand(ids: Sequence[str], cells: Sequence[Sequence[str]]) -> list[Row]:
        return [row for i, c in zip(ids, cells, strict=True) for row in rows_of(i, c)]

    return expand


def _values(text: str) -> list[str]:
    return [v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()]


def _dna(terms: list[str]) -> list[Output]:
    """One molecular protocol, nucleotide analysis and (with a sequence) nucleotide
    sequence per DNA-derived data row, their ids made of the row's source and line."""
    sequence_at = next(
        (i for i, t in enumerate(terms) if local_name(t).lower() == "dna_sequence"), None
    )

    def generated(source: str, line: int) -> str:
        return "%s:%d" % (source, line)

    protocol = "molecular-protocol"
    p_names, p_at, p_used = _picks(protocol, terms, {}, set())

    def protocol_prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str]:
        return [generated(source, line)]

    outputs = [
        Output(
            protocol,
            [primary_key(protocol) or "molecularProtocol_pk"],
            p_names,
            protocol_prefix,
            _getter(p_at),
            terms=p_used,
        )
    ]
    sequence = "nucleotide-sequence"
    if sequence_at is not None:

        def sequence_prefix(
            row_id: str, cells: Sequence[str], source: str, line: int
        ) -> list[str] | None:
            value = _cell(cells, sequence_at)
            return [generated(source, line), value] if value else None

        outputs.append(
            Output(
                sequence,
                [primary_key(sequence) or "nucleotideSequence_pk", "sequence"],
                [],
                sequence_prefix,
                None,
                terms=[terms[sequence_at]],
            )
        )
    analysis = "nucleotide-analysis"
    a_names, a_at, a_used = _picks(analysis, terms, {}, set())
    a_keys = [
        primary_key(analysis) or "nucleotideAnalysis_pk",
        foreign_key(analysis, "event") or "event_fk",
        foreign_key(analysis, protocol) or "molecularProtocol_fk",
    ]
    seq_fk = foreign_key(analysis, sequence)
    with_sequence = sequence_at is not None and seq_fk is not None
    if with_sequence and seq_fk:
        a_keys.append(seq_fk)

    def analysis_prefix(row_id: str, cells: Sequence[str], source: str, line: int) -> list[str]:
        own = generated(source, line)
        out = [own, row_id, own]
        if with_sequence:
            out.append(own if _cell(cells, sequence_at) else "")
        return out

    references = {1: "event", 2: protocol}
    if with_sequence:
        references[3] = sequence
    outputs.append(
        Output(analysis, a_keys, a_names, analysis_prefix, _getter(a_at), references=references)
    )
    outputs[-1].terms = a_used
    return outputs


def descriptor_fields(table: str, names: list[str]) -> list[dict[str, Any]]:
    """The TDWG field descriptors of ``names``, in that order, as the descriptor lists
    them (copied from the table schema, as the guide asks)."""
    out = []
    for name in names:
        found = field_of(table, name)
        if found is None:
            raise KeyError("%s has no field %s" % (table, name))
        out.append(dict(found))
    return out


def schema_key_descriptor(table: str, present: set[str], fields: list[str]) -> dict[str, Any]:
    """``primaryKey`` and the ``foreignKeys`` of ``table`` between fields it has and tables
    the package has."""
    schema = table_schema(table)
    out: dict[str, Any] = {}
    pk = primary_key(table)
    if pk and pk in fields:
        out["primaryKey"] = [pk]
    keys = []
    for fk in schema.get("foreignKeys", []):
        names = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        target = fk["reference"]["resource"] or table
        if target in present and all(n in fields for n in names):
            reference = fk["reference"]
            refs = reference["fields"]
            keys.append(
                {
                    **fk,
                    "fields": names,  # arrays: what both Data Package versions accept
                    "reference": {
                        **reference,
                        "fields": refs if isinstance(refs, list) else [refs],
                    },
                }
            )
    if keys:
        out["foreignKeys"] = keys
    return out
