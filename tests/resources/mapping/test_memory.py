"""Mapping streams: a million rows are mapped in constant memory."""

from __future__ import annotations

import tracemalloc
from collections import deque

from resources.mapping import FieldRule, Filter, MappingSpec, compile_mapping
from resources.sources.model import Row

DWC = "http://rs.tdwg.org/dwc/terms/"
ROWS = 1_000_000


def generated_rows(count):
    for i in range(count):
        yield Row(i + 2, ("ev%d" % i, "Aedes albopictus", "preserved specimen" if i % 2 else ""))


def test_mapping_a_million_rows_stays_in_constant_memory():
    spec = MappingSpec(
        row_type=DWC + "Event",
        id_column="eventID",
        fields=[
            FieldRule(DWC + "eventID", column="eventID"),
            FieldRule(DWC + "occurrenceID", template="{eventID}:{name}"),
            FieldRule(
                DWC + "basisOfRecord",
                column="basis",
                default="Occurrence",
                translations={"preserved specimen": "PreservedSpecimen"},
            ),
            FieldRule(DWC + "continent", constant="Europe"),
        ],
        filters=[
            Filter("name", "not_empty"),
            Filter(
                DWC + "basisOfRecord",
                "in",
                ["PreservedSpecimen", "Occurrence"],
                after_translation=True,
            ),
        ],
    )
    mapper = compile_mapping(spec, ["eventID", "name", "basis"])
    tracemalloc.start()
    try:
        last = deque(mapper.map(generated_rows(ROWS)), maxlen=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert last[0].id == "ev%d" % (ROWS - 1)
    assert last[0].values[DWC + "basisOfRecord"] == "PreservedSpecimen"
    assert peak < 1_000_000, "peak %d bytes: mapping keeps rows in memory" % peak
