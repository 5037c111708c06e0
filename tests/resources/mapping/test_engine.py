"""The mapping engine: values, defaults, templates, constants, translations, filters, errors."""

from __future__ import annotations

import pytest

from resources.mapping import FieldRule, Filter, MappingError, MappingSpec, compile_mapping
from resources.sources.model import Row

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENT = DWC + "Event"
COLUMNS = ["eventID", "scientificName", "basis", "count"]
ROWS = [
    Row(2, ("ev1", "Aedes albopictus", "preserved specimen", "3")),
    Row(3, ("ev2", "", "Human observation", "")),
    Row(4, ("ev3", "Culex pipiens", "", "12")),
]


def run(fields, filters=(), rows=ROWS, columns=COLUMNS, id_column="eventID"):
    spec = MappingSpec(
        row_type=EVENT, id_column=id_column, fields=list(fields), filters=list(filters)
    )
    return list(compile_mapping(spec, columns).map(rows))


def test_column_values_are_copied_with_the_line_and_the_row_id():
    out = run([FieldRule(DWC + "scientificName", column="scientificName")])
    assert [(r.line, r.id) for r in out] == [(2, "ev1"), (3, "ev2"), (4, "ev3")]
    assert [r.values for r in out] == [
        {DWC + "scientificName": "Aedes albopictus"},
        {DWC + "scientificName": ""},
        {DWC + "scientificName": "Culex pipiens"},
    ]


def test_values_are_not_trimmed():
    out = run([FieldRule(DWC + "locality", column="eventID")], rows=[Row(2, (" a ", "", "", ""))])
    assert out[0].values[DWC + "locality"] == " a "


def test_a_short_row_gives_empty_values_for_its_missing_cells():
    out = run([FieldRule(DWC + "individualCount", column="count")], rows=[Row(2, ("ev1",))])
    assert out[0].values == {DWC + "individualCount": ""}


def test_default_replaces_only_empty_cells():
    out = run([FieldRule(DWC + "individualCount", column="count", default="1")])
    assert [r.values[DWC + "individualCount"] for r in out] == ["3", "1", "12"]


def test_constant_is_written_on_every_row():
    out = run([FieldRule(DWC + "continent", constant="Europe")])
    assert {r.values[DWC + "continent"] for r in out} == {"Europe"}


def test_template_composes_columns_and_keeps_literal_braces():
    rule = FieldRule(DWC + "occurrenceID", template="{eventID}:{scientificName} {{x}}")
    out = run([rule])
    assert out[0].values[DWC + "occurrenceID"] == "ev1:Aedes albopictus {x}"
    assert out[1].values[DWC + "occurrenceID"] == "ev2: {x}"


def test_template_accepts_column_names_with_spaces_and_colons():
    out = run(
        [FieldRule(DWC + "locality", template="<{site: name}>")],
        columns=["eventID", "site: name"],
        rows=[Row(2, ("e", "Gent"))],
    )
    assert out[0].values[DWC + "locality"] == "<Gent>"


def test_template_result_takes_the_default_when_empty():
    out = run([FieldRule(DWC + "locality", template="{scientificName}", default="unknown")])
    assert out[1].values[DWC + "locality"] == "unknown"


def test_translations_map_source_values_and_leave_others_unchanged():
    rule = FieldRule(
        DWC + "basisOfRecord",
        column="basis",
        translations={"preserved specimen": "PreservedSpecimen"},
    )
    out = run([rule])
    assert [r.values[DWC + "basisOfRecord"] for r in out] == [
        "PreservedSpecimen",
        "Human observation",
        "",
    ]


def test_translation_to_empty_falls_back_to_the_default():
    rule = FieldRule(
        DWC + "basisOfRecord",
        column="basis",
        default="Occurrence",
        translations={"Human observation": ""},
    )
    out = run([rule])
    assert [r.values[DWC + "basisOfRecord"] for r in out] == [
        "preserved specimen",
        "Occurrence",
        "Occurrence",
    ]


def test_row_without_id_column_has_an_empty_id():
    out = run([FieldRule(DWC + "continent", constant="Europe")], id_column=None)
    assert {r.id for r in out} == {""}


BASIS = FieldRule(
    DWC + "basisOfRecord",
    column="basis",
    translations={"preserved specimen": "PreservedSpecimen", "": "Unknown"},
)


@pytest.mark.parametrize(
    ("op", "value", "before", "after"),
    [
        ("equals", "preserved specimen", ["ev1"], []),
        ("not_equals", "preserved specimen", ["ev2", "ev3"], ["ev1", "ev2", "ev3"]),
        ("empty", "", ["ev3"], []),
        ("not_empty", "", ["ev1", "ev2"], ["ev1", "ev2", "ev3"]),
        ("in", ["PreservedSpecimen", "Unknown"], [], ["ev1", "ev3"]),
        ("regex", "^preserved", ["ev1"], []),
        ("regex", "Specimen$", [], ["ev1"]),
    ],
)
def test_each_filter_op_before_and_after_translation(op, value, before, after):
    def ids(after_translation):
        column = BASIS.term if after_translation else "basis"
        flt = Filter(column=column, op=op, value=value, after_translation=after_translation)
        return [r.id for r in run([BASIS], [flt])]

    assert ids(False) == before
    assert ids(True) == after


def test_in_filter_accepts_a_single_text():
    out = run([BASIS], [Filter("eventID", "in", "ev2")])
    assert [r.id for r in out] == ["ev2"]


def test_filters_are_combined_with_and():
    filters = [Filter("scientificName", "not_empty"), Filter("count", "regex", r"^\d$")]
    assert [r.id for r in run([BASIS], filters)] == ["ev1"]


def test_filter_after_translation_sees_the_default():
    rule = FieldRule(DWC + "individualCount", column="count", default="1")
    flt = Filter(DWC + "individualCount", "equals", "1", after_translation=True)
    assert [r.id for r in run([rule], [flt])] == ["ev2"]


@pytest.mark.parametrize(
    ("fields", "filters", "code"),
    [
        ([FieldRule(DWC + "a", column="nope")], [], "mapping:column"),
        ([FieldRule(DWC + "a", template="{eventID}-{nope}")], [], "mapping:column"),
        ([FieldRule(DWC + "a", template="{eventID")], [], "mapping:template"),
        ([FieldRule(DWC + "a", template="x{}")], [], "mapping:template"),
        ([FieldRule(DWC + "a")], [], "mapping:rule"),
        ([FieldRule(DWC + "a", column="basis", constant="x")], [], "mapping:rule"),
        (
            [FieldRule(DWC + "a", column="basis"), FieldRule(DWC + "a", constant="x")],
            [],
            "mapping:duplicate-term",
        ),
        ([], [Filter("nope", "equals", "x")], "mapping:column"),
        ([], [Filter("basis", "like", "x")], "mapping:filter"),
        ([], [Filter("basis", "regex", "(")], "mapping:filter"),
        ([], [Filter(DWC + "a", "empty", after_translation=True)], "mapping:filter"),
    ],
)
def test_compile_rejects_an_invalid_spec_with_a_stable_code(fields, filters, code):
    with pytest.raises(MappingError) as caught:
        run(fields, filters)
    assert caught.value.code == code
    assert caught.value.message


def test_compile_rejects_an_id_column_the_source_lacks():
    with pytest.raises(MappingError) as caught:
        run([], id_column="occurrenceID")
    assert caught.value.code == "mapping:column"
    assert caught.value.details == {"column": "occurrenceID"}


def test_mapper_lists_its_terms_in_rule_order():
    spec = MappingSpec(
        EVENT,
        "eventID",
        [FieldRule(DWC + "b", constant="1"), FieldRule(DWC + "a", column="basis")],
        [],
    )
    assert compile_mapping(spec, COLUMNS).terms == [DWC + "b", DWC + "a"]


# --- date formats ------------------------------------------------------------------------------

DATED_ROWS = [
    Row(2, ("ev1", "31/12/2024", "", "")),
    Row(3, ("ev2", "2024-05-01", "", "")),
    Row(4, ("ev3", "", "", "")),
    Row(5, ("ev4", "someday", "", "")),
    Row(6, ("ev5", "01/05/2024/03/05/2024", "", "")),
]


def dated_mapper():
    rule = FieldRule(DWC + "eventDate", column="scientificName", date_format="DD/MM/YYYY")
    spec = MappingSpec(row_type=EVENT, id_column="eventID", fields=[rule])
    return compile_mapping(spec, COLUMNS)


def test_a_date_format_writes_fitting_values_as_iso_and_counts_them():
    mapper = dated_mapper()
    out = [r.values[DWC + "eventDate"] for r in mapper.map(DATED_ROWS)]
    assert out == ["2024-12-31", "2024-05-01", "", "someday", "2024-05-01/2024-05-03"]
    assert mapper.date_conversions == {DWC + "eventDate": 2}


def test_the_archive_path_converts_the_same_and_counts_each_pass_afresh():
    mapper = dated_mapper()
    terms = [DWC + "eventDate"]
    for _ in range(2):
        cells = [(row.line, list(row.values)) for row in DATED_ROWS]
        out = [values[0] for _line, _id, values in mapper.cells(cells, terms)]
        assert out == ["2024-12-31", "2024-05-01", "", "someday", "2024-05-01/2024-05-03"]
        assert mapper.date_conversions == {DWC + "eventDate": 2}


def _chunks(rows, size):
    cells = [(row.line, list(row.values)) for row in rows]
    return [cells[i : i + size] for i in range(0, len(cells), size)]


@pytest.mark.parametrize(
    "fields, filters",
    [
        ([FieldRule(DWC + "scientificName", column="scientificName")], []),  # plain columns
        ([FieldRule(DWC + "individualCount", column="count", default="1")], []),
        (
            [FieldRule(DWC + "scientificName", column="scientificName")],
            [Filter("count", "not_empty")],
        ),
        ([FieldRule(DWC + "basisOfRecord", constant="HumanObservation")], []),
    ],
)
def test_the_chunks_of_a_block_reader_map_as_rows_do(fields, filters):
    rows = [*ROWS, Row(5, ("ev4", "Bufo bufo")), Row(6, ("ev5", "x", "y", "4", "extra"))]
    spec = MappingSpec(row_type=EVENT, id_column="eventID", fields=fields, filters=filters)
    terms = [DWC + "scientificName", DWC + "individualCount", DWC + "basisOfRecord"]
    one_by_one = list(compile_mapping(spec, COLUMNS).cells(_chunks(rows, 99)[0], terms))
    for size in (1, 2, 5):
        mapper = compile_mapping(spec, COLUMNS)
        chunks = list(mapper.cell_chunks(_chunks(rows, size), terms))
        assert [len(chunk) for chunk in chunks[:-1]] == [size] * (len(chunks) - 1) or filters
        assert [row for chunk in chunks for row in chunk] == one_by_one


def test_chunks_count_date_conversions_once_per_pass():
    mapper = dated_mapper()
    for _ in range(2):
        chunks = mapper.cell_chunks(_chunks(DATED_ROWS, 2), [DWC + "eventDate"])
        out = [values[0] for chunk in chunks for _line, _id, values in chunk]
        assert out == ["2024-12-31", "2024-05-01", "", "someday", "2024-05-01/2024-05-03"]
        assert mapper.date_conversions == {DWC + "eventDate": 2}


def test_without_a_date_format_dates_are_written_as_they_are():
    out = run([FieldRule(DWC + "eventDate", column="scientificName")], rows=DATED_ROWS)
    assert out[0].values[DWC + "eventDate"] == "31/12/2024"
