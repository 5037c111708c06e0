"""The builder's id rules, as GBIF's crawler applies them (registry-harvest contract C.2).

An Occurrence file passes when every occurrence has a unique occurrenceID, or when at most
25 % of the occurrences lack a complete institutionCode/collectionCode/catalogNumber triplet
and no two share one (parts taken from the core where the extension lacks them). Ids compare
exactly; ids that differ only by case are warned of, because the IPT ignores case.
"""

from __future__ import annotations

import gzip

from resources.dwca.build import build_archive
from resources.dwca.model import ArchiveFile, BuildOptions, Part

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
EVENT_ID, OCCURRENCE_ID = DWC + "eventID", DWC + "occurrenceID"
INSTITUTION, COLLECTION, CATALOGUE = (
    DWC + "institutionCode",
    DWC + "collectionCode",
    DWC + "catalogNumber",
)
EML = b"<?xml version='1.0' encoding='UTF-8'?><eml/>"


def _file(row_type, name, rows, *, core=False, terms=()):
    """An archive file of ``rows`` (dicts of term -> value, with "id" for the row's id); its
    terms are ``terms`` and those the rows use, in order of appearance."""
    terms = list(dict.fromkeys([*terms, *(t for row in rows for t in row if t != "id")]))
    cells = [
        (line, row["id"], tuple(row.get(t, "") for t in terms))
        for line, row in enumerate(rows, start=2)
    ]
    return ArchiveFile(row_type, name, terms, [Part(name, lambda: iter(cells))], core=core)


def _event(event_id, **terms):
    return {"id": event_id, EVENT_ID: event_id, **terms}


def _occurrence(event_id, occurrence_id, **terms):
    row = {"id": event_id, DWC + "basisOfRecord": "HumanObservation"}
    if occurrence_id is not None:
        row[OCCURRENCE_ID] = occurrence_id
    return {**row, **terms}


def _build(tmp_path, events, occurrences):
    files = [
        _file(EVENT, "event.txt", events, core=True),
        _file(OCCURRENCE, "occurrence.txt", occurrences, terms=[DWC + "basisOfRecord"]),
    ]
    return build_archive(
        workdir=tmp_path / "work",
        files=files,
        eml=EML,
        options=BuildOptions(),
        progress=lambda phase, done, total: None,
    )


def _entry(result, check):
    return next((c for c in result.report["checks"] if c["check"] == check and c["count"]), None)


def _flagged(result, check):
    with gzip.open(result.flagged, "rt", encoding="utf-8") as fh:
        rows = [line.split("\t") for line in fh.read().splitlines()[1:]]
    return [(int(row[2]), row[6]) for row in rows if row[3] == check]


def _catalogued(count, *, without_id):
    """``count`` occurrences of event e1, each with a complete unique triplet; the first
    ``without_id`` have no occurrenceID."""
    return [
        _occurrence(
            "e1",
            "" if i < without_id else "o%d" % i,
            **{INSTITUTION: "MNHN", COLLECTION: "BIRDS", CATALOGUE: "C%d" % i},
        )
        for i in range(count)
    ]


def test_occurrences_without_id_warn_that_gbif_drops_them_when_triplets_identify_them(
    tmp_path,
):
    occurrences = _catalogued(10, without_id=2)
    for row in occurrences[:2]:  # 20 % lack a triplet as well
        row[CATALOGUE] = ""

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert result.ok, result.report
    entry = _entry(result, "occurrence-id-missing")
    assert (entry["severity"], entry["count"]) == ("warning", 2)
    assert "GBIF will drop the 2 occurrences" in entry["samples"][0]["message"]
    assert _flagged(result, "occurrence-id-missing") == [(2, ""), (3, "")]
    assert _entry(result, "occurrence-ids-refused") is None


def test_occurrences_are_refused_when_30_percent_lack_both_id_and_triplet(tmp_path):
    occurrences = _catalogued(10, without_id=3)
    for row in occurrences[:3]:
        row[CATALOGUE] = ""

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert not result.ok
    entry = _entry(result, "occurrence-ids-refused")
    assert (entry["severity"], entry["count"]) == ("error", 1)
    assert entry["message"].startswith(
        "GBIF would refuse the whole dataset: 3 of 10 occurrences have no occurrenceID, "
        "3 lack a complete institutionCode/collectionCode/catalogNumber triplet (at most "
        "25 % may) and 0 repeat another's triplet."
    )
    assert "{eventID}:{scientificName}" in entry["message"]
    assert _entry(result, "occurrence-id-missing") is None


def test_an_occurrence_file_without_occurrence_id_or_triplets_is_refused(tmp_path):
    occurrences = [_occurrence("e1", None), _occurrence("e1", None)]

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert not result.ok
    assert (
        "2 of 2 occurrences have no occurrenceID, 2 lack"
        in (_entry(result, "occurrence-ids-refused")["message"])
    )


def test_repeated_triplets_refuse_occurrences_without_id(tmp_path):
    occurrences = _catalogued(10, without_id=1)
    occurrences[1][CATALOGUE] = occurrences[2][CATALOGUE]

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert not result.ok
    assert "and 1 repeat another's triplet" in _entry(result, "occurrence-ids-refused")["message"]


def test_triplet_parts_mapped_on_the_core_count_for_the_occurrences(tmp_path):
    events = [_event(e, **{INSTITUTION: "MNHN", COLLECTION: "BIRDS-" + e}) for e in ("e1", "e2")]
    occurrences = [
        _occurrence(e, "" if i < 3 else "o%d" % i, **{CATALOGUE: "C%d" % (i % 5)})
        for i, e in enumerate(["e1"] * 5 + ["e2"] * 5)
    ]

    with_core = _build(tmp_path / "core", events, occurrences)
    bare = [_event("e1"), _event("e2")]
    without_core = _build(tmp_path / "bare", bare, occurrences)

    assert with_core.ok, with_core.report
    assert _entry(with_core, "occurrence-id-missing")["count"] == 3
    assert not without_core.ok
    assert "10 lack a complete" in _entry(without_core, "occurrence-ids-refused")["message"]


def test_the_extensions_own_triplet_part_wins_over_the_cores(tmp_path):
    events = [_event("e1", **{INSTITUTION: "MNHN", COLLECTION: "BIRDS", CATALOGUE: "SAME"})]
    occurrences = [
        _occurrence("e1", "" if i < 2 else "o%d" % i, **{CATALOGUE: "C%d" % i if i else ""})
        for i in range(10)
    ]

    result = _build(tmp_path, events, occurrences)

    # Row 0 takes the core's SAME, the others their own numbers: all complete and unique.
    assert result.ok, result.report
    assert _entry(result, "occurrence-id-missing")["count"] == 2


def test_core_ids_that_differ_only_by_case_are_warned_of_naming_both(tmp_path):
    events = [_event("FISHES:1"), _event("fishes:1"), _event("fishes:2")]
    occurrences = [_occurrence("FISHES:1", "o1"), _occurrence("fishes:1", "o2")]

    result = _build(tmp_path, events, occurrences)

    assert result.ok, result.report
    entry = _entry(result, "core-id-case-duplicate")
    assert (entry["severity"], entry["count"]) == ("warning", 2)
    assert [s["message"] for s in entry["samples"]] == [
        "The core id FISHES:1 differs only by case from fishes:1. GBIF keeps them apart, but "
        "the IPT treats them as the same id: make them differ by more than case.",
        "The core id fishes:1 differs only by case from FISHES:1. GBIF keeps them apart, but "
        "the IPT treats them as the same id: make them differ by more than case.",
    ]
    assert _entry(result, "core-id-duplicate") is None


def test_exact_duplicate_core_ids_block_and_are_not_called_case_duplicates(tmp_path):
    events = [_event("e1"), _event("e1")]

    result = _build(tmp_path, events, [_occurrence("e1", "o1")])

    assert not result.ok
    assert _entry(result, "core-id-duplicate")["count"] == 2
    assert _entry(result, "core-id-case-duplicate") is None


def test_occurrence_ids_that_differ_only_by_case_are_warned_of(tmp_path):
    occurrences = [_occurrence("e1", "Obs-1"), _occurrence("e1", "OBS-1"), _occurrence("e1", "x")]

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert result.ok, result.report
    entry = _entry(result, "occurrence-id-case-duplicate")
    assert [(s["line"], s["value"]) for s in entry["samples"]] == [(2, "Obs-1"), (3, "OBS-1")]
    assert "from OBS-1." in entry["samples"][0]["message"]
    assert _entry(result, "occurrence-id-duplicate") is None


def test_exact_duplicate_occurrence_ids_still_block(tmp_path):
    occurrences = [_occurrence("e1", "o1"), _occurrence("e1", "o1"), _occurrence("e1", "O1")]

    result = _build(tmp_path, [_event("e1")], occurrences)

    assert not result.ok
    assert _entry(result, "occurrence-id-duplicate")["count"] == 2
    assert _entry(result, "occurrence-id-case-duplicate")["count"] == 3


def test_an_empty_occurrence_file_is_accepted(tmp_path):
    result = _build(tmp_path, [_event("e1")], [])

    assert result.ok, result.report
    assert _entry(result, "occurrence-ids-refused") is None


def test_an_event_core_alone_needs_unique_ids_as_gbif_crawls_it(tmp_path):
    files = [
        _file(
            EVENT,
            "event.txt",
            [_event("e1"), _event("e1"), _event("", **{DWC + "eventDate": "2020"})],
            core=True,
        )
    ]

    result = build_archive(
        workdir=tmp_path / "work",
        files=files,
        eml=EML,
        options=BuildOptions(),
        progress=lambda phase, done, total: None,
    )

    assert not result.ok
    assert _entry(result, "core-id-duplicate")["count"] == 2
    assert _entry(result, "core-id-missing")["count"] == 1
