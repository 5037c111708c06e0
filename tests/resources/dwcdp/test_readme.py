"""The README's DwC-DP mapping table says what ``plan_file`` does with the real extension
definitions: the figures it gives and the keys it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resources.dwcdp.tables import (
    DNA,
    EMOF,
    EVENT,
    HUMBOLDT,
    MOF,
    OCCURRENCE,
    local_name,
    plan_file,
)
from tests.conftest import TEST_DATA

README = Path(__file__).resolve().parents[3] / "README.md"
X = TEST_DATA / "extensions"
DEFINITIONS = {
    EVENT: (X / "core" / "dwc_event_2025-07-10.xml", True),
    OCCURRENCE: (X / "core" / "dwc_occurrence_2025-07-10.xml", False),
    MOF: (X / "extension" / "dwc" / "measurements_or_facts_2025-07-10.xml", False),
    EMOF: (X / "extension" / "obis" / "extended_measurement_or_fact_2023-08-28.xml", False),
    HUMBOLDT: (X / "extension" / "eco" / "humboldt_2025-07-10.xml", False),
    DNA: (X / "extension" / "gbif" / "1.0" / "dna_derived_data_2024-07-11.xml", False),
}


def _terms(path: Path) -> list[str]:
    return re.findall(r"qualName=\s*['\"]([^'\"]+)['\"]", path.read_text(encoding="utf-8"))


def _outputs(row_type: str, humboldt: bool = True) -> dict[str, object]:
    path, core = DEFINITIONS[row_type]
    terms = _terms(path)
    plan = plan_file(
        row_type, terms, core=core, core_type=EVENT, agents={"A": "a"}, humboldt=humboldt
    )
    return {"terms": terms, **{o.table: o for o in plan.outputs}}


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("### Darwin Core Data Package") : text.index("## Public portal")]


@pytest.mark.parametrize(
    ("claim", "row_type", "table", "expected"),
    [
        ("other terms of the event table (62 of the Event core's 97)", EVENT, "event", (62, 97)),
        ("other terms of the occurrence table (35)", OCCURRENCE, "occurrence", (35, None)),
        ("the identification table's terms (37)", OCCURRENCE, "identification", (37, None)),
        ("other terms of the survey table (37 of 57)", HUMBOLDT, "survey", (37, 57)),
        ("its MIxS terms by URI: 121 of 123", DNA, "molecular-protocol", (121, 123)),
    ],
)
def test_the_figures_of_the_mapping_table_are_the_plans(claim, row_type, table, expected):
    assert claim in _section()
    found = _outputs(row_type)
    output = found[table]
    terms = found["terms"]
    names = {local_name(t) for t in terms}  # type: ignore[union-attr]
    picked = output.picked  # type: ignore[attr-defined]
    if row_type == DNA:  # MIxS terms are named by a number: matched by URI
        assert len(picked) == expected[0] and "samp_name" in picked
    else:
        assert len([n for n in picked if n in names]) == expected[0]
    if expected[1] is not None:
        assert len(terms) == expected[1]  # type: ignore[arg-type]


def test_the_keys_the_table_names_are_the_plans():
    section = _section()
    event = _outputs(EVENT)["event"]
    assert event.keys == ["event_pk", "eventID", "eventCategory", "parentEvent_fk"]  # type: ignore[attr-defined]
    assert "`event.event_pk`, `event.eventID`" in section
    occurrence = _outputs(OCCURRENCE)["occurrence"]
    assert occurrence.keys[:3] == ["occurrence_pk", "occurrenceID", "event_fk"]  # type: ignore[attr-defined]
    for table in ("event-assertion", "occurrence-assertion"):
        assert table in _outputs(EMOF)
    assert list(_outputs(MOF)) == ["terms", "event-assertion"]  # no occurrenceID: events only
    humboldt = _outputs(HUMBOLDT)
    assert {"survey", "survey-target", "survey-survey-target", "survey-target-descriptor"} <= set(
        humboldt
    )
    assert "survey" in _outputs(EVENT, humboldt=False)
    assert "survey" not in _outputs(EVENT, humboldt=True)
    dna = _outputs(DNA)
    assert {"molecular-protocol", "nucleotide-sequence", "nucleotide-analysis"} <= set(dna)
    for name in ("occurrence-agent-role", "identification"):
        assert name in _outputs(OCCURRENCE)
    # The Event core definition has no recordedBy: a mapping that gives one gets the roles.
    terms = [*_terms(DEFINITIONS[EVENT][0]), "http://rs.tdwg.org/dwc/terms/recordedBy"]
    plan = plan_file(EVENT, terms, core=True, core_type=EVENT, agents={"A": "a"})
    assert "event-agent-role" in {o.table for o in plan.outputs}
