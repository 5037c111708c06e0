"""Every tabular file of the reference datasets is sniffed and read as its producer meant.

Expected row counts come from PROVENANCE.md and are cross-checked with an independent count
(the csv module with the known dialect, or the sheet XML), not only with the reader.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from resources.sources import FileSpec, analyse, list_sheets, open_table, sniff, unpack
from tests.conftest import TEST_DATA
from tests.resources.sources.workbooks import xlsx_rows_with_values

DATASETS = TEST_DATA / "datasets"
MOSQUITO = DATASETS / "event" / "exotic-mosquito-surveillance-belgium"
ACCESS = MOSQUITO / "source" / "raw-access-export"
FORMICA = DATASETS / "event" / "formica-veg-releve"
TEMPLATES = DATASETS / "source-templates" / "ipt-excel-templates"
TAB, SEMI = "\t", ";"

# path, encoding, delimiter, quotechar, header, first columns, data rows
TEXT_FILES = [
    # MS Access exports: ";" and every text field quoted. Three hold only ASCII bytes, which
    # is valid UTF-8 (and reads the same in Windows-1252); the others are Windows-1252.
    (
        ACCESS / "Larval Sampling.txt",
        "cp1252",
        SEMI,
        '"',
        True,
        ["Sampling Code", "Subsite Code", "Site Code", "Breeding site Code"],
        265,
    ),
    (
        ACCESS / "Identification larval sampling.txt",
        "utf-8",
        SEMI,
        '"',
        True,
        ["Tube number", "Sampling Code", "Breeding Site Code"],
        298,
    ),
    (
        ACCESS / "Sampling MMLP.txt",
        "cp1252",
        SEMI,
        '"',
        True,
        ["Sampling Code", "Site Code", "Trap Code", "Start Date"],
        88,
    ),
    (
        ACCESS / "Identification MMLP.txt",
        "utf-8",
        SEMI,
        '"',
        True,
        ["Tube Number", "Sampling Code", "Genus", "Species"],
        809,
    ),
    (
        ACCESS / "Sampling ovitraps.txt",
        "cp1252",
        SEMI,
        '"',
        True,
        ["Sampling Code", "Subsite Code", "Site Code", "Trap Code"],
        542,
    ),
    (
        ACCESS / "Identification ovitraps.txt",
        "utf-8",
        SEMI,
        '"',
        True,
        ["Tube number", "Sampling Code", "Subsite Code"],
        41,
    ),
    (
        ACCESS / "Site Form.txt",
        "cp1252",
        SEMI,
        '"',
        True,
        ["Site Code", "Site Name", "Address", "Municipality"],
        24,
    ),
    (
        ACCESS / "Subsite Form.txt",
        "cp1252",
        SEMI,
        '"',
        True,
        ["Subsite code", "Site Code", "Adress", "Municipality"],
        56,
    ),
    (
        MOSQUITO / "source" / "processed" / "larvalSampling_events.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "type", "language"],
        147,
    ),
    (
        MOSQUITO / "source" / "processed" / "TrapsSampling_events.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "license", "institutionCode"],
        95,
    ),
    (
        MOSQUITO / "source" / "processed" / "larvalSampling_occurrences.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["occurrenceID", "type", "basisOfRecord"],
        298,
    ),
    (
        MOSQUITO / "source" / "processed" / "TrapsSampling_occurrences.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["occurrenceID", "type", "eventID"],
        850,
    ),
    (FORMICA / "event.csv", "utf-8", ",", '"', True, ["type", "language", "license"], 225),
    (FORMICA / "occurrence.csv", "utf-8", ",", '"', True, ["language", "type", "license"], 4187),
    (
        FORMICA / "releve.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "project", "coverTotalInPercentage"],
        225,
    ),
    (
        DATASETS / "event" / "lepidurus-arcticus-ne-greenland-2013" / "event.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "eventID", "samplingProtocol"],
        30,
    ),
    (
        DATASETS / "event" / "lepidurus-arcticus-ne-greenland-2013" / "occurrence.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "institutionCode", "collectionCode"],
        1,
    ),
    (
        DATASETS / "event" / "lepidurus-arcticus-ne-greenland-2013" / "measurementorfact.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "measurementType", "measurementValue"],
        1,
    ),
    (
        DATASETS / "event" / "sib-aves-humedales-bogota" / "event.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "institutionCode", "eventID"],
        2,
    ),
    (
        DATASETS / "event" / "sib-aves-humedales-bogota" / "occurrence.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "type", "language"],
        4,
    ),
    (
        DATASETS / "event" / "synthetic-ala-event-hierarchy-dr18391" / "event.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "eventType", "parentEventID"],
        10,
    ),
    (
        DATASETS / "event" / "synthetic-ala-event-hierarchy-dr18391" / "occurrence.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["occurrenceID", "eventID", "basisOfRecord"],
        5,
    ),
    (
        DATASETS / "event" / "synthetic-ala-event-hierarchy-dr18391" / "measurementorfact.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "occurrenceID", "measurementID"],
        4,
    ),
    (
        DATASETS / "extension-samples" / "humboldt-broke-west-fish" / "2024-05-14_humboldt.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["eventID", "samplingPerformedBy", "ecoiri:samplingPerformedBy"],
        1376,
    ),
    (
        DATASETS / "occurrence" / "canadensys-megachile-chomskyi" / "occurrence.txt",
        "utf-8",
        TAB,
        None,
        True,
        ["id", "type", "language"],
        19,
    ),
    (
        DATASETS / "flat" / "pond-survey-flat.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["site", "eventDate", "samplingProtocol"],
        24,
    ),
    (
        DATASETS / "dwc-dp" / "neon-fish" / "dnaDerivedData.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "samp_name", "occurrenceID"],
        11,
    ),
    (
        DATASETS / "dwc-dp" / "neon-fish" / "event.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["eventID", "parentEventID", "eventType"],
        44,
    ),
    (
        DATASETS / "dwc-dp" / "neon-fish" / "extendedMeasurementOrFact.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["measurementID", "occurrenceID", "measurementType"],
        2332,
    ),
    (
        DATASETS / "dwc-dp" / "neon-fish" / "occurrence.csv",
        "utf-8",
        ",",
        '"',
        True,
        ["occurrenceID", "eventID", "basisOfRecord"],
        676,
    ),
]

# zip, member, delimiter, header, first columns, data rows (all UTF-8, tab, unquoted)
ZIP_MEMBERS = [
    (
        "event/nsbs-north-sea-benthos-survey/dwca-nsbs-v1.6.zip",
        "event.txt",
        True,
        ["id", "type", "datasetName"],
        1429,
    ),
    (
        "event/nsbs-north-sea-benthos-survey/dwca-nsbs-v1.6.zip",
        "occurrence.txt",
        True,
        ["id", "basisOfRecord", "occurrenceID"],
        16846,
    ),
    (
        "event/nsbs-north-sea-benthos-survey/dwca-nsbs-v1.6.zip",
        "extendedmeasurementorfact.txt",
        True,
        ["id", "occurrenceID", "measurementType"],
        22123,
    ),
    (
        "event/exotic-mosquito-surveillance-belgium/dwca-exotic-mosquito-surveillance-belgium.zip",
        "event.txt",
        True,
        ["id", "type", "language"],
        242,
    ),
    (
        "event/exotic-mosquito-surveillance-belgium/dwca-exotic-mosquito-surveillance-belgium.zip",
        "occurrence.txt",
        True,
        ["id", "type", "basisOfRecord"],
        1148,
    ),
    (
        "event/mgnify-MGYS00002488/MGYS00002488.zip",
        "event.txt",
        False,
        ["column_1", "column_2", "column_3"],
        28,
    ),
    (
        "event/mgnify-MGYS00002488/MGYS00002488.zip",
        "occurrence.txt",
        False,
        ["column_1", "column_2", "column_3"],
        3637,
    ),
    (
        "event/vertnet-ipt-event-test/dwca-event_test-v1.0.zip",
        "event.txt",
        True,
        ["id", "type", "eventID"],
        1,
    ),
    (
        "event/vertnet-ipt-event-test/dwca-event_test-v1.0.zip",
        "occurrence.txt",
        True,
        ["id", "type", "basisOfRecord"],
        3,
    ),
    (
        "event/vertnet-ipt-event-test/dwca-event_test-v1.0.zip",
        "resourcerelationship.txt",
        True,
        ["id", "resourceID", "relatedResourceID"],
        6,
    ),
    (
        "event/vertnet-ipt-event-test/dwca-event_test-v1.0.zip",
        "extendedmeasurementorfact.txt",
        True,
        ["id", "occurrenceID", "measurementValue"],
        3,
    ),
    ("event/ipt-test-event/dwca-1.0.zip", "event.txt", True, ["id", "eventID"], 2),
    ("event/ipt-test-event/dwca-1.0.zip", "occurrence.txt", True, ["id", "basisOfRecord"], 2),
    (
        "occurrence/modirisk-monitoring-2/dwca-modirisk-monitoring-2-v3.5.zip",
        "occurrence.txt",
        True,
        ["id", "type", "license"],
        2382,
    ),
]

# workbook, default sheet, all sheets, first columns of the default sheet, its data rows
WORKBOOKS = [
    (
        MOSQUITO / "source" / "raw-excel" / "Larval-sampling-by-subsite-and -site-298 ok.xlsx",
        "Larval sampling by subsite and ",
        ["Larval sampling by subsite and "],
        ["Site Code", "Subsite Code", "Breeding Site Code", "Sampling Code"],
        298,
    ),
    (
        MOSQUITO / "source" / "raw-excel" / "OvitrapsOccurrences-41.xlsx",
        "OvitrapsOccurrences 41 ok",
        ["OvitrapsOccurrences 41 ok"],
        ["Tube number", "Identification ovitraps_Sampling Code"],
        41,
    ),
    (
        FORMICA / "source" / "raw-excel" / "Vegetation survey_version38.xlsx",
        "Tree",
        ["Tree", "Shrub", "Herb", "Digitalization info", "Plot characteristics"],
        ["Occurrence_id", "Code", "Region", "Elevation"],
        404,
    ),
    (
        DATASETS / "occurrence" / "modirisk-monitoring-2" / "source" / "MODIRISK_Form2.xlsx",
        "FORM_2",
        ["FORM_2", "metadata", "Form2withoutvalidation"],
        ["locationid", "id_all", "corinecategory"],
        2644,
    ),
    # The IPT templates: the header is on row 1, no instruction rows above or below it.
    (
        TEMPLATES / "event_ipt_template_v3.2.xlsx",
        "Sampling Events",
        ["Sampling Events", "Associated Occurrences", "README"],
        ["type", "eventID", "eventDate", "samplingProtocol"],
        0,
    ),
    (
        TEMPLATES / "event_ipt_template_v3.2_example_data.xlsx",
        "Sampling Events",
        ["Sampling Events", "Associated Occurrences", "README"],
        ["type", "eventID", "eventDate", "samplingProtocol"],
        3,
    ),
    (
        TEMPLATES / "occurrence_ipt_template_v2.3.xlsx",
        "Occurrences",
        ["Occurrences", "README"],
        ["occurrenceID", "basisOfRecord", "scientificName"],
        0,
    ),
    (
        TEMPLATES / "occurrence_ipt_template_v2.3_example_data.xlsx",
        "Occurrences",
        ["Occurrences", "README"],
        ["occurrenceID", "basisOfRecord", "scientificName"],
        3,
    ),
]


def _id(case) -> str:
    return Path(case[0]).name if not isinstance(case[0], str) else case[0]


def csv_count(path: Path, encoding: str, delimiter: str, quotechar: str | None) -> int:
    """Records with a value, counted by the csv module directly (header included)."""
    kwargs = {"quoting": csv.QUOTE_NONE} if quotechar is None else {"quotechar": quotechar}
    with path.open(encoding=encoding, newline="") as f:
        return sum(1 for r in csv.reader(f, delimiter=delimiter, **kwargs) if any(r))


def test_every_tabular_file_of_the_datasets_is_covered():
    covered = {str(case[0]) for case in TEXT_FILES} | {str(case[0]) for case in WORKBOOKS}
    found = {str(p) for p in DATASETS.rglob("*") if p.suffix in (".txt", ".csv", ".xlsx")}
    assert found == covered
    zips = {case[0] for case in ZIP_MEMBERS}
    assert {str(p.relative_to(DATASETS)) for p in DATASETS.rglob("*.zip")} == zips


@pytest.mark.parametrize("case", TEXT_FILES, ids=_id)
def test_text_file_is_sniffed_and_read_with_its_real_dialect(case):
    path, encoding, delimiter, quotechar, header, first_columns, rows = case
    sniffed = sniff(path, path.name)
    options = sniffed.spec.text
    assert sniffed.spec.format == "csv"
    assert (options.encoding, options.delimiter, options.quotechar, options.header) == (
        encoding,
        delimiter,
        quotechar,
        header,
    )
    assert options.skip_lines == 0
    assert (sniffed.bom, sniffed.line_ending) == (False, "\n")
    analysis = analyse(open_table(path, sniffed.spec))
    assert analysis.columns[: len(first_columns)] == first_columns
    assert analysis.row_count == rows
    assert csv_count(path, encoding, delimiter, quotechar) == rows + 1


@pytest.mark.parametrize(
    "case", [c for c in TEXT_FILES if "synthetic-ala" not in str(c[0])], ids=_id
)
def test_text_file_has_no_structural_problems(case):
    path = case[0]
    analysis = analyse(open_table(path, sniff(path, path.name).spec))
    assert analysis.problems == []
    assert all(count <= analysis.row_count for count in analysis.non_empty)


def _rows(path: Path) -> list:
    return list(open_table(path, sniff(path, path.name).spec).rows())


def test_access_exports_decode_windows_1252_letters():
    site_names = [r.values[2] for r in _rows(ACCESS / "Site Form.txt")]
    assert "PIF Liège – Bierset, SAB SA" in site_names
    header = open_table(
        ACCESS / "Sampling MMLP.txt", sniff(ACCESS / "Sampling MMLP.txt", "Sampling MMLP.txt").spec
    ).columns
    assert "Max Temp (°C)" in header
    remarks = [r.values[-1] for r in _rows(ACCESS / "Larval Sampling.txt")]
    assert any("m²" in remark for remark in remarks)


def test_access_exports_keep_decimal_commas_and_datetimes_as_text():
    first = _rows(ACCESS / "Larval Sampling.txt")[0]
    assert first.line == 2
    assert first.values[:7] == (
        "3RL001Sep",
        "NA",
        "3R",
        "3RL001",
        "drain channel",
        "2012/9/12 0:00:00",
        "5,00",
    )


def test_subsite_form_records_spanning_lines_keep_their_starting_line():
    rows = _rows(ACCESS / "Subsite Form.txt")
    physical = (ACCESS / "Subsite Form.txt").read_bytes().count(b"\n")
    assert (len(rows), physical) == (56, 60)
    multi_line = [r for r in rows if any("\n" in v for v in r.values)]
    assert multi_line
    assert rows[0].line == 2
    for row, following in zip(rows, rows[1:], strict=False):
        breaks = sum(v.count("\n") for v in row.values)
        assert following.line == row.line + 1 + breaks
    assert rows[-1].line + sum(v.count("\n") for v in rows[-1].values) == physical


def test_sib_aves_literal_quotes_stay_in_unenclosed_fields():
    path = DATASETS / "event" / "sib-aves-humedales-bogota" / "event.txt"
    spec = sniff(path, path.name).spec
    assert spec.text.quotechar is None  # as its meta.xml says: fieldsEnclosedBy=""
    values = [v for r in open_table(path, spec).rows() for v in r.values]
    assert '"4° 36\' 8.74"" N |  74° 12\' 10.1"" W "' in values


def test_column_names_are_kept_as_written_typos_included():
    # Typos of the sources stay visible for mapping: "samplesizeValue", "Latitutde", "Adress".
    assert "samplesizeValue" in _columns(FORMICA / "event.csv")
    assert "Latitutde" in _columns(ACCESS / "Site Form.txt")
    assert "Adress" in _columns(ACCESS / "Subsite Form.txt")


def _columns(path: Path) -> list[str]:
    return open_table(path, sniff(path, path.name).spec).columns


def test_lepidurus_reads_utf8_letters():
    path = DATASETS / "event" / "lepidurus-arcticus-ne-greenland-2013" / "event.txt"
    assert any("ø" in v for r in _rows(path) for v in r.values)


def test_synthetic_ala_event_reports_its_malformed_row_with_the_line():
    path = DATASETS / "event" / "synthetic-ala-event-hierarchy-dr18391" / "event.csv"
    analysis = analyse(open_table(path, sniff(path, path.name).spec))
    assert [(p.code, p.line) for p in analysis.problems] == [("source:ragged", 8)]
    assert "23 values" in analysis.problems[0].message
    assert "22 columns" in analysis.problems[0].message


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = {}
    for zip_name in sorted({case[0] for case in ZIP_MEMBERS}):
        dest = tmp_path_factory.mktemp("unpacked")
        files = unpack(DATASETS / zip_name, Path(zip_name).name, dest, max_total_bytes=50_000_000)
        out[zip_name] = {f.name: f for f in files}
    return out


def test_zips_unpack_to_their_data_and_metadata_files(unpacked):
    nsbs = unpacked["event/nsbs-north-sea-benthos-survey/dwca-nsbs-v1.6.zip"]
    assert sorted(nsbs) == [
        "eml.xml",
        "event.txt",
        "extendedmeasurementorfact.txt",
        "meta.xml",
        "occurrence.txt",
    ]


@pytest.mark.parametrize("case", ZIP_MEMBERS, ids=lambda c: "%s:%s" % (Path(c[0]).name, c[1]))
def test_zip_member_is_sniffed_and_read(unpacked, case):
    zip_name, member, header, first_columns, rows = case
    path = unpacked[zip_name][member]
    sniffed = sniff(path, member)
    options = sniffed.spec.text
    assert (options.encoding, options.delimiter, options.quotechar, options.header) == (
        "utf-8",
        "\t",
        None,
        header,
    )
    analysis = analyse(open_table(path, sniffed.spec))
    assert analysis.columns[: len(first_columns)] == first_columns
    assert analysis.row_count == rows
    assert analysis.problems == []
    assert csv_count(path, "utf-8", "\t", None) == rows + header


def test_mgnify_json_keeps_its_doubled_quotes_unenclosed(unpacked):
    path = unpacked["event/mgnify-MGYS00002488/MGYS00002488.zip"]["event.txt"]
    first = next(open_table(path, sniff(path, "event.txt").spec).rows())
    assert first.line == 1
    assert first.values[9].startswith('"{""investigation type"":""miens-survey""')


@pytest.mark.parametrize("case", WORKBOOKS, ids=_id)
def test_workbook_is_sniffed_and_its_default_sheet_read(case):
    path, sheet, sheets, first_columns, rows = case
    sniffed = sniff(path, path.name)
    assert sniffed.spec.format == "xlsx"
    assert (sniffed.spec.sheet, sniffed.sheets) == (sheet, sheets)
    assert (sniffed.spec.text.header, sniffed.spec.text.skip_lines) == (True, 0)
    assert list_sheets(path, "xlsx") == sheets
    analysis = analyse(open_table(path, sniffed.spec))
    assert analysis.columns[: len(first_columns)] == first_columns
    assert analysis.row_count == rows
    assert xlsx_rows_with_values(path, sheet) == rows + 1
    assert analysis.problems == []


@pytest.mark.parametrize("case", WORKBOOKS, ids=_id)
def test_every_sheet_reads_as_many_rows_as_its_xml_holds(case):
    path, sheets = case[0], case[2]
    for sheet in sheets:
        spec = FileSpec("xlsx", sheet=sheet)
        rows = list(open_table(path, spec).rows())
        assert len(rows) + 1 == xlsx_rows_with_values(path, sheet), sheet
        assert [r.line for r in rows] == sorted({r.line for r in rows})


def test_formica_workbook_sheets_have_their_own_columns():
    path = FORMICA / "source" / "raw-excel" / "Vegetation survey_version38.xlsx"
    herb = open_table(path, FileSpec("xlsx", sheet="Herb"))
    assert herb.columns[:4] == ["Occurrence_id", "Code", "Date", "Region"]
    first = next(herb.rows())
    assert (first.line, first.values[2]) == (2, "2018-05-31")
    plots = open_table(path, FileSpec("xlsx", sheet="Plot characteristics"))
    assert next(plots.rows()).values[:3] == ("BELOT1P1", "50.7696403", "3.7534763")
    tree = next(open_table(path, FileSpec("xlsx", sheet="Tree")).rows())
    assert tree.values[7] == "7"  # 7.0 in the cell


def test_example_template_dates_and_numbers_read_as_text():
    path = TEMPLATES / "event_ipt_template_v3.2_example_data.xlsx"
    first = next(open_table(path, FileSpec("xlsx", sheet="Sampling Events")).rows())
    assert first.values[:8] == (
        "Event",
        "994-tr009-s00",
        "2012-10-11",
        "Pollard walks",
        "250",
        "square metre",
        "IL",
        "994",
    )
