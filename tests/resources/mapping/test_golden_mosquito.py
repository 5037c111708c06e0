"""Golden test: the mosquito surveillance sources, mapped, give the published IPT archive.

The four processed CSVs are mapped with auto-mapping plus the choices the archive implies:
for the trap events ``locationID`` takes ``siteCode`` and ``continent`` the constant
``Europe``; occurrences take the event id (``eventID``) as core id. The archive's event.txt
and occurrence.txt are each the union of two sources' rows, compared per row and per term.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from catalogue.definitions.builtin import builtin_extensions
from resources.mapping import FieldRule, MappingSpec, automap, compile_mapping
from resources.mapping.automap import DC_ELEMENTS, DC_TERMS
from tests.conftest import TEST_DATA
from tests.resources.mapping.archives import TEXT, read_dwca_text, table

DATASET = TEST_DATA / "datasets" / "event" / "exotic-mosquito-surveillance-belgium"
PROCESSED = DATASET / "source" / "processed"
DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"

SOURCES = {
    "event": {
        "larvalSampling_events.csv": [],
        "TrapsSampling_events.csv": [
            FieldRule(DWC + "locationID", column="siteCode"),
            FieldRule(DWC + "continent", constant="Europe"),
        ],
    },
    "occurrence": {"larvalSampling_occurrences.csv": [], "TrapsSampling_occurrences.csv": []},
}
# Rows are keyed by their own identifier: occurrences share their core id (the event).
KEY_TERM = {"event": DWC + "eventID", "occurrence": DWC + "occurrenceID"}


def same_term(term: str) -> str:
    # The built-in cores define type and language in dc elements; the 2018 archive wrote
    # them in dc terms. They are the same Dublin Core term for this comparison.
    return term.replace(DC_ELEMENTS, DC_TERMS)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mosquito")
    with zipfile.ZipFile(DATASET / "dwca-exotic-mosquito-surveillance-belgium.zip") as zipped:
        zipped.extractall(folder)
    return folder


def published(folder: Path, kind: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The archive's rows of one file: key -> (id or core id, term -> value)."""
    meta = etree.parse(str(folder / "meta.xml")).getroot()
    element = next(
        e for e in meta if e.findtext(TEXT + "files/" + TEXT + "location") == kind + ".txt"
    )
    terms = {int(f.get("index")): f.get("term") for f in element.iter(TEXT + "field")}
    _, rows = read_dwca_text(folder / (kind + ".txt"))
    found = {}
    for cells in rows:
        values = {same_term(terms[i]): cells[i] for i in terms}
        found[values[KEY_TERM[kind]]] = (cells[0], values)
    assert len(found) == len(rows), "row keys are not unique in the archive"
    return found


def mapped(kind: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The sources of one file mapped: key -> (id or core id, term -> value)."""
    extension = builtin_extensions()[kind][0]
    found: dict[str, tuple[str, dict[str, str]]] = {}
    count = 0
    for name, manual in SOURCES[kind].items():
        source = table(PROCESSED / name)
        auto = automap(source.columns, extension, core_row_type=EVENT)
        spec = MappingSpec(extension.row_type, auto.id_column, auto.fields + manual, [])
        for row in compile_mapping(spec, source.columns).map(source.rows()):
            values = {same_term(term): value for term, value in row.values.items()}
            found[values[KEY_TERM[kind]]] = (row.id, values)
            count += 1
    assert len(found) == count, "row keys are not unique in the sources"
    return found


def differences(expected, actual) -> list[tuple[str, str, str, str]]:
    """(key, term, expected, actual) for each id or value that differs; an absent term is
    compared as empty, as an archive column left empty for one source's rows."""
    found = []
    for key, (expected_id, expected_values) in expected.items():
        actual_id, actual_values = actual[key]
        if actual_id != expected_id:
            found.append((key, "id", expected_id, actual_id))
        for term in expected_values.keys() | actual_values.keys():
            want, got = expected_values.get(term), actual_values.get(term, "")
            if want != got:
                found.append((key, term, str(want), got))
    return found


@pytest.mark.parametrize("kind", ["event", "occurrence"])
def test_mapped_sources_equal_the_published_archive(archive, kind):
    expected, actual = published(archive, kind), mapped(kind)
    assert sorted(actual) == sorted(expected)
    assert differences(expected, actual)[:20] == []


def test_automap_leaves_only_the_columns_the_archive_did_not_publish():
    extension = builtin_extensions()["event"][0]
    columns = table(PROCESSED / "TrapsSampling_events.csv").columns
    assert automap(columns, extension).unmapped == ["subsiteCode", "siteCode", "TrapCode"]
    columns = table(PROCESSED / "larvalSampling_events.csv").columns
    assert automap(columns, extension).unmapped == ["dateIdentified", "comments"]
