"""Spreadsheets: cells as text (ISO dates, plain numbers, booleans), real sheet row numbers,
sheet choice, headers and skipped rows, for xlsx, xlsm, ods and xls."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from resources.sources import (
    FileSpec,
    Row,
    SourceError,
    TextOptions,
    analyse,
    detect_format,
    list_sheets,
    open_table,
    sniff,
)
from resources.sources.cells import cell_text, number_text
from tests.resources.sources.workbooks import write_ods, write_xlsx

FILES = Path(__file__).parent / "files"
EVENTS = [
    ["eventID", "eventDate", "eventTime", "count", "depth", "present"],
    ["e1", date(2012, 8, 7), datetime(2012, 8, 7, 14, 30), 42.0, 1e5, True],
    ["e2", date(2013, 1, 31), datetime(2013, 1, 31, 0, 0, 5), 3, 1.5e-7, False],
    ["e3", None, None, -0.25, 1.23456789012, None],
]
EXPECTED = [
    ("e1", "2012-08-07", "2012-08-07T14:30:00", "42", "100000", "true"),
    ("e2", "2013-01-31", "2013-01-31T00:00:05", "3", "0.00000015", "false"),
    ("e3", "", "", "-0.25", "1.23456789012", ""),
]


@pytest.mark.parametrize("macro, fmt", [(False, "xlsx"), (True, "xlsm")])
def test_xlsx_cells_read_as_text(tmp_path, macro, fmt):
    path = write_xlsx(tmp_path / ("events." + fmt), {"Events": EVENTS}, macro=macro)
    assert detect_format(path, path.name) == fmt
    sniffed = sniff(path, path.name)
    assert (sniffed.spec.format, sniffed.spec.sheet, sniffed.spec.text.header) == (
        fmt,
        "Events",
        True,
    )
    table = open_table(path, sniffed.spec)
    assert table.columns == EVENTS[0]
    assert [r.values for r in table.rows()] == EXPECTED
    assert [r.line for r in table.rows()] == [2, 3, 4]


def test_ods_cells_read_as_text(tmp_path):
    path = write_ods(tmp_path / "events.ods", {"Events": EVENTS})
    assert detect_format(path, "events.ods") == "ods"
    table = open_table(path, sniff(path, path.name).spec)
    assert table.columns == EVENTS[0]
    assert [r.values for r in table.rows()] == EXPECTED


def test_xls_reads_cells_and_its_title_row_is_skipped():
    # files/sampling.xls: written with xlwt 1.3 (BIFF8) in a scratch venv outside the project;
    # A1 holds a title, the header is on row 3.
    path = FILES / "sampling.xls"
    assert detect_format(path, path.name) == "xls"
    sniffed = sniff(path, path.name)
    assert sniffed.sheets == ["Sampling", "Empty"]
    assert (sniffed.spec.sheet, sniffed.spec.text.skip_lines, sniffed.spec.text.header) == (
        "Sampling",
        1,
        True,
    )
    table = open_table(path, sniffed.spec)
    assert table.columns == [
        "eventID",
        "eventDate",
        "eventTime",
        "count",
        "depth",
        "present",
        "remarks",
    ]
    assert list(table.rows()) == [
        Row(
            4,
            ("e1", "2012-08-07", "2012-08-07T14:30:00", "42", "0.00000015", "true", "Liège – 5 °C"),
        ),
        Row(5, ("e2", "", "", "100000", "-2.25", "false", "")),
    ]


def test_rows_carry_real_sheet_row_numbers_when_data_starts_lower(tmp_path):
    rows = [["id", "name"], ["1", "a"], [None, None], ["2", "b"], [None, None], [None, None]]
    path = write_xlsx(tmp_path / "offset.xlsx", {"S": rows}, first_row=5, first_col=2)
    table = open_table(path, FileSpec("xlsx"))
    assert table.columns == ["id", "name"]
    # Empty rows are skipped, inside the data as well as trailing; numbers stay real.
    assert list(table.rows()) == [Row(6, ("1", "a")), Row(8, ("2", "b"))]


def test_header_false_names_columns_and_keeps_the_first_row(tmp_path):
    path = write_xlsx(
        tmp_path / "nohead.xlsx", {"S": [[1, "a", date(2020, 1, 2)], [2, "b", date(2020, 1, 3)]]}
    )
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.header is False
    table = open_table(path, sniffed.spec)
    assert table.columns == ["column_1", "column_2", "column_3"]
    assert list(table.rows())[0] == Row(1, ("1", "a", "2020-01-02"))


def test_skip_lines_skips_sheet_rows_before_the_header(tmp_path):
    rows = [["Survey 2012"], ["exported 2013-01-01"], ["id", "name"], ["1", "a"]]
    path = write_xlsx(tmp_path / "title.xlsx", {"S": rows})
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.skip_lines == 2
    table = open_table(path, FileSpec("xlsx", TextOptions(skip_lines=2)))
    assert (table.columns, list(table.rows())) == (["id", "name"], [Row(4, ("1", "a"))])


def test_first_sheet_with_data_is_the_default_and_any_sheet_can_be_chosen(tmp_path):
    path = write_xlsx(
        tmp_path / "multi.xlsx",
        {
            "Notes": [],
            "Events": [["eventID"], ["e1"]],
            "Occurrences": [["occurrenceID"], ["o1"], ["o2"]],
        },
    )
    assert list_sheets(path, "xlsx") == ["Notes", "Events", "Occurrences"]
    assert list_sheets(path, "csv") == []
    sniffed = sniff(path, path.name)
    assert (sniffed.spec.sheet, sniffed.sheets) == ("Events", ["Notes", "Events", "Occurrences"])
    occurrences = open_table(path, FileSpec("xlsx", sheet="Occurrences"))
    assert analyse(occurrences).row_count == 2


def test_values_beyond_the_header_make_a_longer_row_and_short_rows_are_padded(tmp_path):
    rows = [["id", "name", None], ["1", None, None], ["2", "b", "stray"]]
    path = write_xlsx(tmp_path / "stray.xlsx", {"S": rows})
    table = open_table(path, FileSpec("xlsx"))
    assert table.columns == ["id", "name"]
    assert [r.values for r in table.rows()] == [("1", ""), ("2", "b", "stray")]
    analysis = analyse(table)
    assert [(p.code, p.line) for p in analysis.problems] == [("source:ragged", 3)]


def test_empty_workbook_is_empty(tmp_path):
    path = write_xlsx(tmp_path / "empty.xlsx", {"S": []})
    assert sniff(path, path.name).spec.sheet is None
    with pytest.raises(SourceError) as info:
        open_table(path, FileSpec("xlsx"))
    assert info.value.code == "source:empty"


def _rewrite(source: Path, target: Path, replacements: dict[str, str]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            text = src.read(name).decode()
            for old, new in replacements.items():
                text = text.replace(old, new)
            out.writestr(name, text)
    return target


def test_strict_open_xml_workbook_is_read(tmp_path):
    # The IPT cannot read "Strict Open XML Spreadsheet" files (gbif/ipt#1772).
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Events": EVENTS})
    strict = _rewrite(
        plain,
        tmp_path / "strict.xlsx",
        {
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "http://purl.oclc.org/ooxml/officeDocument/relationships",
        },
    )
    table = open_table(strict, sniff(strict, strict.name).spec)
    assert [r.values for r in table.rows()] == EXPECTED


def test_broken_sheet_xml_is_a_format_error_naming_the_file(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Events": EVENTS})
    broken = _rewrite(plain, tmp_path / "broken.xlsx", {"</sheetData>": "</sheetDat>"})
    with pytest.raises(SourceError) as info:
        open_table(broken, FileSpec("xlsx"), filename="Events 2012.xlsx")
    assert (info.value.code, info.value.file) == ("source:format", "Events 2012.xlsx")
    assert "save it again as an Excel Workbook (.xlsx)" in info.value.message


@pytest.mark.parametrize(
    "value, text",
    [
        (42.0, "42"),
        (1e5, "100000"),
        (1.5e-7, "0.00000015"),
        (1e22, "10000000000000000000000"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (50.5441856384277, "50.5441856384277"),
        (7, "7"),
        (1.25e-12, "0.00000000000125"),
        (123456789.125, "123456789.125"),
    ],
)
def test_numbers_never_use_exponents_or_trailing_zeros(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        ("", ""),
        ("  spaced ", "  spaced "),
        (True, "true"),
        (False, "false"),
        (date(2012, 8, 7), "2012-08-07"),
        (datetime(2012, 8, 7, 14, 30), "2012-08-07T14:30:00"),
        (datetime(2012, 8, 7, 14, 29, 59, 999_000), "2012-08-07T14:30:00"),
        (time(6, 5), "06:05:00"),
        (timedelta(hours=36, minutes=5), "36:05:00"),
    ],
)
def test_other_cell_values(value, text):
    assert cell_text(value) == text


def test_not_a_number_stays_readable():
    assert number_text(float("nan")) == "nan"
