"""Bad input gets a clear SourceError: a stable code, the file, the line when known, and a
message saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.sources import (
    FileSpec,
    Row,
    SourceError,
    TextOptions,
    analyse,
    detect_format,
    open_table,
    sniff,
)
from resources.sources.reader import FIELD_LIMIT, LINE_LIMIT

FILES = Path(__file__).parent / "files"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def text_spec(**options) -> FileSpec:
    options.setdefault("encoding", "utf-8")
    return FileSpec("csv", TextOptions(**options))


def test_empty_file_is_refused_by_detection_sniffing_and_reading(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b"")
    for call in (
        lambda: detect_format(path, "events.csv"),
        lambda: sniff(path, "events.csv"),
        lambda: open_table(path, text_spec()),
    ):
        with pytest.raises(SourceError) as info:
            call()
        assert info.value.code == "source:empty"
        assert str(info.value).startswith("events.csv: ")
    assert "Upload the file again" in sniff_error(path).message


def sniff_error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        sniff(path, path.name)
    return info.value


def test_file_of_blank_lines_is_empty(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\r\n  \n")
    error = sniff_error(path)
    assert (error.code, error.file) == ("source:empty", "blank.csv")


def test_png_renamed_csv_is_named_as_an_image(tmp_path):
    path = tmp_path / "occurrences.csv"
    path.write_bytes(PNG + bytes(range(256)))
    error = sniff_error(path)
    assert error.code == "source:format"
    assert str(error).startswith("occurrences.csv: The file looks like a PNG image")
    assert "Upload the data as delimited text" in error.message


@pytest.mark.parametrize(
    "head, what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"\x00\x01\x00\x00Standard Jet DB\x00", "a Microsoft Access database"),
        (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
        (b"ab\x00\x01\x02\x03\xfe\x00\x00\x07" * 10, "a binary file"),
    ],
)
def test_other_binaries_are_named(tmp_path, head, what):
    path = tmp_path / "data.txt"
    path.write_bytes(head)
    assert what in sniff_error(path).message


def _latin_file(tmp_path: Path, bad_line: int) -> Path:
    """UTF-8 text whose line ``bad_line`` holds "Liège" in Windows-1252 (byte 0xE8)."""
    lines = ["id,locality\n"] + ["%d,Gent\n" % i for i in range(2, bad_line)]
    path = tmp_path / "sites.csv"
    path.write_bytes("".join(lines).encode() + b"%d,Li\xe8ge\n" % bad_line + b"99,Namur\n")
    return path


def test_undecodable_byte_in_forced_utf8_names_line_column_and_encoding(tmp_path):
    path = _latin_file(tmp_path, 3)
    assert sniff(path, path.name).spec.text.encoding == "cp1252"
    rows = open_table(path, text_spec()).rows()
    assert next(rows) == Row(2, ("2", "Gent"))  # rows before the bad line are read
    with pytest.raises(SourceError) as info:
        next(rows)
    error = info.value
    assert (error.code, error.line, error.column) == ("source:encoding", 3, 5)
    assert str(error).startswith("sites.csv, line 3, column 5: The file cannot be read as UTF-8")
    assert "byte 0xE8" in error.message
    assert "Windows-1252 (cp1252)" in error.message


def test_undecodable_byte_far_past_the_sniff_sample_is_still_found(tmp_path):
    path = _latin_file(tmp_path, 80_000)  # about 1 MB of ASCII before the bad byte
    sniffed = sniff(path, path.name)
    assert sniffed.spec.text.encoding == "cp1252"
    rows = list(open_table(path, sniffed.spec).rows())
    assert rows[-2].values == ("80000", "Liège")
    with pytest.raises(SourceError) as info:
        analyse(open_table(path, text_spec()))
    assert (info.value.code, info.value.line) == ("source:encoding", 80_000)


def test_undecodable_header_fails_when_opening(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(b"id,temp \xb0C\n1,5\n")
    with pytest.raises(SourceError) as info:
        open_table(path, text_spec())
    assert (info.value.code, info.value.line, info.value.column) == ("source:encoding", 1, 9)


def test_unknown_encoding_name_is_a_user_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n")
    with pytest.raises(SourceError) as info:
        open_table(path, FileSpec("csv", TextOptions(encoding="klingon-8")))
    assert info.value.code == "source:encoding"
    assert "Unknown encoding 'klingon-8'" in info.value.message


def test_ragged_rows_are_problems_with_their_lines(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text('id,date,count\n1,2020-01-01,3\n2,2020-01-02\n3,"a\nb",4,5\n4,x,1\n')
    analysis = analyse(open_table(path, sniff(path, path.name).spec))
    assert analysis.row_count == 4
    assert [(p.code, p.line) for p in analysis.problems] == [
        ("source:ragged", 3),
        ("source:ragged", 4),
    ]
    assert "has 2 values where the header has 3 columns" in analysis.problems[0].message
    assert "has 4 values where the header has 3 columns" in analysis.problems[1].message
    assert analysis.non_empty == [4, 4, 3]


def test_problems_beyond_the_limit_are_counted_not_listed(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n" + "1\n" * 250)
    analysis = analyse(open_table(path, text_spec()), max_problems=100)
    assert (len(analysis.problems), analysis.truncated_problems) == (100, 150)
    assert analysis.problems[-1].line == 101


def test_empty_and_duplicate_column_names_are_problems(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("id,,name,name\n1,2,3,4\n")
    problems = analyse(open_table(path, text_spec())).problems
    assert [(p.code, p.column) for p in problems] == [
        ("source:header-empty", "column 2"),
        ("source:header-duplicate", "name"),
    ]
    assert "is used 2 times" in problems[1].message


def test_twenty_megabyte_line_of_many_fields_is_read(tmp_path):
    path = tmp_path / "wide.csv"
    field = "x" * 1000
    path.write_text(",".join([field] * 20_000) + "\n")  # 20 MB, one line, no header
    table = open_table(path, text_spec(header=False))
    (row,) = list(table.rows())
    assert (row.line, len(row.values), len(table.columns)) == (1, 20_000, 20_000)


def test_twenty_megabyte_field_is_too_large_with_its_line(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w") as f:
        f.write("id,remarks\n1,short\n2,")
        f.write("y" * (20 * 1024 * 1024))
        f.write("\n3,short\n")
    rows = open_table(path, text_spec()).rows()
    assert next(rows).values == ("1", "short")
    with pytest.raises(SourceError) as info:
        next(rows)
    error = info.value
    assert (error.code, error.line) == ("source:too-large", 3)
    assert "larger than %d MB" % (FIELD_LIMIT >> 20) in error.message
    assert "a quote is not closed" in error.message


def test_unclosed_quote_swallowing_the_file_is_too_large(tmp_path):
    path = tmp_path / "unclosed.csv"
    with path.open("w") as f:
        f.write('id,remarks\n1,"never closed\n')
        for i in range(400_000):
            f.write("%d,some text that the open quote takes in\n" % i)
    with pytest.raises(SourceError) as info:
        analyse(open_table(path, text_spec()))
    assert (info.value.code, info.value.line) == ("source:too-large", 2)


def test_line_longer_than_the_limit_is_refused_before_it_fills_memory(tmp_path):
    path = tmp_path / "one-line.txt"
    with path.open("w") as f:
        for _ in range(LINE_LIMIT // (1 << 20) + 1):
            f.write("z," * (1 << 19))
    with pytest.raises(SourceError) as info:
        open_table(path, text_spec())
    assert (info.value.code, info.value.line) == ("source:too-large", 1)
    assert "longer than 32 MB without a line break" in info.value.message


def test_password_protected_xlsx_is_encrypted_for_detection_sniffing_and_reading():
    # files/password-protected.xlsx: a one-sheet workbook written with openpyxl and encrypted
    # with msoffcrypto-tool 6.1 (password "secret"), both in a scratch venv outside the
    # project. Office stores it as an OLE2 compound file with EncryptionInfo and
    # EncryptedPackage streams.
    path = FILES / "password-protected.xlsx"
    errors = []
    for call in (
        lambda: detect_format(path, path.name),
        lambda: sniff(path, path.name),
        lambda: open_table(path, FileSpec("xlsx")),
    ):
        with pytest.raises(SourceError) as info:
            call()
        errors.append(info.value)
    assert {e.code for e in errors} == {"source:encrypted"}
    assert "remove the password" in errors[0].message
    assert "upload it again" in errors[0].message


def test_damaged_compound_file_is_a_format_error(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    error = sniff_error(path)
    assert error.code == "source:format"
    assert "damaged" in error.message


def test_damaged_zip_is_a_format_error(tmp_path):
    path = tmp_path / "events.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 50)
    error = sniff_error(path)
    assert (error.code, error.file) == ("source:format", "events.xlsx")
    assert "damaged or incomplete" in error.message


def test_missing_sheet_names_the_sheets_there_are():
    with pytest.raises(SourceError) as info:
        open_table(FILES / "sampling.xls", FileSpec("xls", sheet="Events"))
    assert info.value.code == "source:format"
    assert "no sheet 'Events'; its sheets are: Sampling, Empty" in info.value.message


def test_skipping_past_the_end_is_empty(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SourceError) as info:
        open_table(path, text_spec(skip_lines=5))
    assert info.value.code == "source:empty"


def test_unsupported_format_name_is_refused(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("{}")
    with pytest.raises(SourceError) as info:
        open_table(path, FileSpec("json"))
    assert info.value.code == "source:format"


def test_undecodable_byte_in_a_skipped_line_names_that_line(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_bytes(b"Export\nSites \xe0 Li\xe8ge\nid,name\n1,a\n")
    with pytest.raises(SourceError) as info:
        open_table(path, text_spec(skip_lines=2))
    assert (info.value.code, info.value.line, info.value.column) == ("source:encoding", 2, 7)
    assert "byte 0xE0" in info.value.message


def test_broken_utf16_is_an_encoding_error_without_a_guessed_line(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("a\tb\n1\t2\n".encode("utf-16-le") + b"\x00\xdc" + "x\n".encode("utf-16-le"))
    with pytest.raises(SourceError) as info:
        analyse(open_table(path, text_spec(encoding="utf-16-le", delimiter="\t")))
    error = info.value
    assert (error.code, error.line) == ("source:encoding", None)
    assert str(error).startswith("export.txt: The file cannot be read as UTF-16 LE")
    assert "damaged or cut short" in error.message
